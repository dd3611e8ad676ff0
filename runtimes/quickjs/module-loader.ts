/**
 * ES module resolution and loading over the sandbox's fs, for QuickJS's
 * module loader (runtime.setModuleLoader). Names are absolute paths, or
 * `node:NAME` for the built-in modules. Like Node's ESM resolver
 * (https://nodejs.org/api/esm.html#resolution-algorithm) a relative or
 * absolute specifier names one file, with no extension guessing; a bare name
 * is a built-in or a package in a node_modules folder up the tree. A .json
 * file is a JSON module; a CommonJS file is run by the guest's `require` and
 * its exports become the default export (and named ones, by its keys).
 */
import type { JSModuleLoadResult, JSModuleNormalizeResult } from 'quickjs-emscripten-core';
import { dirname, resolvePath } from '../../engine/path.js';
import { moduleKind } from './module-kind.js';
import { decodeUtf8 } from './utf8.js';
import { withImportMeta, type Guest } from './guest.js';

/** Node's built-in modules the guest library provides (guest/modules.js has the same list). */
export const BUILTIN_MODULES: ReadonlySet<string> = new Set(['fs', 'fs/promises', 'path', 'path/posix', 'events', 'util', 'os', 'process', 'timers', 'buffer', 'url', 'assert', 'module', 'child_process', 'crypto', 'stream', 'string_decoder', 'worker_threads', 'tty', 'perf_hooks']);

export class ModuleLoader {
  constructor(private readonly guest: Guest) {}

  normalize(base: string, requested: string): JSModuleNormalizeResult {
    const name = requested.startsWith('node:') ? requested.slice(5) : requested;
    if (BUILTIN_MODULES.has(name)) return `node:${name}`;
    if (requested.startsWith('node:')) return { error: moduleError(`No such built-in module: ${requested}`, 'ERR_UNKNOWN_BUILTIN_MODULE') };
    let specifier = requested;
    if (specifier.startsWith('file://')) specifier = decodeURIComponent(specifier.slice(7));
    const baseDir = base.startsWith('/') ? dirname(base.replace(/#import$/, '')) : this.guest.sys.cwd;
    if (specifier.startsWith('/') || specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      const abs = resolvePath(baseDir, specifier);
      if (typeof abs === 'number') return { error: moduleError(`Invalid module specifier '${requested}'`, 'ERR_INVALID_MODULE_SPECIFIER') };
      return abs;
    }
    const pkg = this.findPackage(baseDir, specifier);
    if (pkg !== undefined) return pkg;
    return { error: moduleError(`Cannot find package '${specifier}' imported from ${base}`, 'ERR_MODULE_NOT_FOUND') };
  }

  load(name: string): JSModuleLoadResult {
    if (name.startsWith('node:')) return this.builtinSource(name.slice(5));
    const sys = this.guest.sys;
    const st = sys.tryStat(name);
    if (!st || st.type === 'dir') return { error: moduleError(`Cannot find module '${name}'`, 'ERR_MODULE_NOT_FOUND') };
    const source = decodeUtf8(sys.readFile(name));
    switch (moduleKind(name, source)) {
      case 'esm':
        return withImportMeta(source, name);
      case 'json':
        try {
          JSON.parse(source);
        } catch (error) {
          return { error: moduleError(`${name}: ${(error as Error).message}`, 'ERR_INVALID_JSON') };
        }
        return `export default JSON.parse(${JSON.stringify(source)});`;
      case 'cjs':
        return this.guestSource('cjsModuleSource', name);
    }
  }

  private builtinSource(name: string): JSModuleLoadResult {
    return this.guestSource('builtinModuleSource', name);
  }

  /** A module source the guest library writes (it knows the exports' names); runs guest code at link time. */
  private guestSource(hook: string, name: string): JSModuleLoadResult {
    const ctx = this.guest.context;
    this.guest.exposeBuiltinRequire();
    const result = this.guest.callHookResult(hook, name);
    if ('error' in result) return { error: result.error };
    const source = ctx.getString(result.value);
    result.value.dispose();
    return source;
  }

  /** A bare specifier: NAME[/sub] in node_modules of this or an enclosing folder; its package.json's module/main, or index.js. */
  private findPackage(fromDir: string, specifier: string): string | undefined {
    const sys = this.guest.sys;
    const parts = specifier.split('/');
    const pkgName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const sub = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const root = `${dir === '/' ? '' : dir}/node_modules/${pkgName}`;
      if (sys.tryStat(root)?.type === 'dir') {
        if (sub) return `${root}/${sub}`;
        let entry = 'index.js';
        try {
          const pkg = JSON.parse(decodeUtf8(sys.readFile(`${root}/package.json`))) as { module?: unknown; main?: unknown };
          if (typeof pkg.module === 'string') entry = pkg.module;
          else if (typeof pkg.main === 'string') entry = pkg.main;
        } catch {
          // No or bad package.json: index.js, as Node's CommonJS resolver does.
        }
        const abs = resolvePath(root, entry);
        return typeof abs === 'number' ? undefined : abs;
      }
      if (dir === '/') return undefined;
    }
  }
}

function moduleError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
