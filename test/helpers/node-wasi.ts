/**
 * Reference runner: executes a WASI (preview1) program with Node's built-in
 * `node:wasi` against a real host directory, so tests can compare wasmbox's
 * behaviour (output, exit code, resulting file tree) with a second,
 * independent WASI implementation (uvwasi).
 *
 * Node only. Each run happens in a fresh `node` child process:
 *  - Node 20's node:wasi can crash the whole process (SIGABRT/SIGSEGV, no
 *    message) when a program has grown its memory and then makes a WASI call:
 *    the import functions are V8 "fast API calls", and uvwasi's allocations
 *    inside them report external memory to V8, which may start a GC in the
 *    middle of the fast call (nodejs/node#46777, #53087). The child runs with
 *    `--no-turbo-fast-api-calls`, a V8 flag that cannot be set per worker
 *    thread, and a crash there cannot take the test runner down.
 *  - an endless loop can be killed (`timeoutMs`) and a 4 GiB wasm memory is
 *    released with the process; the caller's event loop is never blocked.
 *  - the child's own stderr (e.g. Node's "WASI is an experimental feature"
 *    warning) is kept apart from the program's output; it is only shown in
 *    the error message if the child fails.
 *
 * The program's stdin, stdout and stderr are temp files handed to the child as
 * fds 3/4/5: stdin is written before the run (so the program sees EOF at its
 * end and never blocks on the host's stdin); stdout/stderr are read back once
 * the program has finished.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, open, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export interface RefResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /**
   * Set when the program died from a WebAssembly trap (e.g. `unreachable`,
   * out-of-bounds access) instead of calling proc_exit / returning from main.
   * The value is the RuntimeError message; exitCode is then TRAP_EXIT_CODE.
   */
  trap?: string;
  /** Set when the run was stopped after `timeoutMs`; exitCode is then TIMEOUT_EXIT_CODE. */
  timedOut?: boolean;
}

export interface RunOptions {
  /** Environment of the program. Default: empty (the host env is NOT inherited). */
  env?: Record<string, string>;
  /** Host directory preopened as "/". Default: no preopened directories at all. */
  root?: string;
  /** Bytes (or UTF-8 text) on the program's stdin. Default: empty stdin. */
  stdin?: string | Uint8Array;
  /** argv[0]. Default: the wasm file name without ".wasm" (e.g. "hello"). */
  argv0?: string;
  /** Kill the program after this many ms (0 = never). Default: 20000 (below vitest's 30 s test timeout). */
  timeoutMs?: number;
}

/** Exit code reported for a trap (128 + SIGABRT, as wasmtime's CLI does on Unix). */
export const TRAP_EXIT_CODE = 134;
/** Exit code reported when the run hit `timeoutMs` (as coreutils `timeout`). */
export const TIMEOUT_EXIT_CODE = 124;

/** Sent to the child on its stdin. */
interface ChildInput {
  wasmPath: string;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
}

/** Printed by the child as the last line of its stdout. */
type ChildReply = { kind: 'exit'; exitCode: number } | { kind: 'trap'; message: string };

// Plain CommonJS, run with `node -e`, so it works whatever transpiles this
// file (tsc, vitest, ...). fds 3, 4, 5 are the program's stdin/stdout/stderr.
const CHILD_SOURCE = `
'use strict';
const { WASI } = require('node:wasi');
const { readFileSync, writeSync } = require('node:fs');

const { wasmPath, args, env, preopens } = JSON.parse(readFileSync(0, 'utf8'));
const wasi = new WASI({
  version: 'preview1', args, env, preopens,
  stdin: 3, stdout: 4, stderr: 5, returnOnExit: true,
});
const module = new WebAssembly.Module(readFileSync(wasmPath));
const instance = new WebAssembly.Instance(module, wasi.getImportObject());
let reply;
try {
  reply = { kind: 'exit', exitCode: wasi.start(instance) };
} catch (err) {
  // A trap surfaces as a WebAssembly.RuntimeError thrown out of start();
  // anything else (missing export, ...) is a real error: let it crash.
  if (!(err instanceof WebAssembly.RuntimeError)) throw err;
  reply = { kind: 'trap', message: err.message };
}
writeSync(1, '\\n' + JSON.stringify(reply) + '\\n');
`;

/**
 * Runs `wasmPath` under node:wasi. `args` are the arguments AFTER argv[0]
 * (like child_process.spawn); argv[0] comes from `opts.argv0`.
 *
 * Resolves with the exit code and the captured output (decoded as UTF-8).
 * Rejects if the module cannot be loaded/instantiated or the node child dies
 * for a reason other than a trap or the timeout.
 */
export async function runUnderNodeWasi(
  wasmPath: string,
  args: string[],
  opts: RunOptions = {},
): Promise<RefResult> {
  const tmp = await mkdtemp(join(tmpdir(), 'wasmbox-node-wasi-'));
  const handles: FileHandle[] = [];
  try {
    const stdinPath = join(tmp, 'stdin');
    const stdoutPath = join(tmp, 'stdout');
    const stderrPath = join(tmp, 'stderr');
    await writeFile(stdinPath, opts.stdin ?? '');
    const stdinFh = await open(stdinPath, 'r');
    handles.push(stdinFh);
    const stdoutFh = await open(stdoutPath, 'w');
    handles.push(stdoutFh);
    const stderrFh = await open(stderrPath, 'w');
    handles.push(stderrFh);

    const input: ChildInput = {
      wasmPath: resolve(wasmPath),
      args: [opts.argv0 ?? basename(wasmPath).replace(/\.wasm$/, ''), ...args],
      env: { ...(opts.env ?? {}) },
      preopens: opts.root === undefined ? {} : { '/': resolve(opts.root) },
    };
    const outcome = await runChild(
      input,
      [stdinFh.fd, stdoutFh.fd, stderrFh.fd],
      opts.timeoutMs ?? 20_000,
    );

    // The child has exited (or been killed): everything the program wrote
    // went straight to the files, so they can be read back now.
    const [stdout, stderr] = await Promise.all([
      readFile(stdoutPath, 'utf8'),
      readFile(stderrPath, 'utf8'),
    ]);
    if (outcome === 'timeout') {
      return { exitCode: TIMEOUT_EXIT_CODE, stdout, stderr, timedOut: true };
    }
    if (outcome.kind === 'trap') {
      return { exitCode: TRAP_EXIT_CODE, stdout, stderr, trap: outcome.message };
    }
    return { exitCode: outcome.exitCode, stdout, stderr };
  } finally {
    await Promise.allSettled(handles.map((h) => h.close()));
    await rm(tmp, { recursive: true, force: true });
  }
}

function runChild(
  input: ChildInput,
  stdio: [number, number, number],
  timeoutMs: number,
): Promise<ChildReply | 'timeout'> {
  return new Promise((resolvePromise, reject) => {
    // Don't let the caller's NODE_OPTIONS (loaders, inspector, ...) leak in.
    const childEnv = { ...process.env };
    delete childEnv.NODE_OPTIONS;
    const child = spawn(
      process.execPath,
      ['--no-turbo-fast-api-calls', '--input-type=commonjs', '-e', CHILD_SOURCE],
      { stdio: ['pipe', 'pipe', 'pipe', ...stdio], env: childEnv },
    );
    const { stdin, stdout, stderr } = child;
    if (!stdin || !stdout || !stderr) throw new Error('spawn gave no stdio pipes'); // cannot happen with 'pipe'
    let out = '';
    let diag = '';
    let timedOut = false;
    stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    stderr.setEncoding('utf8').on('data', (chunk: string) => (diag += chunk));
    // The child may die before reading its input (EPIPE): 'close' reports that.
    stdin.on('error', () => {});
    stdin.end(JSON.stringify(input));

    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs)
        : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolvePromise('timeout');
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        return resolvePromise(JSON.parse(last) as ChildReply);
      }
      reject(
        new Error(
          `node:wasi child for ${input.wasmPath} failed ` +
            `(${signal ? `signal ${signal}` : `exit code ${code}`}):\n${diag.trim()}`,
        ),
      );
    });
  });
}

export type SnapshotEntry = { type: 'file' | 'dir' | 'symlink'; content?: string; target?: string };

/**
 * Recursively describes the tree under `dir` (not including `dir` itself):
 * keys are relative paths with "/" separators, sorted; files carry their
 * content (UTF-8), symlinks their target (never followed), dirs nothing.
 * Other node types (fifos, sockets, devices) are skipped.
 */
export async function snapshotDir(dir: string): Promise<Record<string, SnapshotEntry>> {
  const found: [string, SnapshotEntry][] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(rel ? join(dir, rel) : dir)) {
      const childRel = rel ? `${rel}/${name}` : name;
      const full = join(dir, childRel);
      const st = await lstat(full);
      if (st.isSymbolicLink()) {
        found.push([childRel, { type: 'symlink', target: await readlink(full) }]);
      } else if (st.isDirectory()) {
        found.push([childRel, { type: 'dir' }]);
        await walk(childRel);
      } else if (st.isFile()) {
        found.push([childRel, { type: 'file', content: await readFile(full, 'utf8') }]);
      }
    }
  };
  await walk('');
  // Sort by plain string comparison (same order as the walker fixture's strcmp
  // for ASCII names) so the key order is deterministic across file systems.
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(found);
}
