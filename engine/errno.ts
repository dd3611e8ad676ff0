/**
 * The kernel's one errno vocabulary. Values are Linux's (asm-generic/errno-base.h,
 * errno.h) so they read familiarly in traces; WASI numbers appear only in
 * runtimes/wasi. Inside the kernel a syscall returns one of these; the public
 * API turns it into an FsError carrying the name.
 */
export const Errno = {
  OK: 0,
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENOTSUP: 95,
} as const;

export type ErrnoName = Exclude<keyof typeof Errno, 'OK'>;

const names = new Map<number, ErrnoName>();
for (const [name, value] of Object.entries(Errno)) {
  if (name !== 'OK') names.set(value, name as ErrnoName);
}

export function errnoName(errno: number): ErrnoName {
  return names.get(errno) ?? 'EIO';
}

/** memfs errors carry a Node-style string `code`; map it, never the message text. */
export function errnoFromCode(code: unknown): number {
  if (typeof code === 'string' && code in Errno) return Errno[code as ErrnoName];
  return Errno.EIO;
}
