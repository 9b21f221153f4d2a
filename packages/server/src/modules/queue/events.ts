import type { Db, QueueEventKind, QueueSignal } from './model';

export interface EventInput {
  municipalityId: string;
  locationId: string;
  kind: QueueEventKind;
  at: Date;
  ticketId?: string | null;
  visitId?: string | null;
  deskId?: string | null;
  serviceId?: string | null;
  staffId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the queue's event log inside the caller's transaction and notes the signal to publish
 * once it commits. The log holds numbers, desks and staff ids only, never who the resident is.
 */
export async function recordEvent(trx: Db, signals: QueueSignal[], e: EventInput): Promise<void> {
  const row = await trx
    .insertInto('queue_event')
    .values({
      municipality_id: e.municipalityId,
      at: e.at,
      location_id: e.locationId,
      kind: e.kind,
      ticket_id: e.ticketId ?? null,
      visit_id: e.visitId ?? null,
      desk_id: e.deskId ?? null,
      service_id: e.serviceId ?? null,
      staff_id: e.staffId ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  signals.push({
    municipalityId: e.municipalityId,
    locationId: e.locationId,
    seq: String(row.seq),
    kind: e.kind,
    ticketId: e.ticketId ?? null,
    visitId: e.visitId ?? null,
    deskId: e.deskId ?? null,
  });
}
