import { createHash, randomUUID } from 'node:crypto';
import { VerificationError, otherNamesOf, parseCertificate, verifyJpkiCertificate } from '@madoguchi/card/node';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { jpkiVerificationOf } from '../online/signing';
import { beneficiaryNotFound, getBeneficiary, type BeneficiaryDetail } from './beneficiaries';

/**
 * The card as the ride key. At the counter (or in the vehicle) the page reads the 利用者証明用
 * certificate through the card agent (no PIN needed); the server checks its chain to the JPKI CA,
 * its validity and revocation, and keeps only the serial and the SHA-256 of the certificate. The
 * individual number is never read for this. A card renewal issues a new certificate: binding it
 * ends the old binding ('replaced') and keeps it in the history. The trust anchors and revocation
 * checker are the platform's JPKI configuration (online/signing: the J-LIS CAs, the simulated CA in
 * the demo and tests).
 */
const MAX_DER_BYTES = 8 * 1024;

export const certificateSha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

export async function bindCard(services: Services, staff: StaffPrincipal, beneficiaryId: string, input: { certificate: string; channel: 'counter' | 'vehicle' }, requestId: string | null): Promise<BeneficiaryDetail> {
  const m = staff.municipalityId;
  const now = services.now();
  const der = /^[A-Za-z0-9+/]+={0,2}$/.test(input.certificate) ? new Uint8Array(Buffer.from(input.certificate, 'base64')) : new Uint8Array();
  if (der.byteLength === 0 || der.byteLength > MAX_DER_BYTES) {
    throw new AppError(400, 'TAXI_CARD_CERTIFICATE_INVALID', '電子証明書を読み取れませんでした。カードを置き直して、もう一度読み取ってください。');
  }
  const beneficiary = await services.db.selectFrom('taxi_beneficiary').select(['id', 'status', 'resident_id']).where('municipality_id', '=', m).where('id', '=', beneficiaryId).executeTakeFirst();
  if (!beneficiary) throw beneficiaryNotFound();
  if (beneficiary.status !== 'active') throw new AppError(409, 'TAXI_BENEFICIARY_NOT_ACTIVE', '利用を停止中または終了した利用者にはカードを登録できません。先に利用の状態を確認してください。');
  let parsed;
  try {
    parsed = parseCertificate(der);
  } catch {
    throw new AppError(400, 'TAXI_CARD_CERTIFICATE_INVALID', '電子証明書を読み取れませんでした。カードを置き直して、もう一度読み取ってください。');
  }
  // The 署名用 certificate names its holder; the ride key is the 利用者証明用 one, which names nobody.
  if (otherNamesOf(parsed).size > 0) {
    throw new AppError(400, 'TAXI_CARD_WRONG_CERTIFICATE', '署名用の電子証明書が送られました。利用者証明用の電子証明書を読み取ってください。');
  }
  let verified;
  try {
    verified = await verifyJpkiCertificate(der, { ...jpkiVerificationOf(services), at: now });
  } catch (e) {
    if (e instanceof VerificationError) throw new AppError(e.code === 'REVOCATION_UNAVAILABLE' ? 503 : 400, `JPKI_${e.code}`, e.message);
    throw e;
  }
  const sha = certificateSha256(der);
  await services.db.transaction().execute(async (trx) => {
    // Lock the beneficiary: two counters binding at once end up with one active binding.
    await trx.selectFrom('taxi_beneficiary').select('id').where('municipality_id', '=', m).where('id', '=', beneficiaryId).forUpdate().executeTakeFirst();
    const elsewhere = await trx.selectFrom('taxi_card_binding').select(['beneficiary_id']).where('municipality_id', '=', m).where('cert_sha256', '=', sha).where('status', '=', 'active').executeTakeFirst();
    if (elsewhere && elsewhere.beneficiary_id !== beneficiaryId) {
      throw new AppError(409, 'TAXI_CARD_BOUND_ELSEWHERE', 'このカードは別の利用者に登録されています。カードの持ち主を確認してください。');
    }
    if (elsewhere) return;
    const previous = await trx.selectFrom('taxi_card_binding').select('id').where('municipality_id', '=', m).where('beneficiary_id', '=', beneficiaryId).where('status', '=', 'active').executeTakeFirst();
    if (previous) {
      await trx.updateTable('taxi_card_binding').set({ status: 'replaced', ended_at: now, ended_reason: 'カードの更新による登録し直し' })
        .where('municipality_id', '=', m).where('id', '=', previous.id).execute();
    }
    const id = randomUUID();
    await trx.insertInto('taxi_card_binding').values({
      municipality_id: m, id, beneficiary_id: beneficiaryId, cert_serial: verified.serialNumber, cert_sha256: sha, cert_not_after: verified.notAfter,
      status: 'active', channel: input.channel, bound_at: now, bound_by: staff.id, ended_at: null, ended_reason: null,
    }).execute();
    await trx.insertInto('taxi_beneficiary_event').values({ municipality_id: m, id: randomUUID(), beneficiary_id: beneficiaryId, at: now, kind: previous ? 'card_rebound' : 'card_bound', from_status: null, to_status: null, reason: previous ? 'カードを登録し直しました' : 'カードを登録しました', staff_id: staff.id }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.card_bind', subjectType: 'resident', subjectId: beneficiary.resident_id, purpose: 'タクシー料金助成のカード登録', requestId, details: { beneficiaryId, bindingId: id, replaced: previous?.id ?? null, channel: input.channel } }, now);
  });
  return getBeneficiary(services, staff, beneficiaryId, requestId, { audit: false });
}

/** A lost card: the binding is revoked (the terminal lists deny it) until a new card is bound. */
export async function revokeBinding(services: Services, staff: StaffPrincipal, beneficiaryId: string, reason: string, requestId: string | null): Promise<BeneficiaryDetail> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom('taxi_beneficiary').select(['id', 'resident_id']).where('municipality_id', '=', m).where('id', '=', beneficiaryId).forUpdate().executeTakeFirst();
    if (!b) throw beneficiaryNotFound();
    const active = await trx.selectFrom('taxi_card_binding').select('id').where('municipality_id', '=', m).where('beneficiary_id', '=', beneficiaryId).where('status', '=', 'active').executeTakeFirst();
    if (!active) throw new AppError(409, 'TAXI_NO_ACTIVE_CARD', '登録中のカードがありません。');
    await trx.updateTable('taxi_card_binding').set({ status: 'revoked', ended_at: now, ended_reason: reason }).where('municipality_id', '=', m).where('id', '=', active.id).execute();
    await trx.insertInto('taxi_beneficiary_event').values({ municipality_id: m, id: randomUUID(), beneficiary_id: beneficiaryId, at: now, kind: 'card_revoked', from_status: null, to_status: null, reason, staff_id: staff.id }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.card_bind', subjectType: 'resident', subjectId: b.resident_id, purpose: 'タクシー料金助成のカード登録', requestId, details: { beneficiaryId, revoked: active.id } }, now);
  });
  return getBeneficiary(services, staff, beneficiaryId, requestId, { audit: false });
}
