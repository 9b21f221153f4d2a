import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiError } from '../../api/errors';
import { buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { CardRegistration } from './CardLogin';
import { portalApi } from './portalApi';
import { portalKeys, usePortalCode } from './PortalLayout';

const date = (iso: string) => new Date(iso).toLocaleDateString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' });

/** 申請の一覧: drafts to continue, corrections to make, and where each application stands. */
export function ApplicationsPage() {
  const code = usePortalCode();
  const list = useQuery({ queryKey: portalKeys.applications(code), queryFn: () => portalApi(code).applications() });
  if (list.isPending) return <Loading />;
  if (list.isError) {
    return (
      <div className="flex flex-col gap-4">
        <ErrorAlert error={list.error} />
        {list.error instanceof ApiError && list.error.status === 401 ? <Link to="/portal/$code/login" params={{ code }} className={buttonClasses('primary')}>ログインする</Link> : null}
      </div>
    );
  }
  return (
    <>
      <h1 className="text-std-28B-150">申請の一覧</h1>
      {list.data.length === 0 ? (
        <EmptyState title="申請はまだありません">「手続きを探す」から申請を始められます。</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3">
          {list.data.map((a) => (
            <li key={a.id}>
              <Link to="/portal/$code/applications/$caseId" params={{ code, caseId: a.id }}
                className="flex flex-col gap-1 rounded-12 border border-solid-gray-200 bg-white p-4 text-solid-gray-900 no-underline hover:border-key-900">
                <span className="text-std-20B-150 text-key-900 underline underline-offset-4">{a.title}</span>
                <span className="text-std-16N-170">
                  <strong className={a.status === 'returned' ? 'text-red-900' : ''}>{a.status === 'returned' ? '修正のお願いがあります' : a.statusLabel}</strong>
                  {a.receiptNumber ? ` ・ 受付番号 ${a.receiptNumber}` : a.status === 'draft' ? '（続きから入力できます）' : ''}
                </span>
                <span className="text-std-16N-170 text-solid-gray-700">最終更新 {date(a.updatedAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CardRegistration code={code} />
    </>
  );
}
