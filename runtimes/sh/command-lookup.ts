/**
 * Finding an external command (POSIX 2.9.1.1): a name with a `/` is used as
 * is, otherwise the first executable regular file in a `PATH` directory.
 * wasmbox's own programs are /bin stubs starting with `#!wasmbox:NAME`;
 * which program a file names is cached by path, inode and mtime, so a
 * command that runs in a loop costs one stat, not an open and a read.
 */
import type { Assignment } from './ast.js';
import { expandWord } from './expand.js';
import type { Shell } from './interpreter.js';
import type { Stat } from '../sys.js';
import { Interrupted } from '../program.js';

const STUB_PREFIX = '#!wasmbox:';
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

export interface Found {
  path: string;
  /** The wasmbox program a stub names, or null for any other executable. */
  program: string | null;
}

function isExecutableFile(st: Stat | undefined): boolean {
  return st !== undefined && st.type === 'file' && (st.mode & 0o111) !== 0;
}

/** Read the head of `path` to see whether it is a stub. */
function stubProgram(sh: Shell, path: string, st: Stat): string | null {
  const cached = sh.commandCache.get(path);
  if (cached && cached.ino === st.ino && cached.mtimeMs === st.mtimeMs) return cached.program;
  let program: string | null = null;
  try {
    const fd = sh.sys.open(path, 'r');
    try {
      const head = new Uint8Array(64);
      const n = sh.sys.read(fd, head);
      const text = String.fromCharCode(...head.subarray(0, n));
      if (text.startsWith(STUB_PREFIX)) program = /^[^\s]*/.exec(text.slice(STUB_PREFIX.length))![0];
    } finally {
      sh.sys.close(fd);
    }
  } catch (error) {
    // A ^C that came during these calls: the syscall client consumed it to throw this, so it must go on up.
    if (error instanceof Interrupted) throw error;
    // Unreadable: let spawn report it.
  }
  sh.commandCache.set(path, { ino: st.ino, mtimeMs: st.mtimeMs, program });
  return program;
}

/** The path `name` runs, without reporting anything (for `command -v`, `type`). */
export function findCommand(sh: Shell, name: string, searchPath = sh.vars.get('PATH') ?? DEFAULT_PATH): Found | undefined {
  if (name.includes('/')) {
    const st = sh.sys.tryStat(name);
    return isExecutableFile(st) ? { path: name, program: stubProgram(sh, name, st!) } : undefined;
  }
  if (name === '') return undefined;
  for (const dir of searchPath.split(':')) {
    const candidate = `${dir === '' ? '.' : dir}/${name}`;
    const st = sh.sys.tryStat(candidate);
    if (isExecutableFile(st)) return { path: candidate, program: stubProgram(sh, candidate, st!) };
  }
  return undefined;
}

/** Look up `name`, printing bash's error and giving its status (127 not found, 126 not runnable) on failure. */
export function resolveCommand(sh: Shell, name: string, searchPath?: string): Found | { status: number } {
  const found = findCommand(sh, name, searchPath);
  if (found) return found;
  if (!name.includes('/')) {
    sh.error(`${name}: command not found`);
    return { status: 127 };
  }
  const st = sh.sys.tryStat(name);
  if (!st) {
    sh.error(`${name}: No such file or directory`);
    return { status: 127 };
  }
  sh.error(st.type === 'dir' ? `${name}: Is a directory` : `${name}: Permission denied`);
  return { status: 126 };
}

/** The environment of an external command: exported variables plus its prefix assignments. */
export function prefixEnvironment(sh: Shell, assignments: readonly Assignment[]): Record<string, string> {
  const env = sh.vars.environment();
  for (const a of assignments) {
    const value = a.value ? expandWord(sh, a.value) : '';
    env[a.name] = a.append ? (env[a.name] ?? sh.vars.get(a.name) ?? '') + value : value;
  }
  return env;
}
