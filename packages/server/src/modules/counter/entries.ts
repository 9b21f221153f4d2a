import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { todayInJapan } from '@madoguchi/jp';
import type { CounterPreEntryTable } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { assertNoIndividualNumber } from '../cases/service';
import { interviewFor, proposalsFor } from './bundle';
import { emptyState, readState, type VisitState } from './model';
import { PURPOSE, isUniqueViolation, startVisit, visitLabel, type CounterDeps, type Db, type VisitView } from './visits';

/**
 * Entries residents make themselves: on the 記載台 kiosk at city hall, or at home on a phone
 * (事前申請). The same interview in resident wording; it ends with a code (and a QR code of it)
 * that staff scan or type at the desk to continue as a visit, nothing retyped. The code is 80
 * random bits; only its hash is stored.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HOME_DAYS = 30;
const KIOSK_HOURS = 12;

export function newEntryCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** What staff type or scan: the code with or without dashes, in any case, or the URL the QR holds. */
export function normaliseEntryCode(input: string): string {
  const text = input.trim();
  const fromUrl = /\/(?:pre-entry|kiosk)\/\d{6}\/([0-9A-Za-z-]+)\/?$/.exec(text)?.[1] ?? text;
  return fromUrl.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const formatEntryCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;
const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');
export const kioskLabel = (n: number | null) => (n === null ? null : `K-${String(n).padStart(3, '0')}`);

export interface EntryView {
  channel: 'kiosk' | 'home';
  status: 'draft' | 'submitted' | 'picked_up';
  revision: number;
  state: VisitState;
  kioskNumber: string | null;
  createdAt: string;
  submittedAt: string | null;
  expiresAt: string;
}

function toEntryView(row: Selectable<CounterPreEntryTable>): EntryView {
  return {
    channel: row.channel, status: row.status, revision: row.revision, state: readState(row.state), kioskNumber: kioskLabel(row.kiosk_number),
    createdAt: new Date(row.created_at).toISOString(), submittedAt: row.submitted_at ? new Date(row.submitted_at).toISOString() : null, expiresAt: new Date(row.expires_at).toISOString(),
  };
}

const entryNotFound = () => notFound('ENTRY_NOT_FOUND', 'この受付コードの入力内容は見つかりません。期限（30日）が過ぎたか、コードが違います。最初から入力してください。');

async function entryRow(db: Db, municipalityId: string, code: string, now: Date, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('counter_pre_entry').selectAll().where('municipality_id', '=', municipalityId).where('token_hash', '=', hashOf(normaliseEntryCode(code)));
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || (new Date(row.expires_at) < now && row.status !== 'picked_up')) throw entryNotFound();
  return row;
}

/** A resident may fill what they know; staff-only parts of the state are kept as the server had them. */
function residentState(incoming: VisitState, stored: VisitState, channel: 'kiosk' | 'home'): VisitState {
  return {
    ...incoming,
    identity: { method: channel === 'kiosk' ? 'kiosk' : 'preEntry', card: null, residentId: null, nameCheck: null, importKind: null },
    household: { ...incoming.household, members: incoming.household.members.map((m) => ({ ...m, residentId: null })) },
    prefill: stored.prefill,
    householdChange: null,
    paperSignature: false,
  };
}

export async function createEntry(deps: CounterDeps, municipalityId: string, channel: 'kiosk' | 'home'): Promise<{ code: string; entry: EntryView }> {
  const now = deps.now();
  const code = newEntryCode();
  const expires = new Date(now.getTime() + (channel === 'home' ? HOME_DAYS * 86_400_000 : KIOSK_HOURS * 3_600_000));
  const state: VisitState = { ...emptyState(), step: 'event', identity: { ...emptyState().identity, method: channel === 'kiosk' ? 'kiosk' : 'preEntry' } };
  await deps.db.insertInto('counter_pre_entry').values({
    municipality_id: municipalityId, id: randomUUID(), channel, token_hash: hashOf(code), kiosk_date: null, kiosk_number: null, status: 'draft',
    state: JSON.stringify(state), revision: 1, created_at: now, updated_at: now, submitted_at: null, expires_at: expires, visit_id: null,
  }).execute();
  return { code, entry: toEntryView(await entryRow(deps.db, municipalityId, code, now)) };
}

export async function getEntry(deps: CounterDeps, municipalityId: string, code: string): Promise<EntryView> {
  return toEntryView(await entryRow(deps.db, municipalityId, code, deps.now()));
}

export async function saveEntry(deps: CounterDeps, municipalityId: string, code: string, input: { revision: number; state: VisitState }, db: Db = deps.db): Promise<EntryView> {
  assertNoIndividualNumber(input.state, 'state');
  const now = deps.now();
  const work = async (trx: Db) => {
    const row = await entryRow(trx, municipalityId, code, now, { forUpdate: true });
    if (row.status === 'picked_up') throw new AppError(409, 'ENTRY_PICKED_UP', 'この入力内容は窓口で受け付けられました。変更がある場合は、窓口の職員にお伝えください。');
    if (row.revision !== input.revision) throw new AppError(409, 'ENTRY_CHANGED', '別の画面でこの入力内容が更新されました。画面を読み込み直してから続けてください。');
    const state = residentState(input.state, readState(row.state), row.channel);
    await trx.updateTable('counter_pre_entry').set({ state: JSON.stringify(state), revision: row.revision + 1, updated_at: now })
      .where('municipality_id', '=', municipalityId).where('id', '=', row.id).execute();
    return toEntryView(await entryRow(trx, municipalityId, code, now));
  };
  return db === deps.db ? deps.db.transaction().execute(work) : work(db);
}

export async function entryProposals(deps: CounterDeps, municipalityId: string, code: string) {
  const row = await entryRow(deps.db, municipalityId, code, deps.now());
  return proposalsFor(deps.db, municipalityId, readState(row.state), todayInJapan(deps.now()));
}

/** The resident ticks what they want to do; versions are pinned as at the counter. */
export async function chooseEntryProcedures(deps: CounterDeps, municipalityId: string, code: string, input: { revision: number; chosen: string[] }): Promise<EntryView> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await entryRow(trx, municipalityId, code, deps.now(), { forUpdate: true });
    const state = readState(row.state);
    const proposals = await proposalsFor(trx, municipalityId, state, todayInJapan(deps.now()));
    const chosen = proposals.filter((p) => input.chosen.includes(p.procedureId)).map((p) => ({ procedureId: p.procedureId, version: p.version, memberIds: p.memberIds }));
    const later = proposals.filter((p) => !input.chosen.includes(p.procedureId)).map((p) => p.procedureId);
    return saveEntry(deps, municipalityId, code, { revision: input.revision, state: { ...state, chosen, later, step: 'interview' } }, trx);
  });
}

export async function entryInterview(deps: CounterDeps, municipalityId: string, code: string) {
  const row = await entryRow(deps.db, municipalityId, code, deps.now());
  return (await interviewFor(deps.db, municipalityId, readState(row.state), { audience: 'resident', today: todayInJapan(deps.now()) })).interview;
}

/** Sends the entry to the desk; a kiosk entry gets the day's next number (K-001 …). */
export async function submitEntry(deps: CounterDeps, municipalityId: string, code: string): Promise<EntryView> {
  const now = deps.now();
  const today = todayInJapan(now);
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const row = await entryRow(trx, municipalityId, code, now, { forUpdate: true });
        if (row.status !== 'draft') return toEntryView(row);
        const state = readState(row.state);
        if (!state.event || state.household.members.length === 0) throw badRequest('ENTRY_INCOMPLETE', '引っ越しの種類と、引っ越す人を入力してから送ってください。');
        let number: number | null = null;
        if (row.channel === 'kiosk') {
          const last = await trx.selectFrom('counter_pre_entry').select((eb) => eb.fn.max('kiosk_number').as('n')).where('municipality_id', '=', municipalityId).where('kiosk_date', '=', today).executeTakeFirst();
          number = Number(last?.n ?? 0) + 1;
        }
        await trx.updateTable('counter_pre_entry').set({ status: 'submitted', submitted_at: now, updated_at: now, kiosk_date: number ? today : null, kiosk_number: number, state: JSON.stringify({ ...state, step: 'review' }) })
          .where('municipality_id', '=', municipalityId).where('id', '=', row.id).execute();
        await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'counter.entry_submit', subjectType: 'counter_pre_entry', subjectId: row.id, details: { channel: row.channel, kioskNumber: kioskLabel(number) } }, now);
        return toEntryView(await entryRow(trx, municipalityId, code, now));
      });
    } catch (e) {
      // Two kiosks submitting at the same moment: take the next number.
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

export interface WaitingEntry {
  id: string;
  channel: 'kiosk' | 'home';
  kioskNumber: string | null;
  label: string;
  submittedAt: string;
}

/** Entries sent and not yet picked up: today's kiosk entries and home entries within their period. */
export async function listWaitingEntries(deps: CounterDeps, staff: StaffPrincipal, requestId: string | null): Promise<WaitingEntry[]> {
  const rows = await deps.db.selectFrom('counter_pre_entry').selectAll().where('municipality_id', '=', staff.municipalityId).where('status', '=', 'submitted')
    .where('expires_at', '>', deps.now()).orderBy('submitted_at', 'desc').limit(100).execute();
  await appendAudit(deps.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.entry_list', purpose: PURPOSE, requestId, details: { entryIds: rows.map((r) => r.id) } }, deps.now());
  return rows.map((r) => ({ id: r.id, channel: r.channel, kioskNumber: kioskLabel(r.kiosk_number), label: visitLabel(readState(r.state)), submittedAt: new Date(r.submitted_at!).toISOString() }));
}

/**
 * Staff continue a resident's entry as a visit: by its code (typed, pasted, or scanned from the QR)
 * or, for a kiosk entry, from the waiting list by id. Identification is still to be done at the
 * desk (the card or an ID document): the visit starts at 本人確認 with everything else filled.
 */
export async function pickUpEntry(deps: CounterDeps, staff: StaffPrincipal, input: { code?: string | undefined; entryId?: string | undefined }, requestId: string | null): Promise<VisitView> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    let row: Selectable<CounterPreEntryTable> | undefined;
    if (input.code) row = await entryRow(trx, staff.municipalityId, input.code, now, { forUpdate: true }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'ENTRY_NOT_FOUND') throw notFound('ENTRY_NOT_FOUND', '受付コードに合う入力内容がありません。コードを確かめて、もう一度読み取るか入力してください。');
      throw e;
    });
    else if (input.entryId) row = await trx.selectFrom('counter_pre_entry').selectAll().where('municipality_id', '=', staff.municipalityId).where('id', '=', input.entryId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('ENTRY_NOT_FOUND', '受付コードに合う入力内容がありません。コードを確かめて、もう一度読み取るか入力してください。');
    if (row.status === 'picked_up') {
      throw new AppError(409, 'ENTRY_PICKED_UP', 'この入力内容はすでに窓口で受け付けています。受付の一覧から続けてください。', row.visit_id ? [{ path: 'visitId', message: row.visit_id }] : []);
    }
    const state = readState(row.state);
    const visit = await startVisit(deps, staff, { state: { ...state, step: 'identify' }, preEntryId: row.id, originOverride: row.channel === 'kiosk' ? 'kiosk' : 'preEntry' }, requestId, trx);
    await trx.updateTable('counter_pre_entry').set({ status: 'picked_up', visit_id: visit.id, updated_at: now }).where('municipality_id', '=', staff.municipalityId).where('id', '=', row.id).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.entry_pickup', subjectType: 'counter_pre_entry', subjectId: row.id, purpose: PURPOSE, requestId, details: { visitId: visit.id, channel: row.channel } }, now);
    return visit;
  });
}
