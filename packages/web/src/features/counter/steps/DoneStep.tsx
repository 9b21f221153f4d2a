import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import type { Visit } from '../../../api/counter';
import { Alert } from '../../../components/Alert';
import { Button, buttonClasses } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { Table } from '../../../components/Table';
import { inputClass } from '../QuestionField';
import type { StepProps } from '../VisitPage';

function GuideSheet({ visit }: { visit: Visit }) {
  const api = useApi();
  const url = api.counter.guideSheetUrl(visit.id);
  // Made by a job right after completion: asked again every second until it is there.
  const ready = useQuery({
    queryKey: ['guide-sheet', visit.id],
    queryFn: async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error('pending');
      return true;
    },
    retry: 30,
    retryDelay: 1000,
    refetchOnWindowFocus: false,
  });
  if (ready.isPending) return <Loading label="手続き案内書を作成しています…" />;
  if (ready.isError) return <Alert variant="warning" title="手続き案内書を作成できていません">しばらく待ってから画面を読み込み直してください。続くときは受付箱の処理状況を確かめてください。</Alert>;
  return (
    <div className="flex flex-col gap-3">
      <iframe title="手続き案内書（PDF）" src={url} className="h-[60vh] min-h-[28rem] w-full rounded-8 border border-solid-gray-300" />
      <a href={url} target="_blank" rel="noreferrer" className={buttonClasses('primary', 'md', 'self-start min-h-14')}>手続き案内書を印刷する</a>
    </div>
  );
}

function Correction({ visit }: { visit: Visit }) {
  const api = useApi();
  const people = visit.result?.people ?? [];
  const [open, setOpen] = useState(false);
  const [residentId, setResidentId] = useState(people[0]?.residentId ?? '');
  const [field, setField] = useState<'familyNameKana' | 'givenNameKana' | 'familyName' | 'givenName' | 'birthDate'>('givenNameKana');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!open) return <Button variant="secondary" className="self-start" onClick={() => setOpen(true)}>訂正の届出（完了した異動を直す）</Button>;
  const labels = { familyName: '氏', givenName: '名', familyNameKana: '氏のふりがな', givenNameKana: '名のふりがな', birthDate: '生年月日（YYYY-MM-DD）' } as const;
  return (
    <div className="flex flex-col gap-3 rounded-12 border-2 border-key-900 p-4">
      <p className="text-std-16N-170">完了した異動は書き換えません。訂正は新しい異動（訂正）として記録され、住民記録の履歴に前後の内容が残ります。</p>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">訂正する人</span>
          <select className="min-h-14 rounded-8 border border-solid-gray-600 px-3" value={residentId} onChange={(e) => setResidentId(e.target.value)}>
            {people.map((p) => <option key={p.residentId} value={p.residentId}>{p.name}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">直す項目</span>
          <select className="min-h-14 rounded-8 border border-solid-gray-600 px-3" value={field} onChange={(e) => setField(e.target.value as typeof field)}>
            {Object.entries(labels).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">正しい内容</span><input className={inputClass()} value={value} onChange={(e) => setValue(e.target.value)} /></label>
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">訂正の理由</span><input className={inputClass()} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="例: ふりがなの誤り" /></label>
      </div>
      {done ? <Alert variant="success" title="訂正しました">住民記録の履歴に「職権修正」として記録しました。</Alert> : null}
      {error ? <ErrorAlert error={error} title="訂正できませんでした" /> : null}
      <Button className="self-start" onClick={async () => {
        setError(null);
        try {
          await api.counter.correct(visit.id, { residentId, effectiveDate: visit.result?.eventDate ?? '', reason, change: { [field]: value } });
          setDone(true);
        } catch (e) {
          setError(e);
        }
      }}>訂正を記録する</Button>
    </div>
  );
}

/** 完了: receipt numbers, where each procedure went, and the 手続き案内書 for what is left. */
export function DoneStep({ draft }: StepProps) {
  const api = useApi();
  const navigate = useNavigate();
  const { visit } = draft;
  const [error, setError] = useState<unknown>(null);
  if (visit.status !== 'completed' || !visit.result) {
    return <Alert variant="info" title="まだ完了していません">署名の画面で「受付を完了する」を押してください。</Alert>;
  }
  const result = visit.result;
  const next = async () => {
    try {
      const started = await api.counter.start();
      await navigate({ to: '/counter/visits/$visitId', params: { visitId: started.id } });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="flex flex-col gap-6">
      <Alert variant="success" title="受付が完了しました" focusOnMount>
        {`住民記録を更新し、${result.cases.length}件の手続きを担当課に届けました。受付番号を控えていただき、手続き案内書をお渡しください。`}
      </Alert>
      <section aria-labelledby="cases-heading" className="rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="cases-heading" className="mb-4 text-std-24B-150">受付番号と担当課</h2>
        <Table
          caption="受け付けた手続き"
          captionHidden
          rowKey={(c) => c.caseId}
          rows={result.cases}
          columns={[
            { header: '手続き', cell: (c) => <span className="text-std-18B-160">{c.title}</span> },
            { header: '受付番号', cell: (c) => <span className="font-mono text-std-20B-150">{c.receiptNumber}</span> },
            { header: '担当課', cell: (c) => c.departmentName ?? '—' },
          ]}
        />
        {result.residentIds[0] ? (
          <Link to="/residents/$residentId" params={{ residentId: result.residentIds[0] }} className="mt-4 inline-block text-std-16N-170 text-key-900 underline">住民記録（世帯と異動の履歴）を見る</Link>
        ) : null}
      </section>
      <section aria-labelledby="guide-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="guide-heading" className="text-std-24B-150">手続き案内書</h2>
        <GuideSheet visit={visit} />
      </section>
      <Correction visit={visit} />
      {error ? <ErrorAlert error={error} /> : null}
      <div className="flex justify-end">
        <Button className="min-h-16 px-10 text-std-20B-150" onClick={() => void next()}>次の方の受付を始める</Button>
      </div>
    </div>
  );
}
