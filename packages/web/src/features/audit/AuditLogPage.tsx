import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import type { AuditEvent } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import type { AuditSearchQuery } from '../../app/router';
import { usePageTitle } from '../../app/usePageTitle';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { formatDateTimeParts } from '../../lib/format';
import { staffListQuery } from '../staff/queries';
import { AuditFilterForm } from './AuditFilterForm';
import type { AuditFilterValues } from './auditFilter';
import { AuditVerifyPanel } from './AuditVerifyPanel';

const routeApi = getRouteApi('/_staff/_admin/admin/audit');
const PAGE_SIZE = 50;

function SubjectCell({ event, filteredResidentId }: { event: AuditEvent; filteredResidentId: string | undefined }) {
  if (event.subjectType === 'resident' && event.subjectId) {
    const name = event.subjectLabel ?? '住民';
    return (
      <span className="flex flex-col items-start">
        <span>{name}</span>
        {event.subjectId === filteredResidentId ? null : (
          <Link
            to="/admin/audit"
            search={{ residentId: event.subjectId, residentName: name }}
            className="inline-flex min-h-11 items-center text-dns-14N-130 text-key-900 underline"
            aria-label={`この住民の記録だけ表示（${name}さん）`}
          >
            この住民の記録だけ表示
          </Link>
        )}
      </span>
    );
  }
  // With a resident filter, the server also returns searches and household reads that showed them.
  if (filteredResidentId) return <span className="text-solid-gray-700">（検索結果などに表示）</span>;
  return <>{event.subjectLabel ?? '—'}</>;
}

/** Events without a signed-in actor: failed logins, or the system itself (e.g. initial data load). */
function actorlessLabel(event: AuditEvent): string {
  return event.action === 'auth.login_failed' ? '（ログイン前）' : '（システム）';
}

function DateTimeCell({ iso }: { iso: string }) {
  const { date, time } = formatDateTimeParts(iso);
  return (
    <span className="flex flex-col">
      <span>{date}</span>
      <span className="tabular-nums text-solid-gray-700">{time}</span>
    </span>
  );
}

function auditColumns(filteredResidentId: string | undefined): Column<AuditEvent>[] {
  return [
    { header: '日時', cell: (event) => <DateTimeCell iso={event.at} />, className: 'whitespace-nowrap' },
    { header: '職員', cell: (event) => event.actor?.displayName ?? actorlessLabel(event), className: 'whitespace-nowrap' },
    { header: '操作', cell: (event) => event.actionLabel, className: 'min-w-28' },
    {
      header: '対象',
      cell: (event) => <SubjectCell event={event} filteredResidentId={filteredResidentId} />,
      className: 'min-w-28',
    },
    { header: '目的', cell: (event) => event.purpose ?? '—', className: 'min-w-28' },
    { header: '番号', cell: (event) => event.seq ?? '連結待ち', className: 'text-right tabular-nums' },
  ];
}

function toFilterValues(search: AuditSearchQuery): AuditFilterValues {
  return { staffId: search.staffId ?? '', action: search.action ?? '', from: search.from ?? '', to: search.to ?? '' };
}

export function AuditLogPage() {
  usePageTitle('監査ログ');
  const api = useApi();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const offset = search.offset ?? 0;
  const staff = useQuery(staffListQuery(api));
  const { residentName: _label, offset: _offset, ...filter } = search;
  const events = useQuery({
    queryKey: ['admin', 'audit', filter, offset],
    queryFn: () => api.audit.list({ ...filter, limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });

  const apply = (values: AuditFilterValues) =>
    void navigate({
      search: {
        residentId: search.residentId,
        residentName: search.residentName,
        staffId: values.staffId || undefined,
        action: values.action || undefined,
        from: values.from || undefined,
        to: values.to || undefined,
      },
    });

  return (
    <>
      <PageHeader
        title="監査ログ"
        description="誰が・いつ・どの住民の情報を・何のために見たかを確認できます。住民の詳細画面の「この住民の閲覧記録を見る」からも開けます。"
      />
      <div className="flex flex-col gap-6">
        <AuditVerifyPanel />
        <Section title="絞り込み">
          {search.residentId ? (
            <div className="mb-5 flex flex-wrap items-center gap-3 rounded-8 border-2 border-key-900 bg-key-50 px-4 py-2">
              <p className="text-std-16N-170">
                対象の住民：<span className="text-std-16B-170">{search.residentName ?? '指定の住民'}</span>
                （検索結果や世帯の表示に含まれた記録も表示します）
              </p>
              <Button
                variant="tertiary"
                size="sm"
                onClick={() => void navigate({ search: { ...search, residentId: undefined, residentName: undefined, offset: undefined } })}
              >
                住民の指定を解除
              </Button>
            </div>
          ) : null}
          <AuditFilterForm
            key={JSON.stringify(toFilterValues(search))}
            initial={toFilterValues(search)}
            staff={staff.data?.items ?? []}
            onApply={apply}
            onClear={() => void navigate({ search: {} })}
          />
        </Section>
        <section aria-labelledby="audit-results">
          <h2 id="audit-results" className="mb-3 text-std-22B-150">
            記録
          </h2>
          {events.isPending ? (
            <Loading label="監査ログを読み込んでいます…" />
          ) : events.isError ? (
            <AdminErrorAlert error={events.error} title="監査ログを表示できませんでした" />
          ) : events.data.total === 0 ? (
            <EmptyState title="条件に合う記録はありません。">期間を広げるか、条件をクリアしてください。</EmptyState>
          ) : (
            <>
              <p role="status" className="mb-3 text-std-16N-170">
                {events.data.total.toLocaleString('ja-JP')}件の記録があります（新しい順）。
              </p>
              <Table caption="監査ログの記録" captionHidden dense columns={auditColumns(search.residentId)} rows={events.data.items} rowKey={(event) => event.id} />
              <Pagination
                label="監査ログのページ送り"
                total={events.data.total}
                offset={offset}
                limit={PAGE_SIZE}
                onChange={(next) => void navigate({ search: { ...search, offset: next || undefined } })}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}
