import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AgentCardTransport, CardChannel, PinIncorrectError, TextAp, type WebSocketLike } from '@madoguchi/card';
import { type SimulatedIssuers, createForeignCard, createSimulatedIssuers, generateRsaKeyPair, personaliseMyNumberCard } from '@madoguchi/card/sim';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { silentLogger } from '../../platform/log';
import { DemoCardReader } from './reader';
import { mountDemoCardRoutes } from './routes';

const ORIGIN = 'http://127.0.0.1:3000';

function connect(url: string, token: string, origin = ORIGIN): Promise<AgentCardTransport> {
  return AgentCardTransport.connect({
    url,
    pairingToken: token,
    // Node 20 has no global WebSocket; ws lets the test play a page of this origin.
    createWebSocket: (u, protocols) => new WebSocket(u, protocols, { origin }) as unknown as WebSocketLike,
  });
}

describe('demo card reader routes, without the demo', () => {
  let p: TestPlatform;
  let f: Fixtures;
  beforeAll(async () => {
    p = await createTestPlatform();
    f = await seedFixtures(p);
  });
  afterAll(() => p.close());

  it('do not exist at all', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'GET', '/api/demo/card-reader', { cookie: clerk })).code).toBe('NOT_FOUND');
    expect((await call(p, 'POST', '/api/demo/card-reader/insert', { cookie: clerk, body: { cardId: '062120-householder' } })).status).toBe(404);
    expect((await call(p, 'POST', '/api/demo/card-reader/remove', { cookie: clerk, body: {} })).status).toBe(404);
    const doc = (await call(p, 'GET', '/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/demo'))).toEqual([]);
  });
});

describe('demo card reader routes, in the demo', () => {
  let p: TestPlatform;
  let f: Fixtures;
  let issuers: SimulatedIssuers;
  const reader = new DemoCardReader();
  let agent: { url: string; pairingToken: string };

  beforeAll(async () => {
    p = await createTestPlatform({ extraModules: [(services) => mountDemoCardRoutes(services, reader)] });
    f = await seedFixtures(p);
    issuers = await createSimulatedIssuers();
    const keys = { auth: await generateRsaKeyPair(), signing: await generateRsaKeyPair() };
    const person = (familyName: string, givenName: string, birthDate: string, individualNumber: string) => personaliseMyNumberCard(
      { familyName, givenName, address: '山形県尾花沢市若葉町一丁目２番３号', birthDate, sex: 'male', individualNumber, pin: '1234', signingPassword: 'ABC123' },
      issuers, { keys },
    );
    reader.load([
      { id: 'a-taro', municipalityId: f.a.municipalityId, label: '山田 太郎', note: 'テスト', residentId: f.residents.taro, card: (await person('山田', '太郎', '1970-03-02', '123456789018')).card },
      { id: 'a-foreign', municipalityId: f.a.municipalityId, label: '交通系ICカード', note: 'テスト', residentId: null, card: createForeignCard() },
      { id: 'b-jiro', municipalityId: f.b.municipalityId, label: '山田 次郎', note: 'テスト', residentId: f.residents.jiro, card: (await person('山田', '次郎', '1980-12-24', '123456789018')).card },
    ]);
    agent = await reader.startAgent({ port: 0, allowedOrigins: [ORIGIN], logger: silentLogger });
  });
  afterAll(async () => {
    await reader.close();
    await p.close();
  });

  it('need a logged-in member of staff who reads cards', async () => {
    expect((await call(p, 'GET', '/api/demo/card-reader')).code).toBe('AUTH_REQUIRED');
    expect((await call(p, 'POST', '/api/demo/card-reader/insert', { body: { cardId: 'a-taro' } })).code).toBe('AUTH_REQUIRED');
    const reviewer = await loginAs(p, f.a, 'reviewer');
    expect((await call(p, 'GET', '/api/demo/card-reader', { cookie: reviewer })).code).toBe('PERMISSION_DENIED');
    expect((await call(p, 'POST', '/api/demo/card-reader/remove', { cookie: reviewer, body: {} })).code).toBe('PERMISSION_DENIED');
  });

  it("give the agent's address and token and this city's cards only, and record who saw them", async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    const res = await call(p, 'GET', '/api/demo/card-reader', { cookie: clerk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      agentUrl: agent.url,
      pairingToken: agent.pairingToken,
      insertedCardId: null,
      cards: [
        { id: 'a-taro', label: '山田 太郎', note: 'テスト', residentId: f.residents.taro },
        { id: 'a-foreign', label: '交通系ICカード', note: 'テスト', residentId: null },
      ],
    });
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'details']).where('municipality_id', '=', f.a.municipalityId)
      .where('action', '=', 'demo_card.list').execute();
    expect(audit.map((a) => a.details)).toEqual([{ residentIds: [f.residents.taro] }]);
  });

  it('put a card on the reader that the browser then reads through the agent with the PIN', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    const transport = await connect(agent.url, agent.pairingToken);
    try {
      expect(await transport.status()).toEqual({ reader: 'madoguchi デモ用カードリーダー（シミュレーション）', cardPresent: false });
      const events: string[] = [];
      transport.subscribe((e) => events.push(e.type));
      expect((await call(p, 'POST', '/api/demo/card-reader/insert', { cookie: clerk, body: { cardId: 'a-taro' } })).status).toBe(204);
      await expect.poll(() => events).toEqual(['inserted']);
      expect(((await call(p, 'GET', '/api/demo/card-reader', { cookie: clerk })).body as { insertedCardId: string }).insertedCardId).toBe('a-taro');

      const text = new TextAp(new CardChannel(transport));
      expect(await text.readPinStatus()).toEqual({ state: 'ready', triesLeft: 3 });
      await expect(text.verifyPin('9999')).rejects.toBeInstanceOf(PinIncorrectError);
      await text.verifyPin('1234');
      expect(await text.readAttributes()).toEqual({ name: '山田\u3000太郎', address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1970-03-02', sex: 'male' });

      expect((await call(p, 'POST', '/api/demo/card-reader/remove', { cookie: clerk, body: {} })).status).toBe(204);
      await expect.poll(() => events).toEqual(['inserted', 'removed']);
    } finally {
      await transport.close();
    }
  });

  it("another city's card cannot be put on the reader, and its staff do not see or remove this city's card", async () => {
    const clerkA = await loginAs(p, f.a, 'clerk');
    const clerkB = await loginAs(p, f.b, 'clerk');
    const refused = await call(p, 'POST', '/api/demo/card-reader/insert', { cookie: clerkA, body: { cardId: 'b-jiro' } });
    expect(refused.status).toBe(404);
    expect(refused.code).toBe('DEMO_CARD_NOT_FOUND');
    await call(p, 'POST', '/api/demo/card-reader/insert', { cookie: clerkA, body: { cardId: 'a-taro' } });
    const seenByB = (await call(p, 'GET', '/api/demo/card-reader', { cookie: clerkB })).body as { insertedCardId: string | null; cards: { id: string }[] };
    expect(seenByB.insertedCardId).toBeNull();
    expect(seenByB.cards.map((c) => c.id)).toEqual(['b-jiro']);
    await call(p, 'POST', '/api/demo/card-reader/remove', { cookie: clerkB, body: {} });
    expect(((await call(p, 'GET', '/api/demo/card-reader', { cookie: clerkA })).body as { insertedCardId: string }).insertedCardId).toBe('a-taro');
    await call(p, 'POST', '/api/demo/card-reader/remove', { cookie: clerkA, body: {} });
  });

  it('validate the card id', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    const res = await call(p, 'POST', '/api/demo/card-reader/insert', { cookie: clerk, body: {} });
    expect(res.code).toBe('VALIDATION_FAILED');
  });

  it('the agent answers only pages of the allowed origin that know the pairing token', async () => {
    await expect(connect(agent.url, agent.pairingToken, 'http://evil.example')).rejects.toMatchObject({ code: 'AGENT_UNAVAILABLE' });
    await expect(connect(agent.url, 'wrong-token-0123456789abcdef')).rejects.toMatchObject({ code: 'AGENT_REJECTED' });
  });
});
