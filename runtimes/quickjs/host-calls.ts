/**
 * The host calls behind the guest's fs, process and console (guest/*.js):
 * each is one or a few `Sys` calls (runtimes/sys.ts). A failing call throws
 * a SysError; guest.ts turns it into a Node-shaped error in the guest.
 */
import type { OpenMode, Stat, Sys } from '../sys.js';
import { SysError } from '../sys.js';
import type { HostArgs } from './marshal.js';

/** Node's flag strings (fs.open) that the kernel's open modes cover; 's' (sync) changes nothing here. */
const OPEN_MODES: Record<string, OpenMode> = {
  r: 'r', rs: 'r', sr: 'r', 'r+': 'r+', 'rs+': 'r+', 'sr+': 'r+',
  w: 'w', 'w+': 'w+', wx: 'wx', xw: 'wx', 'wx+': 'wx+', 'xw+': 'wx+',
  a: 'a', as: 'a', sa: 'a', 'a+': 'a+', 'as+': 'a+', 'sa+': 'a+',
};

const S_IF: Record<Stat['type'], number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000, pipe: 0o010000, char: 0o020000, unknown: 0 };

function statObject(st: Stat): Record<string, number | string> {
  return {
    dev: st.dev, ino: st.ino, mode: S_IF[st.type] | st.mode, nlink: st.nlink, uid: st.uid, gid: st.gid, rdev: 0,
    size: st.size, blksize: 4096, blocks: Math.ceil(st.size / 512), atimeMs: st.atimeMs, mtimeMs: st.mtimeMs,
    ctimeMs: st.ctimeMs, birthtimeMs: st.ctimeMs, type: st.type,
  };
}

export type HostCall = (sys: Sys, a: HostArgs) => unknown;

export const FS_CALLS: Record<string, HostCall> = {
  open(sys, a) {
    const flags = a.str(1);
    const mode = OPEN_MODES[flags];
    if (mode === undefined) throw new SysError('EINVAL', 'open', a.str(0));
    return sys.open(a.str(0), mode, a.num(2, 0o666));
  },
  close: (sys, a) => sys.close(a.num(0)),
  read(sys, a) {
    const fd = a.num(0);
    const position = a.optNum(2);
    if (position !== undefined) sys.seek(fd, position, 'set');
    const buffer = new Uint8Array(Math.max(0, Math.min(a.num(1), 1 << 20)));
    const n = sys.read(fd, buffer);
    return buffer.subarray(0, n);
  },
  write(sys, a) {
    const fd = a.num(0);
    const data = a.data(1);
    const position = a.optNum(2);
    if (position !== undefined) sys.seek(fd, position, 'set');
    sys.write(fd, data);
    return typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
  },
  seek: (sys, a) => sys.seek(a.num(0), a.num(1), 'set'),
  fstat: (sys, a) => statObject(sys.fstat(a.num(0))),
  stat: (sys, a) => statObject(a.bool(1) ? sys.stat(a.str(0)) : sys.lstat(a.str(0))),
  exists: (sys, a) => sys.tryStat(a.str(0)) !== undefined,
  readdir: (sys, a) => sys.readdir(a.str(0)),
  mkdir: (sys, a) => sys.mkdir(a.str(0), a.num(1, 0o777)),
  rmdir: (sys, a) => sys.rmdir(a.str(0)),
  unlink: (sys, a) => sys.unlink(a.str(0)),
  rename: (sys, a) => sys.rename(a.str(0), a.str(1)),
  symlink: (sys, a) => sys.symlink(a.str(0), a.str(1)),
  link: (sys, a) => sys.link(a.str(0), a.str(1)),
  readlink: (sys, a) => sys.readlink(a.str(0)),
  realpath: (sys, a) => sys.realpath(a.str(0)),
  chmod: (sys, a) => sys.chmod(a.str(0), a.num(1)),
  utimes: (sys, a) => sys.utimes(a.str(0), a.num(1), a.num(2)),
  ftruncate: (sys, a) => sys.ftruncate(a.num(0), a.num(1, 0)),
  readFile: (sys, a) => sys.readFile(a.str(0)),
  writeFile: (sys, a) => sys.writeFile(a.str(0), a.data(1), { append: a.bool(2), mode: a.num(3, 0o666) }),
  resolve: (sys, a) => sys.resolve(a.str(0)),
  /** Random bytes from the kernel's /dev/urandom (crypto.getRandomValues, randomBytes, randomUUID). */
  random(sys, a) {
    const bytes = new Uint8Array(Math.max(0, Math.min(a.num(0), 65536)));
    const fd = sys.open('/dev/urandom');
    try {
      for (let got = 0; got < bytes.byteLength; ) {
        const n = sys.read(fd, bytes.subarray(got));
        if (n === 0) throw new SysError('EIO', 'read', '/dev/urandom');
        got += n;
      }
    } finally {
      sys.close(fd);
    }
    return bytes;
  },
};
