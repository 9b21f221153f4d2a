import type { FormEvaluation, LeafField, RepeaterField, Step } from '@madoguchi/procedures';
import { useId } from 'react';
import { Button } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { FieldError, RequiredMark } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { evaluationPath, getAnswer, removeItem, setAnswer, type AnswerPath } from './answers';
import type { Answers } from './portalApi';

interface Props {
  step: Step;
  answers: Answers;
  evaluation: FormEvaluation;
  /** Errors are shown once the resident has tried to go on, not while they are still typing. */
  showErrors: boolean;
  onChange: (answers: Answers) => void;
}

const asText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

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
      return (
        <p className="rounded-8 bg-solid-gray-50 p-4 text-std-16N-170">
          {label}: オンラインでの添付にはまだ対応していません。審査の中で担当課からお願いすることがあります。
        </p>
      );
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
