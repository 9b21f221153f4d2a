import { formatWareki } from '@madoguchi/jp';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ProcedureDefinition } from '@madoguchi/procedures';
import { useApi } from '../../api/ApiProvider';
import { requestJson } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { TextAreaField } from '../../components/TextAreaField';
import { CaseAnswers } from '../inbox/CaseAnswers';
import { ReviewResidentPicker } from './ReviewResidentPicker';

// 移動市役所の確認待ち: cases that arrived from a vehicle tablet in conflict (the resident moved
// meanwhile, a duplicate application, a content the server could not accept). Staff look and decide;
// nothing is merged by the system.

type ReviewStatus = 'conflict' | 'accepted' | 'dismissed';
interface ReviewItem {
  id: string; procedureId: string; procedureTitle: string; procedureVersion: number; ticketNumber: string | null; status: ReviewStatus; kind: string; kindLabel: string;
  reason: string; receivedAt: string; receiptNumber: string | null; resolutionNote: string | null; resolvedAt: string | null;
}
interface ReviewDetail extends ReviewItem {
  details: Record<string, unknown>;
  identity: { method: string; name: string; kana?: string | null; birthDate: string; address: string; sex: string | null } | null;
  residentId: string | null;
  answers: Record<string, unknown> | null;
}

const request = requestJson;

const when = (iso: string) => new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function Detail({ id, onDone }: { id: string; onDone: () => void }) {
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: ['vehicle-review', id], queryFn: () => request<ReviewDetail>('GET', `/outreach/vehicle/reviews/${id}`) });
  // The answers under the procedure's own labels, as in the department's inbox.
  const api = useApi();
  const version = useQuery({
    queryKey: ['procedure-version', detail.data?.procedureId, detail.data?.procedureVersion],
    queryFn: () => api.procedures.getVersion(detail.data!.procedureId, detail.data!.procedureVersion),
    enabled: detail.data?.answers != null,
    staleTime: Infinity,
  });
  const [note, setNote] = useState('');
  const [residentId, setResidentId] = useState<string | null>(null);
  useEffect(() => {
    const d = detail.data;
    if (d) setResidentId((d.details['residentId'] as string | undefined) ?? d.residentId ?? null);
  }, [detail.data]);
  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'dismiss') => request<{ receiptNumber: string | null }>('POST', `/outreach/vehicle/reviews/${id}/decision`, { decision, note, residentId }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['vehicle-reviews'] });
      onDone();
    },
  });
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const d = detail.data;
  return (
    <section aria-labelledby="review-detail" className="flex flex-col gap-4 rounded-12 border-2 border-key-900 bg-white p-5">
      <h2 id="review-detail" className="text-std-24B-150">{`${d.kindLabel}`}</h2>
      <Alert variant="warning" title="確認が必要な理由">{d.reason}</Alert>
      {d.identity ? (
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-std-17N-170">
          <dt className="font-bold">氏名</dt><dd>{d.identity.name}</dd>
          <dt className="font-bold">生年月日</dt><dd>{formatWareki(d.identity.birthDate as never)}</dd>
          <dt className="font-bold">住所（端末）</dt><dd>{d.identity.address}</dd>
          <dt className="font-bold">本人確認</dt><dd>{d.identity.method === 'card' ? 'マイナンバーカード' : '本人確認書類を見て入力'}</dd>
          <dt className="font-bold">手続き</dt><dd>{`${d.procedureTitle}（第${d.procedureVersion}版）`}</dd>
        </dl>
      ) : <p>この申請は内容が保存されていません（受け付けられない内容でした）。</p>}
      {d.answers ? (
        <details>
          <summary className="cursor-pointer text-std-17B-170">申請の内容</summary>
          <div className="mt-3">
            {version.isPending ? <Loading /> : <CaseAnswers definition={(version.data?.definition ?? null) as unknown as ProcedureDefinition | null} answers={d.answers} />}
          </div>
        </details>
      ) : null}
      {d.status === 'conflict' ? (
        <>
          <ReviewResidentPicker residentId={residentId} onChange={setResidentId} />
          <TextAreaField label="判断の理由" required value={note} onChange={(e) => setNote(e.target.value)} />
          {decide.error ? <ErrorAlert error={decide.error} /> : null}
          <div className="flex flex-wrap gap-3">
            <Button onClick={() => decide.mutate('accept')} disabled={decide.isPending}>受け付ける（受付番号を付けて担当課へ）</Button>
            <Button variant="danger" onClick={() => decide.mutate('dismiss')} disabled={decide.isPending}>受け付けない</Button>
          </div>
        </>
      ) : <p>{`判断済み: ${d.resolutionNote ?? ''}${d.receiptNumber ? `（受付番号 ${d.receiptNumber}）` : ''}`}</p>}
    </section>
  );
}

const STATUS_LABELS: Record<ReviewStatus, string> = { conflict: '確認待ち', accepted: '受け付けた', dismissed: '受け付けなかった' };

/** The staff screen of the review queue (menu 「移動市役所の確認待ち」). */
export function VehicleReviewsPage() {
  const [status, setStatus] = useState<ReviewStatus>('conflict');
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['vehicle-reviews', status], queryFn: () => request<{ items: ReviewItem[] }>('GET', `/outreach/vehicle/reviews?status=${status}`) });
  useEffect(() => {
    document.title = '移動市役所の確認待ち | 窓口支援システム';
  }, []);
  const listPanel = (
    list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} /> : list.data.items.length === 0 ? (
        <p className="text-std-17N-170">{status === 'conflict' ? '確認待ちの申請はありません。' : '該当する申請はありません。'}</p>
      ) : (
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">移動市役所の確認待ちの申請</caption>
          <thead>
            <tr className="border-b-2 border-solid-gray-420"><th scope="col" className="px-3 py-2">届いた日時</th><th scope="col" className="px-3 py-2">理由</th><th scope="col" className="px-3 py-2">手続き</th><th scope="col" className="px-3 py-2">整理券</th><th scope="col" className="px-3 py-2"><span className="sr-only">操作</span></th></tr>
          </thead>
          <tbody>
            {list.data.items.map((i) => (
              <tr key={i.id} className="border-b border-solid-gray-300">
                <td className="px-3 py-2">{when(i.receivedAt)}</td>
                <td className="px-3 py-2">{i.kindLabel}</td>
                <td className="px-3 py-2">{i.procedureTitle}</td>
                <td className="px-3 py-2">{i.ticketNumber ?? '—'}</td>
                <td className="px-3 py-2"><Button size="sm" variant="secondary" onClick={() => setOpen(i.id)}>{`内容を見る（${i.ticketNumber ?? when(i.receivedAt)}）`}</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="移動市役所の確認待ち" description="車両の端末から届いた申請のうち、住所の異動・同じ手続きの重複・確認できない内容があったものです。職員が内容を見て、受け付けるかどうかを決めます（自動ではまとめません）。" />
      <Tabs<ReviewStatus> label="状態" selected={status} onSelect={(s) => { setStatus(s); setOpen(null); }} items={(['conflict', 'accepted', 'dismissed'] as const).map((key) => ({ key, label: STATUS_LABELS[key], panel: listPanel }))} />
      {open ? <Detail id={open} onDone={() => setOpen(null)} /> : null}
    </div>
  );
}
