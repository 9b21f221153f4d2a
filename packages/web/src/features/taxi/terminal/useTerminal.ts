import { useEffect, useState } from 'react';
import { DeviceOutbox, httpSyncTransport, openIndexedDbOutboxStore } from '@madoguchi/device-sync';
import { TERMINAL_STORAGE_KEYS, TerminalEngine } from './logic/engine';
import { openSealedStorage } from './logic/sealed-storage';

/**
 * One engine per page: the device outbox in IndexedDB (the device key is non-extractable there),
 * the list and ledger encrypted in IndexedDB (logic/sealed-storage.ts; moved out of the localStorage
 * of earlier versions), the server at this page's origin. A list past its maximum age is erased here.
 */
let shared: Promise<TerminalEngine> | null = null;

export function terminalEngine(): Promise<TerminalEngine> {
  shared ??= (async () => {
    const store = await openIndexedDbOutboxStore('madoguchi-taxi-terminal');
    const storage = await openSealedStorage('madoguchi-taxi-terminal-sealed', { migrateFrom: window.localStorage, migrateKeys: TERMINAL_STORAGE_KEYS });
    const engine = new TerminalEngine({
      outbox: new DeviceOutbox(store),
      transport: httpSyncTransport(window.location.origin),
      storage,
      onlineTimeoutMs: 4000,
    });
    engine.eraseList({ expiredOnly: true });
    return engine;
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
