/**
 * Redirections (POSIX 2.7) by really moving the shell's kernel fds, so a
 * builtin, a function or an in-process coreutil writes to fd 1 and lands in
 * the file. For a temporary redirection each affected fd is first saved
 * with `dup(fd, 10)` and put back afterwards; `exec` applies them for good.
 * Here-documents go through a pipe when they fit in its 64 KiB buffer (the
 * writer must not block with no reader yet), otherwise through an unlinked
 * temp file.
 */
import type { Redirect } from './ast.js';
import { expandWord } from './expand.js';
import type { Shell } from './interpreter.js';
import { rethrowInterrupted } from '../program.js';
import { SysError, holdSignals, type OpenMode } from '../sys.js';

const PIPE_CAPACITY = 64 * 1024;
/** Saved copies of fds live at or above this number, out of the way of `3>file` (POSIX reserves 0-9 for the user). */
const SAVE_MIN = 10;

interface Saved {
  fd: number;
  /** The saved copy, or -1 when the fd was closed before. */
  copy: number;
}

class RedirectError extends Error {}

function defaultFd(op: Redirect['op']): number {
  return op.startsWith('<') ? 0 : 1;
}

function isOpen(sh: Shell, fd: number): boolean {
  try {
    sh.sys.fstat(fd);
    return true;
  } catch (error) {
    rethrowInterrupted(error);
    return false;
  }
}

function openFile(sh: Shell, path: string, mode: OpenMode): number {
  if (path === '') throw new RedirectError(': No such file or directory');
  try {
    return sh.sys.open(path, mode, 0o666);
  } catch (error) {
    if (error instanceof SysError) throw new RedirectError(`${path}: ${error.message}`);
    throw error;
  }
}

/** An fd to read `text` from. */
function textSource(sh: Shell, text: string): number {
  const bytes = new TextEncoder().encode(text);
  const sys = sh.sys;
  if (bytes.byteLength <= PIPE_CAPACITY) {
    const [r, w] = sys.pipe();
    try {
      sys.write(w, bytes);
    } finally {
      sys.close(w);
    }
    return r;
  }
  const path = `/tmp/sh-thd-${sys.pid}-${Math.floor(sys.now())}-${sh.random()}`;
  sys.writeFile(path, bytes, { mode: 0o600 });
  const fd = sys.open(path, 'r');
  sys.unlink(path);
  return fd;
}

/** Make `fd` refer to what `source` refers to, and close `source`. */
function install(sh: Shell, source: number, fd: number): void {
  if (source === fd) return;
  sh.sys.dup2(source, fd);
  sh.sys.close(source);
}

function openTarget(sh: Shell, r: Redirect, fd: number): number | 'close' {
  const target = () => expandWord(sh, r.target);
  switch (r.op) {
    case '<':
      return openFile(sh, target(), 'r');
    case '>':
    case '>|': {
      const path = target();
      if (r.op === '>' && sh.options.noclobber && sh.sys.tryStat(path)?.type === 'file') {
        throw new RedirectError(`${path}: cannot overwrite existing file`);
      }
      return openFile(sh, path, 'w');
    }
    case '>>':
      return openFile(sh, target(), 'a');
    case '&>':
      return openFile(sh, target(), 'w');
    case '&>>':
      return openFile(sh, target(), 'a');
    case '<>': {
      const path = target();
      return openFile(sh, path, sh.sys.tryStat(path) ? 'r+' : 'w+');
    }
    case '<<':
    case '<<-': {
      const doc = r.heredoc;
      const body = doc ? expandWord(sh, doc.body) : '';
      return textSource(sh, body);
    }
    case '<<<':
      return textSource(sh, `${target()}\n`);
    case '<&':
    case '>&': {
      const word = target();
      if (word === '-') return 'close';
      const m = /^([0-9]+)(-?)$/.exec(word);
      if (!m) {
        if (r.op === '>&' && r.fd === undefined) return openFile(sh, word, 'w');
        throw new RedirectError(`${word}: ambiguous redirect`);
      }
      const from = Number(m[1]);
      if (from === fd) return fd;
      if (!isOpen(sh, from)) throw new RedirectError(`${from}: Bad file descriptor`);
      const copy = sh.sys.dup(from, SAVE_MIN);
      if (m[2] === '-') sh.sys.close(from);
      return copy;
    }
  }
}

/**
 * Apply `redirects` in order. Returns a function that undoes them (a no-op
 * when `permanent`), or null after printing the error when one failed (the
 * ones already applied are undone).
 */
export function applyRedirects(sh: Shell, redirects: readonly Redirect[], permanent = false): (() => void) | null {
  const saved: Saved[] = [];
  const savedFds = new Set<number>();
  const save = (fd: number) => {
    if (permanent || savedFds.has(fd)) return;
    savedFds.add(fd);
    saved.push({ fd, copy: isOpen(sh, fd) ? sh.sys.dup(fd, SAVE_MIN) : -1 });
  };
  // Held signals: every saved fd goes back before a ^C unwinds further.
  const restore = () => holdSignals(sh.sys, () => {
    for (let i = saved.length - 1; i >= 0; i--) {
      const { fd, copy } = saved[i];
      try {
        if (copy >= 0) {
          install(sh, copy, fd);
          sh.closedFds.delete(fd);
        } else {
          sh.sys.close(fd);
          sh.openFds.delete(fd);
          if (fd <= 2) sh.closedFds.add(fd);
        }
      } catch {
        // The fd was closed meanwhile; nothing to put back.
      }
    }
  });
  try {
    for (const r of redirects) {
      if (r.fdVar) {
        const source = openTarget(sh, r, -1);
        if (source === 'close') {
          const n = Number(sh.vars.get(r.fdVar));
          if (Number.isInteger(n)) sh.sys.close(n);
          continue;
        }
        const fd = source >= SAVE_MIN ? source : sh.sys.dup(source, SAVE_MIN);
        if (fd !== source) sh.sys.close(source);
        sh.assign(r.fdVar, String(fd));
        sh.openFds.add(fd);
        continue;
      }
      const fds = r.op === '&>' || r.op === '&>>' ? [1, 2] : [r.fd ?? defaultFd(r.op)];
      const source = openTarget(sh, r, fds[0]);
      for (const fd of fds) save(fd);
      if (source === 'close') {
        try {
          sh.sys.close(fds[0]);
        } catch (error) {
          rethrowInterrupted(error);
          // Closing a closed fd is not an error for `>&-`.
        }
        sh.openFds.delete(fds[0]);
        if (fds[0] <= 2) sh.closedFds.add(fds[0]);
        continue;
      }
      if (fds.length === 2) sh.sys.dup2(source, 2);
      install(sh, source, fds[0]);
      for (const fd of fds) {
        if (fd > 2) sh.openFds.add(fd);
        sh.closedFds.delete(fd);
      }
    }
  } catch (error) {
    if (error instanceof RedirectError || error instanceof SysError) {
      restore();
      sh.error(error.message);
      return null;
    }
    restore();
    throw error;
  }
  return permanent ? () => {} : restore;
}
