import { randomUUID } from 'node:crypto';
import { formatWareki, type IsoDate } from '@madoguchi/jp';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest } from '../../platform/http/errors';
import type { Services } from '../../platform/http/context';
import { enqueueJob } from '../../platform/jobs/jobs';
import { getMunicipality } from '../tenancy/service';
import { jstDate, jstInstant, type Db, type OutreachDeps } from './model';
import { getRoute, listRoutes, rewritePublishedStops, ROUTE_NOT_FOUND, updateRoute, validateRoute, type RouteInput, type RouteView } from './plan';
import { applyRoutesToQueue, bookingsOfDay, cancelWindowsInQueue, type QueueDay, type QueueWindow } from './queue-link';

/**
 * Publishing puts a route in the queue first (idempotent), then marks it published, so a failure in
 * between is mended by publishing again. Cancelling (weather, a breakdown) marks the stops 「運休」
 * with the reason, cancels the bookings inside them through the queue, and e-mails each booked
 * resident through the job outbox (retried, visible per notice).
 */

export const CANCEL_NOTICE_JOB = 'outreach.cancel_notice';

async function vehicleOf(db: Db, municipalityId: string, vehicleId: string) {
  return db.selectFrom('outreach_vehicle').select(['id', 'name', 'queue_location_id']).where('municipality_id', '=', municipalityId).where('id', '=', vehicleId).executeTakeFirstOrThrow();
}

async function windowsOf(db: Db, municipalityId: string, route: RouteView, state: 'scheduled' | 'cancelled'): Promise<(QueueWindow & { routeStopId: string })[]> {
  const stops = await db.selectFrom('outreach_stop').select(['id', 'name']).where('municipality_id', '=', municipalityId).execute();
  const name = new Map(stops.map((s) => [s.id, s.name]));
  return route.stops.filter((s) => s.state === state).map((s) => ({ routeStopId: s.id, start: s.start, end: s.end, name: name.get(s.stopId) ?? '', serviceIds: s.serviceIds }));
}

/**
 * Puts routes in the queue, grouped by vehicle and slot settings (one group is a few queue
 * operations however many days it has), then marks the drafts among them published.
 */
async function publishRoutes(services: OutreachDeps, staff: StaffPrincipal, routes: RouteView[], requestId: string | null): Promise<void> {
  const groups = new Map<string, { locationId: string; slotMinutes: number; capacity: number; days: QueueDay[] }>();
  for (const route of routes) {
    const vehicle = await vehicleOf(services.db, staff.municipalityId, route.vehicleId);
    const key = `${vehicle.queue_location_id}|${route.slotMinutes}|${route.slotCapacity}`;
    const group = groups.get(key) ?? { locationId: vehicle.queue_location_id, slotMinutes: route.slotMinutes, capacity: route.slotCapacity, days: [] };
    group.days.push({ date: route.date, windows: await windowsOf(services.db, staff.municipalityId, route, 'scheduled') });
    groups.set(key, group);
  }
  for (const group of groups.values()) await applyRoutesToQueue(services, staff, group, requestId);
  const drafts = routes.filter((r) => r.state === 'draft');
  if (drafts.length === 0) return;
  await services.db.transaction().execute(async (trx) => {
    for (const route of drafts) {
      await trx.updateTable('outreach_route').set({ state: 'published', published_at: services.now(), updated_at: services.now() })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', route.id).where('state', '=', 'draft').execute();
      await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.publish', subjectType: 'outreach_route', subjectId: route.id, requestId, details: { date: route.date } }, services.now());
    }
  });
}

export async function publishRoute(services: OutreachDeps, staff: StaffPrincipal, routeId: string, requestId: string | null): Promise<RouteView> {
  const route = await getRoute(services.db, staff.municipalityId, routeId);
  if (route.state === 'cancelled') throw new AppError(409, 'OUTREACH_ROUTE_CANCELLED', 'この運行は運休になっているため公開できません。新しい日で計画してください。');
  if (route.date <= jstDate(services.now())) throw new AppError(409, 'OUTREACH_ROUTE_PAST', '当日や過去の運行は公開できません。日付を確認してください。');
  await publishRoutes(services, staff, [route], requestId);
  return getRoute(services.db, staff.municipalityId, routeId);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Publishes every draft of a month that is still ahead and records the month as public. */
export async function publishMonth(services: OutreachDeps, staff: StaffPrincipal, month: string, requestId: string | null): Promise<{ month: string; published: number }> {
  if (!MONTH.test(month)) throw badRequest('OUTREACH_MONTH_INVALID', '月は「2026-12」の形式で指定してください。', [{ path: 'month', message: '形式が正しくありません。' }]);
  const today = jstDate(services.now());
  const drafts = (await listRoutes(services.db, staff.municipalityId, { ...monthRange(month), states: ['draft'] })).filter((r) => r.date > today);
  const all = await listRoutes(services.db, staff.municipalityId, { ...monthRange(month), states: ['draft', 'published'] });
  if (all.length === 0) throw new AppError(409, 'OUTREACH_MONTH_EMPTY', 'この月には運行計画がありません。先に運行計画を作ってください。');
  await publishRoutes(services, staff, drafts, requestId);
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('outreach_month').values({ municipality_id: staff.municipalityId, month, published_at: services.now(), published_by: staff.id })
      .onConflict((oc) => oc.columns(['municipality_id', 'month']).doUpdateSet({ published_at: services.now(), published_by: staff.id })).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.publish', subjectType: 'outreach_month', subjectId: null, requestId, details: { month, routes: drafts.length } }, services.now());
  });
  return { month, published: drafts.length };
}

export interface CancelNoticeView {
  reservationId: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  stopName: string;
  /** 'queued' until the e-mail job ran; 'no_address' when the resident left only a phone number (call them). */
  outcome: string;
}

export interface CancelResult { route: RouteView; notices: CancelNoticeView[] }

/**
 * Cancels stops of a route (all of them when `routeStopIds` is absent) with a reason residents will
 * read. A draft is cancelled without the queue; a published route's bookings in those stops are
 * cancelled through the queue and each resident with an e-mail address gets a notice.
 */
export async function cancelStops(services: OutreachDeps, staff: StaffPrincipal, routeId: string, input: { reason: string; routeStopIds?: string[] }, requestId: string | null): Promise<CancelResult> {
  const reason = input.reason.trim();
  if (reason.length === 0) throw badRequest('OUTREACH_CANCEL_REASON_REQUIRED', '運休の理由を入力してください（例: 大雪のため）。予約した方へのお知らせと公開の予定表に表示されます。', [{ path: 'reason', message: '理由を入力してください。' }]);
  const route = await getRoute(services.db, staff.municipalityId, routeId);
  if (route.state === 'cancelled') throw new AppError(409, 'OUTREACH_ROUTE_CANCELLED', 'この運行は既に運休になっています。');
  const targets = input.routeStopIds ?? route.stops.filter((s) => s.state === 'scheduled').map((s) => s.id);
  const unknown = targets.filter((id) => !route.stops.some((s) => s.id === id && s.state === 'scheduled'));
  if (unknown.length > 0 || targets.length === 0) throw badRequest('OUTREACH_ROUTE_STOP_NOT_FOUND', '運休にする停車場所が、この運行の予定にないか既に運休です。画面を読み込み直して選び直してください。', [{ path: 'routeStopIds', message: 'この運行の予定にない停車場所です。' }]);
  const now = services.now();
  const allCancelled = route.stops.every((s) => s.state === 'cancelled' || targets.includes(s.id));
  await services.db.transaction().execute(async (trx) => {
    await trx.updateTable('outreach_route_stop').set({ state: 'cancelled', cancel_reason: reason, cancelled_at: now })
      .where('municipality_id', '=', staff.municipalityId).where('route_id', '=', routeId).where('id', 'in', targets).execute();
    if (allCancelled) {
      await trx.updateTable('outreach_route').set({ state: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now })
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).execute();
    }
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.cancel', subjectType: 'outreach_route', subjectId: routeId, requestId, details: { routeStopIds: targets, reason } }, now);
  });
  const notices: CancelNoticeView[] = [];
  if (route.state === 'published') {
    const after = await getRoute(services.db, staff.municipalityId, routeId);
    const vehicle = await vehicleOf(services.db, staff.municipalityId, route.vehicleId);
    const cancelled = (await windowsOf(services.db, staff.municipalityId, after, 'cancelled')).filter((w) => targets.includes(w.routeStopId));
    const affected = await cancelWindowsInQueue(services, staff, {
      locationId: vehicle.queue_location_id, date: route.date, cancelled, remaining: await windowsOf(services.db, staff.municipalityId, after, 'scheduled'),
    }, requestId);
    for (const { window, reservation } of affected) {
      const routeStopId = cancelled.find((w) => w === window)!.routeStopId;
      const outcome = reservation.email ? 'queued' : 'no_address';
      await services.db.transaction().execute(async (trx) => {
        const id = randomUUID();
        await trx.insertInto('outreach_notice').values({ municipality_id: staff.municipalityId, id, route_stop_id: routeStopId, reservation_id: reservation.id, email: reservation.email, outcome, created_at: now })
          .onConflict((oc) => oc.columns(['municipality_id', 'route_stop_id', 'reservation_id']).doNothing()).execute();
        if (reservation.email) await enqueueJob(trx, { municipalityId: staff.municipalityId, kind: CANCEL_NOTICE_JOB, subjectType: 'outreach_route', subjectId: routeId, payload: { noticeId: id } }, now);
      });
      notices.push({ reservationId: reservation.id, code: reservation.code, name: reservation.name, email: reservation.email, phone: reservation.phone, stopName: window.name, outcome });
    }
  }
  return { route: await getRoute(services.db, staff.municipalityId, routeId), notices };
}

/** The notices of a route with how each went; staff phone those without an address. */
export async function noticesOf(services: OutreachDeps, staff: StaffPrincipal, routeId: string): Promise<{ routeStopId: string; reservationId: string; hasEmail: boolean; outcome: string; createdAt: string }[]> {
  await getRoute(services.db, staff.municipalityId, routeId);
  const rows = await services.db.selectFrom('outreach_notice as n')
    .innerJoin('outreach_route_stop as rs', (j) => j.onRef('rs.municipality_id', '=', 'n.municipality_id').onRef('rs.id', '=', 'n.route_stop_id'))
    .select(['n.route_stop_id', 'n.reservation_id', 'n.email', 'n.outcome', 'n.created_at'])
    .where('n.municipality_id', '=', staff.municipalityId).where('rs.route_id', '=', routeId).orderBy('n.created_at').execute();
  return rows.map((r) => ({ routeStopId: r.route_stop_id, reservationId: r.reservation_id, hasEmail: r.email !== null, outcome: r.outcome, createdAt: new Date(r.created_at).toISOString() }));
}

export function cancelNoticeMail(municipalityName: string, input: { date: string; stopName: string; start: string; end: string; reason: string; schedulePath: string }) {
  const day = formatWareki(input.date as IsoDate);
  const trim = (t: string) => t.replace(/^0/, '');
  return {
    subject: `【${municipalityName}】移動市役所 運休のお知らせ（${day} ${input.stopName}）`,
    text: [
      `${municipalityName}の移動市役所をご予約いただいた方へ`,
      '',
      `${day} ${trim(input.start)}〜${trim(input.end)}の「${input.stopName}」への停車は運休します。`,
      `理由: ${input.reason}`,
      'ご予約は取り消しました。ご迷惑をおかけして申し訳ありません。',
      '',
      `次の運行予定と予約はこちら: ${input.schedulePath}`,
      'お急ぎの手続きは、市役所の窓口でも受け付けています。',
      '',
      'このメールは送信専用です。',
    ].join('\n'),
  };
}

/** The notice e-mail; a failed delivery is retried by the job runner and shows on the notice. */
export function registerOutreachJobs(services: Services, publicBaseUrl: () => string = () => ''): void {
  services.jobs.register(CANCEL_NOTICE_JOB, async (ctx) => {
    const m = ctx.job.municipalityId;
    const notice = await ctx.db.selectFrom('outreach_notice as n')
      .innerJoin('outreach_route_stop as rs', (j) => j.onRef('rs.municipality_id', '=', 'n.municipality_id').onRef('rs.id', '=', 'n.route_stop_id'))
      .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
      .innerJoin('outreach_stop as s', (j) => j.onRef('s.municipality_id', '=', 'rs.municipality_id').onRef('s.id', '=', 'rs.stop_id'))
      .select(['n.id', 'n.email', 'n.outcome', 'r.service_date', 'rs.start_time', 'rs.end_time', 'rs.cancel_reason', 's.name as stop_name', 's.district_id'])
      .where('n.municipality_id', '=', m).where('n.id', '=', String(ctx.job.payload.noticeId ?? '')).executeTakeFirst();
    if (!notice || !notice.email) return { outcome: 'no_address' };
    if (notice.outcome === 'sent') return { outcome: 'sent' };
    const municipality = await getMunicipality(ctx.db, m);
    const outcome = await services.mailer.send({
      to: notice.email,
      ...cancelNoticeMail(municipality.name, {
        date: notice.service_date, stopName: notice.stop_name, start: notice.start_time, end: notice.end_time, reason: notice.cancel_reason ?? '',
        schedulePath: `${publicBaseUrl()}/outreach/${municipality.localGovernmentCode}`,
      }),
    });
    await ctx.db.updateTable('outreach_notice').set({ outcome }).where('municipality_id', '=', m).where('id', '=', notice.id).execute();
    if (outcome === 'failed') throw new Error('mail delivery failed');
    return { outcome };
  });
}

const hm = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(11, 16).replace(/^0/, '');

/**
 * Changes a route: a draft freely; a published one in its stops' time windows, services, stops,
 * staff and tablets — the date and the booking slots (length, places) stay, since bookings hang on
 * them. Every booking of the day must still fall in a stop that offers its service: a change that
 * would leave a resident booked outside the new windows is refused (nothing changes), naming the
 * bookings, so staff cancel that stop (運休, residents are told) instead of moving people silently.
 * Then the queue follows: the day's sessions are rewritten, slots open in the new windows and close
 * outside them. Stops still on the route keep their ids (the tablets have them).
 */
export async function editRoute(services: OutreachDeps, staff: StaffPrincipal, routeId: string, input: Omit<RouteInput, 'vehicleId'>, requestId: string | null): Promise<RouteView> {
  const route = await getRoute(services.db, staff.municipalityId, routeId);
  if (route.state !== 'published') return updateRoute(services, staff, routeId, input, requestId);
  if (route.date <= jstDate(services.now())) throw new AppError(409, 'OUTREACH_ROUTE_PAST', '当日や過去の運行は変更できません。当日に行けなくなった停車場所は「運休にする」で予約者に知らせてください。');
  const fixed: { path: string; message: string }[] = [];
  if (input.date !== route.date) fixed.push({ path: 'date', message: '公開済みの運行の日付は変えられません。この日を運休にして、新しい日で計画してください。' });
  if ((input.slotMinutes ?? route.slotMinutes) !== route.slotMinutes) fixed.push({ path: 'slotMinutes', message: '公開済みの運行の予約枠の長さは変えられません（予約がその枠に入っています）。' });
  if ((input.slotCapacity ?? route.slotCapacity) !== route.slotCapacity) fixed.push({ path: 'slotCapacity', message: '公開済みの運行の予約枠の人数は変えられません。' });
  const cancelledStops = new Set(route.stops.filter((st) => st.state === 'cancelled').map((st) => st.stopId));
  input.stops.forEach((st, i) => {
    if (cancelledStops.has(st.stopId)) fixed.push({ path: `stops.${i}.stopId`, message: 'この停車場所はこの日は運休にしています。運休にした停車場所は戻せません。' });
  });
  if (fixed.length > 0) throw badRequest('OUTREACH_ROUTE_INVALID', '公開済みの運行計画で変えられない項目があります。項目ごとの説明を確認してください。', fixed);
  const vehicle = await vehicleOf(services.db, staff.municipalityId, route.vehicleId);
  const today = jstDate(services.now());
  // Would any booking be left outside a stop that offers its service?
  const bookings = await bookingsOfDay(services, staff, { locationId: vehicle.queue_location_id, date: route.date }, requestId);
  const stranded = bookings.filter((b) => b.state !== 'cancelled' && b.state !== 'expired' && !input.stops.some((st) => st.serviceIds.includes(b.serviceId)
    && Date.parse(b.startsAt) >= jstInstant(route.date, st.start).getTime() && Date.parse(b.startsAt) < jstInstant(route.date, st.end).getTime()));
  if (stranded.length > 0) {
    throw new AppError(409, 'OUTREACH_ROUTE_EDIT_BREAKS_BOOKINGS',
      `予約が入っている時間帯を外す変更です（${stranded.length}件: ${[...new Set(stranded.map((b) => `${hm(b.startsAt)} ${b.serviceName}`))].join('、')}）。予約の入った時間と用件を残すか、その停車場所を運休にして予約者に知らせてください。`,
      stranded.map((b) => ({ path: 'stops', message: `予約 ${b.code}（${hm(b.startsAt)}〜${hm(b.endsAt)} ${b.serviceName}）が新しい停車時間の外になります。` })));
  }
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('outreach_route').select('state').where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).forUpdate().executeTakeFirst();
    if (!locked) throw ROUTE_NOT_FOUND();
    if (locked.state !== 'published') throw new AppError(409, 'OUTREACH_ROUTE_CHANGED', 'この運行計画は別の操作で変わりました。画面を読み込み直してください。');
    await validateRoute(trx, staff.municipalityId, { ...input, vehicleId: route.vehicleId }, today);
    await trx.updateTable('outreach_route').set({
      staff_ids: [...new Set(input.staffIds ?? [])], device_ids: [...new Set(input.deviceIds ?? [])], note: input.note ?? '', updated_at: now,
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).execute();
    const done = await rewritePublishedStops(trx, staff.municipalityId, routeId, input.stops);
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.plan_update', subjectType: 'outreach_plan', subjectId: routeId, requestId, details: { what: 'route.update_published', ...done } }, now);
    return done;
  });
  const after = await getRoute(services.db, staff.municipalityId, routeId);
  await applyRoutesToQueue(services, staff, {
    locationId: vehicle.queue_location_id, slotMinutes: after.slotMinutes, capacity: after.slotCapacity,
    days: [{ date: after.date, windows: await windowsOf(services.db, staff.municipalityId, after, 'scheduled') }],
  }, requestId);
  return after;
}
