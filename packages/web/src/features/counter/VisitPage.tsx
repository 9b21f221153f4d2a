import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { Visit, VisitStep } from '../../api/counter';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { EVENT_LABELS, ORIGIN_LABELS } from './labels';
import { Stepper } from './Stepper';
import { DoneStep } from './steps/DoneStep';
import { EventStep } from './steps/EventStep';
import { IdentifyStep } from './steps/IdentifyStep';
import { InterviewStep } from './steps/InterviewStep';
import { ProceduresStep } from './steps/ProceduresStep';
import { ReviewStep } from './steps/ReviewStep';
import { SignStep } from './steps/SignStep';
import { useVisitDraft, type SaveStatus, type VisitDraft } from './useVisitDraft';

export interface StepProps {
  draft: VisitDraft;
  goTo: (step: VisitStep) => void;
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  switch (status) {
    case 'saved':
      return <Badge tone="positive">保存済み</Badge>;
    case 'saving':
      return <Badge>保存しています…</Badge>;
    case 'offline':
      return <Badge tone="notice">通信できません（この端末に一時保存中）</Badge>;
    case 'conflict':
      return <Badge tone="negative">別の端末で更新されました</Badge>;
    case 'error':
      return <Badge tone="negative">保存できませんでした</Badge>;
  }
}

function CancelVisit({ visit, onCancelled }: { visit: Visit; onCancelled: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open) return <Button variant="danger" size="sm" onClick={() => setOpen(true)}>受付を取り消す</Button>;
  return (
    <div className="flex w-full flex-col gap-3 rounded-8 border-2 border-red-900 bg-red-50 p-4">
      <label htmlFor="cancel-reason" className="text-std-17B-170">取り消す理由（記録に残ります）</label>
      <input id="cancel-reason" className="min-h-14 rounded-8 border border-solid-gray-600 bg-white px-4 text-std-18N-160" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="例: 本人確認書類を忘れたため出直し" />
      {error ? <ErrorAlert error={error} title="取り消せませんでした" /> : null}
      <div className="flex flex-wrap gap-3">
        <Button variant="danger" busy={busy} busyLabel="取り消しています…" onClick={async () => {
          setBusy(true);
          try {
            await api.counter.cancel(visit.id, reason);
            onCancelled();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}>
          取り消す
        </Button>
        <Button variant="tertiary" onClick={() => setOpen(false)}>やめる</Button>
      </div>
    </div>
  );
}

function VisitFlow({ initial }: { initial: Visit }) {
  const api = useApi();
  const navigate = useNavigate();
  const draft = useVisitDraft(initial, (revision, state) => api.counter.save(initial.id, revision, state));
  const { state, visit, status } = draft;
  const goTo = (step: VisitStep) => {
    draft.update((s) => ({ ...s, step }));
    window.scrollTo({ top: 0 });
  };
  const props: StepProps = { draft, goTo };
  const step = visit.status === 'completed' ? 'done' : state.step;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-std-32B-150 text-solid-gray-900">
            {state.event ? `${EVENT_LABELS[state.event]}の受付` : '窓口の受付'}
          </h1>
          <p className="flex flex-wrap items-center gap-2 text-std-16N-170 text-solid-gray-700">
            <span>{`${ORIGIN_LABELS[visit.origin]}からの受付・開始 ${new Date(visit.startedAt).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit' })}`}</span>
            <span role="status"><SaveIndicator status={status} /></span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Link to="/counter" className={buttonClasses('secondary', 'sm')}>中断して受付一覧へ</Link>
          {visit.status === 'open' ? <CancelVisit visit={visit} onCancelled={() => void navigate({ to: '/counter' })} /> : null}
        </div>
      </div>
      {status === 'offline' ? (
        <Alert variant="warning" title="サーバーと通信できません">
          入力した内容はこの端末に一時保存しています。通信が戻ると自動で保存します。画面を閉じずに、そのまま続けてください。
        </Alert>
      ) : null}
      {status === 'conflict' ? (
        <Alert variant="error" title="別の端末でこの受付が更新されました">
          <p>最新の内容を読み込み直してから続けてください。</p>
          <Button className="mt-2" onClick={() => window.location.reload()}>読み込み直す</Button>
        </Alert>
      ) : null}
      {status === 'error' && draft.error ? <ErrorAlert error={draft.error} title="保存できませんでした" /> : null}
      {visit.status === 'cancelled' ? (
        <Alert variant="warning" title="この受付は取り消されています">{`理由: ${visit.cancelReason ?? ''}`}</Alert>
      ) : (
        <>
          <Stepper current={step} onSelect={goTo} />
          {step === 'identify' ? <IdentifyStep {...props} /> : null}
          {step === 'event' ? <EventStep {...props} /> : null}
          {step === 'procedures' ? <ProceduresStep {...props} /> : null}
          {step === 'interview' ? <InterviewStep {...props} /> : null}
          {step === 'review' ? <ReviewStep {...props} /> : null}
          {step === 'sign' ? <SignStep {...props} /> : null}
          {step === 'done' ? <DoneStep {...props} /> : null}
        </>
      )}
    </div>
  );
}

/** 書かない窓口: one visit, step by step, saved as it goes. */
export function VisitPage() {
  usePageTitle('窓口の受付');
  const { visitId } = useParams({ strict: false }) as { visitId: string };
  const api = useApi();
  const query = useQuery({ queryKey: ['counter-visit', visitId], queryFn: () => api.counter.get(visitId), staleTime: Infinity, refetchOnWindowFocus: false, gcTime: 0 });
  if (query.isPending) return <Loading label="受付を読み込んでいます…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="受付を開けませんでした" />;
  return <VisitFlow key={query.data.id} initial={query.data} />;
}
