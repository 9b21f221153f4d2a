import { todayInJapan } from '@madoguchi/jp';
import { emptyMember, evaluateBundle, type Interview } from '@madoguchi/procedures';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { CounterEvent, EntryView, Proposal, VisitStep } from '../../api/counter';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { QrCode } from '../../components/QrCode';
import { InterviewForm } from '../counter/InterviewForm';
import { MemberTable } from '../counter/MemberTable';
import { QuestionField } from '../counter/QuestionField';
import { basicsFields, eventProblems, valueOf } from '../counter/steps/EventStep';
import { ProposalCard } from '../counter/steps/ProceduresStep';
import { useVisitDraft, type Draftable } from '../counter/useVisitDraft';

/**
 * The resident's own entry, on the 記載台 kiosk or at home on a phone: the counter's interview in
 * the resident's words and in large type, one question group per screen, saved as they go. It
 * ends with a code and its QR code for the desk; the kiosk also gives the day's number.
 */

type Screen = 'kind' | 'basics' | 'members' | 'procedures' | 'interview' | 'review' | 'done';
const SCREENS: { key: Screen; label: string; step: VisitStep }[] = [
  { key: 'kind', label: '引っ越しの種類', step: 'event' },
  { key: 'basics', label: '日付と住所', step: 'event' },
  { key: 'members', label: '引っ越す人', step: 'event' },
  { key: 'procedures', label: '手続き', step: 'procedures' },
  { key: 'interview', label: '記入', step: 'interview' },
  { key: 'review', label: '確認', step: 'review' },
  { key: 'done', label: '完了', step: 'done' },
];

const RESIDENT_EVENTS: { key: CounterEvent; label: string; hint: string }[] = [
  { key: 'moveIn', label: 'ほかの市区町村から引っ越してきた', hint: '転入' },
  { key: 'moveWithin', label: '市内で引っ越した', hint: '転居' },
  { key: 'moveOut', label: '市外へ引っ越す', hint: '転出' },
];

type EntryDraftable = Draftable & { entry: EntryView };
const asDraftable = (code: string, entry: EntryView): EntryDraftable => ({ id: code, revision: entry.revision, state: entry.state, status: entry.status, entry });

export interface ResidentEntryProps {
  lgc: string;
  code: string;
  displayCode: string;
  initial: EntryView;
  /** Kiosk: bigger targets, and the day's number at the end. */
  kiosk: boolean;
  municipalityName: string;
  /** Where the QR code points: this entry's page, so the resident can also reopen it. */
  entryUrl: string;
  onFinish?: () => void;
}

export function ResidentEntry({ lgc, code, displayCode, initial, kiosk, municipalityName, entryUrl, onFinish }: ResidentEntryProps) {
  const api = useApi();
  const entries = api.entries(lgc);
  const draft = useVisitDraft<EntryDraftable>(asDraftable(code, initial), async (revision, state) => asDraftable(code, await entries.save(code, revision, state)));
  const { state, update, visit } = draft;
  const submitted = visit.entry.status !== 'draft';
  const [screen, setScreen] = useState<Screen>(submitted ? 'done' : (SCREENS.find((s) => s.step === state.step)?.key ?? 'kind'));
  const [error, setError] = useState<unknown>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = (next: Screen) => {
    const step = SCREENS.find((s) => s.key === next)!.step;
    if (next !== 'done') update((s) => ({ ...s, step }));
    setScreen(next);
    setShowErrors(false);
    window.scrollTo({ top: 0 });
  };
  const index = SCREENS.findIndex((s) => s.key === screen);
  const big = kiosk;
  const heading = big ? 'text-std-32B-150' : 'text-std-28B-150';

  const proposals = useQuery({ queryKey: ['entry-proposals', code, screen], queryFn: async () => { await draft.flush(); return entries.proposals(code); }, enabled: screen === 'procedures', gcTime: 0 });
  const interview = useQuery({
    queryKey: ['entry-interview', code, state.chosen.map((c) => c.procedureId).join()],
    queryFn: async () => { await draft.flush(); return entries.interview(code); },
    enabled: screen === 'interview' || screen === 'review',
    gcTime: 0,
  });
  const evaluation = useMemo(() => (interview.data ? evaluateBundle(interview.data, state.values, state.household, { today: todayInJapan(), channel: kiosk ? 'kiosk' : 'online' }) : null), [interview.data, state.values, state.household, kiosk]);
  const [picked, setPicked] = useState<Set<string> | null>(null);

  const choose = async (list: Proposal[]) => {
    setBusy(true);
    setError(null);
    try {
      const current = await draft.flush();
      const chosen = picked ?? new Set(list.map((p) => p.procedureId));
      draft.replace(asDraftable(code, await entries.choose(code, current.revision, list.filter((p) => chosen.has(p.procedureId)).map((p) => p.procedureId))));
      go('interview');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await draft.flush();
      draft.replace(asDraftable(code, await entries.submit(code)));
      setScreen('done');
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const nav = (back: Screen | null, next: () => void, label = '次へ', disabled = false) => (
    <div className="flex flex-wrap justify-between gap-4">
      {back ? <Button variant="secondary" className={big ? 'min-h-16 px-8 text-std-20B-150' : 'min-h-14'} onClick={() => go(back)}>戻る</Button> : <span />}
      <Button className={big ? 'min-h-20 px-12 text-std-24B-150' : 'min-h-16 px-10 text-std-20B-150'} disabled={disabled} busy={busy} busyLabel="お待ちください…" onClick={next}>{label}</Button>
    </div>
  );

  let body;
  switch (screen) {
    case 'kind':
      body = (
        <>
          <h2 className={heading}>どの引っ越しですか</h2>
          <div className="grid grid-cols-1 gap-4">
            {RESIDENT_EVENTS.map((e) => (
              <button key={e.key} type="button" aria-pressed={state.event === e.key}
                className={`flex min-h-24 flex-col items-start justify-center rounded-12 border-4 px-6 text-left ${state.event === e.key ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-300 bg-white hover:bg-key-50'}`}
                onClick={() => update((s) => ({ ...s, event: e.key, household: s.household.members.length > 0 ? s.household : { ...s.household, members: [emptyMember('p1', 'householder')] } }))}>
                <span className="text-std-28B-150">{e.label}</span>
                <span className="text-std-18N-160">{e.hint}</span>
              </button>
            ))}
          </div>
          {nav(null, () => go('basics'), '次へ', !state.event)}
        </>
      );
      break;
    case 'basics':
      body = (
        <>
          <h2 className={heading}>日付と住所</h2>
          <div className="flex flex-col gap-6">
            {basicsFields(state.event, true).map(({ key, field }) => (
              <QuestionField key={key} field={field} value={valueOf(state, key)} required={key !== 'shared:previousMoveOutDate'} large={big}
                onChange={(v) => update((s) => ({ ...s, values: { ...s.values, [key]: v } }))} />
            ))}
          </div>
          {nav('kind', () => go('members'), '次へ', !valueOf(state, 'shared:eventDate'))}
        </>
      );
      break;
    case 'members': {
      const problems = eventProblems(state);
      body = (
        <>
          <h2 className={heading}>引っ越す人</h2>
          <p className="text-std-18N-160">最初の人は世帯主（または、あなた）です。一緒に引っ越す家族も加えてください。</p>
          <MemberTable members={state.household.members} showMoving={false} errors={{}} large={big} resident onChange={(next) => update((s) => ({ ...s, household: { ...s.household, members: next } }))} />
          {showErrors && problems.length > 0 ? <Alert variant="error" title="次へ進む前に" focusOnMount><ul className="list-disc pl-5">{problems.map((p) => <li key={p}>{p}</li>)}</ul></Alert> : null}
          {nav('basics', () => (problems.length > 0 ? setShowErrors(true) : go('procedures')))}
        </>
      );
      break;
    }
    case 'procedures':
      body = proposals.isPending ? <Loading label="必要な手続きを調べています…" /> : proposals.isError ? <ErrorAlert error={proposals.error} /> : (
        <>
          <h2 className={heading}>{`必要な手続き（${proposals.data.length}件）`}</h2>
          <p className="text-std-18N-160">引っ越しの内容から、必要な手続きを選びました。今回まとめて記入するものに印を付けてください（窓口でも変えられます）。</p>
          <ul className="flex flex-col gap-3">
            {proposals.data.map((p) => {
              const chosen = picked ?? new Set(proposals.data.map((x) => x.procedureId));
              return <ProposalCard key={p.procedureId} p={p} large={big} checked={chosen.has(p.procedureId)} onToggle={() => {
                const next = new Set(chosen);
                if (next.has(p.procedureId)) next.delete(p.procedureId);
                else next.add(p.procedureId);
                setPicked(next);
              }} />;
            })}
          </ul>
          {nav('members', () => void choose(proposals.data))}
        </>
      );
      break;
    case 'interview':
      body = interview.isPending || !evaluation ? <Loading label="記入する項目を準備しています…" /> : interview.isError ? <ErrorAlert error={interview.error} /> : (
        <>
          <h2 className={heading}>記入</h2>
          <p className="text-std-18N-160">同じことは一度だけ書けば、すべての届出書に入ります。わからない項目は空けたままで構いません（窓口でお聞きします）。</p>
          <InterviewForm interview={interview.data as Interview} values={state.values} members={state.household.members} evaluation={evaluation} showErrors={showErrors} skipSections={['basics']} large={big}
            onChange={(key, value) => update((s) => ({ ...s, values: { ...s.values, [key]: value } }))} />
          {nav('procedures', () => go('review'), '確認へ')}
        </>
      );
      break;
    case 'review': {
      const open = evaluation ? Object.keys(evaluation.errors).length : 0;
      body = (
        <>
          <h2 className={heading}>確認</h2>
          <p className="text-std-18N-160">{`${municipalityName}の窓口に送ります。送ったあとは、窓口で職員がご本人確認をして、届出書を作ります。`}</p>
          {open > 0 ? <Alert variant="info" title={`まだ記入していない項目が${open}件あります`}>このまま送っても大丈夫です。窓口でお聞きします。</Alert> : <Alert variant="success" title="すべて記入しました" />}
          {nav('interview', () => void submit(), '窓口に送る')}
        </>
      );
      break;
    }
    case 'done':
      body = (
        <div className="flex flex-col items-center gap-6 text-center">
          <h2 className={heading}>{kiosk ? '受付番号をお控えください' : '入力が終わりました'}</h2>
          {visit.entry.kioskNumber ? <p className="font-mono text-[6rem] font-bold leading-none text-key-900" aria-label={`受付番号 ${visit.entry.kioskNumber}`}>{visit.entry.kioskNumber}</p> : null}
          <p className="text-std-20N-150">{kiosk ? '番号が呼ばれたら窓口へお越しください。職員がこの番号か下のQRコードで、入力した内容を開きます。' : '市役所の窓口で、このQRコードを見せてください。入力した内容から、すぐに手続きを始めます。'}</p>
          <QrCode value={entryUrl} label="窓口で読み取る受付コードのQRコード" size={kiosk ? 280 : 240} />
          <p className="text-std-16N-170">受付コード</p>
          <p className="font-mono text-std-32B-150 tracking-wider">{displayCode}</p>
          {!kiosk ? <p className="text-std-16N-170 text-solid-gray-700">{`この画面を保存するか、コードを控えてください。${new Date(visit.entry.expiresAt).toLocaleDateString('ja-JP')}まで有効です。`}</p> : null}
          {!kiosk ? <p className="text-std-16N-170">持ち物: 本人確認書類（マイナンバーカードなど）、転出証明書（転入のとき）</p> : null}
          {onFinish ? <Button className="min-h-20 px-12 text-std-24B-150" onClick={onFinish}>終わる</Button> : null}
        </div>
      );
      break;
  }

  return (
    <div className={`flex flex-col gap-6 ${big ? 'text-std-20N-150' : ''}`}>
      {screen !== 'done' ? (
        <ol className="flex flex-wrap gap-2" aria-label="入力の手順">
          {SCREENS.slice(0, -1).map((s, i) => (
            <li key={s.key} aria-current={s.key === screen ? 'step' : undefined}
              className={`rounded-full border-2 px-4 py-1 text-std-16B-170 ${s.key === screen ? 'border-key-900 bg-key-900 text-white' : i < index ? 'border-key-900 text-key-900' : 'border-solid-gray-300 text-solid-gray-700'}`}>
              {`${i + 1} ${s.label}`}
            </li>
          ))}
        </ol>
      ) : null}
      {draft.status === 'offline' ? <Alert variant="warning" title="通信できません">入力はこの端末に一時保存しています。通信が戻ると自動で送ります。</Alert> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {body}
    </div>
  );
}
