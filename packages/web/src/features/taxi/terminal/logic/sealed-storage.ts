import type { TerminalStorage } from './engine';

/**
 * The terminal's stored state (the signed list with beneficiaries' given names and certificate
 * hashes, the ride ledger, the pinned list key) encrypted at rest in IndexedDB with AES-GCM
 * (256-bit, a fresh 96-bit IV per write). The AES key is generated on the tablet as a
 * non-extractable CryptoKey and kept in the same database: script can use it but never read it
 * out, and a copy of the browser profile's files or of localStorage shows no names.
 *
 * The engine reads synchronously, so everything is decrypted once at open into memory; writes
 * update memory at once and are encrypted and written in order behind it (`flush` waits for them).
 * Values written by the earlier localStorage version are moved in and removed from localStorage.
 */
export interface SealedStorage extends TerminalStorage {
  /** Resolves when every write so far is in IndexedDB. */
  flush(): Promise<void>;
}

const STORE_KEYS = 'keys';
const STORE_ITEMS = 'items';
const KEY_ID = 'aes-gcm';

interface SealedItem {
  iv: Uint8Array;
  data: ArrayBuffer;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(STORE_KEYS);
    req.result.createObjectStore(STORE_ITEMS);
  };
  return request(req);
}

async function loadOrCreateKey(db: IDBDatabase): Promise<CryptoKey> {
  const existing = await request(db.transaction(STORE_KEYS, 'readonly').objectStore(STORE_KEYS).get(KEY_ID)) as CryptoKey | undefined;
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await request(db.transaction(STORE_KEYS, 'readwrite').objectStore(STORE_KEYS).put(key, KEY_ID));
  return key;
}

/** The additional data binds each ciphertext to its name: a value cannot be moved to another name. */
const aad = (name: string) => new TextEncoder().encode(`madoguchi.taxi.sealed/1:${name}`);

export async function openSealedStorage(dbName: string, opts: { migrateFrom?: Storage | null; migrateKeys?: readonly string[] } = {}): Promise<SealedStorage> {
  const db = await openDb(dbName);
  const key = await loadOrCreateKey(db);
  const memory = new Map<string, string>();
  const tx = db.transaction(STORE_ITEMS, 'readonly').objectStore(STORE_ITEMS);
  const [names, items] = await Promise.all([request(tx.getAllKeys()), request(tx.getAll())]) as [IDBValidKey[], SealedItem[]];
  for (let i = 0; i < names.length; i++) {
    const name = String(names[i]);
    const item = items[i]!;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: item.iv as BufferSource, additionalData: aad(name) as BufferSource }, key, item.data);
      memory.set(name, new TextDecoder().decode(plain));
    } catch {
      // Not decryptable (altered, or sealed with a key that is gone): treated as absent.
    }
  }

  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      console.error('taxi terminal: sealed storage write failed', error);
    });
  };
  const storage: SealedStorage = {
    get: (name) => memory.get(name) ?? null,
    set: (name, value) => {
      memory.set(name, value);
      enqueue(async () => {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad(name) as BufferSource }, key, new TextEncoder().encode(value) as BufferSource);
        await request(db.transaction(STORE_ITEMS, 'readwrite').objectStore(STORE_ITEMS).put({ iv, data } satisfies SealedItem, name));
      });
    },
    remove: (name) => {
      memory.delete(name);
      enqueue(async () => {
        await request(db.transaction(STORE_ITEMS, 'readwrite').objectStore(STORE_ITEMS).delete(name));
      });
    },
    flush: () => queue,
  };

  const legacy = opts.migrateFrom ?? null;
  if (legacy) {
    for (const name of opts.migrateKeys ?? []) {
      const value = legacy.getItem(name);
      if (value === null) continue;
      if (!memory.has(name)) storage.set(name, value);
      legacy.removeItem(name);
    }
    await storage.flush();
  }
  return storage;
}
