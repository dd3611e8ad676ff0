/**
 * The kernel: the one owner of a sandbox's state (DESIGN.md). It holds the
 * volume, the process table and every process's fd table, starts processes
 * in pooled workers, serves their syscalls and ends them. Nothing here knows
 * which platform it runs on: workers come through the WorkerHost seam.
 */
import { LimitExceededError, SpawnError } from './errors.js';
import { resolveLaunch, type Executable, type Launch } from './executable.js';
import { FdTable } from './fd-table.js';
import type { Limits } from './limits.js';
import type { ModuleCache } from './module-cache.js';
import { DirFile, PipeEnd, type OpenFile } from './open-file.js';
import { serveProcessCall } from './process-calls.js';
import { Notifier } from './waitable.js';
import { installPrograms, QUICKJS_PROGRAMS } from './program-files.js';
import { InodeWriter } from './inode-writer.js';
import type { SessionChannel } from './session-channel.js';
// edge functions (issue 5)
import type { EdgeState } from './edge-calls.js';
import { NetworkPolicy } from './network.js';
import { Pipe } from './pipe.js';
import { resolvePath } from './path.js';
import type { WorkerToHost } from './protocol.js';
import { SIGNALS, TIME_LIMIT_MESSAGE, type SignalName } from './signals.js';
import { SyscallServer } from './syscall-server.js';
import { dispatch } from './syscalls.js';
import { limitMemory } from './wasm-memory-limit.js';
import { isErr, Vfs } from './vfs.js';
import type { PooledWorker, WorkerPool } from './worker-pool.js';
import { FileKind, Slot } from './abi.js';
import { Errno } from './errno.js';

export type ProcessState = 'pending' | 'running' | 'succeeded' | 'failed' | 'killed';

/** How long a JavaScript program asked to stop on its timeout may take before its worker is terminated. */
export const INTERRUPT_GRACE_MS = 250;

/** Exit status of a WASI trap, as wasmtime reports one on Unix (128 + SIGABRT). */
export const TRAP_EXIT_CODE = 134;

export interface ProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Already resolved (a spawn from a process resolves synchronously, to report ENOENT at once). */
  launch?: Launch;
  /** A copy of the parent's program with this JSON state (runtimes/sys.ts, SpawnOptions.fork). */
  fork?: string;
  /** Start a new process group led by this process instead of joining the parent's. */
  newGroup?: boolean;
}

/** A process's stdio: pipes whose other ends the host holds, or fds given by a parent process. */
export type Stdio = { kind: 'host' } | { kind: 'inherit'; fds: (OpenFile | undefined)[] };

/** The host's ends of a host-spawned process's stdio pipes. */
export interface HostStdio {
  stdin: PipeEnd;
  stdout: PipeEnd;
  stderr: PipeEnd;
}

export class KernelProcess {
  state: ProcessState = 'pending';
  exitCode: number | null = null;
  signal: SignalName | null = null;
  timedOut = false;
  readonly createdAt = Date.now();
  startedAt: number | null = null;
  endedAt: number | null = null;
  readonly fds = new FdTable();
  /** The host's ends of the stdio pipes, for a process the host started. */
  readonly host: HostStdio | undefined;
  /** Children not yet waited for, by pid (zombies stay here until wait). */
  readonly children = new Map<number, KernelProcess>();
  /** Set for a session's shell: where its commands come from. */
  session: SessionChannel | undefined;
  /** Process group (POSIX setpgid): a terminal's ^C goes to every process of its foreground group. */
  pgid: number;
  /** The program takes SIGINT/SIGQUIT as an `Interrupted` unwind instead of ending (an interactive shell at its prompt). */
  catchesInterrupts = false;
  /** Edge-function state: the request channel of a serving process, bodies in transit (engine/edge-calls.ts). */
  edge: EdgeState | undefined;
  /** The built-in program this process runs, if any: what a fork copies. */
  program: string | undefined;
  /** Notified when the process ends (a parent may be blocked in wait). */
  readonly endNotice = new EndNotice();
  readonly exited: Promise<void>;
  private resolveExited!: () => void;
  worker: PooledWorker | undefined;
  server: SyscallServer | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set by the kernel's owner to hear about the end (e.g. to write a trap's message). */
  onEnd: ((message: string | undefined) => void) | undefined;
  /** Set by the kernel: remove the ended process from its table. */
  reap: (() => void) | undefined;

  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly spec: ProcessSpec,
    stdio: Stdio = { kind: 'host' },
  ) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.pgid = pid;
    if (stdio.kind === 'inherit') {
      stdio.fds.forEach((file, fd) => {
        if (file) this.fds.installAt(fd, file);
      });
      this.host = undefined;
      return;
    }
    const stdin = new Pipe();
    const stdout = new Pipe();
    const stderr = new Pipe();
    this.fds.installAt(0, new PipeEnd(stdin, 'read'));
    this.fds.installAt(1, new PipeEnd(stdout, 'write'));
    this.fds.installAt(2, new PipeEnd(stderr, 'write'));
    this.host = {
      stdin: new PipeEnd(stdin, 'write').retain(),
      stdout: new PipeEnd(stdout, 'read').retain(),
      stderr: new PipeEnd(stderr, 'read').retain(),
    };
  }

  get ended(): boolean {
    return this.state !== 'pending' && this.state !== 'running';
  }

  /** Record the end: close every fd (readers of its pipes see EOF) and settle waiters. */
  end(state: ProcessState, exitCode: number, signal: SignalName | null, message?: string): void {
    if (this.ended) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.server?.stop();
    this.server = undefined;
    this.state = state;
    this.exitCode = exitCode;
    this.signal = signal;
    this.endedAt = Date.now();
    this.onEnd?.(message);
    this.fds.closeAll();
    // Orphans are nobody's to wait for: forget the zombies among them.
    this.children.clear();
    this.reap?.();
    this.endNotice.fire();
    this.resolveExited();
  }
}

class EndNotice extends Notifier {
  fire(): void {
    this.notify();
  }
}

export interface KernelOptions {
  pool: WorkerPool;
  modules: ModuleCache;
  limits: Limits;
  vfs?: Vfs;
  /** What guest fetch() may reach (engine/network.ts); default: nothing. */
  network?: NetworkPolicy;
}

/** The files in /dev that stand for the kernel's devices (engine/open-file.ts DEVICES). */
export const DEVICE_NAMES = ['null', 'zero', 'random', 'urandom'] as const;

export class Kernel {
  readonly vfs: Vfs;
  readonly limits: Limits;
  readonly network: NetworkPolicy;
  private readonly pool: WorkerPool;
  private readonly modules: ModuleCache;
  private readonly processes = new Map<number, KernelProcess>();
  private nextPid = 1;
  /** Compiled modules by file identity, so an unchanged binary is not read, capped and hashed again. */
  private readonly byStamp = new Map<string, WebAssembly.Module>();

  constructor(options: KernelOptions) {
    this.vfs = options.vfs ?? new Vfs();
    this.limits = options.limits;
    this.network = options.network ?? NetworkPolicy.disabled;
    this.vfs.space.limit = options.limits.fsBytes ?? Infinity;
    this.pool = options.pool;
    this.modules = options.modules;
    // Written into the inode tree in one pass (inode-writer.ts): this is on every page's load path.
    const writer = new InodeWriter(this.vfs.volume);
    // A restored or forked file system is kept as it is (a snapshot carries its
    // programs); only the device files, which snapshots leave out, are put back.
    if (!options.vfs) {
      writer.dir('/tmp', 0o1777);
      writer.dir('/home');
      installPrograms(this.vfs, writer);
    }
    const dev = writer.dir('/dev');
    for (const name of DEVICE_NAMES) writer.file(dev, name, '', 0o666);
  }

  get live(): KernelProcess[] {
    return [...this.processes.values()].filter((p) => !p.ended);
  }

  create(spec: ProcessSpec, parent?: KernelProcess, stdio?: Stdio): KernelProcess {
    const live = this.live.length;
    if (live >= this.limits.maxProcesses) {
      throw new LimitExceededError('maxProcesses', `the sandbox already has ${live} processes (limit maxProcesses=${this.limits.maxProcesses})`);
    }
    const cwd = resolvePath('/', spec.cwd);
    if (typeof cwd === 'number') throw new SpawnError('EINVAL', spec.cwd, 'invalid working directory');
    const st = this.vfs.stat(cwd);
    if (isErr(st)) throw new SpawnError('ENOENT', cwd, 'working directory does not exist');
    if (st.kind !== FileKind.Dir) throw new SpawnError('ENOENT', cwd, 'working directory is not a directory');
    const proc = new KernelProcess(this.nextPid++, parent?.pid ?? 0, { ...spec, cwd }, stdio);
    this.processes.set(proc.pid, proc);
    parent?.children.set(proc.pid, proc);
    // A child joins its parent's process group unless it asked for its own (POSIX fork/setpgid).
    if (parent && !spec.newGroup) proc.pgid = parent.pgid;
    proc.reap = () => this.processes.delete(proc.pid);
    return proc;
  }

  /** Resolve, check and compile the program, then run it in a pooled worker. */
  async start(proc: KernelProcess): Promise<void> {
    if (proc.state !== 'pending') throw new Error(`process ${proc.pid} was already started`);
    const { cwd, env } = proc.spec;
    let launch: Launch;
    let module: WebAssembly.Module | undefined;
    try {
      launch = proc.spec.launch ?? resolveLaunch(this.vfs, proc.spec.argv, cwd, env.PATH);
      if (launch.kind === 'wasm') module = await this.moduleFor(launch.exe);
      // JavaScript: QuickJS's wasm, compiled once per platform (runtimes/quickjs/).
      if (launch.kind === 'program' && QUICKJS_PROGRAMS.has(launch.name)) module = await this.modules.runtime('quickjs', () => this.pool.host.quickjsWasm());
    } catch (error) {
      // A child of a process has no host to throw to: its own stderr says why it did not run.
      if (!proc.host) proc.fds.get(2)?.write(new TextEncoder().encode(`wasmbox: ${(error as Error).message}\n`));
      proc.end('failed', error instanceof SpawnError && error.code === 'ENOENT' ? 127 : 126, null);
      throw error;
    }
    if (proc.ended) return; // killed while compiling
    // Posted to before it is ready (WorkerPool.claim): the program starts as soon as the worker can.
    const worker = this.pool.claim();
    proc.worker = worker;
    proc.state = 'running';
    proc.startedAt = Date.now();
    proc.server = new SyscallServer(worker.channel, (op, req, res) =>
      dispatch(
        {
          vfs: this.vfs,
          fds: proc.fds,
          brokenPipe: () => queueMicrotask(() => this.signal(proc, 'SIGPIPE')),
          processes: { call: (o, q, r) => serveProcessCall(this, proc, o, q, r) },
        },
        op,
        req,
        res,
      ),
    );
    worker.owner = (message) => this.onWorkerMessage(proc, message);
    worker.ownerError = (error) => {
      this.pool.discard(worker);
      proc.end('failed', 1, null, `wasmbox: the worker running this process died: ${error.message}\n`);
    };
    proc.server.start();
    this.post(proc, worker, launch, module);
    // A worker that cannot load fails the start; one killed while it loads never says, hence the race.
    try {
      await Promise.race([worker.ready, proc.exited]);
    } catch (error) {
      if (!proc.ended) {
        this.pool.discard(worker);
        proc.end('failed', 1, null, `wasmbox: the worker for this process could not start: ${(error as Error).message}\n`);
      }
      throw error;
    }
    // The time limit counts from when the program can run, not from when its worker began loading.
    const timeoutMs = proc.spec.timeoutMs;
    if (timeoutMs > 0 && !proc.ended) {
      proc.timer = setTimeout(() => {
        proc.timedOut = true;
        // A JavaScript program is asked to stop first (SIGALRM through its
        // interrupt handler), so its worker is kept; past a grace period, or
        // for any other program, the worker is terminated.
        if (proc.program !== undefined && QUICKJS_PROGRAMS.has(proc.program) && this.interrupt(proc, 'SIGALRM')) {
          // Still running past the grace (or still loading QuickJS, so it never saw the interrupt): say why here.
          proc.timer = setTimeout(() => this.signal(proc, 'SIGKILL', TIME_LIMIT_MESSAGE), INTERRUPT_GRACE_MS);
          return;
        }
        // The whole tree ends, as timeout(1) signals its command's process group: the shell of
        // exec(string) and what it started (a child left running would hold the output pipes open).
        for (const child of this.descendants(proc)) this.signal(child, 'SIGKILL');
        this.signal(proc, 'SIGKILL');
      }, timeoutMs);
    }
  }

  /** Send the process's program to its worker. */
  private post(proc: KernelProcess, worker: PooledWorker, launch: Launch, module: WebAssembly.Module | undefined): void {
    const { cwd, env } = proc.spec;
    if (launch.kind === 'program') {
      proc.program = launch.name;
      // A pooled worker may carry a signal meant for its previous program.
      Atomics.store(new Int32Array(worker.channel), Slot.Signal, 0);
      const memoryBytes = this.limits.memoryMiB * 1024 * 1024;
      worker.handle.post({ type: 'run-program', pid: proc.pid, name: launch.name, argv: launch.argv, env, cwd, fork: proc.spec.fork, quickjs: module, memoryBytes });
      return;
    }
    // The preopen: fd 3 is the root directory, which wasi-libc knows as "/".
    proc.fds.installAt(3, new DirFile(this.vfs, '/'));
    worker.handle.post({
      type: 'run-wasi',
      pid: proc.pid,
      module: module!,
      argv: launch.argv,
      env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      cwd,
      preopens: [{ fd: 3, path: '/' }],
    });
  }

  /** The compiled module for a WASI binary, cached by file identity and memory limit. */
  private async moduleFor(exe: Executable): Promise<WebAssembly.Module> {
    const key = `${exe.stamp}:${this.limits.memoryMiB}`;
    const module = this.byStamp.get(key) ?? (await this.compile(exe.path, exe.read()));
    this.byStamp.delete(key);
    this.byStamp.set(key, module);
    if (this.byStamp.size > 64) this.byStamp.delete(this.byStamp.keys().next().value!);
    return module;
  }

  /**
   * Interrupt the command running in a session's shell without ending the
   * shell (runtimes/syscall-client.ts checks Slot.Signal as each call starts, and in sleeps).
   * Returns false for any other process: for them a signal ends the worker.
   */
  interrupt(proc: KernelProcess, signal: SignalName): boolean {
    const worker = proc.worker;
    if (proc.ended || !worker || (proc.program !== 'sh-session' && !proc.catchesInterrupts && !QUICKJS_PROGRAMS.has(proc.program ?? ''))) return false;
    const words = new Int32Array(worker.channel);
    Atomics.store(words, Slot.Signal, SIGNALS[signal]);
    Atomics.notify(words, Slot.Sleep);
    Atomics.notify(words, Slot.Signal);
    proc.server?.interrupt(Errno.EINTR);
    return true;
  }

  /** Whether an interrupt sent to `proc` is still waiting for the program to take it (Slot.Signal not yet cleared). */
  interruptPending(proc: KernelProcess): boolean {
    const worker = proc.worker;
    if (proc.ended || !worker) return false;
    return Atomics.load(new Int32Array(worker.channel), Slot.Signal) !== 0;
  }

  /** Deliver a signal: every signal we support ends the process by terminating its worker. `message` is added to its stderr. */
  signal(proc: KernelProcess, signal: SignalName, message?: string): boolean {
    if (proc.ended) return false;
    const worker = proc.worker;
    proc.worker = undefined;
    if (worker) this.pool.discard(worker);
    proc.end('killed', 128 + SIGNALS[signal], signal, message);
    return true;
  }

  /**
   * A terminal's ^C or ^\ (engine/tty.ts): every live process of group
   * `pgid` gets the signal; one that catches interrupts (the interactive
   * shell) unwinds its command and goes on, the others end (POSIX
   * "General Terminal Interface", 11.1.9 Special Characters).
   */
  signalGroup(pgid: number, signal: SignalName): void {
    const group = [...this.processes.values()].filter((proc) => !proc.ended && proc.pgid === pgid);
    const caught = new Set(group.filter((proc) => this.interrupt(proc, signal)));
    for (const proc of group) {
      if (caught.has(proc)) continue;
      // js REPL (issue 6): bash's "wait and cooperative exit": a process (`sh -c js`) whose
      // descendant in the group handles the signal itself (a JavaScript program) lives on and
      // waits for it; the child's status says what the signal did.
      if (this.descendants(proc).some((child) => caught.has(child))) continue;
      this.signal(proc, signal);
    }
  }

  /** Every live process below `proc` in the process tree. */
  descendants(proc: KernelProcess): KernelProcess[] {
    const out: KernelProcess[] = [];
    const walk = (p: KernelProcess) => {
      for (const child of this.processes.values()) {
        if (child.ppid === p.pid && !child.ended) {
          out.push(child);
          walk(child);
        }
      }
    };
    walk(proc);
    return out;
  }

  get(pid: number): KernelProcess | undefined {
    return this.processes.get(pid);
  }

  /** End every process; used by Sandbox.close(). */
  shutdown(): void {
    for (const proc of [...this.processes.values()]) this.signal(proc, 'SIGKILL');
    this.processes.clear();
  }

  stats(): { processes: number; live: number; openFds: number; blocked: number } {
    let openFds = 0;
    let blocked = 0;
    for (const p of this.processes.values()) {
      openFds += p.fds.count;
      if (p.server?.blocked) blocked++;
    }
    return { processes: this.processes.size, live: this.live.length, openFds, blocked };
  }

  private onWorkerMessage(proc: KernelProcess, message: WorkerToHost): void {
    const worker = proc.worker;
    if (!worker) return;
    if (message.type === 'exit') {
      proc.worker = undefined;
      // A program that stopped itself on its timeout's interrupt still ended by the timeout, as a killed one does.
      if (proc.timedOut) proc.end('killed', 128 + SIGNALS.SIGKILL, 'SIGKILL');
      else proc.end(message.code === 0 ? 'succeeded' : 'failed', message.code, null);
      this.pool.release(worker);
    } else if (message.type === 'failed') {
      proc.worker = undefined;
      proc.end('failed', TRAP_EXIT_CODE, null, message.message);
      this.pool.release(worker);
    }
  }

  private async compile(path: string, bytes: Uint8Array): Promise<WebAssembly.Module> {
    const maxBytes = this.limits.memoryMiB * 1024 * 1024;
    let limited: Uint8Array;
    try {
      const result = limitMemory(bytes, maxBytes);
      if (result.minPages * 65536 > maxBytes) {
        throw new LimitExceededError('memoryMiB', `'${path}' needs at least ${Math.ceil((result.minPages * 65536) / 1048576)} MiB of memory at start (limit memoryMiB=${this.limits.memoryMiB})`);
      }
      limited = result.bytes;
    } catch (error) {
      if (error instanceof LimitExceededError) throw error;
      throw new SpawnError('ENOEXEC', path, `invalid WebAssembly module: ${(error as Error).message}`);
    }
    let compiled: { module: WebAssembly.Module };
    try {
      compiled = await this.modules.get(limited);
    } catch (error) {
      throw new SpawnError('ENOEXEC', path, `invalid WebAssembly module: ${(error as Error).message}`);
    }
    const exports = WebAssembly.Module.exports(compiled.module);
    if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) {
      throw new SpawnError('ENOEXEC', path, 'the module exports no _start function (not a WASI command)');
    }
    if (!exports.some((e) => e.name === 'memory' && e.kind === 'memory')) {
      throw new SpawnError('ENOEXEC', path, 'the module exports no memory');
    }
    return compiled.module;
  }
}

