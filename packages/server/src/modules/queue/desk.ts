import { randomUUID } from 'node:crypto';
import { sql, type UpdateObject } from 'kysely';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { getVisit as getCounterVisit } from '../counter/service';
import { getResidentDetail } from '../registry/service';
import { requireDesk, requireService } from './config';
import { recordEvent } from './events';
import { localDate } from './hours';
import { VISIT_STATE_LABELS, type Db, type QueueDeps, type QueueEventKind, type QueueSignal, type QueueVisitState } from './model';

/**
 * The desk: open it, call the next resident, recall, serve, finish, mark absent, put back, transfer
 * to another service (same ticket), link to the resident served. Every change is one conditional
 * UPDATE (`where state in (…)`): of two desks acting on one ticket at the same moment, one wins and
 * the other gets QUEUE_STATE_CONFLICT naming what happened.
 */

export interface DeskVisit {
  visitId: string;
  ticketId: string;
  displayNumber: string | null;
  serviceId: string;
  serviceName: string;
  state: QueueVisitState;
  deskId: string | null;
  deskName: string | null;
  callCount: number;
  needsAssistance: boolean;
  channel: string;
  residentId: string | null;
}

async function withSignals<T>(deps: QueueDeps, work: (trx: Db, signals: QueueSignal[]) => Promise<T>): Promise<T> {
  const signals: QueueSignal[] = [];
  const result = await deps.db.transaction().execute((trx) => work(trx, signals));
  deps.live.publish(signals);
  return result;
}

async function deskVisit(trx: Db, municipalityId: string, visitId: string): Promise<DeskVisit> {
  const row = await trx.selectFrom('queue_visit as v')
    .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'v.municipality_id').onRef('t.id', '=', 'v.ticket_id'))
    .innerJoin('queue_service as s', (j) => j.onRef('s.municipality_id', '=', 'v.municipality_id').onRef('s.id', '=', 'v.service_id'))
    .leftJoin('queue_desk as d', (j) => j.onRef('d.municipality_id', '=', 'v.municipality_id').onRef('d.id', '=', 'v.desk_id'))
    .select(['v.id', 'v.ticket_id', 't.display_number', 'v.service_id', 's.name as service_name', 'v.state', 'v.desk_id', 'd.name as desk_name',
      'v.call_count', 't.needs_assistance', 't.channel', 't.resident_id'])
    .where('v.municipality_id', '=', municipalityId).where('v.id', '=', visitId)
    .executeTakeFirst();
  if (!row) throw notFound('QUEUE_VISIT_NOT_FOUND', '整理券が見つかりません。画面を更新してください。');
  return {
    visitId: row.id, ticketId: row.ticket_id, displayNumber: row.display_number, serviceId: row.service_id, serviceName: row.service_name,
    state: row.state, deskId: row.desk_id, deskName: row.desk_name, callCount: row.call_count, needsAssistance: row.needs_assistance,
    channel: row.channel, residentId: row.resident_id,
  };
}

function stateConflict(visit: DeskVisit, wanted: string): AppError {
  const where = visit.deskName && (visit.state === 'called' || visit.state === 'serving') ? `（${visit.deskName}）` : '';
  return new AppError(409, 'QUEUE_STATE_CONFLICT',
    `${visit.displayNumber ?? 'この整理券'}は既に「${VISIT_STATE_LABELS[visit.state]}」${where}のため、${wanted}できません。画面を更新してください。`);
}

function isDeskBusyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  return e?.code === '23505' && String(e.constraint ?? e.message ?? '').includes('queue_visit_desk_busy');
}

async function assertDeskFree(trx: Db, municipalityId: string, deskId: string, deskName: string) {
  const busy = await trx.selectFrom('queue_visit as v')
    .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'v.municipality_id').onRef('t.id', '=', 'v.ticket_id'))
    .select(['t.display_number', 'v.state'])
    .where('v.municipality_id', '=', municipalityId).where('v.desk_id', '=', deskId).where('v.state', 'in', ['called', 'serving'])
    .executeTakeFirst();
  if (busy) {
    throw new AppError(409, 'QUEUE_DESK_BUSY', `${deskName}では${busy.display_number ?? ''}が「${VISIT_STATE_LABELS[busy.state]}」です。終了・不在・転送のいずれかにしてから次の方を呼んでください。`);
  }
}

/** Takes the desk for this staff member; an open desk counts towards the wait estimate. */
export function openDesk(deps: QueueDeps, staff: StaffPrincipal, deskId: string) {
  return withSignals(deps, async (trx, signals) => {
    const desk = await requireDesk(trx, staff.municipalityId, deskId);
    await trx.updateTable('queue_desk').set({ open_staff_id: staff.id, opened_at: deps.now() })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).execute();
    await recordEvent(trx, signals, { municipalityId: staff.municipalityId, locationId: desk.location_id, kind: 'desk_opened', at: deps.now(), deskId, staffId: staff.id });
    return { deskId, open: true };
  });
}

export function closeDesk(deps: QueueDeps, staff: StaffPrincipal, deskId: string) {
  return withSignals(deps, async (trx, signals) => {
    const desk = await requireDesk(trx, staff.municipalityId, deskId);
    await assertDeskFree(trx, staff.municipalityId, deskId, desk.name);
    await trx.updateTable('queue_desk').set({ open_staff_id: null, opened_at: null })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).execute();
    await recordEvent(trx, signals, { municipalityId: staff.municipalityId, locationId: desk.location_id, kind: 'desk_closed', at: deps.now(), deskId, staffId: staff.id });
    return { deskId, open: false };
  });
}

/**
 * Calls the next resident for the desk's services (or one of them). The pick and the state change are
 * one statement: `for update skip locked` lets two desks calling at once take two different tickets
 * instead of the same one, and the desk row is locked first so one desk's double click calls once.
 */
export async function callNext(deps: QueueDeps, staff: StaffPrincipal, deskId: string, serviceId: string | null): Promise<DeskVisit | null> {
  try {
    return await withSignals(deps, async (trx, signals) => {
      const now = deps.now();
      const desk = await requireDesk(trx, staff.municipalityId, deskId);
      if (serviceId !== null && !desk.service_ids.includes(serviceId)) {
        throw badRequest('QUEUE_SERVICE_NOT_AT_DESK', `${desk.name}はこの用件を扱っていません。窓口の設定を確認してください。`, [{ path: 'serviceId', message: 'この窓口の用件ではありません。' }]);
      }
      const services = serviceId !== null ? [serviceId] : desk.service_ids;
      if (services.length === 0) throw badRequest('QUEUE_DESK_HAS_NO_SERVICE', `${desk.name}に扱う用件が設定されていません。管理者に設定を依頼してください。`);
      // Serialises calls from the same desk (the row lock) and opens the desk if nobody had.
      await trx.updateTable('queue_desk').set({ open_staff_id: sql`coalesce(open_staff_id, ${staff.id}::uuid)`, opened_at: sql`coalesce(opened_at, ${now})` })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).execute();
      await assertDeskFree(trx, staff.municipalityId, deskId, desk.name);
      const picked = await sql<{ id: string; ticket_id: string; service_id: string }>`
        update queue_visit set state = 'called', desk_id = ${deskId}, called_by = ${staff.id}, called_at = ${now},
          first_called_at = coalesce(first_called_at, ${now}), call_count = call_count + 1
        where municipality_id = ${staff.municipalityId} and id = (
          select id from queue_visit
          where municipality_id = ${staff.municipalityId} and location_id = ${desk.location_id} and service_date = ${localDate(now)}
            and service_id in (${sql.join(services)})
            and (state = 'waiting' or (state = 'arrived' and eligible_at <= ${now}))
          order by priority desc, order_at, id
          limit 1
          for update skip locked
        )
        returning id, ticket_id, service_id`.execute(trx);
      const row = picked.rows[0];
      if (!row) return null;
      await recordEvent(trx, signals, {
        municipalityId: staff.municipalityId, locationId: desk.location_id, kind: 'called', at: now, ticketId: row.ticket_id, visitId: row.id,
        deskId, serviceId: row.service_id, staffId: staff.id,
      });
      return deskVisit(trx, staff.municipalityId, row.id);
    });
  } catch (error) {
    if (isDeskBusyViolation(error)) throw new AppError(409, 'QUEUE_DESK_BUSY', 'この窓口では既に呼出中の方がいます。画面を更新してください。');
    throw error;
  }
}

/** Calls one particular ticket from the list (e.g. a resident who came back to the desk). */
export async function callVisit(deps: QueueDeps, staff: StaffPrincipal, deskId: string, visitId: string): Promise<DeskVisit> {
  try {
    return await withSignals(deps, async (trx, signals) => {
      const now = deps.now();
      const desk = await requireDesk(trx, staff.municipalityId, deskId);
      await trx.updateTable('queue_desk').set({ open_staff_id: sql`coalesce(open_staff_id, ${staff.id}::uuid)`, opened_at: sql`coalesce(opened_at, ${now})` })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).execute();
      await assertDeskFree(trx, staff.municipalityId, deskId, desk.name);
      const row = await trx.updateTable('queue_visit')
        .set({ state: 'called', desk_id: deskId, called_by: staff.id, called_at: now, first_called_at: sql`coalesce(first_called_at, ${now})`, call_count: sql`call_count + 1` })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).where('location_id', '=', desk.location_id)
        .where((eb) => eb.or([eb('state', '=', 'waiting'), eb.and([eb('state', '=', 'arrived'), eb('eligible_at', '<=', now)])]))
        .returning(['id', 'ticket_id', 'service_id'])
        .executeTakeFirst();
      if (!row) throw stateConflict(await deskVisit(trx, staff.municipalityId, visitId), '呼び出し');
      await recordEvent(trx, signals, {
        municipalityId: staff.municipalityId, locationId: desk.location_id, kind: 'called', at: now, ticketId: row.ticket_id, visitId: row.id,
        deskId, serviceId: row.service_id, staffId: staff.id,
      });
      return deskVisit(trx, staff.municipalityId, row.id);
    });
  } catch (error) {
    if (isDeskBusyViolation(error)) throw new AppError(409, 'QUEUE_DESK_BUSY', 'この窓口では既に呼出中の方がいます。画面を更新してください。');
    throw error;
  }
}

interface Transition {
  from: readonly QueueVisitState[];
  set: (now: Date, staff: StaffPrincipal) => UpdateObject<Database, 'queue_visit'>;
  kind: QueueEventKind;
  /** For the conflict message: 「…のため、{verb}できません」. */
  verb: string;
}

const TRANSITIONS = {
  recall: { from: ['called'], kind: 'recalled', verb: '再呼出', set: (now) => ({ called_at: now, call_count: sql<number>`call_count + 1` }) },
  start: { from: ['called'], kind: 'serving', verb: '対応開始', set: (now, staff) => ({ state: 'serving', serving_at: now, served_by: staff.id }) },
  done: { from: ['called', 'serving'], kind: 'done', verb: '終了に', set: (now, staff) => ({ state: 'done', finished_at: now, served_by: sql<string>`coalesce(served_by, ${staff.id}::uuid)` }) },
  noShow: { from: ['called'], kind: 'no_show', verb: '不在に', set: (now) => ({ state: 'no_show', finished_at: now }) },
  // Back into the queue at the same place (e.g. the resident went to fetch a document).
  putBack: { from: ['called'], kind: 'returned', verb: '順番待ちに戻', set: () => ({ state: 'waiting', desk_id: null, called_at: null }) },
} satisfies Record<string, Transition>;

export type DeskAction = keyof typeof TRANSITIONS;

export function actOnVisit(deps: QueueDeps, staff: StaffPrincipal, visitId: string, action: DeskAction): Promise<DeskVisit> {
  const t: Transition = TRANSITIONS[action];
  return withSignals(deps, async (trx, signals) => {
    const now = deps.now();
    const row = await trx.updateTable('queue_visit').set(t.set(now, staff))
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).where('state', 'in', [...t.from])
      .returning(['id', 'ticket_id', 'service_id', 'location_id', 'desk_id'])
      .executeTakeFirst();
    if (!row) throw stateConflict(await deskVisit(trx, staff.municipalityId, visitId), t.verb);
    await recordEvent(trx, signals, {
      municipalityId: staff.municipalityId, locationId: row.location_id, kind: t.kind, at: now, ticketId: row.ticket_id, visitId: row.id,
      deskId: row.desk_id, serviceId: row.service_id, staffId: staff.id,
    });
    return deskVisit(trx, staff.municipalityId, row.id);
  });
}

/**
 * One-stop transfer: this visit ends as 'transferred' and the same ticket joins the queue of the next
 * service, ordered by the ticket's issue time, so the resident does not start again at the back.
 */
export function transferVisit(deps: QueueDeps, staff: StaffPrincipal, visitId: string, toServiceId: string): Promise<DeskVisit> {
  return withSignals(deps, async (trx, signals) => {
    const now = deps.now();
    const target = await requireService(trx, staff.municipalityId, toServiceId, { activeOnly: true });
    const ended = await trx.updateTable('queue_visit').set({ state: 'transferred', finished_at: now, served_by: sql`coalesce(served_by, ${staff.id}::uuid)` })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).where('state', 'in', ['called', 'serving'])
      .where('service_id', '<>', toServiceId)
      .returning(['id', 'ticket_id', 'service_id', 'location_id', 'desk_id', 'seq', 'service_date'])
      .executeTakeFirst();
    if (!ended) {
      const visit = await deskVisit(trx, staff.municipalityId, visitId);
      if (visit.serviceId === toServiceId && (visit.state === 'called' || visit.state === 'serving')) {
        throw badRequest('QUEUE_TRANSFER_SAME_SERVICE', '同じ用件には転送できません。別の用件を選ぶか、「順番待ちに戻す」を使ってください。', [{ path: 'serviceId', message: '今の用件と同じです。' }]);
      }
      throw stateConflict(visit, '転送');
    }
    const ticket = await trx.selectFrom('queue_ticket').select(['issued_at', 'needs_assistance']).where('municipality_id', '=', staff.municipalityId).where('id', '=', ended.ticket_id).executeTakeFirstOrThrow();
    const nextId = randomUUID();
    await trx.insertInto('queue_visit').values({
      municipality_id: staff.municipalityId, id: nextId, ticket_id: ended.ticket_id, seq: ended.seq + 1, location_id: target.location_id,
      service_id: target.id, service_date: ended.service_date, state: 'waiting', priority: ticket.needs_assistance ? 1 : 0,
      queued_at: now, order_at: ticket.issued_at, eligible_at: null, slot_starts_at: null, desk_id: null, called_by: null,
      first_called_at: null, called_at: null, serving_at: null, finished_at: null, served_by: null,
    }).execute();
    await recordEvent(trx, signals, {
      municipalityId: staff.municipalityId, locationId: ended.location_id, kind: 'transferred', at: now, ticketId: ended.ticket_id, visitId: ended.id,
      deskId: ended.desk_id, serviceId: ended.service_id, staffId: staff.id, details: { toServiceId: target.id },
    });
    if (target.location_id !== ended.location_id) {
      await recordEvent(trx, signals, {
        municipalityId: staff.municipalityId, locationId: target.location_id, kind: 'transferred', at: now, ticketId: ended.ticket_id, visitId: nextId,
        serviceId: target.id, staffId: staff.id, details: { fromServiceId: ended.service_id },
      });
    }
    return deskVisit(trx, staff.municipalityId, nextId);
  });
}

/**
 * Links the ticket to the counter visit it became (書かない窓口) or to the resident served, so the next
 * desk after a transfer knows who it is. Reading the visit or the resident to check the link is
 * audited like any other read; the link itself is a `queue.ticket_link` audit event and a `linked`
 * queue event naming the counter visit.
 */
export async function linkTicket(deps: QueueDeps, staff: StaffPrincipal, visitId: string, target: { residentId?: string | undefined; counterVisitId?: string | undefined }, requestId: string | null) {
  const visit = await deskVisit(deps.db, staff.municipalityId, visitId);
  if (visit.state !== 'called' && visit.state !== 'serving') throw stateConflict(visit, '来庁者と紐付け');
  let residentId = target.residentId ?? null;
  let residentName: string | null = null;
  if (target.counterVisitId) {
    const counterVisit = await getCounterVisit(deps, staff, target.counterVisitId, requestId);
    residentId = counterVisit.state.identity.residentId ?? null;
  }
  if (residentId) residentName = (await getResidentDetail(deps, staff, residentId, '整理券と来庁者の紐付け', requestId)).resident.name;
  const signals: QueueSignal[] = [];
  await deps.db.transaction().execute(async (trx) => {
    if (residentId) {
      await trx.updateTable('queue_ticket').set({ resident_id: residentId })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', visit.ticketId).execute();
    }
    const row = await trx.selectFrom('queue_visit').select('location_id').where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).executeTakeFirstOrThrow();
    await recordEvent(trx, signals, {
      municipalityId: staff.municipalityId, locationId: row.location_id, kind: 'linked', at: deps.now(), ticketId: visit.ticketId, visitId,
      serviceId: visit.serviceId, staffId: staff.id, details: { counterVisitId: target.counterVisitId ?? null },
    });
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'queue.ticket_link',
      subjectType: residentId ? 'resident' : 'counter_visit', subjectId: residentId ?? target.counterVisitId ?? null,
      requestId, details: { ticketId: visit.ticketId, displayNumber: visit.displayNumber, counterVisitId: target.counterVisitId ?? null },
    }, deps.now());
  });
  deps.live.publish(signals);
  return { visitId, residentId, residentName, counterVisitId: target.counterVisitId ?? null };
}
