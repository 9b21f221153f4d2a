import { procedureDefinitionSchema } from '@madoguchi/procedures';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import type { ProcedureDetail, ProcedureVersionSummary } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { buttonClasses } from '../../components/Button';
import { DescriptionList } from '../../components/DescriptionList';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { formatDateTime } from '../../lib/format';
import { DefinitionOutline } from './DefinitionOutline';
import { channelLabels, kindLabels, shortHash } from './labels';
import { procedureCasesQuery, procedureQuery } from './queries';

const routeApi = getRouteApi('/_staff/procedures/$procedureId');

export function BackToCatalogue() {
  return (
    <Link to="/procedures" search={{}} className="inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4">
      ← 手続きカタログに戻る
    </Link>
  );
}

const versionColumns: Column<ProcedureVersionSummary>[] = [
  { header: '版', className: 'whitespace-nowrap', cell: (v) => <span className="text-std-16B-170">第{v.version}版</span> },
  { header: '公開日時', className: 'whitespace-nowrap', cell: (v) => formatDateTime(v.publishedAt) },
  { header: '公開した人', cell: (v) => v.publishedBy?.displayName ?? 'システム（初期カタログ）' },
  { header: '名称', cell: (v) => v.title },
  {
    header: '内容ハッシュ（SHA-256）',
    cell: (v) => (
      <span className="font-mono text-dns-14N-130" title={v.contentHash}>
        {shortHash(v.contentHash)}…
      </span>
    ),
  },
];

const SIGNATURE_LABELS: Record<string, string> = { none: '不要', handwritten: '手書き', jpki: 'マイナンバーカードの電子署名', handwrittenOrJpki: '手書きまたは電子署名' };

function CurrentVersion({ detail }: { detail: ProcedureDetail }) {
  const api = useApi();
  const current = detail.current;
  if (!current) return <EmptyState title="まだ公開されていません。">下書きを公開すると、窓口やオンラインで使えるようになります。</EmptyState>;
  const parsed = procedureDefinitionSchema.safeParse(current.definition);
  if (!parsed.success) return <Alert variant="error" title="この版の定義を読み込めませんでした">システム管理者に連絡してください。</Alert>;
  const d = parsed.data;
  return (
    <div className="flex flex-col gap-4">
      <DescriptionList
        items={[
          { term: '概要', detail: d.summary },
          { term: '種類', detail: kindLabels[d.kind] },
          { term: '受付経路', detail: d.channels.map((c) => channelLabels[c]).join('、') },
          { term: '署名', detail: SIGNATURE_LABELS[d.signature] ?? d.signature },
          { term: '手数料', detail: d.fee.amountYen > 0 ? `${d.fee.amountYen.toLocaleString('ja-JP')}円` : 'なし' },
          { term: '根拠', detail: d.legalBasis ?? '—' },
          { term: '個人番号', detail: d.individualNumberUse ? '個人番号利用事務（番号を扱う）' : '扱わない' },
          { term: '紙の様式', detail: d.layout ? (
            <a href={api.procedures.previewPdfUrl(detail.procedureId, { version: current.version, answers: 'blank' })} target="_blank" rel="noreferrer" className="text-key-900 underline underline-offset-4">
              第{current.version}版の様式をPDFで開く（空欄）
            </a>
          ) : 'なし' },
        ]}
      />
      <h3 className="text-std-20B-150">手順と項目</h3>
      <DefinitionOutline definition={d} />
    </div>
  );
}

function CasesSection({ procedureId }: { procedureId: string }) {
  const api = useApi();
  const cases = useQuery(procedureCasesQuery(api, procedureId));
  return (
    <Section title="案件と使われた版">
      {cases.isPending ? (
        <Loading />
      ) : cases.isError ? (
        <AdminErrorAlert error={cases.error} title="案件の一覧を表示できませんでした" />
      ) : cases.data.items.length === 0 ? (
        <EmptyState title="この手続きで作られた案件はまだありません。">
          案件の受付が始まると、それぞれの案件がどの版（番号と内容ハッシュ）で作られたかがここに表示されます。
        </EmptyState>
      ) : (
        <Table
          caption="案件と使われた版"
          captionHidden
          columns={[
            { header: '案件', cell: (c) => <span className="font-mono">{c.caseId}</span> },
            { header: '版', cell: (c) => `第${c.version}版` },
            { header: '内容ハッシュ', cell: (c) => <span className="font-mono text-dns-14N-130">{shortHash(c.contentHash)}…</span> },
            { header: '作成日時', cell: (c) => formatDateTime(c.createdAt) },
          ]}
          rows={cases.data.items}
          rowKey={(c) => c.caseId}
        />
      )}
    </Section>
  );
}

export function ProcedureDetailPage() {
  const api = useApi();
  const { procedureId } = routeApi.useParams();
  const { published } = routeApi.useSearch();
  const detail = useQuery(procedureQuery(api, procedureId));
  usePageTitle(detail.data ? detail.data.title : '手続きの詳細');

  if (detail.isPending) {
    return (
      <>
        <PageHeader back={<BackToCatalogue />} title="手続きの詳細" />
        <Loading />
      </>
    );
  }
  if (detail.isError) {
    return (
      <>
        <PageHeader back={<BackToCatalogue />} title="手続きの詳細" />
        <AdminErrorAlert error={detail.error} title="手続きを表示できませんでした" />
      </>
    );
  }
  const d = detail.data;
  const errors = d.draft?.issues.filter((i) => i.severity === 'error').length ?? 0;
  return (
    <>
      <PageHeader
        back={<BackToCatalogue />}
        title={d.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {d.kind ? <Badge>{kindLabels[d.kind]}</Badge> : null}
            <span className="font-mono">{d.procedureId}</span>
            <span>
              {d.department ? `${d.department.departmentName} ${d.department.section.replace(/（.*）$/, '')}（${d.department.floor} ${d.department.desk}）` : '担当課が未設定'}
            </span>
          </span>
        }
        actions={
          d.canEdit ? (
            <Link to="/procedures/$procedureId/draft" params={{ procedureId: d.procedureId }} search={{}} className={buttonClasses('primary')}>
              {d.draft ? '下書きを編集する' : '下書きを作って編集する'}
            </Link>
          ) : null
        }
      />
      <div className="flex flex-col gap-6">
        {published ? (
          <Alert variant="success" title={`第${published}版を公開しました`} focusOnMount>
            これから受け付ける案件は第{published}版を使います。すでにある案件は、作られたときの版のままです。
          </Alert>
        ) : null}
        {d.draft ? (
          <Alert variant={errors > 0 ? 'warning' : 'info'} title={`下書きがあります（保存${d.draft.revision}回目）`}>
            {d.draft.basedOnVersion ? `第${d.draft.basedOnVersion}版をもとに、` : ''}
            {formatDateTime(d.draft.updatedAt)}に{d.draft.updatedBy?.displayName ?? '職員'}さんが保存しました。
            {errors > 0 ? `直すところが${errors}件あります。` : '問題は見つかっていません。'}
          </Alert>
        ) : null}
        <Section title="版の一覧">
          {d.versions.length === 0 ? (
            <EmptyState title="公開された版はまだありません。" />
          ) : (
            <Table caption="公開された版と公開者・内容ハッシュ" captionHidden columns={versionColumns} rows={d.versions} rowKey={(v) => v.id} />
          )}
        </Section>
        <Section title={d.current ? `公開中の第${d.current.version}版の内容` : '公開中の版の内容'}>
          <CurrentVersion detail={d} />
        </Section>
        {d.latest ? <CasesSection procedureId={d.procedureId} /> : null}
      </div>
    </>
  );
}
