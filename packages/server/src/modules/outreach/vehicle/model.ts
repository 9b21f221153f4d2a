import { z } from '@hono/zod-openapi';

/**
 * What a vehicle tablet sends through the device platform ('outreach.*' events) and what it seals.
 *
 * A case travels as `outreach.case_submitted`: what routing needs in the clear (the procedure and its
 * pinned version, the stop, the ticket) and everything about the resident SEALED — AES-256-GCM under
 * the tablet's data key (issued at the staff sign-in, kept on the server wrapped by the field cipher),
 * with `<deviceId>:<clientCaseId>` as associated data, so a sealed case copied into another event does
 * not open. The tablet keeps only sealed data at rest, and the outbox erases even that once the server
 * has acknowledged the event. The individual number is never in it (the tablet never asks for it; the
 * server refuses a sealed case that contains one and does not keep it).
 */

export const EVENT_CASE_SUBMITTED = 'outreach.case_submitted';
export const EVENT_TICKET_ISSUED = 'outreach.ticket_issued';
export const EVENT_TICKET_CALLED = 'outreach.ticket_called';
export const EVENT_TICKET_DONE = 'outreach.ticket_done';
/** The vehicle arrived at / left a stop of its route (the residents' live status). */
export const EVENT_STOP_PROGRESS = 'outreach.stop_progress';
export const VEHICLE_EVENT_KINDS = [EVENT_CASE_SUBMITTED, EVENT_TICKET_ISSUED, EVENT_TICKET_CALLED, EVENT_TICKET_DONE, EVENT_STOP_PROGRESS] as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64で送ってください。');

export const CaseSubmittedSchema = z.strictObject({
  clientCaseId: z.uuid(),
  procedureId: z.string().min(1).max(100),
  procedureVersion: z.number().int().positive(),
  procedureHash: z.string().regex(/^[0-9a-f]{64}$/),
  stopId: z.string().max(100).nullable(),
  ticketNumber: z.string().max(20).nullable(),
  /** The stop queue's ticket the resident held (groups one resident's procedures in the statistics). */
  ticketId: z.uuid().nullable().optional(),
  keyId: z.uuid(),
  iv: b64.max(24),
  sealed: b64.max(400_000),
});
export type CaseSubmitted = z.infer<typeof CaseSubmittedSchema>;

/** The resident as the tablet identified them: the card's four attributes (never the number), or as told. */
export const SealedIdentitySchema = z.object({
  method: z.enum(['card', 'manual', 'registry']),
  name: z.string().max(100),
  kana: z.string().max(100).nullable().optional(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  address: z.string().max(200),
  sex: z.enum(['male', 'female']).nullable(),
});

export const SealedCaseSchema = z.object({
  v: z.literal(1),
  staffId: z.uuid().nullable(),
  identity: SealedIdentitySchema,
  /** Known when staff looked the resident up while online (or from the stop's list); else matched on arrival. */
  residentId: z.uuid().nullable(),
  /** The registry address the tablet saw, to notice a move made meanwhile. */
  registryAddress: z.string().max(200).nullable(),
  /** The life event of a residence-change form (転入 …); null for others. */
  event: z.enum(['moveIn', 'moveWithin', 'moveOut', 'householdChange']).nullable(),
  answers: z.record(z.string(), z.unknown()),
  /**
   * The resident's signature drawn on the tablet's screen (a PNG data URL), when the form has a
   * signature field and the resident signed on the screen; absent when they signed the paper form.
   * Checked on arrival (signature.ts); the length bound only keeps a runaway string out.
   */
  signature: z.string().max(420_000).nullable().optional(),
  createdAt: z.string().max(40),
});
export type SealedCase = z.infer<typeof SealedCaseSchema>;

export const TicketIssuedSchema = z.strictObject({
  ticketId: z.uuid(),
  stopId: z.string().max(100).nullable(),
  serviceLabel: z.string().min(1).max(60),
  number: z.string().min(1).max(20),
  at: z.iso.datetime(),
});
export const TicketMoveSchema = z.strictObject({
  ticketId: z.uuid(),
  at: z.iso.datetime(),
  outcome: z.enum(['done', 'no_show']).optional(),
});

export const StopProgressSchema = z.strictObject({
  routeStopId: z.uuid(),
  stage: z.enum(['arrived', 'departed']),
  at: z.iso.datetime(),
});
export type StopProgress = z.infer<typeof StopProgressSchema>;

export const CONFLICT_KINDS = ['resident_moved', 'duplicate_application', 'invalid_case'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const CONFLICT_LABELS: Record<ConflictKind, string> = {
  resident_moved: '住所が変わっている（移動市役所での受付の後に異動）',
  duplicate_application: '同じ手続きの申請が既にある',
  invalid_case: '内容を確認できない（手続きの版・入力内容）',
};
