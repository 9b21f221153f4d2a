import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { importApi, type ImportRow, type Programme } from './taxiApi';

const MATCH_LABELS: Record<ImportRow['match'], string> = { matched: '住民記録と一致', doubtful: '確認が必要', unmatched: '住民記録に見つからない', invalid: '読み取れない行' };

/**
 * 紙のタクシー券からの移行: the old holders' list as CSV. Exact, eligible matches become beneficiaries at
 * once; the rest is listed here with the residents the registry suggests, for staff to decide.
 */
export function ImportSection({ programme }: { programme: Programme }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const upload = useMutation({ mutationFn: () => importApi.upload(programme.id, file!), onSuccess: async (r) => { setImportId(r.importId); await queryClient.invalidateQueries({ queryKey: ['taxi'] }); } });
  const rows = useQuery({ queryKey: ['taxi', 'import', importId], queryFn: () => importApi.get(importId!), enabled: importId !== null });
  const decide = useMutation({
    mutationFn: (v: { rowNo: number; decision: 'import' | 'skip'; residentId: string | null }) => importApi.decide(importId!, v.rowNo, v.decision, v.residentId),
    onSuccess: async (r) => { queryClient.setQueryData(['taxi', 'import', importId], r); await queryClient.invalidateQueries({ queryKey: ['taxi', 'beneficiaries'] }); },
  });
  const open = rows.data?.rows.filter((r) => r.decision === 'pending') ?? [];
  return (
    <Section title="紙のタクシー券の利用者を取り込む（CSV）">
      <div className="flex flex-col gap-4">
        <p className="text-std-16N-170">列：氏名、フリガナ、生年月日（和暦も可）、住所、対象区分、券番号。UTF-8・Shift_JISのどちらでも読めます。住民記録と確実に一致し要件を満たす方はすぐに登録し、それ以外はこの下で確認します。</p>
        <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); upload.mutate(); }}>
          <label className="flex flex-col gap-1 text-std-16B-170">
            CSVファイル
            <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-std-16N-170" />
          </label>
          <Button type="submit" variant="secondary" disabled={!file} busy={upload.isPending} busyLabel="取り込んでいます…">取り込む</Button>
        </form>
        {upload.error ? <ErrorAlert error={upload.error} /> : null}
        {upload.data ? (
          <Alert variant="info" title={`${upload.data.rows}行を読みました（${upload.data.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}）`}>
            登録 {upload.data.imported}人、確認が必要 {upload.data.doubtful}人、見つからない {upload.data.unmatched}人、読み取れない行 {upload.data.invalid}、要件の確認が必要 {upload.data.notEligible}人
          </Alert>
        ) : null}
        {open.length > 0 ? (
          <ul className="flex flex-col gap-3" aria-label="確認が必要な行">
            {open.map((r) => (
              <li key={r.rowNo} className="flex flex-col gap-2 rounded-8 border border-solid-gray-200 p-3">
                <p className="text-std-17B-170">{r.rowNo}行目：{r.data.name}（{r.data.kana}）{r.data.birthText}生　{r.data.category}　<span className="text-std-16N-170 text-solid-gray-700">{MATCH_LABELS[r.match]}{r.note ? `・${r.note}` : ''}</span></p>
                {r.candidates.map((c) => (
                  <div key={c.residentId} className="flex flex-wrap items-center gap-3">
                    <span className="text-std-16N-170">候補：{c.name}（{c.kana}）{c.birthDate}　{c.address}</span>
                    <Button size="sm" onClick={() => decide.mutate({ rowNo: r.rowNo, decision: 'import', residentId: c.residentId })} busy={decide.isPending}>この住民で登録</Button>
                  </div>
                ))}
                <div><Button size="sm" variant="tertiary" onClick={() => decide.mutate({ rowNo: r.rowNo, decision: 'skip', residentId: null })}>登録しない</Button></div>
              </li>
            ))}
          </ul>
        ) : null}
        {decide.error ? <ErrorAlert error={decide.error} /> : null}
      </div>
    </Section>
  );
}
