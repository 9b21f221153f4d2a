import { type AgentClientOptions, AgentCardTransport, type WebSocketLike } from '@madoguchi/card';
import { WebSocket } from 'ws';

export const WEB_ORIGIN = 'https://madoguchi.example.lg.jp';
export const TOKEN = 'test-pairing-token-0123456789abcdef';

/** The browser side, played by the ws client (Node 20 has no global WebSocket); it lets tests set Origin. */
export function connectAs(url: string, origin: string, token: string, extra: Partial<AgentClientOptions> = {}): Promise<AgentCardTransport> {
  return AgentCardTransport.connect({
    url,
    pairingToken: token,
    createWebSocket: (u, protocols) => new WebSocket(u, protocols, { origin }) as unknown as WebSocketLike,
    ...extra,
  });
}
