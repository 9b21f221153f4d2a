import type { ProcedureDefinition } from '@madoguchi/procedures';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError } from '../../api/errors';
import type { JsonDocument, ProcedureDepartment } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { FieldError } from '../../components/Field';
import { Section } from '../../components/Section';
import { Tabs } from '../../components/Tabs';
import { BasicsForm } from './BasicsForm';
import { ConfirmPanel } from './ConfirmPanel';
import { DefinitionOutline } from './DefinitionOutline';
import { basicsOf, checkDraft, formatJson, isDocument, parseJsonText, readableKeyOrder, withBasics, type Basics, type InitialDraft } from './draftDocument';
import { FormPreview } from './FormPreview';
import { describeIssuePath } from './issueLocation';
import { IssueList } from './IssueList';
import { PdfPreview } from './PdfPreview';
import { catalogueKey } from './queries';

export interface DraftEditorProps {
  procedureId: string;
  start: InitialDraft;
  departments: readonly ProcedureDepartment[];
  canPublish: boolean;
  /** Whether a published version exists, to know where to go after discarding the draft. */
  hasVersions: boolean;
}

function ServerDetails({ error, document }: { error: unknown; document: unknown }) {
  if (!(error instanceof ApiError) || error.details.length === 0) return null;
  return (
    <ul className="flex flex-col gap-1 pl-2 text-std-16N-170">
      {error.details.map((detail, index) => (
        <li key={`${detail.path}-${index}`}>
          <span className="text-std-16B-170">{describeIssuePath(document, detail.path)}</span>: {detail.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * Edits one procedure's draft: the JSON document (with the basics as inputs and an outline), the
 * issues publishing would raise, and live previews of the form and the paper form. Saving keeps
 * the draft; publishing turns the saved draft into the next version after a confirmation.
 */
export function DraftEditor({ procedureId, start, departments, canPublish, hasVersions }: DraftEditorProps) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState(start.text);
  const [answers, setAnswers] = useState<JsonDocument>(start.answers);
  const [baseRevision, setBaseRevision] = useState(start.baseRevision);
  const [saved, setSaved] = useState({ text: start.text, answers: start.answers });
  const [editorTab, setEditorTab] = useState<'json' | 'structure'>('json');
  const [previewTab, setPreviewTab] = useState<'form' | 'pdf'>('form');
  const [confirming, setConfirming] = useState<'publish' | 'discard' | null>(null);
  const lastGood = useRef<ProcedureDefinition | null>(null);

  const parsed = useMemo(() => parseJsonText(text), [text]);
  const refs = useMemo(() => departments.map((d) => d.ref), [departments]);
  const check = useMemo(() => (parsed.ok ? checkDraft(parsed.value, refs) : null), [parsed, refs]);
  if (check?.definition) lastGood.current = check.definition;
  const previewDefinition = check?.definition ?? lastGood.current;
  const errorCount = check ? check.issues.filter((i) => i.severity === 'error').length : 1;
  const dirty = text !== saved.text || answers !== saved.answers;
  const document = parsed.ok ? parsed.value : null;

  const save = useMutation({
    mutationFn: () => {
      if (!parsed.ok) throw new Error('unparsable');
      return api.procedures.saveDraft(procedureId, { definition: parsed.value, sampleAnswers: answers, baseRevision });
    },
    onSuccess: async (result) => {
      setBaseRevision(result.draft.revision);
      // A format-1 document comes back migrated; the editor shows what was stored.
      const storedText = result.migration ? formatJson(readableKeyOrder(result.draft.definition)) : text;
      setText(storedText);
      setSaved({ text: storedText, answers });
      await queryClient.invalidateQueries({ queryKey: catalogueKey });
    },
  });
  const publish = useMutation({
    mutationFn: () => api.procedures.publish(procedureId, baseRevision ?? 0),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: catalogueKey });
      await navigate({ to: '/procedures/$procedureId', params: { procedureId }, search: { published: result.version.version } });
    },
    onSettled: () => setConfirming(null),
  });
  const discard = useMutation({
    mutationFn: () => api.procedures.discardDraft(procedureId, baseRevision ?? 0),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKey });
      if (hasVersions) await navigate({ to: '/procedures/$procedureId', params: { procedureId }, search: {} });
      else await navigate({ to: '/procedures', search: {} });
    },
  });

  const changeBasics = (patch: Partial<Basics>) => {
    if (parsed.ok && isDocument(parsed.value)) setText(formatJson(withBasics(parsed.value, patch)));
  };

  const publishBlocker = !canPublish
    ? '公開は管理者が行います。保存したら、管理者に公開を依頼してください。'
    : baseRevision === null || dirty
      ? '保存してから公開できます。'
      : errorCount > 0
        ? `直すところが${errorCount}件あるため、まだ公開できません。`
        : null;

  return (
    <div className="flex flex-col gap-6">
      <div className="sticky top-0 z-10 flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-4 shadow-1">
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={() => save.mutate()} busy={save.isPending} busyLabel="保存しています…" disabled={!parsed.ok} variant={dirty ? 'primary' : 'secondary'}>
            下書きを保存する
          </Button>
          <Button onClick={() => setConfirming('publish')} disabled={publishBlocker !== null || confirming !== null} variant="secondary">
            公開する…
          </Button>
          {baseRevision !== null ? (
            <Button onClick={() => setConfirming('discard')} variant="danger" disabled={confirming !== null}>
              下書きを破棄する…
            </Button>
          ) : null}
          <p role="status" className="flex flex-wrap items-center gap-2 text-std-16N-170">
            {dirty ? <Badge tone="notice">保存していない変更があります</Badge> : baseRevision !== null ? <Badge tone="positive">保存済み（保存{baseRevision}回目）</Badge> : null}
            {publishBlocker ? <span className="text-solid-gray-700">{publishBlocker}</span> : <span>公開できます。</span>}
            {errorCount > 0 ? (
              <a href="#draft-issues" className="text-key-900 underline underline-offset-4">
                確認の一覧を見る
              </a>
            ) : null}
          </p>
        </div>
        {save.error ? (
          <AdminErrorAlert error={save.error} title="保存できませんでした" />
        ) : null}
        <ServerDetails error={save.error} document={document} />
        {publish.error ? <AdminErrorAlert error={publish.error} title="公開できませんでした" /> : null}
        <ServerDetails error={publish.error} document={document} />
        {discard.error ? <AdminErrorAlert error={discard.error} title="破棄できませんでした" /> : null}
        {confirming === 'publish' ? (
          <ConfirmPanel
            title={`保存した下書き（保存${baseRevision}回目）を、新しい版として公開しますか？`}
            confirmLabel="公開する"
            busyLabel="公開しています…"
            busy={publish.isPending}
            onConfirm={() => publish.mutate()}
            onCancel={() => setConfirming(null)}
          >
            公開すると、これから受け付ける案件はすべて新しい版を使います。公開した版は変更できません（直すときは、次の版を公開します）。すでにある案件は、作られたときの版のままです。
          </ConfirmPanel>
        ) : null}
        {confirming === 'discard' ? (
          <ConfirmPanel
            title="この下書きを破棄しますか？"
            tone="danger"
            confirmLabel="破棄する"
            busyLabel="破棄しています…"
            busy={discard.isPending}
            onConfirm={() => discard.mutate()}
            onCancel={() => setConfirming(null)}
          >
            保存した下書きと回答例が消えます。公開中の版はそのままです。
          </ConfirmPanel>
        ) : null}
      </div>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-6">
          <div id="draft-issues" className="scroll-mt-32">
            <Section title="公開前の確認">
              {parsed.ok && check ? (
                <IssueList issues={check.issues} document={parsed.value} />
              ) : (
                <Alert variant="error" title="JSONを直してください">
                  {parsed.ok ? null : parsed.message}
                </Alert>
              )}
            </Section>
          </div>
          <Section title="定義の編集">
            <Tabs
              label="定義の編集のしかた"
              selected={editorTab}
              onSelect={setEditorTab}
              items={[
                {
                  key: 'json',
                  label: 'JSONで編集',
                  panel: (
                    <div className="flex flex-col gap-2">
                      <label htmlFor="definition-json" className="text-std-16B-170">
                        手続き定義（JSON）
                      </label>
                      <p id="definition-json-hint" className="text-std-16N-170 text-solid-gray-700">
                        形式は @madoguchi/procedures の手続き定義です。入力するたびに確認とプレビューが更新されます。
                      </p>
                      {parsed.ok ? null : <FieldError id="definition-json-error" message={parsed.message} />}
                      <textarea
                        id="definition-json"
                        value={text}
                        onChange={(e) => setText(e.target.value)}
                        spellCheck={false}
                        autoCapitalize="off"
                        autoCorrect="off"
                        aria-invalid={parsed.ok ? undefined : true}
                        aria-describedby={parsed.ok ? 'definition-json-hint' : 'definition-json-error definition-json-hint'}
                        className="h-[70vh] min-h-96 w-full rounded-8 border border-solid-gray-600 bg-white p-3 font-mono text-[15px] leading-6 text-solid-gray-900 aria-invalid:border-2 aria-invalid:border-red-900"
                      />
                    </div>
                  ),
                },
                {
                  key: 'structure',
                  label: '基本情報と項目',
                  panel: (
                    <div className="flex flex-col gap-6">
                      {parsed.ok ? null : <Alert variant="warning">JSONに誤りがあるあいだは、基本情報を変更できません。</Alert>}
                      <BasicsForm basics={basicsOf(document)} departments={departments} enabled={parsed.ok && isDocument(document)} onChange={changeBasics} />
                      <h3 className="text-std-20B-150">手順と項目</h3>
                      {check?.definition ? (
                        <DefinitionOutline definition={check.definition} />
                      ) : (
                        <p className="text-std-16N-170">定義の形式の誤りを直すと、手順と項目の一覧が表示されます。</p>
                      )}
                    </div>
                  ),
                },
              ]}
            />
          </Section>
        </div>

        <Section title="プレビュー" className="min-w-0 self-start">
          <Tabs
            label="プレビューの種類"
            selected={previewTab}
            onSelect={setPreviewTab}
            items={[
              {
                key: 'form',
                label: '入力画面',
                panel: previewDefinition ? (
                  <div className="flex flex-col gap-3">
                    {check?.definition ? null : <Alert variant="warning">定義に形式の誤りがあります。最後に読めた内容でプレビューしています。</Alert>}
                    <p className="text-std-16N-170 text-solid-gray-700">回答例を入力すると、表示される項目・必須の項目がその場で変わります。回答例は下書きと一緒に保存され、PDFにも使われます。</p>
                    <FormPreview definition={previewDefinition} answers={answers} onAnswersChange={setAnswers} />
                  </div>
                ) : (
                  <p className="text-std-16N-170">定義の形式の誤りを直すと、入力画面のプレビューが表示されます。</p>
                ),
              },
              {
                key: 'pdf',
                label: '紙の様式（PDF）',
                panel: (
                  <PdfPreview
                    procedureId={procedureId}
                    revision={baseRevision}
                    hasLayout={Boolean(previewDefinition?.layout)}
                    dirty={dirty}
                    saving={save.isPending}
                    onSave={() => save.mutate()}
                  />
                ),
              },
            ]}
          />
        </Section>
      </div>
    </div>
  );
}
