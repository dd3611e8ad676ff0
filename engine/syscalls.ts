/**
 * The syscall dispatcher: decodes a request from a process's channel,
 * applies it to the kernel's state and encodes the answer. Every mutation is
 * applied whole before the answer is written, so terminating the worker at
 * any instant leaves the file system consistent.
 */
import { AT_ROOT, FileKind, Op, OpenFlag, PollKind, TimeFlag, Wire, writeStat, type StatInfo } from './abi.js';
import { Errno } from './errno.js';
import type { FdTable } from './fd-table.js';
import { DEVICES, DeviceFile, DirFile, OpenFile, PipeEnd, VfsFile, WOULD_BLOCK } from './open-file.js';
import { Pipe } from './pipe.js';
import { resolvePath, wantsDirectory } from './path.js';
import type { Blocked } from './syscall-server.js';
import { attempt, isErr, type Vfs } from './vfs.js';

/** What a syscall needs to know about the process making it. */
export interface SyscallContext {
  readonly vfs: Vfs;
  readonly fds: FdTable;
  /** The process wrote to a pipe nobody reads: deliver SIGPIPE (its default action ends it). */
  brokenPipe(): void;
  /** spawn, wait and kill, served by the kernel's process table (absent where there is none). */
  readonly processes?: { call(op: Op, req: Wire, res: Wire): number | Blocked };
}

const MAX_READDIR_ENTRIES = 512;

function dirOf(ctx: SyscallContext, fd: number): DirFile | number {
  const file = ctx.fds.get(fd);
  if (file === undefined) return Errno.EBADF;
  if (!(file instanceof DirFile)) return Errno.ENOTDIR;
  return file;
}

/** Resolve a path relative to a directory fd, as the *at() calls do. */
function pathAt(ctx: SyscallContext, dirfd: number, path: string): string | number {
  if (dirfd === AT_ROOT) return path.startsWith('/') ? resolvePath('/', path) : Errno.EINVAL;
  const dir = dirOf(ctx, dirfd);
  if (typeof dir === 'number') return dir;
  return resolvePath(dir.path, path);
}

export function openAt(ctx: SyscallContext, dirfd: number, path: string, flags: number, mode: number, follow: boolean): number {
  const abs = pathAt(ctx, dirfd, path);
  if (typeof abs === 'number') return -abs;
  return openPath(ctx.vfs, ctx.fds, abs, flags, mode, follow, wantsDirectory(path));
}

/** open(2) on an absolute path; installs the description in `fds` and returns the fd or -errno. */
export function openPath(vfs: Vfs, fds: FdTable, abs: string, flags: number, mode: number, follow = true, mustBeDir = false): number {
  const file = openDescription(vfs, abs, flags, mode, follow, mustBeDir);
  if (typeof file === 'number') return -file;
  const fd = fds.install(file);
  if (fd < 0) {
    // Nobody took a reference: release it.
    file.retain().unref();
  }
  return fd;
}

function openDescription(vfs: Vfs, abs: string, flags: number, mode: number, follow: boolean, mustBeDir: boolean): OpenFile | number {
  const device = DEVICES[abs];
  if (device !== undefined) return new DeviceFile(device);
  const readable = (flags & OpenFlag.WriteOnly) === 0;
  const writable = (flags & (OpenFlag.WriteOnly | OpenFlag.ReadWrite)) !== 0;
  const wantDir = mustBeDir || (flags & OpenFlag.Directory) !== 0;
  let st = vfs.stat(abs, follow && (flags & OpenFlag.NoFollow) === 0);
  if (!isErr(st)) {
    if ((flags & OpenFlag.Create) && (flags & OpenFlag.Exclusive)) return Errno.EEXIST;
    if (st.kind === FileKind.Symlink) return Errno.ELOOP;
    if (st.kind === FileKind.Dir) {
      if (writable) return Errno.EISDIR;
      const real = attempt(() => String(vfs.volume.realpathSync(abs)));
      return new DirFile(vfs, isErr(real) ? abs : real);
    }
    if (wantDir) return Errno.ENOTDIR;
  } else {
    if (st.errno !== Errno.ENOENT || (flags & OpenFlag.Create) === 0) return st.errno;
    if (wantDir) return Errno.EISDIR;
  }
  // memfs gets the access mode and creation flags; append and position stay with us.
  const memfsFlags = (flags & (OpenFlag.WriteOnly | OpenFlag.ReadWrite | OpenFlag.Create | OpenFlag.Exclusive)) |
    (writable ? flags & OpenFlag.Truncate : 0);
  const fd = attempt(() => vfs.volume.openSync(abs, memfsFlags, mode & 0o7777));
  if (isErr(fd)) return fd.errno;
  const file = new VfsFile(vfs, fd, abs, readable, writable);
  file.append = (flags & OpenFlag.Append) !== 0;
  return file;
}

function answerStat(res: Wire, st: StatInfo | { errno: number }): number {
  if (isErr(st)) return st.errno;
  writeStat(res, st);
  return Errno.OK;
}

function timesFor(flags: number, atimeMs: number, mtimeMs: number, current: StatInfo): [number, number] {
  const now = Date.now();
  const a = flags & TimeFlag.AtimeNow ? now : flags & TimeFlag.Atime ? atimeMs : current.atimeMs;
  const m = flags & TimeFlag.MtimeNow ? now : flags & TimeFlag.Mtime ? mtimeMs : current.mtimeMs;
  return [a, m];
}

/** Write all of `data`, waiting while a pipe is full (POSIX blocking write). */
function writeAll(ctx: SyscallContext, file: OpenFile, input: Uint8Array, res: Wire): number | Blocked {
  let data = input;
  let before = 0;
  let written = 0;
  const attemptWrite = (): number | Blocked => {
    while (written < data.byteLength) {
      const n = file.write(data.subarray(written));
      if (n === WOULD_BLOCK) return { waitOn: [file.waitable!], retry: attemptWrite };
      if (n < 0) {
        if (n === -Errno.EPIPE) ctx.brokenPipe();
        if (before + written > 0) break;
        return -n;
      }
      if (n === 0) break;
      written += n;
    }
    res.f64(before + written);
    return Errno.OK;
  };
  const first = attemptWrite();
  if (typeof first !== 'number') {
    // The request area is reused for the answer: keep the unwritten bytes while we wait.
    data = data.slice(written);
    before = written;
    written = 0;
  }
  return first;
}

function readInto(file: OpenFile, res: Wire, max: number): number | Blocked {
  const attemptRead = (): number | Blocked => {
    res.reset();
    const at = res.reserve(max);
    const target = res.bytes.subarray(at, at + max);
    const n = file.read(target);
    if (n === WOULD_BLOCK) return { waitOn: [file.waitable!], retry: attemptRead };
    if (n < 0) return -n;
    res.reset().reserve(n);
    return Errno.OK;
  };
  return attemptRead();
}

export function dispatch(ctx: SyscallContext, op: number, req: Wire, res: Wire): number | Blocked {
  const { vfs, fds } = ctx;
  switch (op) {
    case Op.Read: {
      const fd = req.readU32();
      const max = Math.min(req.readU32(), res.capacity - 8);
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      return readInto(file, res, max);
    }
    case Op.Write: {
      const fd = req.readU32();
      const data = req.readBytesView();
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      return writeAll(ctx, file, data, res);
    }
    case Op.Pread: {
      const fd = req.readU32();
      const max = Math.min(req.readU32(), res.capacity - 8);
      const position = req.readF64();
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      const at = res.reserve(max);
      const n = file.pread(res.bytes.subarray(at, at + max), position);
      if (n < 0) return -n;
      res.reset().reserve(n);
      return Errno.OK;
    }
    case Op.Pwrite: {
      const fd = req.readU32();
      const data = req.readBytesView();
      const position = req.readF64();
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      const n = file.pwrite(data, position);
      if (n < 0) return -n;
      res.f64(n);
      return Errno.OK;
    }
    case Op.Seek: {
      const fd = req.readU32();
      const offset = req.readF64();
      const whence = req.readU32();
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      const position = file.seek(offset, whence);
      if (position < 0) return -position;
      res.f64(position);
      return Errno.OK;
    }
    case Op.Close:
      return fds.close(req.readU32());
    case Op.Fstat: {
      const file = fds.get(req.readU32());
      if (!file) return Errno.EBADF;
      return answerStat(res, file.stat());
    }
    case Op.FsetSize: {
      const file = fds.get(req.readU32());
      const size = req.readF64();
      if (!file) return Errno.EBADF;
      return file.setSize(size);
    }
    case Op.FsetTimes: {
      const file = fds.get(req.readU32());
      const atimeMs = req.readF64();
      const mtimeMs = req.readF64();
      const flags = req.readU32();
      if (!file) return Errno.EBADF;
      const st = file.stat();
      if (isErr(st)) return st.errno;
      const [a, m] = timesFor(flags, atimeMs, mtimeMs, st);
      return file.setTimes(a, m);
    }
    case Op.Fdstat: {
      const file = fds.get(req.readU32());
      if (!file) return Errno.EBADF;
      res.u32(file.kind).u32((file.append ? 1 : 0) | (file.nonblock ? 4 : 0));
      res.u32(file instanceof VfsFile || file instanceof DeviceFile ? 1 : 0); // seekable
      return Errno.OK;
    }
    case Op.FsetFlags: {
      const file = fds.get(req.readU32());
      const flags = req.readU32();
      if (!file) return Errno.EBADF;
      file.append = (flags & 1) !== 0;
      file.nonblock = (flags & 4) !== 0;
      return Errno.OK;
    }
    case Op.Sync: {
      return fds.get(req.readU32()) ? Errno.OK : Errno.EBADF;
    }
    case Op.Readdir: {
      const fd = req.readU32();
      const cookie = req.readF64();
      const file = fds.get(fd);
      if (!file) return Errno.EBADF;
      if (!(file instanceof DirFile)) return Errno.ENOTDIR;
      const entries = file.entries(cookie);
      if (isErr(entries)) return entries.errno;
      const countAt = res.pos;
      res.u32(0);
      let count = 0;
      for (const entry of entries) {
        // Stop while a long name still fits: each entry is about 20 bytes plus its name.
        if (count >= MAX_READDIR_ENTRIES || res.pos + 32 + entry.name.length * 3 > res.capacity) break;
        res.str(entry.name).u32(entry.kind).f64(entry.ino);
        count++;
      }
      res.view.setUint32(countAt, count, true);
      return Errno.OK;
    }
    case Op.Renumber: {
      const from = req.readU32();
      const to = req.readU32();
      return fds.renumber(from, to);
    }
    case Op.Open: {
      const dirfd = req.readU32();
      const path = req.readStr();
      const flags = req.readU32();
      const mode = req.readU32();
      const follow = req.readU32() === 1;
      const fd = openAt(ctx, dirfd, path, flags, mode, follow);
      if (fd < 0) return -fd;
      const file = fds.get(fd)!;
      res.u32(fd).u32(file.kind);
      return Errno.OK;
    }
    case Op.Mkdir: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      const mode = req.readU32();
      if (typeof abs === 'number') return abs;
      return vfs.mkdir(abs, mode);
    }
    case Op.Rmdir: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      if (typeof abs === 'number') return abs;
      return vfs.rmdir(abs);
    }
    case Op.Unlink: {
      const dirfd = req.readU32();
      const raw = req.readStr();
      const abs = pathAt(ctx, dirfd, raw);
      if (typeof abs === 'number') return abs;
      if (raw.endsWith('/')) return Errno.EISDIR;
      return vfs.unlink(abs);
    }
    case Op.Rename: {
      const from = pathAt(ctx, req.readU32(), req.readStr());
      const to = pathAt(ctx, req.readU32(), req.readStr());
      if (typeof from === 'number') return from;
      if (typeof to === 'number') return to;
      return vfs.rename(from, to);
    }
    case Op.Symlink: {
      const target = req.readStr();
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      if (typeof abs === 'number') return abs;
      if (target.length === 0 || target.includes('\0')) return target.length === 0 ? Errno.ENOENT : Errno.EINVAL;
      return vfs.symlink(target, abs);
    }
    case Op.Readlink: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      if (typeof abs === 'number') return abs;
      const target = vfs.readlink(abs);
      if (isErr(target)) return target.errno;
      res.str(target);
      return Errno.OK;
    }
    case Op.Link: {
      const from = pathAt(ctx, req.readU32(), req.readStr());
      const follow = req.readU32() === 1;
      const to = pathAt(ctx, req.readU32(), req.readStr());
      if (typeof from === 'number') return from;
      if (typeof to === 'number') return to;
      let source = from;
      if (follow) {
        const real = attempt(() => String(vfs.volume.realpathSync(from)));
        if (isErr(real)) return real.errno;
        source = real;
      }
      const st = vfs.stat(source, false);
      if (isErr(st)) return st.errno;
      if (st.kind === FileKind.Dir) return Errno.EPERM;
      return vfs.link(source, to);
    }
    case Op.Stat: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      const follow = req.readU32() === 1;
      if (typeof abs === 'number') return abs;
      const device = DEVICES[abs];
      if (device !== undefined) return answerStat(res, new DeviceFile(device).stat());
      return answerStat(res, vfs.stat(abs, follow));
    }
    case Op.SetTimes: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      const follow = req.readU32() === 1;
      const atimeMs = req.readF64();
      const mtimeMs = req.readF64();
      const flags = req.readU32();
      if (typeof abs === 'number') return abs;
      const st = vfs.stat(abs, follow);
      if (isErr(st)) return st.errno;
      const [a, m] = timesFor(flags, atimeMs, mtimeMs, st);
      return vfs.setTimes(abs, a, m, follow);
    }
    case Op.Poll:
      return poll(ctx, req, res);
    case Op.Chmod: {
      const abs = pathAt(ctx, req.readU32(), req.readStr());
      const mode = req.readU32();
      if (typeof abs === 'number') return abs;
      if (DEVICES[abs] !== undefined) return Errno.OK;
      return vfs.chmod(abs, mode & 0o7777);
    }
    case Op.Pipe: {
      const pipe = new Pipe();
      const reader = new PipeEnd(pipe, 'read');
      const writer = new PipeEnd(pipe, 'write');
      const r = fds.install(reader);
      if (r < 0) {
        reader.retain().unref();
        writer.retain().unref();
        return -r;
      }
      const w = fds.install(writer);
      if (w < 0) {
        fds.close(r);
        writer.retain().unref();
        return -w;
      }
      res.u32(r).u32(w);
      return Errno.OK;
    }
    case Op.Dup: {
      const file = fds.get(req.readU32());
      const min = req.readU32();
      if (!file) return Errno.EBADF;
      const fd = fds.install(file, min);
      if (fd < 0) return -fd;
      res.u32(fd);
      return Errno.OK;
    }
    case Op.Dup2: {
      const from = req.readU32();
      const to = req.readU32();
      const file = fds.get(from);
      if (!file) return Errno.EBADF;
      if (from === to) return Errno.OK;
      return fds.installAt(to, file);
    }
    case Op.Spawn:
    case Op.Wait:
    case Op.Kill:
    case Op.SessionNext:
    case Op.SessionDone:
    case Op.TtyGetAttr:
    case Op.TtySetAttr:
    case Op.TtyWinsize:
    case Op.TtyGetForeground:
    case Op.TtySetForeground:
    case Op.SetPgid:
    case Op.CatchInterrupts:
    // edge functions (engine/edge-calls.ts)
    case Op.FetchNext:
    case Op.FetchRead:
    case Op.FetchWrite:
    case Op.FetchDone:
    case Op.FetchLoadFailed:
    case Op.NetFetch:
      return ctx.processes ? ctx.processes.call(op, req, res) : Errno.ENOSYS;
    default:
      return Errno.ENOSYS;
  }
}

/**
 * poll(2) over fds: answers at once when one is ready, otherwise waits on all
 * of them until one is or the timeout passes. Request: timeoutMs (negative:
 * none), count, then (fd, PollKind) pairs. Answer: count, then per ready
 * entry (index, errno, bytes available or 0, hangup).
 */
function poll(ctx: SyscallContext, req: Wire, res: Wire): number | Blocked {
  const timeoutMs = req.readF64();
  const count = req.readU32();
  const subs: { fd: number; kind: PollKind; file: OpenFile | undefined }[] = [];
  for (let i = 0; i < count; i++) {
    const fd = req.readU32();
    const kind = req.readU32() as PollKind;
    subs.push({ fd, kind, file: ctx.fds.get(fd) });
  }
  const check = (timedOut: boolean): number | Blocked => {
    res.reset();
    const ready: [number, number, number, number][] = [];
    subs.forEach((s, i) => {
      if (!s.file) ready.push([i, Errno.EBADF, 0, 0]);
      else if (s.kind === PollKind.Read && s.file.pollRead()) ready.push([i, 0, 0, 0]);
      else if (s.kind === PollKind.Write && s.file.pollWrite()) ready.push([i, 0, 0, 0]);
    });
    if (ready.length === 0 && !timedOut) {
      const waitOn = subs.flatMap((s) => (s.file?.waitable ? [s.file.waitable] : []));
      return { waitOn, retry: check, timeoutMs: timeoutMs >= 0 ? timeoutMs : undefined };
    }
    res.u32(ready.length);
    for (const [i, errno, nbytes, hangup] of ready) res.u32(i).u32(errno).f64(nbytes).u32(hangup);
    return Errno.OK;
  };
  return check(false);
}
