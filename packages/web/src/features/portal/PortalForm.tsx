import type { FormEvaluation, LeafField, RepeaterField, Step } from '@madoguchi/procedures';
import { createContext, useContext, useId, useState } from 'react';
import { ApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { FieldError, RequiredMark } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { evaluationPath, getAnswer, removeItem, setAnswer, type AnswerPath } from './answers';
import type { Answers, Attachment, PortalApi } from './portalApi';

interface Props {
  step: Step;
  answers: Answers;
  evaluation: FormEvaluation;
  /** Errors are shown once the resident has tried to go on, not while they are still typing. */
  showErrors: boolean;
  onChange: (answers: Answers) => void;
}

const asText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What a file field needs: where to upload, what is already attached, and the procedure's limits. */
export interface FilesContextValue {
  api: PortalApi;
  caseId: string;
  specs: { id: string; label: string; accept: string[]; maxSizeMb: number }[];
  files: Attachment[];
  setFiles: (files: Attachment[]) => void;
}
export const FilesContext = createContext<FilesContextValue | null>(null);

const TYPE_LABELS: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

function FileInput({ field, label, required, error, onChange }: { field: Extract<LeafField, { type: 'file' }>; label: string; required: boolean; error: string | undefined; onChange: (ids: string[] | undefined) => void }) {
  const ctx = useContext(FilesContext);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!ctx) return null;
  const spec = ctx.specs.find((a) => a.id === field.attachmentId);
  const mine = ctx.files.filter((f) => f.attachmentId === field.attachmentId);
  const update = (files: Attachment[]) => {
    ctx.setFiles(files);
    const ids = files.filter((f) => f.attachmentId === field.attachmentId).map((f) => f.id);
    onChange(ids.length ? ids : undefined);
  };
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const added = await ctx.api.upload(ctx.caseId, field.attachmentId, file);
      update([...ctx.files, added]);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'ファイルを送れませんでした。もう一度お試しください。');
    } finally {
      setBusy(false);
    }
  };
  const remove = async (fileId: string) => {
    try {
      await ctx.api.removeFile(ctx.caseId, fileId);
      update(ctx.files.filter((f) => f.id !== fileId));
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '削除できませんでした。もう一度お試しください。');
    }
  };
  const hint = spec ? `${spec.accept.map((t) => TYPE_LABELS[t] ?? t).join('・')}、${spec.maxSizeMb}MBまで。スマートフォンならその場で撮影できます。` : '';
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="flex items-center gap-2 text-std-16B-170">{label}{required ? <RequiredMark /> : null}</label>
      <p id={`${id}-hint`} className="text-std-16N-170 text-solid-gray-700">{hint}</p>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      {problem ? <FieldError id={`${id}-problem`} message={problem} /> : null}
      {mine.length > 0 ? (
        <ul className="flex flex-col gap-2">
          {mine.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 rounded-8 border border-solid-gray-300 bg-white p-2 text-std-16N-170">
              <a href={ctx.api.fileUrl(ctx.caseId, f.id)} className="text-key-900 underline underline-offset-4">{f.filename}（{Math.ceil(f.sizeBytes / 1024)}KB）</a>
              <Button variant="danger" size="sm" onClick={() => void remove(f.id)}>{f.filename}を削除</Button>
            </li>
          ))}
        </ul>
      ) : null}
      <input id={id} type="file" accept={spec?.accept.join(',')} disabled={busy} aria-describedby={[`${id}-hint`, error ? `${id}-error` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ')}
        className="min-h-12 text-std-16N-170 file:mr-3 file:min-h-11 file:rounded-8 file:border-2 file:border-key-900 file:bg-white file:px-4 file:text-key-900"
        onChange={(e) => { void pick(e.target.files?.[0]); e.target.value = ''; }} />
      {busy ? <p role="status" className="text-std-16N-170">送っています…</p> : null}
    </div>
  );
}

/** Fields the resident does not fill in online: staff-only checks, the signature (on the confirmation page), registry pickers. */
export const isResidentField = (f: LeafField | RepeaterField) => !f.staffOnly && f.type !== 'signature' && f.type !== 'person';

function Radio({ legend, options, value, required, error, onChange }: { legend: string; options: { value: string; label: string }[]; value: string; required: boolean; error: string | undefined; onChange: (v: string) => void }) {
  const name = useId();
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="flex items-center gap-2 text-std-16B-170">
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      {error ? <FieldError id={`${name}-error`} message={error} /> : null}
      <div className="flex flex-col">
        {options.map((o) => (
          <label key={o.value} className="flex min-h-12 cursor-pointer items-center gap-3 rounded-8 px-2 hover:bg-solid-gray-50">
            <input type="radio" name={name} className="size-6 accent-key-900" checked={value === o.value} onChange={() => onChange(o.value)} />
            <span className="text-std-16N-170">{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function LeafInput({ field, path, answers, evaluation, showErrors, onChange, prefix = '' }: { field: LeafField; path: AnswerPath; prefix?: string } & Omit<Props, 'step'>) {
  const at = evaluationPath(path);
  const id = useId();
  if (!evaluation.visibleFields.includes(at)) return null;
  const required = evaluation.requiredFields.includes(at);
  const error = showErrors ? evaluation.errors[at]?.map((e) => e.message).join(' ') || undefined : undefined;
  const label = `${prefix}${field.label}`;
  const value = getAnswer(answers, path);
  const set = (next: unknown, sub: AnswerPath = []) => onChange(setAnswer(answers, [...path, ...sub], next === '' ? undefined : next));
  const hint = field.help;

  if (at in evaluation.computed) {
    return (
      <div className="flex flex-col gap-1">
        <span className="text-std-16B-170">{label}</span>
        <span className="text-std-16N-170">{asText(evaluation.computed[at]) || '（入力に応じて自動で決まります）'}</span>
      </div>
    );
  }
  switch (field.type) {
    case 'text':
    case 'kana':
    case 'phone':
      return (
        <TextField label={label} hint={hint ?? (field.type === 'kana' ? 'ひらがなまたはカタカナで入力してください。' : field.type === 'phone' ? '例: 090-1234-5678' : undefined)} error={error} required={required}
          value={asText(value)} inputMode={field.type === 'phone' ? 'tel' : undefined} autoComplete={field.type === 'phone' ? 'tel' : 'off'}
          maxLength={'maxLength' in field ? field.maxLength : undefined} onChange={(e) => set(e.target.value)} />
      );
    case 'date':
      return <TextField type="date" label={label} hint={hint} error={error} required={required} value={asText(value)} onChange={(e) => set(e.target.value)} />;
    case 'number':
    case 'money':
      return (
        <TextField label={field.type === 'money' ? `${label}（円）` : label} hint={hint} error={error} required={required} inputMode="numeric" value={asText(value)}
          onChange={(e) => { const t = e.target.value.normalize('NFKC').replace(/[,\s]/g, ''); set(t === '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t); }} />
      );
    case 'boolean':
      return (
        <div className="flex flex-col gap-1">
          {error ? <FieldError id={`${id}-error`} message={error} /> : null}
          <label htmlFor={id} className="flex min-h-12 cursor-pointer items-center gap-3 rounded-8 px-2 hover:bg-solid-gray-50">
            <input id={id} type="checkbox" className="size-6 accent-key-900" checked={value === true} onChange={(e) => set(e.target.checked)} />
            <span className="text-std-16N-170">{label}</span>
          </label>
        </div>
      );
    case 'choice':
      if (field.multiple) {
        return <CheckboxGroup legend={label} options={field.options} value={Array.isArray(value) ? (value as string[]) : []} required={required} error={error} onChange={(v) => set(v.length ? v : undefined)} />;
      }
      if (field.display === 'select' || field.options.length > 6) {
        return <SelectField label={label} hint={hint} error={error} required={required} value={asText(value)} options={[{ value: '', label: '選んでください' }, ...field.options]} onChange={(e) => set(e.target.value)} />;
      }
      return <Radio legend={label} options={field.options} value={asText(value)} required={required} error={error} onChange={(v) => set(v)} />;
    case 'address': {
      const v = (value ?? {}) as Record<string, unknown>;
      const sub = (key: string, next: string) => {
        const merged = { ...v, [key]: next || undefined };
        set(Object.values(merged).some((x) => x !== undefined) ? merged : undefined);
      };
      return (
        <fieldset className="flex flex-col gap-3">
          <legend className="flex items-center gap-2 text-std-16B-170">{label}{required ? <RequiredMark /> : null}</legend>
          {error ? <FieldError id={`${id}-error`} message={error} /> : null}
          <TextField label="郵便番号" hint="7桁の数字（例: 9994292）" inputMode="numeric" autoComplete="postal-code" value={asText(v.postalCode)} onChange={(e) => sub('postalCode', e.target.value.normalize('NFKC').replace(/\D/g, ''))} />
          <TextField label="住所" autoComplete="street-address" value={asText(v.address)} onChange={(e) => sub('address', e.target.value)} />
          <TextField label="建物名・部屋番号" value={asText(v.building)} onChange={(e) => sub('building', e.target.value)} />
        </fieldset>
      );
    }
    case 'individualNumber':
      return (
        <p className="rounded-8 bg-solid-gray-50 p-4 text-std-16N-170">
          {label}は、オンライン申請では入力しません。必要な場合は担当課から確認の連絡をします。
        </p>
      );
    case 'file':
      return <FileInput field={field} label={label} required={required} error={error} onChange={(ids) => set(ids)} />;
    default:
      return null;
  }
}

function Repeater({ field, answers, evaluation, showErrors, onChange }: { field: RepeaterField } & Omit<Props, 'step'>) {
  const at = field.id;
  if (!evaluation.visibleFields.includes(at)) return null;
  const items = Array.isArray(answers[field.id]) ? (answers[field.id] as unknown[]) : [];
  const error = showErrors ? evaluation.errors[at]?.map((e) => e.message).join(' ') || undefined : undefined;
  const canAdd = field.maxItems === undefined || items.length < field.maxItems;
  return (
    <section className="flex flex-col gap-4" aria-label={field.label}>
      <h3 className="flex items-center gap-2 text-std-18B-160">{field.label}{evaluation.requiredFields.includes(at) ? <RequiredMark /> : null}</h3>
      {error ? <FieldError id={`${at}-error`} message={error} /> : null}
      {items.map((_, i) => (
        <fieldset key={i} className="flex flex-col gap-4 rounded-12 border border-solid-gray-420 p-4">
          <legend className="px-1 text-std-16B-170">{field.itemLabel}（{i + 1}人目）</legend>
          {field.fields.filter(isResidentField).map((sub) => (
            <LeafInput key={sub.id} field={sub} path={[field.id, i, sub.id]} answers={answers} evaluation={evaluation} showErrors={showErrors} onChange={onChange} prefix={`${i + 1}人目の`} />
          ))}
          <Button variant="danger" size="sm" onClick={() => onChange(removeItem(answers, [field.id], i))}>
            {field.itemLabel}（{i + 1}人目）を削除
          </Button>
        </fieldset>
      ))}
      {canAdd ? (
        <Button variant="secondary" onClick={() => onChange(setAnswer(answers, [field.id, items.length], {}))}>
          {field.itemLabel}を追加
        </Button>
      ) : null}
    </section>
  );
}

/** One step of a procedure's form, driven by the definition and the evaluator (the same as on the server). */
export function PortalStepForm({ step, answers, evaluation, showErrors, onChange }: Props) {
  return (
    <div className="flex flex-col gap-6">
      {step.fields.filter(isResidentField).map((f) =>
        f.type === 'repeater'
          ? <Repeater key={f.id} field={f} answers={answers} evaluation={evaluation} showErrors={showErrors} onChange={onChange} />
          : <LeafInput key={f.id} field={f} path={[f.id]} answers={answers} evaluation={evaluation} showErrors={showErrors} onChange={onChange} />,
      )}
    </div>
  );
}

/** The errors the resident can fix in a step (paths under the step's fields). */
export function stepErrors(step: Step, evaluation: FormEvaluation): string[] {
  const ids = step.fields.filter(isResidentField).map((f) => f.id);
  return Object.entries(evaluation.errors)
    .filter(([path]) => ids.some((id) => path === id || path.startsWith(`${id}[`) || path.startsWith(`${id}.`)))
    .flatMap(([, errs]) => errs.map((e) => e.message));
}
