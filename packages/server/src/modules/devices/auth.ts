import type { Context } from 'hono';
import { DEVICE_AUTH_HEADER, deviceAuthBodyHash, deviceAuthInput, importPublicKey, parseDeviceAuthHeader, verifyText, type DeviceKind, type PublicKeyJwk } from '@madoguchi/device-sync';
import type { AppEnv, Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { LruCache } from '../../platform/cache/cache';

/** A signed request's timestamp must be within this of the server's clock (the client corrects its clock from serverTime). */
export const REQUEST_WINDOW_MS = 5 * 60 * 1000;

export interface DevicePrincipal {
  municipalityId: string;
  deviceId: string;
  kind: DeviceKind;
  label: string;
  status: 'active' | 'revoked';
}

/** Nonces seen within the window (per process; a multi-process deployment needs a shared store). */
const seenNonces = new Map<string, number>();

function rememberNonce(key: string, nowMs: number): boolean {
  if (seenNonces.size > 50_000) for (const [k, exp] of seenNonces) if (exp < nowMs) seenNonces.delete(k);
  const exp = seenNonces.get(key);
  if (exp !== undefined && exp >= nowMs) return false;
  seenNonces.set(key, nowMs + 2 * REQUEST_WINDOW_MS);
  return true;
}

/** Imported device public keys by thumbprint (a key never changes under its thumbprint). */
const keyCache = new LruCache<string, CryptoKey>(10_000);
async function publicKeyOf(thumbprint: string, jwk: PublicKeyJwk): Promise<CryptoKey> {
  let k = keyCache.get(thumbprint);
  if (!k) {
    k = await importPublicKey(jwk);
    keyCache.set(thumbprint, k);
  }
  return k;
}

export async function devicePublicKey(d: { key_thumbprint: string | null; public_key_jwk: unknown }): Promise<CryptoKey | null> {
  if (!d.key_thumbprint || !d.public_key_jwk) return null;
  return publicKeyOf(d.key_thumbprint, d.public_key_jwk as PublicKeyJwk);
}

const unauthorised = (code: string, message: string, details: { path: string; message: string }[] = []) => new AppError(401, code, message, details);

/**
 * Checks the x-device-auth header (see @madoguchi/device-sync deviceAuthHeader): a known, enrolled
 * device's signature over method, path with query, timestamp, nonce and the body. A timestamp
 * outside the window is refused with DEVICE_CLOCK_SKEW and the server's time in details (path
 * 'serverTime') so the device corrects its clock and retries. Revoked devices are refused unless
 * `allowRevoked` (the push route, which must still report what they sent).
 */
export async function verifyDeviceRequest(services: Services, c: Context<AppEnv>, opts: { allowRevoked?: boolean } = {}): Promise<DevicePrincipal> {
  const auth = parseDeviceAuthHeader(c.req.header(DEVICE_AUTH_HEADER));
  if (!auth) throw unauthorised('DEVICE_AUTH_REQUIRED', '端末の認証が必要です。登録済みの端末のアプリから送信してください。');
  const d = await services.db.selectFrom('device').select(['municipality_id', 'id', 'kind', 'label', 'status', 'public_key_jwk', 'key_thumbprint'])
    .where('municipality_id', '=', auth.municipalityId).where('id', '=', auth.deviceId).executeTakeFirst();
  const key = d ? await devicePublicKey(d) : null;
  if (!d || !key) throw unauthorised('DEVICE_UNKNOWN', 'この端末は登録されていません。管理者に登録コードを発行してもらい、端末を登録してください。');
  const url = new URL(c.req.url);
  let body: unknown = undefined;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const text = await c.req.text();
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError(400, 'MALFORMED_JSON', '送信内容がJSONとして読み取れません。形式を確認してください。');
      }
    }
  }
  const input = deviceAuthInput(c.req.method, `${url.pathname}${url.search}`, auth.timestampMs, auth.nonce, await deviceAuthBodyHash(body));
  if (!(await verifyText(key, input, auth.signature))) throw unauthorised('DEVICE_AUTH_INVALID', '端末の認証に失敗しました。端末を登録し直す必要があるかもしれません。管理者に連絡してください。');
  const nowMs = services.now().getTime();
  if (Math.abs(auth.timestampMs - nowMs) > REQUEST_WINDOW_MS) {
    throw unauthorised('DEVICE_CLOCK_SKEW', '端末の時計がずれています。自動で合わせて再送します。続く場合は端末の日時設定を確認してください。', [{ path: 'serverTime', message: new Date(nowMs).toISOString() }]);
  }
  if (!rememberNonce(`${auth.deviceId}:${auth.nonce}`, nowMs)) throw unauthorised('DEVICE_AUTH_REPLAYED', 'この要求はすでに受け付けています。もう一度操作してください。');
  if (d.status === 'revoked' && !opts.allowRevoked) throw new AppError(403, 'DEVICE_REVOKED', 'この端末は利用停止されています。管理者に連絡してください。');
  if (d.status === 'pending') throw unauthorised('DEVICE_UNKNOWN', 'この端末は登録が済んでいません。');
  return { municipalityId: d.municipality_id, deviceId: d.id, kind: d.kind, label: d.label, status: d.status as 'active' | 'revoked' };
}

/** For other modules' device routes (pulls): the authenticated, active device. */
export async function requireDevice(c: Context<AppEnv>, services: Services): Promise<DevicePrincipal> {
  return verifyDeviceRequest(services, c);
}
