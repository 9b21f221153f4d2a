import { formatWareki, isIsoDate } from '@madoguchi/jp';
import { fullKana, fullName, RELATIONSHIP_LABELS } from '@madoguchi/procedures';
import { useApi } from '../../../api/ApiProvider';
import { Button } from '../../../components/Button';
import { DescriptionList } from '../../../components/DescriptionList';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { FormViewer } from '../FormViewer';
import { EVENT_LABELS } from '../labels';
import { basicsFields, valueOf } from './EventStep';
import { useInterview } from './InterviewStep';
import type { StepProps } from '../VisitPage';

export const showValue = (v: unknown): string => {
  if (typeof v === 'string') return isIsoDate(v) ? formatWareki(v) : v;
  if (v && typeof v === 'object' && 'address' in v) {
    const a = v as { postalCode?: string; address?: string; building?: string };
    return `${a.postalCode ? `〒${a.postalCode.replace(/^(\d{3})(\d{4})$/, '$1-$2')} ` : ''}${a.address ?? ''}${a.building ? ` ${a.building}` : ''}`;
  }
  return v === undefined || v === null ? '（未入力）' : String(v);
};

/** 確認: everything in one view, and each form as the resident will sign it. */
export function ReviewStep({ draft, goTo }: StepProps) {
  const api = useApi();
  const { state, visit } = draft;
  const query = useInterview(visit.id, state, async () => api.counter.interview((await draft.flush()).id));
  if (query.isPending) return <Loading label="届出書を準備しています…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="届出書を準備できませんでした" />;
  const { interview, forms } = query.data;
  const moving = state.household.members.filter((m) => m.moving || state.event === 'householdChange');
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="review-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="review-heading" className="text-std-24B-150">届出の内容</h2>
        <DescriptionList items={[
          { term: 'ライフイベント', detail: state.event ? EVENT_LABELS[state.event] : '（未選択）' },
          ...basicsFields(state.event).map(({ key, field }) => ({ term: field.label, detail: showValue(valueOf(state, key)) })),
          { term: '届出人', detail: showValue(valueOf(state, 'shared:applicantName') ?? interview.sections.flatMap((s) => s.questions).find((q) => q.key === 'shared:applicantName')?.prefill?.value) },
        ]} />
        <h3 className="text-std-20B-150">{`異動する人（${moving.length}人）`}</h3>
        <ul className="grid grid-cols-1 gap-2 md:grid-cols-3">
          {moving.map((m) => (
            <li key={m.id} className="rounded-8 border border-solid-gray-300 p-3">
              <span className="block text-std-18B-160">{fullName(m)}</span>
              <span className="block text-std-16N-170 text-solid-gray-700">{`${fullKana(m)}・${RELATIONSHIP_LABELS[m.relationship]}`}</span>
              <span className="block text-std-16N-170 text-solid-gray-700">{isIsoDate(m.birthDate) ? formatWareki(m.birthDate) : m.birthDate}</span>
            </li>
          ))}
        </ul>
        <h3 className="text-std-20B-150">{`今日行う手続き（${interview.procedures.length}件）`}</h3>
        <ul className="list-disc pl-6 text-std-18N-160">
          {interview.procedures.map((p) => <li key={p.procedureId}>{p.definition.title}</li>)}
        </ul>
      </section>
      <section aria-labelledby="forms-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="forms-heading" className="text-std-24B-150">届出書（ご本人に確かめていただく）</h2>
        <FormViewer
          forms={interview.procedures.filter((p) => forms.includes(p.procedureId)).map((p) => ({ procedureId: p.procedureId, title: p.definition.title }))}
          urlOf={(id, version) => api.counter.formPdfUrl(visit.id, id, version)}
          version={String(visit.revision)}
        />
      </section>
      <div className="flex flex-wrap justify-between gap-3">
        <Button variant="secondary" onClick={() => goTo('interview')}>戻って直す（聞き取り）</Button>
        <Button className="min-h-14 px-8 text-std-18B-160" onClick={() => goTo('sign')}>内容に間違いがないので署名へ</Button>
      </div>
    </div>
  );
}
