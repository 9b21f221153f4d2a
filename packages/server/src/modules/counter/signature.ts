import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { PaperLayout } from '@madoguchi/procedures';
import { badRequest } from '../../platform/http/errors';

/**
 * The resident's handwritten signature, drawn with a finger or stylus on the tablet and sent as a
 * PNG data URL. Checked before it is kept: really a PNG, of a sensible size, and not blank.
 */

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const MAX_SIGNATURE_BYTES = 300 * 1024;

const refuse = (code: string, message: string) => badRequest(code, message, [{ path: 'dataUrl', message }]);

export interface Signature {
  png: Uint8Array;
  width: number;
  height: number;
  sha256: string;
}

export function parseSignatureDataUrl(dataUrl: string): Signature {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!m) throw refuse('SIGNATURE_NOT_PNG', '署名はPNG画像（data:image/png;base64,…）で送ってください。署名欄に書き直してから、もう一度確定してください。');
  const png = new Uint8Array(Buffer.from(m[1]!, 'base64'));
  if (png.length > MAX_SIGNATURE_BYTES) throw refuse('SIGNATURE_TOO_LARGE', `署名の画像が大きすぎます（${Math.round(MAX_SIGNATURE_BYTES / 1024)}KBまで）。書き直してから、もう一度確定してください。`);
  if (png.length < 33 || PNG_MAGIC.some((b, i) => png[i] !== b)) throw refuse('SIGNATURE_NOT_PNG', '署名の画像をPNGとして読み取れません。書き直してから、もう一度確定してください。');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') throw refuse('SIGNATURE_NOT_PNG', '署名の画像をPNGとして読み取れません。書き直してから、もう一度確定してください。');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width < 100 || height < 40 || width > 3000 || height > 1500) throw refuse('SIGNATURE_SIZE', '署名欄の大きさが想定と違います。画面を読み込み直して、署名欄に書き直してください。');
  if (isBlank(png, width, height)) throw refuse('SIGNATURE_EMPTY', '署名が書かれていません。署名欄に指かペンで氏名を書いてから確定してください。');
  return { png, width, height, sha256: createHash('sha256').update(png).digest('hex') };
}

/**
 * A blank canvas exports as all-zero pixels (transparent black). PNG filters leave an all-zero
 * image all zero, and the first non-zero pixel always leaves a non-zero byte, so one pass over the
 * inflated rows (skipping each row's filter-type byte) tells blank from drawn. Only 8-bit RGBA,
 * what canvas.toDataURL writes, is accepted.
 */
function isBlank(png: Uint8Array, width: number, height: number): boolean {
  const bitDepth = png[24];
  const colorType = png[25];
  const interlace = png[28];
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw refuse('SIGNATURE_FORMAT', '署名の画像の形式（8ビットRGBA）が想定と違います。画面の署名欄から書いてください。');
  const chunks: Uint8Array[] = [];
  let at = 8;
  while (at + 8 <= png.length) {
    const length = new DataView(png.buffer, png.byteOffset + at, 4).getUint32(0);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(chunks));
  } catch {
    throw refuse('SIGNATURE_NOT_PNG', '署名の画像をPNGとして読み取れません。書き直してから、もう一度確定してください。');
  }
  const stride = width * 4 + 1;
  if (raw.length < stride * height) throw refuse('SIGNATURE_NOT_PNG', '署名の画像が途中で切れています。書き直してから、もう一度確定してください。');
  for (let row = 0; row < height; row++) {
    const start = row * stride + 1;
    for (let i = start; i < start + width * 4; i++) if (raw[i] !== 0) return false;
  }
  return true;
}

const MM = 72 / 25.4;

/** Boxes of the layout where the signature goes: the fields printed from `signature.*`. */
export function signatureBoxes(layout: PaperLayout): { x: number; y: number; w: number; h: number }[] {
  return layout.elements
    .filter((e) => e.kind === 'field' && JSON.stringify(e.value ?? e.bind ?? '').includes('signature'))
    .map((e) => e as { x: number; y: number; w: number; h: number });
}

/** Draws the signature into each signature box of the rendered form, fitted and centred. */
export async function embedSignature(pdf: Uint8Array, layout: PaperLayout, png: Uint8Array): Promise<Uint8Array> {
  const boxes = signatureBoxes(layout);
  if (boxes.length === 0) return pdf;
  const doc = await PDFDocument.load(pdf);
  const image = await doc.embedPng(png);
  const page = doc.getPage(0);
  const pageHeight = page.getHeight();
  for (const b of boxes) {
    const pad = 0.8;
    const boxW = (b.w - pad * 2) * MM;
    const boxH = (b.h - pad * 2) * MM;
    const scale = Math.min(boxW / image.width, boxH / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    const x = (b.x + pad) * MM + (boxW - w) / 2;
    const y = pageHeight - (b.y + pad) * MM - boxH + (boxH - h) / 2;
    page.drawImage(image, { x, y, width: w, height: h });
  }
  return doc.save({ useObjectStreams: false });
}
