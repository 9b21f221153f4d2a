/**
 * iCalendar (RFC 5545) for the public schedule: CRLF line ends, content lines folded at 75 octets
 * without splitting a UTF-8 character, TEXT values escaped, local times with TZID=Asia/Tokyo and
 * the zone itself in a VTIMEZONE (Japan has had no daylight saving since 1951). A stop's UID is
 * its route-stop id, so a calendar that subscribed keeps one event when the time or state changes.
 */

export interface IcalEvent {
  uid: string;
  date: string;
  start: string;
  end: string;
  summary: string;
  location: string;
  description: string;
  latitude: number | null;
  longitude: number | null;
  cancelled: boolean;
  /** When the event last changed (DTSTAMP and LAST-MODIFIED). */
  stamp: Date;
  sequence: number;
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const basic = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
const utc = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function buildCalendar(input: { name: string; events: readonly IcalEvent[]; productId?: string }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${input.productId ?? '-//madoguchi//outreach//JA'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    'X-WR-TIMEZONE:Asia/Tokyo',
    'BEGIN:VTIMEZONE',
    'TZID:Asia/Tokyo',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0900',
    'TZOFFSETTO:+0900',
    'TZNAME:JST',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  for (const e of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utc(e.stamp)}`,
      `LAST-MODIFIED:${utc(e.stamp)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTART;TZID=Asia/Tokyo:${basic(e.date, e.start)}`,
      `DTEND;TZID=Asia/Tokyo:${basic(e.date, e.end)}`,
      `SUMMARY:${escapeText(e.cancelled ? `【運休】${e.summary}` : e.summary)}`,
      `LOCATION:${escapeText(e.location)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
    );
    if (e.latitude !== null && e.longitude !== null) lines.push(`GEO:${e.latitude.toFixed(6)};${e.longitude.toFixed(6)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
