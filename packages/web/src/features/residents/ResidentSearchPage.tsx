import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import { ApiError, detailsByPath } from '../../api/errors';
import type { ResidentSummary } from '../../api/types';
import { usePageTitle } from '../../app/usePageTitle';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Table, type Column } from '../../components/Table';
import { sexLabels } from '../../lib/labels';
import { BirthDate } from './BirthDate';
import { ResidentSearchForm } from './ResidentSearchForm';
import { ResidentStatusBadge } from './ResidentStatusBadge';
import { hasCriteria, type SearchCriteria, type SearchFormErrors } from './searchCriteria';

const routeApi = getRouteApi('/_staff/residents');
const PAGE_SIZE = 20;

const columns: Column<ResidentSummary>[] = [
  {
    header: '氏名',
    cell: (resident) => (
      <Link
        to="/residents/$residentId"
        params={{ residentId: resident.id }}
        className="flex min-h-11 flex-col justify-center text-key-900 underline-offset-4 hover:underline"
      >
        <span className="text-std-17B-170 underline">{resident.name}</span>
        <span className="text-dns-14N-130 text-solid-gray-700">{resident.kana}</span>
      </Link>
    ),
    className: 'whitespace-nowrap',
  },
  {
    header: '生年月日',
    cell: (resident) => <BirthDate wareki={resident.birthDateWareki} isoDate={resident.birthDate} age={resident.age} />,
    className: 'whitespace-nowrap',
  },
  { header: '性別', cell: (resident) => sexLabels[resident.sex], className: 'whitespace-nowrap' },
  { header: '住所', cell: (resident) => resident.address, className: 'min-w-56' },
  { header: '状態', cell: (resident) => <ResidentStatusBadge status={resident.status} /> },
];

/** Server complaints about the criteria belong next to the field, not in a generic box. */
function criteriaErrors(error: unknown): SearchFormErrors {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'INVALID_DATE') return { birth: detailsByPath(error).get('birth') ?? error.message };
  if (error.code === 'QUERY_TOO_BROAD') return { form: error.message };
  return {};
}

export function ResidentSearchPage() {
  usePageTitle('住民検索');
  const api = useApi();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const offset = search.offset ?? 0;
  const criteria: SearchCriteria = { q: search.q, birth: search.birth, address: search.address, status: search.status };
  const searching = hasCriteria(criteria);

  const results = useQuery({
    queryKey: ['residents', 'search', criteria, offset],
    queryFn: () => api.residents.search({ ...criteria, limit: PAGE_SIZE, offset }),
    enabled: searching,
    placeholderData: keepPreviousData,
  });
  const fieldErrors = criteriaErrors(results.error);
  const otherError = results.error && Object.keys(fieldErrors).length === 0 ? results.error : null;

  return (
    <>
      <PageHeader
        title="住民検索"
        description="氏名・カナ、生年月日、住所のどれか1つ以上を入力して検索してください。結果の氏名を押すと詳細を表示します。"
      />
      <ResidentSearchForm
        // Remount when the URL changes (back button, cleared search) so the fields show what was searched.
        key={JSON.stringify(criteria)}
        initial={criteria}
        busy={results.isFetching}
        serverErrors={fieldErrors}
        onSearch={(next) => void navigate({ search: next })}
        onClear={() => void navigate({ search: {} })}
      />
      <section aria-labelledby="results-heading" className="mt-8">
        <h2 id="results-heading" className="mb-3 text-std-22B-150">
          検索結果
        </h2>
        <div>
          {!searching ? (
            <p className="text-std-16N-170 text-solid-gray-700">検索条件を入力すると、ここに結果が表示されます。</p>
          ) : results.isPending ? (
            <Loading label="検索しています…" />
          ) : otherError ? (
            <ErrorAlert error={otherError} title="検索できませんでした" />
          ) : results.data && results.data.total === 0 ? (
            <EmptyState title="該当する住民はいません。">
              氏名の一部やカナで検索してください。生年月日は「昭和45年」のように年だけでも検索できます。
            </EmptyState>
          ) : results.data ? (
            <>
              <p role="status" className="mb-3 text-std-17B-170">
                {results.data.totalIsLowerBound
                  ? `${results.data.total.toLocaleString('ja-JP')}件以上見つかりました。名前を長めに入れるか、生年月日や住所も入れて絞り込んでください。`
                  : `${results.data.total.toLocaleString('ja-JP')}件見つかりました。`}
              </p>
              <Table
                caption="住民の検索結果"
                captionHidden
                columns={columns}
                rows={results.data.items}
                rowKey={(resident) => resident.id}
              />
              <Pagination
                label="検索結果のページ送り"
                total={results.data.total}
                offset={offset}
                limit={PAGE_SIZE}
                onChange={(next) => void navigate({ search: { ...criteria, offset: next || undefined } })}
              />
            </>
          ) : null}
        </div>
      </section>
    </>
  );
}
