/**
 * The terminal calls of wasmbox's own programs (runtimes/sys.ts "terminals"):
 * tcgetattr, tcsetattr, the window size, tcgetpgrp/tcsetpgrp, setpgid, and
 * the shell's "I catch SIGINT" switch. Encodings match runtimes/kernel-sys.ts.
 * A terminal call on an fd that is not a terminal is ENOTTY, as ioctl(2) says.
 */
import { Op, type Wire } from './abi.js';
import { Errno } from './errno.js';
import type { Kernel, KernelProcess } from './kernel.js';
import { parseTermios } from './termios.js';
import { TtyFile } from './tty.js';

function ttyOf(proc: KernelProcess, fd: number): TtyFile | number {
  const file = proc.fds.get(fd);
  if (file === undefined) return Errno.EBADF;
  return file instanceof TtyFile ? file : Errno.ENOTTY;
}

export function serveTtyCall(kernel: Kernel, proc: KernelProcess, op: Op, req: Wire, res: Wire): number {
  switch (op) {
    case Op.TtyGetAttr: {
      const file = ttyOf(proc, req.readU32());
      if (typeof file === 'number') return file;
      res.str(JSON.stringify(file.tty.getAttr()));
      return Errno.OK;
    }
    case Op.TtySetAttr: {
      const file = ttyOf(proc, req.readU32());
      const text = req.readStr();
      if (typeof file === 'number') return file;
      try {
        file.tty.setAttr(parseTermios(JSON.parse(text)));
      } catch {
        // Malformed settings from the guest: tcsetattr's EINVAL.
        return Errno.EINVAL;
      }
      return Errno.OK;
    }
    case Op.TtyWinsize: {
      const file = ttyOf(proc, req.readU32());
      if (typeof file === 'number') return file;
      const { rows, cols } = file.tty.size;
      res.u32(rows).u32(cols);
      return Errno.OK;
    }
    case Op.TtyGetForeground: {
      const file = ttyOf(proc, req.readU32());
      if (typeof file === 'number') return file;
      res.u32(file.tty.foreground);
      return Errno.OK;
    }
    case Op.TtySetForeground: {
      const file = ttyOf(proc, req.readU32());
      const pgid = req.readU32();
      if (typeof file === 'number') return file;
      // tcsetpgrp(3): EINVAL for a value no process group could have, EPERM for a group that does not exist.
      if (pgid === 0 || pgid > 0x7fffffff) return Errno.EINVAL;
      if (!kernel.live.some((p) => p.pgid === pgid)) return Errno.EPERM;
      file.tty.foreground = pgid;
      return Errno.OK;
    }
    case Op.SetPgid: {
      const pid = req.readU32() || proc.pid;
      const target = pid === proc.pid ? proc : proc.children.get(pid);
      if (!target || target.ended) return Errno.ESRCH;
      const pgid = req.readU32() || target.pid;
      // setpgid(2): a process may join its own new group or an existing group.
      if (pgid !== target.pid && !kernel.live.some((p) => p.pgid === pgid)) return Errno.EPERM;
      target.pgid = pgid;
      return Errno.OK;
    }
    case Op.CatchInterrupts:
      proc.catchesInterrupts = req.readU32() === 1;
      return Errno.OK;
    default:
      return Errno.ENOSYS;
  }
}
