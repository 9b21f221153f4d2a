import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '@madoguchi/procedures';
import {
  CrlChecker, OcspClient, RevocationWithFallback, VerificationError, certificateDer, signingCertificateAttributes, verifySignedData,
  type RevocationChecker, type TrustStore,
} from '@madoguchi/card/node';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { getCaseForApplicant, getCaseForStaff, type CaseView } from '../cases/service';
import { listAttachments, type AttachmentView } from './attachments';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * How the server checks JPKI certificates: the trust anchors (the J-LIS CA certificates in
 * production, the simulated JPKI CA in the demo and tests) and the revocation checker (OCSP, then
 * the CRL; fail-closed: an unanswered check refuses the signature).
 */
export interface JpkiVerification {
  trust: TrustStore;
  revocation: RevocationChecker;
}

const configured = new WeakMap<Services, JpkiVerification>();

/** The demo (simulated CA) and tests set this; production reads MADOGUCHI_JPKI_TRUST_ANCHORS. */
export function configureJpkiVerification(services: Services, verification: JpkiVerification): void {
  configured.set(services, verification);
}

function pemOrDer(bytes: Buffer): Uint8Array {
  const text = bytes.toString('latin1');
  const m = text.match(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/);
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')) : new Uint8Array(bytes);
}

/**
 * The configured verification, or from the environment: MADOGUCHI_JPKI_TRUST_ANCHORS lists the
 * CA certificate files (PEM or DER, comma-separated); revocation by the OCSP responder and the
 * CRL the certificates name. Without either, nothing signed is accepted (fail closed).
 */
export function jpkiVerificationOf(services: Services): JpkiVerification {
  const set = configured.get(services);
  if (set) return set;
  const files = (process.env.MADOGUCHI_JPKI_TRUST_ANCHORS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (files.length === 0) {
    throw new AppError(503, 'JPKI_NOT_CONFIGURED', 'マイナンバーカードによる署名・ログインの確認ができない設定になっています。時間をおいてお試しいただくか、担当課にお問い合わせください。');
  }
  const verification: JpkiVerification = {
    trust: { anchors: files.map((f) => pemOrDer(readFileSync(f))) },
    revocation: new RevocationWithFallback(new OcspClient(), new CrlChecker()),
  };
  configured.set(services, verification);
  return verification;
}

/** The card's answers turned into the portal's errors: stable codes, what to do next in Japanese. */
export function jpkiError(error: unknown): never {
  if (error instanceof VerificationError) {
    // Revocation could not be checked: not the resident's fault and not a refusal of the card.
    const status = error.code === 'REVOCATION_UNAVAILABLE' ? 503 : 400;
    throw new AppError(status, `JPKI_${error.code}`, error.message);
  }
  throw error;
}

const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the resident signs: the canonical JSON of the procedure (id and version), the case, the
 * answers, and each attachment's SHA-256 (not the files: a hash binds them). The same bytes are
 * built again on submission, so any change after signing is found.
 */
export function signedContentOf(view: Pick<CaseView, 'id' | 'procedureId' | 'procedureVersion' | 'answers'>, attachments: readonly Pick<AttachmentView, 'id' | 'attachmentId' | 'filename' | 'sha256'>[]): Uint8Array {
  const files = [...attachments].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => ({ id: a.id, attachmentId: a.attachmentId, filename: a.filename, sha256: a.sha256 }));
  return new TextEncoder().encode(canonicalJson({
    format: 'madoguchi.online-application/1',
    caseId: view.id,
    procedureId: view.procedureId,
    procedureVersion: view.procedureVersion,
    answers: view.answers,
    attachments: files,
  }));
}

/** The bytes to sign for this application now (base64), for the browser and the card. */
export async function signingContent(services: Services, municipalityId: string, view: CaseView): Promise<{ content: string; sha256: string }> {
  const bytes = signedContentOf(view, await listAttachments(services, municipalityId, view.id));
  return { content: Buffer.from(bytes).toString('base64'), sha256: sha256Hex(bytes) };
}

export interface VerifiedApplicationSignature {
  cms: Uint8Array;
  content: Uint8Array;
  signerName: string;
  signerAddress: string;
  certificateSerial: string;
  certificateSha256: string;
  certificateNotAfter: Date;
  revocationSource: 'ocsp' | 'crl';
  revocationCheckedAt: Date;
  signingTime: Date | null;
}

const MAX_CMS_BYTES = 64 * 1024;

/**
 * Verifies a signed application (CMS SignedData from the card's 署名用 key): signature over the
 * content, certificate chain to the trust anchors, validity now, revocation (fail closed), and
 * that it is a 署名用 certificate (it carries the 4 basic attributes). Outside any transaction:
 * the OCSP or CRL fetch must not hold a row lock.
 */
export async function verifyApplicationSignature(services: Services, cmsBase64: string): Promise<VerifiedApplicationSignature> {
  const cms = new Uint8Array(Buffer.from(cmsBase64, 'base64'));
  if (cms.byteLength === 0 || cms.byteLength > MAX_CMS_BYTES || !/^[A-Za-z0-9+/]+={0,2}$/.test(cmsBase64)) {
    throw new AppError(400, 'JPKI_SIGNED_DATA_MALFORMED', '署名付きデータの形式が正しくありません。もう一度署名してから送信してください。');
  }
  const verification = jpkiVerificationOf(services);
  try {
    const verified = await verifySignedData(cms, { ...verification, at: services.now() });
    const attributes = signingCertificateAttributes(verified.signer.certificate);
    return {
      cms, content: verified.content,
      signerName: attributes.name, signerAddress: attributes.address,
      certificateSerial: verified.signer.serialNumber,
      certificateSha256: sha256Hex(certificateDer(verified.signer.certificate)),
      certificateNotAfter: verified.signer.notAfter,
      revocationSource: verified.signer.revocation.source,
      revocationCheckedAt: verified.signer.revocation.checkedAt,
      signingTime: verified.signingTime ?? null,
    };
  } catch (error) {
    return jpkiError(error);
  }
}

/**
 * Inside the submission's transaction (the application row locked): the signed bytes must be the
 * application as it is now, then the signature and its verification are kept with the case.
 */
export async function recordApplicationSignature(trx: Transaction<Database>, municipalityId: string, view: CaseView, signed: VerifiedApplicationSignature, now: Date): Promise<void> {
  const attachments = await trx.selectFrom('online_attachment').select(['id', 'attachment_ref', 'filename', 'sha256'])
    .where('municipality_id', '=', municipalityId).where('case_id', '=', view.id).execute();
  const current = signedContentOf(view, attachments.map((a) => ({ id: a.id, attachmentId: a.attachment_ref, filename: a.filename, sha256: a.sha256 })));
  if (Buffer.compare(Buffer.from(current), Buffer.from(signed.content)) !== 0) {
    throw new AppError(409, 'JPKI_DATA_TAMPERED', '署名した後に申請の内容が変わっています。確認画面で内容を確かめ、もう一度署名してから送信してください。');
  }
  const id = randomUUID();
  await trx.insertInto('online_signature').values({
    municipality_id: municipalityId, id, case_id: view.id, cms: signed.cms, content_sha256: sha256Hex(signed.content),
    signer_name: signed.signerName, signer_address: signed.signerAddress, certificate_serial: signed.certificateSerial,
    certificate_sha256: signed.certificateSha256, certificate_not_after: signed.certificateNotAfter, revocation_source: signed.revocationSource,
    revocation_checked_at: signed.revocationCheckedAt, signing_time: signed.signingTime, verified_at: now,
  }).execute();
  await appendAudit(trx, {
    municipalityId, actorStaffId: null, action: 'online.signature_verified', subjectType: 'case', subjectId: view.id,
    details: { signatureId: id, certificateSerial: signed.certificateSerial, revocation: signed.revocationSource },
  }, now);
}

export interface SignatureView {
  id: string;
  signerName: string;
  signerAddress: string;
  certificateSerial: string;
  certificateNotAfter: string;
  revocationSource: 'ocsp' | 'crl';
  revocationCheckedAt: string;
  signingTime: string | null;
  verifiedAt: string;
  contentSha256: string;
}

async function signaturesOf(db: Db, municipalityId: string, caseId: string): Promise<SignatureView[]> {
  const rows = await db.selectFrom('online_signature')
    .select(['id', 'signer_name', 'signer_address', 'certificate_serial', 'certificate_not_after', 'revocation_source', 'revocation_checked_at', 'signing_time', 'verified_at', 'content_sha256'])
    .where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).orderBy('verified_at', 'desc').execute();
  return rows.map((s) => ({
    id: s.id, signerName: s.signer_name, signerAddress: s.signer_address, certificateSerial: s.certificate_serial,
    certificateNotAfter: new Date(s.certificate_not_after).toISOString(), revocationSource: s.revocation_source,
    revocationCheckedAt: new Date(s.revocation_checked_at).toISOString(), signingTime: s.signing_time ? new Date(s.signing_time).toISOString() : null,
    verifiedAt: new Date(s.verified_at).toISOString(), contentSha256: s.content_sha256,
  }));
}

/** Staff who may open the case see its signatures (latest first); the read is audited. */
export async function signaturesForStaff(services: Services, staff: StaffPrincipal, caseId: string, requestId: string | null): Promise<SignatureView[]> {
  await getCaseForStaff(services, staff, caseId, requestId);
  const items = await signaturesOf(services.db, staff.municipalityId, caseId);
  if (items.length > 0) {
    await appendAudit(services.db, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.signature_read', subjectType: 'case', subjectId: caseId, requestId,
      details: { signatures: items.length },
    }, services.now());
  }
  return items;
}

/** The resident's own view: when their application was signed and verified. */
export async function latestSignatureOf(db: Db, municipalityId: string, caseId: string): Promise<SignatureView | null> {
  return (await signaturesOf(db, municipalityId, caseId))[0] ?? null;
}

/** The stored CMS of one signature, for staff who may open the case (e.g. to keep with the record). */
export async function signatureCmsForStaff(services: Services, staff: StaffPrincipal, caseId: string, signatureId: string, requestId: string | null): Promise<Uint8Array> {
  await getCaseForStaff(services, staff, caseId, requestId);
  const row = await services.db.selectFrom('online_signature').select('cms')
    .where('municipality_id', '=', staff.municipalityId).where('case_id', '=', caseId).where('id', '=', signatureId).executeTakeFirst();
  if (!row) throw new AppError(404, 'SIGNATURE_NOT_FOUND', 'この署名は見つかりません。案件の画面を開き直してください。');
  await appendAudit(services.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.signature_read', subjectType: 'case', subjectId: caseId, requestId,
    details: { signatureId, cms: true },
  }, services.now());
  return row.cms;
}

/** What the resident signs now, for their own draft or returned application. */
export async function signingContentForApplicant(services: Services, r: { municipalityId: string; accountId: string }, caseId: string): Promise<{ content: string; sha256: string }> {
  const owned = await services.db.selectFrom('online_application').select('case_id')
    .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('account_id', '=', r.accountId).executeTakeFirst();
  if (!owned) throw new AppError(404, 'PORTAL_APPLICATION_NOT_FOUND', 'この申請は見つかりません。「申請の一覧」から選び直してください。');
  const { case: view } = await getCaseForApplicant(services.db, r.municipalityId, caseId);
  if (view.status !== 'draft' && view.status !== 'returned') {
    throw new AppError(409, 'PORTAL_ALREADY_SUBMITTED', 'この申請はすでに送信されています。状況は申請の画面で確認できます。');
  }
  return signingContent(services, r.municipalityId, view);
}
