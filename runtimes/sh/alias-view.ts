/**
 * The aliases the parser sees. bash expands aliases only in interactive
 * shells or with `shopt -s expand_aliases`, and the parser reads the map at
 * every line, so this view answers from the shell's live state: `alias`
 * and `shopt` on one line take effect from the next.
 */
export class AliasView implements ReadonlyMap<string, string> {
  constructor(
    private readonly aliases: Map<string, string>,
    private readonly enabled: () => boolean,
  ) {}

  private get active(): ReadonlyMap<string, string> {
    return this.enabled() ? this.aliases : new Map();
  }

  get size(): number {
    return this.active.size;
  }

  get(key: string): string | undefined {
    return this.active.get(key);
  }

  has(key: string): boolean {
    return this.active.has(key);
  }

  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    this.active.forEach((v, k) => fn(v, k, this));
  }

  entries(): MapIterator<[string, string]> {
    return this.active.entries();
  }

  keys(): MapIterator<string> {
    return this.active.keys();
  }

  values(): MapIterator<string> {
    return this.active.values();
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.active.entries();
  }
}
