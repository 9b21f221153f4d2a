import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from './ical';
import { parseCalendar, unescapeText } from './ical-parse';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('iCalendar lines (RFC 5545 §3.1)', () => {
  it('folds at 75 octets without splitting a UTF-8 character, and unfolds to the same text', () => {
    const line = `DESCRIPTION:${'移動市役所の停車場所'.repeat(12)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(4);
    for (const p of physical) expect(octets(p)).toBeLessThanOrEqual(75);
    // Continuation lines start with one space, and every piece is valid UTF-8 on its own.
    for (const p of physical.slice(1)) expect(p.startsWith(' ')).toBe(true);
    for (const p of physical) expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(p))).toBe(p);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    expect(foldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('escapes backslash, semicolon, comma and newline in TEXT and reads them back', () => {
    const text = 'a\\b; c, d\ne';
    expect(escapeText(text)).toBe('a\\\\b\\; c\\, d\\ne');
    expect(unescapeText(escapeText(text))).toBe(text);
  });

  it('writes a calendar another reader understands: zone, local times, cancelled events', () => {
    const ics = buildCalendar({
      name: '尾花沢市 移動市役所',
      events: [{
        uid: 'x@example', date: '2026-12-01', start: '09:05', end: '10:00', summary: '宮沢, 公民館', location: '尾花沢市', description: '運休: 大雪のため',
        latitude: 38.65, longitude: 140.4, cancelled: true, stamp: new Date('2026-11-27T01:00:00Z'), sequence: 1,
      }],
    });
    const cal = parseCalendar(ics);
    expect(cal.properties).toMatchObject({ VERSION: '2.0', 'X-WR-CALNAME': '尾花沢市 移動市役所', METHOD: 'PUBLISH' });
    expect(cal.timezones).toEqual(['Asia/Tokyo']);
    expect(cal.events[0]).toMatchObject({
      UID: 'x@example', DTSTART: 'TZID=Asia/Tokyo:20261201T090500', DTEND: 'TZID=Asia/Tokyo:20261201T100000', DTSTAMP: '20261127T010000Z',
      SUMMARY: '【運休】宮沢, 公民館', STATUS: 'CANCELLED', SEQUENCE: '1', GEO: '38.650000;140.400000',
    });
  });
});
