import { requestJson } from '../../api/client';

// The 移動市役所 screens talk to /api/public/{code}/outreach/… (schedule, calendar, live status: no
// login) and /api/outreach/… (planning, 運休, statistics: the staff session).

export interface PublicStop {
  routeStopId: string;
  date: string;
  start: string;
  end: string;
  stopId: string;
  stopCode: string;
  stopName: string;
  address: string;
  accessibility: string;
  latitude: number;
  longitude: number;
  districtCode: string;
  districtName: string;
  vehicleName: string;
  locationId: string;
  services: string[];
  state: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  bookingLocationId: string | null;
  changedAt: string;
}

export interface PublicSchedule {
  municipalityName: string;
  month: string;
  monthLabel: string;
  monthPublished: boolean;
  districts: { code: string; name: string; areas: string[] }[];
  days: { date: string; dateLabel: string; weekday: string; stops: PublicStop[] }[];
}

export interface LiveStatus {
  municipalityName: string;
  at: string;
  vehicles: { vehicleName: string; date: string; current: PublicStop | null; next: PublicStop | null; waiting: number | null; lastReportAt: string | null; stops: PublicStop[] }[];
}

export interface Vehicle { id: string; code: string; name: string; queueLocationId: string; active: boolean }
export interface District { id: string; code: string; name: string; areas: string[]; sortOrder: number }
export interface Stop { id: string; districtId: string; code: string; name: string; address: string; latitude: number; longitude: number; accessibility: string; active: boolean; sortOrder: number }
export interface Plan {
  vehicles: Vehicle[];
  districts: District[];
  stops: Stop[];
  services: { id: string; locationId: string; name: string; reservable: boolean }[];
  staff: { id: string; displayName: string }[];
  devices: { id: string; label: string }[];
}

export interface RouteStop {
  id: string;
  seq: number;
  stopId: string;
  start: string;
  end: string;
  serviceIds: string[];
  state: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  arrivedAt: string | null;
  departedAt: string | null;
}
export interface Route {
  id: string;
  vehicleId: string;
  date: string;
  state: 'draft' | 'published' | 'cancelled';
  staffIds: string[];
  deviceIds: string[];
  slotMinutes: number;
  slotCapacity: number;
  note: string;
  cancelReason: string | null;
  publishedAt: string | null;
  stops: RouteStop[];
}
export interface RouteInput {
  vehicleId: string;
  date: string;
  stops: { stopId: string; start: string; end: string; serviceIds: string[] }[];
  staffIds: string[];
  deviceIds: string[];
  slotMinutes: number;
  slotCapacity: number;
}
export interface CancelNotice { reservationId: string; code: string; name: string; email: string | null; phone: string | null; stopName: string; outcome: string }

export interface StatRow { residents: number; procedures: number; avgWaitMinutes: number | null; maxWaitMinutes: number | null }
export interface OutreachStatistics {
  from: string;
  to: string;
  total: StatRow & { stopsScheduled: number; stopsCancelled: number };
  byDistrict: (StatRow & { districtId: string; districtName: string; stopsScheduled: number; stopsCancelled: number })[];
  byStop: (StatRow & { stopId: string; stopName: string; districtName: string; visits: number; residentsPerVisit: number | null })[];
  byDay: (StatRow & { date: string; queueVisits: number; queueAvgWaitMinutes: number | null })[];
  byProcedure: { procedureId: string; title: string; count: number }[];
}

const request = requestJson;

const enc = encodeURIComponent;
const query = (params: Record<string, string | undefined>) => {
  const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${enc(v!)}`).join('&');
  return q ? `?${q}` : '';
};

export function publicOutreachApi(code: string) {
  const base = `/public/${enc(code)}/outreach`;
  return {
    schedule: (month?: string, district?: string) => request<PublicSchedule>('GET', `${base}/schedule${query({ month, district })}`),
    live: () => request<LiveStatus>('GET', `${base}/live`),
    calendarUrl: (params: { district?: string; stop?: string }) => `/api${base}/calendar.ics${query(params)}`,
  };
}

export const staffOutreachApi = {
  plan: () => request<Plan>('GET', '/outreach/plan'),
  routes: (from: string, to: string) => request<{ items: Route[] }>('GET', `/outreach/routes${query({ from, to })}`).then((r) => r.items),
  createRoute: (input: RouteInput) => request<Route>('POST', '/outreach/routes', input),
  updateRoute: (id: string, input: Omit<RouteInput, 'vehicleId'> & { note: string }) => request<Route>('PUT', `/outreach/routes/${enc(id)}`, input),
  deleteRoute: (id: string) => request<void>('DELETE', `/outreach/routes/${enc(id)}`),
  publishRoute: (id: string) => request<Route>('POST', `/outreach/routes/${enc(id)}/publish`),
  publishMonth: (month: string) => request<{ month: string; published: number }>('POST', `/outreach/months/${enc(month)}/publish`),
  cancel: (id: string, reason: string, routeStopIds?: string[]) =>
    request<{ route: Route; notices: CancelNotice[] }>('POST', `/outreach/routes/${enc(id)}/cancel`, { reason, ...(routeStopIds ? { routeStopIds } : {}) }),
  createStop: (input: { districtId: string; code: string; name: string; address: string; latitude: number; longitude: number; accessibility: string }) =>
    request<{ id: string }>('POST', '/outreach/stops', input),
  stats: (from: string, to: string) => request<OutreachStatistics>('GET', `/outreach/stats${query({ from, to })}`),
};

/** The YYYY-MM of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export const trimTime = (t: string) => t.replace(/^0/, '');
