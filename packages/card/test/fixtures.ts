import type { CardEventListener, CardTransport, TransmitOptions } from '../src/transport';
import { SimulatedCardTransport } from '../src/sim/transport';
import { generateRsaKeyPair } from '../src/sim/test-ca';
import { type PersonalisedCard, type SimulatedIssuers, type SimulatedResident, createSimulatedIssuers, personaliseMyNumberCard } from '../src/sim/my-number-card';

/** A fictitious resident; the individual number is the well-known check-digit example. */
export const HANAKO: SimulatedResident = {
  familyName: '尾花沢',
  givenName: '花子',
  address: '山形県尾花沢市若葉町一丁目２番３号　尾花沢ハイツ１０１号室',
  birthDate: '1958-02-28',
  sex: 'female',
  individualNumber: '123456789018',
  pin: '1234',
  signingPassword: 'HANAKO2026',
};

let issuers: Promise<SimulatedIssuers> | undefined;

/** One set of test CAs per test file: RSA key generation is the slow part. */
export function testIssuers(options?: Parameters<typeof createSimulatedIssuers>[0]): Promise<SimulatedIssuers> {
  issuers ??= createSimulatedIssuers(options);
  return issuers;
}

let cardKeys: Promise<{ auth: CryptoKeyPair; signing: CryptoKeyPair }> | undefined;

/** A fresh card (fresh PIN counters) each call; keys are made once per test file. */
export async function personalisedHanako(): Promise<PersonalisedCard> {
  cardKeys ??= Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]).then(([auth, signing]) => ({ auth, signing }));
  return personaliseMyNumberCard(HANAKO, await testIssuers(), { keys: await cardKeys });
}

export async function hanakoOnReader(): Promise<{ transport: SimulatedCardTransport } & PersonalisedCard> {
  const personalised = await personalisedHanako();
  return { ...personalised, transport: new SimulatedCardTransport(personalised.card) };
}

/** The log-facing detail of a CardProtocolError thrown by fn (the user message is generic Japanese). */
export function protocolDetail(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error && 'detail' in error && typeof error.detail === 'string') return error.detail;
    throw error;
  }
  throw new Error('expected a CardProtocolError');
}

/** Passes APDUs through unchanged and keeps a hex log of the commands, to assert what was sent. */
export class RecordingTransport implements CardTransport {
  readonly commands: string[] = [];
  readonly #inner: CardTransport;
  constructor(inner: CardTransport) {
    this.#inner = inner;
  }
  transmit(apdu: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    this.commands.push(Array.from(apdu, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase());
    return this.#inner.transmit(apdu, options);
  }
  subscribe(listener: CardEventListener): () => void {
    return this.#inner.subscribe(listener);
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}
