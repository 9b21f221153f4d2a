import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for individual fields (the individual number, TOTP secrets). The stored value is
 * `keyIdLength | keyId | iv(12) | tag(16) | ciphertext`, so keys can rotate: old rows still name
 * the key that encrypted them. `context` (e.g. the row's tenant and id) is bound as associated
 * data, so a ciphertext copied onto another row fails to decrypt.
 */
export class FieldCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    const key = keys.get(activeKeyId);
    if (!key || key.length !== 32) throw new Error('active encryption key must be 32 bytes');
  }

  encrypt(plaintext: Uint8Array | string, context: string): Uint8Array {
    const key = this.keys.get(this.activeKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyId = Buffer.from(this.activeKeyId, 'utf8');
    return Buffer.concat([Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), body]);
  }

  decrypt(stored: Uint8Array, context: string): Buffer {
    const buf = Buffer.from(stored);
    const idLength = buf[0] ?? 0;
    const keyId = buf.subarray(1, 1 + idLength).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`encryption key "${keyId}" is not configured`);
    const iv = buf.subarray(1 + idLength, 13 + idLength);
    const tag = buf.subarray(13 + idLength, 29 + idLength);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(buf.subarray(29 + idLength)), decipher.final()]);
  }

  keyIdOf(stored: Uint8Array): string {
    const idLength = stored[0] ?? 0;
    return Buffer.from(stored.subarray(1, 1 + idLength)).toString('utf8');
  }
}
