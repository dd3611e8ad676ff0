#!/usr/bin/env node
/**
 * `npm start` and `wasmbox`: a sandbox shell in your terminal, on a fresh
 * in-memory sandbox. Each line you type runs in one persistent session, so
 * `cd`, `export` and functions stick. This is line mode (the terminal does
 * the editing); the terminal issue brings a real PTY with job control and ^C.
 * `wasmbox -c 'command'` runs one command and exits with its status.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Sandbox } from './index.js';

/** The C test programs, when run from the repository: a few WASI binaries to try. */
function demoPrograms(): Record<string, Uint8Array> {
  const dir = fileURLToPath(new URL('../test/fixtures/bin/', import.meta.url));
  if (!existsSync(dir)) return {};
  const names = readdirSync(dir).filter((n) => n.endsWith('.wasm') && ['hello', 'walker', 'cpu'].includes(n.slice(0, -5)));
  return Object.fromEntries(names.map((n) => [`/usr/local/bin/${n.slice(0, -5)}`, new Uint8Array(readFileSync(`${dir}/${n}`))]));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  await using sb = await Sandbox.create({ files: demoPrograms() });
  if (args[0] === '-c' && args[1] !== undefined) {
    const r = await sb.exec(args[1]);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.exitCode;
  }
  if (args.length > 0) {
    process.stderr.write("usage: wasmbox            an interactive sandbox shell\n       wasmbox -c 'command'  run one command and exit with its status\n");
    return 2;
  }
  const session = await sb.sessions.create({ id: 'cli' });
  const interactive = process.stdin.isTTY === true;
  if (interactive) {
    process.stdout.write('wasmbox: a sandbox shell on an in-memory file system. Try `ls /bin`, `hello a b` or `seq 5 | sort -r`; `exit` leaves.\n');
  }
  const prompt = async () => {
    const cwd = (await session.run('pwd')).stdout.trim();
    return `user@wasmbox:${cwd.replace(/^\/home\/user(?=\/|$)/, '~')}$ `;
  };
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  // Take the iterator before any await: lines read meanwhile would be lost.
  const input = lines[Symbol.asyncIterator]();
  lines.setPrompt(await prompt());
  if (interactive) lines.prompt();
  let status = 0;
  for (let next = await input.next(); !next.done; next = await input.next()) {
    const line = next.value;
    if (line.trim() === '') {
      if (interactive) lines.prompt();
      continue;
    }
    const cmd = await session.run(line, { async: true });
    for await (const chunk of cmd.logs()) process.stdout.write(chunk);
    const result = await cmd.wait();
    status = result.exitCode;
    if (!session.active) break;
    lines.setPrompt(await prompt());
    if (interactive) lines.prompt();
  }
  lines.close();
  return session.active ? status : (session.exitCode ?? status);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`wasmbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
