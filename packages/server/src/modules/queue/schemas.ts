import { z } from '@hono/zod-openapi';
import { OpeningHoursSchema } from './hours';

/** The queue API's contract: request bodies (validated) and replies (documented and type-checked). */

export const VisitStateSchema = z.enum(['reserved', 'arrived', 'waiting', 'called', 'serving', 'done', 'no_show', 'transferred', 'cancelled']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付は「2026-11-28」の形式で入力してください。');

export const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });
export const LgcParam = z.object({ lgc: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。').openapi({ example: '062120' }) });
export const LgcLocationParam = LgcParam.extend({ locationId: z.uuid('IDの形式が正しくありません。') });
export const LgcTokenParam = LgcParam.extend({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'URLが正しくありません。整理券のQRコードを読み取り直してください。') });
export const LocationParam = z.object({ locationId: z.uuid('IDの形式が正しくありません。') });

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'コードは半角英小文字・数字・ハイフンで入力してください。');
const name = z.string().trim().min(1, '名前を入力してください。').max(60);

export const LocationSchema = z.object({
  id: z.uuid(), code: z.string(), name: z.string(), kind: z.enum(['hall', 'vehicle']), place: z.string(), hours: OpeningHoursSchema,
  remoteTickets: z.boolean(), active: z.boolean(), sortOrder: z.number().int(),
}).openapi('QueueLocation');
export const ServiceSchema = z.object({
  id: z.uuid(), locationId: z.uuid(), departmentId: z.uuid().nullable(), departmentName: z.string().nullable(), code: z.string(), name: z.string(),
  ticketPrefix: z.string(), defaultServiceMinutes: z.number(), reservable: z.boolean(), active: z.boolean(), sortOrder: z.number().int(),
}).openapi('QueueService');
export const DeskSchema = z.object({
  id: z.uuid(), locationId: z.uuid(), name: z.string(), serviceIds: z.array(z.uuid()), active: z.boolean(), sortOrder: z.number().int(),
  openStaffId: z.uuid().nullable(), openedAt: z.string().nullable(),
}).openapi('QueueDesk');
export const ConfigSchema = z.object({ locations: z.array(LocationSchema), services: z.array(ServiceSchema), desks: z.array(DeskSchema) }).openapi('QueueConfig');

export const LocationInputSchema = z.strictObject({
  code, name, kind: z.enum(['hall', 'vehicle']), place: z.string().max(100).optional(), hours: OpeningHoursSchema.optional(),
  remoteTickets: z.boolean().optional(), active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(999).optional(),
});
export const LocationPatchSchema = LocationInputSchema.partial();
export const ServiceInputSchema = z.strictObject({
  locationId: z.uuid('IDの形式が正しくありません。'), departmentId: z.uuid().nullable().optional(), code, name,
  ticketPrefix: z.string().regex(/^[A-Z]{1,2}$/, '番号の記号は半角英大文字1〜2文字で入力してください（例: A）。'),
  defaultServiceMinutes: z.number().min(0.5, '0.5分以上にしてください。').max(240).optional(), reservable: z.boolean().optional(),
  active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(999).optional(),
});
export const ServicePatchSchema = ServiceInputSchema.omit({ locationId: true }).partial();
export const DeskInputSchema = z.strictObject({
  locationId: z.uuid('IDの形式が正しくありません。'), name: z.string().trim().min(1, '窓口名を入力してください。').max(30),
  serviceIds: z.array(z.uuid()).max(20), active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(999).optional(),
});
export const DeskPatchSchema = DeskInputSchema.omit({ locationId: true }).partial();
export const KioskInputSchema = z.strictObject({ locationId: z.uuid('IDの形式が正しくありません。'), name: z.string().trim().min(1, '受付機の名前を入力してください。').max(40) });
export const KioskSchema = z.object({ id: z.uuid(), locationId: z.uuid(), name: z.string(), active: z.boolean(), createdAt: z.string() }).openapi('QueueKiosk');
export const SlotGenerateSchema = z.strictObject({
  serviceId: z.uuid('IDの形式が正しくありません。'), from: isoDate, to: isoDate,
  minutes: z.number().int().min(5, '5分以上にしてください。').max(240), capacity: z.number().int().min(1, '1人以上にしてください。').max(100),
}).refine((v) => v.from <= v.to, { message: '終了日は開始日以降にしてください。', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 92 * 86_400_000, { message: '一度に作れるのは3か月分までです。', path: ['to'] });

export const StaffQueueEntrySchema = z.object({
  visitId: z.uuid(), ticketId: z.uuid(), displayNumber: z.string().nullable(), serviceId: z.uuid(), serviceName: z.string(), state: VisitStateSchema,
  stateLabel: z.string(), priority: z.boolean(), needsAssistance: z.boolean(), reservation: z.boolean(), slotStartsAt: z.string().nullable(),
  deskId: z.uuid().nullable(), deskName: z.string().nullable(), ahead: z.number().int().nullable(), waitedMinutes: z.number().int().nullable(),
  estimateMinutes: z.number().nullable(), callCount: z.number().int(),
}).openapi('QueueEntry');
export const StaffQueueSchema = z.object({
  seq: z.string(),
  location: z.object({ id: z.uuid(), name: z.string(), place: z.string(), kind: z.enum(['hall', 'vehicle']), open: z.boolean(), todaySessions: z.string() }),
  desks: z.array(z.object({ id: z.uuid(), name: z.string(), open: z.boolean(), serviceIds: z.array(z.uuid()), current: StaffQueueEntrySchema.nullable() })),
  services: z.array(z.object({ id: z.uuid(), name: z.string(), ticketPrefix: z.string(), waiting: z.number().int(), estimateMinutes: z.number(), openDesks: z.number().int(), minutesPerResident: z.number() })),
  entries: z.array(StaffQueueEntrySchema),
}).openapi('QueueView');

export const DeskVisitSchema = z.object({
  visitId: z.uuid(), ticketId: z.uuid(), displayNumber: z.string().nullable(), serviceId: z.uuid(), serviceName: z.string(), state: VisitStateSchema,
  deskId: z.uuid().nullable(), deskName: z.string().nullable(), callCount: z.number().int(), needsAssistance: z.boolean(), channel: z.string(), residentId: z.uuid().nullable(),
}).openapi('DeskVisit');

export const TicketStatusSchema = z.object({
  displayNumber: z.string().nullable(), state: VisitStateSchema, stateLabel: z.string(), serviceName: z.string(), locationName: z.string(), place: z.string(),
  deskName: z.string().nullable(), ahead: z.number().int().nullable(), estimatedWaitMinutes: z.number().nullable(), issuedAt: z.string(),
  calledAt: z.string().nullable(), callCount: z.number().int(),
  reservation: z.object({ startsAt: z.string(), endsAt: z.string(), code: z.string() }).nullable(),
  legs: z.array(z.object({ serviceName: z.string(), state: VisitStateSchema, stateLabel: z.string() })),
  notify: z.object({ email: z.string().nullable(), ahead: z.number().int().nullable(), mailAvailable: z.boolean() }),
  seq: z.string(),
}).openapi('TicketStatus');

export const IssueTicketSchema = z.strictObject({
  serviceId: z.uuid('用件を選んでください。'),
  needsAssistance: z.boolean().default(false).openapi({ description: '介助が必要な方（優先してお呼びします）' }),
});
export const IssuedTicketSchema = z.object({
  ticketId: z.uuid(), token: z.string(), displayNumber: z.string(), statusPath: z.string().openapi({ description: '状況ページのパス（QRコードにする）' }),
  status: TicketStatusSchema,
}).openapi('IssuedTicket');


export const NotifySchema = z.strictObject({
  email: z.email('メールアドレスの形式が正しくありません。').max(254).nullable(),
  ahead: z.number().int().min(0).max(20).default(3),
});

export const PublicLocationSchema = z.object({
  id: z.uuid(), code: z.string(), name: z.string(), kind: z.enum(['hall', 'vehicle']), place: z.string(), open: z.boolean(), todaySessions: z.string(), remoteTickets: z.boolean(),
  upcoming: z.array(z.object({ date: z.string(), dateLabel: z.string(), sessions: z.string(), note: z.string().nullable() })),
  services: z.array(z.object({ id: z.uuid(), name: z.string(), ticketPrefix: z.string(), reservable: z.boolean(), waiting: z.number().int(), estimateMinutes: z.number(), openDesks: z.number().int() })),
}).openapi('PublicQueueLocation');
export const PublicOverviewSchema = z.object({
  municipality: z.object({ name: z.string(), prefecture: z.string(), localGovernmentCode: z.string() }),
  locations: z.array(PublicLocationSchema),
}).openapi('PublicQueueOverview');

export const BoardSchema = z.object({
  seq: z.string(), initial: z.boolean(),
  location: z.object({ name: z.string(), place: z.string(), open: z.boolean(), todaySessions: z.string() }),
  desks: z.array(z.object({ id: z.uuid(), name: z.string(), displayNumber: z.string().nullable(), state: VisitStateSchema.nullable(), stateLabel: z.string().nullable() })),
  recent: z.array(z.object({ visitId: z.uuid(), displayNumber: z.string(), deskName: z.string(), serviceName: z.string(), calledAt: z.string(), callCount: z.number().int() })),
  waiting: z.array(z.object({ serviceId: z.uuid(), serviceName: z.string(), ticketPrefix: z.string(), waiting: z.number().int(), estimateMinutes: z.number(), openDesks: z.number().int() })),
  announcements: z.array(z.object({ visitId: z.uuid(), displayNumber: z.string(), deskName: z.string(), serviceName: z.string(), callCount: z.number().int(), speech: z.string() })),
}).openapi('QueueBoard');

export const CheckInSchema = z.strictObject({ code: z.string().trim().min(4, '予約番号を入力してください。').max(20) });
export const CheckedInSchema = z.object({ ticketId: z.uuid(), displayNumber: z.string(), state: z.enum(['arrived', 'waiting']), token: z.string(), statusPath: z.string(), status: TicketStatusSchema }).openapi('CheckedIn');

export const SlotSchema = z.object({
  id: z.uuid(), serviceId: z.uuid(), locationId: z.uuid(), date: z.string(), startsAt: z.string(), endsAt: z.string(), capacity: z.number().int(), remaining: z.number().int(),
}).openapi('ReservationSlot');
export const SlotQuery = z.object({ serviceId: z.uuid('用件を選んでください。'), from: isoDate, to: isoDate });

export const ContactSchema = z.strictObject({
  name: z.string().trim().min(1, 'お名前を入力してください。').max(50, 'お名前は50文字以内で入力してください。'),
  email: z.email('メールアドレスの形式が正しくありません。').max(254).nullable().optional(),
  phone: z.string().trim().regex(/^[0-9０-９+\-‐ー() ]{10,20}$/, '電話番号は数字とハイフンで入力してください（例: 0237-22-1111）。').nullable().optional(),
});
export const BookSchema = z.strictObject({ slotId: z.uuid('予約枠を選んでください。'), contact: ContactSchema });
export const ChangeSchema = z.strictObject({ slotId: z.uuid('予約枠を選んでください。') });

export const ReservationSchema = z.object({
  id: z.uuid(), code: z.string(), state: z.enum(['held', 'confirmed', 'checked_in', 'cancelled', 'expired']), serviceId: z.uuid(), serviceName: z.string(),
  locationId: z.uuid(), locationName: z.string(), place: z.string(), date: z.string(), dateLabel: z.string(), startsAt: z.string(), endsAt: z.string(),
  holdExpiresAt: z.string().nullable(), confirmationMail: z.string().nullable(), reminderMail: z.string().nullable(),
}).openapi('Reservation');
export const HeldReservationSchema = z.object({
  reservationId: z.uuid(), token: z.string(), code: z.string(), state: z.enum(['held', 'confirmed']), holdExpiresAt: z.string().nullable(),
  managePath: z.string(), reservation: ReservationSchema,
}).openapi('HeldReservation');
export const StaffReservationSchema = ReservationSchema.extend({
  name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), channel: z.enum(['online', 'staff']), displayNumber: z.string().nullable(),
}).openapi('StaffReservation');
export const ReservationListQuery = z.object({ date: isoDate, locationId: z.uuid().optional() });

export const StatsQuery = z.object({ from: isoDate, to: isoDate, locationId: z.uuid().optional() })
  .refine((v) => v.from <= v.to, { message: '終了日は開始日以降にしてください。', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { message: '集計できる期間は1年までです。', path: ['to'] });
