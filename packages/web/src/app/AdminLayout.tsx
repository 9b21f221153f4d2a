import { Link, Outlet } from '@tanstack/react-router';
import { Alert } from '../components/Alert';
import { buttonClasses } from '../components/Button';
import { useMe } from './auth';
import { isAdmin } from './roles';
import { usePageTitle } from './usePageTitle';

function Forbidden() {
  usePageTitle('権限がありません');
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <h1 className="text-std-28B-150">この画面を使う権限がありません</h1>
      <Alert variant="warning" title="管理者だけが使える画面です">
        職員管理・監査ログ・住民データ取込を使うには、業務管理者の権限が必要です。必要な場合は業務管理者に依頼してください。
      </Alert>
      <div>
        <Link to="/residents" className={buttonClasses('primary')}>
          住民検索へ戻る
        </Link>
      </div>
    </div>
  );
}

export function AdminLayout() {
  const me = useMe();
  if (!me) return null;
  return isAdmin(me.roles) ? <Outlet /> : <Forbidden />;
}
