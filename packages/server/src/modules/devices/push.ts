import { checkEvent, type DeviceEvent, type EventCheck, type EventResult, type PushRequest, type PushResponse } from '@madoguchi/device-sync';
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest } from '../../platform/http/errors';
import { devicePublicKey, type DevicePrincipal } from './auth';
import { deviceEventHandler } from './registry';
import { CLOCK_SKEW_BOUND_MS, recordAnomaly } from './service';

type DeviceRow = Awaited<ReturnType<typeof loadDevice>>;

async function loadDevice(trx: Transaction<Database>, municipalityId: string, deviceId: string) {
  return trx.selectFrom('device').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', deviceId).forUpdate().executeTakeFirstOrThrow();
}

const refused = (e: DeviceEvent, code: string, message: string): EventResult => ({ opId: e.opId, seq: e.seq, status: 'refused', code, message });

const MSG = {
  revoked: 'この端末は利用停止されているため、記録を登録できません。記録は端末に残っています。管理者に連絡してください。',
  replay: '同じ番号で別の内容の記録がすでに登録されています。端末の記録を消さずに、管理者に連絡してください。',
  badHash: '記録の内容が途中で変わっています（改ざんの疑い）。端末の記録を消さずに、管理者に連絡してください。',
  badSignature: '記録の署名を確認できません。端末の記録を消さずに、管理者に連絡してください。',
  chain: '記録のつながりが切れています。端末の記録を消さずに、管理者に連絡してください。',
  lateGap: '欠落として報告された番号の記録です。管理者に連絡してください。',
  kindNotAllowed: 'この種類の端末からは送れない記録です。管理者に連絡してください。',
  unknownKind: 'サーバーがまだこの種類の記録を受け付けていません。時間をおいて同期し直してください。',
  server: 'サーバーで問題が発生しました。記録は端末に残っています。時間をおいて同期し直してください。',
};

/** The event as anomaly evidence: everything needed to verify it later (payload included: it must not be lost). */
const evidenceOf = (e: DeviceEvent, check?: EventCheck) => ({
  event: { opId: e.opId, seq: e.seq, kind: e.kind, prevHash: e.prevHash, hash: e.hash, signature: e.signature, deviceTime: e.deviceTime, payload: e.payload },
  ...(check ? { check } : {}),
});

/**
 * One push: for each event in seq order, in its own transaction — lock the device row, decide
 * (duplicate, deferred, refused with an anomaly, or new), and for a new event run the registered
 * handler and store the event and the device's new head in the SAME transaction; COMMIT; only then
 * is the result put in the reply. A crash between commit and reply makes the device resend; the op
 * id then answers 'duplicate' with the first outcome.
 */
export async function processPush(services: Services, device: DevicePrincipal, body: PushRequest): Promise<PushResponse> {
  const { municipalityId, deviceId } = device;
  if (body.deviceId !== deviceId) throw badRequest('DEVICE_PUSH_MISMATCH', '送信した端末と記録の端末が一致しません。端末を登録し直してください。');
  const now = services.now();
  const sentAt = Date.parse(body.sentAt);
  const skew = Number.isFinite(sentAt) ? sentAt - now.getTime() : null;

  // Contact: last sync, the device's own head (to tell a storage reset from a slow sync), its clock.
  await services.db.transaction().execute(async (trx) => {
    const d = await loadDevice(trx, municipalityId, deviceId);
    await trx.updateTable('device').set({
      last_sync_at: now, clock_skew_ms: skew, reported_head_seq: Math.max(Number(d.reported_head_seq), body.head.seq),
    }).where('municipality_id', '=', municipalityId).where('id', '=', deviceId).execute();
    if (skew !== null && Math.abs(skew) > CLOCK_SKEW_BOUND_MS) {
      await recordAnomaly(trx, now, {
        municipalityId, deviceId, kind: 'clock_skew', fingerprint: `clock_skew:${now.toISOString().slice(0, 10)}`,
        details: { skewMs: skew, deviceTime: body.sentAt, serverTime: now.toISOString(), at: 'push' },
      });
    }
    if (body.gap && d.status === 'active') {
      const { fromSeq, toSeq } = body.gap;
      if (fromSeq === Number(d.next_seq) && toSeq >= fromSeq && toSeq < body.head.seq + 1) {
        // The device no longer has these events: record it, and continue after them (the next event's
        // prevHash cannot be checked against a hash we never saw, so the chain check is waived once).
        await recordAnomaly(trx, now, {
          municipalityId, deviceId, kind: 'gap', fingerprint: `gap:${fromSeq}-${toSeq}`,
          details: { fromSeq, toSeq, lastHashBefore: d.last_hash, deviceHead: body.head },
        });
        await trx.updateTable('device').set({ next_seq: toSeq + 1, chain_waived: true })
          .where('municipality_id', '=', municipalityId).where('id', '=', deviceId).execute();
      }
    }
  });

  const events = [...body.events].sort((a, b) => a.seq - b.seq);
  const results: EventResult[] = [];
  // The key is read once; enrolment of a new key during a push is caught by the thumbprint check below.
  const keyRow = await services.db.selectFrom('device').select(['public_key_jwk', 'key_thumbprint']).where('municipality_id', '=', municipalityId).where('id', '=', deviceId).executeTakeFirstOrThrow();
  const key = await devicePublicKey(keyRow);
  for (const e of events) {
    if (e.deviceId !== deviceId) {
      results.push(refused(e, 'DEVICE_PUSH_MISMATCH', '送信した端末と記録の端末が一致しません。'));
      break;
    }
    const check: EventCheck = key ? await checkEvent(key, e) : 'bad_signature';
    let r: EventResult;
    try {
      r = await services.db.transaction().execute((trx) => decide(trx, services, municipalityId, now, skew, keyRow.key_thumbprint, e, check, null));
    } catch (err) {
      if (err instanceof AppError) {
        // The owning module refused the content: store the event as 'rejected' (without the handler's writes) for review.
        try {
          r = await services.db.transaction().execute((trx) => decide(trx, services, municipalityId, now, skew, keyRow.key_thumbprint, e, check, { code: err.code, message: err.message }));
        } catch (err2) {
          services.logger.error('device event store failed', { deviceId, seq: e.seq, errorName: err2 instanceof Error ? err2.name : 'unknown' });
          r = { opId: e.opId, seq: e.seq, status: 'retry', code: 'DEVICE_EVENT_STORE_FAILED', message: MSG.server };
        }
      } else {
        services.logger.error('device event handler failed', { deviceId, seq: e.seq, kind: e.kind, errorName: err instanceof Error ? err.name : 'unknown', stack: err instanceof Error ? err.stack : undefined });
        r = { opId: e.opId, seq: e.seq, status: 'retry', code: 'DEVICE_EVENT_HANDLER_FAILED', message: MSG.server };
      }
    }
    results.push(r);
    // A revoked device's events are each refused and reported (so an admin sees all of them at once);
    // any other refusal stops the batch, since nothing after it can chain.
    if ((r.status === 'refused' && r.code !== 'DEVICE_REVOKED') || r.status === 'retry') break;
  }
  const after = await services.db.selectFrom('device').select('next_seq').where('municipality_id', '=', municipalityId).where('id', '=', deviceId).executeTakeFirstOrThrow();
  return { results, nextExpectedSeq: Number(after.next_seq), serverTime: services.now().toISOString() };
}

async function decide(
  trx: Transaction<Database>, services: Services, municipalityId: string, now: Date, skew: number | null, thumbprint: string | null,
  e: DeviceEvent, check: EventCheck, rejectWith: { code: string; message: string } | null, opts: { allowRevoked?: boolean } = {},
): Promise<EventResult> {
  const d: DeviceRow = await loadDevice(trx, municipalityId, e.deviceId);
  const m = d.municipality_id;
  const anomaly = (kind: Parameters<typeof recordAnomaly>[2]['kind'], fingerprint: string, details: Record<string, unknown>) =>
    recordAnomaly(trx, now, { municipalityId: m, deviceId: d.id, kind, fingerprint, details });

  const byOp = await trx.selectFrom('device_event').select(['device_id', 'seq', 'hash', 'status', 'result', 'reason'])
    .where('municipality_id', '=', m).where('op_id', '=', e.opId).executeTakeFirst();
  if (byOp) {
    if (byOp.device_id === d.id && Number(byOp.seq) === e.seq && byOp.hash === e.hash) {
      return { opId: e.opId, seq: e.seq, status: 'duplicate', original: byOp.status, result: byOp.status === 'conflict' ? { reason: byOp.reason, details: byOp.result } : byOp.result };
    }
    await anomaly('replay', `replay:op:${e.opId}:${e.hash}`, { ...evidenceOf(e, check), stored: { deviceId: byOp.device_id, seq: Number(byOp.seq), hash: byOp.hash } });
    return refused(e, 'DEVICE_EVENT_REPLAYED', MSG.replay);
  }
  if (d.status === 'revoked' && !opts.allowRevoked) {
    await anomaly('revoked_device', `revoked:${e.opId}`, { ...evidenceOf(e, check), revokedAt: d.revoked_at?.toISOString() ?? null, keyThumbprint: thumbprint });
    return refused(e, 'DEVICE_REVOKED', MSG.revoked);
  }
  const next = Number(d.next_seq);
  if (e.seq < next) {
    const bySeq = await trx.selectFrom('device_event').select(['op_id', 'hash']).where('municipality_id', '=', m).where('device_id', '=', d.id).where('seq', '=', String(e.seq)).executeTakeFirst();
    if (bySeq) {
      await anomaly('replay', `replay:seq:${e.seq}:${e.hash}`, { ...evidenceOf(e, check), stored: { opId: bySeq.op_id, hash: bySeq.hash } });
      return refused(e, 'DEVICE_EVENT_REPLAYED', MSG.replay);
    }
    await anomaly('gap', `gap_late:${e.seq}:${e.hash}`, { ...evidenceOf(e, check), note: 'declared lost, arrived later' });
    return refused(e, 'DEVICE_EVENT_IN_GAP', MSG.lateGap);
  }
  if (e.seq > next) return { opId: e.opId, seq: e.seq, status: 'deferred', nextExpectedSeq: next };
  if (thumbprint !== d.key_thumbprint || check === 'bad_signature') {
    await anomaly('bad_signature', `bad_signature:${e.opId}:${e.hash}`, { ...evidenceOf(e, check), keyThumbprint: d.key_thumbprint });
    return refused(e, 'DEVICE_EVENT_BAD_SIGNATURE', MSG.badSignature);
  }
  if (check === 'bad_hash') {
    await anomaly('bad_hash', `bad_hash:${e.opId}:${e.hash}`, evidenceOf(e, check));
    return refused(e, 'DEVICE_EVENT_TAMPERED', MSG.badHash);
  }
  if (!d.chain_waived && e.prevHash !== d.last_hash) {
    await anomaly('broken_chain', `broken_chain:${e.seq}:${e.hash}`, { ...evidenceOf(e, check), expectedPrevHash: d.last_hash });
    return refused(e, 'DEVICE_EVENT_CHAIN_BROKEN', MSG.chain);
  }
  const reg = deviceEventHandler(e.kind);
  if (!reg) return { opId: e.opId, seq: e.seq, status: 'retry', code: 'DEVICE_EVENT_KIND_UNKNOWN', message: MSG.unknownKind };
  if (reg.deviceKinds && !reg.deviceKinds.includes(d.kind)) return refused(e, 'DEVICE_EVENT_KIND_NOT_ALLOWED', MSG.kindNotAllowed);

  let stored: { status: 'accepted' | 'conflict' | 'rejected'; result: unknown; reason: string | null };
  let reply: EventResult;
  if (rejectWith) {
    stored = { status: 'rejected', result: rejectWith, reason: rejectWith.message };
    reply = { opId: e.opId, seq: e.seq, status: 'rejected', code: rejectWith.code, message: rejectWith.message };
  } else {
    const outcome = await reg.handler(trx, {
      services, municipalityId: m, deviceId: d.id, deviceKind: d.kind, deviceLabel: d.label,
      event: { opId: e.opId, seq: e.seq, kind: e.kind, payload: e.payload, deviceTime: e.deviceTime, hash: e.hash },
      receivedAt: now, clockSkewMs: skew,
    });
    if (outcome.status === 'accepted') {
      stored = { status: 'accepted', result: outcome.result ?? null, reason: null };
      reply = { opId: e.opId, seq: e.seq, status: 'accepted', result: outcome.result ?? null };
    } else {
      stored = { status: 'conflict', result: outcome.details ?? null, reason: outcome.reason };
      reply = { opId: e.opId, seq: e.seq, status: 'conflict', reason: outcome.reason, details: outcome.details ?? null };
    }
  }
  await trx.insertInto('device_event').values({
    municipality_id: m, device_id: d.id, seq: e.seq, op_id: e.opId, kind: e.kind, payload: JSON.stringify(e.payload ?? null),
    prev_hash: e.prevHash, hash: e.hash, signature: e.signature, device_time: e.deviceTime, received_at: now,
    status: stored.status, result: JSON.stringify(stored.result ?? null), reason: stored.reason, reviewed_at: null, reviewed_by: null,
  }).execute();
  await trx.updateTable('device').set({ next_seq: e.seq + 1, last_hash: e.hash, chain_waived: false, last_sync_at: now })
    .where('municipality_id', '=', m).where('id', '=', d.id).execute();
  return reply;
}

/** A refusal of the admin's acceptance itself (as opposed to the owning module refusing the content). */
class AcceptRefusal extends AppError {}

/**
 * The admin's recovery of an event a revoked device sent (kept as the anomaly's evidence): it is
 * checked exactly like a push — signature with the device's key (unchanged since), the next seq,
 * the chain — and goes through the owning module's handler in the transaction that also closes the
 * anomaly. Events must be taken in seq order. The device stays revoked.
 */
export async function acceptFromRevokedDevice(services: Services, staff: { id: string; municipalityId: string }, anomalyId: string, requestId: string | null): Promise<EventResult> {
  const m = staff.municipalityId;
  const now = services.now();
  const a = await services.db.selectFrom('device_anomaly').selectAll().where('municipality_id', '=', m).where('id', '=', anomalyId).executeTakeFirst();
  if (!a || a.resolved_at) throw new AppError(404, 'DEVICE_ANOMALY_NOT_FOUND', 'その異常は見つからないか、すでに確認済みです。一覧を開き直してください。');
  const details = a.details as { event?: DeviceEvent & { payload: unknown }; keyThumbprint?: string | null };
  if (a.kind !== 'revoked_device' || !details.event) throw new AppError(409, 'DEVICE_ANOMALY_NOT_ACCEPTABLE', '登録できるのは、利用停止した端末から届いた記録だけです。');
  const d = await services.db.selectFrom('device').select(['public_key_jwk', 'key_thumbprint']).where('municipality_id', '=', m).where('id', '=', a.device_id).executeTakeFirstOrThrow();
  if (!d.key_thumbprint || d.key_thumbprint !== details.keyThumbprint) {
    throw new AppError(409, 'DEVICE_KEY_CHANGED', '端末が再登録され鍵が変わったため、この記録の署名を確かめられません。内容を確認し、担当の画面から入力し直してください。');
  }
  const e: DeviceEvent = { ...details.event, deviceId: a.device_id };
  const key = await devicePublicKey(d);
  const check: EventCheck = key ? await checkEvent(key, e) : 'bad_signature';
  const run = (rejectWith: { code: string; message: string } | null) => services.db.transaction().execute(async (trx) => {
    const r = await decide(trx, services, m, now, null, d.key_thumbprint, e, check, rejectWith, { allowRevoked: true });
    if (r.status === 'deferred') {
      throw new AcceptRefusal(409, 'DEVICE_EVENT_NOT_NEXT', `この端末の記録は順番に登録します。先に連番${r.nextExpectedSeq}の記録を登録してください。`);
    }
    if (r.status === 'refused' || r.status === 'retry') throw new AcceptRefusal(409, r.code, r.message);
    await trx.updateTable('device_anomaly').set({ resolved_at: now, resolved_by: staff.id }).where('municipality_id', '=', m).where('id', '=', anomalyId).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'device.accept_revoked', subjectType: 'device', subjectId: a.device_id, requestId, details: { anomalyId, seq: e.seq, opId: e.opId, status: r.status } }, now);
    return r;
  });
  try {
    return await run(null);
  } catch (err) {
    // The module refused the content: stored as 'rejected' for its review, like a push.
    if (err instanceof AppError && !(err instanceof AcceptRefusal)) return run({ code: err.code, message: err.message });
    throw err;
  }
}
