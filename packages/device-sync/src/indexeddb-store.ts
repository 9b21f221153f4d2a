import { erased, type OutboxCounts, type OutboxHead, type OutboxRecord, type OutboxStore, type StoredIdentity } from './store';

/**
 * The browser store: one IndexedDB database per device role (e.g. 'madoguchi-vehicle-outbox').
 * 'meta' holds the identity (CryptoKeys are stored as structured clones: a non-extractable private
 * key stays non-extractable) and the head; 'records' holds the outbox keyed by seq. An append
 * writes the record and the head in one transaction after checking the head, so a seq is never
 * reused even with two tabs open. Ask the browser to keep the data (navigator.storage.persist()).
 */
const VERSION = 1;

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function openIndexedDbOutboxStore(name: string, factory: IDBFactory = indexedDB): Promise<OutboxStore & { close(): void }> {
  const open = factory.open(name, VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    if (!db.objectStoreNames.contains('records')) {
      const s = db.createObjectStore('records', { keyPath: 'seq' });
      s.createIndex('state', 'state');
    }
  };
  const db = await req(open);

  const metaGet = async <T>(key: string): Promise<T | null> => {
    const tx = db.transaction('meta', 'readonly');
    const v = (await req(tx.objectStore('meta').get(key))) as T | undefined;
    return v ?? null;
  };

  return {
    close: () => db.close(),
    loadIdentity: () => metaGet<StoredIdentity>('identity'),
    async saveIdentity(identity, head) {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put(identity, 'identity');
      tx.objectStore('meta').put(head, 'head');
      await done(tx);
    },
    head: () => metaGet<OutboxHead>('head'),
    async commitAppend(expectedHeadSeq, record) {
      const tx = db.transaction(['meta', 'records'], 'readwrite');
      const meta = tx.objectStore('meta');
      const head = (await req(meta.get('head'))) as OutboxHead | undefined;
      if (!head || head.seq !== expectedHeadSeq) {
        tx.abort();
        await done(tx).catch(() => undefined);
        return false;
      }
      tx.objectStore('records').add(record);
      meta.put({ seq: record.seq, hash: record.hash } satisfies OutboxHead, 'head');
      await done(tx);
      return true;
    },
    async pending(limit) {
      const tx = db.transaction('records', 'readonly');
      const out: OutboxRecord[] = [];
      await new Promise<void>((resolve, reject) => {
        const cursor = tx.objectStore('records').index('state').openCursor(IDBKeyRange.only('pending'));
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c || out.length >= limit) return resolve();
          out.push(c.value as OutboxRecord);
          c.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      });
      // The index orders equal keys by primary key (seq).
      return out;
    },
    async get(seq) {
      const tx = db.transaction('records', 'readonly');
      return ((await req(tx.objectStore('records').get(seq))) as OutboxRecord | undefined) ?? null;
    },
    async settle(updates) {
      const tx = db.transaction('records', 'readwrite');
      const s = tx.objectStore('records');
      for (const u of updates) {
        const r = s.get(u.seq);
        r.onsuccess = () => {
          const rec = r.result as OutboxRecord | undefined;
          if (rec) s.put(erased(rec, u.state, u.outcome));
        };
      }
      await done(tx);
    },
    async counts() {
      const tx = db.transaction('records', 'readonly');
      const idx = tx.objectStore('records').index('state');
      const [pending, acknowledged, refused] = await Promise.all([
        req(idx.count(IDBKeyRange.only('pending'))), req(idx.count(IDBKeyRange.only('acknowledged'))), req(idx.count(IDBKeyRange.only('refused'))),
      ]);
      return { pending, acknowledged, refused } satisfies OutboxCounts;
    },
    async all() {
      const tx = db.transaction('records', 'readonly');
      return (await req(tx.objectStore('records').getAll())) as OutboxRecord[];
    },
    async clear() {
      const tx = db.transaction(['meta', 'records'], 'readwrite');
      tx.objectStore('meta').clear();
      tx.objectStore('records').clear();
      await done(tx);
    },
  };
}
