import { addDays, isoDateParts, type IsoDate } from './iso-date';

/**
 * Completed years as people count them: the age goes up on the birthday itself. Someone born on
 * 2/29 turns a year older on 3/1 in common years.
 */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const birth = isoDateParts(birthDate);
  const on = isoDateParts(onDate);
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * Age as the law reckons it (年齢計算ニ関スル法律 with 民法143条): the day of birth counts as the
 * first day, so a person reaches the next age at the end of the day before the birthday. Statutes
 * that speak of the day a person 「年齢に達する」 mean that day: someone born on 4/2 reaches 65 on
 * 4/1, and someone born on 2/29 reaches each age on 2/28. Use this for eligibility rules
 * (介護保険, school entry); use `ageOn` for what is printed as a person's age.
 */
export function legalAgeOn(birthDate: IsoDate, onDate: IsoDate): number {
  return ageOn(birthDate, addDays(onDate, 1));
}

/** The Japanese fiscal and school year (年度): April to March, named by the year it starts in. */
export function fiscalYearOf(date: IsoDate): number {
  const { year, month } = isoDateParts(date);
  return month >= 4 ? year : year - 1;
}

export type SchoolStage = 'preschool' | 'elementary' | 'juniorHigh' | 'afterJuniorHigh';

export type SchoolGradeLabel =
  | '未就学'
  | (typeof ELEMENTARY_LABELS)[number]
  | (typeof JUNIOR_HIGH_LABELS)[number]
  | '高校以上';

const ELEMENTARY_LABELS = ['小1', '小2', '小3', '小4', '小5', '小6'] as const;
const JUNIOR_HIGH_LABELS = ['中1', '中2', '中3'] as const;

export interface SchoolGrade {
  readonly stage: SchoolStage;
  /** 1-based grade within the stage; 0 for preschool and after junior high. */
  readonly grade: number;
  readonly label: SchoolGradeLabel;
}

/**
 * The school year (学年) a child belongs to under 学校教育法17条: school starts at the first April
 * after the child legally reaches 6, so a cohort runs from 4/2 to 4/1 and children born on 4/1 enter
 * with those born in the previous year ("早生まれ"). Grade skipping and deferral are not modelled.
 */
export function schoolGradeOn(birthDate: IsoDate, onDate: IsoDate): SchoolGrade {
  const birth = isoDateParts(birthDate);
  const bornOnOrBeforeApril1 = birth.month < 4 || (birth.month === 4 && birth.day === 1);
  const entryFiscalYear = birth.year + (bornOnOrBeforeApril1 ? 6 : 7);
  const yearsInSchool = fiscalYearOf(onDate) - entryFiscalYear + 1;
  if (yearsInSchool < 1) return { stage: 'preschool', grade: 0, label: '未就学' };
  const elementary = ELEMENTARY_LABELS[yearsInSchool - 1];
  if (elementary !== undefined) return { stage: 'elementary', grade: yearsInSchool, label: elementary };
  const juniorHigh = JUNIOR_HIGH_LABELS[yearsInSchool - 7];
  if (juniorHigh !== undefined) return { stage: 'juniorHigh', grade: yearsInSchool - 6, label: juniorHigh };
  return { stage: 'afterJuniorHigh', grade: 0, label: '高校以上' };
}
