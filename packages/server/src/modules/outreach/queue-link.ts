import type { StaffPrincipal } from '../../platform/auth/roles';
import { loadConfig, requireLocation, updateLocation } from '../queue/config';
import { AppError } from '../../platform/http/errors';
import { parseHours, type OpeningHours } from '../queue/hours';
import { cancelReservationByStaff, generateSlots, listReservationsForStaff, listSlots, setSlotCapacity, type StaffReservationView } from '../queue/reservations';
import { queueRuntime } from '../queue/runtime';
import { jstInstant, minutesOf, type OutreachDeps } from './model';

/**
 * The one place outreach touches the queue, and only through the queue's own operations: a route's
 * stops become the vehicle location's dated sessions (with the stop names as the day's note), each
 * offered service gets bookable slots in the stops that offer it, and cancelling a stop cancels the
 * bookings inside its window and closes its slots. Residents book, check in and wait with the
 * queue's pages; nothing here copies them.
 */

export interface QueueWindow { start: string; end: string; name: string; serviceIds: string[] }

const NOTE_MAX = 60;

/** Writes days' sessions in one change: one per scheduled stop, in order; a day without stops has none. */
async function setDays(services: OutreachDeps, staff: StaffPrincipal, locationId: string, days: readonly QueueDay[], requestId: string | null) {
  const deps = queueRuntime(services).deps();
  const location = await requireLocation(services.db, staff.municipalityId, locationId);
  const hours: OpeningHours = parseHours(location.hours);
  const dates = { ...hours.dates };
  const notes = { ...hours.notes };
  for (const { date, windows } of days) {
    const sorted = [...windows].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    if (sorted.length === 0) {
      delete dates[date];
      delete notes[date];
    } else {
      dates[date] = sorted.map((w) => [w.start, w.end] as [string, string]);
      const note = sorted.map((w) => w.name).join('・');
      notes[date] = note.length > NOTE_MAX ? `${note.slice(0, NOTE_MAX - 1)}…` : note;
    }
  }
  await updateLocation(deps, staff, locationId, { hours: { ...hours, dates, notes } }, requestId);
}

const within = (startsAt: string, date: string, w: { start: string; end: string }) => {
  const t = new Date(startsAt).getTime();
  return t >= jstInstant(date, w.start).getTime() && t < jstInstant(date, w.end).getTime();
};

/** The day's bookings at the vehicle's location (held, confirmed, checked in); the read is audited by the queue. */
export function bookingsOfDay(services: OutreachDeps, staff: StaffPrincipal, input: { locationId: string; date: string }, requestId: string | null): Promise<StaffReservationView[]> {
  return listReservationsForStaff(queueRuntime(services).deps(), staff, input, requestId);
}

export interface QueueDay { date: string; windows: QueueWindow[] }

/**
 * Published routes in the queue, any number of days of one vehicle at once (a month costs a few
 * queue operations, not a few per day): sessions for their stops, then `slotMinutes` slots of
 * `capacity` places for every service offered, closed (capacity 0) in stops that do not offer it.
 * Running it again changes nothing (the queue skips slots that exist).
 */
export async function applyRoutesToQueue(services: OutreachDeps, staff: StaffPrincipal, input: { locationId: string; days: QueueDay[]; slotMinutes: number; capacity: number }, requestId: string | null): Promise<{ slots: number }> {
  if (input.days.length === 0) return { slots: 0 };
  await setDays(services, staff, input.locationId, input.days, requestId);
  if (input.capacity === 0) return { slots: 0 };
  const deps = queueRuntime(services).deps();
  const byDate = new Map(input.days.map((d) => [d.date, d.windows]));
  const dates = [...byDate.keys()].sort();
  const range = { from: dates[0]!, to: dates.at(-1)! };
  const serviceIds = [...new Set(input.days.flatMap((d) => d.windows.flatMap((w) => w.serviceIds)))];
  let slots = 0;
  for (const serviceId of serviceIds) {
    await generateSlots(deps, staff, { serviceId, ...range, minutes: input.slotMinutes, capacity: input.capacity }, requestId);
    for (const slot of await listSlots(deps, staff.municipalityId, { serviceId, ...range })) {
      const windows = byDate.get(slot.date);
      // Other days in the range belong to routes published before; they are left as they are.
      if (!windows) continue;
      const offered = windows.some((w) => w.serviceIds.includes(serviceId) && within(slot.startsAt, slot.date, w));
      if (offered) {
        slots += 1;
        // A slot closed before (the service was not offered there, or the window was elsewhere) opens when a changed route offers it.
        if (slot.capacity === 0) await setSlotCapacity(deps, staff, slot.id, input.capacity, requestId);
      } else if (slot.capacity > 0) {
        // A booking that arrived while the route was being changed keeps its place (the slot cannot go below what is booked).
        await setSlotCapacity(deps, staff, slot.id, 0, requestId).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'RESERVATION_CAPACITY_BELOW_BOOKED')) throw error;
        });
      }
    }
  }
  return { slots };
}

/**
 * Cancels, in the queue, what lies inside the cancelled windows: the bookings (returned, so their
 * residents can be told) and the slots (capacity 0, so nobody books them again); the remaining
 * windows stay the day's sessions.
 */
export async function cancelWindowsInQueue(services: OutreachDeps, staff: StaffPrincipal, input: { locationId: string; date: string; cancelled: QueueWindow[]; remaining: QueueWindow[] }, requestId: string | null): Promise<{ window: QueueWindow; reservation: StaffReservationView }[]> {
  const deps = queueRuntime(services).deps();
  const bookings = await listReservationsForStaff(deps, staff, { date: input.date, locationId: input.locationId }, requestId);
  const affected: { window: QueueWindow; reservation: StaffReservationView }[] = [];
  for (const reservation of bookings) {
    const window = input.cancelled.find((w) => within(reservation.startsAt, input.date, w));
    if (!window || reservation.state === 'checked_in') continue;
    const view = await cancelReservationByStaff(deps, staff, reservation.id, requestId);
    affected.push({ window, reservation: { ...reservation, state: view.state } });
  }
  const reservable = new Set((await loadConfig(services.db, staff.municipalityId)).services.filter((s) => s.reservable && s.active).map((s) => s.id));
  const serviceIds = [...new Set(input.cancelled.flatMap((w) => w.serviceIds))].filter((id) => reservable.has(id));
  for (const serviceId of serviceIds) {
    for (const slot of await listSlots(deps, staff.municipalityId, { serviceId, from: input.date, to: input.date })) {
      if (slot.capacity === 0 || !input.cancelled.some((w) => within(slot.startsAt, input.date, w))) continue;
      // A booking already checked in keeps its place; the slot then stays at what is booked.
      await setSlotCapacity(deps, staff, slot.id, 0, requestId).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'RESERVATION_CAPACITY_BELOW_BOOKED')) throw error;
      });
    }
  }
  await setDays(services, staff, input.locationId, [{ date: input.date, windows: input.remaining }], requestId);
  return affected;
}
