import { describe, expect, it } from 'vitest';
import { deskCapacity, estimateWaitMinutes, roundedMinutes, serviceMinutes } from './estimate';
import { DEMO_FLOOR, measureEstimate } from './simulate';
import { addDays, describeSessions, instantOf, isOpenAt, localTime, OpeningHoursSchema, sessionsOn } from './hours';
import { announcementText, spokenNumber } from './views';

describe('wait estimate', () => {
  it('learns minutes per resident from history, starting from the configured default', () => {
    expect(serviceMinutes({ defaultMinutes: 5, history: null, recent: [] })).toBe(5);
    // 45 samples of 9 minutes outweigh the default (5 samples' worth).
    expect(serviceMinutes({ defaultMinutes: 5, history: { meanMinutes: 9, samples: 45 }, recent: [] })).toBeCloseTo(8.6, 5);
    // Today's finished visits move it halfway once there are a few.
    expect(serviceMinutes({ defaultMinutes: 5, history: null, recent: [10, 10] })).toBe(5);
    expect(serviceMinutes({ defaultMinutes: 5, history: null, recent: [11, 11, 11] })).toBe(8);
  });

  it('shares desks between the queues they serve', () => {
    const desks = [
      { open: true, busy: true, serviceIds: ['a'] },
      { open: true, busy: true, serviceIds: ['a', 'b'] },
      { open: false, busy: false, serviceIds: ['a'] },
    ];
    expect(deskCapacity('a', desks, new Set(['a']))).toBe(2);
    expect(deskCapacity('a', desks, new Set(['a', 'b']))).toBe(1.5);
    expect(deskCapacity('c', desks, new Set(['c']))).toBe(0);
  });

  it('is zero with an idle desk, grows with the queue, and assumes one desk when none is open', () => {
    expect(estimateWaitMinutes({ ahead: 0, serviceMinutes: 6, capacity: 2, idleDesks: 1 })).toBe(0);
    const three = estimateWaitMinutes({ ahead: 3, serviceMinutes: 6, capacity: 2, idleDesks: 0 });
    const six = estimateWaitMinutes({ ahead: 6, serviceMinutes: 6, capacity: 2, idleDesks: 0 });
    expect(six).toBeGreaterThan(three);
    expect(estimateWaitMinutes({ ahead: 2, serviceMinutes: 6, capacity: 0, idleDesks: 0 })).toBe(estimateWaitMinutes({ ahead: 2, serviceMinutes: 6, capacity: 1, idleDesks: 0 }));
    expect([0.4, 3.4, 12, 23].map(roundedMinutes)).toEqual([0, 3, 10, 25]);
  });

  it('on simulated days it is closer to the real wait than "people ahead × usual minutes"', () => {
    const normal = measureEstimate(DEMO_FLOOR, { seed: 42, warmup: 15, days: 5 });
    expect(normal.visits).toBeGreaterThan(800);
    expect(normal.maeMinutes).toBeLessThan(normal.naiveMaeMinutes);
    expect(normal.maeMinutes).toBeLessThan(3);
    const busy = measureEstimate({ ...DEMO_FLOOR, services: DEMO_FLOOR.services.map((s) => ({ ...s, peakPerHour: s.peakPerHour * 1.6 })) }, { seed: 7, warmup: 15, days: 5 });
    expect(busy.meanWaitMinutes).toBeGreaterThan(10);
    expect(busy.maeMinutes).toBeLessThan(busy.naiveMaeMinutes);
  });
});

describe('opening hours in Japan time', () => {
  const hours = OpeningHoursSchema.parse({
    weekly: { mon: [['08:30', '17:15']], fri: [['08:30', '17:15']] },
    dates: { '2026-11-28': [['10:00', '11:30']] },
    closed: ['2026-11-30'],
    notes: { '2026-11-28': '宮沢地区公民館' },
  });

  it('opens on weekdays and dated sessions, not on closed days', () => {
    expect(isOpenAt(hours, new Date('2026-11-27T00:00:00Z'))).toBe(true); // Fri 9:00
    expect(isOpenAt(hours, new Date('2026-11-27T08:15:00Z'))).toBe(false); // Fri 17:15
    expect(isOpenAt(hours, new Date('2026-11-28T01:30:00Z'))).toBe(true); // Sat 10:30, the vehicle
    expect(isOpenAt(hours, new Date('2026-11-30T01:00:00Z'))).toBe(false); // closed Monday
    expect(describeSessions(sessionsOn(hours, '2026-11-27'))).toBe('8:30〜17:15');
    expect(describeSessions(sessionsOn(hours, '2026-11-29'))).toBe('本日の受付はありません');
  });

  it('computes local dates and instants whatever the server time zone', () => {
    expect(localTime(new Date('2026-11-27T15:30:00Z'))).toMatchObject({ date: '2026-11-28', weekday: 'sat', hour: 0 });
    expect(instantOf('2026-11-28', '09:00').toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('refuses hours that end before they start', () => {
    expect(OpeningHoursSchema.safeParse({ weekly: { mon: [['17:00', '08:30']] } }).success).toBe(false);
  });
});

describe('the announcement', () => {
  it('spells the letter and reads the number as a number', () => {
    expect(spokenNumber('A012')).toBe('A、12番');
    expect(announcementText('B105', '3番窓口', false)).toBe('受付番号 B、105番の方、3番窓口へお越しください。');
    expect(announcementText('B105', '3番窓口', true)).toContain('もう一度お呼びします。');
  });
});
