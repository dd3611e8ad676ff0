// The console (https://nodejs.org/api/console.html): log/info/debug to
// stdout, error/warn/trace to stderr, formatted by util.format.
const { formatWithOptions, inspect } = internal('inspect');
const counts = new Map();
const timers = new Map();
let indent = '';

function print(fd, args) {
  let text = formatWithOptions(undefined, ...args);
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
    print(2, [internal('inspect').inspect(err).replace(/\n\s+at trace \(.*\)/, '')]);
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
