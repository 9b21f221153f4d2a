import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** Test and benchmark helpers for the counter: a drawn signature, a 転出証明書 of a family of three. */

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG as a canvas exports it: transparent, with a stroke across unless `blank`. */
export function signaturePngDataUrl(width = 600, height = 200, opts: { blank?: boolean } = {}): string {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  if (!opts.blank) {
    for (let x = 20; x < width - 20; x++) {
      const y = Math.round(height / 2 + Math.sin(x / 25) * height * 0.25);
      for (let dy = -2; dy <= 2; dy++) {
        const at = (y + dy) * (width * 4 + 1) + 1 + x * 4;
        raw[at] = 20; raw[at + 1] = 20; raw[at + 2] = 60; raw[at + 3] = 255;
      }
    }
  }
  return rgbaPngDataUrl(width, height, raw);
}

/** An 8-bit RGBA PNG of random pixels (does not compress): larger than a drawn signature of its size. */
export function noisyPngDataUrl(width: number, height: number): string {
  const raw = randomBytes((width * 4 + 1) * height);
  for (let row = 0; row < height; row++) raw[row * (width * 4 + 1)] = 0;
  return rgbaPngDataUrl(width, height, raw);
}

/** Scanlines (each led by its filter byte) as an 8-bit RGBA PNG data URL. */
function rgbaPngDataUrl(width: number, height: number, raw: Buffer): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** 尾花さん一家（3人）がさいたま市から: the 転出証明書 data as the adapter takes it (madoguchi.move/1). */
export function familyMoveOutCertificate(over: { moveOutDate?: string } = {}) {
  return {
    format: 'madoguchi.move/1',
    kind: 'moveOutCertificate',
    moveOutDate: over.moveOutDate ?? '2026-11-15',
    previousAddress: { postalCode: '330-0063', address: '埼玉県さいたま市浦和区高砂三丁目1番1号', building: null },
    newAddress: { postalCode: '999-4221', address: '山形県尾花沢市若葉町一丁目5番8号', building: 'コーポ若葉 201' },
    phone: '090-1234-5678',
    members: [
      { familyName: '尾花', givenName: '健一', familyNameKana: 'オバナ', givenNameKana: 'ケンイチ', birthDate: '1985-07-14', sex: '男', relationship: '世帯主', nationalHealthInsurance: true, pensionCategory: '第1号', myNumberCard: true, individualNumber: '123456789018' },
      { familyName: '尾花', givenName: '美咲', familyNameKana: 'オバナ', givenNameKana: 'ミサキ', birthDate: '1988-02-03', sex: '女', relationship: '妻', nationalHealthInsurance: true, pensionCategory: '第1号', myNumberCard: true },
      { familyName: '尾花', givenName: '蒼', familyNameKana: 'オバナ', givenNameKana: 'アオイ', birthDate: '2023-09-21', sex: '男', relationship: '子', nationalHealthInsurance: true, myNumberCard: false },
    ],
  };
}

/** What staff ask that nothing else knows, for the forms a family moving in usually needs. */
export const FAMILY_ANSWERS: Record<string, unknown> = {
  'shared:eventDate': '2026-11-20',
  'shared:applicantPhone': '090-1234-5678',
  'own:residence-change:notifierRelation': 'householder',
  'own:child-allowance-claim:pensionType': 'national',
  'own:child-allowance-claim:bankName': '山形銀行',
  'own:child-allowance-claim:bankBranch': '尾花沢支店',
  'own:child-allowance-claim:accountType': 'ordinary',
  'own:child-allowance-claim:accountNumber': '1234567',
  'own:child-allowance-claim:accountHolderKana': 'オバナ ケンイチ',
  'own:child-medical-eligibility:insurerName': '尾花沢市国民健康保険',
};
