/**
 * The one host function a guest gets, `host(op, ...args)` (guest/*.js call
 * it): fs calls over `Sys` (host-calls.ts), process facts, time, and the
 * compilation of the guest's own library. A failing call throws in the
 * guest: a SysError as a Node-shaped error (node-errors.ts), anything else
 * as an Error with its message.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { SysError, type Sys } from '../sys.js';
import { LIBRARY } from './guest-library.js';
import { FS_CALLS } from './host-calls.js';
import { HTTP_CALLS } from './http-calls.js';
import { HostArgs, toGuest } from './marshal.js';
import { moduleKind } from './module-kind.js';
import { nodeError } from './node-errors.js';

/** The Node version the guest reports (process.version): the API level the guest library follows. */
export const NODE_VERSION = '20.20.0';
/** QuickJS's release in @jitl/quickjs-wasmfile-release-sync 0.32. */
export const QUICKJS_VERSION = '2025-09-13';

/** Node's syscall names where they differ from the host call's. */
const NODE_SYSCALL: Record<string, string> = { readdir: 'scandir', readFile: 'open', writeFile: 'open', exists: 'access' };

/** What the host function needs of its guest (guest.ts). */
export interface HostSide {
  readonly sys: Sys;
  readonly context: QuickJSContext;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly memoryBytes: number | undefined;
  /** A guest library was compiled: the event loop skips the hooks of libraries never loaded. */
  loadedLibrary(name: string): void;
  /** process.exit(status): the guest stops at its next interrupt check. */
  requestExit(status: number): void;
}

export class HostFunction {
  constructor(private readonly side: HostSide) {}

  call(opHandle: QuickJSHandle, args: QuickJSHandle[]): QuickJSHandle | { error: QuickJSHandle } {
    const ctx = this.side.context;
    const op = ctx.typeof(opHandle) === 'string' ? ctx.getString(opHandle) : '';
    const a = new HostArgs(ctx, args);
    try {
      return toGuest(ctx, this.dispatch(op, a));
    } catch (error) {
      return { error: this.guestError(op, a, error) };
    }
  }

  private dispatch(op: string, a: HostArgs): unknown {
    const fsCall = FS_CALLS[op] ?? HTTP_CALLS[op]; // HTTP_CALLS: guest fetch (http-calls.ts)
    if (fsCall) return fsCall(this.side.sys, a);
    const ctx = this.side.context;
    switch (op) {
      case 'compile': {
        const name = a.str(0);
        const source = Object.hasOwn(LIBRARY, name) ? LIBRARY[name] : undefined;
        if (source === undefined) throw new Error(`no internal module ${name}`);
        this.side.loadedLibrary(name);
        return ctx.unwrapResult(ctx.evalCode(`(function (module, exports, host, internal) {${source}\n})`, `node:internal/${name}`, { type: 'global', strict: true }));
      }
      case 'compileFunction': {
        // CommonJS: the module's code in Node's wrapper; on one line with it, so line numbers stay the file's.
        const wrapped = `(function (exports, require, module, __filename, __dirname) {${a.str(0)}\n})`;
        return ctx.unwrapResult(ctx.evalCode(wrapped, a.str(1), { type: 'global' }));
      }
      case 'moduleKind':
        return moduleKind(a.str(0), a.str(1));
      case 'argv':
        return this.side.argv;
      case 'env':
        return this.side.env;
      case 'cwd':
        return this.side.sys.cwd;
      case 'chdir':
        return this.side.sys.chdir(a.str(0));
      case 'pid':
        return this.side.sys.pid;
      case 'now':
        return this.side.sys.now();
      case 'monotonic':
        return performanceNow(this.side.sys);
      case 'nodeVersion':
        return NODE_VERSION;
      case 'quickjsVersion':
        return QUICKJS_VERSION;
      case 'memoryUsed':
        return this.side.memoryBytes ?? 0;
      case 'exit':
        this.side.requestExit(a.num(0) & 0xff);
        return undefined;
      case 'kill':
        return this.side.sys.kill(a.num(0), a.str(1));
      case 'promiseState': {
        const state = ctx.getPromiseState(a.handle(0));
        if (state.type === 'pending') return ['pending'];
        const value = state.type === 'fulfilled' ? state.value : state.error;
        const array = ctx.newArray();
        const type = ctx.newString(state.type);
        ctx.setProp(array, 0, type);
        type.dispose();
        ctx.setProp(array, 1, value);
        value.dispose();
        return array;
      }
    }
    throw new TypeError(`unknown host call ${JSON.stringify(op)}`);
  }

  /** A SysError becomes a Node-shaped error (node-errors.ts); anything else an Error with its message. */
  private guestError(op: string, a: HostArgs, error: unknown): QuickJSHandle {
    const ctx = this.side.context;
    if (!(error instanceof SysError)) {
      const e = error instanceof Error ? error : new Error(String(error));
      return ctx.newError({ name: e.name, message: e.message });
    }
    const syscall = op === 'stat' ? (a.bool(1) ? 'stat' : 'lstat') : (NODE_SYSCALL[op] ?? op);
    const twoPaths = op === 'rename' || op === 'link' || op === 'symlink';
    const path = a.type(0) === 'string' ? a.str(0) : undefined;
    const shape = nodeError(error.code, syscall, path, twoPaths && a.type(1) === 'string' ? a.str(1) : undefined);
    const handle = ctx.newError({ name: 'Error', message: shape.message });
    for (const [key, value] of Object.entries(shape)) {
      if (key === 'message') continue;
      const v = toGuest(ctx, value);
      ctx.setProp(handle, key, v);
      v.dispose();
    }
    return handle;
  }
}

/** Monotonic milliseconds, for timers and performance.now() (the worker's time origin). */
export function performanceNow(_sys: Sys): number {
  return performance.now();
}
