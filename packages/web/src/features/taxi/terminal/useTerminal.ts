import { useEffect, useState } from 'react';
import { DeviceOutbox, httpSyncTransport, openIndexedDbOutboxStore } from '@madoguchi/device-sync';
import { TerminalEngine, browserStorage } from './logic/engine';

/**
 * One engine per page: the device outbox in IndexedDB (the device key is non-extractable there),
 * the list and ledger in localStorage, the server at this page's origin.
 */
let shared: Promise<TerminalEngine> | null = null;

export function terminalEngine(): Promise<TerminalEngine> {
  shared ??= (async () => {
    const store = await openIndexedDbOutboxStore('madoguchi-taxi-terminal');
    return new TerminalEngine({
      outbox: new DeviceOutbox(store),
      transport: httpSyncTransport(window.location.origin),
      storage: browserStorage(),
      onlineTimeoutMs: 4000,
    });
  })();
  return shared;
}

export function useTerminalEngine(): TerminalEngine | null {
  const [engine, setEngine] = useState<TerminalEngine | null>(null);
  useEffect(() => {
    let live = true;
    void terminalEngine().then((e) => {
      if (live) setEngine(e);
    });
    return () => {
      live = false;
    };
  }, []);
  return engine;
}
