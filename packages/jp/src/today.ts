import { isoDateFromParts, type IsoDate } from './iso-date';

// Japan has kept UTC+9 all year since 1951, so a fixed offset is exact for any current instant and
// avoids depending on the host's time zone or ICU data.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The calendar date in Japan at the given instant (default: now). */
export function todayInJapan(now: Date = new Date()): IsoDate {
  const shifted = new Date(now.getTime() + JST_OFFSET_MS);
  const date = isoDateFromParts(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
  if (date === undefined) throw new RangeError('日時が扱える範囲（西暦1年〜9999年）を超えています。');
  return date;
}
