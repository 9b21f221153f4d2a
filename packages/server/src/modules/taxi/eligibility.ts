import { legalAgeOn, type IsoDate } from '@madoguchi/jp';
import { z } from '@hono/zod-openapi';
import { CERTIFICATE_LABELS, describeCriterion, type EligibilityCriterion, type TaxiRules } from './rules';

/** What the registry says about the applicant on the day of the decision. */
export interface RegistryFacts {
  status: 'active' | 'moved_out' | 'deceased';
  birthDate: string;
}

/** What the applicant declares (the form's answers); the certificate itself is shown at the counter. */
export const EligibilityAnswersSchema = z.strictObject({
  disabilityCertificate: z.enum(['none', 'physical', 'mental', 'rehabilitation']).default('none'),
  licenceReturned: z.boolean().default(false),
  householdHasCar: z.boolean().default(true),
});
export type EligibilityAnswers = z.infer<typeof EligibilityAnswersSchema>;

export interface EligibilityReason {
  code: string;
  met: boolean;
  text: string;
}

export interface EligibilityResult {
  eligible: boolean;
  /** Age used by the rules (the legal age on the decision date). */
  age: number;
  reasons: EligibilityReason[];
  summary: string;
}

/**
 * Eligible = registered as living in the city on the day AND meets at least one criterion. Every
 * criterion is reported (met or not) with the reason in Japanese, so staff can say why.
 */
export function evaluateEligibility(rules: TaxiRules, facts: RegistryFacts, answers: EligibilityAnswers, onDate: string): EligibilityResult {
  const age = legalAgeOn(facts.birthDate as IsoDate, onDate as IsoDate);
  const resident: EligibilityReason = facts.status === 'active'
    ? { code: 'resident', met: true, text: '市内に住民登録があります。' }
    : { code: 'resident', met: false, text: facts.status === 'deceased' ? '住民記録では死亡となっています。' : '住民記録では転出済みです。市内に住民登録のある方が対象です。' };
  const criteria = rules.eligibility.criteria.map((c) => evaluateCriterion(c, age, answers));
  const eligible = resident.met && criteria.some((r) => r.met);
  const met = criteria.filter((r) => r.met);
  const summary = !resident.met
    ? '対象外です（住民登録がありません）。'
    : eligible
      ? `対象です（${met.map((r) => r.code === 'age' ? '年齢' : r.code === 'disabilityCertificate' ? '障害者手帳' : r.code === 'licenceReturned' ? '免許返納' : '自動車のない世帯').join('・')}）。`
      : '対象外です（どの要件にも当てはまりません）。';
  return { eligible, age, reasons: [resident, ...criteria], summary };
}

function evaluateCriterion(c: EligibilityCriterion, age: number, a: EligibilityAnswers): EligibilityReason {
  const label = describeCriterion(c);
  const ageOk = (min: number | null) => min === null || age >= min;
  const agePart = (min: number | null) => (min === null ? '' : age >= min ? `${age}歳で` : `${age}歳で${min}歳に達していないため`);
  switch (c.kind) {
    case 'age':
      return { code: 'age', met: age >= c.minAge, text: age >= c.minAge ? `${age}歳で「${label}」に当てはまります。` : `${age}歳のため「${label}」には当てはまりません。` };
    case 'disabilityCertificate': {
      const has = a.disabilityCertificate !== 'none' && c.certificates.includes(a.disabilityCertificate);
      return {
        code: 'disabilityCertificate', met: has,
        text: has ? `${CERTIFICATE_LABELS[a.disabilityCertificate as keyof typeof CERTIFICATE_LABELS]}をお持ちのため「${label}」に当てはまります。`
          : a.disabilityCertificate === 'none' ? `障害者手帳をお持ちでないため「${label}」には当てはまりません。` : `お持ちの手帳はこの要件の対象ではありません（「${label}」）。`,
      };
    }
    case 'licenceReturned': {
      const met = a.licenceReturned && ageOk(c.minAge);
      return {
        code: 'licenceReturned', met,
        text: met ? `運転免許を返納しており「${label}」に当てはまります。`
          : !a.licenceReturned ? `運転免許の返納がないため「${label}」には当てはまりません。` : `${agePart(c.minAge)}「${label}」には当てはまりません。`,
      };
    }
    case 'noCarHousehold': {
      const met = !a.householdHasCar && ageOk(c.minAge);
      return {
        code: 'noCarHousehold', met,
        text: met ? `世帯に自動車がなく「${label}」に当てはまります。`
          : a.householdHasCar ? `世帯に自動車があるため「${label}」には当てはまりません。` : `${agePart(c.minAge)}「${label}」には当てはまりません。`,
      };
    }
  }
}
