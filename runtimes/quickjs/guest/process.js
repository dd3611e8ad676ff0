// The `process` object (https://nodejs.org/api/process.html) over the
// host's calls: argv, env, cwd, exit, nextTick, stdio. Hooks named with a
// leading underscore are the event loop's (bootstrap.js).
const EventEmitter = internal('events');
const process = new EventEmitter();
const ticks = [];
const version = host('nodeVersion');

process.argv = host('argv');
process.argv0 = process.argv[0];
process.execArgv = [];
process.execPath = '/bin/node';
process.env = host('env');
process.title = 'node';
process.pid = host('pid');
process.ppid = 0;
process.platform = 'linux';
process.arch = 'wasm32';
process.version = `v${version}`;
process.versions = { node: version, quickjs: host('quickjsVersion'), wasmbox: '0.1.0' };
process.release = { name: 'node' };
process.config = { variables: {} };
process.exitCode = undefined;
process.cwd = () => host('cwd');
process.chdir = (dir) => {
  host('chdir', String(dir));
};
process.umask = () => 0o022;
process.uptime = () => host('monotonic') / 1000;
process.memoryUsage = () => {
  const used = host('memoryUsed');
  return { rss: used, heapTotal: used, heapUsed: used, external: 0, arrayBuffers: 0 };
};
process.hrtime = (previous) => {
  const ms = host('monotonic');
  let sec = Math.floor(ms / 1000);
  let ns = Math.round((ms - sec * 1000) * 1e6);
  if (previous) {
    sec -= previous[0];
    ns -= previous[1];
    if (ns < 0) {
      sec--;
      ns += 1e9;
    }
  }
  return [sec, ns];
};
process.hrtime.bigint = () => BigInt(Math.round(host('monotonic') * 1e6));
process.nextTick = (callback, ...args) => {
  if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
  ticks.push([callback, args]);
};
process.emitWarning = (warning) => {
  const text = warning instanceof Error ? `${warning.name}: ${warning.message}` : `Warning: ${warning}`;
  host('write', 2, `(node:${process.pid}) ${text}\n`);
};
process.exit = (code) => {
  if (code !== undefined) process.exitCode = code;
  const status = exitStatus(process.exitCode);
  exports._emitExit(status);
  host('exit', status);
  // The host stops the program at its next interrupt check; this unwinds the current code until then.
  throw new ProcessExit(status);
};
process.abort = () => {
  host('exit', 134);
  throw new ProcessExit(134);
};
process.kill = (pid, signal) => {
  host('kill', Number(pid), signal === undefined ? 'SIGTERM' : String(signal));
  return true;
};

class ProcessExit {
  constructor(status) {
    this.status = status;
  }
}

function exitStatus(code) {
  if (code === undefined || code === null) return 0;
  const n = Number(code);
  if (!Number.isInteger(n)) {
    const e = new TypeError(`The "code" argument must be of type number. Received ${internal('inspect').inspect(code)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  return n & 0xff;
}

function stream(fd) {
  const s = new EventEmitter();
  s.fd = fd;
  s.isTTY = false;
  s.writable = true;
  s.columns = 80;
  s.write = (chunk, encoding, callback) => {
    if (typeof encoding === 'function') callback = encoding;
    if (typeof chunk === 'string') host('write', fd, chunk);
    else if (chunk instanceof Uint8Array) host('write', fd, chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
    else {
      const e = new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  s.end = (chunk, encoding, callback) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') s.write(chunk, encoding);
    const cb = [chunk, encoding, callback].find((x) => typeof x === 'function');
    if (cb) process.nextTick(cb);
  };
  return s;
}
process.stdout = stream(1);
process.stderr = stream(2);

const stdin = new EventEmitter();
let stdinEncoding = null;
let stdinEnded = false;
let stdinPaused = false;
stdin.fd = 0;
stdin.isTTY = false;
stdin.readable = true;
stdin.setEncoding = (encoding) => {
  stdinEncoding = encoding || 'utf8';
  return stdin;
};
stdin.pause = () => {
  stdinPaused = true;
  return stdin;
};
stdin.resume = () => {
  stdinPaused = false;
  return stdin;
};
stdin.setRawMode = () => stdin;
stdin.unref = () => stdin;
stdin.ref = () => stdin;
function decodeChunk(buffer) {
  const bytes = internal('buffer').Buffer.from(buffer);
  return stdinEncoding ? bytes.toString(stdinEncoding) : bytes;
}
stdin[Symbol.asyncIterator] = async function* () {
  while (!stdinEnded) {
    const chunk = host('read', 0, 65536);
    if (chunk.byteLength === 0) {
      stdinEnded = true;
      return;
    }
    yield decodeChunk(chunk);
  }
};
process.stdin = stdin;

exports = module.exports = process;

/** Run queued process.nextTick callbacks (and any they queue); whether any ran. */
process._runTicks = () => {
  if (ticks.length === 0) return false;
  while (ticks.length > 0) {
    const [callback, args] = ticks.shift();
    try {
      callback(...args);
    } catch (error) {
      if (!internal('errors').uncaught(error)) throw error;
    }
  }
  return true;
};
process._wantsStdin = () =>
  !stdinEnded && !stdinPaused && (stdin.listenerCount('data') > 0 || stdin.listenerCount('end') > 0 || stdin.listenerCount('readable') > 0);
process._stdin = (chunk) => {
  if (chunk === null || chunk.byteLength === 0) {
    stdinEnded = true;
    stdin.emit('end');
    stdin.emit('close');
    return;
  }
  stdin.emit('data', decodeChunk(chunk));
};
let exitEmitted = false;
process._emitExit = (code) => {
  if (exitEmitted) return;
  exitEmitted = true;
  process.emit('exit', code);
};
process._ProcessExit = ProcessExit;
