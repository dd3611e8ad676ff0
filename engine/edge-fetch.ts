/**
 * `sb.fetch(request, { entry })`: hand a Request to an edge function in the
 * sandbox and get a real Response back (DESIGN.md "edge functions"). The
 * handlers of a sandbox, one per entry and env, kept warm between requests;
 * engine/edge-function.ts runs each one's process.
 */
import type { EdgeResponse } from './edge-channel.js';
import type { EdgeState } from './edge-calls.js';
import { EdgeFunction, type EdgeResult } from './edge-function.js';
import { SandboxClosedError } from './errors.js';
import type { Kernel, KernelProcess } from './kernel.js';
import { resolvePath } from './path.js';
import { Process } from './process.js';
import { parseRequest } from './edge-request.js';

export interface FetchOptions {
  /** Path of the ES module in the sandbox (relative to the sandbox's cwd) whose default export has `fetch(request, env)`. */
  entry: string;
  /** How long one request may take once the handler has it; then the answer is 504 and the process is restarted. Default 10,000 ms. */
  timeoutMs?: number;
  /** Keep the module loaded between requests (default true); false runs a fresh process for this request. */
  warm?: boolean;
  /** The handler's second argument (strings only), also added to its process.env. Each distinct env is its own warm handler. */
  env?: Record<string, string>;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** setTimeout's largest delay (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The guest program that serves an entry (runtimes/quickjs/serve.ts). */
export const SERVE_PROGRAM = 'js-serve';

export interface EdgeHostContext {
  kernel: Kernel;
  cwd: string;
  env: Record<string, string>;
  maxOutputBytes: number;
  checkEnv(env: Record<string, string>): Record<string, string>;
  /** List a serving process in sb.processes, where its output (a handler's console, a thrown error's stack) can be read. */
  register(process: Process): void;
}

export class EdgeFunctions {
  private readonly warm = new Map<string, EdgeFunction>();
  private readonly oneShot = new Set<EdgeFunction>();
  private closed = false;

  constructor(private readonly host: EdgeHostContext) {}

  async fetch(input: unknown, options: FetchOptions): Promise<Response> {
    const { entry, timeoutMs, warm, env } = this.checkOptions(options);
    const parsed = await parseRequest(input);
    if (parsed.kind === 'refused') return textResponse(parsed.status, parsed.message);
    if (this.closed) throw new SandboxClosedError();
    const key = JSON.stringify([entry, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
    let fn = warm ? this.warm.get(key) : undefined;
    if (!fn) {
      fn = this.create(entry, env);
      if (warm) this.warm.set(key, fn);
      else this.oneShot.add(fn);
    }
    try {
      return toResponse(await fn.handle(parsed.request, timeoutMs));
    } finally {
      if (!warm) {
        fn.retire();
        this.oneShot.delete(fn);
      }
    }
  }

  /** End every handler's process; pending requests reject with SandboxClosedError. */
  close(): void {
    this.closed = true;
    for (const fn of [...this.warm.values(), ...this.oneShot]) fn.close();
    this.warm.clear();
    this.oneShot.clear();
  }

  private create(entry: string, env: Record<string, string>): EdgeFunction {
    return new EdgeFunction(entry, {
      start: (state) => this.startProcess(entry, env, state),
      kill: (proc) => this.host.kernel.signal(proc, 'SIGKILL'),
    });
  }

  /**
   * A serving process is a process like any other: listed in sb.processes
   * as `fetch-<pid>` with argv [js-serve, entry, env as JSON], its stdout
   * and stderr kept there, counted against maxProcesses.
   */
  private async startProcess(entry: string, env: Record<string, string>, state: EdgeState): Promise<{ proc: KernelProcess; id: string }> {
    const { kernel } = this.host;
    const argv = [SERVE_PROGRAM, entry, JSON.stringify(env)];
    const proc = kernel.create({
      argv,
      cwd: this.host.cwd,
      env: { ...this.host.env, ...env },
      timeoutMs: 0,
      launch: { kind: 'program', name: SERVE_PROGRAM, path: entry, argv },
    });
    proc.edge = state;
    const id = `fetch-${proc.pid}`;
    this.host.register(new Process(proc, id, this.host.maxOutputBytes, (k) => kernel.start(k), (k, signal) => kernel.signal(k, signal)));
    await kernel.start(proc);
    return { proc, id };
  }

  private checkOptions(options: FetchOptions): { entry: string; timeoutMs: number; warm: boolean; env: Record<string, string> } {
    if (typeof options !== 'object' || options === null) throw new TypeError('sb.fetch: options must be an object with an entry, e.g. { entry: "/app/server.js" }');
    const { entry, timeoutMs = DEFAULT_FETCH_TIMEOUT_MS, warm = true, env = {} } = options;
    if (typeof entry !== 'string' || entry.length === 0) throw new TypeError('sb.fetch: options.entry must name the module to serve, e.g. "/app/server.js"');
    if (entry.includes('\0')) throw new TypeError('sb.fetch: options.entry contains a NUL byte');
    const abs = resolvePath(this.host.cwd, entry);
    if (typeof abs === 'number') throw new TypeError(`sb.fetch: invalid entry path ${JSON.stringify(entry)}`);
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMEOUT_MS) {
      throw new RangeError(`sb.fetch: timeoutMs must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}`);
    }
    if (typeof warm !== 'boolean') throw new TypeError(`sb.fetch: warm must be true or false, got ${String(warm)}`);
    return { entry: abs, timeoutMs, warm, env: { ...this.host.checkEnv(env) } };
  }
}

/** Statuses whose response has no body (Fetch spec "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function toResponse(result: EdgeResult): Response {
  switch (result.kind) {
    case 'response':
      return fromEdge(result.response);
    case 'error':
      return textResponse(500, result.message);
    case 'timeout':
      return textResponse(504, `the edge function did not answer within ${result.timeoutMs} ms; its process was ended`);
    case 'crashed':
      return textResponse(502, result.message);
  }
}

function fromEdge(r: EdgeResponse): Response {
  try {
    const body = NULL_BODY_STATUSES.has(r.status) ? null : r.body;
    return new Response(body, { status: r.status, statusText: r.statusText, headers: r.headers });
  } catch (error) {
    // The guest's Response class checks the same rules; this catches a guest that bypassed it.
    return textResponse(500, `the edge function's response is invalid: ${(error as Error).message}`);
  }
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
