// Node's fs (https://nodejs.org/api/fs.html) over the kernel: the sync
// calls, and fs.promises and the callback forms built on them (the work is
// synchronous either way; a promise settles on the next turn). Errors have
// Node's shape (host calls throw them: node-errors.ts).
const { Buffer } = internal('buffer');
const pathLib = internal('path');

function toPath(p, name = 'path') {
  if (typeof p === 'string') {
    if (p.includes('\0')) throw argError(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(p)}`, 'ERR_INVALID_ARG_VALUE');
    return p;
  }
  if (p instanceof Uint8Array) return Buffer.from(p).toString();
  if (p && typeof p === 'object' && p.protocol === 'file:' && typeof p.pathname === 'string') return decodeURIComponent(p.pathname);
  throw argError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${p === null ? 'null' : typeof p}`, 'ERR_INVALID_ARG_TYPE');
}
function argError(message, code) {
  const e = new TypeError(message);
  e.code = code;
  return e;
}
function encodingOf(options) {
  if (typeof options === 'string') return options;
  return options && options.encoding ? options.encoding : null;
}
function flagOf(options, fallback) {
  return options && typeof options === 'object' && options.flag ? options.flag : fallback;
}
function bytesOf(data, options) {
  if (typeof data === 'string') {
    const enc = encodingOf(options);
    return enc && enc !== 'utf8' && enc !== 'utf-8' ? arrayBufferOf(Buffer.from(data, enc)) : data;
  }
  if (ArrayBuffer.isView(data)) return arrayBufferOf(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (data instanceof ArrayBuffer) return data;
  throw argError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`, 'ERR_INVALID_ARG_TYPE');
}
function arrayBufferOf(u8) {
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
}
function decode(buffer, options) {
  const buf = Buffer.from(buffer);
  const enc = encodingOf(options);
  return enc && enc !== 'buffer' ? buf.toString(enc) : buf;
}

const S_IFMT = 0o170000;
class Stats {
  constructor(raw) {
    for (const k of ['dev', 'ino', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'size', 'blksize', 'blocks', 'atimeMs', 'mtimeMs', 'ctimeMs', 'birthtimeMs']) this[k] = raw[k];
    this.atime = new Date(raw.atimeMs);
    this.mtime = new Date(raw.mtimeMs);
    this.ctime = new Date(raw.ctimeMs);
    this.birthtime = new Date(raw.birthtimeMs);
  }
  isFile() { return (this.mode & S_IFMT) === 0o100000; }
  isDirectory() { return (this.mode & S_IFMT) === 0o040000; }
  isSymbolicLink() { return (this.mode & S_IFMT) === 0o120000; }
  isFIFO() { return (this.mode & S_IFMT) === 0o010000; }
  isCharacterDevice() { return (this.mode & S_IFMT) === 0o020000; }
  isBlockDevice() { return false; }
  isSocket() { return false; }
}
class Dirent {
  constructor(name, parentPath, type) {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this._type = type;
  }
  isFile() { return this._type === 'file'; }
  isDirectory() { return this._type === 'dir'; }
  isSymbolicLink() { return this._type === 'symlink'; }
  isFIFO() { return this._type === 'pipe'; }
  isCharacterDevice() { return this._type === 'char'; }
  isBlockDevice() { return false; }
  isSocket() { return false; }
}

const fs = {};
fs.constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, S_IFMT, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFLNK: 0o120000, COPYFILE_EXCL: 1 };
Object.assign(fs, { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 });
fs.Stats = Stats;
fs.Dirent = Dirent;

fs.readFileSync = (file, options) => {
  if (typeof file === 'number') {
    const chunks = [];
    for (;;) {
      const chunk = host('read', file, 65536);
      if (chunk.byteLength === 0) break;
      chunks.push(Buffer.from(chunk));
    }
    return decode(arrayBufferOf(Buffer.concat(chunks)), options);
  }
  const path = toPath(file);
  const flag = flagOf(options, 'r');
  if (flag !== 'r') {
    const fd = fs.openSync(path, flag);
    try {
      return fs.readFileSync(fd, options);
    } finally {
      fs.closeSync(fd);
    }
  }
  return decode(host('readFile', path), options);
};
fs.writeFileSync = (file, data, options) => {
  if (typeof file === 'number') {
    fs.writeSync(file, data);
    return;
  }
  const flag = flagOf(options, 'w');
  const mode = options && typeof options === 'object' && options.mode !== undefined ? options.mode : 0o666;
  if (flag === 'w' || flag === 'a') host('writeFile', toPath(file), bytesOf(data, options), flag === 'a', mode);
  else {
    const fd = fs.openSync(toPath(file), flag, mode);
    try {
      fs.writeSync(fd, typeof data === 'string' ? data : Buffer.from(bytesOf(data, options)));
    } finally {
      fs.closeSync(fd);
    }
  }
};
fs.appendFileSync = (file, data, options) => fs.writeFileSync(file, data, Object.assign({}, typeof options === 'string' ? { encoding: options } : options, { flag: 'a' }));
fs.existsSync = (p) => {
  try {
    return host('exists', toPath(p));
  } catch {
    return false;
  }
};
fs.accessSync = (p, mode) => {
  host('stat', toPath(p), true);
};
fs.statSync = (p, options) => {
  try {
    return new Stats(host('stat', toPath(p), true));
  } catch (e) {
    if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
    throw e;
  }
};
fs.lstatSync = (p, options) => {
  try {
    return new Stats(host('stat', toPath(p), false));
  } catch (e) {
    if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
    throw e;
  }
};
fs.fstatSync = (fd) => new Stats(host('fstat', fd));
fs.readdirSync = (p, options) => {
  const dir = toPath(p);
  const names = host('readdir', dir).sort();
  const recursive = options && options.recursive;
  const withTypes = options && options.withFileTypes;
  const out = [];
  for (const name of names) {
    const full = pathLib.join(dir, name);
    const type = withTypes || recursive ? host('stat', full, false).type : undefined;
    out.push(withTypes ? new Dirent(name, dir, type) : name);
    if (recursive && type === 'dir') {
      for (const sub of fs.readdirSync(full, options)) out.push(withTypes ? sub : `${name}/${sub}`);
    }
  }
  return out;
};
fs.mkdirSync = (p, options) => {
  const path = toPath(p);
  const recursive = options && typeof options === 'object' && options.recursive;
  const mode = typeof options === 'number' ? options : options && options.mode !== undefined ? options.mode : 0o777;
  if (!recursive) {
    host('mkdir', path, mode);
    return undefined;
  }
  const abs = pathLib.resolve(path);
  let first;
  let current = '';
  for (const part of abs.split('/').filter(Boolean)) {
    current += `/${part}`;
    try {
      host('mkdir', current, mode);
      if (first === undefined) first = current;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (host('stat', current, true).type !== 'dir') {
        const err = new Error(`ENOTDIR: not a directory, mkdir '${path}'`);
        Object.assign(err, { code: 'ENOTDIR', errno: -20, syscall: 'mkdir', path });
        throw err;
      }
    }
  }
  return first;
};
fs.rmdirSync = (p, options) => {
  if (options && options.recursive) return fs.rmSync(p, { recursive: true, force: true });
  host('rmdir', toPath(p));
};
fs.rmSync = (p, options = {}) => {
  const path = toPath(p);
  let st;
  try {
    st = host('stat', path, false);
  } catch (e) {
    if (options.force && e.code === 'ENOENT') return;
    throw e;
  }
  if (st.type === 'dir') {
    if (!options.recursive) {
      const err = new Error(`Path is a directory: rm returned EISDIR (is a directory) ${path}`);
      Object.assign(err, { code: 'ERR_FS_EISDIR', errno: 21, syscall: 'rm', path });
      throw err;
    }
    for (const name of host('readdir', path)) fs.rmSync(pathLib.join(path, name), options);
    host('rmdir', path);
  } else host('unlink', path);
};
fs.unlinkSync = (p) => host('unlink', toPath(p));
fs.renameSync = (from, to) => host('rename', toPath(from, 'oldPath'), toPath(to, 'newPath'));
fs.copyFileSync = (src, dest, mode = 0) => {
  const from = toPath(src, 'src');
  const to = toPath(dest, 'dest');
  const data = host('readFile', from);
  if (mode & 1 && fs.existsSync(to)) {
    const err = new Error(`EEXIST: file already exists, copyfile '${from}' -> '${to}'`);
    Object.assign(err, { code: 'EEXIST', errno: -17, syscall: 'copyfile', path: from, dest: to });
    throw err;
  }
  host('writeFile', to, data, false, host('stat', from, true).mode & 0o777);
};
fs.cpSync = (src, dest, options = {}) => {
  const st = host('stat', toPath(src), true);
  if (st.type === 'dir') {
    if (!options.recursive) throw Object.assign(new Error(`Recursive option is required to copy a directory: ${src}`), { code: 'ERR_FS_EISDIR' });
    fs.mkdirSync(dest, { recursive: true });
    for (const name of host('readdir', toPath(src))) fs.cpSync(pathLib.join(src, name), pathLib.join(dest, name), options);
  } else fs.copyFileSync(src, dest);
};
fs.symlinkSync = (target, p) => host('symlink', toPath(target, 'target'), toPath(p));
fs.linkSync = (existing, p) => host('link', toPath(existing, 'existingPath'), toPath(p, 'newPath'));
fs.readlinkSync = (p) => host('readlink', toPath(p));
fs.realpathSync = (p) => host('realpath', toPath(p));
fs.realpathSync.native = fs.realpathSync;
fs.chmodSync = (p, mode) => host('chmod', toPath(p), typeof mode === 'string' ? parseInt(mode, 8) : mode);
fs.utimesSync = (p, atime, mtime) => host('utimes', toPath(p), +atime * (atime instanceof Date ? 1 : 1000), +mtime * (mtime instanceof Date ? 1 : 1000));
fs.truncateSync = (p, len = 0) => {
  const fd = fs.openSync(p, 'r+');
  try {
    host('ftruncate', fd, len);
  } finally {
    fs.closeSync(fd);
  }
};
fs.ftruncateSync = (fd, len = 0) => host('ftruncate', fd, len);
fs.mkdtempSync = (prefix) => {
  for (let i = 0; ; i++) {
    const p = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
    try {
      host('mkdir', p, 0o700);
      return p;
    } catch (e) {
      if (e.code !== 'EEXIST' || i > 100) throw e;
    }
  }
};
fs.openSync = (p, flags = 'r', mode = 0o666) => {
  if (typeof flags === 'number') {
    const acc = flags & 3;
    let f = acc === 0 ? 'r' : acc === 1 ? 'w' : 'r+';
    if (flags & 1024) f = acc === 2 ? 'a+' : 'a';
    else if (flags & 128) f = acc === 2 ? 'wx+' : 'wx';
    else if (acc === 2 && flags & 64) f = 'w+';
    flags = f;
  }
  if (!OPEN_FLAGS.has(flags)) throw argError(`The value "${String(flags)}" is invalid for option "flags"`, 'ERR_INVALID_ARG_VALUE');
  return host('open', toPath(p), flags, mode);
};
const OPEN_FLAGS = new Set(['r', 'rs', 'sr', 'r+', 'rs+', 'sr+', 'w', 'w+', 'wx', 'xw', 'wx+', 'xw+', 'a', 'as', 'sa', 'a+', 'as+', 'sa+']);
fs.closeSync = (fd) => host('close', fd);
fs.readSync = (fd, buffer, offsetOrOptions, length, position) => {
  let offset = offsetOrOptions;
  if (offsetOrOptions && typeof offsetOrOptions === 'object') ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  if (offset === undefined) offset = 0;
  if (length === undefined) length = buffer.byteLength - offset;
  const chunk = new Uint8Array(host('read', fd, length, typeof position === 'number' ? position : undefined));
  new Uint8Array(buffer.buffer, buffer.byteOffset + offset, chunk.length).set(chunk);
  return chunk.length;
};
fs.writeSync = (fd, data, offsetOrPosition, lengthOrEncoding, position) => {
  if (typeof data === 'string') return host('write', fd, data, typeof offsetOrPosition === 'number' ? offsetOrPosition : undefined);
  const u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const offset = typeof offsetOrPosition === 'number' ? offsetOrPosition : 0;
  const length = typeof lengthOrEncoding === 'number' ? lengthOrEncoding : u8.length - offset;
  return host('write', fd, arrayBufferOf(u8.subarray(offset, offset + length)), typeof position === 'number' ? position : undefined);
};
fs.fsyncSync = () => {};

// fs.promises and the callback API: the same work, settled asynchronously.
const SYNC_NAMES = Object.keys(fs).filter((k) => k.endsWith('Sync') && k !== 'existsSync');
const promises = {};
for (const sync of SYNC_NAMES) {
  const name = sync.slice(0, -4);
  const fn = fs[sync];
  promises[name] = (...args) => new Promise((resolve, reject) => {
    try {
      resolve(fn(...args));
    } catch (e) {
      reject(e);
    }
  });
  fs[name] = (...args) => {
    const callback = args.pop();
    if (typeof callback !== 'function') throw argError('The "cb" argument must be of type function. Received undefined', 'ERR_INVALID_ARG_TYPE');
    let result;
    let error = null;
    try {
      result = fn(...args);
    } catch (e) {
      error = e;
    }
    process.nextTick(() => (error ? callback(error) : callback(null, result)));
  };
}
fs.exists = (p, callback) => process.nextTick(() => callback(fs.existsSync(p)));
promises.constants = fs.constants;
fs.promises = promises;

module.exports = fs;
