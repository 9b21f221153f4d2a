import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardChannel } from '../channel';
import { CardNotPresentError, CardRemovedError, PinIncorrectError, ReaderBusyError, ReaderNotFoundError } from '../errors';
import { JpkiAp } from '../profiles/jpki-ap';
import { TextAp } from '../profiles/text-ap';
import type { CardEvent } from '../transport';
import { HANAKO, personalisedHanako } from '../../test/fixtures';
import { acquirePcscLock, insertCard, isFirstVirtualSlot, removeCard, startPcscd } from '../testing/pcscd';
import { PcscTransport } from './pcsc-transport';
import { VpcdCardProcess } from './vpcd-card-process';

let release: () => Promise<void>;
let pcscd: { stop(): Promise<void> };

beforeAll(async () => {
  release = await acquirePcscLock();
  pcscd = await startPcscd();
}, 150_000);

afterAll(async () => {
  await pcscd?.stop();
  await release?.();
});

async function waitFor(events: CardEvent[], type: CardEvent['type']): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!events.some((e) => e.type === type)) {
    if (Date.now() > deadline) throw new Error(`no ${type} event`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PC/SC through pcscd and the vpcd virtual reader', () => {
  it('reads the four attributes and the auth certificate end to end', async () => {
    const { card, credentials } = await personalisedHanako();
    const vpcd = await VpcdCardProcess.start(card);
    await insertCard(vpcd);
    const transport = await PcscTransport.open({ reader: isFirstVirtualSlot });
    await transport.waitForCard(5000);
    try {
      const channel = new CardChannel(transport, { timeoutMs: 15_000 });
      const textAp = new TextAp(channel);
      expect(await textAp.readPinStatus()).toEqual({ state: 'ready', triesLeft: 3 });
      await textAp.verifyPin('1234');
      expect(await textAp.readAttributes()).toMatchObject({ address: HANAKO.address, birthDate: HANAKO.birthDate, sex: 'female' });
      const jpki = new JpkiAp(channel);
      expect(await jpki.detectCardType()).toBe('myNumberCard');
      expect(await jpki.readAuthCertificate()).toEqual(credentials.authCertificate);
    } finally {
      await transport.close();
      await removeCard(vpcd);
      await vpcd.stop();
    }
  });

  it('passes a wrong PIN through as PinIncorrectError with tries left', async () => {
    const vpcd = await VpcdCardProcess.start((await personalisedHanako()).card);
    await insertCard(vpcd);
    const transport = await PcscTransport.open({ reader: isFirstVirtualSlot });
    await transport.waitForCard(5000);
    try {
      const error = await new TextAp(new CardChannel(transport, { timeoutMs: 15_000 })).verifyPin('4321').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PinIncorrectError);
      expect((error as PinIncorrectError).triesLeft).toBe(2);
    } finally {
      await transport.close();
      await removeCard(vpcd);
      await vpcd.stop();
    }
  });

  it('reports insertion and removal, and a removed card as a typed error', async () => {
    const vpcd = await VpcdCardProcess.start((await personalisedHanako()).card);
    const transport = await PcscTransport.open({ reader: isFirstVirtualSlot });
    const events: CardEvent[] = [];
    transport.subscribe((event) => events.push(event));
    try {
      await insertCard(vpcd);
      await waitFor(events, 'inserted');
      const textAp = new TextAp(new CardChannel(transport, { timeoutMs: 15_000 }));
      await textAp.verifyPin('1234');
      await removeCard(vpcd);
      await waitFor(events, 'removed');
      const error = await textAp.readAttributes().catch((e: unknown) => e);
      expect([CardRemovedError, CardNotPresentError].some((type) => error instanceof type)).toBe(true);
    } finally {
      await transport.close();
      await removeCard(vpcd);
      await vpcd.stop();
    }
  });

  it('says the reader is busy when another application holds it exclusively', async () => {
    const vpcd = await VpcdCardProcess.start((await personalisedHanako()).card);
    await insertCard(vpcd);
    const first = await PcscTransport.open({ reader: isFirstVirtualSlot });
    const second = await PcscTransport.open({ reader: isFirstVirtualSlot });
    await first.waitForCard(5000);
    try {
      await new JpkiAp(new CardChannel(first, { timeoutMs: 15_000 })).detectCardType();
      const error = await new JpkiAp(new CardChannel(second, { timeoutMs: 15_000 })).detectCardType().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReaderBusyError);
      expect((error as ReaderBusyError).code).toBe('CARD_READER_BUSY');
    } finally {
      await first.close();
      await second.close();
      await removeCard(vpcd);
      await vpcd.stop();
    }
  });

  it('says no reader when the named reader does not exist', async () => {
    await expect(PcscTransport.open({ reader: 'ACME Reader 99' })).rejects.toBeInstanceOf(ReaderNotFoundError);
  });
});
