import type { ProcedureDefinition } from '@madoguchi/procedures';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { CaseJob, CaseRecord, CaseStatus } from '../../api/counter';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { CaseAnswers } from './CaseAnswers';
import { CASE_STATUS_LABELS, CHANNEL_LABELS, JOB_LABELS, JOB_STATUS_LABELS } from './labels';
import { AssignmentPanel, FeeSection } from './CaseWorkPanels';
import { TemplatePicker } from '../online-admin/TemplatePicker';
import { StaffSignaturePanel } from '../portal/StaffSignaturePanel';

function Pipeline({ caseId }: { caseId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const jobs = useQuery({ queryKey: ['case-jobs', caseId], queryFn: () => api.cases.jobs(caseId), refetchInterval: (q) => (q.state.data?.some((j) => j.status === 'pending' || j.status === 'running') ? 2000 : false) });
  const retry = useMutation({ mutationFn: (job: CaseJob) => api.cases.retryJob(caseId, job.id), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['case-jobs', caseId] }) });
  if (jobs.isPending) return <Loading />;
  if (jobs.isError) return <ErrorAlert error={jobs.error} />;
  if (jobs.data.length === 0) return <p className="text-std-16N-170">この案件には、提出後の処理はありません。</p>;
  return (
    <ol className="flex flex-col gap-2">
      {jobs.data.map((j, i) => (
        <li key={j.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-300 p-3">
          <span className="flex flex-col gap-1">
            <span className="flex flex-wrap items-center gap-2 text-std-17B-170">
              {`${i + 1}. ${JOB_LABELS[j.kind] ?? j.kind}`}
              <Badge tone={j.status === 'done' ? 'positive' : j.status === 'failed' ? 'negative' : 'notice'}>{JOB_STATUS_LABELS[j.status]}</Badge>
            </span>
            <span className="text-std-16N-170 text-solid-gray-700">{`試行 ${j.attempts}/${j.maxAttempts}回${j.finishedAt ? `・${new Date(j.finishedAt).toLocaleString('ja-JP')}` : ''}`}</span>
            {j.lastError ? <span className="text-std-16N-170 text-red-900">{`最後のエラー: ${j.lastError}`}</span> : null}
          </span>
          {j.status === 'failed' ? <Button size="sm" busy={retry.isPending} onClick={() => retry.mutate(j)}>やり直す</Button> : null}
        </li>
      ))}
      {retry.isError ? <ErrorAlert error={retry.error} /> : null}
    </ol>
  );
}

function Actions({ record, onMoved }: { record: CaseRecord; onMoved: () => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [returning, setReturning] = useState(false);
  // Online applicants hear of a decision or a correction request only through the online routes.
  const online = record.channel === 'online';
  const move = useMutation({
    mutationFn: (to: CaseStatus) => {
      if (online && to === 'returned') return api.cases.requestCorrection(record.id, { note, expected: record.status });
      if (online && to === 'completed') return api.cases.decideOnline(record.id, { to, expected: record.status, note: null });
      return api.cases.move(record.id, { to, expected: record.status, ...(to === 'returned' ? { note } : {}) });
    },
    onSuccess: onMoved,
  });
  const can = (to: CaseStatus) => ({ submitted: ['accepted', 'completed', 'returned'], accepted: ['in_review', 'completed', 'returned'], in_review: ['completed', 'returned'] } as Record<string, string[]>)[record.status]?.includes(to) ?? false;
  const backTo = record.channel === 'online' ? '申請者' : '窓口';
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-3">
        {can('accepted') ? <Button variant="secondary" busy={move.isPending} onClick={() => move.mutate('accepted')}>受付する</Button> : null}
        {can('completed') ? <Button busy={move.isPending} onClick={() => move.mutate('completed')}>処理済みにする</Button> : null}
        {can('returned') && !returning ? <Button variant="danger" onClick={() => setReturning(true)}>{`${backTo}に差し戻す`}</Button> : null}
      </div>
      {returning ? (
        <div className="flex flex-col gap-2 rounded-8 border-2 border-red-900 bg-red-50 p-4">
          {online ? <TemplatePicker procedureId={record.procedureId} purpose="correction" onPick={setNote} /> : null}
          <label htmlFor="return-note" className="text-std-17B-170">{`差し戻す理由（${backTo}に伝わります）`}</label>
          <textarea id="return-note" rows={3} className="rounded-8 border border-solid-gray-600 bg-white p-3 text-std-16N-170" value={note} onChange={(e) => setNote(e.target.value)} placeholder="例: 振込先の口座名義が請求者と違います。ご本人に確認してください。" />
          <div className="flex gap-3">
            <Button variant="danger" disabled={!note.trim()} busy={move.isPending} onClick={() => move.mutate('returned')}>差し戻す</Button>
            <Button variant="tertiary" onClick={() => setReturning(false)}>やめる</Button>
          </div>
        </div>
      ) : null}
      {move.isError ? <ErrorAlert error={move.error} title="状態を変えられませんでした" /> : null}
    </div>
  );
}

/** One case: its data, its paper form, the pipeline after submission, and the department's actions. */
export function CaseDetailPage() {
  usePageTitle('案件の内容');
  const { caseId } = useParams({ strict: false }) as { caseId: string };
  const api = useApi();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['case', caseId], queryFn: () => api.cases.get(caseId) });
  const version = useQuery({
    queryKey: ['procedure-version', detail.data?.case.procedureId, detail.data?.case.procedureVersion],
    queryFn: () => api.procedures.getVersion(detail.data!.case.procedureId, detail.data!.case.procedureVersion),
    enabled: detail.data !== undefined,
    staleTime: Infinity,
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorAlert error={detail.error} title="案件を開けませんでした" />;
  const { case: record, actions } = detail.data;
  const definition = (version.data?.definition ?? null) as unknown as ProcedureDefinition | null;
  const hasForm = Boolean(definition && 'layout' in definition && definition.layout);
  return (
    <>
      <PageHeader
        title={`${version.data?.title ?? record.procedureId}`}
        description={`受付番号 ${record.receiptNumber ?? '（未採番）'}・${CHANNEL_LABELS[record.channel]}で受付・第${record.procedureVersion}版の様式`}
        back={<Link to="/inbox" className="text-std-16N-170 text-key-900 underline">← 受付箱に戻る</Link>}
        actions={<Badge tone={record.status === 'completed' ? 'positive' : record.status === 'returned' ? 'negative' : 'notice'}>{record.statusLabel}</Badge>}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="flex flex-col gap-6">
          <Section title="担当課の操作">
            <Actions record={record} onMoved={() => void queryClient.invalidateQueries({ queryKey: ['case', caseId] })} />
          </Section>
          <Section title="担当者">
            <AssignmentPanel caseId={caseId} assignedStaffId={(record as { assignedStaffId?: string | null }).assignedStaffId ?? null} open={!['draft', 'completed', 'rejected', 'withdrawn'].includes(record.status)} />
          </Section>
          {record.channel === 'online' ? (
            <Section title="手数料">
              <FeeSection caseId={caseId} />
            </Section>
          ) : null}
          <Section title="申請・届出の内容">
            <CaseAnswers definition={definition} answers={record.answers} />
          </Section>
          {record.channel === 'online' ? <Section title="電子署名"><StaffSignaturePanel caseId={caseId} /></Section> : null}
          <Section title="提出後の処理">
            <Pipeline caseId={caseId} />
          </Section>
          <Section title="操作の履歴">
            <ol className="flex flex-col gap-2">
              {actions.map((a) => (
                <li key={a.seq} className="text-std-16N-170">
                  {`${new Date(a.at).toLocaleString('ja-JP')}　${a.actorName ?? (a.actorKind === 'system' ? 'システム' : a.actorKind === 'resident' ? '申請者' : '')}　${a.action === 'notify' ? '通知' : a.action === 'assign' ? '担当者の変更' : a.action === 'create' ? '作成' : a.toStatus ? `→ ${CASE_STATUS_LABELS[a.toStatus as CaseStatus] ?? a.toStatus}` : a.action}${a.note ? `（${a.note}）` : ''}`}
                </li>
              ))}
            </ol>
          </Section>
        </div>
        <Section title="届出書（PDF）">
          {hasForm ? (
            <iframe title="届出書（PDF）" src={api.cases.formPdfUrl(caseId)} className="h-[80vh] min-h-[36rem] w-full rounded-8 border border-solid-gray-300" />
          ) : (
            <Alert variant="info" title="紙の様式はありません">この手続きは、内容をデータで受け取ります。左の一覧で内容を確かめてください。</Alert>
          )}
        </Section>
      </div>
    </>
  );
}
