// The console (https://nodejs.org/api/console.html): log/info/debug to
// stdout, error/warn/trace to stderr, formatted by util.format.
// util.format's library (inspect.js) is large to compile: a line of plain
// strings and numbers, the common case, is formatted without it.
const formatWithOptions = (...args) => internal('inspect').formatWithOptions(...args);
const inspect = (...args) => internal('inspect').inspect(...args);
const counts = new Map();
const timers = new Map();
let indent = '';

function plain(args) {
  if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) return undefined;
  let text = '';
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    const t = typeof v;
    if (i > 0) text += ' ';
    if (t === 'string') text += v;
    else if (t === 'number') text += Object.is(v, -0) ? '-0' : String(v);
    else if (t === 'boolean' || v === undefined || v === null) text += String(v);
    else if (t === 'bigint') text += `${v}n`;
    else return undefined;
  }
  return text;
}

function print(fd, args) {
  let text = plain(args);
  if (text === undefined) text = formatWithOptions(undefined, ...args);
  if (indent !== '') text = indent + text.split('\n').join(`\n${indent}`);
  host('write', fd, `${text}\n`);
}

const console = {
  log: (...args) => print(1, args),
  info: (...args) => print(1, args),
  debug: (...args) => print(1, args),
  error: (...args) => print(2, args),
  warn: (...args) => print(2, args),
  dir: (value, options) => print(1, [inspect(value, options)]),
  trace: (...args) => {
    const err = new Error(formatWithOptions(undefined, ...args));
    err.name = 'Trace';
    print(2, [inspect(err).replace(/\n\s+at trace \(.*\)/, '')]);
  },
  assert: (value, ...args) => {
    if (!value) print(2, args.length ? [`Assertion failed: ${formatWithOptions(undefined, ...args)}`] : ['Assertion failed']);
  },
  count: (label = 'default') => {
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    print(1, [`${label}: ${n}`]);
  },
  countReset: (label = 'default') => counts.delete(label),
  time: (label = 'default') => timers.set(label, host('monotonic')),
  timeLog: (label = 'default', ...args) => {
    const start = timers.get(label);
    if (start === undefined) return print(2, [`Warning: No such label '${label}' for console.timeLog()`]);
    print(1, [`${label}: ${elapsed(start)}`, ...args]);
  },
  timeEnd: (label = 'default') => {
    const start = timers.get(label);
    if (start === undefined) return print(2, [`Warning: No such label '${label}' for console.timeEnd()`]);
    timers.delete(label);
    print(1, [`${label}: ${elapsed(start)}`]);
  },
  group: (...args) => {
    if (args.length) print(1, args);
    indent += '  ';
  },
  groupEnd: () => {
    indent = indent.slice(2);
  },
  table: (data) => print(1, [data]),
};
console.groupCollapsed = console.group;

function elapsed(start) {
  const ms = host('monotonic') - start;
  return ms < 1000 ? `${ms.toFixed(3)}ms` : `${(ms / 1000).toFixed(3)}s`;
}

module.exports = console;
