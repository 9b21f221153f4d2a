import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { certificateDer, otherNamesOf, verifyJpkiAuthentication, type VerifiedCertificate } from '@madoguchi/card/node';
import { appendAudit } from '../../platform/audit/audit';
import type { Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { createResidentSession, type ResidentPrincipal } from './accounts';
import { jpkiError, jpkiVerificationOf } from './signing';

/** A challenge is answered within this time (reading the card and typing the PIN), and once. */
export const CARD_CHALLENGE_MS = 5 * 60 * 1000;
const MAX_DER_BYTES = 8 * 1024;

/** A fresh random challenge for the card to sign with its 利用者証明用 key. */
export async function issueCardChallenge(services: Services, municipalityId: string): Promise<{ challengeId: string; challenge: string; expiresAt: string }> {
  const now = services.now();
  const id = randomUUID();
  const challenge = randomBytes(32);
  const expiresAt = new Date(now.getTime() + CARD_CHALLENGE_MS);
  // Old challenges go as new ones come; nothing else reads them.
  await services.db.deleteFrom('online_card_challenge').where('municipality_id', '=', municipalityId).where('expires_at', '<', now).execute();
  await services.db.insertInto('online_card_challenge').values({ municipality_id: municipalityId, id, challenge, expires_at: expiresAt, used_at: null }).execute();
  return { challengeId: id, challenge: challenge.toString('base64'), expiresAt: expiresAt.toISOString() };
}

export interface CardAnswer {
  challengeId: string;
  /** 利用者証明用電子証明書 (DER, base64) as read from the card. */
  certificate: string;
  /** The card's signature over DigestInfo(SHA-256(challenge)), base64. */
  signature: string;
}

const bytesOf = (b64: string, max: number) => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const out = new Uint8Array(Buffer.from(b64, 'base64'));
  return out.byteLength === 0 || out.byteLength > max ? null : out;
};

export interface VerifiedCard {
  certificateSha256: string;
  certificateSerial: string;
  notAfter: Date;
}

/**
 * The challenge is used up first (a wrong answer burns it too, so it cannot be tried again), then
 * the card's signature, the certificate's chain, validity and revocation are checked. A 署名用
 * certificate (it names the holder) is refused: login uses the 利用者証明用 one.
 */
export async function verifyCardAnswer(services: Services, municipalityId: string, answer: CardAnswer): Promise<VerifiedCard> {
  const now = services.now();
  const certificate = bytesOf(answer.certificate, MAX_DER_BYTES);
  const signature = bytesOf(answer.signature, 1024);
  const used = await services.db.updateTable('online_card_challenge').set({ used_at: now })
    .where('municipality_id', '=', municipalityId).where('id', '=', answer.challengeId).where('used_at', 'is', null).where('expires_at', '>', now)
    .returning('challenge').executeTakeFirst();
  if (!used) {
    throw new AppError(400, 'CARD_CHALLENGE_INVALID', 'カードの読み取りに時間がかかったか、同じ読み取りが2回送られました。もう一度「マイナンバーカードでログイン」からやり直してください。');
  }
  if (!certificate || !signature) {
    throw new AppError(400, 'JPKI_CERT_MALFORMED', '電子証明書を読み取れませんでした。マイナンバーカードをもう一度読み取ってください。');
  }
  let verified: VerifiedCertificate;
  try {
    verified = await verifyJpkiAuthentication({ certificate, challenge: new Uint8Array(used.challenge), signature }, { ...jpkiVerificationOf(services), at: now });
  } catch (error) {
    return jpkiError(error);
  }
  if (otherNamesOf(verified.certificate).size > 0) {
    throw new AppError(400, 'JPKI_CERT_WRONG_USAGE', 'ログインには利用者証明用電子証明書（数字4桁の暗証番号）を使ってください。署名用電子証明書では、ログインできません。');
  }
  return {
    certificateSha256: createHash('sha256').update(certificateDer(verified.certificate)).digest('hex'),
    certificateSerial: verified.serialNumber,
    notAfter: verified.notAfter,
  };
}

/**
 * Links the card to the logged-in resident's account (serial and certificate hash only) and
 * raises this session to card level. A card linked to another account of the city is refused.
 */
export async function linkCardToAccount(services: Services, r: ResidentPrincipal, card: VerifiedCard): Promise<void> {
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('online_card_link').select('account_id')
      .where('municipality_id', '=', r.municipalityId).where('certificate_sha256', '=', card.certificateSha256).forUpdate().executeTakeFirst();
    if (existing && existing.account_id !== r.accountId) {
      throw new AppError(409, 'CARD_LINKED_TO_OTHER_ACCOUNT', 'このマイナンバーカードは、別のアカウントに登録されています。そのアカウントでログインしてください。');
    }
    if (!existing) {
      await trx.insertInto('online_card_link').values({
        municipality_id: r.municipalityId, certificate_sha256: card.certificateSha256, account_id: r.accountId,
        certificate_serial: card.certificateSerial, certificate_not_after: card.notAfter, linked_at: now,
      }).execute();
      await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.card_link', subjectType: 'online_account', subjectId: r.accountId, details: { certificateSerial: card.certificateSerial } }, now);
    }
    await trx.updateTable('online_session').set({ auth_level: 'card' }).where('municipality_id', '=', r.municipalityId).where('token_hash', '=', r.tokenHash).execute();
    await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.login', subjectType: 'online_account', subjectId: r.accountId, details: { method: 'card' } }, now);
  });
}

/** Logs in with a card already linked to an account: a new session at card level. */
export async function loginWithCard(services: Services, municipalityId: string, card: VerifiedCard): Promise<string> {
  const now = services.now();
  const link = await services.db.selectFrom('online_card_link').select('account_id')
    .where('municipality_id', '=', municipalityId).where('certificate_sha256', '=', card.certificateSha256).executeTakeFirst();
  if (!link) {
    throw new AppError(404, 'CARD_NOT_LINKED', 'このマイナンバーカードは、まだアカウントに登録されていません。メールアドレスでログインしてから、カードを登録してください。');
  }
  return services.db.transaction().execute(async (trx) => {
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.login', subjectType: 'online_account', subjectId: link.account_id, details: { method: 'card' } }, now);
    return createResidentSession(trx, municipalityId, link.account_id, now, 'card');
  });
}

/**
 * Removes the card from the resident's account (a new card, a lost one, or no longer wanted). The
 * card no longer opens the account, and the account's other sessions opened with the card end: if
 * the card was lost, whoever holds it is logged out. This session keeps its level (the card was
 * proved in it). Refused when no card is linked, so a second click changes nothing.
 */
export async function unlinkCard(services: Services, r: ResidentPrincipal): Promise<{ endedSessions: number }> {
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('online_card_link').where('municipality_id', '=', r.municipalityId).where('account_id', '=', r.accountId)
      .returning('certificate_serial').execute();
    if (removed.length === 0) throw new AppError(409, 'CARD_NOT_LINKED', 'このアカウントには、マイナンバーカードが登録されていません。画面を読み込み直して、登録の状態を確かめてください。');
    const ended = await trx.deleteFrom('online_session').where('municipality_id', '=', r.municipalityId).where('account_id', '=', r.accountId)
      .where('auth_level', '=', 'card').where('token_hash', '<>', r.tokenHash).executeTakeFirst();
    const endedSessions = Number(ended.numDeletedRows);
    await appendAudit(trx, {
      municipalityId: r.municipalityId, actorStaffId: null, action: 'online.card_unlink', subjectType: 'online_account', subjectId: r.accountId,
      details: { certificateSerials: removed.map((x) => x.certificate_serial), endedSessions },
    }, now);
    return { endedSessions };
  });
}

/** Whether the account has a card linked (the portal offers card login or linking accordingly). */
export async function hasLinkedCard(services: Services, r: ResidentPrincipal): Promise<boolean> {
  const row = await services.db.selectFrom('online_card_link').select('certificate_serial')
    .where('municipality_id', '=', r.municipalityId).where('account_id', '=', r.accountId).executeTakeFirst();
  return row !== undefined;
}
