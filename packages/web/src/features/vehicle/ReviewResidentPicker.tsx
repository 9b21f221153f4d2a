import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';

const PURPOSE = '移動市役所の申請の確認';

/**
 * Which resident a vehicle case is for, chosen from the registry rather than typed: the server's
 * match is shown by name, birth date and address; staff keep it, search for another, or accept the
 * case without linking it to anyone.
 */
export function ReviewResidentPicker({ residentId, onChange }: { residentId: string | null; onChange: (id: string | null) => void }) {
  const api = useApi();
  const [searching, setSearching] = useState(false);
  const [name, setName] = useState('');
  const [birth, setBirth] = useState('');
  const chosen = useQuery({ queryKey: ['resident', residentId, PURPOSE], queryFn: () => api.residents.get(residentId!, PURPOSE), enabled: residentId !== null });
  const search = useMutation({ mutationFn: () => api.residents.search({ q: name, ...(birth ? { birth } : {}), limit: 10, offset: 0 }) });

  return (
    <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4">
      <legend className="px-1 text-std-17B-170">結び付ける住民（受け付けるとき）</legend>
      {residentId === null ? (
        <p className="text-std-16N-170">住民と結び付けずに受け付けます。住民記録で確かめた人がいれば、下で探して選んでください。</p>
      ) : chosen.isPending ? <Loading /> : chosen.error ? <ErrorAlert error={chosen.error} /> : (
        <p className="text-std-17N-170" data-testid="review-resident">
          <strong>{chosen.data.resident.name}</strong>（{chosen.data.resident.kana}）　{chosen.data.resident.birthDateWareki}生　{chosen.data.resident.address}
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        {!searching ? <Button size="sm" variant="secondary" onClick={() => setSearching(true)}>{residentId ? '別の住民を選ぶ' : '住民を探す'}</Button> : null}
        {residentId !== null ? <Button size="sm" variant="tertiary" onClick={() => onChange(null)}>住民と結び付けない</Button> : null}
      </div>
      {searching ? (
        <div className="flex flex-col gap-3">
          <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); if (name.trim()) search.mutate(); }}>
            <TextField label="氏名またはカナ" value={name} onChange={(e) => setName(e.target.value)} className="min-w-64" />
            <TextField label="生年月日（わかれば）" hint="例：昭和16年7月20日" value={birth} onChange={(e) => setBirth(e.target.value)} />
            <Button type="submit" size="sm" variant="secondary" busy={search.isPending} busyLabel="探しています…">探す</Button>
            <Button size="sm" variant="tertiary" onClick={() => setSearching(false)}>やめる</Button>
          </form>
          {search.error ? <ErrorAlert error={search.error} /> : null}
          {search.data ? (
            search.data.items.length === 0 ? <Alert variant="info">該当する住民が見つかりません。氏名の書き方や生年月日を確かめてください。</Alert> : (
              <ul className="flex flex-col gap-2" aria-label="見つかった住民">
                {search.data.items.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-200 p-3">
                    <span className="text-std-16N-170"><strong>{r.name}</strong>（{r.kana}）　{r.birthDateWareki}生　{r.address}</span>
                    <Button size="sm" onClick={() => { onChange(r.id); setSearching(false); }}>この方と結び付ける</Button>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
