import { createHash } from 'node:crypto';
import { VerificationError, verifyJpkiCertificate, type RevocationChecker, type TrustStore } from '@madoguchi/card/node';
import { appendAudit } from '../../../platform/audit/audit';
import { AppError } from '../../../platform/http/errors';
import type { Services } from '../../../platform/http/context';
import { type TaxiRules, TaxiRulesSchema, capExceeded } from '../rules';
import { acceptedCounts } from './rides';
import { type TerminalIdentity, currentProgramme, terminalOfDevice } from './terminals';

/**
 * Online boarding: the terminal sends the 利用者証明用 certificate it read (no PIN at the door); the
 * server checks the chain to the JPKI CA, the validity and the revocation status (fail closed),
 * finds the active binding by the certificate's SHA-256, the beneficiary's status, and what is left
 * of the caps. The answer is what the terminal shows: the given name, rides left, the rule. Nothing
 * is written but the audit event: the ride itself is a device event the terminal records at 確定.
 *
 * Refusals are 4xx AppErrors whose codes are the terminal's refusal codes prefixed with TAXI_
 * (TAXI_CARD_NOT_REGISTERED, TAXI_DAILY_CAP_REACHED …), each with what the driver says.
 */
export interface BoardingAnswer {
  binding: string;
  givenName: string;
  remaining: { day: number; month: number | null; year: number };
  programme: {
    id: string; name: string; ruleVersion: number; rule: TaxiRules['subsidy'];
    caps: { perDay: number; perMonth: number | null; perYear: number };
    fare: { minYen: number; maxYen: number };
  };
  serverTime: string;
}

export interface JpkiCheck {
  trust: TrustStore;
  revocation: RevocationChecker;
}

const FULL_FARE = '運賃は全額お客様のお支払いです。';
const refusal = (status: 400 | 403 | 409, code: string, message: string) => new AppError(status, `TAXI_${code}`, message);

export const certificateSha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

export async function authoriseBoarding(services: Services, device: TerminalIdentity, certificateBase64: string, jpki: JpkiCheck, requestId: string | null): Promise<BoardingAnswer> {
  const now = services.now();
  const terminal = await terminalOfDevice(services.db, device);
  const der = new Uint8Array(Buffer.from(certificateBase64, 'base64'));
  if (der.length < 100 || der.length > 8192) throw refusal(400, 'CERT_INVALID', `このカードは確認できませんでした。もう一度カードを置いてください。だめなときは、${FULL_FARE}`);
  try {
    await verifyJpkiCertificate(der, { trust: jpki.trust, revocation: jpki.revocation, at: now });
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    if (error.code === 'CERT_EXPIRED') throw refusal(403, 'CERT_EXPIRED', `カードの有効期限が切れています。${FULL_FARE}カードの更新は市役所の窓口でできます。`);
    if (error.code === 'CERT_REVOKED') throw refusal(403, 'CERT_REVOKED', `このカードは使えなくなっています。${FULL_FARE}お客様に市役所へお問い合わせいただくようお伝えください。`);
    services.logger.info('taxi boarding: certificate refused', { code: error.code });
    if (error.code === 'REVOCATION_UNAVAILABLE') throw new AppError(503, 'TAXI_REVOCATION_UNAVAILABLE', 'カードの確認ができませんでした。少し待ってからもう一度カードを置いてください。');
    throw refusal(400, 'CERT_INVALID', `このカードは確認できませんでした。もう一度カードを置いてください。だめなときは、${FULL_FARE}`);
  }
  const binding = certificateSha256(der);
  const { programme, version } = await currentProgramme(services.db, device.municipalityId, terminal.operator_id, now);
  const rules = TaxiRulesSchema.parse(version.rules);
  const found = await services.db.selectFrom('taxi_card_binding as k')
    .innerJoin('taxi_beneficiary as b', (j) => j.onRef('b.municipality_id', '=', 'k.municipality_id').onRef('b.id', '=', 'k.beneficiary_id'))
    .innerJoin('resident as r', (j) => j.onRef('r.municipality_id', '=', 'b.municipality_id').onRef('r.id', '=', 'b.resident_id'))
    .select(['b.id', 'b.status', 'b.resident_id', 'b.programme_id', 'k.status as binding_status', 'r.given_name'])
    .where('k.municipality_id', '=', device.municipalityId).where('k.cert_sha256', '=', binding)
    .orderBy('k.bound_at', 'desc').limit(1).executeTakeFirst();

  const audit = async (outcome: string) => appendAudit(services.db, {
    municipalityId: device.municipalityId, actorStaffId: null, action: 'taxi.boarding_checked',
    subjectType: found ? 'resident' : null, subjectId: found?.resident_id ?? null, purpose: '電子タクシー券の乗車確認', requestId,
    details: { terminalId: terminal.id, outcome },
  }, now);

  if (!found || found.programme_id !== programme.id) {
    await audit('card_not_registered');
    throw refusal(403, 'CARD_NOT_REGISTERED', `このカードは登録されていません。${FULL_FARE}登録は市役所の窓口でできます。`);
  }
  if (found.binding_status !== 'active') {
    await audit('card_revoked');
    throw refusal(403, 'CERT_REVOKED', `このカードは使えなくなっています。${FULL_FARE}お客様に市役所へお問い合わせいただくようお伝えください。`);
  }
  if (found.status !== 'active') {
    await audit('beneficiary_suspended');
    throw refusal(403, 'BENEFICIARY_SUSPENDED', `このカードは今は使えません。${FULL_FARE}お客様に市役所へお問い合わせいただくようお伝えください。`);
  }
  const used = await acceptedCounts(services.db, device.municipalityId, found.id, now);
  const hit = capExceeded(rules.caps, used);
  if (hit) {
    await audit(`cap_${hit.cap}`);
    const which = hit.cap === 'perDay' ? ['DAILY_CAP_REACHED', '今日の利用回数を使い切っています', '明日また使えます。']
      : hit.cap === 'perMonth' ? ['MONTH_CAP_REACHED', '今月の利用回数を使い切っています', '来月また使えます。']
      : ['YEAR_CAP_REACHED', '今年度の利用回数を使い切っています', ''];
    throw refusal(409, which[0]!, `${which[1]}。${FULL_FARE}${which[2]}`);
  }
  await audit('allowed');
  return {
    binding,
    givenName: found.given_name,
    remaining: {
      day: rules.caps.perDay - used.day,
      month: rules.caps.perMonth === null ? null : rules.caps.perMonth - used.month,
      year: rules.caps.perYear - used.year,
    },
    programme: {
      id: programme.id, name: programme.name, ruleVersion: version.version, rule: rules.subsidy,
      caps: { perDay: rules.caps.perDay, perMonth: rules.caps.perMonth, perYear: rules.caps.perYear },
      fare: { minYen: rules.fare.minYen, maxYen: rules.fare.maxYen },
    },
    serverTime: now.toISOString(),
  };
}
