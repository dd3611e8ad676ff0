/**
 * Differential tests: every scenario runs the same fixture binary, with the
 * same argv, env and stdin, twice:
 *
 *  - under Node's node:wasi (uvwasi, test/helpers/node-wasi.ts), on a fresh
 *    host temp directory preopened as "/", and
 *  - under wasmbox, on a fresh Sandbox,
 *
 * and compares exit code, stdout, stderr and the file tree the program left
 * behind in its working directory (WORK_DIR, created empty on both sides;
 * the scenario's input files are written into it first).
 *
 * Intended differences between the two, normalised here (and only these):
 *
 *  1. Environment: a sandbox's environment always starts with PATH and HOME
 *     (SANDBOX_ENV below), then the user's variables. node:wasi passes only
 *     what it is given, so the reference run gets SANDBOX_ENV + the scenario's
 *     env, in that order. hello prints `environ` in order, so a change in the
 *     sandbox's defaults or their position fails the hello scenario.
 *  2. The root: in wasmbox the guest's "/" is the sandbox root, which also
 *     holds /usr/bin (the binaries) and /home/user (the default cwd). For
 *     node:wasi "/" is an empty temp dir. Only the tree under WORK_DIR is
 *     compared, so those extra directories do not matter.
 *  3. readdir: wasmbox's sb.fs.readdir lists "." and ".."; uvwasi's (and
 *     Node's fs.readdir, which snapshotDir uses) do not. The sandbox walk
 *     below skips them. (The walker fixture skips them itself, so its output
 *     is compared unchanged.)
 *  4. Traps: wasmbox writes "<argv0>: wasm trap: <message>" to the process's
 *     stderr; the node:wasi runner gets the RuntimeError out of wasi.start()
 *     and reports it as `trap`, with nothing on the program's stderr. Both
 *     exit with 134. For trap scenarios stderr is only required to be
 *     non-empty on both sides once the runner's `trap` message is appended
 *     to node:wasi's stderr (and wasmbox's must name the same trap message).
 *  5. Timing: sleeper's elapsed milliseconds differ from run to run; its
 *     "slept <ms>" value is masked before comparing, and checked separately.
 *
 * Two more, found by these tests; each is fixed up on the node:wasi side
 * only, in the one scenario that shows it (Scenario.reference):
 *
 *  6. Exit codes outside 0..255: node:wasi returns the proc_exit value as is
 *     (256 -> 256, -1 -> -1); wasmbox keeps the low 8 bits, as a POSIX wait
 *     status does (256 -> 0, -1 -> 255).
 *  7. read() on a directory fd: uvwasi fails with EBADF ("Bad file
 *     descriptor"); wasmbox fails with EISDIR ("Is a directory"), as Linux.
 *
 * Not normalised (they would be real differences): exit codes, stdout, error
 * messages (strerror texts), file contents, symlink targets, entry types.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';
import { fixture, fixtureFiles } from '../helpers/fixtures.js';
import { runUnderNodeWasi, snapshotDir, TRAP_EXIT_CODE, type SnapshotEntry } from '../helpers/node-wasi.js';

/** What every sandbox's environment starts with (intended difference 1). */
const SANDBOX_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/home/user' };

/** The directory, inside the guest's root, that programs work in. Created empty on both sides. */
const WORK_DIR = '/work';

/** One side's outcome, in a form both sides share. */
interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The tree under WORK_DIR, in snapshotDir's shape. */
  tree: Record<string, SnapshotEntry>;
  /** node:wasi only: the trap message, if the program trapped. */
  trap?: string;
}

type TreeMode =
  /** Files compared by their full UTF-8 text (as snapshotDir gives it). */
  | 'content'
  /** Files compared by byte length and SHA-256 (large / binary files). */
  | 'digest';

interface Scenario {
  name: string;
  program: string;
  /** Arguments after argv[0] (argv[0] is the program name on both sides). */
  args: string[];
  /** Added after SANDBOX_ENV on both sides. */
  env?: Record<string, string>;
  stdin?: string | Uint8Array;
  /** Files to create in WORK_DIR before the run: relative path -> contents. */
  files?: Record<string, string>;
  tree?: TreeMode;
  /** Applied to both sides' stdout before comparing. */
  stdout?: (s: string) => string;
  /** 'trap': see intended difference 4. Default: exact comparison. */
  stderr?: 'exact' | 'trap';
  /** Adjusts the node:wasi outcome for a documented node:wasi quirk (differences 6, 7). */
  reference?: (ref: Outcome) => Outcome;
  /** Extra checks on both outcomes (known-good values, timing bounds, ...). */
  check?: (ref: Outcome, box: Outcome) => void;
}

const W = WORK_DIR;
/** Text of more than one 4 KiB read, non-ASCII included, for cat's streaming. */
const BIG_TEXT = Array.from({ length: 3000 }, (_, i) => `line ${i}: ünïcødé ✓ 日本語\n`).join('');
const lowByte = (r: Outcome): Outcome => ({ ...r, exitCode: r.exitCode & 0xff });
const maskSlept = (s: string) => s.replace(/^slept \d+$/m, 'slept <ms>');

const SCENARIOS: Scenario[] = [
  { name: 'hello: non-ASCII argv and env', program: 'hello', args: ['plain', 'with space', 'ünïcødé 日本語 🎉', '', 'a=b'], env: { GREETING: 'héllo wörld ✓', EMPTY: '', 'NÄME': 'välue=🎉' } },
  { name: 'hello: no args, no extra env', program: 'hello', args: [] },
  { name: 'cat: stdin (several 4 KiB reads)', program: 'cat', args: [], stdin: BIG_TEXT },
  { name: 'cat: "-" reads stdin', program: 'cat', args: ['-'], stdin: 'from stdin ✓\n' },
  { name: 'cat: existing file', program: 'cat', args: [`${W}/in.txt`], files: { 'in.txt': 'first line\nzweite Zeile ✓\n' } },
  { name: 'cat: missing file', program: 'cat', args: [`${W}/missing.txt`] },
  { name: 'cat: existing, missing, existing', program: 'cat', args: [`${W}/in.txt`, `${W}/nope/missing.txt`, `${W}/in.txt`], files: { 'in.txt': 'x\n' } },
  { name: 'cat: a directory', program: 'cat', args: [`${W}/d`], files: { 'd/x.txt': 'x' }, reference: (r) => ({ ...r, stderr: r.stderr.replace('Bad file descriptor', 'Is a directory') }) },
  { name: 'stdio: uppercases lines', program: 'stdio', args: [], stdin: 'hello world\nMixed Case ünï 123\n\nno newline at end' },
  { name: 'stdio: both', program: 'stdio', args: ['both'], stdin: 'abc\ndef\n' },
  { name: 'stdio: line longer than its 1 KiB buffer', program: 'stdio', args: [], stdin: `${'x'.repeat(5000)}\ny` },
  { name: 'exitcode: 0', program: 'exitcode', args: ['0'] },
  { name: 'exitcode: 3', program: 'exitcode', args: ['3'] },
  { name: 'exitcode: 255', program: 'exitcode', args: ['255'] },
  { name: 'exitcode: 256 (8 bits kept)', program: 'exitcode', args: ['256'], reference: lowByte, check: (_, box) => expect(box.exitCode).toBe(0) },
  { name: 'exitcode: -1 (8 bits kept)', program: 'exitcode', args: ['-1'], reference: lowByte, check: (_, box) => expect(box.exitCode).toBe(255) },
  { name: 'walker: fresh directory', program: 'walker', args: [W] },
  { name: 'walker: directory with existing content', program: 'walker', args: [W], files: { 'keep.txt': 'kept\n', 'sub/deep.txt': 'deep\n' } },
  { name: 'walker: second run fails with EEXIST', program: 'walker', args: [W], files: { 'a/old.txt': 'old\n' } },
  { name: 'walker: missing directory', program: 'walker', args: [`${W}/nope`] },
  { name: 'walker: path through ".."', program: 'walker', args: [`${W}/sub/..`], files: { 'sub/x.txt': '' } },
  { name: 'iostress: 1 MiB', program: 'iostress', args: [`${W}/big.bin`, '1'], tree: 'digest', check: (ref) => expect(ref.stdout).toBe('wrote=1048576 read=1048576 checksum=bd339069\n') },
  { name: 'iostress: 8 MiB', program: 'iostress', args: [`${W}/big.bin`, '8'], tree: 'digest', check: (ref) => expect(ref.stdout).toBe('wrote=8388608 read=8388608 checksum=54329d9f\n') },
  { name: 'iostress: 1 MiB in 3 KiB chunks', program: 'iostress', args: [`${W}/big.bin`, '1', '3'], tree: 'digest' },
  { name: 'iostress: into a missing directory', program: 'iostress', args: [`${W}/no/such.bin`, '1'] },
  { name: 'cpu: n=1000', program: 'cpu', args: ['1000'], check: (ref) => expect(ref.stdout).toBe('result=3760563382\n') },
  { name: 'trap', program: 'trap', args: [], stderr: 'trap', check: (ref, box) => {
    expect(ref.trap).toBeTruthy();
    // Both run on V8, so the RuntimeError message (e.g. "unreachable") is the same.
    expect(box.stderr).toContain(ref.trap);
  } },
  { name: 'sleeper: 50 ms', program: 'sleeper', args: ['50'], stdout: maskSlept, check: (ref, box) => {
    for (const o of [ref, box]) {
      const m = /^sleeping 50\nslept (\d+)\n$/.exec(o.stdout);
      expect(m, o.stdout).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(49);
      expect(Number(m![1])).toBeLessThan(5000);
    }
  } },
  // wasi-libc emulates the cwd in-process: it starts as "/" and ignores $PWD.
  // Neither side sets PWD (the sandbox's env is PATH and HOME only), so both
  // print "cwd=/" and "PWD=(null)", even though the sandbox's default working
  // directory is /home/user: the guest is not told about it.
  { name: 'cwd: no args', program: 'cwd', args: [], check: (ref) => expect(ref.stdout).toBe('cwd=/\nPWD=(null)\n') },
  { name: 'cwd: relative path resolves against "/"', program: 'cwd', args: ['work/in.txt'], files: { 'in.txt': '' } },
  { name: 'cwd: PWD from env is printed but not used', program: 'cwd', args: ['in.txt'], env: { PWD: W }, files: { 'in.txt': '' } },
];

// ---------------------------------------------------------------------------

const wasmPath = (program: string) => fileURLToPath(new URL(`../fixtures/bin/${program}.wasm`, import.meta.url));

const digest = (bytes: Uint8Array) => `${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;

const sortEntries = (found: [string, SnapshotEntry][]) =>
  Object.fromEntries(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

async function runReference(s: Scenario): Promise<Outcome> {
  const root = await mkdtemp(join(tmpdir(), 'wasmbox-differential-'));
  try {
    const work = join(root, WORK_DIR);
    await mkdir(work);
    for (const [rel, content] of Object.entries(s.files ?? {})) {
      await mkdir(join(work, rel, '..'), { recursive: true });
      await writeFile(join(work, rel), content);
    }
    const r = await runUnderNodeWasi(wasmPath(s.program), s.args, {
      env: { ...SANDBOX_ENV, ...s.env },
      root,
      stdin: s.stdin,
      argv0: s.program,
      timeoutMs: 10_000,
    });
    const snap = await snapshotDir(work);
    if ((s.tree ?? 'content') === 'digest') {
      for (const [rel, entry] of Object.entries(snap)) {
        if (entry.type === 'file') entry.content = digest(await readFile(join(work, rel)));
      }
    }
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, tree: snap, trap: r.trap };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** snapshotDir's shape, built through sb.fs (intended difference 3: "." and ".." skipped). */
async function snapshotSandbox(sb: Sandbox, dir: string, mode: TreeMode): Promise<Record<string, SnapshotEntry>> {
  const found: [string, SnapshotEntry][] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const { name, type } of await sb.fs.readdir(rel ? `${dir}/${rel}` : dir, { withFileTypes: true })) {
      if (name === '.' || name === '..') continue;
      const childRel = rel ? `${rel}/${name}` : name;
      const full = `${dir}/${childRel}`;
      if (type === 'symlink') {
        found.push([childRel, { type: 'symlink', target: await sb.fs.readlink(full) }]);
      } else if (type === 'directory') {
        found.push([childRel, { type: 'dir' }]);
        await walk(childRel);
      } else if (type === 'file') {
        const content = mode === 'digest' ? digest(await sb.fs.readFile(full)) : await sb.fs.readFile(full, { encoding: 'utf8' });
        found.push([childRel, { type: 'file', content }]);
      }
    }
  };
  await walk('');
  return sortEntries(found);
}

async function runWasmbox(s: Scenario): Promise<Outcome> {
  const sb = await Sandbox.create({ files: fixtureFiles(s.program), env: s.env });
  try {
    await sb.fs.mkdir(WORK_DIR);
    for (const [rel, content] of Object.entries(s.files ?? {})) {
      const path = `${WORK_DIR}/${rel}`;
      await sb.fs.mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
      await sb.fs.writeFile(path, content);
    }
    const r = await sb.exec([s.program, ...s.args], { stdin: s.stdin, timeoutMs: 10_000 });
    expect(r.timedOut, `${s.name}: wasmbox run timed out`).toBe(false);
    const tree = await snapshotSandbox(sb, WORK_DIR, s.tree ?? 'content');
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, tree };
  } finally {
    await sb.close();
  }
}

describe.each(SCENARIOS)('$name', (s) => {
  let ref: Outcome;
  let box: Outcome;

  beforeAll(async () => {
    // Same bytes on both sides: the inlined fixture is the file node:wasi loads.
    expect(fixture(s.program)).toEqual(new Uint8Array(readFileSync(wasmPath(s.program))));
    const [raw, sandboxed] = await Promise.all([runReference(s), runWasmbox(s)]);
    ref = s.reference ? s.reference(raw) : raw;
    box = sandboxed;
  }, 20_000);

  it('exit code', () => {
    expect(box.exitCode).toBe(ref.exitCode);
    if (s.stderr === 'trap') expect(box.exitCode).toBe(TRAP_EXIT_CODE);
  });

  it('stdout', () => {
    const norm = s.stdout ?? ((x: string) => x);
    expect(norm(box.stdout)).toBe(norm(ref.stdout));
  });

  it('stderr', () => {
    if (s.stderr === 'trap') {
      // Intended difference 4.
      const refStderr = ref.stderr + (ref.trap ? `${s.program}: wasm trap: ${ref.trap}\n` : '');
      expect(refStderr.trim()).not.toBe('');
      expect(box.stderr.trim()).not.toBe('');
    } else {
      expect(ref.trap).toBeUndefined();
      expect(box.stderr).toBe(ref.stderr);
    }
  });

  it('file tree', () => {
    expect(box.tree).toEqual(ref.tree);
  });

  const check = s.check;
  if (check) it('extra checks', () => check(ref, box));
});
