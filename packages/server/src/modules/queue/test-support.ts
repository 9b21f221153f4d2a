import type { TestPlatform } from '../../../test/support/platform';
import { call, type Tenant } from '../../../test/support/fixtures';
import { DEMO_KIOSK_TOKENS, seedDemoQueue } from './demo';

/** The demo queue configuration of a test tenant, by code, plus a kiosk's headers for public calls. */
export interface QueueFixture {
  lgc: string;
  hall: string;
  vehicle: string;
  services: Record<string, string>;
  desks: Record<string, string>;
  kiosk: Record<string, string>;
}

export async function seedQueueFixture(p: TestPlatform, tenant: Tenant, opts: { historyDays?: number } = {}): Promise<QueueFixture> {
  await seedDemoQueue(p.services, tenant.municipalityId, { historyDays: opts.historyDays ?? 0 });
  const db = p.services.db;
  const m = tenant.municipalityId;
  const locations = await db.selectFrom('queue_location').select(['id', 'code']).where('municipality_id', '=', m).execute();
  const services = await db.selectFrom('queue_service').select(['id', 'code']).where('municipality_id', '=', m).execute();
  const desks = await db.selectFrom('queue_desk').select(['id', 'name']).where('municipality_id', '=', m).execute();
  return {
    lgc: tenant.code,
    hall: locations.find((l) => l.code === 'honcho-1f')!.id,
    vehicle: locations.find((l) => l.code === 'idou-shiyakusho')!.id,
    services: Object.fromEntries(services.map((s) => [s.code, s.id])),
    desks: Object.fromEntries(desks.map((d) => [d.name, d.id])),
    kiosk: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.hall },
  };
}

export interface IssuedReply {
  ticketId: string;
  token: string;
  displayNumber: string;
  statusPath: string;
  status: { ahead: number | null; estimatedWaitMinutes: number | null; state: string };
}

/** A kiosk ticket; the clock moves a second first, so tickets are ordered as residents would be. */
export async function kioskTicket(p: TestPlatform, q: QueueFixture, serviceCode: string, needsAssistance = false): Promise<IssuedReply> {
  p.clock.advance(1_000);
  const res = await call(p, 'POST', `/api/public/${q.lgc}/queue/locations/${q.hall}/tickets`, { headers: q.kiosk, body: { serviceId: q.services[serviceCode], needsAssistance } });
  if (res.status !== 201) throw new Error(`kiosk ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as IssuedReply;
}

/** Reads a server-sent event stream until `until` is satisfied by the events so far (or a timeout). */
export async function readEvents(body: ReadableStream<Uint8Array>, until: (events: { event: string; id: string; data: unknown }[]) => boolean, timeoutMs = 5_000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id: string; data: unknown }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; events so far: ${JSON.stringify(events.map((e) => e.event))}`);
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${events.length} events`)), left))]);
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields.data !== undefined) events.push({ event: fields.event ?? 'message', id: fields.id ?? '', data: JSON.parse(fields.data) as unknown });
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}
