/**
 * gzip(1), and the engine of gunzip and zcat: compress FILE to FILE.gz (or
 * back), keeping mode and mtime and removing the original unless -k or -c.
 * Data is processed whole in memory (memfs files are in memory anyway), so
 * corrupt input leaves no partial output file. Statuses as GNU: 1 for
 * errors, 2 for warnings ("already has .gz suffix", "already exists").
 */
import type { Program } from '../program.js';
import { command, readAllBytes, type Cmd, type OptionSpec } from './common.js';
import { errorText } from './fs-common.js';
import { compressGzip, decompressGzip, deflatedSize, GzipError } from './gzip-codec.js';

type Key = 'stdout' | 'decompress' | 'force' | 'keep' | 'verbose' | 'quiet' | 'test' | 'noName' | 'name' | 'suffix' | 'level' | 'fast' | 'best';

const SPEC: OptionSpec<Key> = {
  options: {
    stdout: { short: 'c', long: ['stdout', 'to-stdout'] },
    decompress: { short: 'd', long: ['decompress', 'uncompress'] },
    force: { short: 'f', long: 'force' },
    keep: { short: 'k', long: 'keep' },
    verbose: { short: 'v', long: 'verbose' },
    quiet: { short: 'q', long: 'quiet' },
    test: { short: 't', long: 'test' },
    noName: { short: 'n', long: 'no-name' },
    name: { short: 'N', long: 'name' },
    suffix: { short: 'S', long: 'suffix', arg: 'required' },
    level: {},
    fast: { long: 'fast' },
    best: { long: 'best' },
  },
  digits: 'level',
  usageHint: (name) => `Try \`${name} --help' for more information.\n`,
  help: `Usage: gzip [OPTION]... [FILE]...
Compress or uncompress FILEs (by default, compress FILES in-place).

  -c, --stdout      write on standard output, keep original files unchanged
  -d, --decompress  decompress
  -f, --force       force overwrite of output file and compress links
  -k, --keep        keep (don't delete) input files
  -n, --no-name     do not save or restore the original name and timestamp
  -N, --name        save or restore the original name and timestamp
  -q, --quiet       suppress all warnings
  -S, --suffix=SUF  use suffix SUF on compressed files
  -t, --test        test compressed file integrity
  -v, --verbose     verbose mode
  -1, --fast        compress faster
  -9, --best        compress better

With no FILE, or when FILE is -, read standard input.
`,
};

export type GzipMode = 'gzip' | 'gunzip' | 'zcat';

interface Run {
  cmd: Cmd;
  decompress: boolean;
  toStdout: boolean;
  test: boolean;
  force: boolean;
  keep: boolean;
  verbose: boolean;
  quiet: boolean;
  noName: boolean;
  suffix: string;
  level: number;
}

/** The common body of gzip, gunzip (-d implied) and zcat (-dc implied). */
export function gzipCommand(mode: GzipMode): Program {
  const body = command((cmd) => {
    const { opts, list, operands } = cmd.parse(SPEC);
    let level = 6;
    // -1..-9, --fast (-1), --best (-9): the last one wins.
    for (const [key, value] of list) {
      if (key === 'fast') level = 1;
      else if (key === 'best') level = 9;
      else if (key === 'level') level = Number(String(value).slice(-1));
    }
    const run: Run = {
      cmd,
      decompress: mode !== 'gzip' || !!opts.decompress || !!opts.test,
      toStdout: mode === 'zcat' || !!opts.stdout || !!opts.test,
      test: !!opts.test,
      force: !!opts.force,
      keep: !!opts.keep,
      verbose: !!opts.verbose && !opts.quiet,
      quiet: !!opts.quiet,
      noName: !!opts.noName && !opts.name,
      suffix: typeof opts.suffix === 'string' ? opts.suffix : '.gz',
      level,
    };
    if (run.suffix === '') return cmd.fail('invalid suffix \'\'');
    for (const operand of operands.length > 0 ? operands : ['-']) {
      if (operand === '-') processStdin(run);
      else processFile(run, operand);
    }
    return cmd.status;
  });
  // GNU's gunzip and zcat are scripts that run gzip, so every message says "gzip:".
  return (ctx) => body({ ...ctx, argv: ['gzip', ...ctx.argv.slice(1)] });
}

export const gzip: Program = gzipCommand('gzip');

function processStdin(run: Run): void {
  const { cmd } = run;
  if (!run.decompress && !run.force && cmd.sys.isatty(1)) {
    cmd.warn('compressed data not written to a terminal. Use -f to force compression.');
    cmd.warn('For help, type: gzip -h');
    cmd.status = 1;
    return;
  }
  const input = readAllBytes(cmd.sys, 0);
  const output = transform(run, input, 'stdin', '', 0);
  if (output && !run.test) cmd.out.writeBytes(output);
}

function processFile(run: Run, operand: string): void {
  const { cmd } = run;
  let path = operand;
  let st = cmd.sys.tryStat(path);
  // gunzip x finds x.gz.
  if (!st && run.decompress && !path.endsWith(run.suffix)) {
    const withSuffix = path + run.suffix;
    st = cmd.sys.tryStat(withSuffix);
    if (st) path = withSuffix;
  }
  if (!st) return fail(run, `${run.decompress && !operand.endsWith(run.suffix) ? operand + run.suffix : operand}: No such file or directory`);
  if (st.type === 'dir') return warning(run, `${path} is a directory -- ignored`);
  let outPath = '';
  if (!run.toStdout) {
    if (run.decompress) {
      const stem = stripSuffix(path, run.suffix);
      if (stem === null) return warning(run, `${path}: unknown suffix -- ignored`);
      outPath = stem;
    } else {
      if (path.endsWith(run.suffix)) return warning(run, `${path} already has ${run.suffix} suffix -- unchanged`);
      outPath = path + run.suffix;
    }
    if (cmd.sys.tryStat(outPath, false) && !run.force) {
      return warning(run, `${outPath} already exists;\tnot overwritten`);
    }
  }
  let input: Uint8Array;
  try {
    input = cmd.sys.readFile(path);
  } catch (err) {
    return fail(run, `${path}: ${errorText(err)}`);
  }
  const base = path.slice(path.lastIndexOf('/') + 1);
  const output = transform(run, input, path, base, Math.floor(st.mtimeMs / 1000));
  if (!output || run.test) return;
  if (run.toStdout) {
    cmd.out.writeBytes(output);
    return;
  }
  try {
    if (run.force && cmd.sys.tryStat(outPath, false)) cmd.sys.unlink(outPath);
    cmd.sys.writeFile(outPath, output, { mode: st.mode & 0o777 });
    cmd.sys.chmod(outPath, st.mode & 0o7777);
    cmd.sys.utimes(outPath, st.atimeMs, st.mtimeMs);
    if (!run.keep) cmd.sys.unlink(path);
  } catch (err) {
    return fail(run, `${outPath}: ${errorText(err)}`);
  }
  if (run.verbose) {
    const packed = run.decompress ? deflatedSize(input) : deflatedSize(output);
    const plain = run.decompress ? output.length : input.length;
    const ratio = plain === 0 ? 0 : ((plain - packed) / plain) * 100;
    cmd.out.flush();
    cmd.sys.write(2, `${path}:\t${ratio.toFixed(1)}% -- replaced with ${outPath}\n`);
  }
}

/** Compress or decompress; null (reported) on corrupt input. */
function transform(run: Run, input: Uint8Array, label: string, name: string, mtime: number): Uint8Array | null {
  if (!run.decompress) return compressGzip(input, { name: run.noName ? '' : name, mtime: run.noName ? 0 : mtime, level: run.level });
  try {
    return decompressGzip(input);
  } catch (err) {
    if (!(err instanceof GzipError)) throw err;
    // GNU gzip starts these two messages on a new line.
    run.cmd.out.flush();
    run.cmd.sys.write(2, `\n${run.cmd.name}: ${label}: ${err.message}\n`);
    run.cmd.status = 1;
    return null;
  }
}

/** FILE.gz -> FILE; also .tgz -> .tar and the other suffixes GNU gunzip knows. */
function stripSuffix(path: string, suffix: string): string | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tgz') || lower.endsWith('.taz')) return `${path.slice(0, -4)}.tar`;
  for (const s of [suffix, '.gz', '-gz', '.z', '-z', '_z']) {
    if (lower.endsWith(s.toLowerCase()) && path.length > s.length && !path.endsWith(`/${s}`)) return path.slice(0, -s.length);
  }
  return null;
}

function fail(run: Run, message: string): void {
  run.cmd.warn(message);
  run.cmd.status = 1;
}

/** A warning: status 2 unless an error already made it 1. */
function warning(run: Run, message: string): void {
  if (!run.quiet) run.cmd.warn(message);
  if (run.cmd.status === 0) run.cmd.status = 2;
}
