/**
 * Errors in Node's shape (https://nodejs.org/api/errors.html#class-systemerror):
 * `code`, a negative `errno`, `syscall`, `path`, and the message libuv words,
 * "ENOENT: no such file or directory, open 'x'". The numbers are Linux's
 * (errno-base.h, errno.h), the texts libuv's uv_strerror.
 */
const UV: Record<string, [number, string]> = {
  EPERM: [1, 'operation not permitted'],
  ENOENT: [2, 'no such file or directory'],
  ESRCH: [3, 'no such process'],
  EINTR: [4, 'interrupted system call'],
  EIO: [5, 'i/o error'],
  E2BIG: [7, 'argument list too long'],
  ENOEXEC: [8, 'exec format error'],
  EBADF: [9, 'bad file descriptor'],
  ECHILD: [10, 'no child processes'],
  EAGAIN: [11, 'resource temporarily unavailable'],
  ENOMEM: [12, 'not enough memory'],
  EACCES: [13, 'permission denied'],
  EEXIST: [17, 'file already exists'],
  EXDEV: [18, 'cross-device link not permitted'],
  ENOTDIR: [20, 'not a directory'],
  EISDIR: [21, 'illegal operation on a directory'],
  EINVAL: [22, 'invalid argument'],
  EMFILE: [24, 'too many open files'],
  ENOTTY: [25, 'inappropriate ioctl for device'],
  EFBIG: [27, 'file too large'],
  ENOSPC: [28, 'no space left on device'],
  ESPIPE: [29, 'invalid seek'],
  EROFS: [30, 'read-only file system'],
  EMLINK: [31, 'too many links'],
  EPIPE: [32, 'broken pipe'],
  ENAMETOOLONG: [36, 'name too long'],
  ENOSYS: [38, 'function not implemented'],
  ENOTEMPTY: [39, 'directory not empty'],
  ELOOP: [40, 'too many symbolic links encountered'],
  ENOTSUP: [95, 'operation not supported on socket'],
};

export interface NodeErrorShape {
  message: string;
  code: string;
  errno: number;
  syscall: string;
  path?: string;
  dest?: string;
}

export function nodeError(code: string, syscall: string, path?: string, dest?: string): NodeErrorShape {
  const [errno, text] = UV[code] ?? [0, code.toLowerCase()];
  let message = `${code}: ${text}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const shape: NodeErrorShape = { message, code, errno: errno === 0 ? 0 : -errno, syscall };
  if (path !== undefined) shape.path = path;
  if (dest !== undefined) shape.dest = dest;
  return shape;
}
