/**
 * `tar -x` and `tar -t`: parse the archive (tar-format.ts) and create or
 * list its members. Safety as in GNU tar: leading `/` is removed, members
 * with a `..` component are refused, and symlinks are created only after
 * every other member, so no member can be written through a symlink that
 * came from the archive ("Cannot open: Not a directory", as GNU reports).
 * A member whose data is cut short is not created.
 */
import { Exit } from '../program.js';
import { SysError } from '../sys.js';
import type { Cmd } from './common.js';
import { modeString } from './file-mode.js';
import { dirName, errorText, joinPath } from './fs-common.js';
import { safeMemberName, TarFormatError, TarParser, type TarEntry } from '../../engine/tar-format.js';
import { shortTime } from './time-format.js';

export interface ExtractOptions {
  list: boolean;
  verbose: number;
  directory?: string;
  toStdout: boolean;
  strip: number;
  /** Only these members (and what is under them), when given. */
  members: string[];
}

interface State {
  cmd: Cmd;
  options: ExtractOptions;
  root: string;
  strippedWarned: boolean;
  symlinks: { path: string; target: string; mtime: number }[];
  dirTimes: { path: string; mtime: number; mode: number }[];
  matched: Set<string>;
}

export function extractArchive(cmd: Cmd, input: Uint8Array, options: ExtractOptions): void {
  const state: State = {
    cmd,
    options,
    root: options.directory ?? '.',
    strippedWarned: false,
    symlinks: [],
    dirTimes: [],
    matched: new Set(),
  };
  if (!options.list && options.directory && cmd.sys.tryStat(options.directory)?.type !== 'dir') {
    cmd.warn(`${options.directory}: Cannot open: No such file or directory`);
    cmd.warn('Error is not recoverable: exiting now');
    throw new Exit(2);
  }
  const parser = new TarParser();
  let current: TarEntry | null = null;
  let parts: Uint8Array[] = [];
  try {
    for (const event of parser.push(input)) {
      if (event.kind === 'entry' && options.list) {
        // Listing needs no data: print at the header, as GNU does before reading on.
        member(state, event.entry, new Uint8Array(0));
      } else if (event.kind === 'entry') {
        current = event.entry;
        parts = [];
      } else if (event.kind === 'data') parts.push(event.bytes);
      else if (current) {
        member(state, current, concat(parts));
        current = null;
      }
    }
    parser.end();
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err;
    finish(state);
    cmd.warn(err.message);
    if (err.message.startsWith('Unexpected EOF')) {
      cmd.warn('Error is not recoverable: exiting now');
      throw new Exit(2);
    }
    cmd.status = 2;
    return;
  }
  finish(state);
  for (const wanted of options.members) {
    if (!state.matched.has(wanted)) {
      cmd.warn(`${wanted}: Not found in archive`);
      cmd.status = 2;
    }
  }
}

function selected(state: State, name: string): boolean {
  const { members } = state.options;
  if (members.length === 0) return true;
  const clean = name.replace(/\/+$/, '');
  const hit = members.find((m) => {
    const want = m.replace(/\/+$/, '');
    return clean === want || clean.startsWith(`${want}/`);
  });
  if (hit !== undefined) state.matched.add(hit);
  return hit !== undefined;
}

function member(state: State, entry: TarEntry, data: Uint8Array): void {
  const { cmd, options } = state;
  if (!selected(state, entry.name)) return;
  if (options.list) {
    cmd.out.write(options.verbose > 0 ? `${describe(entry)}\n` : `${entry.name}\n`);
    return;
  }
  const safe = safeMemberName(entry.name);
  if (!safe.ok) {
    if (safe.reason === 'dotdot') {
      cmd.warn(`${entry.name}: Member name contains '..'`);
      cmd.status = 2;
    }
    return;
  }
  if (safe.stripped && !state.strippedWarned) {
    state.strippedWarned = true;
    cmd.warn("Removing leading `/' from member names");
  }
  const parts = safe.name.split('/');
  if (parts.length <= options.strip) return;
  const name = parts.slice(options.strip).join('/');
  if (options.verbose > 0) {
    // The archive's member names go to stdout, unless the files themselves do (-O).
    const line = options.verbose > 1 ? describe(entry) : entry.name;
    if (options.toStdout) cmd.sys.write(2, `${line}\n`);
    else cmd.out.write(`${line}\n`);
  }
  if (options.toStdout) {
    if (entry.type === 'file') cmd.out.writeBytes(data);
    return;
  }
  const path = joinPath(state.root, name);
  // Refuse to go through a symlink: one pending from this archive, or one already on disk.
  const pending = new Set(state.symlinks.map((s) => s.path));
  for (let dir = dirName(path); dir !== state.root && dir !== '.' && dir !== '/'; dir = dirName(dir)) {
    if (pending.has(dir) || cmd.sys.tryStat(dir, false)?.type === 'symlink') {
      cmd.warn(`${entry.name}: Cannot open: Not a directory`);
      cmd.status = 2;
      return;
    }
  }
  try {
    makeParents(state, dirName(path));
    const existing = cmd.sys.tryStat(path, false);
    switch (entry.type) {
      case 'dir':
        if (existing?.type !== 'dir') {
          if (existing) cmd.sys.unlink(path);
          cmd.sys.mkdir(path, 0o700);
        }
        state.dirTimes.push({ path, mtime: entry.mtime, mode: entry.mode & ~cmd.sys.umask });
        return;
      case 'symlink':
        state.symlinks.push({ path, target: entry.linkname, mtime: entry.mtime });
        return;
      case 'hardlink': {
        const target = safeMemberName(entry.linkname);
        if (!target.ok) {
          cmd.warn(`${entry.linkname}: Member name contains '..'`);
          cmd.status = 2;
          return;
        }
        if (existing && existing.type !== 'dir') cmd.sys.unlink(path);
        cmd.sys.link(joinPath(state.root, target.name.split('/').slice(options.strip).join('/')), path);
        return;
      }
      case 'file':
      case 'other':
        if (existing?.type === 'dir') throw new SysError('EISDIR', 'open', path);
        // GNU tar unlinks first, so a hard link elsewhere keeps its old content.
        if (existing) cmd.sys.unlink(path);
        cmd.sys.writeFile(path, data, { mode: entry.mode & 0o777 });
        cmd.sys.chmod(path, entry.mode & 0o7777 & ~cmd.sys.umask);
        cmd.sys.utimes(path, entry.mtime * 1000, entry.mtime * 1000);
        return;
      default:
        cmd.warn(`${entry.name}: Cannot create special file: Operation not permitted`);
        cmd.status = 2;
    }
  } catch (err) {
    cmd.warn(`${entry.name}: Cannot open: ${errorText(err)}`);
    cmd.status = 2;
  }
}

function makeParents(state: State, dir: string): void {
  const { sys } = state.cmd;
  if (dir === '.' || dir === '/' || sys.tryStat(dir)?.type === 'dir') return;
  makeParents(state, dirName(dir));
  sys.mkdir(dir, 0o777);
}

/** Deferred work: symlinks, then directory modes and times (after their contents were written). */
function finish(state: State): void {
  const { cmd } = state;
  for (const link of state.symlinks) {
    try {
      if (cmd.sys.tryStat(link.path, false)) cmd.sys.unlink(link.path);
      cmd.sys.symlink(link.target, link.path);
    } catch (err) {
      cmd.warn(`${link.path}: Cannot create symlink to ${quoteTarget(link.target)}: ${errorText(err)}`);
      cmd.status = 2;
    }
  }
  for (const dir of state.dirTimes.reverse()) {
    try {
      cmd.sys.chmod(dir.path, dir.mode);
      cmd.sys.utimes(dir.path, dir.mtime * 1000, dir.mtime * 1000);
    } catch {
      // A directory removed or replaced by a later member: nothing to restore.
    }
  }
}

function quoteTarget(target: string): string {
  return `‘${target}’`;
}

/** `-rw-r--r-- user/user       6 2020-01-02 03:04 name` (tar -tv). */
function describe(entry: TarEntry): string {
  const type = entry.type === 'dir' ? 'dir' : entry.type === 'symlink' ? 'symlink' : entry.type === 'fifo' ? 'pipe' : entry.type === 'char' ? 'char' : 'file';
  let mode = modeString(type, entry.mode);
  if (entry.type === 'hardlink') mode = `h${mode.slice(1)}`;
  const owner = `${entry.uname || entry.uid}/${entry.gname || entry.gid}`;
  // GNU pads owner and size to a combined width of at least 19.
  const size = String(entry.type === 'file' ? entry.size : 0);
  const ownerSize = `${owner} ${size.padStart(Math.max(1, 18 - owner.length))}`;
  let line = `${mode} ${ownerSize} ${shortTime(entry.mtime * 1000)} ${entry.name}`;
  if (entry.type === 'symlink') line += ` -> ${entry.linkname}`;
  if (entry.type === 'hardlink') line += ` link to ${entry.linkname}`;
  return line;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
