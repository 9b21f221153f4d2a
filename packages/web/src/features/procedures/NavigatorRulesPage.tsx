import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError } from '../../api/errors';
import type { NavigatorRules, NavigatorRuleSetVersionSummary } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { FieldError } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { Tabs } from '../../components/Tabs';
import { formatDateTime } from '../../lib/format';
import { ConfirmPanel } from './ConfirmPanel';
import { formatJson, parseJsonText, readableKeyOrder } from './draftDocument';
import { IssueList } from './IssueList';
import { describeIssuePath } from './issueLocation';
import { shortHash } from './labels';
import { checkRuleSet, parseRuleSet, ruleRows, type RuleRow } from './navigatorRules';
import { navigatorKey, navigatorQuery } from './queries';

const ruleColumns: Column<RuleRow>[] = [
  {
    header: 'ルール',
    cell: (r) => (
      <span className="flex flex-col">
        <span className="font-mono text-dns-14N-130">{r.id}</span>
        <span className="text-dns-14N-130 text-solid-gray-700">優先度 {r.priority}</span>
      </span>
    ),
  },
  { header: 'ライフイベント', className: 'whitespace-nowrap', cell: (r) => r.events },
  {
    header: '案内する手続き',
    cell: (r) => (r.procedureTitle ? r.procedureTitle : <Badge tone="negative">未公開の手続き: {r.procedureId}</Badge>),
  },
  {
    header: '条件',
    cell: (r) => (
      <span className="flex flex-wrap gap-1">
        {r.hasCondition ? <Badge>世帯の条件あり</Badge> : null}
        {r.aboutMembers ? <Badge>対象の人あり</Badge> : null}
        {!r.hasCondition && !r.aboutMembers ? 'いつも' : null}
      </span>
    ),
  },
  { header: '住民に示す理由', cell: (r) => r.reason },
];

const versionColumns: Column<NavigatorRuleSetVersionSummary>[] = [
  { header: '版', cell: (v) => <span className="text-std-16B-170">第{v.version}版</span> },
  { header: '公開日時', cell: (v) => formatDateTime(v.publishedAt) },
  { header: '公開した人', cell: (v) => v.publishedBy?.displayName ?? 'システム（初期カタログ）' },
  { header: 'ルール数', cell: (v) => `${v.rules}件` },
  { header: '内容ハッシュ', cell: (v) => <span className="font-mono text-dns-14N-130" title={v.contentHash}>{shortHash(v.contentHash)}…</span> },
];

function RulesEditor({ view }: { view: NavigatorRules }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const initial = formatJson(readableKeyOrder(view.draft?.ruleSet ?? view.current?.ruleSet ?? {}));
  const [text, setText] = useState(initial);
  const [savedText, setSavedText] = useState(initial);
  const [revision, setRevision] = useState<number | null>(view.draft?.revision ?? null);
  const [confirming, setConfirming] = useState<'publish' | 'discard' | null>(null);
  const parsed = useMemo(() => parseJsonText(text), [text]);
  const ids = useMemo(() => view.procedures.map((p) => p.procedureId), [view.procedures]);
  const issues = useMemo(() => (parsed.ok ? checkRuleSet(parsed.value, ids) : []), [parsed, ids]);
  const errors = parsed.ok ? issues.filter((i) => i.severity === 'error').length : 1;
  const dirty = text !== savedText;
  const document = parsed.ok ? parsed.value : null;

  const refresh = () => queryClient.invalidateQueries({ queryKey: navigatorKey });
  const save = useMutation({
    mutationFn: () => api.navigator.saveDraft(parsed.ok ? parsed.value : null, revision),
    onSuccess: async (result) => {
      setRevision(result.draft.revision);
      setSavedText(text);
      await refresh();
    },
  });
  const publish = useMutation({
    mutationFn: () => api.navigator.publish(revision ?? 0),
    onSuccess: async () => {
      setRevision(null);
      await refresh();
    },
    onSettled: () => setConfirming(null),
  });
  const discard = useMutation({
    mutationFn: () => api.navigator.discardDraft(revision ?? 0),
    onSuccess: async () => {
      const current = formatJson(readableKeyOrder(view.current?.ruleSet ?? {}));
      setRevision(null);
      setText(current);
      setSavedText(current);
      await refresh();
    },
    onSettled: () => setConfirming(null),
  });
  const blocker = revision === null || dirty ? '保存してから公開できます。' : errors > 0 ? `直すところが${errors}件あるため、まだ公開できません。` : null;
  const serverDetails = (error: unknown) =>
    error instanceof ApiError && error.details.length > 0 ? (
      <ul className="flex flex-col gap-1 text-std-16N-170">
        {error.details.map((d, i) => (
          <li key={`${d.path}-${i}`}>
            <span className="text-std-16B-170">{describeIssuePath(document, d.path, 'ruleSet')}</span>: {d.message}
          </li>
        ))}
      </ul>
    ) : null;

  return (
    <div className="flex flex-col gap-4">
      {publish.isSuccess ? (
        <Alert variant="success" title={`第${publish.data.version.version}版を公開しました`} focusOnMount>
          これからの手続きナビは新しいルールで案内します。
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => save.mutate()} busy={save.isPending} busyLabel="保存しています…" disabled={!parsed.ok} variant={dirty ? 'primary' : 'secondary'}>
          下書きを保存する
        </Button>
        <Button variant="secondary" onClick={() => setConfirming('publish')} disabled={blocker !== null || confirming !== null}>
          公開する…
        </Button>
        {revision !== null ? (
          <Button variant="danger" onClick={() => setConfirming('discard')} disabled={confirming !== null}>
            下書きを破棄する…
          </Button>
        ) : null}
        <p role="status" className="flex flex-wrap items-center gap-2 text-std-16N-170">
          {dirty ? <Badge tone="notice">保存していない変更があります</Badge> : revision !== null ? <Badge tone="positive">保存済み（保存{revision}回目）</Badge> : null}
          {blocker ? <span className="text-solid-gray-700">{blocker}</span> : <span>公開できます。</span>}
        </p>
      </div>
      {save.error ? <AdminErrorAlert error={save.error} title="保存できませんでした" /> : null}
      {serverDetails(save.error)}
      {publish.error ? <AdminErrorAlert error={publish.error} title="公開できませんでした" /> : null}
      {serverDetails(publish.error)}
      {discard.error ? <AdminErrorAlert error={discard.error} title="破棄できませんでした" /> : null}
      {confirming === 'publish' ? (
        <ConfirmPanel
          title={`保存したルール（保存${revision}回目）を新しい版として公開しますか？`}
          confirmLabel="公開する"
          busyLabel="公開しています…"
          busy={publish.isPending}
          onConfirm={() => publish.mutate()}
          onCancel={() => setConfirming(null)}
        >
          公開すると、窓口の手続きナビと手続き案内書はすぐに新しいルールを使います。公開した版は変更できません。
        </ConfirmPanel>
      ) : null}
      {confirming === 'discard' ? (
        <ConfirmPanel title="ルールの下書きを破棄しますか？" tone="danger" confirmLabel="破棄する" busyLabel="破棄しています…" busy={discard.isPending} onConfirm={() => discard.mutate()} onCancel={() => setConfirming(null)}>
          公開中のルールはそのままです。
        </ConfirmPanel>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="flex min-w-0 flex-col gap-2">
          <label htmlFor="rules-json" className="text-std-16B-170">
            ルール（JSON）
          </label>
          {parsed.ok ? null : <FieldError id="rules-json-error" message={parsed.message} />}
          <textarea
            id="rules-json"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            aria-invalid={parsed.ok ? undefined : true}
            aria-describedby={parsed.ok ? undefined : 'rules-json-error'}
            className="h-[70vh] min-h-96 w-full rounded-8 border border-solid-gray-600 bg-white p-3 font-mono text-[15px] leading-6 aria-invalid:border-2 aria-invalid:border-red-900"
          />
        </div>
        <div className="flex min-w-0 flex-col gap-2">
          <h3 className="text-std-17B-170">公開前の確認</h3>
          {parsed.ok ? <IssueList issues={issues} document={parsed.value} context="ruleSet" /> : <Alert variant="error" title="JSONを直してください">{parsed.message}</Alert>}
        </div>
      </div>
    </div>
  );
}

export function NavigatorRulesPage() {
  usePageTitle('手続きナビのルール');
  const api = useApi();
  const view = useQuery(navigatorQuery(api));
  const [tab, setTab] = useState<'rules' | 'edit' | 'versions'>('rules');
  const header = (
    <PageHeader
      title="手続きナビのルール"
      description="ライフイベント（転入・出生・死亡など）と世帯の状況から、必要な手続きを案内するルールです。窓口の手続きナビと手続き案内書が、公開中の版を使います。"
    />
  );
  if (view.isPending) {
    return (
      <>
        {header}
        <Loading />
      </>
    );
  }
  if (view.isError) {
    return (
      <>
        {header}
        <AdminErrorAlert error={view.error} title="ルールを表示できませんでした" />
      </>
    );
  }
  const v = view.data;
  const current = v.current ? parseRuleSet(v.current.ruleSet) : null;
  return (
    <>
      {header}
      {v.current ? (
        <p className="mb-4 text-std-16N-170">
          公開中: 第{v.current.version}版（{formatDateTime(v.current.publishedAt)}、{v.current.publishedBy?.displayName ?? 'システム（初期カタログ）'}）・ルール{v.current.rules}件
          {v.draft ? `・下書きあり（保存${v.draft.revision}回目）` : ''}
        </p>
      ) : null}
      <Section title="ルール">
        <Tabs
          label="ルールの表示"
          selected={tab}
          onSelect={setTab}
          items={[
            {
              key: 'rules',
              label: '公開中のルール',
              panel: current ? (
                <Table caption="公開中のルール" captionHidden dense columns={ruleColumns} rows={ruleRows(current, v.procedures)} rowKey={(r) => r.id} />
              ) : (
                <EmptyState title="公開中のルールはありません。" />
              ),
            },
            ...(v.canEdit ? [{ key: 'edit' as const, label: '下書きの編集', panel: <RulesEditor view={v} /> }] : []),
            {
              key: 'versions',
              label: '版の一覧',
              panel: <Table caption="ルールの版の一覧" captionHidden columns={versionColumns} rows={v.versions} rowKey={(x) => x.id} />,
            },
          ]}
        />
      </Section>
    </>
  );
}
