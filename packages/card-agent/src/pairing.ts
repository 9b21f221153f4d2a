import { randomBytes } from 'node:crypto';

/** A pairing token: 32 random bytes, base64url (valid inside a WebSocket subprotocol name). */
export function createPairingToken(): string {
  return randomBytes(32).toString('base64url');
}
