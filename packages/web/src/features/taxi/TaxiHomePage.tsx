import { useQuery } from '@tanstack/react-query';
import { usePageTitle } from '../../app/usePageTitle';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table } from '../../components/Table';
import { Figure, TaxiNav, taxiKeys, useCanReview, useProgramme } from './common';
import { dateTimeLabel, monthLabel, taxiApi, yen, type Report } from './taxiApi';

/** 電子タクシー券の概要: the programme's rules and, for reviewers, the year's figures and the budget. */
export function TaxiHomePage() {
  usePageTitle('電子タクシー券');
  const { programme, isPending, error } = useProgramme();
  const review = useCanReview();
  const report = useQuery({ queryKey: taxiKeys.report(programme?.id ?? ''), queryFn: () => taxiApi.report(programme!.id), enabled: Boolean(programme) && review });
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!programme) return <EmptyState title="電子タクシー券の事業がありません">管理者が年度の事業を登録すると、ここに表示されます。</EmptyState>;
  const rules = programme.rules;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={`電子タクシー券　${programme.fiscalYearLabel}`} description={`${programme.name}（ルール 第${rules?.version ?? '—'}版）`} />
      <TaxiNav />
      <Section title="助成のルール">
        {rules ? (
          <dl className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <div className="flex flex-col gap-1"><dt className="text-std-16B-170">助成額</dt><dd className="text-std-20N-150">{rules.summary.subsidy}</dd></div>
            <div className="flex flex-col gap-1"><dt className="text-std-16B-170">回数</dt><dd className="text-std-20N-150">{rules.summary.caps}</dd></div>
            <div className="flex flex-col gap-1">
              <dt className="text-std-16B-170">対象となる方（いずれか）</dt>
              <dd><ul className="list-disc pl-6 text-std-16N-170">{rules.summary.criteria.map((c) => <li key={c}>{c}</li>)}</ul></dd>
            </div>
          </dl>
        ) : <p>ルールがまだ登録されていません。</p>}
        <p className="mt-4 text-std-16N-170 text-solid-gray-700">参加事業者：{programme.operators.map((o) => o.name).join('、') || 'なし'}</p>
        {programme.versions.length > 1 ? (
          <div className="mt-4">
            <Table caption="ルールの改定の履歴" dense rows={programme.versions} rowKey={(v) => String(v.version)} columns={[
              { header: '版', cell: (v) => `第${v.version}版` },
              { header: '適用開始', cell: (v) => dateTimeLabel(v.effectiveFrom) },
              { header: '助成額', cell: (v) => v.summary.subsidy },
              { header: '回数', cell: (v) => v.summary.caps },
              { header: '改定の内容', cell: (v) => v.note },
            ]} />
          </div>
        ) : null}
      </Section>
      {review ? (report.isPending ? <Loading /> : report.error ? <ErrorAlert error={report.error} /> : report.data ? <Figures report={report.data} /> : null) : null}
    </div>
  );
}

function Figures({ report }: { report: Report }) {
  const usedPct = report.budgetYen > 0 ? Math.min(100, Math.round((report.usedYen / report.budgetYen) * 100)) : 0;
  const forecastPct = report.budgetYen > 0 ? Math.round((report.forecastYen / report.budgetYen) * 100) : 0;
  return (
    <>
      <Section title="予算の執行">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-4">
          <Figure label="予算" value={yen(report.budgetYen)} />
          <Figure label="助成した額（受け付けた乗車）" value={yen(report.usedYen)} note={`予算の${usedPct}%`} />
          <Figure label="支払済み" value={yen(report.paidYen)} />
          <Figure label="年度末の見込み" value={yen(report.forecastYen)} note={`予算の${forecastPct}%　${report.forecastMethod}`} />
        </div>
        <div className="mt-4" role="img" aria-label={`予算の${usedPct}%を執行、年度末の見込みは${forecastPct}%`}>
          <div className="relative h-6 w-full overflow-hidden rounded-8 bg-solid-gray-100">
            <div className="absolute inset-y-0 left-0 bg-key-200" style={{ width: `${Math.min(100, forecastPct)}%` }} />
            <div className="absolute inset-y-0 left-0 bg-key-900" style={{ width: `${usedPct}%` }} />
          </div>
        </div>
        {forecastPct > 100 ? <p className="mt-2 text-std-16B-170 text-red-900">このままでは年度末に予算を超える見込みです。</p> : null}
      </Section>
      <Section title="利用者">
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <Figure label="利用中" value={`${report.beneficiaries.active}人`} />
          <Figure label="カード登録済み" value={`${report.beneficiaries.cardBound}人`} />
          <Figure label="停止中" value={`${report.beneficiaries.suspended}人`} />
          <Figure label="終了" value={`${report.beneficiaries.ended}人`} />
        </div>
      </Section>
      <Section title="月別">
        <Table caption="月別の乗車と助成額" captionHidden rows={report.months} rowKey={(m) => m.month} columns={[
          { header: '月', cell: (m) => monthLabel(m.month) },
          { header: '乗車回数', cell: (m) => `${m.rides.toLocaleString('ja-JP')}回`, className: 'text-right' },
          { header: '運賃', cell: (m) => yen(m.fareYen), className: 'text-right' },
          { header: '助成額', cell: (m) => yen(m.subsidyYen), className: 'text-right' },
          { header: '上限超過など', cell: (m) => (m.exceptions ? `${m.exceptions}件` : '—'), className: 'text-right' },
        ]} />
      </Section>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="事業者別">
          <Table caption="事業者別の乗車と請求" captionHidden rows={report.operators} rowKey={(o) => o.operatorId} columns={[
            { header: '事業者', cell: (o) => o.name },
            { header: '乗車', cell: (o) => `${o.rides}回`, className: 'text-right' },
            { header: '助成額', cell: (o) => yen(o.subsidyYen), className: 'text-right' },
            { header: '支払済み', cell: (o) => yen(o.paidYen), className: 'text-right' },
          ]} />
        </Section>
        <Section title="対象区分別">
          <Table caption="対象区分別の利用" captionHidden rows={report.groups} rowKey={(g) => g.group} columns={[
            { header: '区分', cell: (g) => g.label },
            { header: '利用者', cell: (g) => `${g.beneficiaries}人`, className: 'text-right' },
            { header: '乗車', cell: (g) => `${g.rides}回`, className: 'text-right' },
            { header: '助成額', cell: (g) => yen(g.subsidyYen), className: 'text-right' },
          ]} />
        </Section>
      </div>
    </>
  );
}
