/** Something a blocked syscall can wait on: it calls its listeners when its state may have changed. */
export type Unsubscribe = () => void;

export interface Waitable {
  subscribe(listener: () => void): Unsubscribe;
}

export class Notifier implements Waitable {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  protected notify(): void {
    // Copy: a listener usually unsubscribes itself while we iterate.
    for (const listener of [...this.listeners]) listener();
  }
}
