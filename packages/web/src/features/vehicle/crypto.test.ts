import { describe, expect, it } from 'vitest';
import { fromB64, importDataKey, openJson, sealJson, toB64, unwrapWithPin, wrapWithPin } from './crypto';

describe('the tablet encryption at rest', () => {
  const raw = () => crypto.getRandomValues(new Uint8Array(new ArrayBuffer(32)));

  it('seals and opens JSON only with the same key and the same associated data', async () => {
    const k = raw();
    const key = await importDataKey(k);
    const s = await sealJson(key, 'device-1:case-1', { name: '鰐渕 太郎' });
    expect(atob(s.sealed)).not.toContain('鰐渕');
    expect(await openJson(key, 'device-1:case-1', s)).toEqual({ name: '鰐渕 太郎' });
    await expect(openJson(key, 'device-1:case-2', s)).rejects.toBeDefined();
    await expect(openJson(await importDataKey(raw()), 'device-1:case-1', s)).rejects.toBeDefined();
  });

  it('wraps the data key under the PIN: the right PIN gives the same bytes back, a wrong one gives nothing', async () => {
    const k = raw();
    const wrapped = await wrapWithPin(k, '246810', 1000);
    expect(wrapped.wrapped).not.toBe(toB64(k));
    expect(await unwrapWithPin(wrapped, '246810')).toEqual(k);
    expect(await unwrapWithPin(wrapped, '246811')).toBeNull();
    // A different salt each time: the same PIN and key never give the same stored value.
    expect((await wrapWithPin(k, '246810', 1000)).salt).not.toBe(wrapped.salt);
  });

  it('base64 round-trips bytes of any length', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
    expect(fromB64(toB64(bytes))).toEqual(bytes);
  });
});
