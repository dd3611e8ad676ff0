/**
 * The public facade (DESIGN.md "Public API"). A Sandbox owns one kernel and
 * everything started in it: close() ends them all, and every call after it
 * rejects with SandboxClosedError (STYLE.md 6).
 */
import { WasmboxError, SandboxClosedError, ProcessNotFoundError } from './errors.js';
import { DEFAULT_PATH } from './executable.js';
import { SandboxFs, isWasm } from './fs-api.js';
import { Kernel, type ProcessState } from './kernel.js';
import { resolveLimits, type Limits } from './limits.js';
import type { ModuleCache } from './module-cache.js';
import { Process, type ExecResult } from './process.js';
import type { WorkerPool } from './worker-pool.js';
import { dirname, resolvePath } from './path.js';
import { SessionList } from './session-list.js';
import { PtyList } from './pty-list.js';
import type { RestoredTree, SnapshotOptions } from './snapshot.js';
import { Vfs, isErr } from './vfs.js';
import { FileKind } from './abi.js';
// edge functions and the network allow-list (issue 5)
import { EdgeFunctions, type FetchOptions } from './edge-fetch.js';
import { NetworkPolicy, type NetworkOptions } from './network.js';

/** A file system to start from, with its env and cwd: a restored snapshot, or a fork's copy. */
type StartingTree = Pick<RestoredTree, 'volume'> & { manifest: Pick<RestoredTree['manifest'], 'env' | 'cwd'> };

/** What a platform entry (node/, web/) supplies: the shared pool and module cache. */
export interface Platform {
  pool: WorkerPool;
  modules: ModuleCache;
}

export interface SandboxOptions {
  /** Files to create: path → contents. WASM binaries are made executable. */
  files?: Record<string, string | Uint8Array>;
  env?: Record<string, string>;
  /** Working directory of new processes (created if missing). Default /home/user. */
  cwd?: string;
  limits?: Partial<Limits>;
  /** Idle workers the shared pool keeps started. */
  poolSize?: number;
  /**
   * A snapshot (sb.snapshot() or sb.pause()) to rebuild: its files, env, cwd
   * and sessions. `env` is merged over the snapshot's, `cwd` and `files`
   * override it. A corrupt snapshot rejects with InvalidSnapshotError and
   * makes no sandbox.
   */
  from?: Uint8Array;
  /**
   * What guest `fetch()` may reach: nothing by default. `{ allow: [prefixes] }`
   * lets a guest fetch URLs under those prefixes through the host's fetch
   * (engine/network.ts says how URLs are compared). A fork keeps the list.
   */
  network?: NetworkOptions;
}

export interface SpawnOptions {
  cwd?: string;
  /** Added to (and overriding) the sandbox's environment. */
  env?: Record<string, string>;
  /** Default true; with false the process waits in 'pending' for start(). */
  autoStart?: boolean;
  /** A unique id of your choosing; default `proc-<pid>`. */
  id?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export interface ExecOptions extends Omit<SpawnOptions, 'autoStart' | 'id'> {
  stdin?: string | Uint8Array;
  /** Aborting sends SIGKILL. */
  signal?: { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void; removeEventListener(type: 'abort', listener: () => void): void };
}

export interface RunCodeOptions extends ExecOptions {
  /** 'javascript' (the default; 'js' too). TypeScript is not supported: compile it to JavaScript first. */
  language?: string;
}

/** The languages runCode runs, and the program that runs each (engine/program-files.ts). */
const RUN_CODE_LANGUAGES: Readonly<Record<string, string>> = { javascript: 'js', js: 'js' };

export interface ListOptions {
  state?: ProcessState;
  pageSize?: number;
  pageToken?: string;
}

/** Finished processes kept for list() and get(); the oldest are dropped first. */
const MAX_FINISHED = 1000;

export class ProcessList {
  constructor(private readonly sandbox: Sandbox) {}

  list(options: ListOptions = {}): { items: Process[]; nextPageToken: string | undefined } {
    return this.sandbox.listProcesses(options);
  }

  get(id: string): Process {
    return this.sandbox.getProcess(id);
  }
}

/**
 * Snapshot reading and writing (tar, gzip, manifests) is a chunk of its own,
 * loaded on first use: a page that starts a fresh sandbox does not parse it
 * before its first prompt (web/playground). Likewise fork's volume copy.
 */
const snapshots = () => import('./snapshot.js');

export class Sandbox {
  readonly fs: SandboxFs;
  readonly processes: ProcessList;
  readonly sessions: SessionList;
  /** Terminals (engine/pty-list.ts). */
  readonly pty: PtyList;
  readonly limits: Readonly<Limits>;
  private readonly kernel: Kernel;
  /** Edge functions served by sb.fetch (engine/edge-fetch.ts). */
  private readonly edge: EdgeFunctions;
  private readonly platform: Platform;
  private readonly env: Record<string, string>;
  private readonly cwd: string;
  private readonly byId = new Map<string, Process>();
  private closed = false;

  /** Overridden by each platform entry to supply its pool and module cache. */
  protected static platform(): Platform {
    throw new Error("wasmbox: import Sandbox from 'wasmbox' (the Node or browser entry), not from the engine");
  }

  static async create<T extends typeof Sandbox>(this: T, options: SandboxOptions = {}): Promise<InstanceType<T>> {
    if (typeof options !== 'object' || options === null) throw new TypeError('Sandbox.create takes an options object');
    const platform = this.platform();
    if (options.poolSize !== undefined) platform.pool.resize(options.poolSize);
    const restored = options.from === undefined ? undefined : await (await snapshots()).readSnapshot(options.from, { fsBytes: resolveLimits(options.limits).fsBytes });
    const sandbox = new this(platform, options, restored) as InstanceType<T>;
    platform.pool.warm();
    if (restored) {
      try {
        for (const s of restored.manifest.sessions) await sandbox.sessions.create({ id: s.id, cwd: sandbox.existingDir(s.cwd), env: s.env });
      } catch (error) {
        await sandbox.close();
        throw error;
      }
    }
    return sandbox;
  }

  /** Use Sandbox.create(); the platform comes from the entry you imported. */
  constructor(platform: Platform, options: SandboxOptions, restored?: StartingTree) {
    this.platform = platform;
    this.limits = resolveLimits(options.limits);
    const vfs = restored && new Vfs(restored.volume);
    this.kernel = new Kernel({ pool: platform.pool, modules: platform.modules, limits: this.limits, vfs, network: NetworkPolicy.from(options.network) });
    const cwd = resolvePath('/', options.cwd ?? restored?.manifest.cwd ?? '/home/user');
    if (typeof cwd === 'number') throw new TypeError(`invalid cwd ${JSON.stringify(options.cwd)}`);
    this.cwd = cwd;
    this.kernel.vfs.volume.mkdirSync(cwd, { recursive: true });
    this.env = { ...(restored?.manifest.env ?? { PATH: DEFAULT_PATH, HOME: '/home/user' }), ...checkEnv(options.env ?? {}) };
    this.fs = new SandboxFs(this.kernel.vfs, () => this.cwd, () => this.assertOpen());
    this.processes = new ProcessList(this);
    this.sessions = new SessionList({
      kernel: this.kernel,
      cwd: this.cwd,
      env: this.env,
      maxOutputBytes: this.limits.maxOutputBytes,
      assertOpen: () => this.assertOpen(),
      checkEnv,
    });
    this.pty = new PtyList({
      kernel: this.kernel,
      cwd: this.cwd,
      env: this.env,
      maxOutputBytes: this.limits.maxOutputBytes,
      assertOpen: () => this.assertOpen(),
      checkEnv,
      checkArgv,
    });
    this.edge = new EdgeFunctions({
      kernel: this.kernel,
      cwd: this.cwd,
      env: this.env,
      maxOutputBytes: this.limits.maxOutputBytes,
      checkEnv,
      register: (p) => {
        this.byId.set(p.id, p);
        this.trimFinished();
      },
    });
    for (const [path, content] of Object.entries(options.files ?? {})) {
      const abs = resolvePath(cwd, path);
      if (typeof abs === 'number') throw new TypeError(`invalid file path ${JSON.stringify(path)}`);
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      if (!(bytes instanceof Uint8Array)) throw new TypeError(`file ${path}: contents must be a string or a Uint8Array`);
      this.kernel.vfs.volume.mkdirSync(dirname(abs), { recursive: true });
      this.kernel.vfs.volume.writeFileSync(abs, bytes, { mode: isWasm(bytes) ? 0o755 : 0o644 });
    }
  }

  /** Start a program: argv[0] is a path or a name looked up on PATH. */
  async spawn(argv: string[], options: SpawnOptions = {}): Promise<Process> {
    this.assertOpen();
    checkArgv(argv);
    const id = options.id ?? undefined;
    if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 256)) throw new TypeError('id must be a non-empty string of at most 256 characters');
    if (id !== undefined && this.byId.has(id)) throw new WasmboxError('ALREADY_EXISTS', `a process with id ${JSON.stringify(id)} already exists`);
    const cwd = options.cwd === undefined ? this.cwd : options.cwd;
    const timeoutMs = options.timeoutMs ?? this.limits.timeoutMs;
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
    const kproc = this.kernel.create({ argv: [...argv], cwd, env: { ...this.env, ...checkEnv(options.env ?? {}) }, timeoutMs });
    const maxOutput = options.maxOutputBytes ?? this.limits.maxOutputBytes;
    const process = new Process(
      kproc,
      id ?? `proc-${kproc.pid}`,
      maxOutput,
      (k) => {
        this.assertOpen();
        return this.kernel.start(k);
      },
      (k, signal) => this.kernel.signal(k, signal),
    );
    this.byId.set(process.id, process);
    this.trimFinished();
    if (options.autoStart ?? true) {
      try {
        await process.start();
      } catch (error) {
        this.byId.delete(process.id);
        throw error;
      }
    }
    return process;
  }

  /**
   * Run a command to the end and return its output. A string is a shell
   * command line, run as `sh -c command`; an argv array runs the program
   * directly, without a shell.
   */
  async exec(command: string | string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.assertOpen();
    if (typeof command === 'string') {
      if (command.includes('\0')) throw new TypeError('the command contains a NUL byte, which no shell command line can hold');
      command = ['/bin/sh', '-c', command];
    }
    const p = await this.spawn(command, options);
    const abort = () => p.kill('SIGKILL');
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort);
    try {
      if (options.stdin !== undefined) await p.stdin.write(options.stdin).catch(() => {});
      p.stdin.close();
      return await p.collect();
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Run code in a language runtime to the end, like exec: JavaScript runs as
   * `js -e code` (Node's -e: CommonJS, or an ES module when it has
   * import/export), with the sandbox's files, env and limits.
   */
  async runCode(code: string, options: RunCodeOptions = {}): Promise<ExecResult> {
    this.assertOpen();
    if (typeof code !== 'string') throw new TypeError(`runCode takes the code as a string, got ${code === null ? 'null' : typeof code}`);
    if (typeof options !== 'object' || options === null) throw new TypeError('runCode options must be an object');
    const { language = 'javascript', ...exec } = options;
    const program = typeof language === 'string' && Object.hasOwn(RUN_CODE_LANGUAGES, language) ? RUN_CODE_LANGUAGES[language]! : undefined;
    if (program === undefined) {
      const hint = language === 'typescript' || language === 'ts' ? ' (TypeScript is not supported: compile it to JavaScript first)' : '';
      throw new TypeError(`runCode: unknown language ${JSON.stringify(language)}${hint}; supported: ${Object.keys(RUN_CODE_LANGUAGES).join(', ')}`);
    }
    if (code.includes('\0')) throw new TypeError('runCode: the code contains a NUL byte, which a program argument cannot hold');
    return this.exec([program, '--eval', code], exec);
  }

  listProcesses(options: ListOptions): { items: Process[]; nextPageToken: string | undefined } {
    this.assertOpen();
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new RangeError(`pageSize must be an integer from 1 to 1000, got ${String(pageSize)}`);
    let after = 0;
    if (options.pageToken !== undefined) {
      const match = /^p(\d{1,15})$/.exec(String(options.pageToken));
      if (!match) throw new RangeError(`invalid pageToken ${JSON.stringify(options.pageToken)}`);
      after = Number(match[1]);
    }
    const states = ['pending', 'running', 'succeeded', 'failed', 'killed'];
    if (options.state !== undefined && !states.includes(options.state)) throw new RangeError(`state must be one of ${states.join(', ')}`);
    const matching = [...this.byId.values()].filter((p) => p.pid > after && (options.state === undefined || p.state === options.state)).sort((a, b) => a.pid - b.pid);
    const items = matching.slice(0, pageSize);
    const nextPageToken = matching.length > pageSize ? `p${items[items.length - 1]!.pid}` : undefined;
    return { items, nextPageToken };
  }

  getProcess(id: string): Process {
    this.assertOpen();
    const p = this.byId.get(id);
    if (!p) throw new ProcessNotFoundError(String(id));
    return p;
  }

  /** Counts for leak checks and dashboards. */
  stats(): { processes: number; running: number; openFds: number; blockedSyscalls: number; listeners: number; workers: ReturnType<WorkerPool['stats']>; modules: number } {
    const k = this.kernel.stats();
    let listeners = 0;
    for (const p of this.byId.values()) listeners += p.listenerCount;
    return { processes: this.byId.size, running: k.live, openFds: k.openFds, blockedSyscalls: k.blocked, listeners, workers: this.platform.pool.stats(), modules: this.platform.modules.size };
  }

  /**
   * The sandbox's files, env, cwd and sessions (each one's id, cwd and
   * exported env) as a tar archive with a manifest, gzip-compressed unless
   * `{ gzip: false }`. Running processes go on and are not part of it; a
   * session's shell functions, aliases and unexported variables are not
   * kept either. Restore with `Sandbox.create({ from: snapshot })`.
   */
  async snapshot(options: SnapshotOptions = {}): Promise<Uint8Array> {
    this.assertOpen();
    const sessions = this.sessions.list().filter((s) => s.active).map((s) => s.state());
    const { takeSnapshot } = await snapshots();
    return takeSnapshot(this.kernel.vfs.volume, { env: this.env, cwd: this.cwd, sessions }, options);
  }

  /**
   * Snapshot, then close. Resume with `Sandbox.create({ from: paused })`:
   * files, env, cwd and sessions come back; running processes (and the
   * commands running in sessions) do not, they are ended by the close.
   */
  async pause(options: SnapshotOptions = {}): Promise<Uint8Array> {
    const snapshot = await this.snapshot(options);
    await this.close();
    return snapshot;
  }

  /**
   * An independent copy: the files, env, cwd, limits and sessions (each
   * with its id, cwd and exported env, as snapshot() keeps them). Running
   * processes, and commands running in sessions, are not copied; processes
   * in the parent go on, and an fd they hold still writes to the parent's
   * file only. No serialization: the copy shares file bytes copy-on-write
   * (engine/vfs-clone.ts), so it costs little whatever the files' size, and
   * a change in either sandbox never shows in the other.
   */
  async fork(): Promise<this> {
    this.assertOpen();
    const { cloneVolume } = await import('./vfs-clone.js');
    this.assertOpen(); // again: the sandbox may have been closed while the chunk loaded
    const sessions = this.sessions.list().filter((s) => s.active).map((s) => s.state());
    const Self = this.constructor as new (platform: Platform, options: SandboxOptions, start: StartingTree) => this;
    const start = { volume: cloneVolume(this.kernel.vfs.volume), manifest: { env: this.env, cwd: this.cwd } };
    const copy = new Self(this.platform, { limits: { ...this.limits }, network: { allow: this.kernel.network.allowed } }, start);
    try {
      for (const s of sessions) await copy.sessions.create({ id: s.id, cwd: copy.existingDir(s.cwd), env: s.env });
    } catch (error) {
      await copy.close();
      throw error;
    }
    return copy;
  }

  /**
   * Hand a request to the edge function at `options.entry`: an ES module in
   * the sandbox whose default export has `fetch(request, env)`, returning a
   * Response (or a promise of one). Resolves to a real Response. The module
   * stays loaded between requests (one process per entry and env, listed in
   * sb.processes as `fetch-<pid>`); its requests are served one at a time,
   * in order. A handler that throws gives a 500 with the error's message
   * (the stack goes to the process's stderr); one that does not answer
   * within `timeoutMs` (default 10 s) gives a 504 and its process is
   * restarted; a process that dies while handling gives a 502. Rejects with
   * EdgeFunctionError when the module cannot be loaded or exports no fetch,
   * and with TypeError for a bad request or bad options.
   */
  async fetch(request: Request | URL | string, options: FetchOptions): Promise<Response> {
    this.assertOpen();
    return this.edge.fetch(request, options);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** End every process and release the sandbox. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.edge.close();
    this.kernel.shutdown();
    this.sessions.clear();
    this.pty.clear();
    await Promise.all([...this.byId.values()].map((p) => p.wait()));
  }

  /** `await using sb = await Sandbox.create()` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** `path` if it is a directory now, else the sandbox's cwd (a session's cwd may have been removed). */
  private existingDir(path: string): string {
    const st = this.kernel.vfs.stat(path);
    return !isErr(st) && st.kind === FileKind.Dir ? path : this.cwd;
  }

  private assertOpen(): void {
    if (this.closed) throw new SandboxClosedError();
  }

  private trimFinished(): void {
    const finished = [...this.byId.values()].filter((p) => p.state !== 'pending' && p.state !== 'running');
    for (let i = 0; i < finished.length - MAX_FINISHED; i++) this.byId.delete(finished[i]!.id);
  }
}

function checkArgv(argv: unknown): asserts argv is string[] {
  if (!Array.isArray(argv)) throw new TypeError('argv must be an array of strings');
  if (argv.length === 0) throw new TypeError('argv must not be empty: argv[0] names the program');
  if (argv.length > 4096) throw new RangeError(`too many arguments (${argv.length}; at most 4096)`);
  let bytes = 0;
  argv.forEach((arg, i) => {
    if (typeof arg !== 'string') throw new TypeError(`argv[${i}] must be a string, got ${typeof arg}`);
    if (arg.includes('\0')) throw new TypeError(`argv[${i}] contains a NUL byte`);
    bytes += arg.length;
  });
  if (bytes > 1024 * 1024) throw new RangeError('the arguments exceed 1 MiB (E2BIG)');
}

function checkEnv(env: Record<string, string>): Record<string, string> {
  if (typeof env !== 'object' || env === null) throw new TypeError('env must be an object of strings');
  for (const [key, value] of Object.entries(env)) {
    if (key.length === 0 || key.includes('=') || key.includes('\0')) throw new TypeError(`invalid environment variable name ${JSON.stringify(key)}`);
    if (typeof value !== 'string') throw new TypeError(`environment variable ${key} must be a string`);
    if (value.includes('\0')) throw new TypeError(`environment variable ${key} contains a NUL byte`);
  }
  return env;
}
