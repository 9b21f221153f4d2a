import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AppEnv } from '../../platform/http/context';
import type { LiveSubscriber } from './live';
import type { QueueSignal } from './model';
import type { QueueRuntime } from './runtime';
import type { LocationSnapshot } from './snapshot';
import { currentLocationOf, reloadTicket, ticketStatusFrom, type TicketContext } from './tickets';
import { boardView, staffQueueView } from './views';

/**
 * Server-sent event streams. Each stream sends the full current state first (so a display that
 * reconnects with Last-Event-ID simply replaces what it shows: one consistent state, no replay of
 * old announcements) and then one message per change, with the queue event's seq as the id.
 * A comment line every HEARTBEAT_MS keeps idle connections open through proxies.
 */

/** Browsers retry after this long when the connection drops. */
const RETRY_MS = 3_000;

function openStream(c: Context<AppEnv>, start: (stream: SSEStreamingApi, closed: Promise<void>) => Promise<() => void>): Response {
  // A proxy must not buffer the stream (nginx honours this header).
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (stream) => {
    const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
    const stop = await start(stream, closed);
    await closed;
    stop();
  });
}

/** One SSE frame. Our JSON has no line breaks, so the data is a single `data:` line. */
const frame = (event: string, id: string, data: unknown) => `event: ${event}\nid: ${id}\nretry: ${RETRY_MS}\ndata: ${JSON.stringify(data)}\n\n`;

const write = (stream: SSEStreamingApi, text: string) => {
  if (stream.aborted || stream.closed) return Promise.resolve();
  return stream.write(text).then(() => undefined, () => undefined);
};

const send = (stream: SSEStreamingApi, event: string, id: string, data: unknown) => write(stream, frame(event, id, data));

/** Every display of a location gets the same frame for a change: it is made once, not per display. */
const boardFrames = new WeakMap<LocationSnapshot, { signals: readonly QueueSignal[]; text: string }>();
function boardFrame(snapshot: LocationSnapshot, signals: readonly QueueSignal[]): string {
  const hit = boardFrames.get(snapshot);
  if (hit && hit.signals === signals) return hit.text;
  const text = frame('board', snapshot.seq, boardView(snapshot, signals, false));
  boardFrames.set(snapshot, { signals, text });
  return text;
}

const ping = (stream: SSEStreamingApi) => {
  if (!stream.aborted && !stream.closed) void stream.write(': ping\n\n').catch(() => {});
};

/** The hall display: called numbers per desk, recent calls, waiting per service, announcements. */
export function boardStream(c: Context<AppEnv>, runtime: QueueRuntime, municipalityId: string, locationId: string): Response {
  return openStream(c, async (stream) => {
    const sub: LiveSubscriber<LocationSnapshot> = {
      municipalityId,
      locationId,
      update: (snapshot, signals) => write(stream, boardFrame(snapshot, signals)),
      heartbeat: () => ping(stream),
    };
    const unsubscribe = runtime.live.subscribe(sub);
    const snapshot = await runtime.snapshot(municipalityId, locationId);
    await send(stream, 'board', snapshot.seq, boardView(snapshot, [], true));
    return unsubscribe;
  });
}

/** A desk screen's queue list (numbers only; the audited reads stay behind their own routes). */
export function deskStream(c: Context<AppEnv>, runtime: QueueRuntime, municipalityId: string, locationId: string): Response {
  return openStream(c, async (stream) => {
    const sub: LiveSubscriber<LocationSnapshot> = {
      municipalityId,
      locationId,
      update: (snapshot) => send(stream, 'queue', snapshot.seq, staffQueueView(snapshot)),
      heartbeat: () => ping(stream),
    };
    const unsubscribe = runtime.live.subscribe(sub);
    const snapshot = await runtime.snapshot(municipalityId, locationId);
    await send(stream, 'queue', snapshot.seq, staffQueueView(snapshot));
    return unsubscribe;
  });
}

/**
 * A resident's status page. It follows the location its ticket currently queues at; when a signal
 * names its own ticket it reloads the ticket (a transfer may move it to another floor). Unchanged
 * statuses are not re-sent, so a call elsewhere costs a status page nothing.
 */
export function ticketStream(c: Context<AppEnv>, runtime: QueueRuntime, initial: TicketContext, mailAvailable: () => boolean): Response {
  return openStream(c, async (stream) => {
    let ctx = initial;
    let last = '';
    const municipalityId = ctx.ticket.municipality_id;
    const push = (snapshot: LocationSnapshot) => {
      const { seq, ...rest } = ticketStatusFrom(ctx, snapshot, mailAvailable());
      // Serialised once: the same text decides whether anything changed and becomes the message.
      const body = JSON.stringify(rest);
      if (body === last) return Promise.resolve();
      last = body;
      return write(stream, `event: status\nid: ${seq}\nretry: ${RETRY_MS}\ndata: {"seq":${JSON.stringify(seq)},${body.slice(1)}\n\n`);
    };
    const sub: LiveSubscriber<LocationSnapshot> = {
      municipalityId,
      locationId: currentLocationOf(ctx),
      update: async (snapshot: LocationSnapshot, signals: readonly QueueSignal[]) => {
        if (signals.some((s) => s.ticketId === ctx.ticket.id)) {
          ctx = await reloadTicket(runtime.deps().db, municipalityId, ctx.ticket.id);
          const location = currentLocationOf(ctx);
          if (location !== snapshot.locationId) {
            runtime.live.move(sub, location);
            return push(await runtime.snapshot(municipalityId, location));
          }
        }
        return push(snapshot);
      },
      heartbeat: () => ping(stream),
    };
    const unsubscribe = runtime.live.subscribe(sub);
    await push(await runtime.snapshot(municipalityId, sub.locationId));
    return unsubscribe;
  });
}
