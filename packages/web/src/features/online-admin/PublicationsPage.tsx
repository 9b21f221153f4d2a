import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { usePageTitle } from '../../app/usePageTitle';
import { Badge } from '../../components/Badge';
import { buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import type { Publication } from '../../api/online';
import { AUTH_LEVEL_LABELS, periodLabel, yen } from './labels';
import { MessageTemplatesSection } from './MessageTemplatesSection';

function state(p: Publication): { label: string; tone: 'positive' | 'neutral' | 'notice' } {
  if (!p.saved) return { label: '未設定（非公開）', tone: 'neutral' };
  return p.rule.enabled ? { label: '公開中', tone: 'positive' } : { label: '停止中', tone: 'notice' };
}

/** CSV for the core system: one procedure's cases, UTF-8 with BOM or Shift_JIS. */
function CsvExport({ items }: { items: Publication[] }) {
  const api = useApi();
  const [procedureId, setProcedureId] = useState('');
  const [status, setStatus] = useState('');
  const [encoding, setEncoding] = useState<'utf-8' | 'shift_jis'>('utf-8');
  return (
    <div className="flex flex-col gap-4">
      <p className="text-std-16N-170">手続きごとに、申請の内容を基幹システムに取り込める形式で書き出します。書き出しは監査ログに残ります。</p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <SelectField label="手続き" value={procedureId} onChange={(e) => setProcedureId(e.target.value)}
          options={[{ value: '', label: '選んでください' }, ...items.map((p) => ({ value: p.procedureId, label: p.title }))]} />
        <SelectField label="状態" value={status} onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: 'すべて（下書きを除く）' }, { value: 'submitted', label: '受付待ち' }, { value: 'accepted', label: '受付済み' }, { value: 'in_review', label: '審査中' }, { value: 'completed', label: '完了' }]} />
        <SelectField label="文字コード" value={encoding} onChange={(e) => setEncoding(e.target.value as 'utf-8' | 'shift_jis')}
          options={[{ value: 'utf-8', label: 'UTF-8（BOM付き・Excelで開ける）' }, { value: 'shift_jis', label: 'Shift_JIS（外字は〓）' }]} />
      </div>
      {procedureId ? (
        <a className={`${buttonClasses('primary')} self-start`} href={api.online.exportUrl({ procedureId, encoding, ...(status ? { status } : {}) })} download>CSVを書き出す</a>
      ) : <p className="text-std-16N-170 text-solid-gray-700">手続きを選ぶと書き出せます。</p>}
    </div>
  );
}

/**
 * オンライン申請の設定: every procedure whose definition allows online applying, whether it is online
 * and on what terms. The owning department (or an admin) changes them; others may look.
 */
export function PublicationsPage() {
  usePageTitle('オンライン申請の設定');
  const api = useApi();
  const list = useQuery({ queryKey: ['online-publications'], queryFn: () => api.online.publications() });
  return (
    <>
      <PageHeader title="オンライン申請の設定" description="手続きごとに、オンラインで受け付けるか、本人確認の方法、電子署名、手数料、受付期間などを決めます。担当課の職員と管理者が変更できます。" />
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <div className="flex flex-col gap-8">
          <Table
            caption="オンライン申請に対応した手続き"
            captionHidden
            rowKey={(p) => p.procedureId}
            rows={list.data}
            columns={[
              { header: '手続き', cell: (p) => <Link to="/online/$procedureId" params={{ procedureId: p.procedureId }} className="text-std-17B-170 text-key-900 underline">{p.title}</Link> },
              { header: '担当課', cell: (p) => p.departmentName },
              { header: '公開', cell: (p) => { const s = state(p); return <Badge tone={s.tone}>{s.label}</Badge>; } },
              { header: '本人確認', cell: (p) => AUTH_LEVEL_LABELS[p.rule.authLevel] },
              { header: '手数料', cell: (p) => yen(p.rule.feeYen) },
              { header: '受付期間', cell: (p) => periodLabel(p.rule) },
              { header: 'テンプレート', cell: (p) => (p.template ? <Badge tone="notice">国の重点手続き</Badge> : '—') },
            ]}
          />
          <Section title="返信の定型文（補正の依頼・メッセージ）">
            <MessageTemplatesSection publications={list.data} />
          </Section>
          <Section title="基幹システム向けCSVの書き出し">
            <CsvExport items={list.data} />
          </Section>
        </div>
      )}
    </>
  );
}
