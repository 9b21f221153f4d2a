import { evaluateForm, type Channel, type FormEvaluation, type LeafField, type ProcedureDefinition, type RepeaterField } from '@madoguchi/procedures';
import { todayInJapan } from '@madoguchi/jp';
import { useId, useMemo, useState } from 'react';
import type { JsonDocument } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { FieldError, RequiredMark, inputClasses } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { evaluationPath, getAnswer, numberAnswer, removeItem, setAnswer, type AnswerPath } from './answers';
import { channelLabels } from './labels';

interface FieldProps {
  field: LeafField;
  path: AnswerPath;
  answers: JsonDocument;
  evaluation: FormEvaluation;
  onChange: (answers: JsonDocument) => void;
  /** Prefix for labels inside a repeater item (「異動する人（2人目）の」). */
  labelPrefix?: string;
}

const asText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function RadioGroup({ legend, options, value, required, error, onChange }: {
  legend: string; options: { value: string; label: string }[]; value: string; required: boolean; error: string | undefined; onChange: (v: string | undefined) => void;
}) {
  const name = useId();
  return (
    <fieldset className="flex flex-col gap-1" aria-invalid={error ? true : undefined}>
      <legend className="flex items-center gap-2 text-std-16B-170">
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      {error ? <FieldError id={`${name}-error`} message={error} /> : null}
      <div className="flex flex-wrap gap-x-4">
        {options.map((option) => (
          <label key={option.value} className="flex min-h-11 cursor-pointer items-center gap-2 rounded-8 px-2 hover:bg-solid-gray-50">
            <input type="radio" name={name} className="size-6 accent-key-900" checked={value === option.value} onChange={() => onChange(option.value)} />
            <span className="text-std-16N-170">{option.label}</span>
          </label>
        ))}
        {value !== '' ? (
          <Button variant="tertiary" size="sm" onClick={() => onChange(undefined)}>
            選択を外す
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

function Checkbox({ label, checked, required, error, onChange }: { label: string; checked: boolean; required: boolean; error: string | undefined; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      <label htmlFor={id} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-8 px-2 hover:bg-solid-gray-50">
        <input id={id} type="checkbox" className="size-6 accent-key-900" checked={checked} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.checked)} />
        <span className="text-std-16N-170">{label}</span>
        {required ? <RequiredMark /> : null}
      </label>
    </div>
  );
}

/** One leaf field, as the evaluator says it is now: shown or not, required or not, with its errors. */
function PreviewField({ field, path, answers, evaluation, onChange, labelPrefix = '' }: FieldProps) {
  const at = evaluationPath(path);
  if (!evaluation.visibleFields.includes(at)) return null;
  const required = evaluation.requiredFields.includes(at);
  const error = evaluation.errors[at]?.map((e) => e.message).join(' ') || undefined;
  const label = `${labelPrefix}${field.label}`;
  const value = getAnswer(answers, path);
  const set = (next: unknown, subPath: AnswerPath = []) => onChange(setAnswer(answers, [...path, ...subPath], next));

  if (at in evaluation.computed) {
    return (
      <div className="flex flex-col gap-1">
        <span className="flex items-center gap-2 text-std-16B-170">
          {label}
          <Badge>自動計算</Badge>
        </span>
        <output className="rounded-8 bg-solid-gray-50 px-4 py-2 text-std-16N-170">{asText(evaluation.computed[at]) || '（値なし）'}</output>
      </div>
    );
  }
  switch (field.type) {
    case 'text':
    case 'kana':
    case 'phone':
    case 'individualNumber':
    case 'date':
      return (
        <TextField
          label={label}
          required={required}
          error={error}
          hint={field.type === 'date' ? '和暦でも入力できます（例: 令和8年4月1日、R8.4.1）。' : field.help}
          value={asText(value)}
          onChange={(e) => set(e.target.value)}
        />
      );
    case 'number':
    case 'money':
      return (
        <TextField
          label={field.type === 'money' ? `${label}（円）` : field.unit ? `${label}（${field.unit}）` : label}
          required={required}
          error={error}
          inputMode="numeric"
          value={asText(value)}
          onChange={(e) => set(numberAnswer(e.target.value))}
        />
      );
    case 'boolean':
      return <Checkbox label={label} checked={value === true} required={required} error={error} onChange={(checked) => set(checked ? true : undefined)} />;
    case 'choice':
      if (field.multiple) {
        return (
          <CheckboxGroup
            legend={label}
            required={required}
            error={error}
            options={field.options}
            value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []}
            onChange={(next) => set(next.length > 0 ? next : undefined)}
            columns={field.options.length > 4 ? 2 : 1}
          />
        );
      }
      if (field.display === 'select') {
        return (
          <SelectField
            label={label}
            required={required}
            error={error}
            options={[{ value: '', label: '選んでください' }, ...field.options]}
            value={asText(value)}
            onChange={(e) => set(e.target.value || undefined)}
          />
        );
      }
      return <RadioGroup legend={label} options={field.options} value={asText(value)} required={required} error={error} onChange={(v) => set(v)} />;
    case 'address':
      return (
        <fieldset className="flex flex-col gap-2">
          <legend className="flex items-center gap-2 text-std-16B-170">
            {label}
            {required ? <RequiredMark /> : null}
          </legend>
          {error ? <FieldError id={`${at}-error`} message={error} /> : null}
          <TextField label="郵便番号" className="max-w-48" inputMode="numeric" value={asText(getAnswer(value, ['postalCode']))} onChange={(e) => set(e.target.value, ['postalCode'])} />
          <TextField label="住所" value={asText(getAnswer(value, ['address']))} onChange={(e) => set(e.target.value, ['address'])} />
          <TextField label="方書（建物名・部屋番号）" value={asText(getAnswer(value, ['building']))} onChange={(e) => set(e.target.value, ['building'])} />
        </fieldset>
      );
    case 'person':
      return <TextField label={`${label}（氏名）`} hint="本番では住民記録から選びます。" required={required} error={error} value={asText(getAnswer(value, ['name']))} onChange={(e) => set(e.target.value ? { name: e.target.value } : undefined)} />;
    case 'file':
      return (
        <Checkbox
          label={`${label}（プレビューでは添付したことにする）`}
          checked={Array.isArray(value) && value.length > 0}
          required={required}
          error={error}
          onChange={(checked) => set(checked ? [{ name: 'sample.pdf', mediaType: 'application/pdf', sizeBytes: 1000 }] : undefined)}
        />
      );
    case 'signature':
      return (
        <Checkbox
          label={`${label}（プレビューでは署名したことにする）`}
          checked={typeof value === 'object' && value !== null}
          required={required}
          error={error}
          onChange={(checked) => set(checked ? { method: field.methods[0], ref: 'preview' } : undefined)}
        />
      );
  }
}

function PreviewRepeater({ field, answers, evaluation, onChange }: { field: RepeaterField; answers: JsonDocument; evaluation: FormEvaluation; onChange: (a: JsonDocument) => void }) {
  if (!evaluation.visibleFields.includes(field.id)) return null;
  const raw = getAnswer(answers, [field.id]);
  const items = Array.isArray(raw) ? raw : [];
  const required = evaluation.requiredFields.includes(field.id);
  const error = evaluation.errors[field.id]?.map((e) => e.message).join(' ');
  return (
    <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4">
      <legend className="flex items-center gap-2 px-1 text-std-17B-170">
        {field.label}
        {required ? <RequiredMark /> : null}
      </legend>
      {error ? <FieldError id={`${field.id}-error`} message={error} /> : null}
      {items.map((_, index) => {
        const prefix = `${field.itemLabel}（${index + 1}人目）の`;
        return (
          <fieldset key={index} className="flex flex-col gap-3 rounded-8 bg-solid-gray-50 p-3">
            <legend className="text-std-16B-170">
              {field.itemLabel}（{index + 1}人目）
            </legend>
            {field.fields.map((child) => (
              <PreviewField key={child.id} field={child} path={[field.id, index, child.id]} answers={answers} evaluation={evaluation} onChange={onChange} labelPrefix={prefix} />
            ))}
            <div>
              <Button variant="danger" size="sm" onClick={() => onChange(removeItem(answers, field.id, index))}>
                {index + 1}人目を削除
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <Button variant="secondary" size="sm" onClick={() => onChange(setAnswer(answers, [field.id, items.length], {}))}>
          ＋ {field.itemLabel}を追加
        </Button>
      </div>
    </fieldset>
  );
}

export interface FormPreviewProps {
  definition: ProcedureDefinition;
  answers: JsonDocument;
  onAnswersChange: (answers: JsonDocument) => void;
}

/**
 * The form as a resident or clerk would see it, evaluated in the browser by the same code the
 * server uses: typing a sample answer shows and hides fields and makes others required at once.
 */
export function FormPreview({ definition, answers, onAnswersChange }: FormPreviewProps) {
  const [channel, setChannel] = useState<Channel>(definition.channels[0] ?? 'counter');
  const [today, setToday] = useState<string>(() => todayInJapan());
  const evaluation = useMemo(() => evaluateForm(definition, answers, { today, channel }), [definition, answers, today, channel]);
  const errorCount = Object.values(evaluation.errors).reduce((n, list) => n + list.length, 0);
  const hiddenSteps = definition.steps.filter((step) => !evaluation.visibleSteps.includes(step.id));
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <SelectField
          label="受付の場面"
          options={definition.channels.map((c) => ({ value: c, label: channelLabels[c] }))}
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel)}
          hint="「職員だけ」の項目は窓口と移動市役所でだけ表示されます。"
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="preview-today" className="text-std-16B-170">
            基準日
          </label>
          <p className="text-std-16N-170 text-solid-gray-700">年齢や期限の計算に使う日です。</p>
          <input id="preview-today" type="date" className={inputClasses} value={today} onChange={(e) => setToday(e.target.value || todayInJapan())} />
        </div>
      </div>
      <p role="status" className="rounded-8 bg-key-50 px-4 py-2 text-std-16N-170">
        表示中の項目 {evaluation.visibleFields.length}件・必須 {evaluation.requiredFields.length}件・
        {errorCount === 0 ? '入力の誤りはありません' : `入力の誤り・未入力 ${errorCount}件`}
      </p>
      {definition.steps
        .filter((step) => evaluation.visibleSteps.includes(step.id))
        .map((step) => (
          <section key={step.id} aria-label={`手順「${step.title}」`} className="flex flex-col gap-4 rounded-8 border border-solid-gray-200 p-4">
            <h3 className="text-std-20B-150">{step.title}</h3>
            {step.description ? <p className="text-std-16N-170 text-solid-gray-700">{step.description}</p> : null}
            {step.fields.map((field) =>
              field.type === 'repeater' ? (
                <PreviewRepeater key={field.id} field={field} answers={answers} evaluation={evaluation} onChange={onAnswersChange} />
              ) : (
                <PreviewField key={field.id} field={field} path={[field.id]} answers={answers} evaluation={evaluation} onChange={onAnswersChange} />
              ),
            )}
          </section>
        ))}
      {hiddenSteps.length > 0 ? (
        <p className="text-std-16N-170 text-solid-gray-700">いまの回答では表示されない手順: {hiddenSteps.map((s) => `「${s.title}」`).join('')}</p>
      ) : null}
    </div>
  );
}
