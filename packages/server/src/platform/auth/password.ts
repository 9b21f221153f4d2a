import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '../http/errors';

// argon2id (algorithm 2) with the OWASP minimum: 19 MiB, 2 passes, 1 lane (~60 ms here).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified against when the login id is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function burnPasswordCheck(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('madoguchi-timing-equaliser');
  return dummyHash.then((h) => verifyPassword(h, password));
}

export const MIN_PASSWORD_LENGTH = 12;

export function assertPasswordPolicy(password: string, path = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest('PASSWORD_TOO_SHORT', `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`, [
      { path, message: `${MIN_PASSWORD_LENGTH}文字以上で入力してください。` },
    ]);
  }
}
