import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { ClaimStatusBadge, Figure, TaxiNav, taxiKeys } from './common';
import { dateTimeLabel, monthLabel, taxiApi, yen, type Claim, type ClaimLine, type ClaimStatus } from './taxiApi';

const FILTERS: { value: ClaimStatus | ''; label: string }[] = [
  { value: 'submitted', label: '確認待ち（提出済み）' },
  { value: 'approved', label: '承認済み' },
  { value: 'adjusted', label: '調整のうえ承認' },
  { value: 'paid', label: '支払済み' },
  { value: '', label: 'すべて' },
];

/** 請求の審査: the operators' monthly claims, those waiting for the city first. */
export function ClaimsPage() {
  usePageTitle('電子タクシー券 請求の審査');
  const [status, setStatus] = useState<ClaimStatus | ''>('submitted');
  const list = useQuery({ queryKey: taxiKeys.claims(status), queryFn: () => taxiApi.claims(status || undefined) });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="請求の審査" description="タクシー事業者から提出された月ごとの請求です。明細は市が受け付けた乗車だけからできています。" />
      <TaxiNav />
      <SelectField label="表示する請求" value={status} onChange={(e) => setStatus(e.target.value as ClaimStatus | '')} options={FILTERS} className="max-w-80" />
      {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} /> : list.data.length === 0 ? <EmptyState title="該当する請求はありません" /> : (
        <Table caption="請求" captionHidden rows={list.data} rowKey={(c) => c.id} columns={[
          { header: '請求番号', cell: (c) => <Link to="/taxi/claims/$id" params={{ id: c.id }} className="text-key-900 underline">{c.number}</Link> },
          { header: '事業者', cell: (c) => c.operatorName },
          { header: '対象月', cell: (c) => monthLabel(c.month) },
          { header: '乗車', cell: (c) => `${c.rideCount.toLocaleString('ja-JP')}回`, className: 'text-right' },
          { header: '請求額', cell: (c) => yen(c.subsidyTotalYen), className: 'text-right' },
          { header: '確定額', cell: (c) => (c.approvedTotalYen === null ? '—' : yen(c.approvedTotalYen)), className: 'text-right' },
          { header: '状態', cell: (c) => <ClaimStatusBadge status={c.status} label={c.statusLabel} /> },
        ]} />
      )}
    </div>
  );
}

export function ClaimSummary({ claim }: { claim: Claim }) {
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
      <Figure label="乗車回数" value={`${claim.rideCount.toLocaleString('ja-JP')}回`} />
      <Figure label="運賃の合計" value={yen(claim.fareTotalYen)} />
      <Figure label="請求額（助成額の合計）" value={yen(claim.subsidyTotalYen)} />
      <Figure label="確定した金額" value={claim.approvedTotalYen === null ? '—' : yen(claim.approvedTotalYen)} note={claim.adjustmentTotalYen ? `調整 ${yen(claim.adjustmentTotalYen)}` : undefined} />
    </div>
  );
}

export function ClaimLines({ lines }: { lines: ClaimLine[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, 100);
  return (
    <div className="flex flex-col gap-3">
      <Table caption="請求の明細" captionHidden dense rows={shown} rowKey={(l) => l.rideId} columns={[
        { header: '番号', cell: (l) => l.lineNo, className: 'text-right' },
        { header: '乗車日時', cell: (l) => dateTimeLabel(l.boardedAt) },
        { header: '車両', cell: (l) => l.vehicle ?? l.terminal },
        { header: '利用者番号', cell: (l) => l.beneficiaryNumber },
        { header: '運賃', cell: (l) => yen(l.fareYen), className: 'text-right' },
        { header: '助成額', cell: (l) => yen(l.subsidyYen), className: 'text-right' },
        { header: '本人負担', cell: (l) => yen(l.passengerYen), className: 'text-right' },
      ]} />
      {lines.length > 100 && !all ? <Button variant="tertiary" onClick={() => setAll(true)}>残りの{lines.length - 100}件も表示する</Button> : null}
    </div>
  );
}

export function Downloads({ pdf, csv }: { pdf: string; csv: (e: 'utf-8' | 'shift_jis') => string }) {
  return (
    <div className="flex flex-wrap gap-3">
      <a className={buttonClasses('secondary')} href={pdf} target="_blank" rel="noreferrer">請求書（PDF）</a>
      <a className={buttonClasses('secondary')} href={csv('utf-8')} download>明細CSV（UTF-8）</a>
      <a className={buttonClasses('secondary')} href={csv('shift_jis')} download>明細CSV（Shift_JIS）</a>
    </div>
  );
}

/** One claim for the city: the lines, then approve, or adjust with a reason; then the payment. */
export function ClaimReviewPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({ queryKey: taxiKeys.claim(id), queryFn: () => taxiApi.claim(id) });
  usePageTitle(q.data ? `請求 ${q.data.claim.number}` : '請求');
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const { claim, lines } = q.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${claim.operatorName}　${monthLabel(claim.month)}分`}
        description={<span className="flex flex-wrap items-center gap-2">請求番号 {claim.number}<ClaimStatusBadge status={claim.status} label={claim.statusLabel} /></span>}
        back={<Link to="/taxi/claims" className="text-key-900 underline">← 請求の一覧</Link>}
      />
      <TaxiNav />
      <ClaimSummary claim={claim} />
      <Downloads pdf={taxiApi.claimPdfUrl(claim.id)} csv={(e) => taxiApi.claimCsvUrl(claim.id, e)} />
      {claim.status === 'submitted' ? <Review claim={claim} lines={lines} /> : null}
      {claim.status === 'approved' || claim.status === 'adjusted' ? <Payment claim={claim} /> : null}
      {claim.adjustments.length > 0 ? (
        <Section title="調整の内容">
          <ul className="flex flex-col gap-2">{claim.adjustments.map((a) => <li key={a.id} className="text-std-17N-170"><strong>{yen(a.amountYen)}</strong>　{a.reason}</li>)}</ul>
          {claim.reviewNote ? <p className="mt-2 text-std-16N-170">備考：{claim.reviewNote}</p> : null}
        </Section>
      ) : null}
      {claim.status === 'paid' ? <Alert variant="success" title="支払済み">支払日 {claim.paidOn}　{claim.paymentReference}</Alert> : null}
      <Section title={`明細（${lines.length.toLocaleString('ja-JP')}件）`}>
        <ClaimLines lines={lines} />
      </Section>
    </div>
  );
}

/** 「-250」「−２５０円」「-1,000」 → an integer (NaN when it is not one). */
const toYen = (text: string) => Number(text.normalize('NFKC').replace(/[,円\s]/g, '').replace(/[−ー－]/g, '-'));

function Review({ claim, lines }: { claim: Claim; lines: ClaimLine[] }) {
  const queryClient = useQueryClient();
  const [adjusting, setAdjusting] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [rideId, setRideId] = useState('');
  const [note, setNote] = useState('');
  const refresh = async () => { await queryClient.invalidateQueries({ queryKey: ['taxi'] }); };
  const approve = useMutation({ mutationFn: () => taxiApi.review(claim.id, { decision: 'approve', note: note || null, adjustments: [] }), onSuccess: refresh });
  const adjust = useMutation({
    mutationFn: () => taxiApi.review(claim.id, { decision: 'adjust', note: note || null, adjustments: [{ amountYen: toYen(amount), reason, rideId: rideId || null }] }),
    onSuccess: refresh,
  });
  const parsed = toYen(amount);
  const amountError = amount && (!Number.isInteger(parsed) || parsed === 0) ? '調整額は0以外の整数で入力してください（減らすときは「-250」のように）。' : undefined;
  return (
    <Section title="審査">
      <div className="flex flex-col gap-4">
        <p className="text-std-17N-170">明細と請求書を確認して、承認するか、金額を調整して承認してください。</p>
        <TextField label="備考（任意）" value={note} onChange={(e) => setNote(e.target.value)} />
        {!adjusting ? (
          <div className="flex flex-wrap gap-3">
            <Button onClick={() => approve.mutate()} busy={approve.isPending} busyLabel="承認しています…">このまま承認する（{yen(claim.subsidyTotalYen)}）</Button>
            <Button variant="secondary" onClick={() => setAdjusting(true)}>金額を調整する</Button>
          </div>
        ) : (
          <form className="flex flex-col gap-4 rounded-8 border-2 border-key-900 p-4" onSubmit={(e) => { e.preventDefault(); adjust.mutate(); }}>
            <TextField label="調整額（円）" hint="減らすときは「-250」のようにマイナスを付けます。" value={amount} onChange={(e) => setAmount(e.target.value)} required inputMode="numeric" error={amountError} />
            <TextField label="調整の理由" hint="事業者に伝わります。例：運賃の入力誤り（1,500円→1,000円）" value={reason} onChange={(e) => setReason(e.target.value)} required />
            <SelectField label="対象の明細（任意）" value={rideId} onChange={(e) => setRideId(e.target.value)} options={[{ value: '', label: '請求全体' }, ...lines.slice(0, 500).map((l) => ({ value: l.rideId, label: `${l.lineNo}. ${dateTimeLabel(l.boardedAt)} ${l.beneficiaryNumber} ${yen(l.subsidyYen)}` }))]} />
            <div className="flex flex-wrap gap-3">
              <Button type="submit" busy={adjust.isPending} busyLabel="承認しています…" disabled={Boolean(amountError)}>調整して承認する{Number.isInteger(parsed) && parsed !== 0 ? `（${yen(claim.subsidyTotalYen + parsed)}）` : ''}</Button>
              <Button variant="tertiary" onClick={() => setAdjusting(false)}>やめる</Button>
            </div>
          </form>
        )}
        {approve.error ? <ErrorAlert error={approve.error} /> : null}
        {adjust.error ? <ErrorAlert error={adjust.error} /> : null}
      </div>
    </Section>
  );
}

function Payment({ claim }: { claim: Claim }) {
  const queryClient = useQueryClient();
  const [paidOn, setPaidOn] = useState('');
  const [reference, setReference] = useState('');
  const pay = useMutation({ mutationFn: () => taxiApi.payment(claim.id, paidOn, reference), onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['taxi'] }); } });
  return (
    <Section title="支払の記録">
      <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => { e.preventDefault(); pay.mutate(); }}>
        <TextField label="支払日" type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} required />
        <TextField label="支出命令番号など" value={reference} onChange={(e) => setReference(e.target.value)} required />
        <Button type="submit" busy={pay.isPending}>支払を記録する（{yen(claim.approvedTotalYen ?? claim.subsidyTotalYen)}）</Button>
      </form>
      {pay.error ? <ErrorAlert error={pay.error} className="mt-3" /> : null}
    </Section>
  );
}
