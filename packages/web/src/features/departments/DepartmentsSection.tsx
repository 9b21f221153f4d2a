import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiProvider';
import { detailsByPath, isApiError } from '../../api/errors';
import type { DepartmentWithStaff } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { formatDateTimeParts } from '../../lib/format';
import { municipalityQuery } from '../staff/queries';
import { DepartmentForm } from './DepartmentForm';
import {
  departmentFormValues,
  emptyDepartmentForm,
  sortDepartments,
  toDepartmentChange,
  toNewDepartment,
  type DepartmentFormValues,
} from './departmentForm';
import { departmentListKey, departmentListQuery } from './queries';

/** What the panel above the list is doing: nothing, adding, editing or confirming a retirement. */
type Panel = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; department: DepartmentWithStaff } | { kind: 'retire'; department: DepartmentWithStaff };

const staffManagementLink = (
  <Link to="/admin/staff" search={{}} className="mt-2 inline-flex min-h-11 items-center text-std-16B-170 text-key-900 underline">
    職員管理で所属する課を変更する
  </Link>
);

/** A card above the list that takes focus when it opens, so a tablet scrolls to it and a screen reader reads it. */
function PanelCard({ title, children }: { title: string; children: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="mb-6 flex flex-col gap-4 rounded-8 border-2 border-key-900 bg-key-50 p-5">
      <h3 ref={headingRef} tabIndex={-1} className="text-std-20B-150 text-solid-gray-900 outline-none">
        {title}
      </h3>
      {children}
    </div>
  );
}

function RetirePanel({ department, onDone, onCancel }: { department: DepartmentWithStaff; onDone: (message: string) => void; onCancel: () => void }) {
  const api = useApi();
  const retire = useMutation({ mutationFn: () => api.departments.retire(department.id), onSuccess: () => onDone(`${department.name}を廃止しました。`) });
  if (department.activeStaffCount > 0) {
    return (
      <PanelCard title={`${department.name}はまだ廃止できません`}>
        <Alert variant="warning">
          <p>
            {department.name}には利用中の職員が{department.activeStaffCount}人所属しています。先にその職員の所属する課を変更するか、利用を停止してください。
          </p>
          {staffManagementLink}
        </Alert>
        <div>
          <Button variant="secondary" onClick={onCancel}>
            一覧に戻る
          </Button>
        </div>
      </PanelCard>
    );
  }
  return (
    <PanelCard title={`${department.name}を廃止しますか？`}>
      <div role="alertdialog" aria-label={`${department.name}の廃止の確認`} className="flex flex-col gap-4">
        <p className="text-std-16N-170">
          廃止すると、職員の所属する課として選べなくなります。これまでの記録に残る課の名前は消えません。間違えた場合は「廃止を取り消す」で元に戻せます。
        </p>
        {retire.error ? (
          // Someone may have assigned staff since the list was loaded: the server says whom to move.
          isApiError(retire.error, 'DEPARTMENT_HAS_STAFF') ? (
            <Alert variant="error" title="廃止できませんでした">
              <p>{retire.error.message}</p>
              {staffManagementLink}
            </Alert>
          ) : (
            <AdminErrorAlert error={retire.error} title="廃止できませんでした" />
          )
        ) : null}
        <div className="flex flex-wrap gap-3">
          <Button variant="danger" busy={retire.isPending} busyLabel="廃止しています…" onClick={() => retire.mutate()}>
            廃止する
          </Button>
          <Button variant="tertiary" onClick={onCancel}>
            やめる
          </Button>
        </div>
      </div>
    </PanelCard>
  );
}

function EditPanel({ panel, onDone, onCancel }: { panel: Extract<Panel, { kind: 'create' | 'edit' }>; onDone: (message: string) => void; onCancel: () => void }) {
  const api = useApi();
  const save = useMutation({
    mutationFn: async (values: DepartmentFormValues) => {
      if (panel.kind === 'create') return api.departments.create(toNewDepartment(values));
      const change = toDepartmentChange(values, panel.department);
      return Object.keys(change).length > 0 ? api.departments.update(panel.department.id, change) : panel.department;
    },
    onSuccess: (department) => onDone(panel.kind === 'create' ? `${department.name}を追加しました。` : `${department.name}を保存しました。`),
  });
  const isCreate = panel.kind === 'create';
  return (
    <PanelCard title={isCreate ? '課を追加する' : `${panel.department.name}を編集`}>
      <DepartmentForm
        mode={isCreate ? 'create' : 'edit'}
        initial={isCreate ? emptyDepartmentForm : departmentFormValues(panel.department)}
        onSubmit={(values) => save.mutate(values)}
        onCancel={onCancel}
        busy={save.isPending}
        submitLabel={isCreate ? '追加する' : '保存する'}
        serverErrors={detailsByPath(save.error)}
        banner={save.error ? <AdminErrorAlert error={save.error} title={isCreate ? '追加できませんでした' : '保存できませんでした'} /> : null}
      />
    </PanelCard>
  );
}

function columns(open: (panel: Panel) => void, reinstate: (department: DepartmentWithStaff) => void, reinstating: string | undefined): Column<DepartmentWithStaff>[] {
  return [
    {
      header: '課',
      cell: (d) => (
        <span className="flex flex-col">
          <span className="text-std-16B-170">{d.name}</span>
          <span className="font-mono text-dns-14N-130 text-solid-gray-700">{d.code}</span>
        </span>
      ),
    },
    { header: '窓口の場所', cell: (d) => d.location ?? <span className="text-solid-gray-700">未設定</span>, className: 'whitespace-nowrap' },
    { header: '職員', cell: (d) => `${d.activeStaffCount}人`, className: 'whitespace-nowrap' },
    {
      header: '状態',
      cell: (d) =>
        d.active ? (
          <Badge tone="positive">使用中</Badge>
        ) : (
          <span className="flex flex-col items-start gap-1">
            <Badge tone="negative">廃止</Badge>
            {d.retiredAt ? <span className="whitespace-nowrap text-dns-14N-130 text-solid-gray-700">{formatDateTimeParts(d.retiredAt).date}</span> : null}
          </span>
        ),
    },
    {
      header: '操作',
      className: 'whitespace-nowrap',
      cell: (d) => (
        <span className="flex gap-2">
          <Button variant="secondary" size="sm" aria-label={`${d.name}を編集`} onClick={() => open({ kind: 'edit', department: d })}>
            編集
          </Button>
          {d.active ? (
            <Button variant="danger" size="sm" aria-label={`${d.name}を廃止する`} onClick={() => open({ kind: 'retire', department: d })}>
              廃止する
            </Button>
          ) : (
            <Button
              variant="secondary"
              size="sm"
              aria-label={`${d.name}の廃止を取り消す`}
              busy={reinstating === d.id}
              busyLabel="取り消しています…"
              onClick={() => reinstate(d)}
            >
              廃止を取り消す
            </Button>
          )}
        </span>
      ),
    },
  ];
}

export function DepartmentsSection() {
  const api = useApi();
  const queryClient = useQueryClient();
  const departments = useQuery(departmentListQuery(api));
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [notice, setNotice] = useState<string>();

  const refresh = async () => {
    // The staff screens read departments through /municipality; keep them in step.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: departmentListKey }),
      queryClient.invalidateQueries({ queryKey: municipalityQuery(api).queryKey, exact: true }),
    ]);
  };
  const done = async (message: string) => {
    await refresh();
    setPanel({ kind: 'none' });
    setNotice(message);
  };
  const open = (next: Panel) => {
    setNotice(undefined);
    reinstate.reset();
    setPanel(next);
  };
  const reinstate = useMutation({
    mutationFn: (department: DepartmentWithStaff) => api.departments.reinstate(department.id),
    onSuccess: (department) => done(`${department.name}の廃止を取り消しました。`),
  });

  const items = departments.data ? sortDepartments(departments.data.items) : [];
  const retiredCount = items.filter((d) => !d.active).length;

  return (
    <Section
      title="課"
      actions={
        panel.kind === 'none' ? (
          <Button onClick={() => open({ kind: 'create' })}>＋ 課を追加する</Button>
        ) : null
      }
    >
      <p className="mb-4 text-std-16N-170">
        職員の所属や手続きの担当に使う課です。使わなくなった課は削除せずに「廃止」します（これまでの記録に名前が残ります）。
      </p>
      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {reinstate.error ? <AdminErrorAlert error={reinstate.error} title="廃止を取り消せませんでした" /> : null}
      {panel.kind === 'create' || panel.kind === 'edit' ? (
        <EditPanel key={panel.kind === 'edit' ? panel.department.id : 'new'} panel={panel} onDone={done} onCancel={() => setPanel({ kind: 'none' })} />
      ) : panel.kind === 'retire' ? (
        <RetirePanel key={panel.department.id} department={panel.department} onDone={done} onCancel={() => setPanel({ kind: 'none' })} />
      ) : null}
      {departments.isPending ? (
        <Loading label="課の一覧を読み込んでいます…" />
      ) : departments.isError ? (
        <AdminErrorAlert error={departments.error} title="課の一覧を表示できませんでした" />
      ) : items.length === 0 ? (
        <EmptyState title="登録されている課はありません。">「課を追加する」から登録してください。</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-std-16N-170">
            {items.length}課{retiredCount > 0 ? `（うち廃止 ${retiredCount}課）` : ''}
          </p>
          <Table
            caption="課の一覧"
            captionHidden
            columns={columns(open, (d) => reinstate.mutate(d), reinstate.isPending ? reinstate.variables?.id : undefined)}
            rows={items}
            rowKey={(d) => d.id}
            rowClassName={(d) => (d.active ? '' : 'bg-solid-gray-50 text-solid-gray-700')}
            dense
          />
        </>
      )}
    </Section>
  );
}
