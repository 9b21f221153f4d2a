import type { PinWrapped, Sealed } from './crypto';
import type { ShippedProcedure, ShippedStop } from './types';

/**
 * The vehicle app's own IndexedDB database (beside the device platform's outbox database):
 * - `kv`: the staff session (the PIN-wrapped data key and until when it may be used), the shipped
 *   procedures (not personal), the day's ticket counter;
 * - `cases`: what the list shows per case — the procedure, the ticket, its state and, once the server
 *   registered it, the 受付番号. The resident's name is only kept SEALED (and erased on registration);
 * - `tickets`: the stop's queue (numbers and times only, no names).
 */

export interface StaffSession {
  keyId: string;
  wrapped: PinWrapped;
  offlineUntil: string;
  signedInAt: string;
  staff: { id: string; displayName: string };
  failedPins: number;
}

export interface ProcedureBundle {
  procedures: ShippedProcedure[];
  stops?: ShippedStop[];
  today: string;
  fetchedAt: string;
}

export type LocalCaseState = 'pending' | 'registered' | 'review' | 'refused';

export interface LocalCase {
  clientCaseId: string;
  opId: string;
  procedureId: string;
  title: string;
  departmentName: string | null;
  ticketNumber: string | null;
  createdAt: string;
  state: LocalCaseState;
  receiptNumber: string | null;
  note: string | null;
  /** The resident's name for the list, sealed under the data key; erased once registered. */
  summary: Sealed | null;
}

export type TicketStatus = 'waiting' | 'called' | 'done' | 'no_show';
export interface LocalTicket {
  ticketId: string;
  number: string;
  serviceLabel: string;
  status: TicketStatus;
  issuedAt: string;
  calledAt: string | null;
  doneAt: string | null;
}

const DB_NAME = 'madoguchi-vehicle';
const req = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});
const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('aborted'));
});

export interface VehicleStore {
  get<T>(key: string): Promise<T | null>;
  put(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  cases(): Promise<LocalCase[]>;
  putCase(c: LocalCase): Promise<void>;
  updateCases(fn: (c: LocalCase) => LocalCase | null): Promise<number>;
  tickets(): Promise<LocalTicket[]>;
  putTicket(t: LocalTicket): Promise<void>;
  /** The next ticket number of the day: atomic in one transaction (two taps never share a number). */
  nextTicketNumber(day: string): Promise<number>;
}

export async function openVehicleStore(): Promise<VehicleStore> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('kv');
    db.createObjectStore('cases', { keyPath: 'clientCaseId' });
    db.createObjectStore('tickets', { keyPath: 'ticketId' });
  };
  const db = await req(open);
  const store = (name: string, mode: IDBTransactionMode) => db.transaction(name, mode).objectStore(name);
  return {
    get: async <T,>(key: string) => ((await req(store('kv', 'readonly').get(key))) as T | undefined) ?? null,
    put: async (key, value) => {
      const s = store('kv', 'readwrite');
      s.put(value, key);
      await done(s.transaction);
    },
    remove: async (key) => {
      const s = store('kv', 'readwrite');
      s.delete(key);
      await done(s.transaction);
    },
    cases: async () => ((await req(store('cases', 'readonly').getAll())) as LocalCase[]).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    putCase: async (c) => {
      const s = store('cases', 'readwrite');
      s.put(c);
      await done(s.transaction);
    },
    updateCases: async (fn) => {
      const s = store('cases', 'readwrite');
      const all = (await req(s.getAll())) as LocalCase[];
      let n = 0;
      for (const c of all) {
        const next = fn(c);
        if (next && next !== c) {
          s.put(next);
          n++;
        }
      }
      await done(s.transaction);
      return n;
    },
    tickets: async () => ((await req(store('tickets', 'readonly').getAll())) as LocalTicket[]).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)),
    putTicket: async (t) => {
      const s = store('tickets', 'readwrite');
      s.put(t);
      await done(s.transaction);
    },
    nextTicketNumber: async (day) => {
      const s = store('kv', 'readwrite');
      const key = `ticketCounter:${day}`;
      const current = ((await req(s.get(key))) as number | undefined) ?? 0;
      s.put(current + 1, key);
      await done(s.transaction);
      return current + 1;
    },
  };
}
