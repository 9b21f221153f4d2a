import { isValidIndividualNumber } from '@madoguchi/jp';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import type { Visit, VisitState } from '../../api/counter';

export type SaveStatus = 'saved' | 'saving' | 'offline' | 'conflict' | 'error';

const SAVE_DELAY_MS = 700;
const RETRY_MS = 3000;
const backupKey = (visitId: string) => `madoguchi.counter.draft.${visitId}`;

/**
 * An individual number typed by mistake into a free-text answer is never written to the tablet's
 * storage (the server refuses it too): such strings are blanked in the backup.
 */
export function withoutIndividualNumbers<T>(value: T): T {
  if (typeof value === 'string') {
    const digits = value.normalize('NFKC').replace(/[\s-]/g, '');
    return (/^\d{12}$/.test(digits) && isValidIndividualNumber(digits) ? '' : value) as T;
  }
  if (Array.isArray(value)) return value.map(withoutIndividualNumbers) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIndividualNumbers(v)])) as T;
  return value;
}

interface Backup {
  revision: number;
  state: VisitState;
}

function readBackup(visitId: string): Backup | null {
  try {
    const raw = sessionStorage.getItem(backupKey(visitId));
    return raw ? (JSON.parse(raw) as Backup) : null;
  } catch {
    return null;
  }
}

function writeBackup(visitId: string, backup: Backup | null): void {
  try {
    if (backup) sessionStorage.setItem(backupKey(visitId), JSON.stringify(withoutIndividualNumbers(backup)));
    else sessionStorage.removeItem(backupKey(visitId));
  } catch {
    // Storage full or disabled: the draft still lives in memory and on the server.
  }
}

/** A visit, or a resident's entry: anything saved with a revision around a VisitState. */
export interface Draftable {
  id: string;
  revision: number;
  state: VisitState;
  status: string;
}

export interface VisitDraft<V extends Draftable = Visit> {
  visit: V;
  state: VisitState;
  status: SaveStatus;
  error: unknown;
  /** Changes the draft; it is saved shortly after the last change. */
  update: (change: (state: VisitState) => VisitState) => void;
  /** Saves now if anything is unsaved; resolves with the visit as the server has it. */
  flush: () => Promise<V>;
  /** Takes a reply of a server-side step (identification, choosing procedures, signing) as the new truth. */
  replace: (visit: V) => void;
}

/**
 * The visit's draft, saved as staff go: every change is sent after a short pause, so a reload or a
 * dropped connection loses nothing. While the server cannot be reached, the unsaved draft is kept
 * in this tab's session storage and sent again every few seconds.
 */
export function useVisitDraft<V extends Draftable = Visit>(initial: V, save: (revision: number, state: VisitState) => Promise<V>): VisitDraft<V> {
  const visitId = initial.id;
  const [visit, setVisit] = useState(initial);
  const [state, setState] = useState<VisitState>(() => {
    const backup = readBackup(visitId);
    return backup && backup.revision === initial.revision && initial.status !== 'completed' && initial.status !== 'cancelled' && initial.status !== 'picked_up' ? backup.state : initial.state;
  });
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<unknown>(null);
  const latest = useRef({ state, revision: initial.revision, edits: 0, savedEdits: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<V> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;
  const visitRef = useRef(initial);

  const run = useCallback(async (): Promise<V> => {
    if (inFlight.current) await inFlight.current.catch(() => undefined);
    const l = latest.current;
    if (l.edits === l.savedEdits) return visitRef.current;
    const edits = l.edits;
    const sending = l.state;
    setStatus('saving');
    const request = saveRef.current(l.revision, sending);
    inFlight.current = request;
    try {
      const saved = await request;
      latest.current = { ...latest.current, revision: saved.revision, savedEdits: edits };
      visitRef.current = saved;
      setVisit(saved);
      setError(null);
      if (latest.current.edits === edits) {
        setStatus('saved');
        writeBackup(visitId, null);
      } else {
        timer.current = setTimeout(() => void run().catch(() => undefined), SAVE_DELAY_MS);
      }
      return saved;
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'NETWORK_ERROR') {
        setStatus('offline');
        writeBackup(visitId, { revision: latest.current.revision, state: latest.current.state });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void run().catch(() => undefined), RETRY_MS);
      } else if (e instanceof ApiError && e.code === 'VISIT_CHANGED') {
        setStatus('conflict');
      } else {
        setStatus('error');
      }
      throw e;
    } finally {
      inFlight.current = null;
    }
  }, [visitId]);

  // A backup restored after a reload is sent at once.
  useEffect(() => {
    if (state !== initial.state) {
      latest.current.edits += 1;
      void run().catch(() => undefined);
    }
    return () => clearTimeout(timer.current);
    // Only on mount: later changes go through update().
  }, []);

  const update = useCallback((change: (s: VisitState) => VisitState) => {
    const next = change(latest.current.state);
    latest.current = { ...latest.current, state: next, edits: latest.current.edits + 1 };
    setState(next);
    writeBackup(visitId, { revision: latest.current.revision, state: next });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void run().catch(() => undefined), SAVE_DELAY_MS);
  }, [run, visitId]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    return run();
  }, [run]);

  const replace = useCallback((next: V) => {
    clearTimeout(timer.current);
    latest.current = { state: next.state, revision: next.revision, edits: 0, savedEdits: 0 };
    visitRef.current = next;
    setVisit(next);
    setState(next.state);
    setStatus('saved');
    setError(null);
    writeBackup(visitId, null);
  }, [visitId]);

  return { visit, state, status, error, update, flush, replace };
}
