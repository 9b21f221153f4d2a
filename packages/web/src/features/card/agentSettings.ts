/** Where this tablet's card agent listens and the token it was paired with. */
export interface AgentSettings {
  readonly url: string;
  readonly pairingToken: string;
}

// The pairing token is a device secret of this tablet, not personal data: it is kept across
// sessions so it is entered once per tablet. Nothing read from a card is ever stored.
const STORAGE_KEY = 'madoguchi.cardAgent';

/** The card agent's own default (npm start -w packages/card-agent). */
export const DEFAULT_AGENT_URL = 'ws://127.0.0.1:47800/';

export function loadAgentSettings(storage: Storage = localStorage): AgentSettings | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { url, pairingToken } = value as Record<string, unknown>;
    if (typeof url !== 'string' || typeof pairingToken !== 'string') return null;
    return validateAgentSettings({ url, pairingToken }).ok ? { url, pairingToken } : null;
  } catch {
    return null;
  }
}

export function saveAgentSettings(settings: AgentSettings, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify({ url: settings.url, pairingToken: settings.pairingToken }));
}

export type SettingsCheck = { ok: true; settings: AgentSettings } | { ok: false; errors: { url?: string; pairingToken?: string } };

/**
 * The agent only listens on this PC (127.0.0.1 / localhost) and the browser's security policy only
 * lets the page reach those, so any other address is a typing mistake worth catching here.
 */
export function validateAgentSettings(input: { url: string; pairingToken: string }): SettingsCheck {
  const url = input.url.trim();
  const pairingToken = input.pairingToken.trim();
  const errors: { url?: string; pairingToken?: string } = {};
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || parsed.protocol !== 'ws:' || !['127.0.0.1', 'localhost'].includes(parsed.hostname) || parsed.port === '') {
    errors.url = 'カード読み取りアプリのアドレスは「ws://127.0.0.1:ポート番号/」の形で入力してください（例: ws://127.0.0.1:47800/）。';
  }
  if (!/^[A-Za-z0-9_-]{16,}$/.test(pairingToken)) {
    errors.pairingToken = 'ペアリングトークンは、カード読み取りアプリの起動時に表示された英数字（16文字以上）をそのまま入力してください。';
  }
  if (errors.url !== undefined || errors.pairingToken !== undefined) return { ok: false, errors };
  return { ok: true, settings: { url, pairingToken } };
}
