import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), the profile every authenticator app supports. */
const PERIOD = 30;
const DIGITS = 6;

export const newTotpSecret = (): Uint8Array => randomBytes(20);

export function hotp(secret: Uint8Array, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return code.toString().padStart(DIGITS, '0');
}

export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / PERIOD);

export const totpCode = (secret: Uint8Array, now: Date) => hotp(secret, totpStep(now));

/**
 * Accepts the current step and one either side (clock drift), returning the matched step so the
 * caller can refuse a code that was already used (replay within its 90 s window).
 */
export function matchTotp(secret: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(now);
  for (const step of [current - 1, current, current + 1]) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code))) return step;
  }
  return null;
}

export function totpUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret: encodeBase32UpperCaseNoPadding(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(DIGITS),
    period: String(PERIOD),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

export const totpSecretText = (secret: Uint8Array) => encodeBase32UpperCaseNoPadding(secret);
