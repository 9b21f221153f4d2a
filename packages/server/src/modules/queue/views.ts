import { roundedMinutes } from './estimate';
import { VISIT_STATE_LABELS, iso, type QueueSignal, type QueueVisitState } from './model';
import type { LocationSnapshot, QueueEntry } from './snapshot';

/** The shapes the live screens receive, built from a location snapshot. No personal data. */

export interface Announcement {
  visitId: string;
  displayNumber: string;
  deskName: string;
  serviceName: string;
  callCount: number;
  /** What the board says aloud (Web Speech API, ja-JP). */
  speech: string;
}

export interface BoardView {
  seq: string;
  /** True when this is the state after (re)connecting: the board shows it without a chime. */
  initial: boolean;
  location: { name: string; place: string; open: boolean; todaySessions: string };
  desks: { id: string; name: string; displayNumber: string | null; state: QueueVisitState | null; stateLabel: string | null }[];
  recent: { visitId: string; displayNumber: string; deskName: string; serviceName: string; calledAt: string; callCount: number }[];
  waiting: { serviceId: string; serviceName: string; ticketPrefix: string; waiting: number; estimateMinutes: number; openDesks: number }[];
  announcements: Announcement[];
}

/** "A012" → 「A、12番」: the letter spelled out, the number as a number, as a hall announcer says it. */
export function spokenNumber(displayNumber: string): string {
  const m = /^([A-Z]+)0*(\d+)$/.exec(displayNumber);
  return m ? `${m[1]!.split('').join(' ')}、${m[2]}番` : `${displayNumber}番`;
}

export function announcementText(displayNumber: string, deskName: string, recall: boolean): string {
  return `${recall ? 'もう一度お呼びします。' : ''}受付番号 ${spokenNumber(displayNumber)}の方、${deskName}へお越しください。`;
}

export function announcementsFor(snapshot: LocationSnapshot, signals: readonly QueueSignal[]): Announcement[] {
  const out: Announcement[] = [];
  for (const s of signals) {
    if ((s.kind !== 'called' && s.kind !== 'recalled') || !s.visitId) continue;
    const call = snapshot.recentCalls.find((r) => r.visitId === s.visitId);
    if (!call) continue;
    out.push({
      visitId: call.visitId, displayNumber: call.displayNumber, deskName: call.deskName, serviceName: call.serviceName,
      callCount: call.callCount, speech: announcementText(call.displayNumber, call.deskName, s.kind === 'recalled'),
    });
  }
  return out;
}

export function boardView(snapshot: LocationSnapshot, signals: readonly QueueSignal[], initial: boolean): BoardView {
  return {
    seq: snapshot.seq,
    initial,
    location: { name: snapshot.location.name, place: snapshot.location.place, open: snapshot.location.open, todaySessions: snapshot.location.todaySessions },
    desks: snapshot.desks.filter((d) => d.open || d.current).map((d) => ({
      id: d.id, name: d.name, displayNumber: d.current?.displayNumber ?? null,
      state: d.current?.state ?? null, stateLabel: d.current ? VISIT_STATE_LABELS[d.current.state] : null,
    })),
    recent: snapshot.recentCalls.map((r) => ({
      visitId: r.visitId, displayNumber: r.displayNumber, deskName: r.deskName, serviceName: r.serviceName, calledAt: r.calledAt.toISOString(), callCount: r.callCount,
    })),
    waiting: snapshot.services.filter((s) => s.active).map((s) => ({
      serviceId: s.id, serviceName: s.name, ticketPrefix: s.ticketPrefix, waiting: s.waiting, estimateMinutes: roundedMinutes(s.estimateMinutes), openDesks: s.openDesks,
    })),
    announcements: initial ? [] : announcementsFor(snapshot, signals),
  };
}

export interface StaffQueueEntry {
  visitId: string;
  ticketId: string;
  displayNumber: string | null;
  serviceId: string;
  serviceName: string;
  state: QueueVisitState;
  stateLabel: string;
  priority: boolean;
  needsAssistance: boolean;
  reservation: boolean;
  slotStartsAt: string | null;
  deskId: string | null;
  deskName: string | null;
  ahead: number | null;
  waitedMinutes: number | null;
  estimateMinutes: number | null;
  callCount: number;
}

export interface StaffQueueView {
  seq: string;
  location: LocationSnapshot['location'];
  desks: { id: string; name: string; open: boolean; serviceIds: string[]; current: StaffQueueEntry | null }[];
  services: { id: string; name: string; ticketPrefix: string; waiting: number; estimateMinutes: number; openDesks: number; minutesPerResident: number }[];
  entries: StaffQueueEntry[];
}

export function staffQueueView(snapshot: LocationSnapshot): StaffQueueView {
  const serviceName = new Map(snapshot.services.map((s) => [s.id, s.name]));
  const deskName = new Map(snapshot.desks.map((d) => [d.id, d.name]));
  const entry = (e: QueueEntry): StaffQueueEntry => ({
    visitId: e.visitId, ticketId: e.ticketId, displayNumber: e.displayNumber, serviceId: e.serviceId, serviceName: serviceName.get(e.serviceId) ?? '',
    state: e.state, stateLabel: VISIT_STATE_LABELS[e.state], priority: e.priority > 0, needsAssistance: e.needsAssistance, reservation: e.channel === 'reservation',
    slotStartsAt: iso(e.slotStartsAt), deskId: e.deskId, deskName: e.deskId ? deskName.get(e.deskId) ?? null : null, ahead: e.ahead,
    waitedMinutes: e.queuedAt ? Math.max(0, Math.floor((snapshot.at.getTime() - e.queuedAt.getTime()) / 60_000)) : null,
    estimateMinutes: e.estimateMinutes === null ? null : roundedMinutes(e.estimateMinutes), callCount: e.callCount,
  });
  return {
    seq: snapshot.seq,
    location: snapshot.location,
    desks: snapshot.desks.map((d) => ({ id: d.id, name: d.name, open: d.open, serviceIds: d.serviceIds, current: d.current ? entry(d.current) : null })),
    services: snapshot.services.filter((s) => s.active).map((s) => ({
      id: s.id, name: s.name, ticketPrefix: s.ticketPrefix, waiting: s.waiting, estimateMinutes: roundedMinutes(s.estimateMinutes), openDesks: s.openDesks,
      minutesPerResident: Math.round(s.minutesPerResident * 10) / 10,
    })),
    entries: snapshot.entries.map(entry),
  };
}
