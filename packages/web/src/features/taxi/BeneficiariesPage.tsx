import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { ResidentSummary } from '../../api/types';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { StatusBadge, TaxiNav, taxiKeys, useCanReview, useProgramme } from './common';
import { ImportSection } from './ImportSection';
import { taxiApi, type Answers, type EligibilityCheck, type Programme } from './taxiApi';

/** 利用者・申請: the programme's beneficiaries, and a new application taken at the counter. */
export function BeneficiariesPage() {
  usePageTitle('電子タクシー券 利用者・申請');
  const { programme, isPending, error } = useProgramme();
  const review = useCanReview();
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!programme) return <EmptyState title="電子タクシー券の事業がありません" />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="利用者・申請" description={`${programme.name}（${programme.fiscalYearLabel}）`} />
      <TaxiNav />
      <Applications programme={programme} />
      <Apply programme={programme} />
      <List programme={programme} />
      {review ? <ImportSection programme={programme} /> : null}
    </div>
  );
}

function List({ programme }: { programme: Programme }) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const list = useQuery({ queryKey: taxiKeys.beneficiaries(programme.id, query, status), queryFn: () => taxiApi.beneficiaries(programme.id, query, status) });
  return (
    <Section title="利用者の一覧">
      <form className="mb-4 flex flex-wrap items-end gap-4" onSubmit={(e) => { e.preventDefault(); setQuery(q.trim()); }} role="search">
        <TextField label="氏名・カナ・利用者番号" value={q} onChange={(e) => setQ(e.target.value)} className="min-w-64" />
        <SelectField label="状態" value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: '', label: 'すべて' }, { value: 'active', label: '利用中' }, { value: 'suspended', label: '停止中' }, { value: 'ended', label: '終了' }]} />
        <Button type="submit" variant="secondary">検索</Button>
      </form>
      {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} /> : list.data.length === 0 ? <EmptyState title="該当する利用者はいません" /> : (
        <Table caption="利用者" captionHidden rows={list.data} rowKey={(b) => b.id} columns={[
          { header: '利用者番号', cell: (b) => <Link to="/taxi/beneficiaries/$id" params={{ id: b.id }} className="text-key-900 underline">{b.number}</Link> },
          { header: '氏名', cell: (b) => <span><span className="block">{b.name}</span><span className="text-dns-14N-130 text-solid-gray-700">{b.kana}</span></span> },
          { header: '年齢', cell: (b) => `${b.age}歳`, className: 'text-right' },
          { header: '状態', cell: (b) => <StatusBadge status={b.status}>{b.statusLabel}</StatusBadge> },
          { header: 'カード', cell: (b) => (b.cardBound ? '登録済み' : '未登録') },
          { header: '今年度の乗車', cell: (b) => `${b.ridesThisYear}回`, className: 'text-right' },
        ]} />
      )}
    </Section>
  );
}

const CHANNELS: Record<string, string> = { counter: '窓口', kiosk: '記載台', online: 'オンライン', outreach: '移動市役所' };
const REASONS: Record<string, string> = { age75: '75歳以上', disability: '障害者手帳', licenseReturned: '免許返納（65歳以上）', noCar65: '自動車がない（65歳以上）' };

/** Applications made with the catalogue's procedure (counter, vehicle, online) that wait for a decision. */
function Applications({ programme }: { programme: Programme }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['taxi', 'applications'], queryFn: taxiApi.applications });
  const decide = useMutation({
    mutationFn: (caseId: string) => taxiApi.decideFromCase(programme.id, caseId),
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: ['taxi'] });
      await navigate({ to: '/taxi/beneficiaries/$id', params: { id: b.id } });
    },
  });
  if (list.isPending || list.error || list.data.length === 0) return null;
  return (
    <Section title={`届いている申請（${list.data.length}件）`}>
      <Table caption="届いている申請" captionHidden rows={list.data} rowKey={(c) => c.id} columns={[
        { header: '受付番号', cell: (c) => c.receiptNumber ?? '—' },
        { header: '申請者', cell: (c) => String(c.answers.applicantName ?? '—') },
        { header: '受付', cell: (c) => CHANNELS[c.channel] ?? c.channel },
        { header: '申請の理由', cell: (c) => REASONS[String(c.answers.eligibility)] ?? '—' },
        { header: '', cell: (c) => <Button size="sm" onClick={() => decide.mutate(c.id)} busy={decide.isPending && decide.variables === c.id}>対象を確認して決定</Button> },
      ]} />
      {decide.error ? <ErrorAlert error={decide.error} className="mt-3" /> : null}
    </Section>
  );
}

const CERTIFICATES = [
  { value: 'none', label: '持っていない' },
  { value: 'physical', label: '身体障害者手帳' },
  { value: 'mental', label: '精神障害者保健福祉手帳' },
  { value: 'rehabilitation', label: '療育手帳' },
];

/** The application at the counter: find the resident, ask the three questions, show the reasons, decide. */
function Apply({ programme }: { programme: Programme }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [birth, setBirth] = useState('');
  const [resident, setResident] = useState<ResidentSummary | null>(null);
  const [answers, setAnswers] = useState<Answers>({ disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true });
  const [check, setCheck] = useState<EligibilityCheck | null>(null);
  const search = useMutation({ mutationFn: () => api.residents.search({ q: name, ...(birth ? { birth } : {}), status: 'active', limit: 10, offset: 0 }) });
  const evaluate = useMutation({ mutationFn: () => taxiApi.eligibility(programme.id, resident!.id, answers), onSuccess: setCheck });
  const decide = useMutation({
    mutationFn: () => taxiApi.decide(programme.id, resident!.id, answers),
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: ['taxi'] });
      await navigate({ to: '/taxi/beneficiaries/$id', params: { id: b.id } });
    },
  });
  const setAnswer = <K extends keyof Answers>(k: K, v: Answers[K]) => { setAnswers((a) => ({ ...a, [k]: v })); setCheck(null); };
  return (
    <Section title="申請を受け付ける（タクシー料金助成・電子タクシー券）">
      <div className="flex flex-col gap-6">
        <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => { e.preventDefault(); setResident(null); setCheck(null); search.mutate(); }}>
          <TextField label="申請する方の氏名またはカナ" value={name} onChange={(e) => setName(e.target.value)} required className="min-w-64" />
          <TextField label="生年月日（わかれば）" hint="例：昭和21年5月1日、1946-05-01" value={birth} onChange={(e) => setBirth(e.target.value)} />
          <Button type="submit" variant="secondary" busy={search.isPending} busyLabel="探しています…">住民を探す</Button>
        </form>
        {search.error ? <ErrorAlert error={search.error} /> : null}
        {search.data && !resident ? (
          search.data.items.length === 0 ? <Alert variant="info">該当する住民が見つかりません。氏名の書き方や生年月日を確かめてください。</Alert> : (
            <ul className="flex flex-col gap-2" aria-label="見つかった住民">
              {search.data.items.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-200 p-3">
                  <span className="text-std-17B-170">{r.name}（{r.kana}）　{r.birthDateWareki}生　{r.age}歳　<span className="text-std-16N-170 text-solid-gray-700">{r.address}</span></span>
                  <Button size="sm" onClick={() => { setResident(r); setCheck(null); }}>この方で申請</Button>
                </li>
              ))}
            </ul>
          )
        ) : null}
        {resident ? (
          <div className="flex flex-col gap-4 rounded-8 border-2 border-key-900 p-4">
            <p className="text-std-20B-150">{resident.name}　{resident.birthDateWareki}生（{resident.age}歳）</p>
            <fieldset className="flex flex-col gap-4">
              <legend className="mb-2 text-std-17B-170">申請者に確認すること</legend>
              <SelectField label="障害者手帳" value={answers.disabilityCertificate} onChange={(e) => setAnswer('disabilityCertificate', e.target.value as Answers['disabilityCertificate'])} options={CERTIFICATES} />
              <label className="flex items-center gap-3 text-std-17N-170">
                <input type="checkbox" className="size-6" checked={answers.licenceReturned} onChange={(e) => setAnswer('licenceReturned', e.target.checked)} />
                運転免許を自主返納した（運転経歴証明書を確認）
              </label>
              <label className="flex items-center gap-3 text-std-17N-170">
                <input type="checkbox" className="size-6" checked={!answers.householdHasCar} onChange={(e) => setAnswer('householdHasCar', !e.target.checked)} />
                世帯に自動車がない
              </label>
            </fieldset>
            <div className="flex flex-wrap gap-3">
              <Button onClick={() => evaluate.mutate()} busy={evaluate.isPending} busyLabel="確認しています…">対象かどうか確認する</Button>
              <Button variant="tertiary" onClick={() => { setResident(null); setCheck(null); }}>住民を選び直す</Button>
            </div>
            {evaluate.error ? <ErrorAlert error={evaluate.error} /> : null}
            {check ? <EligibilityView check={check} /> : null}
            {check?.existing ? (
              <Alert variant="info" title="すでに利用者です">
                利用者番号 <Link to="/taxi/beneficiaries/$id" params={{ id: check.existing.id }} className="underline">{check.existing.number}</Link> を開いてください。
              </Alert>
            ) : check?.result.eligible ? (
              <Button onClick={() => decide.mutate()} busy={decide.isPending} busyLabel="決定しています…">利用を決定する</Button>
            ) : null}
            {decide.error ? <ErrorAlert error={decide.error} /> : null}
          </div>
        ) : null}
      </div>
    </Section>
  );
}

export function EligibilityView({ check }: { check: Pick<EligibilityCheck, 'result'> }) {
  const { result } = check;
  return (
    <div className={`flex flex-col gap-3 rounded-8 p-4 ${result.eligible ? 'bg-green-50' : 'bg-solid-gray-50'}`} aria-live="polite">
      <p className={`text-std-24B-150 ${result.eligible ? 'text-green-900' : 'text-solid-gray-900'}`}>{result.summary}</p>
      <ul className="flex flex-col gap-2" aria-label="判定の理由">
        {result.reasons.map((r) => (
          <li key={r.code} className="flex items-start gap-3 text-std-17N-170">
            <span aria-hidden="true" className={`mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded-full text-std-16B-170 ${r.met ? 'bg-green-900 text-white' : 'bg-solid-gray-300 text-solid-gray-900'}`}>{r.met ? '○' : '×'}</span>
            <span><span className="sr-only">{r.met ? '当てはまる：' : '当てはまらない：'}</span>{r.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
