import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
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
import { ClaimLines, ClaimSummary, Downloads } from './ClaimsPages';
import { ClaimStatusBadge, StatusBadge, taxiKeys } from './common';
import { dateTimeLabel, lastMonth, monthLabel, operatorApi, yen } from './taxiApi';

/** The months of last month's fiscal year, April up to last month, newest first. */
export function closedMonths(now = new Date()): string[] {
  const [y, m] = lastMonth(now).split('-').map(Number) as [number, number];
  const fy = m >= 4 ? y : y - 1;
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const mm = ((i + 3) % 12) + 1;
    const yy = mm >= 4 ? fy : fy + 1;
    const key = `${yy}-${String(mm).padStart(2, '0')}`;
    if (key > lastMonth(now)) break;
    out.push(key);
  }
  return out.reverse();
}

/** 事業者の事務所: the month's rides as the city received them, the claim for the month, past claims. */
export function OperatorHomePage() {
  usePageTitle('電子タクシー券 事業者');
  const me = useQuery({ queryKey: taxiKeys.operator, queryFn: operatorApi.me });
  const months = closedMonths();
  const [month, setMonth] = useState(months[0]!);
  const rides = useQuery({ queryKey: ['taxi', 'operator', 'rides', month], queryFn: () => operatorApi.rides(month) });
  const claims = useQuery({ queryKey: ['taxi', 'operator', 'claims'], queryFn: operatorApi.claims });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const generate = useMutation({
    mutationFn: () => operatorApi.generate(month),
    onSuccess: async ({ claim }) => {
      await queryClient.invalidateQueries({ queryKey: ['taxi', 'operator'] });
      await navigate({ to: '/taxi/operator/claims/$id', params: { id: claim.id } });
    },
  });
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorAlert error={me.error} />;
  const monthClaim = claims.data?.find((c) => c.month === month);
  const accepted = rides.data?.filter((r) => r.status === 'accepted') ?? [];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={`${me.data.name}　電子タクシー券`} description="市が受け付けた乗車から、月ごとの請求書ができます。乗車を数えたり入力したりする必要はありません。" />
      <div><Link to="/taxi/operator/drivers" className={buttonClasses('secondary')}>乗務員の管理（登録・停止・暗証番号）</Link></div>
      <Section title="月ごとの請求">
        <div className="flex flex-col gap-4">
          <SelectField label="対象月" value={month} onChange={(e) => setMonth(e.target.value)} options={months.map((m) => ({ value: m, label: monthLabel(m) }))} className="max-w-64" />
          {monthClaim ? (
            <Alert variant={monthClaim.status === 'draft' ? 'warning' : 'info'} title={`${monthLabel(month)}分の請求：${monthClaim.statusLabel}`}>
              <Link to="/taxi/operator/claims/$id" params={{ id: monthClaim.id }} className="underline">請求 {monthClaim.number} を開く</Link>
            </Alert>
          ) : null}
          {!monthClaim || monthClaim.status === 'draft' ? (
            <div>
              <Button onClick={() => generate.mutate()} busy={generate.isPending} busyLabel="作成しています…" size="md">
                {monthClaim ? `${monthLabel(month)}分の請求書を作り直す` : `${monthLabel(month)}分の請求書を作成する`}
              </Button>
            </div>
          ) : null}
          {generate.error ? <ErrorAlert error={generate.error} /> : null}
        </div>
      </Section>
      <Section title={`${monthLabel(month)}の乗車`}>
        {rides.isPending ? <Loading /> : rides.error ? <ErrorAlert error={rides.error} /> : rides.data.length === 0 ? <EmptyState title="この月の乗車はありません" /> : (
          <div className="flex flex-col gap-3">
            <p className="text-std-17N-170">受け付けた乗車 {accepted.length}回、助成額 {yen(accepted.reduce((s, r) => s + r.subsidyYen, 0))}。受け付けなかった乗車は請求に入りません。</p>
            <Table caption="乗車" captionHidden dense rows={rides.data.slice(0, 300)} rowKey={(r) => r.id} columns={[
              { header: '日時', cell: (r) => dateTimeLabel(r.boardedAt) },
              { header: '車両', cell: (r) => r.vehicle ?? r.terminal },
              { header: '利用者番号', cell: (r) => r.beneficiaryNumber ?? '—' },
              { header: '運賃', cell: (r) => yen(r.fareYen), className: 'text-right' },
              { header: '助成額', cell: (r) => yen(r.subsidyYen), className: 'text-right' },
              { header: '状態', cell: (r) => <StatusBadge status={r.status}>{r.status === 'accepted' ? '受付済み' : r.exceptionReason ?? r.statusLabel}</StatusBadge> },
              { header: '請求', cell: (r) => r.claimNumber ?? '—' },
            ]} />
          </div>
        )}
      </Section>
      <Section title="これまでの請求">
        {claims.isPending ? <Loading /> : claims.error ? <ErrorAlert error={claims.error} /> : claims.data.length === 0 ? <EmptyState title="まだ請求はありません" /> : (
          <Table caption="請求" captionHidden rows={claims.data} rowKey={(c) => c.id} columns={[
            { header: '請求番号', cell: (c) => <Link to="/taxi/operator/claims/$id" params={{ id: c.id }} className="text-key-900 underline">{c.number}</Link> },
            { header: '対象月', cell: (c) => monthLabel(c.month) },
            { header: '乗車', cell: (c) => `${c.rideCount}回`, className: 'text-right' },
            { header: '請求額', cell: (c) => yen(c.subsidyTotalYen), className: 'text-right' },
            { header: '確定額', cell: (c) => (c.approvedTotalYen === null ? '—' : yen(c.approvedTotalYen)), className: 'text-right' },
            { header: '状態', cell: (c) => <ClaimStatusBadge status={c.status} label={c.statusLabel} /> },
          ]} />
        )}
      </Section>
    </div>
  );
}

export function OperatorClaimPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['taxi', 'operator', 'claim', id], queryFn: () => operatorApi.claim(id) });
  const submit = useMutation({ mutationFn: () => operatorApi.submit(id), onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['taxi', 'operator'] }); } });
  usePageTitle(q.data ? `請求 ${q.data.claim.number}` : '請求');
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const { claim, lines } = q.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${monthLabel(claim.month)}分の請求`}
        description={<span className="flex flex-wrap items-center gap-2">請求番号 {claim.number}<ClaimStatusBadge status={claim.status} label={claim.statusLabel} /></span>}
        back={<Link to="/taxi/operator" className="text-key-900 underline">← 事業者の画面へ</Link>}
      />
      <ClaimSummary claim={claim} />
      <Downloads pdf={operatorApi.claimPdfUrl(claim.id)} csv={(e) => operatorApi.claimCsvUrl(claim.id, e)} />
      {claim.status === 'draft' ? (
        <Section title="市へ提出">
          <div className="flex flex-col gap-3">
            <p className="text-std-17N-170">請求書と明細を確かめてから提出してください。提出すると市が確認します。</p>
            <div><Button onClick={() => submit.mutate()} busy={submit.isPending} busyLabel="提出しています…" disabled={claim.rideCount === 0}>この請求を提出する（{yen(claim.subsidyTotalYen)}）</Button></div>
            {submit.error ? <ErrorAlert error={submit.error} /> : null}
          </div>
        </Section>
      ) : null}
      {claim.adjustments.length > 0 ? (
        <Alert variant="info" title="市が金額を調整しました">
          <ul>{claim.adjustments.map((a) => <li key={a.id}>{yen(a.amountYen)}　{a.reason}</li>)}</ul>
        </Alert>
      ) : null}
      {claim.status === 'paid' ? <Alert variant="success" title="支払済み">支払日 {claim.paidOn}</Alert> : null}
      <Section title={`明細（${lines.length.toLocaleString('ja-JP')}件）`}>
        <ClaimLines lines={lines} />
      </Section>
    </div>
  );
}
