import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { useMe } from '../../app/auth';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** 担当者: who works on this case; take it, hand it to a colleague, or leave it to nobody. */
export function AssignmentPanel({ caseId, assignedStaffId, open }: { caseId: string; assignedStaffId: string | null; open: boolean }) {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const people = useQuery({ queryKey: ['assignable'], queryFn: () => api.online.assignable(), staleTime: 60_000 });
  const [choice, setChoice] = useState('');
  const assign = useMutation({
    mutationFn: (staffId: string | null) => api.online.assign(caseId, { staffId, expected: assignedStaffId }),
    onSuccess: () => { setChoice(''); void queryClient.invalidateQueries({ queryKey: ['case', caseId] }); void queryClient.invalidateQueries({ queryKey: ['inbox'] }); },
  });
  const name = (id: string | null) => (id === null ? 'なし' : people.data?.find((p) => p.id === id)?.displayName ?? '（他課の職員）');
  return (
    <div className="flex flex-col gap-3">
      <p className="text-std-17B-170">担当者: <span data-testid="assignee">{assignedStaffId === me?.id ? `${name(assignedStaffId)}（自分）` : name(assignedStaffId)}</span></p>
      {open ? (
        <div className="flex flex-wrap items-end gap-3">
          {assignedStaffId !== me?.id && me ? <Button variant="secondary" busy={assign.isPending} onClick={() => assign.mutate(me.id)}>自分が担当する</Button> : null}
          <SelectField label="担当者を変える" value={choice} onChange={(e) => setChoice(e.target.value)}
            options={[{ value: '', label: '選んでください' }, { value: 'none', label: 'なし（担当を外す）' }, ...(people.data ?? []).filter((p) => p.id !== assignedStaffId).map((p) => ({ value: p.id, label: p.displayName }))]} />
          <Button variant="secondary" disabled={!choice} busy={assign.isPending} onClick={() => assign.mutate(choice === 'none' ? null : choice)}>変更する</Button>
        </div>
      ) : null}
      {assign.isError ? <ErrorAlert error={assign.error} title="担当者を変えられませんでした" /> : null}
    </div>
  );
}

/**
 * 手数料 of an online case: paid or not, how, and the record of a payment at the counter (with the
 * cash register's receipt number).
 */
export function FeeSection({ caseId }: { caseId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const fee = useQuery({ queryKey: ['case-fee', caseId], queryFn: () => api.online.fee(caseId) });
  const [receiptNo, setReceiptNo] = useState('');
  const [amount, setAmount] = useState('');
  const record = useMutation({
    mutationFn: () => api.online.recordCounterPayment(caseId, { receiptNo: receiptNo.trim(), amountYen: Number(amount.normalize('NFKC').replace(/[,円\s]/g, '')) }),
    onSuccess: (f) => { queryClient.setQueryData(['case-fee', caseId], f); void queryClient.invalidateQueries({ queryKey: ['inbox-fees'] }); },
  });
  if (fee.isPending) return <Loading />;
  if (fee.isError) return <ErrorAlert error={fee.error} />;
  const f = fee.data;
  if (f.status === 'none') return <p className="text-std-16N-170">この手続きに手数料はかかりません。</p>;
  return (
    <div className="flex flex-col gap-3">
      <p className="flex flex-wrap items-center gap-3 text-std-17B-170">
        {`手数料 ${yen(f.amountYen)}`}
        <Badge tone={f.status === 'paid' ? 'positive' : 'notice'}><span data-testid="case-fee-status">{f.statusLabel}</span></Badge>
      </p>
      {f.status === 'paid' ? (
        <p className="text-std-16N-170">
          {f.method === 'counter' ? `窓口で納付（領収番号 ${f.counterReceiptNo ?? ''}）` : 'オンラインで納付'}
          {f.paidAt ? `・${new Date(f.paidAt).toLocaleString('ja-JP')}` : ''}
        </p>
      ) : (
        <form className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-3" noValidate onSubmit={(e) => { e.preventDefault(); record.mutate(); }}>
          <p className="text-std-16N-170">{f.method === 'counter' ? '申請者は窓口で支払うことを選んでいます。' : '未納です。'}窓口で受け取ったら、レジの領収番号と金額を記録してください。</p>
          <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
            <TextField label="領収番号" value={receiptNo} onChange={(e) => setReceiptNo(e.target.value)} maxLength={40} required />
            <TextField label="受け取った金額（円）" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} hint={`手数料は ${yen(f.amountYen)} です`} required />
          </div>
          <Button type="submit" disabled={!receiptNo.trim() || !amount.trim()} busy={record.isPending} busyLabel="記録しています…">窓口での納付を記録する</Button>
          {record.isError ? <ErrorAlert error={record.error} title="納付を記録できませんでした" /> : null}
        </form>
      )}
      {f.payments.length > 0 ? (
        <details className="text-std-16N-170">
          <summary className="cursor-pointer text-key-900 underline">オンライン決済の記録（{f.payments.length}件）</summary>
          <ul className="mt-2 flex flex-col gap-1">
            {f.payments.map((p) => (
              <li key={p.id}>{`${new Date(p.createdAt).toLocaleString('ja-JP')}　${p.providerLabel}　${yen(p.amountYen)}　${p.statusLabel}`}{p.failure ? `（${p.failure}）` : ''}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {f.status === 'unpaid' && f.method === 'online' ? <Alert variant="info" title="オンライン決済の途中です">申請者が決済画面で手続き中の可能性があります。</Alert> : null}
    </div>
  );
}
