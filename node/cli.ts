#!/usr/bin/env node
/**
 * `npm start` and `wasmbox` (the package's bin): a sandbox in your terminal.
 * `node/cli-args.ts` has the usage. The interactive shell runs on a sandbox
 * PTY (engine/pty.ts) with the host terminal in raw mode, so the sandbox's
 * line discipline does the editing and ^C goes to the sandbox's foreground
 * job rather than to this process; a resize of the host terminal
 * (SIGWINCH) resizes the PTY.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './cli-args.js';
import { defaultImportTarget, importHostDir } from './cli-import.js';
import { attachTerminal } from './cli-terminal.js';
import { Sandbox } from './index.js';

const HOME = '/home/user';

/** The C test programs, when run from the repository: a few WASI binaries to try. */
function demoPrograms(): Record<string, Uint8Array> {
  const dir = fileURLToPath(new URL('../test/fixtures/bin/', import.meta.url));
  if (!existsSync(dir)) return {};
  const names = readdirSync(dir).filter((n) => n.endsWith('.wasm') && ['hello', 'walker', 'cpu'].includes(n.slice(0, -5)));
  return Object.fromEntries(names.map((n) => [`/usr/local/bin/${n.slice(0, -5)}`, new Uint8Array(readFileSync(`${dir}/${n}`))]));
}

function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

async function openSandbox(args: CliArgs): Promise<Sandbox> {
  const from = args.snapshot !== undefined && existsSync(args.snapshot) ? new Uint8Array(await readFile(args.snapshot)) : undefined;
  // A restored sandbox keeps its own binaries; a fresh one gets the demo programs.
  const sb = await Sandbox.create({ from, files: from ? undefined : demoPrograms(), cwd: args.cwd });
  try {
    for (const { from: dir, to } of args.imports) {
      const report = await importHostDir(sb, dir, to ?? defaultImportTarget(dir, HOME));
      for (const path of report.skipped) process.stderr.write(`wasmbox: --import: skipped ${path} (not a file, directory or symlink)\n`);
    }
  } catch (error) {
    await sb.close();
    throw error;
  }
  return sb;
}

/** Write the snapshot beside FILE and rename it over FILE, so a crash never leaves half a file. */
async function saveSnapshot(sb: Sandbox, file: string): Promise<void> {
  const bytes = await sb.snapshot();
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}

/** Run argv (or a command line through sh) with this process's stdio, streaming both ways. */
async function runPiped(sb: Sandbox, argv: string[]): Promise<number> {
  const p = await sb.spawn(argv);
  const onInput = (chunk: Buffer) => void p.stdin.write(new Uint8Array(chunk)).catch(() => {});
  const onEnd = () => p.stdin.close();
  process.stdin.on('data', onInput).on('end', onEnd);
  const pump = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) => {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) out.write(chunk);
  };
  await Promise.all([pump(p.stdout, process.stdout), pump(p.stderr, process.stderr)]);
  const status = await p.wait();
  process.stdin.off('data', onInput).off('end', onEnd).pause();
  return status.exitCode;
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`wasmbox: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { command } = args;
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`wasmbox ${version()}\n`);
    return 0;
  }
  let program: Uint8Array | undefined;
  if (command.kind === 'run') {
    program = new Uint8Array(
      await readFile(command.program).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`${command.program}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      }),
    );
  }
  const sb = await openSandbox(args);
  let status: number;
  try {
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
    if (command.kind === 'exec') {
      status = await runPiped(sb, ['/bin/sh', '-c', command.command]);
    } else if (command.kind === 'run') {
      const path = `/tmp/${basename(command.program)}`;
      await sb.fs.writeFile(path, program!, { mode: 0o755 });
      const runArgv = [path, ...command.args];
      status = terminal ? await attachTerminal(sb, { command: runArgv }) : await runPiped(sb, runArgv);
    } else if (terminal) {
      process.stdout.write('wasmbox: a sandbox shell in memory. Try `ls /bin` or `hello a b`; `exit` leaves.\r\n');
      status = await attachTerminal(sb, {});
    } else {
      // No terminal (a pipe or a file): sh reads its commands from our stdin, without prompts.
      status = await runPiped(sb, ['/bin/sh']);
    }
    if (args.snapshot !== undefined) await saveSnapshot(sb, args.snapshot);
  } finally {
    await sb.close();
  }
  return status;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`wasmbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
