import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import type { Department, StaffAccount } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Table, type Column } from '../../components/Table';
import { formatDateTime } from '../../lib/format';
import { roleLabels } from '../../lib/labels';
import { municipalityQuery, staffListQuery } from './queries';

const routeApi = getRouteApi('/_staff/_admin/admin/staff');

export function departmentNames(ids: string[], departments: Department[]): string {
  const names = ids.map((id) => departments.find((department) => department.id === id)?.name ?? '（削除された課）');
  return names.length > 0 ? names.join('、') : '—';
}

function columns(departments: Department[]): Column<StaffAccount>[] {
  return [
    {
      header: '職員',
      cell: (staff) => (
        <span className="flex flex-col">
          <span className="text-std-16B-170">{staff.displayName}</span>
          <span className="font-mono text-dns-14N-130 text-solid-gray-700">{staff.loginId}</span>
        </span>
      ),
    },
    {
      header: '役割・所属',
      cell: (staff) => (
        <span className="flex flex-col gap-1">
          <span className="flex flex-wrap gap-1">
            {staff.roles.map((role) => (
              <Badge key={role}>{roleLabels[role]}</Badge>
            ))}
          </span>
          <span className="text-dns-14N-130 text-solid-gray-700">{departmentNames(staff.departmentIds, departments)}</span>
        </span>
      ),
    },
    {
      header: '状態',
      cell: (staff) => (
        <span className="flex flex-col items-start gap-1">
          {staff.active ? <Badge tone="positive">利用中</Badge> : <Badge tone="negative">停止中</Badge>}
          {staff.totpEnabled ? <Badge>二段階認証あり</Badge> : null}
        </span>
      ),
    },
    {
      header: '最終ログイン',
      cell: (staff) => (staff.lastLoginAt ? formatDateTime(staff.lastLoginAt) : 'まだありません'),
      className: 'whitespace-nowrap',
    },
    {
      header: '操作',
      cell: (staff) => (
        <Link
          to="/admin/staff/$staffId"
          params={{ staffId: staff.id }}
          className={buttonClasses('secondary', 'sm', 'whitespace-nowrap')}
          aria-label={`${staff.displayName}さんを編集`}
        >
          編集
        </Link>
      ),
    },
  ];
}

/** Active accounts first, then by name, so the people in use now are at the top. */
function sortStaff(items: StaffAccount[]): StaffAccount[] {
  return [...items].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName, 'ja'),
  );
}

export function StaffListPage() {
  usePageTitle('職員管理');
  const api = useApi();
  const { saved } = routeApi.useSearch();
  const staff = useQuery(staffListQuery(api));
  const municipality = useQuery(municipalityQuery(api));

  return (
    <>
      <PageHeader
        title="職員管理"
        description="この自治体でシステムを使う職員の一覧です。役割・所属の変更、パスワードの再設定、利用停止は「編集」から行います。"
        actions={
          <Link to="/admin/staff/new" className={buttonClasses('primary')}>
            ＋ 職員を登録する
          </Link>
        }
      />
      {saved ? (
        <Alert variant="success" className="mb-6">
          {saved}さんの情報を保存しました。
        </Alert>
      ) : null}
      {staff.isPending ? (
        <Loading label="職員の一覧を読み込んでいます…" />
      ) : staff.isError ? (
        <AdminErrorAlert error={staff.error} title="職員の一覧を表示できませんでした" />
      ) : staff.data.items.length === 0 ? (
        <EmptyState title="登録されている職員はいません。">「職員を登録する」から登録してください。</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-std-16N-170">
            {staff.data.items.length}人（うち利用中 {staff.data.items.filter((item) => item.active).length}人）
          </p>
          <Table
            caption="職員の一覧"
            captionHidden
            columns={columns(municipality.data?.departments ?? [])}
            rows={sortStaff(staff.data.items)}
            rowKey={(item) => item.id}
            rowClassName={(item) => (item.active ? '' : 'bg-solid-gray-50 text-solid-gray-700')}
          />
        </>
      )}
    </>
  );
}
