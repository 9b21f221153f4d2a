import { fiscalYearOf, todayInJapan, type IsoDate } from '@madoguchi/jp';
import type { ListBeneficiary, SignedTaxiList } from './list';
import { type Refusal, type RefusalCode, refusal } from './refusals';

/**
 * Boarding without the server: the terminal decides from its signed list and its own ledger of
 * rides. The bounds (documented in ARCHITECTURE.md, 電子タクシー券):
 * - a list older than `maxListAgeMinutes`, or no successful sync for `maxOfflineMinutes`: no subsidy;
 * - the per-beneficiary caps (day, month, fiscal year) counted from the list plus this terminal's
 *   own rides the list does not yet include;
 * - rides not yet delivered: at most `terminalPendingRides` and `terminalPendingSubsidyYen` per terminal.
 * Two terminals offline at once cannot see each other's rides: that over-use is what the server
 * turns into exceptions (over_cap) when the rides arrive.
 */

/** A ride this terminal recorded: kept (without any name) until the list it was counted in is replaced. */
export interface LedgerEntry {
  readonly opId: string;
  readonly binding: string;
  readonly serviceDate: string;
  readonly subsidy: number;
  /** ISO instant. */
  readonly recordedAt: string;
  /** Delivered to (and acknowledged by) the server. */
  readonly synced: boolean;
}

export interface TerminalClock {
  readonly now: Date;
  /** Last successful exchange with the server (push or list pull), ISO; null if never. */
  readonly lastSyncAt: string | null;
}

export interface Usage {
  readonly day: number;
  readonly month: number;
  readonly year: number;
}

export interface Remaining {
  readonly day: number;
  readonly month: number | null;
  readonly year: number;
}

export type OfflineDecision =
  | { readonly ok: true; readonly beneficiary: ListBeneficiary; readonly remaining: Remaining; readonly serviceDate: IsoDate }
  | { readonly ok: false; readonly refusal: Refusal; readonly givenName?: string };

const MINUTE = 60_000;
const monthOf = (date: string) => date.slice(0, 7);

/** Rides of this binding the list's counts do not include: recorded after it was issued, or never delivered. */
export function localUsage(ledger: readonly LedgerEntry[], binding: string, listIssuedAt: string, today: IsoDate): Usage {
  const issued = Date.parse(listIssuedAt);
  let day = 0;
  let month = 0;
  let year = 0;
  const fy = fiscalYearOf(today);
  for (const e of ledger) {
    if (e.binding !== binding) continue;
    if (e.synced && Date.parse(e.recordedAt) < issued) continue;
    if (e.serviceDate === today) day++;
    if (monthOf(e.serviceDate) === monthOf(today)) month++;
    if (fiscalYearOf(e.serviceDate as IsoDate) === fy) year++;
  }
  return { day, month, year };
}

/** What the list says was used, carried over to `today` (a new day, month or fiscal year starts at zero). */
export function listUsage(list: SignedTaxiList, entry: ListBeneficiary, today: IsoDate): Usage {
  const served = list.body.serviceDate as IsoDate;
  return {
    day: served === today ? entry.usedDay : 0,
    month: monthOf(served) === monthOf(today) ? entry.usedMonth : 0,
    year: fiscalYearOf(served) === fiscalYearOf(today) ? entry.usedYear : 0,
  };
}

/** Rides left; a programme without a monthly cap leaves `month` null. */
export function remainingOf(caps: { perDay: number; perMonth: number | null; perYear: number }, ...used: Usage[]): Remaining {
  const sum = (k: keyof Usage) => used.reduce((n, u) => n + u[k], 0);
  return {
    day: Math.max(0, caps.perDay - sum('day')),
    month: caps.perMonth === null ? null : Math.max(0, caps.perMonth - sum('month')),
    year: Math.max(0, caps.perYear - sum('year')),
  };
}

export function capRefusal(remaining: Remaining): RefusalCode | null {
  if (remaining.year <= 0) return 'YEAR_CAP_REACHED';
  if (remaining.month !== null && remaining.month <= 0) return 'MONTH_CAP_REACHED';
  if (remaining.day <= 0) return 'DAILY_CAP_REACHED';
  return null;
}

/** Checks that do not depend on the card: list age, time offline, rides not yet delivered. */
export function terminalRefusal(list: SignedTaxiList | null, ledger: readonly LedgerEntry[], clock: TerminalClock, nextSubsidy = 0): RefusalCode | null {
  if (list === null) return 'LIST_MISSING';
  const { bounds } = list.body;
  const now = clock.now.getTime();
  if (now - Date.parse(list.body.issuedAt) > bounds.maxListAgeMinutes * MINUTE) return 'LIST_TOO_OLD';
  if (clock.lastSyncAt === null || now - Date.parse(clock.lastSyncAt) > bounds.maxOfflineMinutes * MINUTE) return 'OFFLINE_TOO_LONG';
  const pending = ledger.filter((e) => !e.synced);
  if (pending.length + 1 > bounds.terminalPendingRides) return 'TERMINAL_PENDING_LIMIT';
  const pendingSubsidy = pending.reduce((n, e) => n + e.subsidy, 0);
  if (pendingSubsidy + nextSubsidy > bounds.terminalPendingSubsidyYen) return 'TERMINAL_PENDING_LIMIT';
  return null;
}

/**
 * The offline boarding decision for a card whose certificate has been checked against the list's
 * trust anchors (`binding` is the SHA-256 of that certificate). The list's signature must have
 * been verified by the caller just before (verifyList).
 */
export function authoriseOffline(list: SignedTaxiList | null, ledger: readonly LedgerEntry[], clock: TerminalClock, binding: string): OfflineDecision {
  const terminal = terminalRefusal(list, ledger, clock);
  if (terminal !== null || list === null) return { ok: false, refusal: refusal(terminal ?? 'LIST_MISSING') };
  const denied = list.body.deny.find((d) => d.binding === binding);
  if (denied !== undefined) {
    const code: RefusalCode = denied.reason === 'revoked' ? 'CERT_REVOKED' : denied.reason === 'exhausted' ? 'YEAR_CAP_REACHED' : 'BENEFICIARY_SUSPENDED';
    return { ok: false, refusal: refusal(code) };
  }
  const entry = list.body.allow.find((b) => b.binding === binding);
  if (entry === undefined) return { ok: false, refusal: refusal('CARD_NOT_REGISTERED') };
  const today = todayInJapan(clock.now);
  const remaining = remainingOf(list.body.programme.caps, listUsage(list, entry, today), localUsage(ledger, binding, list.body.issuedAt, today));
  const cap = capRefusal(remaining);
  if (cap !== null) return { ok: false, refusal: refusal(cap), givenName: entry.givenName };
  return { ok: true, beneficiary: entry, remaining, serviceDate: today };
}
