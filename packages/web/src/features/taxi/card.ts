import { AgentCardTransport, CardChannel, CardError, JpkiAp } from '@madoguchi/card';
import { ApiError } from '../../api/errors';
import type { AgentSettings } from '../card/agentSettings';

/**
 * Reads the 利用者証明用 certificate from the card on the reader, through the card agent. No PIN: the
 * certificate is public data and names nobody. The individual number is never read here.
 */
export async function readAuthCertificate(settings: AgentSettings): Promise<Uint8Array> {
  let transport: AgentCardTransport;
  try {
    transport = await AgentCardTransport.connect({ url: settings.url, pairingToken: settings.pairingToken });
  } catch (error) {
    throw asApiError(error);
  }
  try {
    const status = await transport.status();
    if (!status.cardPresent) {
      throw new ApiError({ status: 0, code: 'CARD_NOT_PRESENT', message: 'カードリーダーにマイナンバーカードが置かれていません。カードを置いてから、もう一度押してください。' });
    }
    return await new JpkiAp(new CardChannel(transport, { timeoutMs: 15_000 })).readAuthCertificate();
  } catch (error) {
    throw asApiError(error);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

function asApiError(error: unknown): unknown {
  return error instanceof CardError ? new ApiError({ status: 0, code: error.code, message: error.message }) : error;
}

export const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
