// Times on the queue screens are Japan time whatever the device's own setting (a kiosk tablet or a
// resident's phone abroad), and waits are said the way a person at the counter would say them.

const timeFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', weekday: 'short' });

/** "9:05" */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** "11月30日(月)" */
export function formatShortDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "まもなく" under a minute, otherwise "約12分". */
export function waitText(minutes: number | null): string {
  if (minutes === null) return '—';
  return minutes <= 0 ? 'まもなく' : `約${minutes}分`;
}

/** Today's date in Japan as YYYY-MM-DD. */
export function todayInJapan(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const WEEKDAY_LABELS = { sun: '日', mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土' } as const;
export type Weekday = keyof typeof WEEKDAY_LABELS;

/** Spoken and shown: "A012" stays as printed; screen readers get "A 12番". */
export function numberForScreenReader(displayNumber: string): string {
  const m = /^([A-Z]+)0*(\d+)$/.exec(displayNumber);
  return m ? `${m[1]} ${m[2]}番` : displayNumber;
}
