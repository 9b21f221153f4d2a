import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { MessageTemplate, MessageTemplateInput, Publication, TemplatePurpose } from '../../api/online';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';

const PURPOSES: { value: TemplatePurpose; label: string }[] = [{ value: 'correction', label: '補正の依頼' }, { value: 'message', label: 'メッセージ' }];
const blank: MessageTemplateInput = { purpose: 'correction', procedureId: null, departmentId: null, title: '', body: '', sortOrder: 0 };

type Editing = { id: string | null; input: MessageTemplateInput } | null;

/**
 * 定型文: what staff pick when they ask an applicant for a correction or write to them. City-wide
 * ones are the admins'; a department's reviewers keep their own. Picked text is edited before sending.
 */
export function MessageTemplatesSection({ publications }: { publications: Publication[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['online-message-templates'], queryFn: () => api.online.messageTemplates() });
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['online-message-templates'] });
  const save = useMutation({
    mutationFn: (e: NonNullable<Editing>) => (e.id ? api.online.updateMessageTemplate(e.id, e.input) : api.online.createMessageTemplate(e.input)),
    onSuccess: (t) => { setDone(`「${t.title}」を保存しました。`); setEditing(null); refresh(); },
  });
  const remove = useMutation({
    mutationFn: (t: MessageTemplate) => api.online.deleteMessageTemplate(t.id).then(() => t),
    onSuccess: (t) => { setDone(`「${t.title}」を削除しました。`); refresh(); },
  });
  const procedureTitle = new Map(publications.map((p) => [p.procedureId, p.title]));
  const departments = [...new Map(publications.filter((p) => p.departmentId).map((p) => [p.departmentId!, p.departmentName])).entries()];
  const departmentName = new Map(departments);
  const fieldError = (path: string) => (save.error && 'details' in save.error ? (save.error as { details?: { path: string; message: string }[] }).details?.find((d) => d.path === path)?.message : undefined);
  const change = (c: Partial<MessageTemplateInput>) => setEditing((e) => (e ? { ...e, input: { ...e.input, ...c } } : e));

  return (
    <div className="flex flex-col gap-4">
      <p className="text-std-16N-170">補正の依頼やメッセージを送るときに選べる文章です。選んだ文章は送る前に書き直せます。手続きや課を指定しなければ、すべての手続きで使えます。担当課の職員は自分の課の定型文を、管理者は全庁の定型文も登録できます。</p>
      {done ? <Alert variant="success" title={done}>一覧に反映しました。</Alert> : null}
      {remove.error ? <AdminErrorAlert error={remove.error} title="削除できませんでした" /> : null}
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : list.data.length === 0 ? (
        <p className="text-std-16N-170 text-solid-gray-700">定型文はまだありません。「定型文を追加する」から登録してください。</p>
      ) : (
        <Table
          caption="返信の定型文"
          captionHidden
          rowKey={(t) => t.id}
          rows={list.data}
          columns={[
            { header: '名前', cell: (t) => <span className="text-std-17B-170">{t.title}</span> },
            { header: '用途', cell: (t) => <Badge tone={t.purpose === 'correction' ? 'notice' : 'neutral'}>{t.purposeLabel}</Badge> },
            { header: '手続き', cell: (t) => (t.procedureId ? procedureTitle.get(t.procedureId) ?? t.procedureId : 'すべての手続き') },
            { header: '課', cell: (t) => (t.departmentId ? departmentName.get(t.departmentId) ?? '—' : '全庁') },
            { header: '本文', cell: (t) => <span className="line-clamp-2 max-w-md">{t.body}</span> },
            {
              header: '操作',
              cell: (t) => (t.canEdit ? (
                <div className="flex gap-2 whitespace-nowrap">
                  <Button variant="secondary" aria-label={`変更（${t.title}）`} onClick={() => { setDone(null); save.reset(); setEditing({ id: t.id, input: { purpose: t.purpose, procedureId: t.procedureId, departmentId: t.departmentId, title: t.title, body: t.body, sortOrder: t.sortOrder } }); }}>
                    変更
                  </Button>
                  <Button variant="tertiary" aria-label={`削除（${t.title}）`} busy={remove.isPending && remove.variables?.id === t.id} busyLabel="削除しています…"
                    onClick={() => { if (window.confirm(`「${t.title}」を削除しますか？`)) { setDone(null); remove.mutate(t); } }}>
                    削除
                  </Button>
                </div>
              ) : <span className="text-solid-gray-700">変更できません</span>),
            },
          ]}
        />
      )}
      {editing ? (
        <form className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 p-6" onSubmit={(e) => { e.preventDefault(); save.mutate(editing); }}>
          <h3 className="text-std-20B-150">{editing.id ? '定型文の変更' : '定型文の追加'}</h3>
          {save.error ? <AdminErrorAlert error={save.error} title="保存できませんでした" /> : null}
          <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <SelectField label="用途" value={editing.input.purpose} onChange={(e) => change({ purpose: e.target.value as TemplatePurpose })} options={PURPOSES} />
            <SelectField label="手続き" value={editing.input.procedureId ?? ''} onChange={(e) => change({ procedureId: e.target.value || null })} error={fieldError('procedureId')}
              options={[{ value: '', label: 'すべての手続き' }, ...publications.map((p) => ({ value: p.procedureId, label: p.title }))]} />
            <SelectField label="課" value={editing.input.departmentId ?? ''} onChange={(e) => change({ departmentId: e.target.value || null })} error={fieldError('departmentId')}
              options={[{ value: '', label: '全庁（管理者のみ）' }, ...departments.map(([id, name]) => ({ value: id, label: name }))]} />
          </div>
          <TextField label="名前" required maxLength={60} value={editing.input.title} onChange={(e) => change({ title: e.target.value })} error={fieldError('title')} hint="一覧で選ぶときの名前です（60文字まで）。" />
          <TextAreaField label="本文" required rows={5} maxLength={2000} value={editing.input.body} onChange={(e) => change({ body: e.target.value })} error={fieldError('body')} hint="申請者に届く文章です。送る前に書き直せます（2000文字まで）。" />
          <div className="flex gap-4">
            <Button type="submit" busy={save.isPending} busyLabel="保存しています…">保存する</Button>
            <Button variant="secondary" onClick={() => { setEditing(null); save.reset(); }}>やめる</Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" className="self-start" onClick={() => { setDone(null); save.reset(); setEditing({ id: null, input: blank }); }}>定型文を追加する</Button>
      )}
    </div>
  );
}
