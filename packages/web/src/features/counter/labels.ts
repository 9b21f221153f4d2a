import type { HealthInsurance, PensionCategory } from '@madoguchi/procedures';
import type { CounterEvent, PrefillSource, VisitStep } from '../../api/counter';

export const EVENT_LABELS: Record<CounterEvent, string> = { moveIn: '転入', moveWithin: '転居', moveOut: '転出', householdChange: '世帯変更' };

export const EVENT_HINTS: Record<CounterEvent, string> = {
  moveIn: 'ほかの市区町村から引っ越してきた',
  moveWithin: '市内で引っ越した',
  moveOut: '市外へ引っ越す',
  householdChange: '世帯主の変更・世帯の分離や合併',
};

/** The steps of a visit, in order, as the stepper shows them. */
export const STEPS: { key: VisitStep; label: string }[] = [
  { key: 'identify', label: '本人確認' },
  { key: 'event', label: 'ライフイベント' },
  { key: 'procedures', label: '手続きの選択' },
  { key: 'interview', label: '聞き取り' },
  { key: 'review', label: '確認' },
  { key: 'sign', label: '署名' },
  { key: 'done', label: '完了' },
];

export const SOURCE_LABELS: Record<PrefillSource, string> = {
  card: 'カードから',
  registry: '住民記録から',
  import: '転出証明書・転入予約から',
  previousCase: '前回の申請から',
  household: '世帯の情報から',
  event: '届出の内容から',
};

export const INSURANCE_LABELS: Record<HealthInsurance, string> = {
  national: '国民健康保険',
  employee: '会社の健康保険',
  lateElderly: '後期高齢者医療',
  welfare: '生活保護',
  none: '加入していない',
  unknown: '未確認',
};

export const PENSION_LABELS: Record<PensionCategory, string> = {
  first: '第1号（自営業など）',
  second: '第2号（会社員・公務員）',
  third: '第3号（扶養されている配偶者）',
  receiving: '年金を受給中',
  none: '加入していない',
  unknown: '未確認',
};

export const ORIGIN_LABELS = { counter: '窓口', kiosk: '記載台', preEntry: '事前申請' } as const;
