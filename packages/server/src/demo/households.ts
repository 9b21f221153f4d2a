// Household types of a rural Yamagata town and how each is put together. The weights are tuned
// (see the statistics tests) so that a city of them has a mean household size near 2.8, about 40%
// of residents aged 65 or over and about 10% under 15, like 尾花沢市.

import { stillAlive } from './ages';
import { addYears, ageOn } from './dates';
import { pickSurname, type Name } from './names';
import type { Member, People } from './people';
import type { Sex } from './types';

export interface HouseholdPlan {
  /** members[0] is the householder. */
  members: Member[];
  /** Probability that the household lives in an アパート when it lives in the town centre. */
  apartmentChance: number;
}

export type HouseholdType =
  | 'elderlySingle'
  | 'elderlyCouple'
  | 'workingSingle'
  | 'middleCouple'
  | 'youngFamily'
  | 'singleParent'
  | 'elderWithChild'
  | 'threeGeneration'
  | 'parentsWithAdultChildren'
  | 'relativesOrLodger';

export const HOUSEHOLD_TYPE_WEIGHTS: ReadonlyArray<readonly [HouseholdType, number]> = [
  ['elderlySingle', 15.5],
  ['elderlyCouple', 17],
  ['workingSingle', 7],
  ['middleCouple', 7],
  ['youngFamily', 7.5],
  ['singleParent', 2.5],
  ['elderWithChild', 14],
  ['threeGeneration', 30],
  ['parentsWithAdultChildren', 5],
  ['relativesOrLodger', 2.5],
];

// Most older men were born here; wives mostly married in from the neighbouring towns.
const NATIVE_MAN = 0.85;
const WIFE_MARRIED_IN = 0.7;

function couple(p: People, husbandBirth: number, surname: Name): { husband: Member; wife: Member } {
  const husband = p.person(husbandBirth, 'male', '世帯主', surname);
  const wife = p.person(p.wifeBirth(husbandBirth), 'female', '妻', surname);
  return { husband, wife };
}

/** Children of a couple (or a single parent), oldest first, with distinct given names. */
function children(
  p: People,
  parents: readonly Member[],
  count: number,
  relationship: string,
  surname: Name,
  range: { minBirth?: number; maxBirth?: number; firstSex?: Sex } = {},
): Member[] {
  const names: string[] = [];
  const births = p.childBirths(
    parents.map((m) => m.birth),
    count,
    range.minBirth,
    range.maxBirth,
  );
  return births.map((birth, i) =>
    p.person(birth, i === 0 && range.firstSex ? range.firstSex : p.childSex(), relationship, surname, names),
  );
}

/** Most wives married in from elsewhere; the rest grew up here too. */
function wifeMarriedIn(p: People, husband: Member, wife: Member, firstChild: number | undefined): void {
  if (p.rng.chance(WIFE_MARRIED_IN)) p.movedIn(wife, p.marriageDay(husband.birth, wife.birth, firstChild));
}

function maybeMovedIn(p: People, members: Member[], probability: number, fromAge = 18): void {
  const head = members[0];
  if (head === undefined || !p.rng.chance(probability)) return;
  // Moves within the last 35 years, when the householder was an adult.
  const earliest = Math.max(addYears(head.birth, fromAge), addYears(p.ref, -35));
  p.householdMovedIn(members, p.dayBetween(earliest, p.ref));
}

function childCount(p: People): number {
  const x = p.rng.next();
  return x < 0.35 ? 1 : x < 0.8 ? 2 : x < 0.97 ? 3 : 4;
}

const builders: Record<HouseholdType, (p: People) => HouseholdPlan> = {
  elderlySingle(p) {
    // Mostly widows: women outlive their husbands by years.
    const female = p.rng.chance(0.7);
    const birth = p.birthInAgeRange(female ? 68 : 65, 103);
    const head = p.person(birth, female ? 'female' : 'male', '世帯主', pickSurname(p.rng));
    if (female ? p.rng.chance(WIFE_MARRIED_IN) : !p.rng.chance(NATIVE_MAN)) {
      p.movedIn(head, addYears(birth, p.rng.int(20, 30)) + p.rng.int(0, 364));
    }
    return { members: [head], apartmentChance: 0.01 };
  },

  elderlyCouple(p) {
    const { husband, wife } = couple(p, p.birthInAgeRange(66, 97), pickSurname(p.rng));
    wifeMarriedIn(p, husband, wife, undefined);
    const members = [husband, wife];
    if (!p.rng.chance(NATIVE_MAN)) maybeMovedIn(p, members, 1, 25);
    return { members, apartmentChance: 0.01 };
  },

  workingSingle(p) {
    const male = p.rng.chance(0.6);
    const head = p.person(p.birthInAgeRange(19, 64), male ? 'male' : 'female', '世帯主', pickSurname(p.rng));
    const members = [head];
    // Half are from elsewhere (jobs at the city hall, the hospital, the factories) or came back.
    maybeMovedIn(p, members, 0.5);
    return { members, apartmentChance: 0.4 };
  },

  middleCouple(p) {
    const { husband, wife } = couple(p, p.birthInAgeRange(52, 72), pickSurname(p.rng));
    wifeMarriedIn(p, husband, wife, undefined);
    const members = [husband, wife];
    maybeMovedIn(p, members, 0.12, 25);
    return { members, apartmentChance: 0.03 };
  },

  youngFamily(p) {
    const surname = pickSurname(p.rng);
    const { husband, wife } = couple(p, p.birthInAgeRange(25, 52), surname);
    const kids = children(p, [husband, wife], childCount(p), '子', surname, { minBirth: addYears(p.ref, -18) });
    wifeMarriedIn(p, husband, wife, kids[0]?.birth);
    const members = [husband, wife, ...kids];
    maybeMovedIn(p, members, 0.25, 22);
    return { members, apartmentChance: 0.15 };
  },

  singleParent(p) {
    const surname = pickSurname(p.rng);
    const female = p.rng.chance(0.85);
    const head = p.person(p.birthInAgeRange(24, 52), female ? 'female' : 'male', '世帯主', surname);
    const count = p.rng.chance(0.6) ? 1 : 2;
    const kids = children(p, [head], count, '子', surname, { minBirth: addYears(p.ref, -18) });
    const members = [head, ...kids];
    maybeMovedIn(p, members, 0.3, 20);
    return { members, apartmentChance: 0.35 };
  },

  elderWithChild(p) {
    const surname = pickSurname(p.rng);
    if (p.rng.chance(0.5)) {
      // An old parent (or couple) heads the household; an unmarried child stays with them.
      const headBirth = p.birthInAgeRange(70, 100);
      const parents: Member[] = [];
      if (p.rng.chance(0.4)) {
        const { husband, wife } = couple(p, headBirth, surname);
        parents.push(husband, wife);
      } else {
        parents.push(p.person(headBirth, p.rng.chance(0.7) ? 'female' : 'male', '世帯主', surname));
      }
      const range = { minBirth: addYears(p.ref, -66), maxBirth: addYears(p.ref, -35) };
      const kids = children(p, parents, p.rng.chance(0.25) ? 2 : 1, '子', surname, range);
      const [head, wife] = parents;
      if (head && wife) wifeMarriedIn(p, head, wife, kids[0]?.birth);
      return { members: [...parents, ...kids], apartmentChance: 0 };
    }
    // The unmarried child heads the household and looks after a parent or two.
    const male = p.rng.chance(0.6);
    const head = p.person(p.birthInAgeRange(40, 66), male ? 'male' : 'female', '世帯主', surname);
    const elders = parentsOf(p, head, surname, p.rng.chance(0.3) ? 'both' : 'mother', '父', '母');
    return { members: [head, ...elders], apartmentChance: 0 };
  },

  threeGeneration(p) {
    const surname = pickSurname(p.rng);
    if (p.rng.chance(0.35)) {
      // The old father is still the householder; his heir's family lives with him.
      const { husband, wife } = couple(p, p.birthInAgeRange(64, 88), surname);
      const kids = children(p, [husband, wife], p.rng.chance(0.25) ? 2 : 1, '子', surname, { firstSex: 'male' });
      wifeMarriedIn(p, husband, wife, kids[0]?.birth);
      // One in five has lost his wife; the children's window was still set by both parents.
      const members: Member[] = p.rng.chance(0.8) ? [husband, wife] : [husband];
      const [heir, ...others] = kids;
      if (heir) members.push(heir, ...(p.rng.chance(0.7) ? marriedWithKids(p, heir, surname) : []));
      members.push(...others.filter(() => p.rng.chance(0.4)));
      return { members, apartmentChance: 0 };
    }
    // The middle generation heads: householder, wife, his (or her) parents and their children,
    // sometimes a married child with grandchildren too (four generations under one roof).
    const { husband, wife } = couple(p, p.birthInAgeRange(46, 68), surname);
    const kids = children(p, [husband, wife], childCount(p), '子', surname);
    wifeMarriedIn(p, husband, wife, kids[0]?.birth);
    const wifesParents = p.rng.chance(0.1);
    let elders: Member[];
    if (wifesParents) {
      elders = parentsOf(p, wife, p.otherSurname(surname), p.rng.chance(0.3) ? 'both' : 'mother', '妻の父', '妻の母');
      // The wife's parents came to live with her late in life.
      for (const e of elders) p.movedIn(e, p.dayBetween(addYears(p.ref, -15), p.ref));
    } else {
      const which = p.rng.chance(0.4) ? 'both' : p.rng.chance(0.8) ? 'mother' : 'father';
      elders = parentsOf(p, husband, surname, which, '父', '母');
    }
    // Adult children often leave for work: keep the minors, and each adult child with 60%.
    const adultLimit = addYears(p.ref, -18);
    const staying = kids.filter((k) => k.birth > adultLimit || p.rng.chance(0.6));
    const eldest = staying[0];
    const extended: Member[] = [];
    if (eldest && eldest.birth < addYears(p.ref, -26) && p.rng.chance(0.35)) {
      extended.push(...marriedWithKids(p, eldest, surname));
    }
    return { members: [husband, wife, ...staying, ...extended, ...elders], apartmentChance: 0 };
  },

  parentsWithAdultChildren(p) {
    const surname = pickSurname(p.rng);
    const { husband, wife } = couple(p, p.birthInAgeRange(50, 72), surname);
    const range = { minBirth: addYears(p.ref, -40), maxBirth: addYears(p.ref, -18) };
    const kids = children(p, [husband, wife], p.rng.chance(0.6) ? 1 : 2, '子', surname, range);
    wifeMarriedIn(p, husband, wife, kids[0]?.birth);
    // Some have lost or left the wife; the father heads the household with the children.
    const members = p.rng.chance(0.85) ? [husband, wife, ...kids] : [husband, ...kids];
    return { members, apartmentChance: 0.02 };
  },

  relativesOrLodger(p) {
    const surname = pickSurname(p.rng);
    const x = p.rng.next();
    if (x < 0.45) {
      // Two unmarried siblings growing old together.
      const headBirth = p.birthInAgeRange(60, 92);
      const head = p.person(headBirth, p.rng.chance(0.5) ? 'male' : 'female', '世帯主', surname);
      const siblingBirth = p.dayBetween(addYears(headBirth, -8), addYears(headBirth, 8));
      const sex = p.childSex();
      const older = siblingBirth < headBirth;
      const rel = sex === 'male' ? (older ? '兄' : '弟') : older ? '姉' : '妹';
      const sibling = p.person(siblingBirth, sex, rel, surname, [head.given.kanji]);
      return { members: [head, sibling], apartmentChance: 0 };
    }
    if (x < 0.7) {
      // A grandchild living with a grandmother (the parents live elsewhere).
      const head = p.person(p.birthInAgeRange(22, 40), p.childSex(), '世帯主', surname);
      const latest = addYears(head.birth, -40);
      const earliest = Math.max(addYears(p.ref, -101), addYears(head.birth, -84));
      if (earliest > latest) return { members: [head], apartmentChance: 0.3 };
      const grandma = p.person(p.dayBetween(earliest, latest), 'female', '祖母', surname);
      return { members: [head, grandma], apartmentChance: 0 };
    }
    // Someone sharing a house with an unrelated person (同居人): another surname, moved in later.
    const head = p.person(p.birthInAgeRange(25, 75), p.childSex(), '世帯主', surname);
    const lodgerBirth = p.birthInAgeRange(22, 75);
    const lodger = p.person(lodgerBirth, p.childSex(), '同居人', p.otherSurname(surname));
    p.movedIn(lodger, p.dayBetween(Math.max(addYears(lodgerBirth, 18), addYears(p.ref, -20)), p.ref));
    return { members: [head, lodger], apartmentChance: 0.2 };
  },
};

/**
 * The spouse and children of a married child living in the householder's house. A son's wife
 * (子の妻) married in; a daughter's husband (子の夫) took the family name, as a 婿 does.
 */
function marriedWithKids(p: People, child: Member, surname: Name): Member[] {
  const son = child.sex === 'male';
  const spouse = son
    ? p.person(p.wifeBirth(child.birth), 'female', '子の妻', surname)
    : p.person(p.husbandBirth(child.birth), 'male', '子の夫', surname);
  const grandkids = children(p, [child, spouse], childCount(p), '孫', surname);
  const husbandBirth = son ? child.birth : spouse.birth;
  const wifeBirth = son ? spouse.birth : child.birth;
  p.movedIn(spouse, p.marriageDay(husbandBirth, wifeBirth, grandkids[0]?.birth));
  return [spouse, ...grandkids];
}

/**
 * Parents of `child` who are still alive, born so that they were 20–42 at the child's birth.
 * May return fewer than asked for (or none): the older the child, the likelier a parent has died.
 */
function parentsOf(
  p: People,
  child: Member,
  surname: Name,
  which: 'both' | 'mother' | 'father',
  fatherRel: string,
  motherRel: string,
): Member[] {
  const earliest = addYears(child.birth, -42);
  const latest = addYears(child.birth, -20) - 1;
  // Mothers cluster at 23–34 at a birth; fathers follow with the usual spouse gap.
  const motherBirth = addYears(child.birth, -p.rng.int(23, 34)) - p.rng.int(0, 364);
  const members: Member[] = [];
  if (which !== 'mother') {
    const fatherBirth = Math.min(latest, Math.max(earliest, p.husbandBirth(motherBirth)));
    if (stillAlive(p.rng, ageOn(fatherBirth, p.ref))) members.push(p.person(fatherBirth, 'male', fatherRel, surname));
  }
  if (which !== 'father' && stillAlive(p.rng, ageOn(motherBirth, p.ref))) {
    const mother = p.person(motherBirth, 'female', motherRel, surname);
    // The householder's mother married into the family before he was born.
    if (motherRel === '母' && p.rng.chance(WIFE_MARRIED_IN)) {
      const married = Math.min(addYears(motherBirth, p.rng.int(20, 25)) + p.rng.int(0, 364), child.birth - p.rng.int(200, 600));
      p.movedIn(mother, Math.max(addYears(motherBirth, 18), married));
    }
    members.push(mother);
  }
  return members;
}

export function buildHousehold(p: People, type: HouseholdType): HouseholdPlan {
  return builders[type](p);
}
