import { useEffect, useRef, useState } from 'react';

export type StreamState = 'connecting' | 'open' | 'reconnecting';

/**
 * Follows a server-sent event stream. The browser reconnects by itself and sends Last-Event-ID;
 * the server then answers with the full current state, so the screen simply shows the newest
 * message. When the server refuses the stream (the browser then gives up), it is opened again
 * after a pause, so a display left on overnight recovers without anyone touching it.
 */
export function useEventStream<T>(url: string | null, event: string, onMessage: (data: T) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    if (!url) return undefined;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource(url);
      source.addEventListener('open', () => setState('open'));
      source.addEventListener(event, (e) => {
        setState('open');
        try {
          handler.current(JSON.parse((e as MessageEvent<string>).data) as T);
        } catch {
          // A malformed message is skipped; the next one carries the whole state again.
        }
      });
      source.addEventListener('error', () => {
        setState('reconnecting');
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(open, 10_000);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [url, event]);

  return state;
}
