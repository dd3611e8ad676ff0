/**
 * Where the page's sandbox comes from: the snapshot saved in this browser,
 * a snapshot file, or the example files. Kept apart from the UI so the page
 * can start the sandbox (and so its workers) first, and build the panes
 * while they start.
 */
import { Sandbox } from '../index.ts';
import { SEED_FILES } from './seed.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/**
 * Workers kept started: the shell's, plus two spare for the first command
 * and a pipe. The library's default (8) starts eight at once, each parsing
 * the worker bundle, which on a 2-core machine delays the shell's own.
 */
export const POOL_SIZE = 3;

export interface FirstSandbox {
  sandbox: Sandbox;
  /** Made from the example files (not restored). */
  seeded: boolean;
  /** What the store holds differs from the sandbox (a saved snapshot could not be restored). */
  dirty: boolean;
  /** Why a saved snapshot was not used, for the status bar. */
  problem?: string;
}

export const seededSandbox = (): Promise<Sandbox> => Sandbox.create({ files: SEED_FILES, poolSize: POOL_SIZE });

/** Rejects (InvalidSnapshotError and the like) without making a sandbox when `snapshot` is not one. */
export const sandboxFrom = (snapshot: Uint8Array): Promise<Sandbox> => Sandbox.create({ from: snapshot, poolSize: POOL_SIZE });

/** The sandbox saved in this browser, or a fresh one with the example files. */
export async function firstSandbox(store: SnapshotStore): Promise<FirstSandbox> {
  const saved = await store.load().catch(() => undefined);
  if (saved) {
    try {
      return { sandbox: await sandboxFrom(saved), seeded: false, dirty: false };
    } catch (error) {
      const problem = `the sandbox saved in this browser could not be restored (${error instanceof Error ? error.message : String(error)}); started a fresh one`;
      return { sandbox: await seededSandbox(), seeded: true, dirty: true, problem };
    }
  }
  return { sandbox: await seededSandbox(), seeded: true, dirty: false };
}
