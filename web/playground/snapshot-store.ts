/**
 * Where the page keeps its sandbox between visits: one snapshot
 * (sb.snapshot(), a gzip'd tar) in IndexedDB. IndexedDB rather than
 * localStorage because snapshots are binary and may be megabytes; one
 * record under a fixed key because the page has one sandbox.
 */

const DB_NAME = 'wasmbox-playground';
const STORE = 'snapshots';
const KEY = 'current';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export class SnapshotStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = indexedDB): Promise<SnapshotStore> {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    return new SnapshotStore(await request(req));
  }

  /** The saved snapshot, or undefined when there is none (first visit, after a reset). */
  async load(): Promise<Uint8Array | undefined> {
    const value: unknown = await request(this.db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
    return value instanceof Uint8Array ? value : undefined;
  }

  async save(snapshot: Uint8Array): Promise<void> {
    await this.write((store) => store.put(snapshot, KEY));
  }

  async clear(): Promise<void> {
    await this.write((store) => store.delete(KEY));
  }

  /** Resolves when the transaction commits, not when the request succeeds: only then is the data durable. */
  private write(op: (store: IDBObjectStore) => IDBRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, 'readwrite');
      op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }
}
