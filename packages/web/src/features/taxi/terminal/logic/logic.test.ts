import { describe, expect, it } from 'vitest';
import { type LedgerEntry, authoriseOffline, localUsage, terminalRefusal } from './authorise';
import { type SignedTaxiList, type TaxiListBody, LIST_FORMAT, signList, verifyList } from './list';
import { refusal, type RefusalCode } from './refusals';
import { checkFare, splitFare } from './subsidy';

const NOW = new Date('2026-11-27T01:00:00Z'); // 10:00 JST
const DEVICE = '0192f000-0000-7000-8000-000000000001';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

function body(over: Partial<TaxiListBody> = {}): TaxiListBody {
  return {
    format: LIST_FORMAT, listId: '0192f000-0000-7000-8000-00000000000a', municipalityId: '0192f000-0000-7000-8000-00000000000b', deviceId: DEVICE,
    operatorName: '尾花沢観光タクシー', issuedAt: '2026-11-26T23:00:00Z', serviceDate: '2026-11-27',
    bounds: { maxListAgeMinutes: 48 * 60, maxOfflineMinutes: 48 * 60, terminalPendingRides: 3, terminalPendingSubsidyYen: 2500 },
    programme: { id: 'p', name: 'マイタク', ruleVersion: 1, rule: { kind: 'rate', percent: 50, maxYen: 1000 }, caps: { perDay: 2, perMonth: 5, perYear: 70 }, fare: { minYen: 100, maxYen: 100_000 } },
    trustAnchors: [], allow: [{ binding: A, givenName: '正子', usedDay: 1, usedMonth: 2, usedYear: 10 }, { binding: C, givenName: '幸子', usedDay: 0, usedMonth: 0, usedYear: 70 }],
    deny: [{ binding: B, reason: 'suspended' }], drivers: [], ...over,
  };
}
const list = (over: Partial<TaxiListBody> = {}): SignedTaxiList => ({ body: body(over), keyId: 'k', signature: '' });
const clock = { now: NOW, lastSyncAt: '2026-11-26T23:00:00Z' };
const code = (d: ReturnType<typeof authoriseOffline>) => (d.ok ? 'ok' : d.refusal.code);
const ride = (over: Partial<LedgerEntry>): LedgerEntry => ({ opId: crypto.randomUUID(), binding: A, serviceDate: '2026-11-27', subsidy: 1000, recordedAt: '2026-11-27T00:30:00Z', synced: false, ...over });

describe('subsidy', () => {
  it('splits the issue\'s ¥2,400 ride into ¥1,000 and ¥1,400, rounds an odd half down, and never pays more than the fare', () => {
    expect(splitFare(2400, { kind: 'rate', percent: 50, maxYen: 1000 })).toEqual({ fare: 2400, subsidy: 1000, passenger: 1400 });
    expect(splitFare(1501, { kind: 'rate', percent: 50, maxYen: 1000 })).toEqual({ fare: 1501, subsidy: 750, passenger: 751 });
    expect(splitFare(400, { kind: 'fixed', amountYen: 500 })).toEqual({ fare: 400, subsidy: 400, passenger: 0 });
  });
  it('refuses ¥0, a mistyped small fare and ¥999,999', () => {
    const bounds = { minYen: 100, maxYen: 100_000 };
    expect(checkFare(0, bounds)).toBe('FARE_ZERO');
    expect(checkFare(50, bounds)).toBe('FARE_TOO_LOW');
    expect(checkFare(999_999, bounds)).toBe('FARE_TOO_HIGH');
    expect(checkFare(2400, bounds)).toBeNull();
  });
});

describe('offline decision', () => {
  it('allows a listed card with the rides left, counting the terminal\'s own rides the list does not include', () => {
    const d = authoriseOffline(list(), [], clock, A);
    expect(d).toMatchObject({ ok: true, remaining: { day: 1, month: 3, year: 60 } });
    expect(code(authoriseOffline(list(), [ride({})], clock, A))).toBe('DAILY_CAP_REACHED');
    // A delivered ride from before the list is already in its counts.
    expect(code(authoriseOffline(list(), [ride({ synced: true, recordedAt: '2026-11-26T22:00:00Z', serviceDate: '2026-11-27' })], clock, A))).toBe('ok');
  });
  it('refuses cards not listed, denied or used up, in the driver\'s words', () => {
    expect(code(authoriseOffline(list(), [], clock, 'd'.repeat(64)))).toBe('CARD_NOT_REGISTERED');
    expect(code(authoriseOffline(list(), [], clock, B))).toBe('BENEFICIARY_SUSPENDED');
    expect(code(authoriseOffline(list(), [], clock, C))).toBe('YEAR_CAP_REACHED');
    expect(refusal('CARD_NOT_REGISTERED').advice).toContain('運賃は全額お客様のお支払いです');
  });
  it('starts a new day, month and fiscal year from zero', () => {
    const nextDay = { now: new Date('2026-11-27T16:00:00Z'), lastSyncAt: clock.lastSyncAt }; // 11-28 01:00 JST
    expect(authoriseOffline(list(), [ride({})], nextDay, A)).toMatchObject({ ok: true, remaining: { day: 2, month: 2, year: 59 } });
    expect(localUsage([ride({ serviceDate: '2026-03-31' })], A, '2026-01-01T00:00:00Z', '2026-04-01' as never)).toEqual({ day: 0, month: 0, year: 0 });
  });
  it('refuses to subsidise with a list too old, after too long offline, or with too much not yet delivered', () => {
    const late = { now: new Date('2026-11-29T00:00:01Z'), lastSyncAt: '2026-11-29T00:00:00Z' };
    expect(code(authoriseOffline(list(), [], late, A))).toBe('LIST_TOO_OLD');
    expect(code(authoriseOffline(list(), [], { now: NOW, lastSyncAt: '2026-11-24T00:00:00Z' }, A))).toBe('OFFLINE_TOO_LONG');
    expect(code(authoriseOffline(list(), [], { now: NOW, lastSyncAt: null }, A))).toBe('OFFLINE_TOO_LONG');
    const pending = [ride({ binding: C }), ride({ binding: C })];
    expect(terminalRefusal(list(), pending, clock, 0)).toBeNull();
    expect(terminalRefusal(list(), pending, clock, 1000)).toBe('TERMINAL_PENDING_LIMIT');
    expect(terminalRefusal(list(), [...pending, ride({ binding: C, subsidy: 0 })], clock, 0)).toBe('TERMINAL_PENDING_LIMIT');
    expect(code(authoriseOffline(null, [], clock, A))).toBe('LIST_MISSING');
  });
});

describe('signed list', () => {
  it('verifies with the pinned key and refuses an altered list, another key or another terminal\'s list', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const signed = await signList(body(), 'k1', pair.privateKey);
    const key = { keyId: 'k1', jwk };
    expect(await verifyList(signed, key, DEVICE)).toBeNull();
    const added = { ...signed, body: { ...signed.body, allow: [...signed.body.allow, { binding: 'e'.repeat(64), givenName: '偽', usedDay: 0, usedMonth: 0, usedYear: 0 }] } };
    expect(await verifyList(added, key, DEVICE)).toBe('LIST_SIGNATURE_INVALID');
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    expect(await verifyList(await signList(body(), 'k1', other.privateKey), key, DEVICE)).toBe('LIST_SIGNATURE_INVALID');
    expect(await verifyList(signed, key, '0192f000-0000-7000-8000-000000000002')).toBe('LIST_WRONG_TERMINAL');
  });
  it('has a title and what to do for every refusal', () => {
    const codes: RefusalCode[] = ['CARD_NOT_REGISTERED', 'BENEFICIARY_SUSPENDED', 'CERT_EXPIRED', 'CERT_REVOKED', 'CERT_INVALID', 'NOT_MY_NUMBER_CARD', 'DAILY_CAP_REACHED', 'MONTH_CAP_REACHED', 'YEAR_CAP_REACHED', 'LIST_MISSING', 'LIST_TOO_OLD', 'LIST_SIGNATURE_INVALID', 'OFFLINE_TOO_LONG', 'TERMINAL_PENDING_LIMIT', 'CARD_READ_FAILED'];
    for (const c of codes) expect(refusal(c).title.length * refusal(c).advice.length, c).toBeGreaterThan(0);
  });
});
