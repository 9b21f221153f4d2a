import { verifyPin, verifyStatus } from '../apdu/command';
import { SW, isPinBlocked, retriesFromStatus } from '../apdu/status';
import { ascii, wipe } from '../bytes';
import type { CardChannel } from '../channel';
import { statusError } from '../channel';
import { type PinKind, PinFormatError, PinIncorrectError, PinLockedError } from '../errors';

export interface PinStatus {
  /** Tries left before the PIN locks; 0 when locked. */
  readonly triesLeft: number;
  readonly locked: boolean;
}

const FORMAT: Record<PinKind, RegExp> = {
  textAp: /^\d{4}$/,
  jpkiAuth: /^\d{4}$/,
  jpkiSign: /^[A-Z0-9]{6,16}$/,
};

export function isWellFormedPin(kind: PinKind, pin: string): boolean {
  return typeof pin === 'string' && FORMAT[kind].test(pin);
}

/** Asks the card for the retry counter with an empty VERIFY; spends no try. The PIN EF must be selected. */
export async function readPinStatus(channel: CardChannel): Promise<PinStatus> {
  const response = await channel.send(verifyStatus());
  if (isPinBlocked(response.sw)) return { triesLeft: 0, locked: true };
  const retries = retriesFromStatus(response.sw);
  if (retries !== undefined) return { triesLeft: retries, locked: false };
  // 9000 means already verified in this session; the counter is not exposed then.
  if (response.sw === SW.OK) return { triesLeft: -1, locked: false };
  throw statusError(response.sw);
}

/**
 * Exactly one VERIFY, never more: a wrong PIN costs the resident a try, and a locked PIN costs
 * them a trip to the city office. The PIN EF must be selected.
 */
export async function verifyPinOnce(channel: CardChannel, kind: PinKind, pin: string): Promise<void> {
  if (!isWellFormedPin(kind, pin)) throw new PinFormatError(kind);
  const data = ascii(pin);
  let sw: number;
  try {
    sw = (await channel.send(verifyPin(data))).sw;
  } finally {
    wipe(data);
  }
  if (sw === SW.OK) return;
  if (isPinBlocked(sw)) throw new PinLockedError(kind);
  const retries = retriesFromStatus(sw);
  if (retries !== undefined) throw new PinIncorrectError(kind, retries);
  throw statusError(sw);
}
