// Building blocks of a household: people with birth days (day numbers), names chosen for their
// generation, and the date they became residents. The household builders in households.ts only
// combine these, so every relationship rule (parents aged 20–42 at a birth, marriages after 18,
// moves between birth and the reference date) lives here, in one place.

import { ageIn, spouseGap } from './ages';
import { addYears, civilFromDays, DAYS_PER_YEAR } from './dates';
import { pickGivenName, pickOtherSurname, type Name } from './names';
import type { Rng, WeightedTable } from './prng';
import { placeNameIn, type Origin } from './tables/origins';
import type { Sex } from './types';

export interface Member {
  birth: number;
  sex: Sex;
  relationship: string;
  surname: Name;
  given: Name;
  since: number;
  from: string | null;
}

export interface PeopleContext {
  rng: Rng;
  /** The reference date as a day number: nobody is born or moves in after it. */
  ref: number;
  origins: WeightedTable<Origin>;
}

export class People {
  readonly rng: Rng;
  readonly ref: number;
  /** Latest birth day of someone old enough to be married (19 on the reference date). */
  private readonly adultLimit: number;
  private readonly origins: WeightedTable<Origin>;

  constructor(ctx: PeopleContext) {
    this.rng = ctx.rng;
    this.ref = ctx.ref;
    this.origins = ctx.origins;
    this.adultLimit = addYears(ctx.ref, -19);
  }

  /** A previous address, written as the place was called on the day of the move. */
  origin(moveDay: number): string {
    return placeNameIn(this.origins.pick(this.rng), civilFromDays(moveDay).year);
  }

  /** A birth day for someone aged `age` whole years on the reference date. */
  birthForAge(age: number): number {
    // Between the (age+1)-th birthday minus a day and the age-th birthday.
    const latest = addYears(this.ref, -age);
    const earliest = addYears(this.ref, -(age + 1)) + 1;
    return earliest + Math.floor(this.rng.next() * (latest - earliest + 1));
  }

  birthInAgeRange(min: number, max: number): number {
    return this.birthForAge(ageIn(this.rng, min, max));
  }

  /** The wife's birth day given the husband's, with a realistic age gap; she is at least 19. */
  wifeBirth(husbandBirth: number): number {
    const gapDays = Math.round((spouseGap(this.rng) + this.rng.next() - 0.5) * DAYS_PER_YEAR);
    return Math.min(this.adultLimit, husbandBirth + gapDays);
  }

  /** The husband's birth day given the wife's; he is at least 19. */
  husbandBirth(wifeBirth: number): number {
    const gapDays = Math.round((spouseGap(this.rng) + this.rng.next() - 0.5) * DAYS_PER_YEAR);
    return Math.min(this.adultLimit, wifeBirth - gapDays);
  }

  /** The span of birth days of a child of these parents: every parent aged 20–42 at the birth. */
  childWindow(parents: readonly number[]): [number, number] {
    const youngest = Math.max(...parents);
    const oldest = Math.min(...parents);
    return [addYears(youngest, 20), Math.min(this.ref, addYears(oldest, 43) - 1)];
  }

  /**
   * Birth days of up to `count` children of `parents`, oldest first, restricted to
   * [minBirth, maxBirth]. Children follow each other at 1.5–5 years; fewer are returned when
   * the window is too short (a late marriage has fewer children, as in life).
   */
  childBirths(parents: readonly number[], count: number, minBirth = -Infinity, maxBirth = Infinity): number[] {
    const [wLo, wHi] = this.childWindow(parents);
    const lo = Math.max(wLo, minBirth);
    const hi = Math.min(wHi, maxBirth);
    if (count <= 0 || lo > hi) return [];
    const span = hi - lo;
    // Leave room for the younger siblings by putting the first child early in the window.
    const firstShare = count === 1 ? 1 : count === 2 ? 0.7 : 0.5;
    const births: number[] = [lo + Math.floor(this.rng.next() * span * firstShare)];
    while (births.length < count) {
      const prev = births[births.length - 1] as number;
      const next = prev + Math.round((1.5 + this.rng.next() * 3.5) * DAYS_PER_YEAR);
      if (next > hi) break;
      births.push(next);
    }
    return births;
  }

  /** A random day in [from, to] (clamped so that from ≤ to). */
  dayBetween(from: number, to: number): number {
    if (to <= from) return from;
    return from + Math.floor(this.rng.next() * (to - from + 1));
  }

  /** A marriage day: the younger spouse 20–31 or shortly before the first child; never after today. */
  marriageDay(husband: number, wife: number, firstChild: number | undefined): number {
    const younger = Math.max(husband, wife);
    const eighteen = addYears(younger, 18);
    let day = addYears(younger, this.rng.int(20, 31)) + this.rng.int(0, 364);
    // With children, the wedding came a few months to a few years before the first one.
    if (firstChild !== undefined) day = firstChild - this.rng.int(200, 1500);
    return Math.max(eighteen, Math.min(day, this.ref));
  }

  person(
    birth: number,
    sex: Sex,
    relationship: string,
    surname: Name,
    siblingsNames: string[] = [],
  ): Member {
    const given = pickGivenName(this.rng, sex, civilFromDays(birth).year, siblingsNames);
    siblingsNames.push(given.kanji);
    return { birth, sex, relationship, surname, given, since: birth, from: null };
  }

  /** Someone who came from outside on `day` (a marriage, a job, a return home). */
  movedIn(member: Member, day: number): void {
    member.since = Math.max(member.birth, Math.min(day, this.ref));
    member.from = this.origin(member.since);
  }

  /**
   * The whole household moved into the city on `day`: everyone who was already theirs by then
   * arrived that day from one place; those born or married in later keep their own date.
   */
  householdMovedIn(members: readonly Member[], day: number): void {
    const when = Math.min(day, this.ref);
    const from = this.origin(when);
    for (const m of members) {
      if (m.since < when && m.birth <= when) {
        m.since = when;
        m.from = from;
      }
    }
  }

  otherSurname(surname: Name): Name {
    return pickOtherSurname(this.rng, surname);
  }

  childSex(): Sex {
    return this.rng.chance(0.512) ? 'male' : 'female';
  }
}
