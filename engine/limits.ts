/** Per-sandbox limits (DESIGN.md) and their documented defaults. */
export interface Limits {
  /** Wall-clock time per process, in ms; 0 means none. Default: none. */
  timeoutMs: number;
  /** Linear memory per WASI process, in MiB. Default: 512. */
  memoryMiB: number;
  /** Processes pending or running at once in one sandbox. Default: 64. */
  maxProcesses: number;
  /** Output bytes kept per stream per process (live readers still see all of it). Default: 16 MiB. */
  maxOutputBytes: number;
  /**
   * Bytes of regular-file content in the whole file system (each inode
   * counted once, however many hard links it has). A write that would pass
   * it fails with ENOSPC; `sb.fs.importTar` that would pass it fails with
   * LimitExceededError before touching the volume. Default: 1 GiB.
   */
  fsBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 0,
  memoryMiB: 512,
  maxProcesses: 64,
  maxOutputBytes: 16 * 1024 * 1024,
  fsBytes: 1024 * 1024 * 1024,
};

export function resolveLimits(given: Partial<Limits> | undefined): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in DEFAULT_LIMITS)) throw new TypeError(`unknown limit '${key}'; known limits: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`limit '${key}' must be a finite number >= 0, got ${String(value)}`);
    }
    limits[key as keyof Limits] = value;
  }
  if (limits.memoryMiB < 1 || limits.memoryMiB > 4096) throw new RangeError(`limit 'memoryMiB' must be from 1 to 4096, got ${limits.memoryMiB}`);
  if (limits.maxProcesses < 1) throw new RangeError(`limit 'maxProcesses' must be at least 1`);
  if (!Number.isSafeInteger(limits.fsBytes)) throw new RangeError(`limit 'fsBytes' must be a whole number of bytes, got ${limits.fsBytes}`);
  return limits;
}
