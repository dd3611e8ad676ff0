/**
 * Finding and checking the program a process runs. Executables live in the
 * file system (DESIGN.md): a file that starts with the WASM magic is a WASI
 * command, and a bare name is looked up on PATH.
 */
import { FileKind } from './abi.js';
import { Errno } from './errno.js';
import { SpawnError } from './errors.js';
import { resolvePath } from './path.js';
import { programOfStub } from './program-files.js';
import { attempt, isErr, type Vfs } from './vfs.js';

export const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** Linux reads at most this much of a `#!` line (BINPRM_BUF_SIZE). */
const SHEBANG_MAX = 256;
/** Linux allows an interpreter to be a script itself, this many times over. */
const MAX_INTERPRETER_DEPTH = 4;

/** What starting a process runs: a WASI module, or one of wasmbox's own programs. */
export type Launch =
  | { kind: 'wasm'; exe: Executable; argv: string[] }
  | { kind: 'program'; name: string; path: string; argv: string[] };

/**
 * execve(2)'s decision: find argv[0], then look at its first bytes. A WASM
 * module runs as a WASI command, a `#!wasmbox:NAME` stub as the built-in
 * program NAME, and a `#!interpreter [arg]` script as its interpreter with
 * the script's path inserted, as Linux's binfmt_script does.
 */
export function resolveLaunch(vfs: Vfs, argv: string[], cwd: string, pathVar: string | undefined, depth = 0): Launch {
  const exe = findExecutable(vfs, argv[0]!, cwd, pathVar);
  const head = readHead(vfs, exe.path);
  if (WASM_MAGIC.every((b, i) => head[i] === b)) return { kind: 'wasm', exe, argv };
  const program = programOfStub(head);
  if (program !== undefined) return { kind: 'program', name: program, path: exe.path, argv };
  if (head[0] === 0x23 && head[1] === 0x21) {
    let end = head.indexOf(0x0a);
    if (end < 0) end = head.byteLength;
    const line = new TextDecoder().decode(head.subarray(2, end)).trim();
    const space = line.search(/[ \t]/);
    const interpreter = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? '' : line.slice(space).trim();
    if (interpreter === '') throw new SpawnError('ENOEXEC', exe.path, 'the #! line names no interpreter');
    if (depth >= MAX_INTERPRETER_DEPTH) throw new SpawnError('ENOEXEC', exe.path, 'too many levels of #! interpreters');
    const next = [interpreter, ...(arg ? [arg] : []), exe.path, ...argv.slice(1)];
    return resolveLaunch(vfs, next, cwd, pathVar, depth + 1);
  }
  const what = head.byteLength === 0 ? 'the file is empty' : 'neither a WebAssembly binary nor a #! script';
  throw new SpawnError('ENOEXEC', exe.path, what);
}

export function readHead(vfs: Vfs, path: string): Uint8Array<ArrayBuffer> {
  const head = attempt(() => {
    const fd = vfs.volume.openSync(path, 'r');
    try {
      const buffer = new Uint8Array(SHEBANG_MAX);
      const n = vfs.volume.readSync(fd, buffer, 0, SHEBANG_MAX, 0);
      return buffer.subarray(0, n);
    } finally {
      vfs.volume.closeSync(fd);
    }
  });
  if (isErr(head)) throw new SpawnError('EACCES', path, 'permission denied (cannot read the file)');
  return head;
}

export interface Executable {
  path: string;
  /** Identity of the file's current contents: an unchanged binary need not be read again. */
  stamp: string;
  /** Read the file and check it is a WASM binary (throws SpawnError if not). */
  read(): Uint8Array;
}

export function findExecutable(vfs: Vfs, name: string, cwd: string, pathVar: string | undefined): Executable {
  if (name.length === 0) throw new SpawnError('ENOENT', name, 'empty program name');
  if (name.includes('\0')) throw new SpawnError('EINVAL', name.replaceAll('\0', '\\0'), 'program name contains a NUL byte');
  if (name.includes('/')) return check(vfs, name, resolvePath(cwd, name));
  for (const dir of (pathVar ?? DEFAULT_PATH).split(':')) {
    const candidate = resolvePath(cwd, `${dir || '.'}/${name}`);
    if (typeof candidate === 'number') continue;
    const st = vfs.stat(candidate);
    if (!isErr(st) && st.kind === FileKind.File) return check(vfs, name, candidate);
  }
  throw new SpawnError('ENOENT', name, 'command not found on PATH');
}

function check(vfs: Vfs, shown: string, path: string | number): Executable {
  if (typeof path === 'number') {
    throw new SpawnError(path === Errno.ENAMETOOLONG ? 'EINVAL' : 'ENOENT', shown, path === Errno.ENAMETOOLONG ? 'path too long' : 'no such file or directory');
  }
  const st = vfs.stat(path);
  if (isErr(st)) {
    throw new SpawnError(st.errno === Errno.EACCES ? 'EACCES' : 'ENOENT', path, st.errno === Errno.EACCES ? 'permission denied' : 'no such file or directory');
  }
  if (st.kind === FileKind.Dir) throw new SpawnError('EISDIR', path, 'is a directory');
  if (st.kind !== FileKind.File) throw new SpawnError('EACCES', path, 'not a regular file');
  if ((st.mode & 0o111) === 0) throw new SpawnError('EACCES', path, 'permission denied (the file is not executable; chmod +x it)');
  return { path, stamp: `${path}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}:${st.size}`, read: () => readWasm(vfs, path) };
}

function readWasm(vfs: Vfs, path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = vfs.volume.readFileSync(path) as Uint8Array;
  } catch {
    throw new SpawnError('EACCES', path, 'permission denied (cannot read the file)');
  }
  if (bytes.length < 8 || WASM_MAGIC.some((b, i) => bytes[i] !== b)) {
    const what = bytes.length === 0 ? 'the file is empty' : bytes[0] === 0x23 && bytes[1] === 0x21 ? 'a #! script (interpreters come with the shell)' : 'no \\0asm magic number';
    throw new SpawnError('ENOEXEC', path, `not a WebAssembly binary: ${what}`);
  }
  const version = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
  if (version !== 1) throw new SpawnError('ENOEXEC', path, `unsupported WebAssembly binary version ${version} (only core modules, version 1, run as WASI commands)`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
