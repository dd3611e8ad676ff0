/**
 * wasmbox's own programs (the shell and the coreutils) live in the file
 * system like any other executable (DESIGN.md: a snapshot carries its
 * binaries), as small stub files: `#!wasmbox:NAME` names a program built
 * into the worker runtime (runtimes/programs.ts). Deleting /bin/ls removes
 * `ls`; copying the stub elsewhere on PATH makes it available there.
 */
import { InodeWriter } from './inode-writer.js';
import type { Vfs } from './vfs.js';

export const STUB_PREFIX = '#!wasmbox:';

/** Every program the worker runtime provides; runtimes/programs.ts must register each (a test checks). */
export const BUILTIN_PROGRAMS = [
  'sh',
  // text
  'cat', 'echo', 'printf', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'tee', 'grep', 'sed', 'xargs',
  'seq', 'sleep', 'date', 'true', 'false', 'yes', 'env', 'which', 'basename', 'dirname', 'pwd', 'diff',
  'base64', 'sha256sum',
  // terminals
  'stty',
  // files
  'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'touch', 'ln', 'readlink', 'realpath', 'stat', 'chmod', 'find',
  'du', 'tar', 'gzip', 'gunzip', 'zcat',
  // JavaScript (runtimes/quickjs/)
  'js',
] as const;

/** Programs that run on QuickJS: the kernel sends the compiled QuickJS wasm with them. */
export const QUICKJS_PROGRAMS: ReadonlySet<string> = new Set(['js', /* edge functions: */ 'js-serve']);

/** Other names a program answers to: scripts written for bash find it at /bin/bash. */
const ALIASES: Record<string, string> = { bash: 'sh', node: 'js' };

export function stubFor(program: string): string {
  return `${STUB_PREFIX}${program}\n`;
}

/** The program a stub file names, or undefined if `head` is not a stub. */
export function programOfStub(head: Uint8Array): string | undefined {
  const prefix = STUB_PREFIX;
  if (head.byteLength < prefix.length) return undefined;
  for (let i = 0; i < prefix.length; i++) if (head[i] !== prefix.charCodeAt(i)) return undefined;
  let end = prefix.length;
  while (end < head.byteLength && head[end] !== 0x0a && head[end] !== 0x20) end++;
  return String.fromCharCode(...head.subarray(prefix.length, end));
}

/** Put a stub for every program in /bin, and `env` in /usr/bin too (for `#!/usr/bin/env`). */
export function installPrograms(vfs: Vfs, writer = new InodeWriter(vfs.volume)): void {
  const bin = writer.dir('/bin');
  for (const name of BUILTIN_PROGRAMS) writer.file(bin, name, stubFor(name), 0o755);
  for (const [alias, name] of Object.entries(ALIASES)) writer.file(bin, alias, stubFor(name), 0o755);
  writer.file(writer.dir('/usr/bin'), 'env', stubFor('env'), 0o755);
}
