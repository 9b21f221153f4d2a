import { describe, expect, it } from 'vitest';
import type { TicketStatus } from './queueApi';
import { guidance } from './ticketGuidance';

const base: TicketStatus = {
  displayNumber: 'A012', state: 'waiting', stateLabel: '順番待ち', serviceName: '住民票', locationName: '本庁舎 1階', place: '1階',
  deskName: null, ahead: 3, estimatedWaitMinutes: 12, issuedAt: '2026-11-30T00:00:00Z', calledAt: null, callCount: 0,
  reservation: null, legs: [], notify: { email: null, ahead: null, mailAvailable: false }, seq: '1',
};

describe('what the status page tells the resident', () => {
  it('counts down while waiting', () => {
    expect(guidance(base)).toMatchObject({ title: 'あなたの前に3人' });
    expect(guidance(base).text).toContain('約12分');
    expect(guidance({ ...base, ahead: 0, estimatedWaitMinutes: 0 }).title).toBe('次にお呼びします');
  });

  it('says where to go when called, and counts recalls', () => {
    const called = { ...base, state: 'called' as const, deskName: '3番窓口', callCount: 2 };
    expect(guidance(called)).toMatchObject({ title: '3番窓口へお越しください', tone: 'warning' });
    expect(guidance(called).text).toContain('2回目');
  });

  it('tells a booked resident what to type at the kiosk', () => {
    const booked = { ...base, state: 'reserved' as const, displayNumber: null, reservation: { startsAt: '2026-11-30T01:00:00Z', endsAt: '2026-11-30T01:30:00Z', code: 'AB12-CD34' } };
    expect(guidance(booked).text).toContain('AB12-CD34');
    expect(guidance(booked).text).toContain('10:00〜10:30');
  });

  it('asks a resident who missed the call to speak to staff', () => {
    expect(guidance({ ...base, state: 'no_show' }).text).toContain('職員');
  });
});
