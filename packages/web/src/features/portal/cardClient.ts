import { AgentCardTransport, CardChannel, CardError, JpkiAp, digestInfoOf } from '@madoguchi/card';
import { ApiError } from '../../api/errors';
import { request } from './portalApi';
import { loadAgentSettings, type AgentSettings } from '../card/agentSettings';

// スマート申請 with the My Number card in the resident's browser: the card is reached through the
// card agent (the local card reader app; in the demo the server's in-process one), the 署名用 key
// signs the application as CMS, the 利用者証明用 key answers the login challenge. Passwords and PINs
// go to the card only: never to our server, never stored.

/** 署名用電子証明書のパスワード: 6–16 upper-case letters and digits, as the card requires. */
export const SIGNING_PASSWORD = /^[A-Z0-9]{6,16}$/;
/** 利用者証明用電子証明書の暗証番号: 4 digits. */
export const AUTH_PIN = /^\d{4}$/;

export interface DemoReader {
  agentUrl: string | null;
  pairingToken: string | null;
  insertedCardId: string | null;
  cards: { id: string; label: string; note: string }[];
}

export const b64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
export const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function cardApi(code: string) {
  const base = `/portal/${encodeURIComponent(code)}`;
  return {
    /** The demo's reader (404 outside the demo). */
    demoReader: () => request<DemoReader>('GET', `${base}/demo/card-reader`),
    insertDemoCard: (cardId: string) => request<null>('POST', `${base}/demo/card-reader/insert`, { cardId }),
    signingContent: (caseId: string) => request<{ content: string; sha256: string }>('GET', `${base}/applications/${encodeURIComponent(caseId)}/signing-content`),
    submitSigned: (caseId: string, idempotencyKey: string, signature: string) =>
      request<{ case: { id: string; receiptNumber: string | null } }>('POST', `${base}/applications/${encodeURIComponent(caseId)}/submit-signed`, { idempotencyKey, declaration: true, signature }),
    challenge: () => request<{ challengeId: string; challenge: string }>('POST', `${base}/card-login/challenge`),
    cardLogin: (b: { challengeId: string; certificate: string; signature: string }) =>
      request<{ account: { email: string; displayName: string }; linked: boolean }>('POST', `${base}/card-login`, b),
    unlinkCard: () => request<{ endedSessions: number }>('DELETE', `${base}/account/card`),
    cardState: () => request<{ state: { authLevel: 'account' | 'card'; cardLinked: boolean; guest: boolean } | null }>('GET', `${base}/account/card`),
    guest: (b: { email: string; displayName: string; procedureId: string }) => request<{ sent: boolean }>('POST', `${base}/guest`, b),
  };
}

/** Where the card agent is: the demo's reader, or the agent paired on this computer. */
export async function agentSettingsFor(code: string): Promise<{ settings: AgentSettings | null; demo: DemoReader | null }> {
  try {
    const demo = await cardApi(code).demoReader();
    if (demo.agentUrl && demo.pairingToken) return { settings: { url: demo.agentUrl, pairingToken: demo.pairingToken }, demo };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  return { settings: loadAgentSettings(), demo: null };
}

/** A card failure as the screens show errors: its own Japanese message and stable code. */
function cardProblem(error: unknown): never {
  if (error instanceof CardError) throw new ApiError({ status: 0, code: error.code, message: error.message });
  throw error;
}

async function withJpki<T>(settings: AgentSettings, use: (jpki: JpkiAp) => Promise<T>): Promise<T> {
  let transport: AgentCardTransport;
  try {
    transport = await AgentCardTransport.connect({ url: settings.url, pairingToken: settings.pairingToken });
  } catch (error) {
    return cardProblem(error);
  }
  try {
    const status = await transport.status();
    if (!status.cardPresent) {
      throw new ApiError({ status: 0, code: 'CARD_NOT_PRESENT', message: 'カードリーダーにマイナンバーカードが置かれていません。カードを置いてから、もう一度押してください。' });
    }
    return await use(new JpkiAp(new CardChannel(transport, { timeoutMs: 15_000 })));
  } catch (error) {
    return cardProblem(error);
  } finally {
    // Closing lets the agent reset the card, so the password is not left in force.
    await transport.close().catch(() => undefined);
  }
}

/** CMS SignedData over the content, signed with the card's 署名用 key (pkijs is loaded only now). */
export async function signWithCard(settings: AgentSettings, password: string, content: Uint8Array): Promise<Uint8Array> {
  const { createSignedData } = await import('@madoguchi/card/signing');
  return withJpki(settings, async (jpki) => {
    const certificate = await jpki.readSigningCertificate(password);
    return createSignedData({ content, certificate, signDigestInfo: (digestInfo) => jpki.sign('signing', password, digestInfo) });
  });
}

/** The login challenge signed with the 利用者証明用 key, and that certificate. */
export async function answerChallenge(settings: AgentSettings, pin: string, challenge: Uint8Array): Promise<{ certificate: Uint8Array; signature: Uint8Array }> {
  return withJpki(settings, async (jpki) => {
    const certificate = await jpki.readAuthCertificate();
    const signature = await jpki.sign('auth', pin, await digestInfoOf('SHA-256', challenge));
    return { certificate, signature };
  });
}
