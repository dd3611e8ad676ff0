/**
 * Keeps the sandbox in IndexedDB: a snapshot a moment after the last change
 * (debounced, so typing a command costs one save, not one per key), and at
 * once when the page is hidden or left (pagehide, visibilitychange: the
 * events the Page Lifecycle API says are the last reliable ones). Before
 * those last saves, `beforeLeaving` runs (the page writes the editor's
 * unsaved text into the sandbox).
 */
import type { SnapshotStore } from './snapshot-store.ts';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export class Autosave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bumped when the source changes: a save started for an old sandbox must not land after a reset. */
  private epoch = 0;
  private source: (() => Promise<Uint8Array>) | undefined;
  /** How long the last save took: a big sandbox is saved less often, so saving never takes most of the page's time. */
  private lastSaveMs = 0;

  constructor(
    private readonly store: SnapshotStore,
    private readonly onState: (state: SaveState, detail?: string) => void,
    private readonly beforeLeaving: () => Promise<unknown>,
    private readonly delayMs = 800,
  ) {
    const leaving = () => void beforeLeaving().finally(() => this.flush());
    addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') leaving();
    });
  }

  /** Save snapshots of this sandbox from now on; `dirty` when it differs from what the store holds. */
  async use(snapshot: () => Promise<Uint8Array>, dirty: boolean): Promise<void> {
    this.cancel();
    await this.inFlight;
    this.source = snapshot;
    if (dirty) this.changed();
    else this.onState('saved');
  }

  /** Forget the stored sandbox (Reset): nothing saved before this call may land after it. */
  async clear(): Promise<void> {
    this.cancel();
    this.source = undefined;
    await this.inFlight;
    await this.store.clear();
  }

  changed(): void {
    this.dirty = true;
    this.onState('pending');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), Math.max(this.delayMs, 5 * this.lastSaveMs));
  }

  /** Save now if anything changed; resolves when the snapshot is in IndexedDB. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.dirty || !this.source) return this.inFlight;
    this.dirty = false;
    const source = this.source;
    const epoch = this.epoch;
    this.inFlight = this.inFlight.then(async () => {
      if (epoch !== this.epoch) return;
      this.onState('saving');
      const started = performance.now();
      try {
        const snapshot = await source();
        if (epoch !== this.epoch) return;
        await this.store.save(snapshot);
        this.lastSaveMs = performance.now() - started;
        if (epoch === this.epoch) this.onState(this.dirty ? 'pending' : 'saved');
      } catch (error) {
        if (epoch !== this.epoch) return;
        this.dirty = true;
        this.onState('error', error instanceof Error ? error.message : String(error));
      }
    });
    return this.inFlight;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.dirty = false;
    this.epoch++;
  }
}
