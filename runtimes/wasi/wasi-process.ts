/**
 * Running a WASI preview1 command in this worker. browser_wasi_shim's WASI
 * class provides the import object; the calls where its behaviour does not
 * fit a kernel-backed process are replaced here (TOOLCHAIN.md lists why):
 * argv/environ sizes for non-ASCII, fd numbering (the kernel allocates fds),
 * fd_read/fd_write (copied straight between guest memory and the channel),
 * renumber and close of stdio, rename/symlink/link/readlink (whole kernel
 * calls, not unlink-then-link), poll_oneoff (sleeps in Atomics.wait, never
 * spins; waits on fds in the kernel), and sockets (ENOTSUP, not a throw).
 */
import { WASI, WASIProcExit, wasi } from '@bjorn3/browser_wasi_shim';
import { FileKind, Op, OpenFlag, PollKind } from '../../engine/abi.js';
import type { HostToWorker } from '../../engine/protocol.js';
import { StdioBuffer } from '../stdio-buffer.js';
import type { SyscallClient } from '../syscall-client.js';
import { KernelFd } from './kernel-fd.js';
import { LOOKUP_SYMLINK_FOLLOW, toWasiErrno } from './wasi-abi.js';

type RunMessage = Extract<HostToWorker, { type: 'run-wasi' }>;

export type RunOutcome = { type: 'exit'; code: number } | { type: 'failed'; message: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function runWasi(sys: SyscallClient, message: RunMessage): RunOutcome {
  const stdio = new StdioBuffer(sys);
  sys.beforeCall = () => stdio.flush();
  const fds: (KernelFd | undefined)[] = [
    new KernelFd(sys, 0, FileKind.Pipe),
    new KernelFd(sys, 1, FileKind.Pipe),
    new KernelFd(sys, 2, FileKind.Pipe),
  ];
  for (const p of message.preopens) fds[p.fd] = new KernelFd(sys, p.fd, FileKind.Dir, p.path);

  const shim = new WASI(message.argv, message.env, fds as KernelFd[], { debug: false });
  let memory: WebAssembly.Memory | undefined;
  let u8: Uint8Array = new Uint8Array(0);
  let dv: DataView = new DataView(new ArrayBuffer(0));
  /** Views of guest memory, renewed when memory.grow replaced its buffer. */
  const mem = () => {
    if (u8.buffer !== memory!.buffer) {
      u8 = new Uint8Array(memory!.buffer);
      dv = new DataView(memory!.buffer);
    }
    return { u8, dv };
  };
  const readString = (ptr: number, len: number) => decoder.decode(mem().u8.slice(ptr, ptr + len));
  const encodedArgs = message.argv.map((a) => encoder.encode(a));
  const encodedEnv = message.env.map((e) => encoder.encode(e));

  const putStrings = (list: Uint8Array[], ptrs: number, buf: number) => {
    const { u8, dv } = mem();
    for (const s of list) {
      dv.setUint32(ptrs, buf, true);
      ptrs += 4;
      u8.set(s, buf);
      u8[buf + s.byteLength] = 0;
      buf += s.byteLength + 1;
    }
    return 0;
  };
  const sizes = (list: Uint8Array[], countPtr: number, sizePtr: number) => {
    const { dv } = mem();
    dv.setUint32(countPtr, list.length, true);
    dv.setUint32(sizePtr, list.reduce((n, s) => n + s.byteLength + 1, 0), true);
    return 0;
  };

  /** Sum and list the guest's iovecs (buf u32, len u32 each). */
  const iovecs = (ptr: number, count: number) => {
    const { dv } = mem();
    const list: [number, number][] = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
      const buf = dv.getUint32(ptr + 8 * i, true);
      const len = dv.getUint32(ptr + 8 * i + 4, true);
      list.push([buf, len]);
      total += len;
    }
    return { list, total };
  };

  const write = (fd: number, iovsPtr: number, iovsLen: number, nwrittenPtr: number, position: number | undefined) => {
    if (fds[fd] === undefined) return wasi.ERRNO_BADF;
    const { list, total } = iovecs(iovsPtr, iovsLen);
    if (position === undefined && stdio.handles(fd)) {
      for (const [buf, len] of list) {
        const errno = stdio.write(fd, mem().u8.subarray(buf, buf + len));
        if (errno !== 0) return toWasiErrno(errno);
      }
      mem().dv.setUint32(nwrittenPtr, total, true);
      return 0;
    }
    let written = 0;
    // Gather the iovecs straight from guest memory into the channel, a channel-full at a time.
    let index = 0;
    let offsetInVec = 0;
    while (written < total || total === 0) {
      const w = sys.begin().u32(fd);
      const chunk = Math.min(total - written, sys.maxPayload);
      const at = w.reserve(chunk);
      let filled = 0;
      while (filled < chunk) {
        const [buf, len] = list[index]!;
        const take = Math.min(len - offsetInVec, chunk - filled);
        w.bytes.set(mem().u8.subarray(buf + offsetInVec, buf + offsetInVec + take), at + filled);
        filled += take;
        offsetInVec += take;
        if (offsetInVec === len) {
          index++;
          offsetInVec = 0;
        }
      }
      if (position !== undefined) w.f64(position + written);
      const errno = sys.call(position === undefined ? Op.Write : Op.Pwrite);
      if (errno !== 0) {
        if (written > 0) break;
        return toWasiErrno(errno);
      }
      const n = sys.response.readF64();
      written += n;
      if (n < chunk || total === 0) break;
    }
    mem().dv.setUint32(nwrittenPtr, written, true);
    return 0;
  };

  const read = (fd: number, iovsPtr: number, iovsLen: number, nreadPtr: number, position: number | undefined) => {
    if (fds[fd] === undefined) return wasi.ERRNO_BADF;
    const { list, total } = iovecs(iovsPtr, iovsLen);
    const w = sys.begin().u32(fd).u32(Math.min(total, sys.maxPayload));
    if (position !== undefined) w.f64(position);
    const errno = sys.call(position === undefined ? Op.Read : Op.Pread);
    if (errno !== 0) return toWasiErrno(errno);
    const data = sys.response.readBytesView();
    let copied = 0;
    for (const [buf, len] of list) {
      if (copied >= data.byteLength) break;
      const take = Math.min(len, data.byteLength - copied);
      mem().u8.set(data.subarray(copied, copied + take), buf);
      copied += take;
    }
    mem().dv.setUint32(nreadPtr, copied, true);
    return 0;
  };

  const pathAt = (fd: number, ptr: number, len: number): [KernelFd, string] | number => {
    const dir = fds[fd];
    if (dir === undefined) return wasi.ERRNO_BADF;
    return [dir, readString(ptr, len)];
  };

  const simple = (op: Op, fill: (w: ReturnType<SyscallClient['begin']>) => void) => {
    fill(sys.begin());
    return toWasiErrno(sys.call(op));
  };

  const overrides: Record<string, (...args: never[]) => number> = {
    args_sizes_get: (countPtr: number, sizePtr: number) => sizes(encodedArgs, countPtr, sizePtr),
    args_get: (ptrs: number, buf: number) => putStrings(encodedArgs, ptrs, buf),
    environ_sizes_get: (countPtr: number, sizePtr: number) => sizes(encodedEnv, countPtr, sizePtr),
    environ_get: (ptrs: number, buf: number) => putStrings(encodedEnv, ptrs, buf),

    fd_write: (fd: number, iovs: number, n: number, out: number) => write(fd, iovs, n, out, undefined),
    fd_pwrite: (fd: number, iovs: number, n: number, offset: bigint, out: number) => write(fd, iovs, n, out, Number(offset)),
    fd_read: (fd: number, iovs: number, n: number, out: number) => read(fd, iovs, n, out, undefined),
    fd_pread: (fd: number, iovs: number, n: number, offset: bigint, out: number) => read(fd, iovs, n, out, Number(offset)),

    fd_close: (fd: number) => {
      if (fds[fd] === undefined) return wasi.ERRNO_BADF;
      if (stdio.handles(fd)) stdio.release(fd);
      const errno = simple(Op.Close, (w) => w.u32(fd));
      if (errno === 0) fds[fd] = undefined;
      return errno;
    },
    fd_renumber: (from: number, to: number) => {
      if (fds[from] === undefined) return wasi.ERRNO_BADF;
      if (stdio.handles(from)) stdio.release(from);
      if (stdio.handles(to)) stdio.release(to);
      const errno = simple(Op.Renumber, (w) => w.u32(from).u32(to));
      if (errno === 0 && from !== to) {
        fds[to] = fds[from]!.moveTo(to);
        fds[from] = undefined;
      }
      return errno;
    },
    fd_advise: (fd: number) => (fds[fd] === undefined ? wasi.ERRNO_BADF : 0),

    path_open: (fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number, rightsBase: bigint, _inheriting: bigint, fdflags: number, outPtr: number) => {
      const at = pathAt(fd, pathPtr, pathLen);
      if (typeof at === 'number') return at;
      const canRead = (rightsBase & BigInt(wasi.RIGHTS_FD_READ | wasi.RIGHTS_FD_READDIR)) !== 0n;
      const canWrite = (rightsBase & BigInt(wasi.RIGHTS_FD_WRITE)) !== 0n;
      let flags = canWrite ? (canRead ? OpenFlag.ReadWrite : OpenFlag.WriteOnly) : 0;
      if (oflags & wasi.OFLAGS_CREAT) flags |= OpenFlag.Create;
      if (oflags & wasi.OFLAGS_EXCL) flags |= OpenFlag.Exclusive;
      if (oflags & wasi.OFLAGS_TRUNC) flags |= OpenFlag.Truncate;
      if (oflags & wasi.OFLAGS_DIRECTORY) flags |= OpenFlag.Directory;
      if (fdflags & wasi.FDFLAGS_APPEND) flags |= OpenFlag.Append;
      sys.begin().u32(fd).str(at[1]).u32(flags).u32(0o666).u32(dirflags & LOOKUP_SYMLINK_FOLLOW ? 1 : 0);
      const errno = sys.call(Op.Open);
      if (errno !== 0) return toWasiErrno(errno);
      const newFd = sys.response.readU32();
      const kind = sys.response.readU32() as FileKind;
      fds[newFd] = new KernelFd(sys, newFd, kind);
      if (fdflags & wasi.FDFLAGS_NONBLOCK) fds[newFd]!.fd_fdstat_set_flags(fdflags);
      mem().dv.setUint32(outPtr, newFd, true);
      return 0;
    },
    path_rename: (fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) => {
      const from = pathAt(fd, oldPtr, oldLen);
      const to = pathAt(newFd, newPtr, newLen);
      if (typeof from === 'number') return from;
      if (typeof to === 'number') return to;
      return simple(Op.Rename, (w) => w.u32(fd).str(from[1]).u32(newFd).str(to[1]));
    },
    path_symlink: (targetPtr: number, targetLen: number, fd: number, pathPtr: number, pathLen: number) => {
      const at = pathAt(fd, pathPtr, pathLen);
      if (typeof at === 'number') return at;
      return simple(Op.Symlink, (w) => w.str(readString(targetPtr, targetLen)).u32(fd).str(at[1]));
    },
    path_link: (oldFd: number, oldFlags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) => {
      const from = pathAt(oldFd, oldPtr, oldLen);
      const to = pathAt(newFd, newPtr, newLen);
      if (typeof from === 'number') return from;
      if (typeof to === 'number') return to;
      return simple(Op.Link, (w) => w.u32(oldFd).str(from[1]).u32(oldFlags & LOOKUP_SYMLINK_FOLLOW ? 1 : 0).u32(newFd).str(to[1]));
    },
    path_readlink: (fd: number, pathPtr: number, pathLen: number, buf: number, bufLen: number, outPtr: number) => {
      const at = pathAt(fd, pathPtr, pathLen);
      if (typeof at === 'number') return at;
      sys.begin().u32(fd).str(at[1]);
      const errno = sys.call(Op.Readlink);
      if (errno !== 0) return toWasiErrno(errno);
      // readlink(2) truncates to the buffer, silently.
      const target = sys.response.readBytesView().subarray(0, bufLen);
      mem().u8.set(target, buf);
      mem().dv.setUint32(outPtr, target.byteLength, true);
      return 0;
    },

    poll_oneoff: (inPtr: number, outPtr: number, count: number, neventsPtr: number) => poll(inPtr, outPtr, count, neventsPtr),

    proc_raise: () => wasi.ERRNO_NOSYS,
    sock_accept: () => wasi.ERRNO_NOTSUP,
    sock_recv: () => wasi.ERRNO_NOTSUP,
    sock_send: () => wasi.ERRNO_NOTSUP,
    sock_shutdown: () => wasi.ERRNO_NOTSUP,
  };

  /**
   * poll_oneoff: subscriptions are 48 bytes (userdata@0, tag@8, then clock
   * {id@16, timeout@24, precision@32, flags@40} or fd@16); events are 32
   * bytes (userdata@0, error@8, type@10, nbytes@16, flags@24).
   */
  function poll(inPtr: number, outPtr: number, count: number, neventsPtr: number): number {
    if (count === 0) return wasi.ERRNO_INVAL;
    const { dv } = mem();
    const now = performance.now();
    const clocks: { userdata: bigint; deadline: number }[] = [];
    const fdSubs: { userdata: bigint; fd: number; kind: PollKind; type: number }[] = [];
    for (let i = 0; i < count; i++) {
      const s = inPtr + 48 * i;
      const userdata = dv.getBigUint64(s, true);
      const type = dv.getUint8(s + 8);
      if (type === wasi.EVENTTYPE_CLOCK) {
        const clockId = dv.getUint32(s + 16, true);
        const timeoutMs = Number(dv.getBigUint64(s + 24, true)) / 1e6;
        const absolute = (dv.getUint16(s + 40, true) & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        let deadline = now + timeoutMs;
        if (absolute) deadline = clockId === wasi.CLOCKID_REALTIME ? now + (timeoutMs - Date.now()) : timeoutMs;
        clocks.push({ userdata, deadline });
      } else {
        fdSubs.push({ userdata, fd: dv.getUint32(s + 16, true), kind: type === wasi.EVENTTYPE_FD_READ ? PollKind.Read : PollKind.Write, type });
      }
    }
    const deadline = clocks.length > 0 ? Math.min(...clocks.map((c) => c.deadline)) : Infinity;
    const events: { userdata: bigint; error: number; type: number }[] = [];
    if (fdSubs.length === 0) {
      sys.sleep(deadline - performance.now());
    } else {
      const w = sys.begin().f64(deadline === Infinity ? -1 : Math.max(0, deadline - performance.now())).u32(fdSubs.length);
      for (const s of fdSubs) w.u32(s.fd).u32(s.kind);
      const errno = sys.call(Op.Poll);
      if (errno !== 0) return toWasiErrno(errno);
      const r = sys.response;
      const ready = r.readU32();
      for (let i = 0; i < ready; i++) {
        const index = r.readU32();
        const err = r.readU32();
        r.readF64();
        r.readU32();
        const sub = fdSubs[index]!;
        events.push({ userdata: sub.userdata, error: toWasiErrno(err), type: sub.type });
      }
    }
    if (events.length === 0) {
      const t = performance.now();
      for (const c of clocks) if (c.deadline <= t + 0.5) events.push({ userdata: c.userdata, error: 0, type: wasi.EVENTTYPE_CLOCK });
    }
    const view = mem().dv;
    events.forEach((e, i) => {
      const p = outPtr + 32 * i;
      view.setBigUint64(p, e.userdata, true);
      view.setUint16(p + 8, e.error, true);
      view.setUint8(p + 10, e.type);
      view.setBigUint64(p + 16, 0n, true);
      view.setUint16(p + 24, 0, true);
    });
    view.setUint32(neventsPtr, events.length, true);
    return 0;
  }

  const imports = { ...shim.wasiImport, ...overrides } as WebAssembly.ModuleImports;
  let outcome: RunOutcome;
  try {
    const instance = new WebAssembly.Instance(message.module, { wasi_snapshot_preview1: imports, wasi_unstable: imports });
    memory = instance.exports.memory as WebAssembly.Memory;
    shim.inst = instance as unknown as WASI['inst'];
    (instance.exports._start as () => void)();
    outcome = { type: 'exit', code: 0 };
  } catch (error) {
    if (error instanceof WASIProcExit) outcome = { type: 'exit', code: error.code & 0xff };
    else outcome = { type: 'failed', message: describeFailure(message.argv[0] ?? '', error) };
  }
  try {
    stdio.flush();
  } catch {
    // The kernel is gone or the pipe is closed: the outcome still stands.
  }
  sys.beforeCall = undefined;
  return outcome;
}

function describeFailure(program: string, error: unknown): string {
  if (error instanceof WebAssembly.RuntimeError) return `${program}: wasm trap: ${error.message}\n`;
  if (error instanceof WebAssembly.LinkError) return `${program}: cannot link: ${error.message}\n`;
  if (error instanceof RangeError) return `${program}: ${error.message}\n`;
  return `${program}: ${error instanceof Error ? error.message : String(error)}\n`;
}
