import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import type { CaseStatus } from '../../api/counter';
import { usePageTitle } from '../../app/usePageTitle';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { CASE_STATUS_LABELS, CHANNEL_LABELS } from './labels';

export interface InboxSearch {
  status?: CaseStatus;
  departmentId?: string;
  procedureId?: string;
  offset?: number;
}

const PAGE = 30;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('ja-JP', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');

/**
 * 受付箱: the cases departments work on, from the counter, the kiosk and online alike. Reviewers see
 * their own departments' cases (the server decides); counter staff and admins see all.
 */
export function InboxPage() {
  usePageTitle('受付箱');
  const api = useApi();
  const search = useSearch({ strict: false }) as InboxSearch;
  const navigate = useNavigate();
  const status = search.status ?? 'submitted';
  const catalogue = useQuery({ queryKey: ['procedures'], queryFn: () => api.procedures.list(), staleTime: 60_000 });
  const inbox = useQuery({
    queryKey: ['inbox', status, search.departmentId, search.procedureId, search.offset],
    queryFn: () => api.cases.inbox({ status, departmentId: search.departmentId, procedureId: search.procedureId, limit: PAGE, offset: search.offset ?? 0 }),
    refetchInterval: 30_000,
  });
  const title = (id: string) => catalogue.data?.items.find((p) => p.procedureId === id)?.title ?? id;
  const departments = [...new Map((catalogue.data?.departments ?? []).map((d) => [d.departmentId, d.departmentName])).entries()];
  const set = (patch: Partial<InboxSearch>) => void navigate({ to: '/inbox', search: { ...search, ...patch, offset: undefined } });
  return (
    <>
      <PageHeader title="受付箱" description="窓口・記載台・オンラインで受け付けた案件です。開くと内容・届出書・処理の状況を確かめられます。" />
      <div className="mb-6 grid grid-cols-1 gap-4 md:grid-cols-3">
        <SelectField label="状態" value={status} onChange={(e) => set({ status: e.target.value as CaseStatus })}
          options={(['submitted', 'accepted', 'in_review', 'returned', 'completed', 'rejected', 'withdrawn'] as CaseStatus[]).map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))} />
        <SelectField label="担当課" value={search.departmentId ?? ''} onChange={(e) => set({ departmentId: e.target.value || undefined })}
          options={[{ value: '', label: 'すべて' }, ...departments.map(([id, name]) => ({ value: id, label: name }))]} />
        <SelectField label="手続き" value={search.procedureId ?? ''} onChange={(e) => set({ procedureId: e.target.value || undefined })}
          options={[{ value: '', label: 'すべて' }, ...(catalogue.data?.items ?? []).map((p) => ({ value: p.procedureId, label: p.title }))]} />
      </div>
      {inbox.isPending ? <Loading /> : inbox.isError ? <ErrorAlert error={inbox.error} /> : inbox.data.items.length === 0 ? (
        <EmptyState title={`「${CASE_STATUS_LABELS[status]}」の案件はありません`} />
      ) : (
        <>
          <p role="status" className="mb-3 text-std-16N-170">{`${inbox.data.total}件`}</p>
          <Table
            caption="受付箱の案件"
            captionHidden
            rowKey={(c) => c.id}
            rows={inbox.data.items}
            columns={[
              { header: '受付番号', cell: (c) => <Link to="/inbox/$caseId" params={{ caseId: c.id }} className="font-mono text-std-17B-170 text-key-900 underline">{c.receiptNumber ?? '（未採番）'}</Link> },
              { header: '手続き', cell: (c) => title(c.procedureId) },
              { header: '経路', cell: (c) => <Badge>{CHANNEL_LABELS[c.channel]}</Badge> },
              { header: '状態', cell: (c) => c.statusLabel },
              { header: '受付日時', cell: (c) => when(c.submittedAt) },
            ]}
          />
          <Pagination total={inbox.data.total} limit={PAGE} offset={search.offset ?? 0} onChange={(offset) => void navigate({ to: '/inbox', search: { ...search, offset } })} />
        </>
      )}
    </>
  );
}
