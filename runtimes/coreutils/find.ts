/**
 * find(1): walk trees and evaluate an expression (find-expr.ts) on each
 * file. Symlinks are not followed (-P). Directory entries are visited in
 * name order, where GNU find uses the file system's readdir order, so
 * outputs match GNU's only up to ordering within a directory.
 * -exec runs commands through sys.spawn: `;` once per file, `+` in batches.
 */
import type { Program } from '../program.js';
import type { Stat } from '../sys.js';
import { command, quote, type Cmd } from './common.js';
import { baseName, compareNames, errorText, joinPath, linuxLstat, quoteFile } from './fs-common.js';
import { FindSyntaxError, parseExpression, type Cmp, type Node, type Parsed } from './find-expr.js';

const HELP = `Usage: find [-H] [-L] [-P] [path...] [expression]

Default path is the current directory; default expression is -print.
Expression may consist of: operators, options, tests, and actions.

Operators (decreasing precedence; -and is implicit where no others are given):
      ( EXPR )   ! EXPR   -not EXPR   EXPR1 -a EXPR2   EXPR1 -and EXPR2
      EXPR1 -o EXPR2   EXPR1 -or EXPR2

Positional options (always true):
      -depth -maxdepth LEVELS -mindepth LEVELS

Tests (N can be +N or -N or N):
      -amin N -atime N -cmin N -ctime N -empty -false -iname PATTERN
      -ipath PATTERN -mmin N -mtime N -name PATTERN -newer FILE
      -path PATTERN -perm [-/]MODE -size N[bcwkMG] -true -type [bcdpfls]
      -wholename PATTERN

Actions:
      -delete -print0 -print -prune -quit -exec COMMAND ; -exec COMMAND {} +
`;

/** A batch of `-exec ... {} +` arguments waiting to run. */
interface Batch {
  argv: string[];
  paths: string[];
  size: number;
}

/** Run a batch once its arguments reach this many bytes (well under ARG_MAX). */
const BATCH_BYTES = 128 * 1024;

interface Run {
  cmd: Cmd;
  parsed: Parsed;
  now: number;
  batches: Map<number, Batch>;
  quit: boolean;
  /** Set by -prune for the file being evaluated. */
  prune: boolean;
}

export const find: Program = command((cmd) => {
  const args = cmd.args;
  if (args[0] === '--help') {
    cmd.out.write(HELP);
    return 0;
  }
  if (args[0] === '--version') {
    cmd.out.write('find (wasmbox findutils) 0.1\n');
    return 0;
  }
  let i = 0;
  // -P is the default; -H and -L would follow symlinks, which we do not offer.
  while (i < args.length && args[i] === '-P') i++;
  if (args[i] === '-H' || args[i] === '-L') return cmd.fail(`option ${args[i]} is not supported`);
  const paths: string[] = [];
  while (i < args.length && !args[i].startsWith('-') && args[i] !== '(' && args[i] !== '!') paths.push(args[i++]);
  let parsed: Parsed;
  try {
    parsed = parseExpression(args.slice(i));
  } catch (err) {
    if (err instanceof FindSyntaxError) return cmd.fail(err.message);
    throw err;
  }
  const run: Run = { cmd, parsed, now: cmd.sys.now(), batches: new Map(), quit: false, prune: false };
  for (const path of paths.length > 0 ? paths : ['.']) {
    if (run.quit) break;
    const st = linuxLstat(cmd.sys, path);
    if (!st) {
      cmd.warn(`${quote(path)}: No such file or directory`);
      cmd.status = 1;
      continue;
    }
    visit(run, path, st, 0);
  }
  for (const batch of run.batches.values()) flushBatch(run, batch);
  return cmd.status;
});

function visit(run: Run, path: string, st: Stat, depth: number): void {
  const { parsed } = run;
  const evaluateHere = (): void => {
    if (depth < parsed.minDepth) return;
    run.prune = false;
    const matched = evaluate(run, parsed.expr, path, st);
    if (matched && parsed.implicitPrint) run.cmd.out.write(`${path}\n`);
  };
  if (!parsed.depthFirst) evaluateHere();
  if (run.quit) return;
  if (st.type === 'dir' && depth < parsed.maxDepth && !(run.prune && !parsed.depthFirst)) {
    let names: string[] = [];
    try {
      names = run.cmd.sys.readdir(path).sort(compareNames);
    } catch (err) {
      run.cmd.warn(`${quoteFile(path)}: ${errorText(err)}`);
      run.cmd.status = 1;
    }
    for (const name of names) {
      const child = joinPath(path, name);
      const childSt = linuxLstat(run.cmd.sys, child);
      if (childSt) visit(run, child, childSt, depth + 1);
      if (run.quit) return;
    }
  }
  if (parsed.depthFirst) evaluateHere();
}

function evaluate(run: Run, node: Node, path: string, st: Stat): boolean {
  const sys = run.cmd.sys;
  switch (node.kind) {
    case 'and':
      return evaluate(run, node.left, path, st) && evaluate(run, node.right, path, st);
    case 'or':
      return evaluate(run, node.left, path, st) || evaluate(run, node.right, path, st);
    case 'not':
      return !evaluate(run, node.expr, path, st);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'print':
      run.cmd.out.write(`${path}\n`);
      return true;
    case 'print0':
      run.cmd.out.write(`${path}\0`);
      return true;
    case 'prune':
      run.prune = true;
      return true;
    case 'quit':
      run.quit = true;
      return true;
    case 'empty':
      if (st.type === 'dir') return sys.readdir(path).length === 0;
      return st.type === 'file' && st.size === 0;
    case 'name':
      return node.regex.test(node.whole ? path : baseName(path));
    case 'type':
      return node.types.includes(typeLetter(st));
    case 'newer': {
      const ref = sys.tryStat(node.file);
      if (!ref) {
        run.cmd.fail(`${quote(node.file)}: No such file or directory`);
      }
      return st.mtimeMs > ref.mtimeMs;
    }
    case 'size':
      // Sizes are rounded up to whole units, so `-size -1M` matches only empty files (as in GNU).
      return compare(Math.ceil(st.size / node.unit), node.cmp, node.n);
    case 'time':
      return compare(Math.floor((run.now - st[node.field]) / node.unitMs), node.cmp, node.n);
    case 'perm': {
      const mode = st.mode & 0o7777;
      if (node.how === 'exact') return mode === node.mode;
      if (node.how === 'all') return (mode & node.mode) === node.mode;
      return node.mode === 0 || (mode & node.mode) !== 0;
    }
    case 'delete':
      return remove(run, path, st);
    case 'exec':
      return node.batch ? addToBatch(run, node.id, node.argv, path) : execute(run, node.argv.map((a) => a.replaceAll('{}', path)));
  }
}

function typeLetter(st: Stat): string {
  return { file: 'f', dir: 'd', symlink: 'l', pipe: 'p', char: 'c', unknown: '?' }[st.type];
}

function compare(value: number, cmp: Cmp, n: number): boolean {
  return cmp === 'gt' ? value > n : cmp === 'lt' ? value < n : value === n;
}

function remove(run: Run, path: string, st: Stat): boolean {
  // GNU find refuses to delete the starting point '.'.
  if (path === '.') return true;
  try {
    if (st.type === 'dir') run.cmd.sys.rmdir(path);
    else run.cmd.sys.unlink(path);
    return true;
  } catch (err) {
    run.cmd.warn(`cannot delete ${quote(path)}: ${errorText(err)}`);
    run.cmd.status = 1;
    return false;
  }
}

/** Run a command and wait for it; true if it exited 0. */
function execute(run: Run, argv: string[]): boolean {
  const { cmd } = run;
  cmd.out.flush();
  try {
    const pid = cmd.sys.spawn({ argv, env: cmd.env });
    const status = cmd.sys.wait(pid);
    return status !== null && status.exitCode === 0 && status.signal === null;
  } catch (err) {
    cmd.warn(`${quote(argv[0])}: ${errorText(err)}`);
    cmd.status = 1;
    return false;
  }
}

function addToBatch(run: Run, id: number, argv: string[], path: string): boolean {
  let batch = run.batches.get(id);
  if (!batch) {
    batch = { argv, paths: [], size: 0 };
    run.batches.set(id, batch);
  }
  batch.paths.push(path);
  batch.size += path.length + 1;
  if (batch.size >= BATCH_BYTES) flushBatch(run, batch);
  return true;
}

function flushBatch(run: Run, batch: Batch): void {
  if (batch.paths.length === 0) return;
  const paths = batch.paths;
  batch.paths = [];
  batch.size = 0;
  // A failing batch makes find's exit status 1, as in GNU find.
  if (!execute(run, [...batch.argv, ...paths])) run.cmd.status = 1;
}
