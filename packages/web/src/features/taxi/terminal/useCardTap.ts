import { useEffect, useRef, useState } from 'react';
import { AgentCardTransport, CardChannel, CardError, JpkiAp } from '@madoguchi/card';
import type { AgentSettings } from '../../card/agentSettings';

export type ReaderState = 'connecting' | 'ready' | 'failed';

/**
 * Watches the card reader (through the local card agent) and reads the 利用者証明用 certificate of
 * every card put on it — no PIN: the certificate is free to read. The certificate goes to the
 * page's callback and is not kept. A card that is not a My Number card is reported as such.
 */
export function useCardTap(settings: AgentSettings | null, onCard: (result: { certificate: Uint8Array } | { error: CardError | Error }) => void, onRemoved: () => void) {
  const [state, setState] = useState<ReaderState>('connecting');
  const callbacks = useRef({ onCard, onRemoved });
  callbacks.current = { onCard, onRemoved };

  useEffect(() => {
    if (settings === null) {
      setState('failed');
      return;
    }
    let closed = false;
    let transport: AgentCardTransport | undefined;
    let channel: CardChannel | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const read = async () => {
      if (!transport) return;
      channel?.detach();
      const current = new CardChannel(transport, { timeoutMs: 10_000 });
      channel = current;
      try {
        const jpki = new JpkiAp(current);
        await jpki.detectCardType();
        const certificate = await jpki.readAuthCertificate();
        if (!closed && channel === current) callbacks.current.onCard({ certificate });
      } catch (error) {
        if (!closed && channel === current) callbacks.current.onCard({ error: error instanceof Error ? error : new Error(String(error)) });
      }
    };
    setState('connecting');
    void (async () => {
      try {
        transport = await AgentCardTransport.connect({ url: settings.url, pairingToken: settings.pairingToken });
      } catch {
        if (!closed) setState('failed');
        return;
      }
      if (closed) {
        void transport.close();
        return;
      }
      setState('ready');
      transport.subscribe((event) => {
        if (event.type === 'inserted') void read();
        else {
          channel?.detach();
          channel = undefined;
          callbacks.current.onRemoved();
        }
      });
      heartbeat = setInterval(() => {
        transport?.status().catch(() => {
          if (!closed) setState('failed');
        });
      }, 5000);
      const status = await transport.status().catch(() => null);
      if (status?.cardPresent) void read();
    })();
    return () => {
      closed = true;
      clearInterval(heartbeat);
      channel?.detach();
      void transport?.close();
    };
  }, [settings]);

  return state;
}
