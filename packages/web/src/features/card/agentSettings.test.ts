import { describe, expect, it } from 'vitest';
import { loadAgentSettings, saveAgentSettings, validateAgentSettings } from './agentSettings';

const token = 'KTicUOWx1pTLczjLudyDpTRK-FtYoznpnhX8vbjyTq4';

describe('agent settings', () => {
  it('keeps the address and pairing token on this tablet', () => {
    expect(loadAgentSettings()).toBeNull();
    saveAgentSettings({ url: 'ws://127.0.0.1:3210/', pairingToken: token });
    expect(loadAgentSettings()).toEqual({ url: 'ws://127.0.0.1:3210/', pairingToken: token });
  });

  it('ignores what it cannot use', () => {
    localStorage.setItem('madoguchi.cardAgent', '{not json');
    expect(loadAgentSettings()).toBeNull();
    localStorage.setItem('madoguchi.cardAgent', JSON.stringify({ url: 'ws://192.168.0.5:3210/', pairingToken: token }));
    expect(loadAgentSettings()).toBeNull();
  });

  it('accepts only the agent on this PC, and a whole token', () => {
    expect(validateAgentSettings({ url: ' ws://localhost:47800/ ', pairingToken: ` ${token} ` })).toEqual({ ok: true, settings: { url: 'ws://localhost:47800/', pairingToken: token } });
    const wrong = validateAgentSettings({ url: 'https://example.jp/', pairingToken: 'abc' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.errors.url).toContain('ws://127.0.0.1:ポート番号/');
      expect(wrong.errors.pairingToken).toContain('16文字以上');
    }
    expect(validateAgentSettings({ url: 'ws://127.0.0.1/', pairingToken: token }).ok).toBe(false);
  });
});
