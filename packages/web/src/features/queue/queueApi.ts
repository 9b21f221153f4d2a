import { errorFromReply, networkError, unexpectedReplyError } from '../../api/errors';

// The queue screens talk to /api/public/{code}/queue/… (kiosk, board, status page, bookings: no
// login) and /api/queue/… (desk, staff bookings, settings, statistics: the staff session). Kept in
// the queue chunk so the counter tablet's main bundle does not carry it.

export type VisitState = 'reserved' | 'arrived' | 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'transferred' | 'cancelled';

export interface PublicService {
  id: string;
  name: string;
  ticketPrefix: string;
  reservable: boolean;
  waiting: number;
  estimateMinutes: number;
  openDesks: number;
}

export interface PublicLocation {
  id: string;
  code: string;
  name: string;
  kind: 'hall' | 'vehicle';
  place: string;
  open: boolean;
  todaySessions: string;
  remoteTickets: boolean;
  upcoming: { date: string; dateLabel: string; sessions: string; note: string | null }[];
  services: PublicService[];
}

export interface Overview {
  municipality: { name: string; prefecture: string; localGovernmentCode: string };
  locations: PublicLocation[];
}

export interface TicketStatus {
  displayNumber: string | null;
  state: VisitState;
  stateLabel: string;
  serviceName: string;
  locationName: string;
  place: string;
  deskName: string | null;
  ahead: number | null;
  estimatedWaitMinutes: number | null;
  issuedAt: string;
  calledAt: string | null;
  callCount: number;
  reservation: { startsAt: string; endsAt: string; code: string } | null;
  legs: { serviceName: string; state: VisitState; stateLabel: string }[];
  notify: { email: string | null; ahead: number | null; mailAvailable: boolean };
  seq: string;
}

export interface IssuedTicket {
  ticketId: string;
  token: string;
  displayNumber: string;
  statusPath: string;
  status: TicketStatus;
}

export interface CheckedIn extends IssuedTicket {
  state: 'arrived' | 'waiting';
}

export interface Announcement {
  visitId: string;
  displayNumber: string;
  deskName: string;
  serviceName: string;
  callCount: number;
  speech: string;
}

export interface Board {
  seq: string;
  initial: boolean;
  location: { name: string; place: string; open: boolean; todaySessions: string };
  desks: { id: string; name: string; displayNumber: string | null; state: VisitState | null; stateLabel: string | null }[];
  recent: { visitId: string; displayNumber: string; deskName: string; serviceName: string; calledAt: string; callCount: number }[];
  waiting: { serviceId: string; serviceName: string; ticketPrefix: string; waiting: number; estimateMinutes: number; openDesks: number }[];
  announcements: Announcement[];
}

export interface BusyHours {
  weeks: number;
  cells: { weekday: 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'; hour: number; arrivals: number; avgWaitMinutes: number | null }[];
}

export interface Slot {
  id: string;
  serviceId: string;
  locationId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

export type ReservationState = 'held' | 'confirmed' | 'checked_in' | 'cancelled' | 'expired';

export interface Reservation {
  id: string;
  code: string;
  state: ReservationState;
  serviceId: string;
  serviceName: string;
  locationId: string;
  locationName: string;
  place: string;
  date: string;
  dateLabel: string;
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string | null;
  confirmationMail: string | null;
  reminderMail: string | null;
}

export interface HeldReservation {
  reservationId: string;
  token: string;
  code: string;
  state: 'held' | 'confirmed';
  holdExpiresAt: string | null;
  managePath: string;
  reservation: Reservation;
}

export interface StaffReservation extends Reservation {
  name: string;
  email: string | null;
  phone: string | null;
  channel: 'online' | 'staff';
  displayNumber: string | null;
}

export interface Contact {
  name: string;
  email?: string | null;
  phone?: string | null;
}

// ---- staff --------------------------------------------------------------------------------

export interface OpeningHours {
  weekly: Partial<Record<'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat', [string, string][]>>;
  dates: Record<string, [string, string][]>;
  closed: string[];
  notes: Record<string, string>;
}

export interface QueueLocation {
  id: string;
  code: string;
  name: string;
  kind: 'hall' | 'vehicle';
  place: string;
  hours: OpeningHours;
  remoteTickets: boolean;
  active: boolean;
  sortOrder: number;
}

export interface QueueService {
  id: string;
  locationId: string;
  departmentId: string | null;
  departmentName: string | null;
  code: string;
  name: string;
  ticketPrefix: string;
  defaultServiceMinutes: number;
  reservable: boolean;
  active: boolean;
  sortOrder: number;
}

export interface QueueDesk {
  id: string;
  locationId: string;
  name: string;
  serviceIds: string[];
  active: boolean;
  sortOrder: number;
  openStaffId: string | null;
  openedAt: string | null;
}

export interface QueueConfig {
  locations: QueueLocation[];
  services: QueueService[];
  desks: QueueDesk[];
}

export interface QueueEntry {
  visitId: string;
  ticketId: string;
  displayNumber: string | null;
  serviceId: string;
  serviceName: string;
  state: VisitState;
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

export interface QueueView {
  seq: string;
  location: { id: string; name: string; place: string; kind: 'hall' | 'vehicle'; open: boolean; todaySessions: string };
  desks: { id: string; name: string; open: boolean; serviceIds: string[]; current: QueueEntry | null }[];
  services: { id: string; name: string; ticketPrefix: string; waiting: number; estimateMinutes: number; openDesks: number; minutesPerResident: number }[];
  entries: QueueEntry[];
}

export interface DeskVisit {
  visitId: string;
  ticketId: string;
  displayNumber: string | null;
  serviceId: string;
  serviceName: string;
  state: VisitState;
  deskId: string | null;
  deskName: string | null;
  callCount: number;
  needsAssistance: boolean;
  channel: string;
  residentId: string | null;
}

export type DeskAction = 'recall' | 'start' | 'done' | 'no-show' | 'put-back';

export interface StatRow {
  visits: number;
  done: number;
  noShow: number;
  transferred: number;
  avgWaitMinutes: number | null;
  avgServiceMinutes: number | null;
}

export interface QueueStatistics {
  from: string;
  to: string;
  total: StatRow;
  byService: (StatRow & { serviceId: string; serviceName: string; p90WaitMinutes: number | null })[];
  byHour: (StatRow & { hour: number })[];
  byDay: (StatRow & { date: string })[];
}

export interface Kiosk {
  id: string;
  locationId: string;
  name: string;
  active: boolean;
  createdAt: string;
}

async function request<T>(method: string, path: string, opts: { json?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  // The server requires a JSON content type on every mutating request, even without a body.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(method !== 'GET' ? { body: JSON.stringify(opts.json ?? {}) } : {}),
    });
  } catch {
    throw networkError();
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw errorFromReply(response.status, body, response.headers.get('x-request-id'));
  if (body === undefined) throw unexpectedReplyError(response.status, response.headers.get('x-request-id'));
  return body as T;
}

const enc = encodeURIComponent;

/** The public side, for one municipality (its 地方公共団体コード). */
export function publicQueueApi(code: string) {
  const base = `/public/${enc(code)}/queue`;
  const kioskHeaders = (token: string) => ({ 'x-kiosk-token': token });
  return {
    overview: () => request<Overview>('GET', base),
    kiosk: (token: string) => request<{ kioskId: string; locationId: string }>('GET', `${base}/kiosk`, { headers: kioskHeaders(token) }),
    issueAtKiosk: (token: string, locationId: string, serviceId: string, needsAssistance: boolean) =>
      request<IssuedTicket>('POST', `${base}/locations/${enc(locationId)}/tickets`, { headers: kioskHeaders(token), json: { serviceId, needsAssistance } }),
    issueRemote: (locationId: string, serviceId: string) =>
      request<IssuedTicket>('POST', `${base}/locations/${enc(locationId)}/remote-tickets`, { json: { serviceId, needsAssistance: false } }),
    checkInAtKiosk: (token: string, locationId: string, reservationCode: string) =>
      request<CheckedIn>('POST', `${base}/locations/${enc(locationId)}/check-in`, { headers: kioskHeaders(token), json: { code: reservationCode } }),
    board: (locationId: string) => request<Board>('GET', `${base}/locations/${enc(locationId)}/board`),
    boardEventsUrl: (locationId: string) => `/api${base}/locations/${enc(locationId)}/board/events`,
    busyHours: (locationId: string) => request<BusyHours>('GET', `${base}/locations/${enc(locationId)}/busy-hours`),
    ticket: (token: string) => request<TicketStatus>('GET', `${base}/tickets/${enc(token)}`),
    ticketEventsUrl: (token: string) => `/api${base}/tickets/${enc(token)}/events`,
    notify: (token: string, email: string | null, ahead: number) => request<TicketStatus>('PUT', `${base}/tickets/${enc(token)}/notify`, { json: { email, ahead } }),
    slots: (serviceId: string, from: string, to: string) =>
      request<{ items: Slot[] }>('GET', `${base}/slots?serviceId=${enc(serviceId)}&from=${from}&to=${to}`).then((r) => r.items),
    book: (slotId: string, contact: Contact) => request<HeldReservation>('POST', `${base}/reservations`, { json: { slotId, contact } }),
    reservation: (token: string) => request<Reservation>('GET', `${base}/reservations/${enc(token)}`),
    confirm: (token: string) => request<Reservation>('POST', `${base}/reservations/${enc(token)}/confirm`),
    cancel: (token: string) => request<Reservation>('POST', `${base}/reservations/${enc(token)}/cancel`),
    change: (token: string, slotId: string) => request<Reservation>('POST', `${base}/reservations/${enc(token)}/change`, { json: { slotId } }),
  };
}
export type PublicQueueApi = ReturnType<typeof publicQueueApi>;

/** The staff side (desk, bookings, settings, statistics), with the staff session cookie. */
export const staffQueueApi = {
  config: () => request<QueueConfig>('GET', '/queue/config'),
  queue: (locationId: string) => request<QueueView>('GET', `/queue/locations/${enc(locationId)}/queue`),
  queueEventsUrl: (locationId: string) => `/api/queue/locations/${enc(locationId)}/events`,
  issue: (locationId: string, serviceId: string, needsAssistance: boolean) =>
    request<IssuedTicket>('POST', `/queue/locations/${enc(locationId)}/tickets`, { json: { serviceId, needsAssistance } }),
  checkIn: (locationId: string, reservationCode: string) => request<CheckedIn>('POST', `/queue/locations/${enc(locationId)}/check-in`, { json: { code: reservationCode } }),
  openDesk: (deskId: string) => request<{ deskId: string; open: boolean }>('POST', `/queue/desks/${enc(deskId)}/open`),
  closeDesk: (deskId: string) => request<{ deskId: string; open: boolean }>('POST', `/queue/desks/${enc(deskId)}/close`),
  callNext: (deskId: string, serviceId: string | null) =>
    request<{ called: DeskVisit | null }>('POST', `/queue/desks/${enc(deskId)}/call-next`, { json: { serviceId } }).then((r) => r.called),
  call: (deskId: string, visitId: string) => request<DeskVisit>('POST', `/queue/desks/${enc(deskId)}/call`, { json: { visitId } }),
  act: (visitId: string, action: DeskAction) => request<DeskVisit>('POST', `/queue/visits/${enc(visitId)}/${action}`),
  transfer: (visitId: string, serviceId: string) => request<DeskVisit>('POST', `/queue/visits/${enc(visitId)}/transfer`, { json: { serviceId } }),
  link: (visitId: string, target: { residentId: string } | { counterVisitId: string }) =>
    request<{ visitId: string; residentId: string | null; residentName: string | null; counterVisitId: string | null }>('POST', `/queue/visits/${enc(visitId)}/link`, { json: target }),
  /** The 書かない窓口 visits in progress (the counter's own list; reading it is audited there). */
  openCounterVisits: () =>
    request<{ items: { id: string; label: string; startedAt: string; startedBy: string | null }[] }>('GET', '/counter/visits?status=open&limit=20').then((r) => r.items),
  reservations: (date: string, locationId?: string) =>
    request<{ items: StaffReservation[] }>('GET', `/queue/reservations?date=${date}${locationId ? `&locationId=${enc(locationId)}` : ''}`).then((r) => r.items),
  book: (slotId: string, contact: Contact) => request<HeldReservation>('POST', '/queue/reservations', { json: { slotId, contact } }),
  cancel: (id: string) => request<Reservation>('POST', `/queue/reservations/${enc(id)}/cancel`),
  change: (id: string, slotId: string) => request<Reservation>('POST', `/queue/reservations/${enc(id)}/change`, { json: { slotId } }),
  updateLocation: (id: string, patch: Partial<Pick<QueueLocation, 'name' | 'place' | 'hours' | 'remoteTickets' | 'active'>>) =>
    request<{ id: string }>('PATCH', `/queue/config/locations/${enc(id)}`, { json: patch }),
  updateService: (id: string, patch: Partial<Pick<QueueService, 'name' | 'defaultServiceMinutes' | 'reservable' | 'active'>>) =>
    request<{ id: string }>('PATCH', `/queue/config/services/${enc(id)}`, { json: patch }),
  updateDesk: (id: string, patch: Partial<Pick<QueueDesk, 'name' | 'serviceIds' | 'active'>>) =>
    request<{ id: string }>('PATCH', `/queue/config/desks/${enc(id)}`, { json: patch }),
  kiosks: () => request<{ items: Kiosk[] }>('GET', '/queue/config/kiosks').then((r) => r.items),
  createKiosk: (locationId: string, name: string) => request<{ id: string; token: string }>('POST', '/queue/config/kiosks', { json: { locationId, name } }),
  setKioskActive: (id: string, active: boolean) => request<{ id: string }>('PATCH', `/queue/config/kiosks/${enc(id)}`, { json: { active } }),
  generateSlots: (input: { serviceId: string; from: string; to: string; minutes: number; capacity: number }) =>
    request<{ created: number; considered: number }>('POST', '/queue/config/slots', { json: input }),
  stats: (from: string, to: string, locationId?: string) =>
    request<QueueStatistics>('GET', `/queue/stats?from=${from}&to=${to}${locationId ? `&locationId=${enc(locationId)}` : ''}`),
  statsCsvUrl: (from: string, to: string, locationId?: string) => `/api/queue/stats.csv?from=${from}&to=${to}${locationId ? `&locationId=${enc(locationId)}` : ''}`,
};
