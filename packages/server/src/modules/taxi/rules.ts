import { z } from '@hono/zod-openapi';
import { todayInJapan } from '@madoguchi/jp';

/**
 * A programme's rules as data (stored as JSON in taxi_rule_version, one immutable version per change).
 * Pure: the server, the terminal sync and the browser screens evaluate the same rules.
 */

/** One way to qualify. A resident qualifies when they meet at least one criterion (and the registry check). */
export const EligibilityCriterionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('age'), minAge: z.number().int().min(0).max(120) }),
  z.strictObject({
    kind: z.literal('disabilityCertificate'),
    // 身体障害者手帳 / 精神障害者保健福祉手帳 / 療育手帳
    certificates: z.array(z.enum(['physical', 'mental', 'rehabilitation'])).min(1),
  }),
  z.strictObject({ kind: z.literal('licenceReturned'), minAge: z.number().int().min(0).max(120).nullable() }),
  z.strictObject({ kind: z.literal('noCarHousehold'), minAge: z.number().int().min(0).max(120).nullable() }),
]);
export type EligibilityCriterion = z.infer<typeof EligibilityCriterionSchema>;

export const SubsidyRuleSchema = z.discriminatedUnion('kind', [
  // Part of the fare (percent, rounded down to the yen) up to a maximum per ride: 前橋 マイタク = 50% up to ¥1,000.
  z.strictObject({ kind: z.literal('rate'), percent: z.number().int().min(1).max(100), maxYen: z.number().int().min(1).max(100_000) }),
  // A fixed amount per ride (never more than the fare).
  z.strictObject({ kind: z.literal('fixed'), amountYen: z.number().int().min(1).max(100_000) }),
]);
export type SubsidyRule = z.infer<typeof SubsidyRuleSchema>;

export const CapsSchema = z.strictObject({
  perDay: z.number().int().min(1).max(20),
  perMonth: z.number().int().min(1).max(400).nullable(),
  perYear: z.number().int().min(1).max(2000),
});
export type Caps = z.infer<typeof CapsSchema>;

export const TaxiRulesSchema = z.strictObject({
  eligibility: z.strictObject({ criteria: z.array(EligibilityCriterionSchema).min(1).max(10) }),
  subsidy: SubsidyRuleSchema,
  caps: CapsSchema,
  fare: z.strictObject({
    // A meter fare outside [minYen, maxYen] is refused; above unusualYen it is listed as an anomaly.
    minYen: z.number().int().min(1),
    maxYen: z.number().int().max(999_998),
    unusualYen: z.number().int(),
  }).refine((f) => f.minYen <= f.unusualYen && f.unusualYen <= f.maxYen, { message: '運賃の下限 ≦ 確認が必要な運賃 ≦ 上限 にしてください。' }),
  offline: z.strictObject({
    // The terminal refuses to subsidise with an allow/deny list older than this, or after this long offline.
    maxListAgeHours: z.number().int().min(1).max(24 * 14),
    // At most this many subsidised rides per terminal while offline (the per-terminal bound).
    maxOfflineRidesPerTerminal: z.number().int().min(0).max(500),
  }),
  // Minutes between two rides on the same card in two different taxis below which the pair is an anomaly.
  sameCardWindowMinutes: z.number().int().min(1).max(240),
});
export type TaxiRules = z.infer<typeof TaxiRulesSchema>;

/** 前橋 マイタク as data: 75+, disability certificates, licence returned at 65+, 65+ without a car. */
export const MAEBASHI_STYLE_RULES: TaxiRules = {
  eligibility: {
    criteria: [
      { kind: 'age', minAge: 75 },
      { kind: 'disabilityCertificate', certificates: ['physical', 'mental', 'rehabilitation'] },
      { kind: 'licenceReturned', minAge: 65 },
      { kind: 'noCarHousehold', minAge: 65 },
    ],
  },
  subsidy: { kind: 'rate', percent: 50, maxYen: 1000 },
  caps: { perDay: 2, perMonth: null, perYear: 70 },
  fare: { minYen: 100, maxYen: 100_000, unusualYen: 15_000 },
  offline: { maxListAgeHours: 48, maxOfflineRidesPerTerminal: 40 },
  sameCardWindowMinutes: 30,
};

export interface FareSplit {
  subsidyYen: number;
  passengerYen: number;
}

/** How a meter fare splits between the city and the passenger. Integer yen; the subsidy never exceeds the fare. */
export function splitFare(rule: SubsidyRule, fareYen: number): FareSplit {
  if (!Number.isSafeInteger(fareYen) || fareYen <= 0) throw new RangeError('運賃は1円以上の整数です。');
  const subsidy = rule.kind === 'rate' ? Math.min(Math.floor((fareYen * rule.percent) / 100), rule.maxYen) : Math.min(rule.amountYen, fareYen);
  return { subsidyYen: subsidy, passengerYen: fareYen - subsidy };
}

/** Words for the screens and the decision letter: 「運賃の半額（1回1,000円まで）」. */
export function describeSubsidy(rule: SubsidyRule): string {
  if (rule.kind === 'fixed') return `1回の乗車につき${rule.amountYen.toLocaleString('ja-JP')}円（運賃が下回るときは運賃まで）`;
  const part = rule.percent === 50 ? '半額' : `${rule.percent}%`;
  return `運賃の${part}（1回${rule.maxYen.toLocaleString('ja-JP')}円まで）`;
}

export function describeCaps(caps: Caps): string {
  return [`1日${caps.perDay}回`, caps.perMonth !== null ? `1か月${caps.perMonth}回` : null, `年度内${caps.perYear}回`].filter(Boolean).join('・') + 'まで';
}

export function describeCriterion(c: EligibilityCriterion): string {
  switch (c.kind) {
    case 'age': return `${c.minAge}歳以上の方`;
    case 'disabilityCertificate': return `${c.certificates.map((k) => CERTIFICATE_LABELS[k]).join('・')}をお持ちの方`;
    case 'licenceReturned': return `${c.minAge !== null ? `${c.minAge}歳以上で` : ''}運転免許を自主返納した方`;
    case 'noCarHousehold': return `${c.minAge !== null ? `${c.minAge}歳以上で` : ''}世帯に自動車がない方`;
  }
}

export const CERTIFICATE_LABELS = { physical: '身体障害者手帳', mental: '精神障害者保健福祉手帳', rehabilitation: '療育手帳' } as const;

/** Rides already counted for a beneficiary in the day, month and fiscal year of the new ride. */
export interface RideCounts {
  day: number;
  month: number;
  year: number;
}

export type CapHit = { cap: 'perDay' | 'perMonth' | 'perYear'; limit: number; used: number };

/** The first cap a new ride would break, or null when the ride fits. */
export function capExceeded(caps: Caps, used: RideCounts): CapHit | null {
  if (used.day >= caps.perDay) return { cap: 'perDay', limit: caps.perDay, used: used.day };
  if (caps.perMonth !== null && used.month >= caps.perMonth) return { cap: 'perMonth', limit: caps.perMonth, used: used.month };
  if (used.year >= caps.perYear) return { cap: 'perYear', limit: caps.perYear, used: used.year };
  return null;
}

export const CAP_LABELS: Record<CapHit['cap'], string> = { perDay: '1日の回数', perMonth: '1か月の回数', perYear: '年度の回数' };

/** The Japan calendar day, month ('YYYY-MM') and fiscal year of an instant. */
export function japanPeriods(at: Date): { day: string; month: string; fiscalYear: number } {
  const day = todayInJapan(at);
  const year = Number(day.slice(0, 4));
  const monthNo = Number(day.slice(5, 7));
  return { day, month: day.slice(0, 7), fiscalYear: monthNo >= 4 ? year : year - 1 };
}

/** The first instant (UTC) of a Japan calendar month 'YYYY-MM', and of the month after it. */
export function japanMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 9 * 3600_000);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 9 * 3600_000);
  return { from, to };
}

/** The months of a fiscal year, April to March. */
export function fiscalYearMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    const y = m >= 4 ? fiscalYear : fiscalYear + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
}
