/**
 * Cap a module's linear memory by rewriting the maximum in its memory
 * section (WebAssembly core spec, 5.5.8 "Memory section" and 5.3.8 "Limits").
 * A module that declares no maximum may otherwise grow to 4 GiB; with one,
 * memory.grow fails and malloc returns NULL, the way a process meets its
 * rlimit. Only this section is re-encoded; every other byte is kept.
 */

const PAGE = 65536;

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= bytes.length) throw new Error('truncated LEB128');
    const b = bytes[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, pos];
    shift += 7;
    if (shift > 35) throw new Error('LEB128 too long');
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

export interface LimitResult {
  bytes: Uint8Array;
  /** The module's own minimum, in pages; above the cap means it can never start. */
  minPages: number;
}

/** Returns the module with every 32-bit memory's maximum at most `maxBytes`. */
export function limitMemory(module: Uint8Array, maxBytes: number): LimitResult {
  const cap = Math.max(1, Math.floor(maxBytes / PAGE));
  let pos = 8;
  let minPages = 0;
  while (pos < module.length) {
    const id = module[pos]!;
    const [size, payload] = readLeb(module, pos + 1);
    const end = payload + size;
    if (end > module.length) throw new Error('section runs past the end of the module');
    if (id === 5) {
      const [count, first] = readLeb(module, payload);
      const out: number[] = leb(count);
      let p = first;
      for (let i = 0; i < count; i++) {
        const flags = module[p++]!;
        if (flags > 1) return { bytes: module, minPages }; // shared or 64-bit memory: leave as is
        const [min, afterMin] = readLeb(module, p);
        p = afterMin;
        let max = cap;
        if (flags === 1) {
          const [declared, afterMax] = readLeb(module, p);
          p = afterMax;
          max = Math.min(declared, cap);
        }
        minPages = Math.max(minPages, min);
        out.push(1, ...leb(min), ...leb(Math.max(min, max)));
      }
      const section = [5, ...leb(out.length), ...out];
      const bytes = new Uint8Array(pos + section.length + (module.length - end));
      bytes.set(module.subarray(0, pos), 0);
      bytes.set(section, pos);
      bytes.set(module.subarray(end), pos + section.length);
      return { bytes, minPages };
    }
    pos = end;
  }
  return { bytes: module, minPages };
}
