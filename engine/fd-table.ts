/** A process's file descriptor table: small integers naming shared open-file descriptions. */
import { Errno } from './errno.js';
import type { OpenFile } from './open-file.js';

/** Per-process fd limit, as a common RLIMIT_NOFILE soft limit. */
export const MAX_FDS = 1024;

export class FdTable {
  private readonly slots: (OpenFile | undefined)[] = [];
  private open = 0;

  get count(): number {
    return this.open;
  }

  get(fd: number): OpenFile | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.slots[fd] : undefined;
  }

  /** Install `file` at the lowest free fd >= `min` (POSIX: lowest available). Returns the fd or -errno. */
  install(file: OpenFile, min = 0): number {
    for (let fd = min; fd < MAX_FDS; fd++) {
      if (this.slots[fd] === undefined) {
        this.slots[fd] = file.retain();
        this.open++;
        return fd;
      }
    }
    return -Errno.EMFILE;
  }

  /** Put `file` at exactly `fd`, closing what was there (dup2 semantics). */
  installAt(fd: number, file: OpenFile): number {
    if (!Number.isInteger(fd) || fd < 0 || fd >= MAX_FDS) return Errno.EBADF;
    file.retain();
    this.close(fd);
    this.slots[fd] = file;
    this.open++;
    return Errno.OK;
  }

  close(fd: number): number {
    const file = this.get(fd);
    if (file === undefined) return Errno.EBADF;
    this.slots[fd] = undefined;
    this.open--;
    file.unref();
    return Errno.OK;
  }

  /** WASI fd_renumber: move `from` onto `to`, closing `to` first if open. */
  renumber(from: number, to: number): number {
    const file = this.get(from);
    if (file === undefined) return Errno.EBADF;
    if (from === to) return Errno.OK;
    const r = this.installAt(to, file);
    if (r !== Errno.OK) return r;
    return this.close(from);
  }

  /** A child's table: the same descriptions, each with one more reference. */
  clone(): FdTable {
    const copy = new FdTable();
    this.slots.forEach((file, fd) => {
      if (file) copy.installAt(fd, file);
    });
    return copy;
  }

  closeAll(): void {
    this.slots.forEach((_, fd) => this.close(fd));
  }
}
