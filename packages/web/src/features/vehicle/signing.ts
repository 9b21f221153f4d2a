import type { ProcedureDefinition } from '@madoguchi/procedures';

/**
 * The resident's signature on the vehicle tablet: drawn on the screen (the counter's SignaturePad),
 * or on the paper form kept in the vehicle (「紙に署名する」, as before). A drawn signature travels
 * inside the sealed case (encrypted at rest and in the event; erased from the tablet with the rest
 * once the server acknowledges it); the server checks it again and draws it into the A4 form.
 */

export type SignatureMode = 'screen' | 'paper';

/**
 * The largest PNG a signature drawn on the tablet may be: the same as the server's
 * MAX_VEHICLE_SIGNATURE_BYTES (modules/outreach/vehicle/signature.ts). Smaller than the counter's,
 * because the PNG rides inside one device event (at most 200,000 characters, base64 twice).
 */
export const MAX_SIGNATURE_BYTES = 96 * 1024;

export const PAPER_REF = 'outreach-paper';
export const screenRef = (clientCaseId: string) => `outreach-screen:${clientCaseId}`;
/** Until the case is saved (and has its id), the form's signature fields say "signed on the screen". */
const SCREEN_PENDING = 'outreach-screen:pending';

export const signatureFieldIds = (definition: ProcedureDefinition): string[] =>
  definition.steps.flatMap((s) => s.fields).filter((f) => f.type === 'signature').map((f) => f.id);

/** The bytes of a PNG data URL (without decoding it). */
export function dataUrlBytes(dataUrl: string): number {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

export type SignatureCheck = { ok: true } | { ok: false; message: string };

/** What the tablet accepts before saving: a PNG data URL within the limit. */
export function checkSignature(dataUrl: string | null): SignatureCheck {
  if (!dataUrl) return { ok: false, message: '署名欄に、ご本人の氏名を指かペンで書いていただいてください。画面に書けないときは「紙に署名する」を選んでください。' };
  if (!dataUrl.startsWith('data:image/png;base64,')) return { ok: false, message: '署名を画像にできませんでした。「書き直す」を押して、もう一度書いてください。' };
  if (dataUrlBytes(dataUrl) > MAX_SIGNATURE_BYTES) {
    return { ok: false, message: `署名の画像が大きすぎます（${Math.round(MAX_SIGNATURE_BYTES / 1024)}KBまで）。「書き直す」を押して、線を重ねすぎないように書き直してください。` };
  }
  return { ok: true };
}

/** The signature fields' answers while the form is filled: where the signature is. */
export function signatureAnswers(definition: ProcedureDefinition, mode: SignatureMode): Record<string, { method: 'handwritten'; ref: string }> {
  const ref = mode === 'screen' ? SCREEN_PENDING : PAPER_REF;
  return Object.fromEntries(signatureFieldIds(definition).map((id) => [id, { method: 'handwritten' as const, ref }]));
}

/**
 * The answers and the sealed signature as saved: with a drawn signature, each signature field points
 * to it (`outreach-screen:<clientCaseId>`, what the server checks); on paper, `outreach-paper`.
 */
export function applySignature(definition: ProcedureDefinition, answers: Record<string, unknown>, clientCaseId: string, dataUrl: string | null): { answers: Record<string, unknown>; signature: string | null } {
  const ids = signatureFieldIds(definition);
  const out = { ...answers };
  const drawn = dataUrl && ids.length > 0 ? dataUrl : null;
  for (const id of ids) out[id] = { method: 'handwritten', ref: drawn ? screenRef(clientCaseId) : PAPER_REF };
  return { answers: out, signature: drawn };
}
