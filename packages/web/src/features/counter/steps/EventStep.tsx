import { fullName, SHARED_FACTS, type Field } from '@madoguchi/procedures';
import { useState } from 'react';
import type { CounterEvent, VisitState } from '../../../api/counter';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { EVENT_HINTS, EVENT_LABELS } from '../labels';
import { MemberTable } from '../MemberTable';
import { QuestionField } from '../QuestionField';
import type { StepProps } from '../VisitPage';

const fact = (key: string) => SHARED_FACTS.find((f) => f.key === key)!;

/** The labels of the date and the two addresses, as the event gives them meaning. */
export function basicsFields(event: CounterEvent | null, resident = false): { key: string; field: Field }[] {
  const f = (key: string, label: string, over: Partial<Field> = {}) => ({ key: `shared:${key}`, field: { ...fact(key).field, label, ...over } as Field });
  switch (event) {
    case 'moveIn':
      return [
        f('eventDate', resident ? '新しい住所に住み始めた日' : '転入日（住み始めた日）'),
        f('previousMoveOutDate', resident ? '前の市区町村の転出日（転出予定日）' : '前の住所地の転出日（転出予定日）'),
        f('newAddress', resident ? '新しい住所（市内）' : '新しい住所（市内の転入先）'),
        f('oldAddress', resident ? '前の住所' : '前の住所（転出元）', { requirePostalCode: false } as Partial<Field>),
      ];
    case 'moveWithin':
      return [f('eventDate', resident ? '新しい住所に住み始めた日' : '転居日（住み始めた日）'), f('newAddress', '新しい住所'), f('oldAddress', '今までの住所')];
    case 'moveOut':
      return [f('eventDate', resident ? '引っ越す日（予定）' : '転出日（転出予定日）'), f('newAddress', resident ? '引っ越し先の住所' : '転出先の住所', { requirePostalCode: false } as Partial<Field>), f('oldAddress', '今の住所（市内）')];
    case 'householdChange':
      return [f('eventDate', '変更があった日'), f('oldAddress', '住所')];
    default:
      return [];
  }
}

export const valueOf = (state: VisitState, key: string) => (Object.hasOwn(state.values, key) ? state.values[key] : state.prefill[key]?.value);

/** What must be known before the navigator can propose anything, with what to do about it. */
export function eventProblems(state: VisitState): string[] {
  const problems: string[] = [];
  if (!state.event) problems.push('ライフイベント（転入・転居・転出・世帯変更）を選んでください。');
  if (!valueOf(state, 'shared:eventDate')) problems.push('異動日（住み始めた日・引っ越す日）を入力してください。');
  const moving = state.household.members.filter((m) => m.moving || state.event === 'householdChange');
  if (moving.length === 0) problems.push('異動する人に印を付けてください。');
  if (moving.some((m) => !/^\d{4}-\d{2}-\d{2}$/.test(m.birthDate))) problems.push('異動する人の生年月日を入力してください（必要な手続きの判定に使います）。');
  return problems;
}

export function EventStep({ draft, goTo }: StepProps) {
  const { state, update } = draft;
  const [tried, setTried] = useState(false);
  const problems = eventProblems(state);
  const setValue = (key: string, value: unknown) => update((s) => ({ ...s, values: { ...s.values, [key]: value } }));
  const members = state.household.members;
  const head = members.find((m) => m.relationship === 'householder');
  const staying = members.filter((m) => !m.moving);
  const needsRemainingHead = (state.event === 'moveWithin' || state.event === 'moveOut') && head?.moving && staying.length > 0;
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="event-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="event-heading" className="text-std-24B-150">ライフイベント</h2>
        <div role="radiogroup" aria-labelledby="event-heading" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {(Object.keys(EVENT_LABELS) as CounterEvent[]).map((e) => (
            <button
              key={e} type="button" role="radio" aria-checked={state.event === e}
              className={`flex min-h-24 flex-col items-start justify-center gap-1 rounded-12 border-2 px-5 text-left ${state.event === e ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-300 bg-white text-solid-gray-900 hover:bg-key-50'}`}
              onClick={() => update((s) => ({ ...s, event: e }))}
            >
              <span className="text-std-28B-150">{EVENT_LABELS[e]}</span>
              <span className="text-std-16N-170">{EVENT_HINTS[e]}</span>
            </button>
          ))}
        </div>
      </section>

      {state.event ? (
        <section aria-labelledby="basics-heading" className="flex flex-col gap-5 rounded-12 border border-solid-gray-200 bg-white p-6">
          <h2 id="basics-heading" className="text-std-24B-150">日付と住所</h2>
          <div className="grid grid-cols-1 gap-5 md:grid-cols-2">
            {basicsFields(state.event).map(({ key, field }) => (
              <div key={key} className={field.type === 'address' ? 'md:col-span-2' : ''}>
                <QuestionField field={field} value={valueOf(state, key)} required={key !== 'shared:previousMoveOutDate' || state.event === 'moveIn'}
                  source={Object.hasOwn(state.values, key) ? undefined : state.prefill[key]?.source} onChange={(v) => setValue(key, v)} />
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="members-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="members-heading" className="text-std-24B-150">世帯と異動する人</h2>
        <p className="text-std-16N-170 text-solid-gray-700">ここで入力した人は、すべての届出書に使われます（氏名・ふりがな・生年月日・続柄は1回だけ入力）。</p>
        <MemberTable members={members} showMoving={state.event !== 'householdChange' || state.householdChange?.kind === 'split'} errors={{}} onChange={(next) => update((s) => ({ ...s, household: { ...s.household, members: next } }))} />
        {needsRemainingHead ? (
          <label className="flex flex-col gap-1">
            <span className="text-std-17B-170">残る世帯の新しい世帯主</span>
            <select className="min-h-14 rounded-8 border border-solid-gray-600 px-3 text-std-18N-160" value={state.remainingHouseholderId ?? ''} onChange={(e) => update((s) => ({ ...s, remainingHouseholderId: e.target.value || null }))}>
              <option value="">選んでください</option>
              {staying.map((m) => <option key={m.id} value={m.id}>{fullName(m)}</option>)}
            </select>
          </label>
        ) : null}
        {state.event === 'householdChange' ? <HouseholdChange state={state} update={update} /> : null}
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <NumberFact label="犬（飼っている頭数）" value={state.household.dogs} onChange={(n) => update((s) => ({ ...s, household: { ...s.household, dogs: n } }))} />
          <NumberFact label="原付バイクなど（台数）" value={state.household.mopeds} onChange={(n) => update((s) => ({ ...s, household: { ...s.household, mopeds: n } }))} />
          {state.event === 'moveOut' ? (
            <label className="flex min-h-14 items-center gap-3 self-end rounded-8 border border-solid-gray-300 px-3 text-std-16N-170">
              <input type="checkbox" className="size-6 accent-key-900" checked={state.household.receivesChildAllowance} onChange={(e) => update((s) => ({ ...s, household: { ...s.household, receivesChildAllowance: e.target.checked } }))} />
              児童手当を受けている
            </label>
          ) : null}
        </div>
      </section>

      {tried && problems.length > 0 ? (
        <Alert variant="error" title="次へ進む前に" focusOnMount>
          <ul className="list-disc pl-5">{problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </Alert>
      ) : null}
      <div className="flex flex-wrap justify-between gap-3">
        <Button variant="secondary" onClick={() => goTo('identify')}>戻る（本人確認）</Button>
        <Button className="min-h-14 px-8 text-std-18B-160" onClick={() => (problems.length > 0 ? setTried(true) : goTo('procedures'))}>
          必要な手続きを調べる
        </Button>
      </div>
    </div>
  );
}

function NumberFact({ label, value, onChange }: { label: string; value: number; onChange: (n: number) => void }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-std-17B-170">{label}</span>
      <select className="min-h-14 rounded-8 border border-solid-gray-600 px-3 text-std-18N-160" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </label>
  );
}

function HouseholdChange({ state, update }: { state: VisitState; update: StepProps['draft']['update'] }) {
  const hc = state.householdChange ?? { kind: 'householder' as const, newHouseholderId: null, intoHouseholdId: null, relationships: {} };
  const set = (patch: Partial<typeof hc>) => update((s) => ({ ...s, householdChange: { ...hc, ...patch } }));
  return (
    <div className="flex flex-col gap-4 rounded-8 border-2 border-key-900 bg-key-50 p-4">
      <span className="text-std-18B-160">世帯変更の内容</span>
      <div className="flex flex-wrap gap-3">
        {(['householder', 'split'] as const).map((k) => (
          <label key={k} className="flex min-h-14 items-center gap-2 rounded-8 border border-solid-gray-300 bg-white px-4 text-std-17N-170">
            <input type="radio" name="hc-kind" className="size-6 accent-key-900" checked={hc.kind === k} onChange={() => set({ kind: k })} />
            {k === 'householder' ? '世帯主の変更' : '世帯分離（印を付けた人が新しい世帯に）'}
          </label>
        ))}
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-std-17B-170">新しい世帯主</span>
        <select className="min-h-14 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-18N-160" value={hc.newHouseholderId ?? ''} onChange={(e) => set({ newHouseholderId: e.target.value || null })}>
          <option value="">選んでください</option>
          {state.household.members.map((m) => <option key={m.id} value={m.id}>{fullName(m)}</option>)}
        </select>
      </label>
      <p className="text-std-16N-170 text-solid-gray-700">続柄が変わる人は、上の一覧で新しい世帯主から見た続柄に直してください。世帯の合併は住民記録の画面から受け付けてください。</p>
    </div>
  );
}
