/**
 * Run one of wasmbox's own programs synchronously in the test's thread,
 * against a real kernel file system and syscall dispatcher, without workers:
 * the quickest way to test a coreutil or the shell's in-process behaviour.
 * stdin is a pipe filled in advance and closed; stdout and stderr are
 * captured whole. There is no process table here, so spawn and wait fail
 * with ENOSYS: test those through a Sandbox.
 */
import { DEFAULT_CHANNEL_BYTES, FileKind, Op, Wire, type StatInfo } from '../../engine/abi.js';
import { Errno } from '../../engine/errno.js';
import { FdTable } from '../../engine/fd-table.js';
import { OpenFile, PipeEnd } from '../../engine/open-file.js';
import { DEFAULT_PIPE_CAPACITY, Pipe } from '../../engine/pipe.js';
import { installPrograms } from '../../engine/program-files.js';
import { dispatch, type SyscallContext } from '../../engine/syscalls.js';
import { Vfs } from '../../engine/vfs.js';
import { KernelSys } from '../../runtimes/kernel-sys.js';
import { runProgram as runInWorker } from '../../runtimes/program-runner.js';
import type { Program } from '../../runtimes/program.js';
import { SignalGate, type SyscallTransport } from '../../runtimes/syscall-client.js';

/** An fd that keeps everything written to it. */
class Capture extends OpenFile {
  readonly kind = FileKind.Pipe;
  readonly chunks: Uint8Array[] = [];

  write(data: Uint8Array): number {
    this.chunks.push(data.slice());
    return data.byteLength;
  }

  stat(): StatInfo {
    return { dev: 0, ino: 0, kind: FileKind.Pipe, mode: 0o600, nlink: 1, size: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0 };
  }

  text(): string {
    return new TextDecoder().decode(concat(this.chunks));
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Says whether a signal arrives during this call (`op`, the `count`th call of that op); see `signalDuring`. */
export type SignalInjector = (op: Op, count: number) => boolean;

class InlineTransport implements SyscallTransport {
  readonly request: Wire;
  readonly response: Wire;
  beforeCall: (() => void) | undefined;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly counts = new Map<Op, number>();
  private pending = 0;
  private readonly signals = new SignalGate(() => {
    const signal = this.pending;
    this.pending = 0;
    return signal;
  });

  constructor(
    private readonly ctx: SyscallContext,
    private readonly signalDuring?: SignalInjector,
  ) {
    const buffer = new ArrayBuffer(DEFAULT_CHANNEL_BYTES);
    this.request = new Wire(buffer);
    this.response = new Wire(buffer);
  }

  begin(): Wire {
    this.beforeCall?.();
    return this.request.reset();
  }

  get interruptible(): boolean {
    return this.signals.interruptible;
  }

  set interruptible(on: boolean) {
    this.signals.interruptible = on;
  }

  call(op: number): number {
    // As runtimes/syscall-client.ts does: a signal is taken before a call starts.
    this.signals.check();
    this.request.reset();
    this.response.reset();
    const result = dispatch(this.ctx, op, this.request, this.response);
    this.response.reset();
    const count = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, count);
    if (this.signalDuring?.(op, count)) this.pending = 2;
    // Nothing else runs in this thread, so a call that would block never could finish.
    return typeof result === 'number' ? result : Errno.EAGAIN;
  }

  holdSignals<T>(fn: () => T): T {
    return this.signals.hold(fn);
  }

  sleep(ms: number): void {
    this.beforeCall?.();
    this.signals.check();
    if (ms > 0) Atomics.wait(this.sleeper, 0, 0, ms);
  }

  get maxPayload(): number {
    return this.request.capacity - 64;
  }
}

export interface RunProgramOptions {
  argv: string[];
  stdin?: string | Uint8Array;
  /** Absolute paths to contents; parent directories are created. */
  files?: Record<string, string | Uint8Array>;
  cwd?: string;
  env?: Record<string, string>;
  /** Reuse the file system of an earlier run (its `vfs`). */
  vfs?: Vfs;
  /** A SIGINT comes during the calls this picks; the program is made interruptible, as a session's shell is. */
  signalDuring?: SignalInjector;
  /** Serves the process calls (engine/process-calls.ts) the test plays the kernel for; others are ENOSYS. */
  processes?: (op: Op, req: Wire, res: Wire) => number | undefined;
}

export interface ProgramResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The raw bytes written to stdout. */
  stdoutBytes: Uint8Array;
  readFile(path: string): string;
  exists(path: string): boolean;
  vfs: Vfs;
  /** A Sys over the same file system, for inspecting it afterwards. */
  sys: KernelSys;
}

export function runProgram(program: Program, options: RunProgramOptions): ProgramResult {
  const vfs = options.vfs ?? new Vfs();
  const cwd = options.cwd ?? '/home/user';
  if (!options.vfs) {
    for (const dir of ['/dev', '/tmp', '/bin', '/usr/bin', cwd]) vfs.volume.mkdirSync(dir, { recursive: true });
    for (const dev of ['null', 'zero', 'random', 'urandom']) vfs.volume.writeFileSync(`/dev/${dev}`, '');
    installPrograms(vfs);
  }
  for (const [path, content] of Object.entries(options.files ?? {})) {
    vfs.volume.mkdirSync(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
    vfs.volume.writeFileSync(path, content);
  }
  const fds = new FdTable();
  const input = options.stdin === undefined ? new Uint8Array(0) : typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;
  // The whole of stdin fits: nothing else runs in this thread to drain a smaller pipe.
  const stdin = new Pipe(Math.max(DEFAULT_PIPE_CAPACITY, input.byteLength));
  fds.installAt(0, new PipeEnd(stdin, 'read'));
  const writer = new PipeEnd(stdin, 'write').retain();
  writer.write(input);
  writer.unref();
  const stdout = new Capture();
  const stderr = new Capture();
  fds.installAt(1, stdout);
  fds.installAt(2, stderr);
  const ctx: SyscallContext = {
    vfs,
    fds,
    brokenPipe: () => {},
    // No other processes here: spawn is ENOSYS, so the shell forks in-process. An interactive
    // shell's sigaction (catching ^C) is taken, as the kernel takes it (engine/tty-calls.ts).
    processes: { call: (op, req, res) => options.processes?.(op, req, res) ?? (op === Op.CatchInterrupts ? Errno.OK : Errno.ENOSYS) },
  };
  const transport = new InlineTransport(ctx, options.signalDuring);
  transport.interruptible = options.signalDuring !== undefined;
  const exitCode = runInWorker(transport, {
    program,
    pid: 1,
    argv: options.argv,
    env: options.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/home/user' },
    cwd,
  });
  fds.closeAll();
  const inspect = new KernelSys(new InlineTransport({ vfs, fds: new FdTable(), brokenPipe: () => {} }), 1, cwd);
  return {
    exitCode,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stdoutBytes: concat(stdout.chunks),
    readFile: (path) => new TextDecoder().decode(inspect.readFile(path)),
    exists: (path) => inspect.tryStat(path, false) !== undefined,
    vfs,
    sys: inspect,
  };
}
