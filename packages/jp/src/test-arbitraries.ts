import fc from 'fast-check';
import { isoDateFromParts, type IsoDate } from './iso-date';

/** Real calendar dates between two years (inclusive), for property tests. */
export function isoDateArbitrary(minYear = 1873, maxYear = 2100): fc.Arbitrary<IsoDate> {
  return fc
    .date({ min: new Date(Date.UTC(minYear, 0, 1)), max: new Date(Date.UTC(maxYear, 11, 31)), noInvalidDate: true })
    .map((instant) => {
      const date = isoDateFromParts(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate());
      if (date === undefined) throw new Error('fast-check produced a date outside the calendar');
      return date;
    });
}
