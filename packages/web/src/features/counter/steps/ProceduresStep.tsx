import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import type { Proposal } from '../../../api/counter';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import type { StepProps } from '../VisitPage';

/** The 住民異動届 is the reason for the visit: it cannot be left for later. */
const REQUIRED = new Set(['residence-change']);

export function ProposalCard({ p, checked, onToggle, large }: { p: Proposal; checked: boolean; onToggle?: (() => void) | undefined; large?: boolean }) {
  const locked = REQUIRED.has(p.procedureId);
  return (
    <li className={`flex flex-col gap-2 rounded-12 border-2 p-4 ${checked ? 'border-key-900 bg-key-50' : 'border-solid-gray-300 bg-white'}`}>
      <label className="flex cursor-pointer items-start gap-4">
        {onToggle ? <input type="checkbox" className="mt-1 size-8 shrink-0 accent-key-900" checked={checked} disabled={locked} onChange={onToggle} /> : null}
        <span className="flex flex-col gap-1">
          <span className={`flex flex-wrap items-center gap-2 ${large ? 'text-std-24B-150' : 'text-std-20B-150'}`}>
            {p.title}
            {locked ? <Badge tone="notice">必須</Badge> : null}
            {p.hasForm ? <Badge>届出書あり</Badge> : <Badge>データで送付</Badge>}
          </span>
          {p.department ? <span className="text-std-16N-170 text-solid-gray-800">{`${p.department.floor} ${p.department.desk}・${p.department.name}（${p.department.section}）`}</span> : null}
        </span>
      </label>
      <ul className="list-disc pl-14 text-std-16N-170">
        {p.reasons.map((r) => <li key={r.text}>{r.text}</li>)}
      </ul>
      {p.deadline ? <p className="pl-12 text-std-16N-170 text-solid-gray-700">{`期限: ${p.deadline}`}</p> : null}
    </li>
  );
}

/** 手続きの選択: the navigator proposes, with its reasons; staff tick what to do now. */
export function ProceduresStep({ draft, goTo }: StepProps) {
  const api = useApi();
  const { state } = draft;
  const proposals = useQuery({
    // Asked afresh each time the step opens: the household may have changed on the screen before.
    queryKey: ['counter-proposals', draft.visit.id],
    queryFn: async () => {
      const visit = await draft.flush();
      return api.counter.proposals(visit.id);
    },
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (proposals.isPending) return <Loading label="必要な手続きを調べています…" />;
  if (proposals.isError) return <ErrorAlert error={proposals.error} title="手続きを調べられませんでした" />;
  const list = proposals.data;
  const initial = state.chosen.length > 0 ? new Set(state.chosen.map((c) => c.procedureId)) : new Set(list.filter((p) => p.atCounter).map((p) => p.procedureId));
  const chosen = picked ?? initial;
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const next = async () => {
    setBusy(true);
    setError(null);
    try {
      const visit = await draft.flush();
      draft.replace(await api.counter.choose(visit.id, visit.revision, list.filter((p) => chosen.has(p.procedureId)).map((p) => p.procedureId)));
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const later = list.filter((p) => !chosen.has(p.procedureId));
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="proposals-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="proposals-heading" className="text-std-24B-150">{`必要な手続き（${list.length}件）`}</h2>
          <p className="text-std-16N-170">{`今日行う: ${chosen.size}件・後日（案内書に記載）: ${later.length}件`}</p>
        </div>
        <p className="text-std-16N-170 text-solid-gray-700">手続きナビが、ライフイベントと世帯の状況から提案しています。今日この窓口で行うものに印を付けてください。印を外したものは手続き案内書に載ります。</p>
        <ul className="flex flex-col gap-3">
          {list.map((p) => <ProposalCard key={p.procedureId} p={p} checked={chosen.has(p.procedureId)} onToggle={() => toggle(p.procedureId)} />)}
        </ul>
      </section>
      {error ? <ErrorAlert error={error} title="手続きを選べませんでした" /> : null}
      {chosen.size === 0 ? <Alert variant="warning" title="手続きが選ばれていません">今日行う手続きに印を付けてください。</Alert> : null}
      <div className="flex flex-wrap justify-between gap-3">
        <Button variant="secondary" onClick={() => goTo('event')}>戻る（ライフイベント）</Button>
        <Button className="min-h-14 px-8 text-std-18B-160" disabled={chosen.size === 0} busy={busy} busyLabel="準備しています…" onClick={() => void next()}>
          {`${chosen.size}件の聞き取りへ`}
        </Button>
      </div>
    </div>
  );
}
