import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { fullName } from '@madoguchi/procedures';
import type { CounterVisitTable, Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { assertNoIndividualNumber } from '../cases/service';
import { nameKeyOf } from './names';
import { COUNTER_EVENT_LABELS, emptyState, readState, type CounterEvent, type VisitState } from './model';

export type Db = Kysely<Database> | Transaction<Database>;

export interface CounterDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export const PURPOSE = '書かない窓口';

export interface VisitView {
  id: string;
  status: 'open' | 'completed' | 'cancelled';
  origin: 'counter' | 'kiosk' | 'preEntry';
  revision: number;
  state: VisitState;
  signed: boolean;
  signedAt: string | null;
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  result: VisitResult | null;
}

export interface VisitResult {
  event: CounterEvent;
  cases: { caseId: string; procedureId: string; title: string; receiptNumber: string | null; departmentId: string | null; departmentName: string | null }[];
  householdIds: string[];
  residentIds: string[];
  /** The people the change was about, by name, for the 完了 screen and corrections. */
  people: { residentId: string; name: string }[];
  changeIds: string[];
  /** The navigator's proposals at completion (reasons without traces), for the 手続き案内書. */
  proposals: { procedureId: string; title: string; reasons: { ruleId: string; text: string; persons: string[] }[]; bring: string[]; deadline: string | null; priority: number; departmentRef: string | null }[];
  /**
   * Procedures finished at this desk (its own department's). The others were handed to their
   * departments and stay on the 手続き案内書 with where to go and what to bring.
   */
  completedHere: string[];
  householderName: string;
  eventDate: string;
  issuedBy: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toView(row: Selectable<CounterVisitTable>): VisitView {
  return {
    id: row.id, status: row.status, origin: row.origin, revision: row.revision, state: readState(row.state),
    signed: row.signature_png !== null, signedAt: iso(row.signed_at), startedAt: iso(row.started_at)!, updatedAt: iso(row.updated_at)!,
    completedAt: iso(row.completed_at), cancelledAt: iso(row.cancelled_at), cancelReason: row.cancel_reason,
    result: (row.result ?? null) as VisitResult | null,
  };
}

const visitNotFound = () => notFound('VISIT_NOT_FOUND', '該当する受付が見つかりません。受付の一覧から選び直してください。');

export async function loadVisitRow(db: Db, municipalityId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('counter_visit').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw visitNotFound();
  return row;
}

export function assertOpen(row: Selectable<CounterVisitTable>): void {
  if (row.status === 'completed') throw new AppError(409, 'VISIT_COMPLETED', 'この受付は完了しています。内容を直すときは、完了画面の「訂正の届出」から新しい異動として届け出てください。');
  if (row.status === 'cancelled') throw new AppError(409, 'VISIT_CANCELLED', 'この受付は取り消されています。受付を新しく始めてください。');
}

/**
 * Who a visit is for, as one key: a resident's id, or for a newcomer the name and birth date. The
 * partial unique index on it keeps one open visit per person.
 */
export function personKeyOf(state: VisitState): string | null {
  if (state.identity.residentId) return `resident:${state.identity.residentId}`;
  const card = state.identity.card;
  if (card) return `person:${nameKeyOf(card.name)}|${card.birthDate}`;
  const head = state.household.members.find((m) => m.relationship === 'householder') ?? state.household.members[0];
  if (head?.residentId) return `resident:${head.residentId}`;
  if (head && head.familyName && /^\d{4}-\d{2}-\d{2}$/.test(head.birthDate)) return `person:${nameKeyOf(`${head.familyName}${head.givenName}`)}|${head.birthDate}`;
  return null;
}

/** Who the visit is about, for lists: the householder (or the card's name). */
export function visitLabel(state: VisitState): string {
  const head = state.household.members.find((m) => m.relationship === 'householder') ?? state.household.members[0];
  const name = head ? fullName(head) : state.identity.card?.name ?? '';
  const event = state.event ? COUNTER_EVENT_LABELS[state.event] : 'ライフイベント未選択';
  return `${name || '（氏名未入力）'}・${event}`;
}

async function assertNoOtherOpenVisit(db: Db, municipalityId: string, visitId: string, key: string | null): Promise<void> {
  if (!key) return;
  const other = await db.selectFrom('counter_visit as v')
    .leftJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'v.municipality_id').onRef('s.id', '=', 'v.started_by'))
    .select(['v.id', 'v.started_at', 's.display_name'])
    .where('v.municipality_id', '=', municipalityId).where('v.person_key', '=', key).where('v.status', '=', 'open').where('v.id', '!=', visitId)
    .executeTakeFirst();
  if (other) throw alreadyOpen(other.id, other.started_at, other.display_name);
}

function alreadyOpen(id: string, startedAt: Date | null, by: string | null): AppError {
  const at = startedAt ? new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(new Date(startedAt)) : '';
  return new AppError(409, 'VISIT_ALREADY_OPEN', `この方の受付はすでに開いています${at ? `（${at}開始${by ? `・${by}` : ''}）` : ''}。受付の一覧の「続ける」から再開するか、その受付を取り消してから始めてください。`, [{ path: 'visitId', message: id }]);
}

/** PostgreSQL's unique_violation, from either driver: the index caught a race the check above missed. */
export const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

export async function startVisit(deps: CounterDeps, staff: StaffPrincipal, input: { origin?: 'counter'; state?: VisitState; preEntryId?: string | null; originOverride?: 'kiosk' | 'preEntry' }, requestId: string | null, trx?: Db): Promise<VisitView> {
  const now = deps.now();
  const id = randomUUID();
  const state = input.state ?? emptyState();
  assertNoIndividualNumber(state, 'state');
  const key = personKeyOf(state);
  const work = async (db: Db) => {
    await assertNoOtherOpenVisit(db, staff.municipalityId, id, key);
    await db.insertInto('counter_visit').values({
      municipality_id: staff.municipalityId, id, status: 'open', origin: input.originOverride ?? 'counter', life_event: state.event, person_key: key,
      subject_resident_id: state.identity.residentId, state: JSON.stringify(state), revision: 1, signature_png: null, signed_at: null,
      pre_entry_id: input.preEntryId ?? null, started_at: now, updated_at: now, completed_at: null, cancelled_at: null, cancel_reason: null,
      started_by: staff.id, updated_by: staff.id, completed_by: null, result: null,
    }).execute();
    await appendAudit(db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_start', subjectType: 'counter_visit', subjectId: id, purpose: PURPOSE, requestId, details: { origin: input.originOverride ?? 'counter' } }, now);
    return toView(await loadVisitRow(db, staff.municipalityId, id));
  };
  try {
    return trx ? await work(trx) : await deps.db.transaction().execute(work);
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyOpen('', null, null);
    throw e;
  }
}

export async function getVisit(deps: CounterDeps, staff: StaffPrincipal, id: string, requestId: string | null): Promise<VisitView> {
  const row = await loadVisitRow(deps.db, staff.municipalityId, id);
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_read', subjectType: 'counter_visit', subjectId: id, purpose: PURPOSE, requestId,
    details: { residentIds: residentIdsOf(readState(row.state)) },
  }, deps.now());
  return toView(row);
}

export const residentIdsOf = (state: VisitState) => [...new Set([state.identity.residentId, ...state.household.members.map((m) => m.residentId)].filter((x): x is string => !!x))];

/**
 * Saves the draft. `revision` is the one the screen loaded: if another tablet saved since, the save
 * is refused (409) rather than silently overwriting it.
 */
export async function saveVisitState(deps: CounterDeps, staff: StaffPrincipal, id: string, input: { revision: number; state: VisitState }, requestId: string | null, trx?: Db): Promise<VisitView> {
  assertNoIndividualNumber(input.state, 'state');
  const now = deps.now();
  const work = async (db: Db) => {
    const row = await loadVisitRow(db, staff.municipalityId, id, { forUpdate: true });
    assertOpen(row);
    if (row.revision !== input.revision) {
      throw new AppError(409, 'VISIT_CHANGED', '別の端末でこの受付が更新されました。画面を読み込み直して、最新の内容から続けてください。');
    }
    const key = personKeyOf(input.state);
    await assertNoOtherOpenVisit(db, staff.municipalityId, id, key);
    await db.updateTable('counter_visit').set({
      state: JSON.stringify(input.state), revision: row.revision + 1, person_key: key, life_event: input.state.event,
      subject_resident_id: input.state.identity.residentId, updated_at: now, updated_by: staff.id,
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', id).execute();
    await appendAudit(db, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_save', subjectType: 'counter_visit', subjectId: id, purpose: PURPOSE, requestId,
      details: { revision: row.revision + 1, step: input.state.step, residentIds: residentIdsOf(input.state) },
    }, now);
    return toView(await loadVisitRow(db, staff.municipalityId, id));
  };
  try {
    return trx ? await work(trx) : await deps.db.transaction().execute(work);
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyOpen('', null, null);
    throw e;
  }
}

/** Changes part of the state on the server (identification, choosing procedures) in the caller's transaction. */
export async function updateVisitState(deps: CounterDeps, staff: StaffPrincipal, db: Db, id: string, revision: number, change: (state: VisitState) => VisitState | Promise<VisitState>, requestId: string | null): Promise<VisitView> {
  const row = await loadVisitRow(db, staff.municipalityId, id, { forUpdate: true });
  assertOpen(row);
  if (row.revision !== revision) throw new AppError(409, 'VISIT_CHANGED', '別の端末でこの受付が更新されました。画面を読み込み直して、最新の内容から続けてください。');
  const next = await change(readState(row.state));
  return saveVisitState(deps, staff, id, { revision, state: next }, requestId, db);
}

export async function cancelVisit(deps: CounterDeps, staff: StaffPrincipal, id: string, reason: string, requestId: string | null): Promise<VisitView> {
  if (!reason.trim()) throw badRequest('VISIT_CANCEL_REASON_REQUIRED', '取り消す理由を入力してください（例: 本人確認書類を忘れたため出直し）。', [{ path: 'reason', message: '理由を入力してください。' }]);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisitRow(trx, staff.municipalityId, id, { forUpdate: true });
    assertOpen(row);
    await trx.updateTable('counter_visit').set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason.trim(), updated_at: now, updated_by: staff.id })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', id).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_cancel', subjectType: 'counter_visit', subjectId: id, purpose: PURPOSE, requestId, details: { reason: reason.trim() } }, now);
    return toView(await loadVisitRow(trx, staff.municipalityId, id));
  });
}

export interface VisitListItem {
  id: string;
  status: VisitView['status'];
  origin: VisitView['origin'];
  label: string;
  step: VisitState['step'];
  startedAt: string;
  updatedAt: string;
  startedBy: string | null;
}

/** Open visits to resume (today's and older ones not finished), or the day's finished ones. */
export async function listVisits(deps: CounterDeps, staff: StaffPrincipal, filter: { status: 'open' | 'completed' | 'cancelled'; limit: number }, requestId: string | null): Promise<VisitListItem[]> {
  const rows = await deps.db.selectFrom('counter_visit as v')
    .leftJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'v.municipality_id').onRef('s.id', '=', 'v.started_by'))
    .select(['v.id', 'v.status', 'v.origin', 'v.state', 'v.started_at', 'v.updated_at', 's.display_name'])
    .where('v.municipality_id', '=', staff.municipalityId).where('v.status', '=', filter.status)
    .orderBy(sql`v.updated_at`, 'desc').limit(filter.limit).execute();
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_list', purpose: PURPOSE, requestId,
    details: { status: filter.status, visitIds: rows.map((r) => r.id) },
  }, deps.now());
  return rows.map((r) => {
    const state = readState(r.state);
    return { id: r.id, status: r.status, origin: r.origin, label: visitLabel(state), step: state.step, startedAt: iso(r.started_at)!, updatedAt: iso(r.updated_at)!, startedBy: r.display_name };
  });
}
