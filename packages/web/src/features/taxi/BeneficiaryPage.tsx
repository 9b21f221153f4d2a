import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { DemoCardPanel, demoCardReaderQueryKey } from '../card/DemoCardPanel';
import { loadAgentSettings } from '../card/agentSettings';
import { EligibilityView } from './BeneficiariesPage';
import { StatusBadge, TaxiNav, taxiKeys, useCanReview } from './common';
import { readAuthCertificate, toBase64 } from './card';
import { dateTimeLabel, taxiApi, yen, type Beneficiary } from './taxiApi';

const EVENT_LABELS: Record<string, string> = { decided: '利用の決定', status: '状態の変更', registry: '住民記録による停止', card_bound: 'カードの登録', card_rebound: 'カードの登録し直し', card_revoked: 'カードの登録の取消' };
const BINDING_LABELS: Record<string, string> = { active: '利用中', replaced: '更新により終了', revoked: '取消' };

export function BeneficiaryPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({ queryKey: taxiKeys.beneficiary(id), queryFn: () => taxiApi.beneficiary(id) });
  usePageTitle(q.data ? `${q.data.name}（${q.data.number}）` : '電子タクシー券 利用者');
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const b = q.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${b.name}　${b.number}`}
        description={<span className="flex flex-wrap items-center gap-2"><StatusBadge status={b.status}>{b.statusLabel}</StatusBadge>{b.statusReason ? <span>{b.statusReason}</span> : null}</span>}
        back={<Link to="/taxi/beneficiaries" className="text-key-900 underline">← 利用者の一覧</Link>}
        actions={<a className={buttonClasses('secondary')} href={taxiApi.decisionPdfUrl(b.id)} target="_blank" rel="noreferrer">決定通知書（PDF）</a>}
      />
      <TaxiNav />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="ご本人">
          <DescriptionList items={[
            { term: '氏名', detail: `${b.name}（${b.kana}）` },
            { term: '生年月日', detail: `${b.birthDateWareki}（${b.age}歳）` },
            { term: '住所', detail: b.address },
            { term: '今年度の乗車', detail: `${b.ridesThisYear}回` },
          ]} />
        </Section>
        <Section title="対象となった理由">
          <EligibilityView check={{ result: b.eligibility }} />
        </Section>
      </div>
      <CardSection b={b} />
      <StatusSection b={b} />
      <Section title="乗車（新しい順）">
        {b.rides.length === 0 ? <p>まだ乗車はありません。</p> : (
          <Table caption="乗車" captionHidden dense rows={b.rides} rowKey={(r) => r.id} columns={[
            { header: '日時', cell: (r) => dateTimeLabel(r.boardedAt) },
            { header: '事業者', cell: (r) => r.operatorName },
            { header: '運賃', cell: (r) => yen(r.fareYen), className: 'text-right' },
            { header: '助成', cell: (r) => yen(r.subsidyYen), className: 'text-right' },
            { header: '状態', cell: (r) => <StatusBadge status={r.status}>{r.status === 'accepted' ? '受付' : r.exceptionReason ?? '要確認'}</StatusBadge> },
          ]} />
        )}
      </Section>
      <Section title="履歴">
        <ul className="flex flex-col gap-2">
          {b.events.map((e, i) => <li key={i} className="text-std-16N-170">{dateTimeLabel(e.at)}　{EVENT_LABELS[e.kind] ?? e.kind}　{e.reason}</li>)}
        </ul>
      </Section>
    </div>
  );
}

/** The card at the counter: read the 利用者証明用 certificate through the card agent and bind it. */
function CardSection({ b }: { b: Beneficiary }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const demo = useQuery({ queryKey: demoCardReaderQueryKey, queryFn: () => api.demoCardReader.get(), staleTime: Infinity });
  const settings = demo.data?.agentUrl && demo.data.pairingToken ? { url: demo.data.agentUrl, pairingToken: demo.data.pairingToken } : loadAgentSettings();
  const [revokeReason, setRevokeReason] = useState('');
  const done = (next: Beneficiary) => queryClient.setQueryData(taxiKeys.beneficiary(b.id), next);
  const bind = useMutation({
    mutationFn: async () => {
      if (!settings) throw new Error('カードリーダーが設定されていません。「カード読取」の画面でカードリーダーを設定してください。');
      const certificate = await readAuthCertificate(settings);
      return taxiApi.bindCard(b.id, toBase64(certificate));
    },
    onSuccess: done,
  });
  const revoke = useMutation({ mutationFn: () => taxiApi.revokeCard(b.id, revokeReason), onSuccess: (next) => { setRevokeReason(''); done(next); } });
  const active = b.bindings.find((x) => x.status === 'active');
  return (
    <Section title="マイナンバーカードの登録">
      <div className="flex flex-col gap-4">
        {active ? (
          <Alert variant="success" title="カードは登録済みです">
            登録日 {dateTimeLabel(active.boundAt)}{active.certNotAfter ? `　電子証明書の有効期限 ${dateTimeLabel(active.certNotAfter).split(' ')[0]}` : ''}。タクシーの端末にカードをかざすと助成されます。
          </Alert>
        ) : <Alert variant="warning" title="カードが登録されていません">カードを登録するまで、タクシーで助成を受けられません。</Alert>}
        <p className="text-std-16N-170">ご本人のカードをカードリーダーに置いて押してください。利用者証明用電子証明書だけを読み取ります（暗証番号は不要、個人番号は読み取りません）。カードを更新したときも、ここで登録し直します。</p>
        {demo.data ? <details className="rounded-8 border border-solid-gray-200 p-3"><summary className="cursor-pointer text-std-16B-170">デモ用カードを置く</summary><div className="mt-3"><DemoCardPanel reader={demo.data} /></div></details> : null}
        <div className="flex flex-wrap gap-3">
          <Button onClick={() => bind.mutate()} busy={bind.isPending} busyLabel="カードを読み取っています…" disabled={b.status !== 'active'}>
            {active ? 'カードを読み取って登録し直す' : 'カードを読み取って登録する'}
          </Button>
        </div>
        {bind.error ? <ErrorAlert error={bind.error} /> : null}
        {bind.isSuccess ? <Alert variant="success" focusOnMount>カードを登録しました。</Alert> : null}
        {active ? (
          <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); revoke.mutate(); }}>
            <TextField label="カードの紛失などで登録を取り消す理由" value={revokeReason} onChange={(e) => setRevokeReason(e.target.value)} required />
            <Button type="submit" variant="danger" busy={revoke.isPending}>登録を取り消す</Button>
          </form>
        ) : null}
        {revoke.error ? <ErrorAlert error={revoke.error} /> : null}
        {b.bindings.length > 0 ? (
          <Table caption="カードの登録の履歴" dense rows={b.bindings} rowKey={(x) => x.id} columns={[
            { header: '登録日', cell: (x) => dateTimeLabel(x.boundAt) },
            { header: '状態', cell: (x) => BINDING_LABELS[x.status] ?? x.status },
            { header: '証明書のシリアル番号', cell: (x) => <span className="font-mono text-dns-14N-130">{x.certSerial}</span> },
            { header: '終了', cell: (x) => (x.endedAt ? `${dateTimeLabel(x.endedAt)} ${x.endedReason ?? ''}` : '—') },
          ]} />
        ) : null}
      </div>
    </Section>
  );
}

function StatusSection({ b }: { b: Beneficiary }) {
  const review = useCanReview();
  const queryClient = useQueryClient();
  const options = b.status === 'active' ? [{ value: 'suspended', label: '停止する' }, { value: 'ended', label: '終了する' }] : b.status === 'suspended' ? [{ value: 'active', label: '再開する' }, { value: 'ended', label: '終了する' }] : [];
  const [to, setTo] = useState(options[0]?.value ?? '');
  const [reason, setReason] = useState('');
  const change = useMutation({ mutationFn: () => taxiApi.changeStatus(b.id, to || options[0]!.value, reason), onSuccess: (next) => { setReason(''); queryClient.setQueryData(taxiKeys.beneficiary(b.id), next); } });
  if (!review || options.length === 0) return null;
  return (
    <Section title="利用の停止・再開・終了">
      <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => { e.preventDefault(); change.mutate(); }}>
        <SelectField label="操作" value={to || options[0]!.value} onChange={(e) => setTo(e.target.value)} options={options} />
        <TextField label="理由" value={reason} onChange={(e) => setReason(e.target.value)} required className="min-w-80" />
        <Button type="submit" variant="secondary" busy={change.isPending}>変更する</Button>
      </form>
      {change.error ? <ErrorAlert error={change.error} className="mt-3" /> : null}
    </Section>
  );
}
