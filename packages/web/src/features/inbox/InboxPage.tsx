import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { CaseStatus } from '../../api/counter';
import type { BulkResult, InboxSort, WorkCase } from '../../api/online';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { CASE_STATUS_LABELS, CHANNEL_LABELS } from './labels';

export interface InboxSearch {
  status?: CaseStatus;
  departmentId?: string;
  procedureId?: string;
  assignee?: string;
  sort?: InboxSort;
  receipt?: string;
  offset?: number;
}

const PAGE = 30;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('ja-JP', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');
const SORTS: { value: InboxSort; label: string }[] = [
  { value: 'submitted_desc', label: '受付日時が新しい順' },
  { value: 'submitted_asc', label: '受付日時が古い順' },
  { value: 'updated_desc', label: '最近動きがあった順' },
];

/** The outcome of a bulk action, case by case. */
function BulkOutcome({ result, onClose }: { result: BulkResult; onClose: () => void }) {
  return (
    <Alert variant={result.failed === 0 ? 'success' : 'warning'} title={`${result.done}件を処理しました${result.failed ? `（${result.failed}件はできませんでした）` : ''}`} focusOnMount>
      {result.failed ? (
        <ul className="list-disc pl-6">
          {result.results.filter((r) => !r.ok).map((r) => <li key={r.caseId}>{`${r.receiptNumber ?? '（番号なし）'}: ${r.message ?? r.code ?? ''}`}</li>)}
        </ul>
      ) : null}
      <Button size="sm" variant="tertiary" onClick={onClose}>閉じる</Button>
    </Alert>
  );
}

/**
 * 受付箱: the cases departments work on, from the counter, the kiosk and online alike. Reviewers see
 * their own departments' cases (the server decides); counter staff and admins see all. Cases can be
 * picked and accepted, handed to someone or exported together; each case reports its own outcome.
 */
export function InboxPage() {
  usePageTitle('受付箱');
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const search = useSearch({ strict: false }) as InboxSearch;
  const navigate = useNavigate();
  const status = search.status ?? 'submitted';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignTo, setAssignTo] = useState('');
  const [receipt, setReceipt] = useState(search.receipt ?? '');
  const [outcome, setOutcome] = useState<BulkResult | null>(null);
  const catalogue = useQuery({ queryKey: ['procedures'], queryFn: () => api.procedures.list(), staleTime: 60_000 });
  const people = useQuery({ queryKey: ['assignable'], queryFn: () => api.online.assignable(), staleTime: 60_000 });
  const inbox = useQuery({
    queryKey: ['inbox', status, search.departmentId, search.procedureId, search.assignee, search.sort, search.receipt, search.offset],
    queryFn: () => api.online.inbox({
      status, departmentId: search.departmentId, procedureId: search.procedureId, assignee: search.assignee, sort: search.sort, receipt: search.receipt, limit: PAGE, offset: search.offset ?? 0,
    }),
    refetchInterval: 30_000,
  });
  const ids = inbox.data?.items.filter((c) => c.channel === 'online').map((c) => c.id) ?? [];
  const fees = useQuery({ queryKey: ['inbox-fees', ids], queryFn: () => api.online.fees(ids), enabled: ids.length > 0 });
  const title = (id: string) => catalogue.data?.items.find((p) => p.procedureId === id)?.title ?? id;
  const person = (id: string | null) => (id === null ? '—' : id === me?.id ? `${people.data?.find((p) => p.id === id)?.displayName ?? ''}（自分）` : people.data?.find((p) => p.id === id)?.displayName ?? '他課の職員');
  const departments = [...new Map((catalogue.data?.departments ?? []).map((d) => [d.departmentId, d.departmentName])).entries()];
  const set = (patch: Partial<InboxSearch>) => { setSelected(new Set()); void navigate({ to: '/inbox', search: { ...search, ...patch, offset: undefined } }); };

  const bulk = useMutation({
    mutationFn: (action: 'accept' | 'assign') => api.online.bulk({ action, caseIds: [...selected], ...(action === 'assign' ? { staffId: assignTo === 'none' ? null : assignTo } : {}) }),
    onSuccess: (r) => { setOutcome(r); setSelected(new Set()); void queryClient.invalidateQueries({ queryKey: ['inbox'] }); },
  });
  const rows = inbox.data?.items ?? [];
  const chosen = rows.filter((c) => selected.has(c.id));
  const oneProcedure = chosen.length > 0 && chosen.every((c) => c.procedureId === chosen[0]!.procedureId) ? chosen[0]!.procedureId : null;
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const allOnPage = rows.length > 0 && rows.every((c) => selected.has(c.id));

  return (
    <>
      <PageHeader title="受付箱" description="窓口・記載台・オンラインで受け付けた案件です。開くと内容・届出書・処理の状況を確かめられます。まとめて受付・担当者の割り当て・CSVの書き出しもできます。" />
      <div className="mb-4 grid grid-cols-1 gap-4 md:grid-cols-3">
        <SelectField label="状態" value={status} onChange={(e) => set({ status: e.target.value as CaseStatus })}
          options={(['submitted', 'accepted', 'in_review', 'returned', 'completed', 'rejected', 'withdrawn'] as CaseStatus[]).map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))} />
        <SelectField label="担当課" value={search.departmentId ?? ''} onChange={(e) => set({ departmentId: e.target.value || undefined })}
          options={[{ value: '', label: 'すべて' }, ...departments.map(([id, name]) => ({ value: id, label: name }))]} />
        <SelectField label="手続き" value={search.procedureId ?? ''} onChange={(e) => set({ procedureId: e.target.value || undefined })}
          options={[{ value: '', label: 'すべて' }, ...(catalogue.data?.items ?? []).map((p) => ({ value: p.procedureId, label: p.title }))]} />
        <SelectField label="担当者" value={search.assignee ?? ''} onChange={(e) => set({ assignee: e.target.value || undefined })}
          options={[{ value: '', label: 'すべて' }, { value: 'me', label: '自分' }, { value: 'none', label: '未割当' }, ...(people.data ?? []).filter((p) => p.id !== me?.id).map((p) => ({ value: p.id, label: p.displayName }))]} />
        <SelectField label="並び順" value={search.sort ?? 'submitted_desc'} onChange={(e) => set({ sort: e.target.value as InboxSort })} options={SORTS} />
        <form className="flex items-end gap-2" role="search" onSubmit={(e) => { e.preventDefault(); set({ receipt: receipt.trim() || undefined }); }}>
          <TextField label="受付番号で探す" value={receipt} onChange={(e) => setReceipt(e.target.value)} placeholder="R8-000123" maxLength={20} className="flex-1" />
          <Button type="submit" variant="secondary">探す</Button>
        </form>
      </div>
      {outcome ? <div className="mb-4"><BulkOutcome result={outcome} onClose={() => setOutcome(null)} /></div> : null}
      {chosen.length > 0 ? (
        <section aria-label="選択した案件の操作" className="sticky top-0 z-10 mb-4 flex flex-wrap items-end gap-3 rounded-8 border-2 border-key-900 bg-white p-3">
          <p className="text-std-17B-170" role="status">{`${chosen.length}件を選択中`}</p>
          {status === 'submitted' ? <Button busy={bulk.isPending && bulk.variables === 'accept'} onClick={() => bulk.mutate('accept')}>まとめて受付する</Button> : null}
          <SelectField label="担当者" value={assignTo} onChange={(e) => setAssignTo(e.target.value)}
            options={[{ value: '', label: '選んでください' }, { value: 'none', label: 'なし（担当を外す）' }, ...(people.data ?? []).map((p) => ({ value: p.id, label: p.id === me?.id ? `${p.displayName}（自分）` : p.displayName }))]} />
          <Button variant="secondary" disabled={!assignTo} busy={bulk.isPending && bulk.variables === 'assign'} onClick={() => bulk.mutate('assign')}>担当者を割り当てる</Button>
          {oneProcedure ? (
            <a className={buttonClasses('secondary')} href={api.online.exportUrl({ procedureId: oneProcedure, status, encoding: 'utf-8', ids: chosen.map((c) => c.id) })} download>
              選択した案件をCSVで書き出す
            </a>
          ) : <p className="text-std-16N-170 text-solid-gray-700">CSVの書き出しは、同じ手続きの案件を選んだときにできます。</p>}
          <Button variant="tertiary" onClick={() => setSelected(new Set())}>選択を解除</Button>
          {bulk.isError ? <ErrorAlert error={bulk.error} /> : null}
        </section>
      ) : null}
      {inbox.isPending ? <Loading /> : inbox.isError ? <ErrorAlert error={inbox.error} /> : inbox.data.items.length === 0 ? (
        <EmptyState title={`「${CASE_STATUS_LABELS[status]}」の案件はありません`} />
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center gap-4">
            <p role="status" className="text-std-16N-170">{`${inbox.data.total}件`}</p>
            <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
              <input type="checkbox" className="size-5 accent-key-900" checked={allOnPage} onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((c) => c.id)))} />
              このページの案件をすべて選ぶ
            </label>
          </div>
          <Table
            caption="受付箱の案件"
            captionHidden
            rowKey={(c: WorkCase) => c.id}
            rows={rows}
            columns={[
              {
                header: '選択',
                cell: (c) => <input type="checkbox" className="size-5 accent-key-900" aria-label={`${c.receiptNumber ?? '未採番の案件'}を選ぶ`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />,
              },
              { header: '受付番号', cell: (c) => <Link to="/inbox/$caseId" params={{ caseId: c.id }} className="font-mono text-std-17B-170 text-key-900 underline">{c.receiptNumber ?? '（未採番）'}</Link> },
              { header: '手続き', cell: (c) => title(c.procedureId) },
              { header: '経路', cell: (c) => <Badge>{CHANNEL_LABELS[c.channel]}</Badge> },
              { header: '状態', cell: (c) => c.statusLabel },
              { header: '担当者', cell: (c) => person(c.assignedStaffId) },
              {
                header: '手数料',
                cell: (c) => {
                  const fee = fees.data?.find((x) => x.caseId === c.id);
                  return fee ? <Badge tone={fee.status === 'paid' ? 'positive' : 'notice'}>{fee.statusLabel}</Badge> : '—';
                },
              },
              { header: '受付日時', cell: (c) => when(c.submittedAt) },
            ]}
          />
          <Pagination total={inbox.data.total} limit={PAGE} offset={search.offset ?? 0} onChange={(offset) => { setSelected(new Set()); void navigate({ to: '/inbox', search: { ...search, offset } }); }} />
        </>
      )}
    </>
  );
}
