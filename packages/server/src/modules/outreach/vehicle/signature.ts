import type { Kysely, Transaction } from 'kysely';
import type { Field, ProcedureDefinition } from '@madoguchi/procedures';
import type { Database } from '../../../platform/db/schema';
import { AppError, badRequest } from '../../../platform/http/errors';
import { parseSignatureDataUrl, type Signature } from '../../counter/signature';

/**
 * The resident's signature drawn on the vehicle tablet's screen (offline). It travels inside the
 * sealed case (so it is encrypted on the tablet and in the event, and erased from the tablet with the
 * rest once acknowledged), is checked here exactly as the counter checks its own (a drawn 8-bit RGBA
 * PNG, not blank, of a sensible size), and is kept with the case it signs; the case's A4 form draws it
 * into the signature box. The answers carry where the signature is: `outreach-screen:<clientCaseId>`
 * for one drawn on the tablet, `outreach-paper…` for one on the paper form kept in the vehicle.
 */

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The largest PNG a vehicle signature may be. Smaller than the counter's (300 KB): the PNG rides in
 * the sealed case of one device event, and an event's payload is at most 200,000 characters
 * (device-sync MAX_PAYLOAD_CHARS) after base64 twice (data URL, then the sealed bytes).
 */
export const MAX_VEHICLE_SIGNATURE_BYTES = 96 * 1024;

export const SCREEN_REF_PREFIX = 'outreach-screen:';
export const screenSignatureRef = (clientCaseId: string) => ({ method: 'handwritten' as const, ref: `${SCREEN_REF_PREFIX}${clientCaseId}` });

const signatureFields = (definition: ProcedureDefinition): Field[] => definition.steps.flatMap((s) => s.fields).filter((f) => f.type === 'signature');

const refuse = (code: string, message: string, details: { path: string; message: string }[] = []) => badRequest(code, message, details);

/**
 * Checks the signature of a sealed case against its answers. A drawn signature must be a valid PNG
 * within the limit, and the form's signature fields must point to it; answers that say "signed on the
 * screen" without a drawing are refused too. Bad data refuses the whole event (nothing is stored).
 */
export function checkVehicleSignature(dataUrl: string | null | undefined, definition: ProcedureDefinition, answers: Record<string, unknown>, clientCaseId: string): Signature | null {
  const fields = signatureFields(definition);
  const claimsScreen = fields.some((f) => {
    const ref = (answers[f.id] as { ref?: unknown } | undefined)?.ref;
    return typeof ref === 'string' && ref.startsWith(SCREEN_REF_PREFIX);
  });
  if (!dataUrl) {
    if (claimsScreen) throw refuse('VEHICLE_SIGNATURE_MISSING', '画面で署名したことになっていますが、署名の画像が届いていません。この申請は登録していません。窓口で改めて署名をいただいてください。', [{ path: 'signature', message: '署名の画像がありません。' }]);
    return null;
  }
  if (fields.length === 0) throw refuse('VEHICLE_SIGNATURE_UNEXPECTED', 'この手続きには署名欄がないのに、署名の画像が届きました。端末のアプリを更新してから、もう一度受け付けてください。', [{ path: 'signature', message: '署名欄のない手続きです。' }]);
  let signature: Signature;
  try {
    signature = parseSignatureDataUrl(dataUrl);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    throw refuse('VEHICLE_SIGNATURE_INVALID', `署名の画像を受け付けられませんでした（${e.message}）。この申請は登録していません。窓口で改めて署名をいただいてください。`, [{ path: 'signature', message: e.code }]);
  }
  if (signature.png.length > MAX_VEHICLE_SIGNATURE_BYTES) {
    throw refuse('VEHICLE_SIGNATURE_TOO_LARGE', `署名の画像が大きすぎます（${Math.round(MAX_VEHICLE_SIGNATURE_BYTES / 1024)}KBまで）。この申請は登録していません。端末のアプリを更新し、署名を書き直して受け付け直してください。`, [{ path: 'signature', message: `${signature.png.length} bytes` }]);
  }
  const expected = `${SCREEN_REF_PREFIX}${clientCaseId}`;
  for (const f of fields) {
    const ref = (answers[f.id] as { ref?: unknown } | undefined)?.ref;
    if (ref !== undefined && ref !== expected) {
      throw refuse('VEHICLE_SIGNATURE_REF', '署名の画像と、申請の署名欄の記録が一致しません。この申請は登録していません。窓口で改めて受け付けてください。', [{ path: f.id, message: `${expected} を指していません。` }]);
    }
  }
  return signature;
}

/** Keeps the drawn signature with the case it signs (a second delivery keeps the first). */
export async function keepVehicleSignature(db: Db, input: { municipalityId: string; caseId: string; deviceId: string; clientCaseId: string; signature: Signature }, now: Date): Promise<void> {
  await db.insertInto('outreach_vehicle_signature').values({
    municipality_id: input.municipalityId, case_id: input.caseId, device_id: input.deviceId, client_case_id: input.clientCaseId,
    png: input.signature.png, sha256: input.signature.sha256, width: input.signature.width, height: input.signature.height, created_at: now,
  }).onConflict((oc) => oc.doNothing()).execute();
}

/** The PNG drawn on the tablet for this case, if the resident signed on the screen. */
export async function vehicleSignatureOf(db: Db, municipalityId: string, caseId: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom('outreach_vehicle_signature').select('png').where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).executeTakeFirst();
  return row ? new Uint8Array(row.png) : null;
}

/** What the audit entry of the case records about its signature (never the image). */
export const signatureAuditOf = (s: Signature | null) => (s ? { method: 'screen', sha256: s.sha256, width: s.width, height: s.height } : { method: 'paper' });
