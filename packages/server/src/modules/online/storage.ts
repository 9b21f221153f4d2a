import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Services } from '../../platform/http/context';

/**
 * Where attachment bytes live: outside the database, so backups, retention and the two network
 * halves (三層分離) can treat them apart. Keys are generated here, never taken from input.
 */
export interface FileStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

/** The default: one file per key under a root directory (`MADOGUCHI_DATA_DIR/files`). */
export function filesystemStorage(root: string): FileStorage {
  const at = (key: string) => {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error('invalid storage key');
    return path.join(root, key);
  };
  return {
    async put(key, bytes) {
      const file = at(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
    },
    async get(key) {
      return new Uint8Array(await readFile(at(key)));
    },
    async delete(key) {
      await rm(at(key), { force: true });
    },
  };
}

const stores = new WeakMap<Services, FileStorage>();

/** The storage for this platform instance; tests set their own (a temporary directory). */
export function storageOf(services: Services): FileStorage {
  let s = stores.get(services);
  if (!s) {
    s = filesystemStorage(path.resolve(process.env.MADOGUCHI_DATA_DIR ?? 'data', 'files'));
    stores.set(services, s);
  }
  return s;
}

export function setStorage(services: Services, storage: FileStorage): void {
  stores.set(services, storage);
}
