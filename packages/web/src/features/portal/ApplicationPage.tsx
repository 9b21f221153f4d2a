import { evaluateForm, type FormEvaluation, type LeafField, type ProcedureDefinition } from '@madoguchi/procedures';
import { todayInJapan, type IsoDate } from '@madoguchi/jp';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TextAreaField } from '../../components/TextAreaField';
import { getAnswer } from './answers';
import { PasswordLogin } from './LoginPage';
import { FilesContext, PortalStepForm, isResidentField, stepErrors } from './PortalForm';
import { newActionKey, portalApi, type Answers, type Application } from './portalApi';
import { portalKeys, usePortalCode } from './PortalLayout';
import { FeePanel } from './FeePanel';
import { SignAndSubmit, SignatureNote, type PortalSignature } from './CardSigning';

const SAVE_DELAY_MS = 1500;

function evaluate(definition: ProcedureDefinition, answers: Answers): FormEvaluation {
  return evaluateForm(definition, answers, { today: todayInJapan(new Date()) as IsoDate, channel: 'online' });
}

const dateTime = (iso: string) => new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });

function display(field: LeafField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '（未入力）';
  if (field.type === 'choice') {
    const values = Array.isArray(value) ? (value as string[]) : [String(value)];
    return values.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join('、');
  }
  if (field.type === 'boolean') return value === true ? 'はい' : 'いいえ';
  if (field.type === 'address' && typeof value === 'object') {
    const a = value as Record<string, unknown>;
    return [a.postalCode ? `〒${String(a.postalCode)}` : '', a.address, a.building].filter(Boolean).join(' ');
  }
  if (field.type === 'money' && typeof value === 'number') return `${value.toLocaleString('ja-JP')}円`;
  return String(value);
}

/** Everything the resident entered, step by step, as it will be sent. */
function Summary({ definition, answers, evaluation, files }: { definition: ProcedureDefinition; answers: Answers; evaluation: FormEvaluation; files: Application['attachments'] }) {
  return (
    <div className="flex flex-col gap-4">
      {definition.steps.filter((s) => evaluation.visibleSteps.includes(s.id)).map((step) => (
        <section key={step.id} className="rounded-12 border border-solid-gray-200 bg-white p-4">
          <h3 className="text-std-20B-150">{step.title}</h3>
          <dl className="mt-2 flex flex-col gap-2 text-std-16N-170">
            {step.fields.filter(isResidentField).flatMap((f) => {
              if (f.type === 'repeater') {
                const items = Array.isArray(answers[f.id]) ? (answers[f.id] as unknown[]) : [];
                return items.map((_, i) => (
                  <div key={`${f.id}-${i}`} className="border-l-4 border-solid-gray-200 pl-3">
                    <dt className="text-std-16B-170">{f.itemLabel}（{i + 1}人目）</dt>
                    {f.fields.filter(isResidentField).filter((sub) => evaluation.visibleFields.includes(`${f.id}[${i}].${sub.id}`)).map((sub) => (
                      <dd key={sub.id}>{sub.label}: {`${f.id}[${i}].${sub.id}` in evaluation.computed ? String(evaluation.computed[`${f.id}[${i}].${sub.id}`] ?? '') : display(sub, getAnswer(answers, [f.id, i, sub.id]))}</dd>
                    ))}
                  </div>
                ));
              }
              if (!evaluation.visibleFields.includes(f.id) || f.type === 'individualNumber') return [];
              if (f.type === 'file') {
                const names = files.filter((x) => x.attachmentId === f.attachmentId).map((x) => x.filename);
                return [<div key={f.id}><dt className="text-std-16B-170">{f.label}</dt><dd>{names.length ? names.join('、') : '（添付なし）'}</dd></div>];
              }
              return [<div key={f.id}><dt className="text-std-16B-170">{f.label}</dt><dd>{display(f, answers[f.id])}</dd></div>];
            })}
          </dl>
        </section>
      ))}
    </div>
  );
}

function Editor({ app, onSubmitted }: { app: Application; onSubmitted: () => void }) {
  const code = usePortalCode();
  const api = portalApi(code);
  const definition = app.definition;
  const [answers, setAnswers] = useState<Answers>(app.case.answers);
  // Back from the payment page, the resident continues on the confirmation step.
  const [index, setIndex] = useState(() => (new URLSearchParams(window.location.search).has('payment') ? Number.MAX_SAFE_INTEGER : 0));
  const [showErrors, setShowErrors] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const [declared, setDeclared] = useState(false);
  const [files, setFiles] = useState(app.attachments);
  const submitKey = useRef(newActionKey());
  const evaluation = useMemo(() => evaluate(definition, answers), [definition, answers]);
  const steps = definition.steps.filter((s) => evaluation.visibleSteps.includes(s.id) && s.fields.some(isResidentField));
  const onConfirm = index >= steps.length;
  const step = steps[Math.min(index, steps.length - 1)];
  const heading = useRef<HTMLHeadingElement>(null);

  const save = useMutation({
    mutationFn: (a: Answers) => api.save(app.case.id, a),
    onSuccess: () => { setDirty(false); setSavedAt(new Date().toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })); },
    onError: (e) => { if (e instanceof ApiError && e.code === 'PORTAL_LOGIN_REQUIRED') setNeedLogin(true); },
  });
  const submit = useMutation({
    mutationFn: async () => {
      // Unsaved typing first; a repeated tap reuses the same key, so it is one submission either way.
      if (dirty) await api.save(app.case.id, answers);
      setDirty(false);
      return api.submit(app.case.id, submitKey.current);
    },
    onSuccess: onSubmitted,
    onError: (e) => { if (e instanceof ApiError && e.code === 'PORTAL_LOGIN_REQUIRED') setNeedLogin(true); },
  });

  // Saves a moment after the resident stops typing, so nothing typed is lost if the phone sleeps.
  useEffect(() => {
    if (!dirty || needLogin) return;
    const t = setTimeout(() => save.mutate(answers), SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [answers, dirty, needLogin, save]);

  useEffect(() => { heading.current?.focus(); }, [index]);

  const change = (a: Answers) => { setAnswers(a); setDirty(true); };
  const go = (to: number) => {
    if (to > index && step && stepErrors(step, evaluation).length > 0) { setShowErrors(true); return; }
    if (dirty) save.mutate(answers);
    setShowErrors(false);
    setIndex(to);
    window.scrollTo(0, 0);
  };

  return (
    <div className="flex flex-col gap-6">
      {app.correction ? (
        <Alert variant="warning" title="担当課から修正のお願いがあります">
          <p className="whitespace-pre-wrap">{app.correction}</p>
          <p>内容を直して、最後の確認画面から送信し直してください。</p>
        </Alert>
      ) : null}
      <p className="text-std-16N-170 text-solid-gray-700" aria-live="polite">
        {onConfirm ? '確認' : `${index + 1} / ${steps.length}`}
        {savedAt ? ` ・ ${savedAt}に保存しました` : ''}
        {save.isPending ? ' ・ 保存しています…' : ''}
      </p>
      {needLogin ? (
        <section className="flex flex-col gap-4 rounded-12 border-2 border-yellow-900 bg-white p-4">
          <h2 className="text-std-20B-150">ログインし直してください</h2>
          <p className="text-std-16N-170">ログインの有効期限が切れました。この画面の入力内容は消えていません。ログインすると続きを保存します。</p>
          <PasswordLogin onDone={() => { setNeedLogin(false); save.mutate(answers); }} />
        </section>
      ) : null}
      {!onConfirm && step ? (
        <form noValidate onSubmit={(e) => { e.preventDefault(); go(index + 1); }} className="flex flex-col gap-6">
          <h2 ref={heading} tabIndex={-1} className="text-std-22B-150">{step.title}</h2>
          {showErrors && stepErrors(step, evaluation).length > 0 ? (
            <Alert variant="error" title="入力を確認してください" focusOnMount>
              <ul className="list-disc pl-6">{stepErrors(step, evaluation).map((m, i) => <li key={i}>{m}</li>)}</ul>
            </Alert>
          ) : null}
          <FilesContext.Provider value={{ api, caseId: app.case.id, specs: definition.attachments, files, setFiles }}>
            <PortalStepForm step={step} answers={answers} evaluation={evaluation} showErrors={showErrors} onChange={change} />
          </FilesContext.Provider>
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
            {index > 0 ? <Button type="button" variant="secondary" onClick={() => go(index - 1)}>戻る</Button> : <span />}
            <Button type="submit">{index + 1 === steps.length ? '入力内容を確認する' : '次へ'}</Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-col gap-6">
          <h2 ref={heading} tabIndex={-1} className="text-std-22B-150">入力内容の確認</h2>
          <Summary definition={definition} answers={answers} evaluation={evaluation} files={files} />
          <FeePanel caseId={app.case.id} canChange />
          {submit.error ? <ErrorAlert error={submit.error} focusOnMount /> : null}
          <label className="flex min-h-12 cursor-pointer items-center gap-3 rounded-8 border-2 border-solid-gray-300 bg-white p-3">
            <input type="checkbox" className="size-6 accent-key-900" checked={declared} onChange={(e) => setDeclared(e.target.checked)} />
            <span className="text-std-16N-170">{app.rule.signatureRequired ? '上記の内容に誤りがないことを確認しました。' : '上記の内容に誤りがないことを確認しました（この確認が署名に代わります）。'}</span>
          </label>
          {app.rule.signatureRequired ? (
            <SignAndSubmit code={code} caseId={app.case.id} submitKey={submitKey.current} disabled={!declared} resubmit={app.case.status === 'returned'} onSubmitted={onSubmitted}
              beforeSign={async () => { if (dirty) { await api.save(app.case.id, answers); setDirty(false); } }} />
          ) : null}
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
            <Button type="button" variant="secondary" onClick={() => go(steps.length - 1)}>戻って直す</Button>
            {app.rule.signatureRequired ? null : (
            <Button type="button" disabled={!declared} busy={submit.isPending} busyLabel="送信しています…" onClick={() => { if (!submit.isPending) submit.mutate(); }}>
              {app.case.status === 'returned' ? '修正して送信し直す' : 'この内容で申請する'}
            </Button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function StatusView({ app, justSubmitted }: { app: Application; justSubmitted: boolean }) {
  const code = usePortalCode();
  const api = portalApi(code);
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: portalKeys.application(code, app.case.id) });
  const message = useMutation({ mutationFn: () => api.message(app.case.id, text), onSuccess: async () => { setText(''); await refresh(); } });
  const withdraw = useMutation({ mutationFn: () => api.withdraw(app.case.id), onSuccess: refresh });
  return (
    <div className="flex flex-col gap-6">
      {justSubmitted ? (
        <Alert variant="success" title="申請を受け付けました" focusOnMount>
          <p>受付番号は <strong className="text-std-20B-150">{app.case.receiptNumber}</strong> です。問い合わせのときにお伝えください。</p>
          <p>審査の結果や修正のお願いは、メールでお知らせします。</p>
        </Alert>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-12 border border-solid-gray-200 bg-white p-4 text-std-16N-170">
        <dt className="text-std-16B-170">受付番号</dt><dd>{app.case.receiptNumber ?? '（送信前）'}</dd>
        <dt className="text-std-16B-170">状況</dt><dd>{app.case.statusLabel}</dd>
        {app.case.submittedAt ? (<><dt className="text-std-16B-170">送信日時</dt><dd>{dateTime(app.case.submittedAt)}</dd></>) : null}
      </dl>
      <SignatureNote signature={(app as { signature?: PortalSignature | null }).signature} />
      <FeePanel caseId={app.case.id} canChange={false} />
      {app.case.status === 'completed' || app.case.status === 'rejected' ? (
        <a href={`/api/portal/${encodeURIComponent(code)}/applications/${encodeURIComponent(app.case.id)}/result.pdf`} target="_blank" rel="noopener"
          className={buttonClasses('primary')}>
          {app.case.status === 'completed' ? '決定通知書' : '却下通知書'}を開く（PDF）
        </a>
      ) : null}
      {app.case.submittedAt && app.definition.layout ? (
        <a href={`/api/portal/${encodeURIComponent(code)}/applications/${encodeURIComponent(app.case.id)}/application.pdf`} target="_blank" rel="noopener"
          className="text-std-16N-170 text-key-900 underline underline-offset-4">
          送信した申請書を開く（PDF・新しいタブ）
        </a>
      ) : null}
      <section className="flex flex-col gap-2">
        <h2 className="text-std-22B-150">これまでの経過</h2>
        <ol className="flex flex-col gap-2 text-std-16N-170">
          {app.timeline.map((t, i) => (
            <li key={i} className="border-l-4 border-key-900 pl-3">
              <span className="text-solid-gray-700">{dateTime(t.at)}</span> {t.status === 'draft' ? '入力を始めました' : t.status === 'submitted' ? '送信しました（受付待ち）' : t.statusLabel}
              {t.note ? <p className="whitespace-pre-wrap">{t.status === 'returned' ? '修正のお願い' : '担当課から'}: {t.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="text-std-22B-150">担当課とのメッセージ</h2>
        {app.messages.length === 0 ? <p className="text-std-16N-170 text-solid-gray-700">メッセージはまだありません。</p> : (
          <ul className="flex flex-col gap-2">
            {app.messages.map((m) => (
              <li key={m.id} className={`rounded-12 p-3 text-std-16N-170 ${m.from === 'staff' ? 'bg-key-50' : 'bg-white border border-solid-gray-200'}`}>
                <p className="text-std-16B-170">{m.from === 'staff' ? '担当課' : 'あなた'} <span className="font-normal text-solid-gray-700">{dateTime(m.at)}</span></p>
                <p className="whitespace-pre-wrap">{m.body}</p>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={(e) => { e.preventDefault(); message.mutate(); }} className="flex flex-col gap-3" noValidate>
          {message.error ? <ErrorAlert error={message.error} /> : null}
          <TextAreaField label="担当課へのメッセージ" value={text} maxLength={2000} rows={4} onChange={(e) => setText(e.target.value)} />
          <Button type="submit" variant="secondary" busy={message.isPending} busyLabel="送っています…" disabled={!text.trim()}>メッセージを送る</Button>
        </form>
      </section>
      {app.canWithdraw ? (
        <section className="flex flex-col gap-3">
          <h2 className="text-std-22B-150">申請の取下げ</h2>
          {withdraw.error ? <ErrorAlert error={withdraw.error} /> : null}
          {confirmWithdraw ? (
            <div className="flex flex-col gap-3 rounded-12 border-2 border-red-900 bg-white p-4">
              <p className="text-std-16N-170">取り下げると、この申請は元に戻せません。必要になったら、もう一度申請してください。</p>
              <div className="flex flex-col gap-3 sm:flex-row">
                <Button variant="danger" busy={withdraw.isPending} busyLabel="取り下げています…" onClick={() => withdraw.mutate()}>取り下げる</Button>
                <Button variant="secondary" onClick={() => setConfirmWithdraw(false)}>やめる</Button>
              </div>
            </div>
          ) : <Button variant="danger" onClick={() => setConfirmWithdraw(true)}>この申請を取り下げる</Button>}
        </section>
      ) : null}
    </div>
  );
}

/** One application: the form while it can be changed (draft or 補正), otherwise its status page. */
export function ApplicationPage() {
  const code = usePortalCode();
  const { caseId } = useParams({ strict: false }) as { caseId: string };
  const queryClient = useQueryClient();
  const [justSubmitted, setJustSubmitted] = useState(false);
  const app = useQuery({ queryKey: portalKeys.application(code, caseId), queryFn: () => portalApi(code).application(caseId), refetchOnWindowFocus: false });
  if (app.isPending) return <Loading />;
  if (app.isError) return <ErrorAlert error={app.error} />;
  const title = app.data.definition.title;
  return (
    <article className="flex flex-col gap-6">
      <h1 className="text-std-28B-150">{title}</h1>
      {app.data.canEdit && !justSubmitted ? (
        <Editor key={app.data.case.id} app={app.data} onSubmitted={() => {
          setJustSubmitted(true);
          window.scrollTo(0, 0);
          void queryClient.invalidateQueries({ queryKey: ['portal', code] });
        }} />
      ) : <StatusView app={app.data} justSubmitted={justSubmitted} />}
    </article>
  );
}
