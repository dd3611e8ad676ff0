/**
 * Where the page's sandbox comes from: the snapshot saved in this browser,
 * a snapshot file, or the example files. Kept apart from the UI so the page
 * can start the sandbox (and so its workers) first, and build the panes
 * while they start.
 */
import { Sandbox, type Pty } from '../index.ts';
import { HOME, SEED_FILES } from './seed.ts';

/**
 * Workers kept started: the shell's, plus two spare for the first command
 * and a pipe. The library's default (8) starts eight at once, each parsing
 * the worker bundle, which on a 2-core machine delays the shell's own.
 */
export const POOL_SIZE = 3;

export interface FirstSandbox {
  sandbox: Sandbox;
  /** Its interactive shell, already starting (see startShell). */
  shell: Promise<Pty>;
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

/** The interactive shell (`sh -i`, the pty's default program) in the home directory. */
export const startShell = (sb: Sandbox, size: { cols: number; rows: number }): Promise<Pty> => sb.pty.create({ ...size, cwd: HOME });

/**
 * The sandbox `saved` in this browser (SnapshotStore.load), or a fresh one
 * with the example files, and its shell started at once (at `size`, the
 * terminal's size worked out before xterm loads: terminal-size.ts), so the
 * shell boots while the page builds its panes.
 */
export async function firstSandbox(saved: Uint8Array | undefined, size: { cols: number; rows: number }): Promise<FirstSandbox> {
  const withShell = (sandbox: Sandbox) => ({ sandbox, shell: startShell(sandbox, size) });
  if (saved) {
    try {
      return { ...withShell(await sandboxFrom(saved)), seeded: false, dirty: false };
    } catch (error) {
      const problem = `the sandbox saved in this browser could not be restored (${error instanceof Error ? error.message : String(error)}); started a fresh one`;
      return { ...withShell(await seededSandbox()), seeded: true, dirty: true, problem };
    }
  }
  return { ...withShell(await seededSandbox()), seeded: true, dirty: false };
}
