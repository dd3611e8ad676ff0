#!/usr/bin/env node
/**
 * `npm start`: a short tour of the API until the terminal issue brings the
 * interactive shell. It runs the bundled test programs in a fresh sandbox.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Sandbox } from './index.js';

const fixtures = [new URL('../test/fixtures/bin/', import.meta.url)].map((u) => fileURLToPath(u)).find((d) => existsSync(d));

async function main(): Promise<void> {
  if (!fixtures) throw new Error('the demo programs (test/fixtures/bin) are missing');
  const load = (name: string) => new Uint8Array(readFileSync(`${fixtures}/${name}.wasm`));
  await using sb = await Sandbox.create({
    files: { '/usr/bin/hello': load('hello'), '/usr/bin/cat': load('cat'), '/usr/bin/walker': load('walker') },
    env: { GREETING: 'héllo wörld' },
  });
  const say = (s: string) => process.stdout.write(`\x1b[1m${s}\x1b[0m\n`);

  say('$ hello one "two three"   # a WASI binary from the sandbox file system');
  const hello = await sb.exec(['hello', 'one', 'two three']);
  process.stdout.write(hello.stdout);

  say('$ echo … | cat            # stdin streams through a pipe');
  const cat = await sb.spawn(['cat']);
  for await (const chunk of (async function* () {
    await cat.stdin.write('streamed line 1\n');
    for await (const c of cat.output({ stream: 'stdout' })) {
      yield c;
      cat.stdin.close();
    }
  })()) process.stdout.write(chunk);

  say('$ walker /home/user/demo   # directories, renames, symlinks, readdir');
  await sb.fs.mkdir('/home/user/demo', { recursive: true });
  process.stdout.write((await sb.exec(['walker', '/home/user/demo'])).stdout);

  say('files the program left behind, read from the host:');
  console.log(await sb.fs.readdir('/home/user/demo/a'));
  say(`processes: ${sb.processes.list().items.map((p) => `${p.id}:${p.state}`).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
