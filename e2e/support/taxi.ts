import { WebSocket } from 'ws';
import type { Page } from 'playwright-core';
import { AgentCardTransport, CardChannel, JpkiAp, type WebSocketLike } from '@madoguchi/card';
import { authenticatorCode } from './totp';

/**
 * The JSON API as the tests call it from Node (the admin's set-up, the city's ride list): one
 * function per server, with the staff cookie the test logged in with unless another is given.
 */
export function jsonApi(serverUrl: string, staffCookie: () => string) {
  return async function api(method: string, path: string, body?: unknown, cookie = staffCookie()) {
    const res = await fetch(`${serverUrl}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin: serverUrl, ...(cookie ? { cookie } : {}) },
      ...(body !== undefined || method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return { json, headers: res.headers };
  };
}

/**
 * The demo administrator's session cookie, logged in through the API with the second factor
 * enrolled as on a first login (the taxi set-up routes need it).
 */
export async function adminSession(api: ReturnType<typeof jsonApi>): Promise<string> {
  const login = await api('POST', '/auth/login', { municipalityCode: '062120', loginId: 'admin', password: 'madoguchi-demo' }, '');
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api('POST', '/auth/totp/setup', undefined, cookie);
  await api('POST', '/auth/totp/enable', { code: authenticatorCode(setup.json.otpauthUri as string) }, cookie);
  return cookie;
}

/** Reads the 利用者証明用 certificate of a demo card the way the binding screen does, from Node. */
export async function readAuthCertificate(serverUrl: string, agentUrl: string, pairingToken: string): Promise<string> {
  const transport = await AgentCardTransport.connect({
    url: agentUrl, pairingToken,
    // The agent only serves the server's own origin, as it would a browser page.
    createWebSocket: (url, protocols) => new WebSocket(url, protocols, { origin: serverUrl }) as unknown as WebSocketLike,
  });
  try {
    const jpki = new JpkiAp(new CardChannel(transport));
    await jpki.detectCardType();
    return Buffer.from(await jpki.readAuthCertificate()).toString('base64');
  } finally {
    await transport.close();
  }
}

/** Taps digits on one of the terminal's large keypads, as a driver would. */
export async function tapKeys(page: Page, keypad: string, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: keypad });
  for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).click();
}

/** The driver's number and PIN on the terminal's 乗務の開始 screen, then 開始する. */
export async function enterDriver(page: Page, driver: string, pin: string): Promise<void> {
  await tapKeys(page, '乗務員番号の入力', driver);
  await page.getByRole('button', { name: /暗証番号/ }).click();
  await tapKeys(page, '暗証番号の入力', pin);
}
