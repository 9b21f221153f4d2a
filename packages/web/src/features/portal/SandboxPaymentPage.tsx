import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePortalCode } from './PortalLayout';
import { paymentsApi, yen } from './paymentsApi';

const DONE: Record<string, string> = { paid: 'このお支払いは完了しています。', cancelled: 'このお支払いは取り消されています。', failed: 'このお支払いは失敗しています。' };

/**
 * The sandbox payment provider's page — what a payment company's page would be, served by us for
 * testing and demonstrations: labelled as such at the top, three outcomes to choose from.
 */
export function SandboxPaymentPage() {
  const code = usePortalCode();
  const { ref } = useParams({ strict: false }) as { ref: string };
  const api = paymentsApi(code);
  const page = useQuery({ queryKey: ['portal', code, 'sandbox-payment', ref], queryFn: () => api.sandbox(ref), refetchOnWindowFocus: false });
  const decide = useMutation({ mutationFn: (action: 'pay' | 'cancel' | 'fail') => api.decideSandbox(ref, action), onSuccess: (r) => window.location.assign(r.returnUrl) });
  useEffect(() => { document.title = 'テスト用の決済画面'; }, []);
  return (
    <article className="flex flex-col gap-6">
      <p role="note" className="rounded-8 border-4 border-yellow-900 bg-yellow-50 p-4 text-std-20B-150 text-solid-gray-900">
        テスト用の決済画面（実際の支払いは発生しません）
      </p>
      <h1 className="text-std-28B-150">決済サンドボックス</h1>
      {page.isPending ? <Loading /> : page.isError ? <ErrorAlert error={page.error} /> : (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-12 border border-solid-gray-200 bg-white p-4 text-std-16N-170">
            <dt className="text-std-16B-170">お支払い先</dt><dd>{page.data.merchant}</dd>
            <dt className="text-std-16B-170">内容</dt><dd>{page.data.description}</dd>
            <dt className="text-std-16B-170">金額</dt><dd className="text-std-20B-150">{yen(page.data.amountYen)}</dd>
          </dl>
          {decide.error ? <ErrorAlert error={decide.error} focusOnMount /> : null}
          {page.data.status === 'open' ? (
            <div className="flex flex-col gap-3">
              <p className="text-std-16N-170">カード番号などの入力はありません。結果を選ぶと、申請の画面に戻ります。</p>
              <Button type="button" busy={decide.isPending && decide.variables === 'pay'} busyLabel="処理しています…" onClick={() => { if (!decide.isPending) decide.mutate('pay'); }}>
                {yen(page.data.amountYen)} を支払う（テスト）
              </Button>
              <Button type="button" variant="secondary" disabled={decide.isPending} onClick={() => decide.mutate('cancel')}>支払わずに戻る（キャンセル）</Button>
              <Button type="button" variant="tertiary" disabled={decide.isPending} onClick={() => decide.mutate('fail')}>支払いを失敗させる（テスト）</Button>
            </div>
          ) : (
            <div className="flex flex-col gap-3">
              <p className="text-std-16N-170">{DONE[page.data.status]}</p>
              <a href={page.data.returnUrl} className="text-std-16N-170 text-key-900 underline underline-offset-4">申請の画面に戻る</a>
            </div>
          )}
        </>
      )}
    </article>
  );
}
