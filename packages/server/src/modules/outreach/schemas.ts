import { z } from '@hono/zod-openapi';

/** The outreach API's contract: request bodies (validated, errors in Japanese) and replies. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付は「2026-12-01」の形式で入力してください。');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月は「2026-12」の形式で入力してください。');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時刻は「09:30」の形式で入力してください。');
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'コードは半角英小文字・数字・ハイフンで入力してください。');
const name = z.string().trim().min(1, '名前を入力してください。').max(60, '60文字以内にしてください。');
const uuid = z.uuid('IDの形式が正しくありません。');

export const IdParam = z.object({ id: uuid });
export const MonthParam = z.object({ month });
export const LgcParam = z.object({ lgc: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。').openapi({ example: '062120' }) });

export const VehicleSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), queueLocationId: z.uuid(), active: z.boolean() }).openapi('OutreachVehicle');
export const DistrictSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), areas: z.array(z.string()), sortOrder: z.number().int() }).openapi('OutreachDistrict');
export const StopSchema = z.object({
  id: z.uuid(), districtId: z.uuid(), code: z.string(), name: z.string(), address: z.string(), latitude: z.number(), longitude: z.number(),
  accessibility: z.string(), active: z.boolean(), sortOrder: z.number().int(),
}).openapi('OutreachStop');
export const PlanSchema = z.object({
  vehicles: z.array(VehicleSchema), districts: z.array(DistrictSchema), stops: z.array(StopSchema),
  services: z.array(z.object({ id: z.uuid(), locationId: z.uuid(), name: z.string(), reservable: z.boolean() })),
  staff: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
  devices: z.array(z.object({ id: z.uuid(), label: z.string() })),
}).openapi('OutreachPlan');

export const RouteStopSchema = z.object({
  id: z.uuid(), seq: z.number().int(), stopId: z.uuid(), start: z.string(), end: z.string(), serviceIds: z.array(z.uuid()),
  state: z.enum(['scheduled', 'cancelled']), cancelReason: z.string().nullable(), arrivedAt: z.string().nullable(), departedAt: z.string().nullable(),
});
export const RouteSchema = z.object({
  id: z.uuid(), vehicleId: z.uuid(), date: z.string(), state: z.enum(['draft', 'published', 'cancelled']), staffIds: z.array(z.uuid()), deviceIds: z.array(z.uuid()),
  slotMinutes: z.number().int(), slotCapacity: z.number().int(), note: z.string(), cancelReason: z.string().nullable(), publishedAt: z.string().nullable(),
  stops: z.array(RouteStopSchema),
}).openapi('OutreachRoute');

export const VehicleInputSchema = z.strictObject({ code, name, queueLocationId: uuid, active: z.boolean().optional() });
export const DistrictInputSchema = z.strictObject({ code, name, areas: z.array(z.string().trim().min(1).max(30)).max(60).optional(), sortOrder: z.number().int().min(0).max(999).optional() });
export const StopInputSchema = z.strictObject({
  districtId: uuid, code, name, address: z.string().trim().min(1, '住所を入力してください。').max(120),
  latitude: z.number().min(-90, '緯度は-90〜90の数値です。').max(90, '緯度は-90〜90の数値です。'),
  longitude: z.number().min(-180, '経度は-180〜180の数値です。').max(180, '経度は-180〜180の数値です。'),
  accessibility: z.string().max(200, '200文字以内にしてください。').optional(), active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(999).optional(),
});
export const StopPatchSchema = StopInputSchema.partial();

const RouteStopInputSchema = z.strictObject({ stopId: uuid, start: hhmm, end: hhmm, serviceIds: z.array(uuid).max(20) });
const routeFields = {
  date: isoDate,
  stops: z.array(RouteStopInputSchema).max(20),
  staffIds: z.array(uuid).max(10).optional(),
  deviceIds: z.array(uuid).max(10).optional(),
  slotMinutes: z.number().int().min(10, '10分以上にしてください。').max(120, '120分以内にしてください。').optional(),
  slotCapacity: z.number().int().min(0, '0人以上にしてください。').max(50, '50人以内にしてください。').optional(),
  note: z.string().max(200).optional(),
};
export const RouteInputSchema = z.strictObject({ vehicleId: uuid, ...routeFields });
export const RoutePatchSchema = z.strictObject(routeFields);
export const RouteQuery = z.object({ from: isoDate, to: isoDate });
export const CancelInputSchema = z.strictObject({
  reason: z.string().trim().min(1, '運休の理由を入力してください（例: 大雪のため）。').max(100, '100文字以内にしてください。'),
  routeStopIds: z.array(uuid).min(1).max(20).optional(),
});
export const CancelNoticeSchema = z.object({
  reservationId: z.uuid(), code: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), stopName: z.string(), outcome: z.string(),
});
export const CancelResultSchema = z.object({ route: RouteSchema, notices: z.array(CancelNoticeSchema) }).openapi('OutreachCancelResult');
export const NoticeListSchema = z.object({
  items: z.array(z.object({ routeStopId: z.uuid(), reservationId: z.uuid(), hasEmail: z.boolean(), outcome: z.string(), createdAt: z.string() })),
});

const StatRow = { residents: z.number().int(), procedures: z.number().int(), avgWaitMinutes: z.number().nullable(), maxWaitMinutes: z.number().nullable() };
export const StatisticsSchema = z.object({
  from: z.string(), to: z.string(),
  total: z.object({ ...StatRow, stopsScheduled: z.number().int(), stopsCancelled: z.number().int() }),
  byDistrict: z.array(z.object({ ...StatRow, districtId: z.uuid(), districtName: z.string(), stopsScheduled: z.number().int(), stopsCancelled: z.number().int() })),
  byStop: z.array(z.object({ ...StatRow, stopId: z.uuid(), stopName: z.string(), districtName: z.string(), visits: z.number().int(), residentsPerVisit: z.number().nullable() })),
  byDay: z.array(z.object({ ...StatRow, date: z.string(), queueVisits: z.number().int(), queueAvgWaitMinutes: z.number().nullable() })),
  byProcedure: z.array(z.object({ procedureId: z.string(), title: z.string(), count: z.number().int() })),
}).openapi('OutreachStatistics');

export const PublicStopSchema = z.object({
  routeStopId: z.uuid(), date: z.string(), start: z.string(), end: z.string(), stopId: z.uuid(), stopCode: z.string(), stopName: z.string(), address: z.string(),
  accessibility: z.string(), latitude: z.number(), longitude: z.number(), districtCode: z.string(), districtName: z.string(), vehicleName: z.string(),
  locationId: z.uuid(), services: z.array(z.string()), state: z.enum(['scheduled', 'cancelled']), cancelReason: z.string().nullable(),
  bookingLocationId: z.uuid().nullable(), changedAt: z.string(),
}).openapi('OutreachPublicStop');
export const PublicScheduleSchema = z.object({
  municipalityName: z.string(), month: z.string(), monthLabel: z.string(), monthPublished: z.boolean(),
  districts: z.array(z.object({ code: z.string(), name: z.string(), areas: z.array(z.string()) })),
  days: z.array(z.object({ date: z.string(), dateLabel: z.string(), weekday: z.string(), stops: z.array(PublicStopSchema) })),
}).openapi('OutreachPublicSchedule');
export const PublicScheduleQuery = z.object({ month: month.optional(), district: code.optional() });
export const CalendarQuery = z.object({ district: code.optional(), stop: code.optional() });
export const LiveStatusSchema = z.object({
  municipalityName: z.string(), at: z.string(),
  vehicles: z.array(z.object({
    vehicleName: z.string(), date: z.string(), current: PublicStopSchema.nullable(), next: PublicStopSchema.nullable(), waiting: z.number().int().nullable(),
    lastReportAt: z.string().nullable(), stops: z.array(PublicStopSchema),
  })),
}).openapi('OutreachLiveStatus');
