/**
 * spawn, wait and kill as syscalls, for wasmbox's own programs (the shell
 * runs pipelines and jobs with them). Spawning resolves the program at once,
 * so "command not found" is the spawn's own error, as with posix_spawn(3),
 * then starts the child in a pooled worker without making the parent wait
 * for it. Encodings match runtimes/kernel-sys.ts.
 */
import { AT_ROOT, Op, type Wire } from './abi.js';
import { Errno } from './errno.js';
import { LimitExceededError, SpawnError } from './errors.js';
import { readHead, resolveLaunch, type Launch } from './executable.js';
import type { Kernel, KernelProcess } from './kernel.js';
import type { OpenFile } from './open-file.js';
import { parseSignal, type SignalName } from './signals.js';
import type { Blocked } from './syscall-server.js';
import { serveTtyCall } from './tty-calls.js';
import { serveEdgeCall } from './edge-calls.js';

/** argv and environment together, as Linux's ARG_MAX bounds them. */
const ARG_MAX = 2 * 1024 * 1024;

const SPAWN_ERRNO: Record<SpawnError['code'], number> = {
  ENOENT: Errno.ENOENT,
  EACCES: Errno.EACCES,
  EISDIR: Errno.EACCES,
  ENOEXEC: Errno.ENOEXEC,
  EINVAL: Errno.EINVAL,
  E2BIG: Errno.E2BIG,
};

export function serveProcessCall(kernel: Kernel, proc: KernelProcess, op: Op, req: Wire, res: Wire): number | Blocked {
  switch (op) {
    case Op.Spawn:
      return spawn(kernel, proc, req, res);
    case Op.Wait:
      return wait(proc, req, res);
    case Op.Kill: {
      const pid = req.readU32();
      const name = req.readStr();
      // Signal 0 only asks whether the process exists (kill(2)).
      if (name === 'SIG0' || name === '0') return kernel.get(pid)?.ended === false ? Errno.OK : Errno.ESRCH;
      let signal: SignalName;
      try {
        signal = parseSignal(name);
      } catch {
        return Errno.EINVAL;
      }
      const target = kernel.get(pid);
      if (!target || target.ended) return Errno.ESRCH;
      queueMicrotask(() => kernel.signal(target, signal));
      return Errno.OK;
    }
    case Op.SessionNext: {
      const channel = proc.session;
      if (!channel) return Errno.EINVAL;
      const take = (): number | Blocked => {
        res.reset();
        const next = channel.take(proc.fds);
        if (next === undefined) return { waitOn: [channel], retry: take };
        if (next === null) res.u32(0);
        else res.u32(1).str(next.id).str(next.command);
        return Errno.OK;
      };
      return take();
    }
    case Op.SessionDone: {
      if (!proc.session) return Errno.EINVAL;
      const status = req.readU32();
      const cwd = req.readStr();
      let env: Record<string, string>;
      try {
        env = JSON.parse(req.readStr()) as Record<string, string>;
      } catch {
        return Errno.EINVAL;
      }
      proc.session.done(proc.fds, status, { cwd, env });
      return Errno.OK;
    }
    // edge functions (issue 5)
    case Op.FetchNext:
    case Op.FetchRead:
    case Op.FetchWrite:
    case Op.FetchDone:
    case Op.FetchLoadFailed:
    case Op.NetFetch:
      return serveEdgeCall(kernel, proc, op, req, res);
    default:
      return serveTtyCall(kernel, proc, op, req, res);
  }
}

function spawn(kernel: Kernel, parent: KernelProcess, req: Wire, res: Wire): number {
  const argv: string[] = [];
  for (let n = req.readU32(); n > 0; n--) argv.push(req.readStr());
  const env: Record<string, string> = {};
  let size = argv.reduce((sum, a) => sum + a.length + 1, 0);
  for (let n = req.readU32(); n > 0; n--) {
    const entry = req.readStr();
    size += entry.length + 1;
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const cwd = req.readStr();
  const fds: (OpenFile | undefined)[] = [];
  for (let n = req.readU32(), i = 0; i < n; i++) {
    const fd = req.readU32();
    fds.push(fd === AT_ROOT ? undefined : parent.fds.get(fd));
  }
  const forked = req.readU32() === 1;
  const fork = req.readStr();
  if (argv.length === 0 || size > ARG_MAX) return argv.length === 0 ? Errno.EINVAL : Errno.E2BIG;

  let launch: Launch;
  try {
    if (forked) {
      if (parent.program === undefined) return Errno.EINVAL;
      // A session's shell forks plain shells: subshells take no session commands.
      const name = parent.program === 'sh-session' ? 'sh' : parent.program;
      launch = { kind: 'program', name, path: name, argv };
    } else {
      launch = launchOrScript(kernel, argv, cwd, env.PATH);
    }
  } catch (error) {
    if (error instanceof SpawnError) return SPAWN_ERRNO[error.code];
    throw error;
  }
  let child: KernelProcess;
  try {
    child = kernel.create({ argv, cwd, env, timeoutMs: 0, launch, fork: forked ? fork : undefined }, parent, { kind: 'inherit', fds });
  } catch (error) {
    if (error instanceof LimitExceededError) return Errno.EAGAIN;
    if (error instanceof SpawnError) return SPAWN_ERRNO[error.code];
    throw error;
  }
  kernel.start(child).catch(() => {
    // Compiling a WASI module failed after all: the child has ended with 126.
  });
  res.u32(child.pid);
  return Errno.OK;
}

/**
 * A text file without `#!` is a shell script: POSIX shells run it with
 * themselves when execve says ENOEXEC (XCU 2.9.1.1), and processes that
 * spawn through the kernel are shells and their tools.
 */
function launchOrScript(kernel: Kernel, argv: string[], cwd: string, pathVar: string | undefined): Launch {
  try {
    return resolveLaunch(kernel.vfs, argv, cwd, pathVar);
  } catch (error) {
    if (!(error instanceof SpawnError) || error.code !== 'ENOEXEC' || !isText(kernel, error.path)) throw error;
    return resolveLaunch(kernel.vfs, ['/bin/sh', error.path, ...argv.slice(1)], cwd, pathVar);
  }
}

/** No NUL in the first bytes: what shells check before running a file as a script. */
function isText(kernel: Kernel, path: string): boolean {
  try {
    return !readHead(kernel.vfs, path).includes(0);
  } catch {
    return false;
  }
}

function wait(parent: KernelProcess, req: Wire, res: Wire): number | Blocked {
  const pid = req.readU32();
  const noHang = req.readU32() === 1;
  const child = parent.children.get(pid);
  if (!child) return Errno.ECHILD;
  const check = (): number | Blocked => {
    res.reset();
    if (!child.ended) {
      if (noHang) {
        res.u32(0);
        return Errno.OK;
      }
      return { waitOn: [child.endNotice], retry: check };
    }
    parent.children.delete(pid);
    res.u32(1).u32(child.exitCode ?? 0).str(child.signal ?? '');
    return Errno.OK;
  };
  return check();
}
