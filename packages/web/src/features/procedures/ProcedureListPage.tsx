import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { ProcedureDepartment, ProcedureListItem } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table, type Column } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { formatDateTime } from '../../lib/format';
import { catalogueStatusLabels, departmentChoices, filterCatalogue, type CatalogueStatus } from './catalogueFilter';
import { procedureIdProblem } from './draftDocument';
import { kindLabels } from './labels';
import { departmentsForNewProcedures } from './permissions';
import { catalogueQuery } from './queries';

const routeApi = getRouteApi('/_staff/procedures');

const columns: Column<ProcedureListItem>[] = [
  {
    header: '手続き',
    cell: (item) => (
      <span className="flex flex-col gap-1">
        <Link to="/procedures/$procedureId" params={{ procedureId: item.procedureId }} search={{}} className="text-std-16B-170 text-key-900 underline underline-offset-4">
          {item.title}
        </Link>
        <span className="flex flex-wrap items-center gap-2">
          {item.kind ? <Badge>{kindLabels[item.kind]}</Badge> : null}
          <span className="font-mono text-dns-14N-130 text-solid-gray-700">{item.procedureId}</span>
        </span>
      </span>
    ),
  },
  {
    header: '担当',
    cell: (item) =>
      item.department ? (
        <span className="flex flex-col">
          <span>{item.department.departmentName}</span>
          <span className="text-dns-14N-130 text-solid-gray-700">{item.department.section.replace(/（.*）$/, '')}</span>
        </span>
      ) : (
        <Badge tone="negative">担当課が未設定</Badge>
      ),
  },
  {
    header: '公開中の版',
    cell: (item) =>
      item.latest ? (
        <span className="flex flex-col">
          <span className="flex items-center gap-2">
            <Badge tone="positive">公開中</Badge>第{item.latest.version}版
          </span>
          <span className="text-dns-14N-130 text-solid-gray-700">{formatDateTime(item.latest.publishedAt)}</span>
        </span>
      ) : (
        <Badge tone="notice">未公開</Badge>
      ),
  },
  {
    header: '下書き',
    cell: (item) =>
      item.draft ? (
        <span className="flex flex-col">
          <span>
            <Badge tone="notice">下書きあり</Badge>
          </span>
          <span className="text-dns-14N-130 text-solid-gray-700">
            {formatDateTime(item.draft.updatedAt)}
            {item.draft.updatedBy ? ` ${item.draft.updatedBy.displayName}` : ''}
          </span>
        </span>
      ) : (
        <span className="text-solid-gray-700">なし</span>
      ),
  },
  {
    header: '操作',
    className: 'whitespace-nowrap',
    cell: (item) =>
      item.canEdit ? (
        <Link
          to="/procedures/$procedureId/draft"
          params={{ procedureId: item.procedureId }}
          search={{}}
          className={buttonClasses('secondary', 'sm')}
          aria-label={item.draft ? `${item.title}の下書きを編集` : `${item.title}を編集する`}
        >
          {item.draft ? '下書きを編集' : '編集する'}
        </Link>
      ) : null,
  },
];

function NewProcedureForm({ existing, departments }: { existing: string[]; departments: ProcedureDepartment[] }) {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [department, setDepartment] = useState(departments[0]?.ref ?? '');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = procedureIdProblem(id.trim(), existing);
    setProblem(found);
    if (!found) void navigate({ to: '/procedures/$procedureId/draft', params: { procedureId: id.trim() }, search: { department } });
  };
  return (
    <form noValidate onSubmit={submit} className="grid grid-cols-1 items-start gap-4 md:grid-cols-[1fr_1fr_auto]">
      <TextField
        label="手続きID"
        name="procedureId"
        value={id}
        onChange={(e) => setId(e.target.value)}
        error={problem}
        autoComplete="off"
        spellCheck={false}
      />
      <SelectField
        label="担当（係・窓口）"
        options={departments.map((d) => ({ value: d.ref, label: `${d.departmentName} ${d.section.replace(/（.*）$/, '')}` }))}
        value={department}
        onChange={(e) => setDepartment(e.target.value)}
      />
      <Button type="submit" className="md:mt-[34px]">
        下書きを作る
      </Button>
    </form>
  );
}

export function ProcedureListPage() {
  usePageTitle('手続きカタログ');
  const api = useApi();
  const me = useMe();
  const navigate = useNavigate();
  const search = routeApi.useSearch();
  const catalogue = useQuery(catalogueQuery(api));
  const setFilter = (patch: { q?: string | undefined; department?: string | undefined; status?: CatalogueStatus | undefined }) =>
    void navigate({ to: '/procedures', search: { ...search, ...patch }, replace: true });

  const creatableDepartments = departmentsForNewProcedures(me, catalogue.data?.departments ?? []);

  return (
    <>
      <PageHeader
        title="手続きカタログ"
        description="この自治体で受け付ける手続きの定義です。書かない窓口・記載台・オンライン申請・移動市役所のすべてが、ここで公開した版を使います。"
      />
      {catalogue.isPending ? (
        <Loading label="手続きの一覧を読み込んでいます…" />
      ) : catalogue.isError ? (
        <AdminErrorAlert error={catalogue.error} title="手続きの一覧を表示できませんでした" />
      ) : (
        <div className="flex flex-col gap-6">
          <form role="search" aria-label="手続きの絞り込み" onSubmit={(e) => e.preventDefault()} className="grid grid-cols-1 gap-4 rounded-12 border border-solid-gray-200 bg-white p-4 md:grid-cols-3">
            <TextField label="手続き名・ID・係" type="search" value={search.q ?? ''} onChange={(e) => setFilter({ q: e.target.value || undefined })} placeholder="例: 児童手当" />
            <SelectField
              label="担当課"
              options={[{ value: '', label: 'すべての課' }, ...departmentChoices(catalogue.data.departments)]}
              value={search.department ?? ''}
              onChange={(e) => setFilter({ department: e.target.value || undefined })}
            />
            <SelectField
              label="状態"
              options={[{ value: '', label: 'すべて' }, ...(Object.keys(catalogueStatusLabels) as CatalogueStatus[]).map((s) => ({ value: s, label: catalogueStatusLabels[s] }))]}
              value={search.status ?? ''}
              onChange={(e) => setFilter({ status: (e.target.value || undefined) as CatalogueStatus | undefined })}
            />
          </form>
          <Results items={filterCatalogue(catalogue.data.items, search)} total={catalogue.data.items.length} />
          {creatableDepartments.length > 0 ? (
            <Section title="新しい手続きを作る">
              <p className="mb-4 text-std-16N-170">
                IDと担当を決めると、ひな形から下書きを作ります。公開するまで窓口やオンラインには出ません。手続きIDは英小文字・数字・ハイフンで、案件やURLに使われるため、あとから変えられません。
              </p>
              <NewProcedureForm existing={catalogue.data.items.map((i) => i.procedureId)} departments={creatableDepartments} />
            </Section>
          ) : null}
        </div>
      )}
    </>
  );
}

function Results({ items, total }: { items: ProcedureListItem[]; total: number }) {
  if (items.length === 0) {
    return <EmptyState title="条件に合う手続きはありません。">検索語や担当課・状態の条件を変えてください。</EmptyState>;
  }
  return (
    <div className="flex flex-col gap-3">
      <p role="status" className="text-std-16N-170">
        {total}件中 {items.length}件を表示しています。
      </p>
      <Table caption="手続きの一覧" captionHidden columns={columns} rows={items} rowKey={(item) => item.procedureId} />
    </div>
  );
}
