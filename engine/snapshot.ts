/**
 * Snapshots (DESIGN.md "Snapshots are serialized file-system state"; the
 * format is in README.md "Snapshots"): a pax tar archive whose first entry
 * is `.wasmbox/manifest.json`, then the whole tree, gzip-compressed by
 * default.
 *
 * - engine/snapshot-manifest.ts: the manifest, its checks and its hash slot;
 * - engine/snapshot-write.ts: one walk of the volume into one buffer;
 * - engine/snapshot-read.ts: parse, check and build a fresh volume, all or nothing.
 *
 * gzip is fflate's (synchronous, the same bytes on every platform); Web
 * Crypto's SHA-256 hashes the content.
 */
import type { Volume } from 'memfs';
import { gzipSync } from 'fflate';
import { writeArchive } from './snapshot-write.js';
import type { SessionState } from './snapshot-manifest.js';

export { readSnapshot, type RestoredTree } from './snapshot-read.js';
export type { Manifest, SessionState } from './snapshot-manifest.js';

export interface SnapshotOptions {
  /** gzip the archive (fflate, level 1 unless `level` says otherwise). Default true. */
  gzip?: boolean;
  /** gzip level, 1 (fastest) to 9 (smallest). Default 1. */
  level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export interface SandboxState {
  env: Record<string, string>;
  cwd: string;
  sessions: SessionState[];
}

export async function takeSnapshot(volume: Volume, state: SandboxState, options: SnapshotOptions = {}): Promise<Uint8Array> {
  if (typeof options !== 'object' || options === null) throw new TypeError('snapshot options must be an object');
  const gzip = options.gzip ?? true;
  if (typeof gzip !== 'boolean') throw new TypeError('snapshot option gzip must be a boolean');
  const level = options.level ?? 1;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new RangeError(`snapshot option level must be an integer from 1 to 9, got ${String(level)}`);
  const tar = await writeArchive(volume, {
    createdAt: new Date().toISOString(),
    env: { ...state.env },
    cwd: state.cwd,
    sessions: state.sessions.map((s) => ({ id: s.id, cwd: s.cwd, env: { ...s.env } })),
  });
  return gzip ? gzipSync(tar, { level }) : tar;
}
