import {
  AgentRejectedError,
  AgentUnavailableError,
  CardChannel,
  IndividualNumberNotPermittedError,
  JpkiAp,
  ReaderBusyError,
  ReaderNotFoundError,
  TextAp,
  fromHex,
  hex,
  type CardEvent,
  type IndividualNumberProcedure,
} from '@madoguchi/card';
import { type PersonalisedCard, SimulatedCardTransport, createSimulatedIssuers, generateRsaKeyPair, personaliseMyNumberCard } from '@madoguchi/card/sim';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TOKEN, WEB_ORIGIN, connectAs } from '../test/agent-fixtures';
import { type AgentLogEvent, type RunningCardAgent, startCardAgent } from './server';

const MOVE_IN: IndividualNumberProcedure = { id: 'move-in', individualNumberUse: true };
const RESIDENT = {
  familyName: '尾花沢',
  givenName: '一郎',
  address: '山形県尾花沢市若葉町一丁目２番３号',
  birthDate: '1950-04-01',
  sex: 'male' as const,
  individualNumber: '123456789018',
  pin: '2580',
  signingPassword: 'ICHIRO2026',
};

let personalise: () => Promise<PersonalisedCard>;
let agent: RunningCardAgent | undefined;
let reader: SimulatedCardTransport;
let commands: string[];
let logs: AgentLogEvent[];

beforeAll(async () => {
  const issuers = await createSimulatedIssuers();
  const keys = { auth: await generateRsaKeyPair(), signing: await generateRsaKeyPair() };
  personalise = () => personaliseMyNumberCard(RESIDENT, issuers, { keys });
});

async function start(options: { openFails?: boolean } = {}): Promise<RunningCardAgent> {
  reader = new SimulatedCardTransport((await personalise()).card);
  commands = [];
  logs = [];
  const seen: typeof reader = reader;
  const recording = {
    transmit: (apdu: Uint8Array) => {
      commands.push(hex(apdu));
      return seen.transmit(apdu);
    },
    subscribe: seen.subscribe.bind(seen),
    close: seen.close.bind(seen),
    cardPresent: () => seen.cardPresent(),
    reset: () => seen.reset(),
    readerName: 'Simulated reader',
  };
  agent = await startCardAgent({
    openTransport: async () => {
      if (options.openFails) throw new ReaderNotFoundError();
      return recording;
    },
    allowedOrigins: [WEB_ORIGIN],
    pairingToken: TOKEN,
    individualNumberProcedures: ['move-in'],
    log: (event) => logs.push(event),
  });
  return agent;
}

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

async function rawHandshake(url: string, headers: { origin?: string; protocols?: string[]; host?: string }): Promise<{ status?: number; closeCode?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, headers.protocols ?? [], {
      ...(headers.origin !== undefined ? { origin: headers.origin } : {}),
      ...(headers.host !== undefined ? { headers: { host: headers.host } } : {}),
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      ws.terminate();
    });
    ws.on('close', (code) => resolve({ closeCode: code }));
    ws.on('error', () => undefined);
  });
}

describe('card-agent over WebSocket (simulated card on the reader)', () => {
  it('lets a paired page read the four attributes through the same profiles', async () => {
    const { url } = await start();
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    const textAp = new TextAp(new CardChannel(transport));
    expect(await textAp.readPinStatus()).toEqual({ state: 'ready', triesLeft: 3 });
    await textAp.verifyPin('2580');
    expect(await textAp.readAttributes()).toEqual({
      name: '尾花沢\u3000一郎',
      address: RESIDENT.address,
      birthDate: '1950-04-01',
      sex: 'male',
    });
    expect(await new JpkiAp(new CardChannel(transport)).detectCardType()).toBe('myNumberCard');
    expect(await transport.status()).toEqual({ reader: 'Simulated reader', cardPresent: true });
    await transport.close();
  });

  it('refuses pages from other origins before any WebSocket exists', async () => {
    const { url } = await start();
    expect(await rawHandshake(url, { origin: 'https://evil.example', protocols: ['madoguchi-card.v1', `pairing.${TOKEN}`] })).toEqual({ status: 403 });
    expect(await rawHandshake(url, { protocols: ['madoguchi-card.v1', `pairing.${TOKEN}`] })).toEqual({ status: 403 });
    await expect(connectAs(url, 'https://evil.example', TOKEN)).rejects.toBeInstanceOf(AgentUnavailableError);
    expect(logs).toContainEqual({ type: 'rejected', reason: 'origin', origin: 'https://evil.example' });
    expect(commands).toEqual([]);
  });

  it('refuses a DNS-rebinding host name', async () => {
    const { url } = await start();
    expect(await rawHandshake(url, { origin: WEB_ORIGIN, protocols: ['madoguchi-card.v1', `pairing.${TOKEN}`], host: 'evil.example:80' })).toEqual({
      status: 403,
    });
  });

  it('closes an unpaired page with a typed rejection', async () => {
    const { url } = await start();
    const error = await connectAs(url, WEB_ORIGIN, 'wrong-token-wrong-token-wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentRejectedError);
    expect((error as AgentRejectedError).code).toBe('AGENT_REJECTED');
    expect(await rawHandshake(url, { origin: WEB_ORIGIN, protocols: ['madoguchi-card.v1'] })).toEqual({ closeCode: 4401 });
    expect(await rawHandshake(url, { origin: WEB_ORIGIN, protocols: [] })).toEqual({ status: 400 });
    expect(commands).toEqual([]);
  });

  it('passes the individual number only for a 個人番号利用事務 procedure on its list', async () => {
    const { url } = await start();
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    const textAp = new TextAp(new CardChannel(transport));
    await textAp.verifyPin('2580');
    // The page skips the library check and asks anyway: the agent refuses at the APDU level.
    await expect(textAp.readIndividualNumber(MOVE_IN)).rejects.toBeInstanceOf(IndividualNumberNotPermittedError);
    expect(await transport.declarePurpose({ id: 'dog-registration', individualNumberUse: true })).toBe(false);
    await expect(textAp.readIndividualNumber(MOVE_IN)).rejects.toBeInstanceOf(IndividualNumberNotPermittedError);
    expect(commands.some((c) => c === '00A4020C020001' || c === '00A4020C020003')).toBe(false);
    expect(await transport.declarePurpose(MOVE_IN)).toBe(true);
    expect(await textAp.readIndividualNumber(MOVE_IN)).toBe('123456789018');
    // Ending the purpose closes the file again, even though it is still selected on the card.
    expect(await transport.declarePurpose(null)).toBe(false);
    await expect(new CardChannel(transport).readTlvFile()).rejects.toMatchObject({ code: 'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED' });
    expect(logs).toContainEqual({ type: 'denied', reason: 'individualNumber' });
    await transport.close();
  });

  it('resets the card between sessions, so the next page cannot ride on a verified PIN', async () => {
    const { url } = await start();
    const first = await connectAs(url, WEB_ORIGIN, TOKEN);
    await new TextAp(new CardChannel(first)).verifyPin('2580');
    await first.close();
    let second: Awaited<ReturnType<typeof connectAs>> | undefined;
    await expect.poll(async () => (second = await connectAs(url, WEB_ORIGIN, TOKEN).catch(() => undefined))).toBeDefined();
    if (second === undefined) throw new Error('no second session');
    await expect(new TextAp(new CardChannel(second)).readAttributes()).rejects.toMatchObject({ code: 'CARD_SECURITY_STATUS_NOT_SATISFIED' });
    await second.close();
  });

  it('denies commands outside the profiles', async () => {
    const { url } = await start();
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    for (const apdu of [
      '00A4040C0AD3921000310001010402', // 券面AP (card-face images, number)
      '00A4080C020001', // SELECT by path
      '00B0810000', // READ BINARY by short EF id
      '00CA010100', // GET DATA
      '00D6000001FF', // UPDATE BINARY
    ]) {
      await expect(transport.transmit(fromHex(apdu)), apdu).rejects.toMatchObject({ code: 'AGENT_COMMAND_DENIED' });
    }
    expect(commands).toEqual([]);
    await transport.close();
  });

  it('forwards card removal and insertion, and ends the grant with the card', async () => {
    const { url } = await start();
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    const events: CardEvent[] = [];
    transport.subscribe((event) => events.push(event));
    expect(await transport.declarePurpose(MOVE_IN)).toBe(true);
    const card = reader.card;
    reader.remove();
    if (card === undefined) throw new Error('no card');
    reader.insert(card);
    await expect.poll(() => events.map((e) => e.type)).toEqual(['removed', 'inserted']);
    const textAp = new TextAp(new CardChannel(transport));
    await textAp.verifyPin('2580');
    await expect(textAp.readIndividualNumber(MOVE_IN)).rejects.toBeInstanceOf(IndividualNumberNotPermittedError);
    await transport.close();
  });

  it('lets one page at a time hold the reader', async () => {
    const { url } = await start();
    const first = await connectAs(url, WEB_ORIGIN, TOKEN);
    const error = await connectAs(url, WEB_ORIGIN, TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReaderBusyError);
    expect((error as ReaderBusyError).message).toContain('他のアプリで使用中');
    await first.close();
    await expect.poll(async () => (await connectAs(url, WEB_ORIGIN, TOKEN).then((t) => t.close().then(() => 'ok'), () => 'busy'))).toBe('ok');
  });

  it('closes a client that sends garbage or oversized messages, and keeps serving', async () => {
    const { url } = await start();
    for (const payload of ['not json', JSON.stringify({ id: 1, type: 'transmit', apdu: 'zz' }), 'x'.repeat(10_000)]) {
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url, ['madoguchi-card.v1', `pairing.${TOKEN}`], { origin: WEB_ORIGIN });
        ws.on('open', () => ws.send(payload));
        ws.on('close', (c) => resolve(c));
        ws.on('error', () => undefined);
      });
      expect([4400, 1009]).toContain(code);
    }
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    expect((await transport.status()).cardPresent).toBe(true);
    await transport.close();
  });

  it('answers CARD_TIMEOUT for a card that never answers, and keeps serving', async () => {
    const mute = new SimulatedCardTransport();
    agent = await startCardAgent({
      openTransport: async () => ({ transmit: () => new Promise<Uint8Array>(() => undefined), subscribe: mute.subscribe.bind(mute), close: mute.close.bind(mute) }),
      allowedOrigins: [WEB_ORIGIN],
      pairingToken: TOKEN,
      individualNumberProcedures: [],
      apduTimeoutMs: 100,
    });
    const transport = await connectAs(agent.url, WEB_ORIGIN, TOKEN);
    const started = Date.now();
    await expect(new JpkiAp(new CardChannel(transport)).detectCardType()).rejects.toMatchObject({ code: 'CARD_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await transport.status()).reader).toBeNull();
    await transport.close();
  });

  it('reports a missing reader as a typed error', async () => {
    const { url } = await start({ openFails: true });
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    expect(await transport.status()).toEqual({ reader: null, cardPresent: false });
    await expect(new JpkiAp(new CardChannel(transport)).detectCardType()).rejects.toBeInstanceOf(ReaderNotFoundError);
    await transport.close();
  });
});
