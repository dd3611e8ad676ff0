/**
 * `tar -c`: walk the operands and encode them as archive blocks. Names are
 * stored relative (leading `/` and `../` removed, with GNU's message once per
 * prefix); directories end in `/`; a file with several links is stored once
 * and then as hard links to that first name.
 */
import type { Stat } from '../sys.js';
import type { Cmd } from './common.js';
import { compareNames, errorText, joinPath } from './fs-common.js';
import { encodeHeader, endOfArchive, padding, storedMemberName, type TarEntryInput } from '../../engine/tar-format.js';

export interface CreateOptions {
  directory?: string;
  verbose: number;
  /** Verbose names go to stderr when the archive itself is on stdout. */
  archiveToStdout: boolean;
  /** The archive file, so it is not put into itself. */
  archiveStat?: Stat;
}

export function createArchive(cmd: Cmd, operands: string[], options: CreateOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  const stripped = new Set<string>();
  const links = new Map<string, string>();
  const base = options.directory;
  const at = (path: string) => (base && !path.startsWith('/') ? joinPath(base, path) : path);

  const add = (path: string, name: string): void => {
    const st = cmd.sys.tryStat(at(path), false);
    if (!st) {
      cmd.warn(`${path}: Cannot stat: No such file or directory`);
      cmd.status = 2;
      return;
    }
    if (options.archiveStat && st.ino === options.archiveStat.ino && st.dev === options.archiveStat.dev) {
      cmd.warn(`${path}: file is the archive; not dumped`);
      return;
    }
    const entry: TarEntryInput = {
      name: st.type === 'dir' ? `${name}/` : name,
      type: 'file',
      mode: st.type === 'symlink' ? 0o777 : st.mode & 0o7777,
      mtime: Math.floor(st.mtimeMs / 1000),
      uid: st.uid,
      gid: st.gid,
      uname: 'user',
      gname: 'user',
    };
    let data: Uint8Array | undefined;
    const key = `${st.dev}:${st.ino}`;
    try {
      if (st.type === 'dir') entry.type = 'dir';
      else if (st.type === 'symlink') {
        entry.type = 'symlink';
        entry.linkname = cmd.sys.readlink(at(path));
      } else if (st.type === 'file' && st.nlink > 1 && links.has(key)) {
        entry.type = 'hardlink';
        entry.linkname = links.get(key)!;
      } else if (st.type === 'file') {
        data = cmd.sys.readFile(at(path));
        if (st.nlink > 1) links.set(key, name);
      } else {
        // Pipes and devices have no meaning in another sandbox: skip them, as GNU tar skips sockets.
        cmd.warn(`${path}: ${st.type === 'pipe' ? 'fifo' : 'special file'} ignored`);
        return;
      }
    } catch (err) {
      cmd.warn(`${path}: Cannot open: ${errorText(err)}`);
      cmd.status = 2;
      return;
    }
    if (options.verbose > 0) {
      if (options.archiveToStdout) cmd.sys.write(2, `${entry.name}\n`);
      else cmd.out.write(`${entry.name}\n`);
    }
    parts.push(encodeHeader({ ...entry, size: data?.length ?? 0 }));
    if (data) parts.push(data, padding(data.length));
    if (st.type === 'dir') {
      let names: string[] = [];
      try {
        names = cmd.sys.readdir(at(path)).sort(compareNames);
      } catch (err) {
        cmd.warn(`${path}: Cannot open: ${errorText(err)}`);
        cmd.status = 2;
      }
      for (const child of names) add(joinPath(path, child), joinPath(name, child));
    }
  };

  for (const operand of operands) {
    const { name, stripped: prefix } = storedMemberName(operand.replace(/(.)\/+$/, '$1'));
    if (prefix && !stripped.has(prefix)) {
      stripped.add(prefix);
      cmd.warn(`Removing leading \`${prefix}' from member names`);
    }
    add(operand.replace(/(.)\/+$/, '$1'), name === '' ? '.' : name);
  }
  parts.push(endOfArchive());
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
