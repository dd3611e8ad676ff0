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
  /**
   * Opening may fail (storage disabled, a private window's quota, a newer
   * version of the database): the page still runs, and each operation
   * rejects with the reason, which the page shows where it saves.
   */
  private constructor(private readonly db: Promise<IDBDatabase>) {
    db.catch(() => {});
  }

  static open(factory: IDBFactory = indexedDB): SnapshotStore {
    const opened = (async () => {
      const req = factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      return await request(req);
    })().catch((error: unknown) => {
      throw new Error(`IndexedDB is not available here (${error instanceof Error ? error.message : String(error)}), so the sandbox is not kept across reloads`);
    });
    return new SnapshotStore(opened);
  }

  /** The saved snapshot, or undefined when there is none (first visit, after a reset). */
  async load(): Promise<Uint8Array | undefined> {
    const db = await this.db;
    const value: unknown = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
    return value instanceof Uint8Array ? value : undefined;
  }

  async save(snapshot: Uint8Array): Promise<void> {
    await this.write((store) => store.put(snapshot, KEY));
  }

  async clear(): Promise<void> {
    await this.write((store) => store.delete(KEY));
  }

  /** Resolves when the transaction commits, not when the request succeeds: only then is the data durable. */
  private async write(op: (store: IDBObjectStore) => IDBRequest): Promise<void> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }
}
