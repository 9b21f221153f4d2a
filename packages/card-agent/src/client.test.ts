import { CardChannel, CardTimeoutError, JpkiAp, TransportClosedError } from '@madoguchi/card';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { TOKEN, WEB_ORIGIN, connectAs } from '../test/agent-fixtures';

/**
 * The browser-side transport against an agent that misbehaves (a stale or tampered agent binary):
 * the page must fail with a typed error, never hang or act on unchecked data.
 */
let server: WebSocketServer | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function hostileAgent(answer: (request: { id: number; type: string }) => string | undefined): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'madoguchi-card.v1' });
  await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const reply = answer(JSON.parse(data.toString()) as { id: number; type: string });
      if (reply !== undefined) socket.send(reply);
    });
  });
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('no port');
  return `ws://127.0.0.1:${address.port}/`;
}

describe('AgentCardTransport against a misbehaving agent', () => {
  it('closes on garbage instead of passing it on', async () => {
    const url = await hostileAgent(() => '{"id": 1, "type": "response", "apdu": "<script>"}');
    await expect(connectAs(url, WEB_ORIGIN, TOKEN)).rejects.toBeInstanceOf(TransportClosedError);
  });

  it('times out when answers never come (or come for other ids)', async () => {
    const url = await hostileAgent((request) =>
      request.type === 'status'
        ? JSON.stringify({ id: request.id, type: 'status', reader: 'r', cardPresent: true })
        : JSON.stringify({ id: request.id + 1000, type: 'response', apdu: '9000' }),
    );
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    await expect(new JpkiAp(new CardChannel(transport, { timeoutMs: 200 })).detectCardType()).rejects.toBeInstanceOf(CardTimeoutError);
    await transport.close();
  });

  it('rejects a response with a truncated APDU as a protocol error', async () => {
    const url = await hostileAgent((request) =>
      request.type === 'status'
        ? JSON.stringify({ id: request.id, type: 'status', reader: 'r', cardPresent: true })
        : JSON.stringify({ id: request.id, type: 'response', apdu: '6F' }),
    );
    const transport = await connectAs(url, WEB_ORIGIN, TOKEN);
    await expect(new JpkiAp(new CardChannel(transport)).detectCardType()).rejects.toBeInstanceOf(TransportClosedError);
  });
});
