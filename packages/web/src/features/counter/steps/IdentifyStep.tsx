import type { CardFaceAttributes } from '@madoguchi/card';
import { fullName } from '@madoguchi/procedures';
import { useCallback, useState, type FormEvent } from 'react';
import { useApi } from '../../../api/ApiProvider';
import type { CardMatch } from '../../../api/counter';
import type { ResidentSummary } from '../../../api/types';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Tabs } from '../../../components/Tabs';
import { CounterCardPanel } from '../CounterCardPanel';
import { inputClass } from '../QuestionField';
import { DEMO_MOVE_IN_RESERVATION } from '../demoData';
import type { StepProps } from '../VisitPage';

type Method = 'card' | 'registry' | 'import';

function NameCheck({ draft }: StepProps) {
  const api = useApi();
  const check = draft.state.identity.nameCheck;
  const [error, setError] = useState<unknown>(null);
  if (!check) return null;
  const decide = async (decision: 'same' | 'different') => {
    try {
      const visit = await draft.flush();
      draft.replace(await api.counter.decideNameCheck(visit.id, visit.revision, decision));
    } catch (e) {
      setError(e);
    }
  };
  if (check.decision) {
    return (
      <Alert variant="info" title="カードと住民記録の氏名の違いを確認しました">
        {check.decision === 'same' ? `同じ人として、住民記録の「${check.registryName}」で受け付けます。` : `別の人として受け付けます（住民記録の「${check.registryName}」とは結び付けません）。`}
      </Alert>
    );
  }
  return (
    <Alert variant="warning" title="カードの氏名と住民記録の氏名が違います">
      <p>生年月日と住所は同じ住民がいますが、氏名が違います。旧字体・婚姻などによる違いか、ご本人に確かめてから選んでください。</p>
      <dl className="my-3 grid grid-cols-[8rem_1fr] gap-2 text-std-18N-160">
        <dt className="font-bold">カード</dt>
        <dd>{check.cardName}</dd>
        <dt className="font-bold">住民記録</dt>
        <dd>{check.registryName}</dd>
      </dl>
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => void decide('same')}>同じ人として続ける</Button>
        <Button variant="secondary" onClick={() => void decide('different')}>別の人として続ける</Button>
      </div>
      {error ? <ErrorAlert error={error} className="mt-3" /> : null}
    </Alert>
  );
}

function RegistrySearch({ draft }: StepProps) {
  const api = useApi();
  const [q, setQ] = useState('');
  const [birth, setBirth] = useState('');
  const [results, setResults] = useState<ResidentSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setResults((await api.residents.search({ q, birth, status: 'active', limit: 20, offset: 0 })).items);
    } catch (e) {
      setError(e);
    }
  };
  const choose = async (r: ResidentSummary) => {
    setBusy(true);
    try {
      const visit = await draft.flush();
      draft.replace(await api.counter.identifyResident(visit.id, visit.revision, r.id));
      setResults(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-4">
      <form className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end" onSubmit={search}>
        <label className="flex flex-col gap-1">
          <span className="text-std-17B-170">氏名・ふりがな</span>
          <input className={inputClass()} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-std-17B-170">生年月日（和暦可）</span>
          <input className={inputClass()} value={birth} onChange={(e) => setBirth(e.target.value)} autoComplete="off" />
        </label>
        <Button type="submit" className="min-h-14">検索</Button>
      </form>
      {error ? <ErrorAlert error={error} /> : null}
      {results && results.length === 0 ? <p className="text-std-16N-170">見つかりませんでした。氏名の一部や生年月日で探し直してください。</p> : null}
      {results && results.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="検索結果">
          {results.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-300 p-3">
              <span className="flex flex-col">
                <span className="text-std-18B-160">{`${r.name}（${r.kana}）`}</span>
                <span className="text-std-16N-170 text-solid-gray-700">{`${r.birthDateWareki}・${r.age}歳・${r.address}`}</span>
              </span>
              <Button busy={busy} busyLabel="取り込んでいます…" onClick={() => void choose(r)}>{`${r.name}さんで受け付ける`}</Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ImportPanel({ draft }: StepProps) {
  const api = useApi();
  const [content, setContent] = useState('');
  const [warnings, setWarnings] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const readFile = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Excel writes Shift_JIS; the national service and most systems UTF-8.
    try {
      setContent(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      setContent(new TextDecoder('shift_jis').decode(bytes));
    }
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const visit = await draft.flush();
      const format = content.trim().startsWith('{') ? 'json' : 'csv';
      const reply = await api.counter.importMoveData(visit.id, visit.revision, format, content);
      draft.replace(reply.visit);
      setWarnings(reply.warnings);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-4">
      <p className="text-std-16N-170 text-solid-gray-800">
        引越しワンストップサービスの転入予約、または前の市区町村の転出証明書のデータ（JSON・CSV）を取り込みます。世帯の人・前の住所・転出日が入ります。個人番号の項目は読み込みません。
      </p>
      <label className="flex min-h-14 w-fit cursor-pointer items-center gap-3 rounded-8 border-2 border-key-900 px-4 text-std-16B-170 text-key-900">
        ファイルを選ぶ
        <input type="file" accept=".json,.csv,application/json,text/csv" className="sr-only" onChange={(e) => { const f = e.target.files?.[0]; if (f) void readFile(f); }} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-std-17B-170">データ（貼り付けもできます）</span>
        <textarea className="min-h-40 rounded-8 border border-solid-gray-600 p-3 font-mono text-dns-14N-130" value={content} onChange={(e) => setContent(e.target.value)} spellCheck={false} />
      </label>
      <div className="flex flex-wrap gap-3">
        <Button busy={busy} busyLabel="取り込んでいます…" disabled={content.trim() === ''} onClick={() => void submit()}>取り込む</Button>
        <Button variant="tertiary" onClick={() => setContent(JSON.stringify(DEMO_MOVE_IN_RESERVATION, null, 2))}>デモ用の転入予約データを入れる</Button>
      </div>
      {warnings.length > 0 ? <Alert variant="warning" title="取り込みました（確認してください）"><ul className="list-disc pl-5">{warnings.map((w) => <li key={w}>{w}</li>)}</ul></Alert> : null}
      {error ? <ErrorAlert error={error} title="取り込めませんでした" /> : null}
    </div>
  );
}

/** 本人確認: the card, the registry, or the data the move brought; any of them fills the visit. */
export function IdentifyStep(props: StepProps) {
  const { draft, goTo } = props;
  const api = useApi();
  const { state } = draft;
  const [method, setMethod] = useState<Method>(state.identity.importKind ? 'import' : state.identity.method === 'registry' ? 'registry' : 'card');
  const [match, setMatch] = useState<CardMatch | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onRead = useCallback(async (attributes: CardFaceAttributes) => {
    setBusy(true);
    setError(null);
    try {
      const visit = await draft.flush();
      const sex = attributes.sex === 'male' || attributes.sex === 'female' ? attributes.sex : null;
      const reply = await api.counter.identifyCard(visit.id, visit.revision, { name: attributes.name, address: attributes.address, birthDate: attributes.birthDate, sex });
      draft.replace(reply.visit);
      setMatch(reply.match);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [api, draft]);
  const identified = state.identity.method !== null || state.household.members.length > 0;
  const head = state.household.members[0];
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="identify-heading" className="rounded-12 border border-solid-gray-200 bg-white p-6">
        <h2 id="identify-heading" className="mb-4 text-std-24B-150">本人確認</h2>
        <Tabs
          label="本人確認の方法"
          selected={method}
          onSelect={setMethod}
          items={[
            { key: 'card', label: 'マイナンバーカード', panel: <CounterCardPanel onRead={onRead} busy={busy} /> },
            { key: 'registry', label: '住民検索', panel: <RegistrySearch {...props} /> },
            { key: 'import', label: '転出証明書・転入予約', panel: <ImportPanel {...props} /> },
          ]}
        />
        {error ? <ErrorAlert error={error} className="mt-4" /> : null}
      </section>
      <NameCheck {...props} />
      {match?.kind === 'resident' ? <Alert variant="success" title="住民記録と一致しました">{`${match.registryName ?? ''}さんと世帯の人を受付に取り込みました。`}</Alert> : null}
      {match?.kind === 'none' ? <Alert variant="info" title="住民記録にない方です">転入の方は、このまま進めてください（世帯の人は次の画面で確かめます）。</Alert> : null}
      {identified ? (
        <div className="flex flex-wrap items-center justify-between gap-4 rounded-12 border-2 border-key-900 bg-key-50 p-4">
          <p className="text-std-18N-160">
            {head ? `${fullName(head) || '氏名未入力'}さん ほか${Math.max(0, state.household.members.length - 1)}人` : 'カードを読み取りました'}
            {state.identity.card ? '・カード確認済み' : ''}
          </p>
          <Button className="min-h-14 px-8 text-std-18B-160" disabled={Boolean(state.identity.nameCheck && !state.identity.nameCheck.decision)} onClick={() => goTo('event')}>
            次へ（ライフイベント）
          </Button>
        </div>
      ) : (
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => goTo('event')}>本人確認書類を目で確かめて進む</Button>
        </div>
      )}
    </div>
  );
}
