/**
 * tar(1): create (-c), extract (-x) and list (-t) ustar/pax archives
 * (tar-format.ts), gzip-compressed with -z (and detected when reading).
 * Accepts the traditional bundled form `tar czf out.tgz dir`. Messages and
 * exit status 2 on errors follow GNU tar 1.34.
 */
import { Exit, type Program } from '../program.js';
import { command, readAllBytes, type Cmd, type OptionSpec } from './common.js';
import { errorText } from './fs-common.js';
import { compressGzip, decompressGzip, GzipError, isGzip } from './gzip-codec.js';
import { createArchive } from './tar-create.js';
import { extractArchive } from './tar-extract.js';

type Key = 'create' | 'extract' | 'list' | 'gzip' | 'file' | 'verbose' | 'directory' | 'toStdout' | 'stripComponents';

const SPEC: OptionSpec<Key> = {
  options: {
    create: { short: 'c', long: 'create' },
    extract: { short: 'x', long: ['extract', 'get'] },
    list: { short: 't', long: 'list' },
    gzip: { short: 'z', long: ['gzip', 'gunzip', 'ungzip'] },
    file: { short: 'f', long: 'file', arg: 'required' },
    verbose: { short: 'v', long: 'verbose' },
    directory: { short: 'C', long: 'directory', arg: 'required' },
    toStdout: { short: 'O', long: 'to-stdout' },
    stripComponents: { long: 'strip-components', arg: 'required' },
  },
  usageHint: (name) => `Try '${name} --help' or '${name} --usage' for more information.\n`,
  usageStatus: 2,
  optionErrorStatus: 64,
  help: `Usage: tar [OPTION...] [FILE]...
GNU-compatible tar: save many files together into a single archive, and
restore individual files from the archive.

Examples:
  tar -cf archive.tar foo bar  # Create archive.tar from files foo and bar.
  tar -tvf archive.tar         # List all files in archive.tar verbosely.
  tar -xf archive.tar          # Extract all files from archive.tar.

  -c, --create               create a new archive
  -t, --list                 list the contents of an archive
  -x, --extract, --get       extract files from an archive
  -C, --directory=DIR        change to directory DIR
  -f, --file=ARCHIVE         use archive file or device ARCHIVE
  -O, --to-stdout            extract files to standard output
      --strip-components=NUMBER   strip NUMBER leading components from file
                             names on extraction
  -v, --verbose              verbosely list files processed
  -z, --gzip                 filter the archive through gzip
`,
};

/** Letters of the bundled first argument that take the next operand as their value. */
const TAKES_ARG = new Set(['f', 'C']);

export const tar: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC, unbundle(cmd.args));
  const modes = list.filter(([key]) => key === 'create' || key === 'extract' || key === 'list').map(([key]) => key);
  if (new Set(modes).size === 0) cmd.usageError("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
  if (new Set(modes).size > 1) cmd.usageError("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option");
  const archive = typeof opts.file === 'string' ? opts.file : '-';
  const directory = typeof opts.directory === 'string' ? opts.directory : undefined;
  const verbose = list.filter(([key]) => key === 'verbose').length;
  let strip = 0;
  if (typeof opts.stripComponents === 'string') {
    if (!/^\d+$/.test(opts.stripComponents)) cmd.usageError(`Invalid number of elements: '${opts.stripComponents}'`);
    strip = Number(opts.stripComponents);
  }

  if (modes[0] === 'create') {
    if (operands.length === 0) cmd.fail('Cowardly refusing to create an empty archive', 2);
    const archiveIno = archive === '-' ? undefined : cmd.sys.tryStat(archive);
    const bytes = createArchive(cmd, operands, { directory, verbose, archiveToStdout: archive === '-', archiveStat: archiveIno });
    const output = opts.gzip ? compressGzip(bytes) : bytes;
    if (archive === '-') cmd.out.writeBytes(output);
    else {
      try {
        cmd.sys.writeFile(archive, output);
      } catch (err) {
        cmd.warn(`${archive}: Cannot open: ${errorText(err)}`);
        fatal(cmd);
      }
    }
  } else {
    let input: Uint8Array;
    try {
      input = archive === '-' ? readAllBytes(cmd.sys, 0) : cmd.sys.readFile(archive);
    } catch (err) {
      cmd.warn(`${archive}: Cannot open: ${errorText(err)}`);
      return fatal(cmd);
    }
    // GNU tar recognizes compressed archives by their first bytes when reading.
    if (opts.gzip || isGzip(input)) {
      try {
        input = decompressGzip(input);
      } catch (err) {
        if (!(err instanceof GzipError)) throw err;
        cmd.out.flush();
        cmd.sys.write(2, `gzip: ${archive === '-' ? 'stdin' : archive}: ${err.message}\n`);
        cmd.warn('Child returned status 1');
        return fatal(cmd);
      }
    }
    extractArchive(cmd, input, {
      list: modes[0] === 'list',
      verbose,
      directory,
      toStdout: !!opts.toStdout,
      strip,
      members: operands,
    });
  }
  if (cmd.status !== 0) cmd.warn('Exiting with failure status due to previous errors');
  return cmd.status;
});

/** `tar czf out.tgz dir` -> `tar -c -z -f out.tgz dir` (the old option style, first argument only). */
function unbundle(args: string[]): string[] {
  if (args.length === 0 || args[0].startsWith('-')) return args;
  const out: string[] = [];
  const rest = args.slice(1);
  for (const letter of args[0]) {
    out.push(`-${letter}`);
    if (TAKES_ARG.has(letter) && rest.length > 0) out.push(rest.shift()!);
  }
  return [...out, ...rest];
}

function fatal(cmd: Cmd): never {
  cmd.warn('Error is not recoverable: exiting now');
  throw new Exit(2);
}
