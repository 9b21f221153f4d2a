import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePortalCode } from './PortalLayout';
import { newActionKey } from './portalApi';
import { feeKey, paymentsApi, yen, type Fee } from './paymentsApi';

const dateTime = (iso: string) => new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });

/** Back from the payment page: the portal asks the provider once (the return URL itself proves nothing). */
const returnedFromPayment = () => typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('payment');

function LastAttempt({ fee }: { fee: Fee }) {
  const last = fee.payments.at(-1);
  if (!last || fee.status === 'paid' || (last.status !== 'cancelled' && last.status !== 'failed')) return null;
  return (
    <Alert variant="warning" title={last.status === 'cancelled' ? '前回のお支払いは取り消されました' : '前回のお支払いはできませんでした'}>
      <p>手数料はまだ納付されていません。もう一度お支払いの方法を選んでください。</p>
    </Alert>
  );
}

/**
 * 手数料: how much, paid or not, and the choice between paying online now (through the payment
 * provider's page) and paying at the counter. Shown on the confirmation step and on the status page.
 */
export function FeePanel({ caseId, canChange }: { caseId: string; canChange: boolean }) {
  const code = usePortalCode();
  const api = paymentsApi(code);
  const queryClient = useQueryClient();
  const key = useRef(newActionKey());
  const fee = useQuery({ queryKey: feeKey(code, caseId), queryFn: () => api.fee(caseId) });
  const set = (f: Fee) => queryClient.setQueryData(feeKey(code, caseId), (old: Awaited<ReturnType<typeof api.fee>> | undefined) => (old ? { ...old, fee: f } : old));
  const refresh = useMutation({ mutationFn: () => api.refresh(caseId), onSuccess: set });
  const choose = useMutation({
    mutationFn: (method: 'online' | 'counter') => api.choose(caseId, { method, idempotencyKey: `${key.current}-${method}`, ...(method === 'online' ? { provider: fee.data?.providers[0]?.id ?? 'sandbox' } : {}) }),
    onSuccess: (r) => {
      if (r.redirectUrl) window.location.assign(r.redirectUrl);
      else set(r.fee);
    },
  });
  const refreshed = useRef(false);
  useEffect(() => {
    if (!refreshed.current && returnedFromPayment()) {
      refreshed.current = true;
      refresh.mutate();
    }
  }, [refresh]);

  if (fee.isPending) return <Loading />;
  if (fee.isError) return <ErrorAlert error={fee.error} />;
  const f = fee.data.fee;
  if (f.status === 'none') return null;
  const provider = fee.data.providers[0];
  return (
    <section aria-labelledby="fee-heading" className="flex flex-col gap-3 rounded-12 border-2 border-solid-gray-300 bg-white p-4">
      <h2 id="fee-heading" className="text-std-20B-150">手数料の支払い</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-std-16N-170">
        <dt className="text-std-16B-170">手数料</dt><dd>{yen(f.amountYen)}</dd>
        <dt className="text-std-16B-170">状況</dt><dd><strong data-testid="fee-status">{f.statusLabel}</strong></dd>
        {f.paidAt ? (<><dt className="text-std-16B-170">納付日時</dt><dd>{dateTime(f.paidAt)}</dd></>) : null}
      </dl>
      {refresh.isPending ? <p role="status" className="text-std-16N-170">お支払いの結果を確認しています…</p> : null}
      {refresh.error ? <ErrorAlert error={refresh.error} /> : null}
      {choose.error ? <ErrorAlert error={choose.error} focusOnMount /> : null}
      {f.status === 'paid' ? (
        <Alert variant="success" title="手数料は納付済みです">
          <p>{f.method === 'counter' ? '窓口でのお支払いを受け付けました。' : 'オンラインでのお支払いが完了しました。'}{canChange ? '申請を送信できます。' : ''}</p>
        </Alert>
      ) : (
        <>
          <LastAttempt fee={f} />
          {f.method === 'counter' ? (
            <p className="text-std-16N-170">
              窓口で支払うことを選んでいます。来庁したときに、受付番号を伝えて {yen(f.amountYen)} をお支払いください。
              {canChange ? 'このまま申請を送信できます。' : ''}
            </p>
          ) : (
            <p className="text-std-16N-170">この手続きには手数料がかかります。オンラインで支払うか、窓口で支払うかを選んでください。</p>
          )}
          {f.pendingUrl ? (
            <a href={f.pendingUrl} className={buttonClasses('primary')}>支払いの画面に戻る</a>
          ) : null}
          <div className="flex flex-col gap-3 sm:flex-row">
            {!f.pendingUrl && provider ? (
              <Button type="button" busy={choose.isPending && choose.variables === 'online'} busyLabel="支払いの画面を開いています…"
                onClick={() => { if (!choose.isPending) choose.mutate('online'); }}>
                オンラインで支払う（{provider.label}）
              </Button>
            ) : null}
            {f.method !== 'counter' ? (
              <Button type="button" variant="secondary" busy={choose.isPending && choose.variables === 'counter'} busyLabel="保存しています…"
                onClick={() => { if (!choose.isPending) choose.mutate('counter'); }}>
                窓口で支払う
              </Button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
