import type { ReactNode } from 'react';
import type { Field, FormEvaluation, ProcedureDefinition } from '@madoguchi/procedures';
import { QuestionField } from '../counter/QuestionField';

/** Field types the vehicle never asks on the tablet: the number never leaves the counter, files go to the department. */
const NOT_ASKED = new Set(['individualNumber', 'file', 'person']);

const errorsUnder = (evaluation: FormEvaluation, id: string) =>
  Object.entries(evaluation.errors).filter(([path]) => path === id || path.startsWith(`${id}.`) || path.startsWith(`${id}[`)).flatMap(([, list]) => list.map((e) => e.message));

/**
 * One procedure's form on the vehicle tablet: the published definition the tablet was given, shown
 * and checked by the same evaluator the server runs again on arrival, with the counter's own question
 * fields (large touch targets, 和暦 dates, kana).
 */
export function VehicleForm({ definition, answers, evaluation, onChange, showErrors, signature }: {
  definition: ProcedureDefinition;
  answers: Record<string, unknown>;
  evaluation: FormEvaluation;
  onChange: (answers: Record<string, unknown>) => void;
  showErrors: boolean;
  /** The signature step (on the screen or on paper), shown at the form's first signature field. */
  signature: (label: string) => ReactNode;
}) {
  const firstSignature = definition.steps.flatMap((s) => s.fields).find((f) => f.type === 'signature')?.id;
  const set = (id: string, value: unknown) => {
    const next = { ...answers };
    if (value === undefined) delete next[id];
    else next[id] = value;
    onChange(next);
  };
  const field = (f: Field) => {
    if (!evaluation.visibleFields.includes(f.id)) return null;
    if (f.type === 'signature') {
      if (f.id === firstSignature) return <div key={f.id} data-field={f.id}>{signature(f.label)}</div>;
      return (
        <div key={f.id} className="flex flex-col gap-1 rounded-8 bg-solid-gray-50 px-4 py-3">
          <span className="text-std-17B-170">{f.label}</span>
          <span className="text-std-16N-170 text-solid-gray-700">上でいただいた署名が入ります。</span>
        </div>
      );
    }
    if (NOT_ASKED.has(f.type)) {
      const text = f.type === 'individualNumber' ? '個人番号は移動市役所では扱いません。必要なときは後日、担当課から連絡します。'
        : f.type === 'person' ? '本人確認で読み取った人が入ります。'
        : '添付書類は担当課で受け取ります。';
      return (
        <div key={f.id} className="flex flex-col gap-1 rounded-8 bg-solid-gray-50 px-4 py-3">
          <span className="text-std-17B-170">{f.label}</span>
          <span className="text-std-16N-170 text-solid-gray-700">{text}</span>
        </div>
      );
    }
    const errors = showErrors ? errorsUnder(evaluation, f.id) : [];
    return (
      <div key={f.id} data-field={f.id}>
        <QuestionField field={f} value={answers[f.id]} onChange={(v) => set(f.id, v)} required={evaluation.requiredFields.includes(f.id)} error={errors.length ? errors.join(' ') : undefined} />
      </div>
    );
  };
  return (
    <div className="flex flex-col gap-6">
      {definition.steps.filter((s) => evaluation.visibleSteps.includes(s.id)).map((step) => (
        <section key={step.id} aria-labelledby={`vstep-${step.id}`} className="flex flex-col gap-5 rounded-12 border border-solid-gray-300 bg-white p-5">
          <h3 id={`vstep-${step.id}`} className="text-std-24B-150">{step.title}</h3>
          {step.fields.map(field)}
        </section>
      ))}
    </div>
  );
}
