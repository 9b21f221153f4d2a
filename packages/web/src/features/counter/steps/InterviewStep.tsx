import { todayInJapan } from '@madoguchi/jp';
import { evaluateBundle, fullName, questionIndex, type BundleEvaluation, type BundleMember, type Interview } from '@madoguchi/procedures';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import type { VisitState } from '../../../api/counter';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { InterviewForm } from '../InterviewForm';
import type { StepProps } from '../VisitPage';

const MEMBER_COLUMNS: Record<string, string> = { familyName: '氏名', givenName: '名', familyNameKana: 'ふりがな', givenNameKana: 'ふりがな', birthDate: '生年月日', sex: '性別', relationship: '続柄' };

/** Findings outside this screen's questions (members, date, addresses) say where to fix them. */
export function errorSummary(interview: Interview, evaluation: BundleEvaluation, members: BundleMember[]): { key: string; text: string; elsewhere: boolean }[] {
  const index = questionIndex(interview);
  return Object.entries(evaluation.errors).flatMap(([key, errors]) => {
    const q = index.get(key);
    const basics = interview.sections.find((s) => s.id === 'basics')?.questions.some((x) => x.key === key) ?? false;
    if (key.startsWith('member:')) {
      const [, id, column] = key.split(':');
      const m = members.find((x) => x.id === id);
      return errors.map((e) => ({ key, text: `${m ? fullName(m) : '世帯の人'}さんの${MEMBER_COLUMNS[column ?? ''] ?? column}: ${e.message}`, elsewhere: true }));
    }
    return errors.map((e) => ({ key, text: q ? e.message : e.message, elsewhere: basics || key === 'members' }));
  });
}

/** The interview of the chosen procedures, with the ids of those that have a paper form; one cache entry per choice. */
export function useInterview(visitId: string, state: VisitState, load: () => Promise<{ interview: Interview; forms: string[] }>) {
  return useQuery({
    queryKey: ['counter-interview', visitId, state.chosen.map((c) => `${c.procedureId}@${c.version}:${c.memberIds.join(',')}`).join('|')],
    queryFn: load,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

/** 聞き取り: one form over every chosen procedure, checked by each procedure's own rules as staff type. */
export function InterviewStep({ draft, goTo }: StepProps) {
  const api = useApi();
  const { state, update } = draft;
  const query = useInterview(draft.visit.id, state, async () => api.counter.interview((await draft.flush()).id));
  const [showErrors, setShowErrors] = useState(false);
  const today = todayInJapan();
  const evaluation = useMemo(
    () => (query.data ? evaluateBundle(query.data.interview, state.values, state.household, { today, channel: 'counter' }) : null),
    [query.data, state.values, state.household, today],
  );
  if (query.isPending) return <Loading label="聞き取りの項目を準備しています…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="聞き取りの項目を準備できませんでした" />;
  const { interview } = query.data;
  const result = evaluation!;
  const summary = errorSummary(interview, result, state.household.members);
  const missing = result.required.filter((k) => result.errors[k]?.some((e) => e.code === 'FORM-REQUIRED')).length;
  const next = () => {
    if (result.valid) goTo('review');
    else {
      setShowErrors(true);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    }
  };
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-12 border border-solid-gray-200 bg-white p-4">
        <p className="text-std-18N-160">{`${interview.procedures.length}件の届出をまとめて聞き取ります。共通の項目は1回だけです。`}</p>
        <p role="status" className="text-std-18B-160">{result.valid ? 'すべて入力済み' : `未入力・要確認 ${Object.keys(result.errors).length}項目${missing > 0 ? `（うち未入力 ${missing}）` : ''}`}</p>
      </div>
      {showErrors && summary.length > 0 ? (
        <Alert variant="error" title="直すところがあります" focusOnMount>
          <ul className="list-disc pl-5">
            {summary.map((s) => <li key={`${s.key}-${s.text}`}>{s.text}</li>)}
          </ul>
          {summary.some((s) => s.elsewhere) ? <Button variant="secondary" className="mt-3" onClick={() => goTo('event')}>世帯の人・日付・住所を直す</Button> : null}
        </Alert>
      ) : null}
      <InterviewForm
        interview={interview}
        values={state.values}
        members={state.household.members}
        evaluation={result}
        showErrors={showErrors}
        skipSections={['basics']}
        onChange={(key, value) => update((s) => ({ ...s, values: { ...s.values, [key]: value } }))}
      />
      <div className="flex flex-wrap justify-between gap-3">
        <Button variant="secondary" onClick={() => goTo('procedures')}>戻る（手続きの選択）</Button>
        <Button className="min-h-14 px-8 text-std-18B-160" onClick={next}>確認へ</Button>
      </div>
    </div>
  );
}
