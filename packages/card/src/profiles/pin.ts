import { verifyPin, verifyStatus } from '../apdu/command';
import { SW, isPinBlocked, retriesFromStatus } from '../apdu/status';
import { ascii, wipe } from '../bytes';
import type { CardChannel } from '../channel';
import { statusError } from '../channel';
import { type PinKind, PinFormatError, PinIncorrectError, PinLockedError } from '../errors';

export type PinStatus =
  /** Tries left before the PIN locks (show it before asking for the PIN). */
  | { readonly state: 'ready'; readonly triesLeft: number }
  /** Already verified in this session: the card does not tell the counter then. */
  | { readonly state: 'verified' }
  | { readonly state: 'locked' };

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
  if (isPinBlocked(response.sw)) return { state: 'locked' };
  const retries = retriesFromStatus(response.sw);
  if (retries !== undefined) return { state: 'ready', triesLeft: retries };
  if (response.sw === SW.OK) return { state: 'verified' };
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
