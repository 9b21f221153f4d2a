import { answerOf, fullName, type BundleEvaluation, type BundleMember, type Interview, type InterviewQuestion } from '@madoguchi/procedures';
import { QuestionField } from './QuestionField';

export interface InterviewFormProps {
  interview: Interview;
  values: Record<string, unknown>;
  members: BundleMember[];
  evaluation: BundleEvaluation;
  onChange: (key: string, value: unknown) => void;
  /** Errors are shown once staff try to go on, not while they type. */
  showErrors: boolean;
  /** Sections asked on an earlier screen (the date and addresses with the event). */
  skipSections?: string[];
  large?: boolean;
}

export const errorText = (evaluation: BundleEvaluation, key: string) => evaluation.errors[key]?.map((e) => e.message).join(' ') || undefined;

/** Questions a form asks but the interview has no way to ask now (hidden by its own conditions). */
const shown = (evaluation: BundleEvaluation, q: InterviewQuestion) => q.procedureIds.length === 0 || evaluation.visible.includes(q.key);

/**
 * The interview over every chosen procedure: shared facts first (each asked once, with the forms
 * it feeds), then each form's own questions, per-person questions grouped under the person.
 */
export function InterviewForm({ interview, values, members, evaluation, onChange, showErrors, skipSections = [], large }: InterviewFormProps) {
  const title = (id: string) => interview.procedures.find((p) => p.procedureId === id)?.definition.title ?? id;
  const question = (q: InterviewQuestion, label?: string) => {
    const answered = Object.hasOwn(values, q.key);
    return (
      <div key={q.key} data-question={q.key}>
        <QuestionField
          field={q.field}
          value={answerOf(values, q, q.key)}
          onChange={(v) => onChange(q.key, v)}
          required={evaluation.required.includes(q.key)}
          error={showErrors ? errorText(evaluation, q.key) : undefined}
          source={!answered && q.prefill ? q.prefill.source : undefined}
          large={large}
          {...(label ? { label } : {})}
        />
        {q.procedureIds.length > 1 ? (
          <p className="mt-1 text-dns-14N-130 text-solid-gray-700">{`使う届出: ${q.procedureIds.map(title).join('・')}`}</p>
        ) : null}
      </div>
    );
  };
  return (
    <div className="flex flex-col gap-6">
      {interview.sections.filter((s) => !skipSections.includes(s.id)).map((section) => {
        const visible = section.questions.filter((q) => shown(evaluation, q));
        if (visible.length === 0) return null;
        const plain = visible.filter((q) => !q.memberId);
        const byMember = new Map<string, InterviewQuestion[]>();
        for (const q of visible) if (q.memberId) byMember.set(q.memberId, [...(byMember.get(q.memberId) ?? []), q]);
        return (
          <section key={section.id} aria-labelledby={`section-${section.id}`} className="flex flex-col gap-5 rounded-12 border border-solid-gray-300 bg-white p-5">
            <h3 id={`section-${section.id}`} className={large ? 'text-std-28B-150' : 'text-std-24B-150'}>
              {section.title}
            </h3>
            {plain.map((q) => question(q))}
            {[...byMember.entries()].map(([memberId, qs]) => {
              const m = members.find((x) => x.id === memberId);
              return (
                <fieldset key={memberId} className="flex flex-col gap-4 rounded-8 bg-solid-gray-50 p-4">
                  <legend className="text-std-18B-160">{m ? fullName(m) : '世帯の人'}</legend>
                  {qs.map((q) => question(q))}
                </fieldset>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
