import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { TaxiNav, taxiKeys, useProgramme } from './common';
import { dateTimeLabel, taxiApi, yen, type Anomaly, type Programme } from './taxiApi';

/** 要確認: what the city should look at, each with its evidence; a decision or a note closes it. */
export function AnomaliesPage() {
  usePageTitle('電子タクシー券 要確認');
  const { programme, isPending, error } = useProgramme();
  const [reviewed, setReviewed] = useState(false);
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!programme) return <EmptyState title="電子タクシー券の事業がありません" />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="要確認" description="同じカードの短時間の連続利用、上限を超えた乗車、高額な運賃、同期が止まった端末を、証拠とともに表示します。" />
      <TaxiNav />
      <label className="flex items-center gap-3 text-std-17N-170">
        <input type="checkbox" className="size-6" checked={reviewed} onChange={(e) => setReviewed(e.target.checked)} />
        確認済みのものも表示する
      </label>
      <List programme={programme} reviewed={reviewed} />
    </div>
  );
}

const KINDS: { kind: Anomaly['kind']; label: string }[] = [
  { kind: 'exception', label: '上限超過など' },
  { kind: 'sameCard', label: '同じカードの連続利用' },
  { kind: 'unusualFare', label: '高額な運賃' },
  { kind: 'silentTerminal', label: '同期の止まった端末' },
];
const PAGE = 30;

function List({ programme, reviewed }: { programme: Programme; reviewed: boolean }) {
  const from = `${programme.startsOn}T00:00:00+09:00`;
  const to = `${programme.endsOn}T23:59:59+09:00`;
  const q = useQuery({ queryKey: taxiKeys.anomalies(programme.id, reviewed), queryFn: () => taxiApi.anomalies(programme.id, from, to, reviewed) });
  const [chosen, setChosen] = useState<Anomaly['kind'] | null>(null);
  const [shown, setShown] = useState(PAGE);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.data.length === 0) return <EmptyState title="確認が必要なものはありません" />;
  const counts = new Map(KINDS.map((k) => [k.kind, q.data.filter((a) => a.kind === k.kind).length]));
  const kind = chosen ?? KINDS.find((k) => (counts.get(k.kind) ?? 0) > 0)!.kind;
  const items = q.data.filter((a) => a.kind === kind);
  return (
    <div className="flex flex-col gap-4">
      <div role="group" aria-label="種類" className="flex flex-wrap gap-2">
        {KINDS.map((k) => (
          <Button key={k.kind} size="sm" variant={k.kind === kind ? 'primary' : 'secondary'} aria-pressed={k.kind === kind} onClick={() => { setChosen(k.kind); setShown(PAGE); }}>
            {k.label}（{counts.get(k.kind) ?? 0}件）
          </Button>
        ))}
      </div>
      <ul className="flex flex-col gap-4" aria-label="要確認の一覧">
        {items.slice(0, shown).map((a) => <Item key={a.key} anomaly={a} programmeId={programme.id} />)}
      </ul>
      {items.length > shown ? <Button variant="tertiary" onClick={() => setShown(shown + PAGE)}>さらに表示する（残り{items.length - shown}件）</Button> : null}
    </div>
  );
}

function Item({ anomaly: a, programmeId }: { anomaly: Anomaly; programmeId: string }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const done = async () => { setNote(''); await queryClient.invalidateQueries({ queryKey: ['taxi'] }); };
  const review = useMutation({ mutationFn: (status: 'checked' | 'dismissed') => taxiApi.reviewAnomaly(programmeId, a.key, status, note), onSuccess: done });
  const resolve = useMutation({ mutationFn: (decision: 'approved' | 'refused') => taxiApi.resolveRide(a.rides[0]!.rideId, decision, note), onSuccess: done });
  const titleId = `anomaly-${a.key.replace(/[^a-z0-9]/gi, '')}`;
  return (
    <li aria-labelledby={titleId} className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-5">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={a.kind === 'exception' || a.kind === 'sameCard' ? 'notice' : 'neutral'}>{a.label}</Badge>
        {a.review ? <Badge tone="positive">{a.review.status === 'checked' ? '確認済み' : '問題なし'}</Badge> : null}
        <span className="text-dns-14N-130 text-solid-gray-700">{dateTimeLabel(a.at)}</span>
      </div>
      <p id={titleId} className="text-std-18N-160">{a.summary}</p>
      {a.rides.length > 0 ? (
        <Table caption="証拠となる乗車" dense rows={a.rides} rowKey={(r) => r.rideId} columns={[
          { header: '日時', cell: (r) => dateTimeLabel(r.boardedAt) },
          { header: '事業者・車両', cell: (r) => `${r.operatorName} ${r.terminal}` },
          { header: '利用者番号', cell: (r) => r.beneficiaryNumber ?? '—' },
          { header: '運賃', cell: (r) => yen(r.fareYen), className: 'text-right' },
          { header: '助成', cell: (r) => yen(r.subsidyYen), className: 'text-right' },
          { header: '記録', cell: (r) => `${r.offline ? '圏外で記録' : '通信中'}${r.exceptionReason ? `・${r.exceptionReason}` : ''}` },
        ]} />
      ) : null}
      {a.terminal ? <p className="text-std-16N-170">最後の同期：{a.terminal.lastSyncAt ? dateTimeLabel(a.terminal.lastSyncAt) : 'なし'}</p> : null}
      {a.review ? <p className="text-std-16N-170">記録：{a.review.note || '（メモなし）'}</p> : (
        <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
          <TextField label={a.kind === 'exception' ? '判断の理由' : 'メモ（任意）'} value={note} onChange={(e) => setNote(e.target.value)} className="min-w-80" />
          {a.kind === 'exception' ? (
            <>
              <Button type="button" onClick={() => resolve.mutate('approved')} busy={resolve.isPending} disabled={!note.trim()}>助成する</Button>
              <Button type="button" variant="danger" onClick={() => resolve.mutate('refused')} busy={resolve.isPending} disabled={!note.trim()}>助成しない</Button>
            </>
          ) : (
            <>
              <Button type="button" onClick={() => review.mutate('checked')} busy={review.isPending}>確認済みにする</Button>
              <Button type="button" variant="secondary" onClick={() => review.mutate('dismissed')} busy={review.isPending}>問題なし</Button>
            </>
          )}
        </form>
      )}
      {review.error ? <ErrorAlert error={review.error} /> : null}
      {resolve.error ? <ErrorAlert error={resolve.error} /> : null}
    </li>
  );
}
