import { formatWareki, isIsoDate, parseJapaneseDate, toKatakana } from '@madoguchi/jp';
import type { Field, LeafField, RepeaterField } from '@madoguchi/procedures';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { FieldError, RequiredMark } from '../../components/Field';
import type { PrefillSource } from '../../api/counter';
import { SOURCE_LABELS } from './labels';

/**
 * One question of the interview, for a 10-inch tablet held or lying on the counter: 48px+ touch
 * targets, big radio buttons, dates in 和暦 or western digits. `large` is the kiosk's and the
 * phone's resident-facing size.
 */

export interface QuestionFieldProps {
  field: Field;
  value: unknown;
  onChange: (value: unknown) => void;
  required: boolean;
  error?: string | undefined;
  source?: PrefillSource | undefined;
  /** Label override (a member's name prefix …). */
  label?: string;
  large?: boolean;
}

const asText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function Label({ htmlFor, text, required, source, large }: { htmlFor?: string; text: string; required: boolean; source?: PrefillSource | undefined; large?: boolean | undefined }) {
  const Tag = htmlFor ? 'label' : 'span';
  return (
    <Tag {...(htmlFor ? { htmlFor } : {})} className={`flex flex-wrap items-center gap-2 ${large ? 'text-std-20B-150' : 'text-std-17B-170'} text-solid-gray-900`}>
      {text}
      {required ? <RequiredMark hidden={Boolean(htmlFor)} /> : null}
      {source ? <Badge tone="positive">{SOURCE_LABELS[source]}</Badge> : null}
    </Tag>
  );
}

const inputBase = 'block w-full rounded-8 border border-solid-gray-600 bg-white px-4 text-solid-gray-900 hover:border-solid-gray-900 aria-invalid:border-2 aria-invalid:border-red-900';
export const inputClass = (large = false) => `${inputBase} ${large ? 'min-h-16 text-std-24N-150' : 'min-h-14 text-std-18N-160'}`;

function TextInput({ id, value, onChange, error, describedBy, large, inputMode, autoComplete, onBlur, multiline }: {
  id: string; value: string; onChange: (v: string) => void; error?: string | undefined; describedBy?: string | undefined; large?: boolean | undefined;
  inputMode?: 'text' | 'tel' | 'numeric' | undefined; autoComplete?: string | undefined; onBlur?: (() => void) | undefined; multiline?: boolean | undefined;
}) {
  if (multiline) {
    return <textarea id={id} rows={3} className={`${inputClass(large)} py-3`} value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} />;
  }
  return (
    <input
      id={id} className={inputClass(large)} value={value} inputMode={inputMode} autoComplete={autoComplete ?? 'off'} spellCheck={false}
      aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} onBlur={onBlur}
    />
  );
}

/** Accepts 令和8年11月20日, R8.11.20 or 2026-11-20; keeps the ISO date and shows it in 和暦. */
function DateInput({ id, value, onChange, error, describedBy, large }: { id: string; value: unknown; onChange: (v: unknown) => void; error?: string | undefined; describedBy?: string | undefined; large?: boolean | undefined }) {
  const stored = asText(value);
  const [text, setText] = useState(stored);
  useEffect(() => setText(stored), [stored]);
  const commit = () => {
    const t = text.trim();
    if (t === '') return onChange(undefined);
    if (isIsoDate(t)) return onChange(t);
    const parsed = parseJapaneseDate(t);
    onChange(parsed.ok ? parsed.value : t);
  };
  return (
    <div className="flex flex-col gap-1">
      <TextInput id={id} value={text} onChange={setText} onBlur={commit} error={error} describedBy={describedBy} large={large} />
      {isIsoDate(stored) ? <span className="text-std-16N-170 text-solid-gray-700">{formatWareki(stored)}</span> : null}
    </div>
  );
}

function ChoiceInput({ field, value, onChange, large, describedBy }: { field: Extract<LeafField, { type: 'choice' }>; value: unknown; onChange: (v: unknown) => void; large?: boolean | undefined; describedBy?: string | undefined }) {
  const name = useId();
  const selected = field.multiple ? (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []) : [asText(value)];
  const toggle = (option: string) => {
    if (!field.multiple) return onChange(option);
    const next = selected.includes(option) ? selected.filter((x) => x !== option) : [...selected, option];
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <div className={`grid gap-2 ${field.options.length > 3 ? 'sm:grid-cols-2' : 'sm:grid-cols-3'}`} aria-describedby={describedBy}>
      {field.options.map((o) => {
        const on = selected.includes(o.value);
        return (
          <label key={o.value} className={`flex cursor-pointer items-center gap-3 rounded-8 border-2 px-4 ${large ? 'min-h-16 text-std-20N-150' : 'min-h-14 text-std-17N-170'} ${on ? 'border-key-900 bg-key-50' : 'border-solid-gray-300 bg-white hover:bg-solid-gray-50'}`}>
            <input type={field.multiple ? 'checkbox' : 'radio'} name={name} className="size-6 shrink-0 accent-key-900" checked={on} onChange={() => toggle(o.value)} />
            <span>{o.label}</span>
          </label>
        );
      })}
    </div>
  );
}

function AddressInput({ id, value, onChange, large }: { id: string; value: unknown; onChange: (v: unknown) => void; large?: boolean | undefined }) {
  const a = isRecord(value) ? value : {};
  const set = (key: string, v: string) => {
    const next: Record<string, unknown> = { ...a, [key]: v };
    if (v === '') delete next[key];
    onChange(Object.keys(next).length > 0 ? next : undefined);
  };
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-[12rem_1fr]">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-postal`} className="text-std-16N-170 text-solid-gray-800">郵便番号</label>
        <TextInput id={`${id}-postal`} value={asText(a['postalCode'])} inputMode="numeric" onChange={(v) => set('postalCode', v)} large={large} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-std-16N-170 text-solid-gray-800">住所（都道府県から番地まで）</label>
        <TextInput id={id} value={asText(a['address'])} onChange={(v) => set('address', v)} large={large} />
      </div>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor={`${id}-building`} className="text-std-16N-170 text-solid-gray-800">方書（建物名・部屋番号）</label>
        <TextInput id={`${id}-building`} value={asText(a['building'])} onChange={(v) => set('building', v)} large={large} />
      </div>
    </div>
  );
}

function RepeaterInput({ field, value, onChange, large }: { field: RepeaterField; value: unknown; onChange: (v: unknown) => void; large?: boolean | undefined }) {
  const items = Array.isArray(value) ? value.filter(isRecord) : [];
  const setItem = (index: number, key: string, v: unknown) => onChange(items.map((item, i) => (i === index ? { ...item, [key]: v } : item)));
  return (
    <div className="flex flex-col gap-3">
      {items.map((item, index) => (
        <fieldset key={index} className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 bg-solid-gray-50 p-4">
          <legend className="px-1 text-std-16B-170">{`${field.itemLabel}（${index + 1}）`}</legend>
          {field.fields.map((child) => (
            <QuestionField key={child.id} field={child} value={item[child.id]} required={child.required} large={large} label={child.label} onChange={(v) => setItem(index, child.id, v)} />
          ))}
          <Button variant="danger" size="sm" className="self-start" onClick={() => onChange(items.filter((_, i) => i !== index))}>
            {`${field.itemLabel}（${index + 1}）を削除`}
          </Button>
        </fieldset>
      ))}
      <Button variant="secondary" className="self-start" onClick={() => onChange([...items, {}])}>
        {`＋ ${field.itemLabel}を追加`}
      </Button>
    </div>
  );
}

export function QuestionField({ field, value, onChange, required, error, source, label, large }: QuestionFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const text = label ?? field.label;
  const hint: ReactNode = field.type === 'date' ? '和暦（令和8年11月20日・R8.11.20）でも入力できます。' : field.type === 'kana' ? 'ひらがなでもカタカナでも入力できます。' : field.help;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const wrap = (control: ReactNode, asGroup = false) => (
    <div className="flex flex-col gap-2" {...(asGroup ? { role: 'group', 'aria-labelledby': `${id}-label` } : {})}>
      {asGroup ? (
        <span id={`${id}-label`}><Label text={text} required={required} source={source} large={large} /></span>
      ) : (
        <Label htmlFor={id} text={text} required={required} source={source} large={large} />
      )}
      {hint ? <p id={hintId} className="text-std-16N-170 text-solid-gray-700">{hint}</p> : null}
      {error ? <FieldError id={errorId} message={error} /> : null}
      {control}
    </div>
  );
  switch (field.type) {
    case 'text':
      return wrap(<TextInput id={id} value={asText(value)} onChange={(v) => onChange(v === '' ? undefined : v)} error={error} describedBy={describedBy} large={large} multiline={field.multiline} />);
    case 'kana':
      return wrap(<TextInput id={id} value={asText(value)} onChange={(v) => onChange(v === '' ? undefined : v)} onBlur={() => typeof value === 'string' && onChange(toKatakana(value))} error={error} describedBy={describedBy} large={large} />);
    case 'phone':
      return wrap(<TextInput id={id} value={asText(value)} inputMode="tel" autoComplete="tel" onChange={(v) => onChange(v === '' ? undefined : v)} error={error} describedBy={describedBy} large={large} />);
    case 'date':
      return wrap(<DateInput id={id} value={value} onChange={onChange} error={error} describedBy={describedBy} large={large} />);
    case 'number':
    case 'money':
      return wrap(
        <TextInput id={id} value={asText(value)} inputMode="numeric" error={error} describedBy={describedBy} large={large}
          onChange={(v) => { const t = v.normalize('NFKC').replace(/[,\s]/g, ''); onChange(t === '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t); }} />,
      );
    case 'boolean':
      return (
        <div className="flex flex-col gap-1">
          {error ? <FieldError id={errorId} message={error} /> : null}
          <label className={`flex cursor-pointer items-center gap-3 rounded-8 border-2 px-4 ${large ? 'min-h-16 text-std-20N-150' : 'min-h-14 text-std-17N-170'} ${value === true ? 'border-key-900 bg-key-50' : 'border-solid-gray-300'}`}>
            <input type="checkbox" className="size-6 accent-key-900" checked={value === true} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
            <span>{text}</span>
            {source ? <Badge tone="positive">{SOURCE_LABELS[source]}</Badge> : null}
          </label>
        </div>
      );
    case 'choice':
      return wrap(<ChoiceInput field={field} value={value} onChange={onChange} large={large} describedBy={describedBy} />, true);
    case 'address':
      return wrap(<AddressInput id={id} value={value} onChange={onChange} large={large} />, true);
    case 'repeater':
      return wrap(<RepeaterInput field={field} value={value} onChange={onChange} large={large} />, true);
    default:
      return wrap(<p className="text-std-16N-170 text-solid-gray-700">この項目は担当課で入力します。</p>, true);
  }
}
