import { formatWareki, parseIsoDate } from '@madoguchi/jp';

// Dates are shown the way counter staff read them. Date-only values ("1970-03-02") carry no time
// zone and are never passed through Date, so they cannot shift a day; timestamps are shown in JST
// whatever the tablet's own setting.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "1970-03-02" → "1970年3月2日"; anything else is returned unchanged. */
export function formatSeirekiDate(isoDate: string): string {
  const match = DATE_ONLY.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** "昭和45年3月2日（1970年3月2日）": 和暦 first, as on official forms, with 西暦 beside it. */
export function formatWarekiWithSeireki(wareki: string, isoDate: string): string {
  return `${wareki}（${formatSeirekiDate(isoDate)}）`;
}

/**
 * "2026-05-01" → "令和8年5月1日（2026年5月1日）" for dates the API sends without a 和暦 form.
 * Dates before 明治6年 cannot be given in 和暦 and are shown in 西暦 only.
 */
export function formatIsoDateWithWareki(isoDate: string): string {
  const parsed = parseIsoDate(isoDate);
  if (!parsed.ok) return isoDate;
  try {
    return formatWarekiWithSeireki(formatWareki(parsed.value), isoDate);
  } catch {
    return formatSeirekiDate(isoDate);
  }
}

const dateTimeFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** ISO timestamp → { date: "2026年5月1日", time: "09:03" } in Japan time, for narrow columns. */
export function formatDateTimeParts(isoTimestamp: string): { date: string; time: string } {
  const date = new Date(isoTimestamp);
  if (Number.isNaN(date.getTime())) return { date: isoTimestamp, time: '' };
  const parts = dateTimeFormat.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return { date: `${part('year')}年${part('month')}月${part('day')}日`, time: `${part('hour')}:${part('minute')}` };
}

/** ISO timestamp → "2026年5月1日 09:03" in Japan time. */
export function formatDateTime(isoTimestamp: string): string {
  const { date, time } = formatDateTimeParts(isoTimestamp);
  return time ? `${date} ${time}` : date;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** Tablet IMEs often type full-width digits; codes and one-time passwords need half-width. */
export function toHalfWidthDigits(text: string): string {
  return text.replace(FULL_WIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}
