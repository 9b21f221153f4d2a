import { formatPostalCode } from '@madoguchi/jp';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useCanGoBack, useRouter } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import { isApiError } from '../../api/errors';
import type { Household, ResidenceChange, Resident, ResidentSummary } from '../../api/types';
import { useMe } from '../../app/auth';
import { isAdmin } from '../../app/roles';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { buttonClasses } from '../../components/Button';
import { DescriptionList } from '../../components/DescriptionList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { formatDateTime, formatIsoDateWithWareki, formatWarekiWithSeireki } from '../../lib/format';
import { sexLabels } from '../../lib/labels';
import { BirthDate } from './BirthDate';
import { ResidentStatusBadge } from './ResidentStatusBadge';

const routeApi = getRouteApi('/_staff/residents/$residentId');

// Recorded in the audit log as why the record was opened; procedures will pass their own.
const DETAIL_PURPOSE = '住民検索からの詳細表示';

function BackLink() {
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const className = 'inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4';
  // Going back keeps the search results and scroll position the person came from.
  return canGoBack ? (
    <button type="button" className={className} onClick={() => router.history.back()}>
      ← 検索結果に戻る
    </button>
  ) : (
    <Link to="/residents" className={className}>
      ← 住民検索へ
    </Link>
  );
}

function postalLine(postalCode: string): string {
  return postalCode ? `〒${formatPostalCode(postalCode)}` : '';
}

function PersonSection({ resident }: { resident: Resident }) {
  return (
    <Section title="基本情報">
      <DescriptionList
        items={[
          { term: '氏名', detail: resident.name },
          { term: 'フリガナ', detail: resident.kana },
          {
            term: '生年月日',
            detail: `${formatWarekiWithSeireki(resident.birthDateWareki, resident.birthDate)}・${resident.age}歳`,
          },
          { term: '性別', detail: sexLabels[resident.sex] },
          { term: '続柄', detail: resident.relationship },
          {
            term: '住所',
            detail: (
              <>
                <span className="block text-solid-gray-700">{postalLine(resident.postalCode)}</span>
                {resident.address}
              </>
            ),
          },
          { term: '住民となった日', detail: formatIsoDateWithWareki(resident.residentSince) },
          ...(resident.movedInFrom ? [{ term: '前住所', detail: resident.movedInFrom }] : []),
          { term: '住民票コード', detail: <span className="font-mono tracking-wider">{resident.residentRecordCode}</span> },
        ]}
      />
    </Section>
  );
}

function HouseholdSection({ household, currentId }: { household: Household; currentId: string }) {
  const columns: Column<ResidentSummary>[] = [
    {
      header: '氏名',
      cell: (member) =>
        member.id === currentId ? (
          <span className="flex flex-col">
            <span className="text-std-16B-170">{member.name}</span>
            <span className="text-dns-14N-130 text-solid-gray-700">（表示中の住民）</span>
          </span>
        ) : (
          <Link
            to="/residents/$residentId"
            params={{ residentId: member.id }}
            className="flex min-h-11 flex-col justify-center text-key-900"
          >
            <span className="text-std-16B-170 underline underline-offset-4">{member.name}</span>
            <span className="text-dns-14N-130 text-solid-gray-700">{member.kana}</span>
          </Link>
        ),
    },
    { header: '続柄', cell: (member) => member.relationship, className: 'whitespace-nowrap' },
    {
      header: '生年月日',
      cell: (member) => <BirthDate wareki={member.birthDateWareki} isoDate={member.birthDate} age={member.age} />,
      className: 'whitespace-nowrap',
    },
    { header: '状態', cell: (member) => <ResidentStatusBadge status={member.status} /> },
  ];
  return (
    <Section title={`世帯（${household.members.length}人）`}>
      <p className="mb-4 text-std-16N-170">
        <span className="text-solid-gray-700">{postalLine(household.postalCode)} </span>
        {household.address}
      </p>
      <Table
        caption="世帯員の一覧"
        captionHidden
        columns={columns}
        rows={household.members}
        rowKey={(member) => member.id}
        rowClassName={(member) => (member.id === currentId ? 'bg-key-50' : '')}
      />
    </Section>
  );
}

const historyColumns: Column<ResidenceChange>[] = [
  {
    header: '異動日',
    cell: (change) => <BirthDate wareki={change.effectiveDateWareki} isoDate={change.effectiveDate} />,
    className: 'whitespace-nowrap',
  },
  { header: '異動の種類', cell: (change) => change.kindLabel, className: 'whitespace-nowrap' },
  { header: '事由・備考', cell: (change) => change.reason ?? '—' },
  { header: '記録日時', cell: (change) => formatDateTime(change.recordedAt), className: 'whitespace-nowrap' },
];

function HistorySection({ history }: { history: ResidenceChange[] }) {
  return (
    <Section title="異動履歴">
      {history.length === 0 ? (
        <EmptyState title="異動の記録はありません。" />
      ) : (
        <Table caption="異動履歴の一覧" captionHidden columns={historyColumns} rows={history} rowKey={(change) => change.id} />
      )}
    </Section>
  );
}

export function ResidentDetailPage() {
  const api = useApi();
  const me = useMe();
  const { residentId } = routeApi.useParams();
  const record = useQuery({
    queryKey: ['residents', 'detail', residentId],
    queryFn: () => api.residents.get(residentId, DETAIL_PURPOSE),
    // Personal data is re-read on each visit (and so audited each time) and not kept around.
    staleTime: 0,
    gcTime: 60_000,
  });
  usePageTitle(record.data ? `${record.data.resident.name}さんの住民情報` : '住民情報');

  if (record.isPending) {
    return (
      <>
        <BackLink />
        <Loading label="住民情報を読み込んでいます…" />
      </>
    );
  }
  if (record.isError) {
    return (
      <div className="flex flex-col gap-4">
        <BackLink />
        <h1 className="text-std-28B-150">住民情報</h1>
        {isApiError(record.error, 'RESIDENT_NOT_FOUND') ? (
          <Alert variant="warning" title="この住民は見つかりませんでした">
            リンクが古いか、別の自治体の住民の可能性があります。住民検索からもう一度探してください。
          </Alert>
        ) : (
          <ErrorAlert error={record.error} title="住民情報を表示できませんでした" />
        )}
      </div>
    );
  }

  const { resident, household, history } = record.data;
  return (
    <>
      <PageHeader
        back={<BackLink />}
        title={resident.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <span>{resident.kana}</span>
            <ResidentStatusBadge status={resident.status} />
          </span>
        }
        actions={
          me && isAdmin(me.roles) ? (
            <Link
              to="/admin/audit"
              search={{ residentId: resident.id, residentName: resident.name }}
              className={buttonClasses('secondary', 'sm')}
            >
              この住民の閲覧記録を見る
            </Link>
          ) : null
        }
      />
      <p className="mb-6 text-std-16N-170 text-solid-gray-700">
        この画面を表示したことは、職員名・日時とともに監査ログに記録されています。業務に必要な範囲で利用してください。
      </p>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <PersonSection resident={resident} />
        <HouseholdSection household={household} currentId={resident.id} />
        <div className="xl:col-span-2">
          <HistorySection history={history} />
        </div>
      </div>
    </>
  );
}
