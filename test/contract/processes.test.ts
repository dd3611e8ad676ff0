/**
 * The process API contract (issue 2), one body run in Node and in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FsError, LimitExceededError, ProcessNotFoundError, Sandbox, SandboxClosedError, SpawnError, TimeoutError } from 'wasmbox';
import { BUILTIN_PROGRAMS } from '../../engine/program-files.js';
import { ALL_FIXTURES, fixture, fixtureFiles, readAll, text } from '../helpers/fixtures.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create({ files: fixtureFiles(...ALL_FIXTURES), ...options });
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('running programs', () => {
  it('passes argv and env exactly, non-ASCII included', async () => {
    const sb = await sandbox({ env: { GREETING: 'héllo wörld ✓', EMPTY: '' } });
    const r = await sb.exec(['hello', 'plain', 'with space', 'ünïcødé 日本語 🎉', ''], { env: { EXTRA: 'x=y' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'argv[0]=hello',
      'argv[1]=plain',
      'argv[2]=with space',
      'argv[3]=ünïcødé 日本語 🎉',
      'argv[4]=',
      'env:PATH=/usr/local/bin:/usr/bin:/bin',
      'env:HOME=/home/user',
      'env:GREETING=héllo wörld ✓',
      'env:EMPTY=',
      'env:EXTRA=x=y',
      '',
    ]);
    expect(r).toMatchObject({ stderr: '', signal: null, timedOut: false, truncated: false });
  });

  it('reports the exit code of the program', async () => {
    const sb = await sandbox();
    for (const code of [0, 1, 7, 255]) {
      const p = await sb.spawn(['exitcode', String(code)]);
      const status = await p.wait();
      expect(status).toEqual({ state: code === 0 ? 'succeeded' : 'failed', exitCode: code, signal: null });
      expect(p.exitCode).toBe(code);
      expect(p.endedAt).toBeGreaterThanOrEqual(p.startedAt!);
    }
  });

  it('streams cat: chunks come out before stdin is closed, close ends it with 0', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['cat']);
    const out = p.output({ stream: 'stdout' })[Symbol.asyncIterator]();
    await p.stdin.write('first chunk\n');
    expect(text((await out.next()).value!)).toBe('first chunk\n');
    await p.stdin.write(new TextEncoder().encode('second ✓\n'));
    expect(text((await out.next()).value!)).toBe('second ✓\n');
    expect(p.state).toBe('running');
    p.stdin.close();
    expect(await p.wait()).toEqual({ state: 'succeeded', exitCode: 0, signal: null });
    expect((await out.next()).done).toBe(true);
  });

  it('applies backpressure on stdin while the program does not read', async () => {
    const sb = await sandbox();
    // sleeper never reads its stdin: the pipe fills and write() waits.
    const p = await sb.spawn(['sleeper', '10000']);
    let settled = false;
    const w = p.stdin.write(new Uint8Array(1024 * 1024)).then(
      () => (settled = true),
      () => (settled = true),
    );
    await sleep(100);
    expect(settled).toBe(false);
    p.kill('SIGKILL');
    await w;
    await expect(p.stdin.write('more')).rejects.toBeInstanceOf(FsError);
  });

  it('keeps stdout and stderr apart and in order when combined', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['stdio', 'both']);
    p.stdin.close();
    const combined: string[] = [];
    for await (const chunk of p.output({ stream: 'combined' })) combined.push(text(chunk));
    const r = await p.collect();
    expect(r.stdout).toBe('out 0\nout 1\nout 2\nout 3\nout 4\n');
    expect(r.stderr).toBe('err 0\nerr 1\nerr 2\nerr 3\nerr 4\nlines=0\n');
    expect(combined.join('')).toBe('out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\nout 3\nerr 3\nout 4\nerr 4\nlines=0\n');
  });

  it('offers stdout and stderr as ReadableStreams, replaying what came before', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['stdio']);
    await p.stdin.write('abc\ndef\n');
    p.stdin.close();
    await p.wait();
    expect(await readAll(p.stdout)).toBe('ABC\nDEF\n');
    expect(await readAll(p.stderr)).toBe('lines=2\n');
  });

  it('runs nanosleep without spinning and wakes on time', async () => {
    const sb = await sandbox();
    const r = await sb.exec(['sleeper', '150']);
    expect(r.exitCode).toBe(0);
    const slept = Number(/slept (\d+)/.exec(r.stdout)![1]);
    expect(slept).toBeGreaterThanOrEqual(149);
    expect(slept).toBeLessThan(1000);
  });

  it('writes then reads 64 MiB through the kernel with the right checksum', async () => {
    const sb = await sandbox();
    const r = await sb.exec(['iostress', '/tmp/big.bin', '64']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('wrote=67108864 read=67108864 checksum=71fb83dc\n');
    expect((await sb.fs.stat('/tmp/big.bin')).size).toBe(64 * 1024 * 1024);
  }, 60_000);

  it('walks, renames, links and unlinks like a POSIX file system', async () => {
    const sb = await sandbox();
    await sb.fs.mkdir('/data');
    const r = await sb.exec(['walker', '/data']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('readlink a/link -> uno.txt\na d 0\na/b d 0\na/b/two.txt f 8\na/link l 0\na/uno.txt f 4\n');
    expect(await sb.fs.readFile('/data/a/link', { encoding: 'utf8' })).toBe('one\n');
    expect(await sb.fs.readlink('/data/a/link')).toBe('uno.txt');
    expect(await sb.fs.exists('/data/a/one.txt')).toBe(false);
  });
});

describe('sharing and isolation', () => {
  it('lets processes of one sandbox share files, and keeps sandboxes apart', async () => {
    const a = await sandbox();
    const b = await sandbox();
    await a.fs.writeFile('/tmp/in.txt', 'from the host\n');
    expect((await a.exec(['iostress', '/tmp/shared.bin', '1'])).exitCode).toBe(0);
    // A second process of the same sandbox sees the first one's file.
    expect((await a.exec(['cat', '/tmp/shared.bin'])).stdout.length).toBeGreaterThan(0);
    expect((await a.exec(['cat', '/tmp/in.txt'])).stdout).toBe('from the host\n');
    // The other sandbox does not.
    expect(await b.fs.exists('/tmp/shared.bin')).toBe(false);
    const other = await b.exec(['cat', '/tmp/in.txt']);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toBe('cat: /tmp/in.txt: No such file or directory\n');
  });

  it('starts every sandbox with the same layout: program stubs, /tmp, /dev', async () => {
    const sb = await sandbox();
    const bin = await sb.fs.readdir('/bin');
    for (const name of BUILTIN_PROGRAMS) {
      expect(bin).toContain(name);
      expect(await sb.fs.stat(`/bin/${name}`)).toMatchObject({ type: 'file', mode: 0o755 });
      expect(await sb.fs.readFile(`/bin/${name}`, { encoding: 'utf8' })).toBe(`#!wasmbox:${name}\n`);
    }
    expect(await sb.fs.readFile('/bin/bash', { encoding: 'utf8' })).toBe('#!wasmbox:sh\n');
    expect(await sb.fs.readFile('/usr/bin/env', { encoding: 'utf8' })).toBe('#!wasmbox:env\n');
    expect(await sb.fs.stat('/tmp')).toMatchObject({ type: 'directory', mode: 0o1777 });
    expect(await sb.fs.stat('/home')).toMatchObject({ type: 'directory' });
    for (const dev of ['null', 'zero', 'random', 'urandom']) expect((await sb.fs.stat(`/dev/${dev}`)).mode).toBe(0o666);
    // The stubs run, through PATH and through #!/usr/bin/env, and the devices work.
    await sb.fs.writeFile('/tmp/script', '#!/usr/bin/env sh\necho via env\n', { mode: 0o755 });
    const r = await sb.exec('ls /bin | wc -l; /tmp/script; head -c 4 /dev/zero | wc -c; echo gone > /dev/null');
    expect(r.stdout).toBe(`${bin.length}\nvia env\n4\n`);
    expect(r.exitCode).toBe(0);
    // A restored sandbox gets its devices back (snapshots leave them out).
    const restored = await sandbox({ from: await sb.snapshot() });
    expect((await restored.exec('echo x > /dev/null && head -c 3 /dev/zero | wc -c')).stdout).toBe('3\n');
  });
});

describe('signals and timeouts', () => {
  it('ends an infinite loop with kill(), the rest of the sandbox unharmed', async () => {
    const sb = await sandbox();
    const loop = await sb.spawn(['loop']);
    const other = await sb.spawn(['cat']);
    for await (const _ of loop.output({ stream: 'stdout' })) break; // it printed "looping": it is spinning
    expect(loop.kill('SIGKILL')).toBe(true);
    expect(await loop.wait()).toEqual({ state: 'killed', exitCode: 137, signal: 'SIGKILL' });
    expect(loop.kill('SIGKILL')).toBe(false);
    expect(other.state).toBe('running');
    const echo = other.output({ stream: 'stdout' })[Symbol.asyncIterator]();
    await other.stdin.write('still here\n');
    expect(text((await echo.next()).value!)).toBe('still here\n');
    other.stdin.close();
    expect((await other.wait()).exitCode).toBe(0);
    expect((await sb.exec(['exitcode', '3'])).exitCode).toBe(3);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
    ['SIGKILL', 137],
  ] as const)('delivers %s as worker termination with status %i', async (signal, status) => {
    const sb = await sandbox();
    const p = await sb.spawn(['loop']);
    p.kill(signal);
    expect(await p.wait()).toEqual({ state: 'killed', exitCode: status, signal });
  });

  it('ends a process at its timeoutMs', async () => {
    const sb = await sandbox();
    const started = Date.now();
    // 1 s, not less: the limit includes the worker loading the WASI runtime and the program, which on
    // a loaded 2-core CI machine once took over 300 ms before the program printed anything.
    const r = await sb.exec(['loop'], { timeoutMs: 1000 });
    expect(r).toMatchObject({ exitCode: 137, signal: 'SIGKILL', timedOut: true, stdout: 'looping\n' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await sb.exec(['exitcode', '0'])).exitCode).toBe(0);
  });

  it('rejects unknown signals with a RangeError', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['loop']);
    for (const bad of ['SIGBOGUS', '', 0, 99, -1, null, {}]) expect(() => p.kill(bad as never)).toThrow(RangeError);
    expect(p.state).toBe('running');
    p.kill();
    expect((await p.wait()).signal).toBe('SIGTERM');
  });

  it('wait({timeoutMs}) rejects with TimeoutError and leaves the process running', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['loop']);
    await expect(p.wait({ timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(p.state).toBe('running');
    p.kill('SIGKILL');
  });
});

describe('bad programs and bad input', () => {
  it('ends a trapping program as failed with the trap on stderr', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['trap']);
    const r = await p.collect();
    expect(p.state).toBe('failed');
    expect(r.exitCode).toBe(134);
    expect(r.stdout).toBe('about to trap\n');
    expect(r.stderr).toMatch(/^trap: wasm trap: .*unreachable/);
  });

  it('refuses to spawn what cannot run, with a typed error naming the path', async () => {
    const sb = await sandbox();
    const hello = fixture('hello');
    await sb.fs.writeFile('/bin/text', 'just text\n', { mode: 0o755 });
    await sb.fs.writeFile('/bin/script', '#!/no/such/interpreter\necho hi\n', { mode: 0o755 });
    await sb.fs.writeFile('/bin/loop1', '#!/bin/loop2\n', { mode: 0o755 });
    await sb.fs.writeFile('/bin/loop2', '#!/bin/loop1\n', { mode: 0o755 });
    await sb.fs.writeFile('/bin/truncated', hello.subarray(0, hello.length >> 1), { mode: 0o755 });
    await sb.fs.writeFile('/bin/noexec', hello, { mode: 0o644 });
    await sb.fs.writeFile('/bin/empty', '', { mode: 0o755 });
    await sb.fs.mkdir('/bin/adir');
    const cases: [string[], string, RegExp][] = [
      [['/bin/missing'], 'ENOENT', /\/bin\/missing/],
      [['nosuchcommand'], 'ENOENT', /not found/],
      // execve(2) has no shell fallback: a text file without #! cannot run (the shell runs it as a script).
      [['/bin/text'], 'ENOEXEC', /neither a WebAssembly binary nor a #! script/],
      [['/bin/script'], 'ENOENT', /\/no\/such\/interpreter/],
      [['/bin/loop1'], 'ENOEXEC', /too many levels of #! interpreters/],
      [['/bin/truncated'], 'ENOEXEC', /invalid WebAssembly module/],
      [['/bin/noexec'], 'EACCES', /not executable/],
      [['/bin/empty'], 'ENOEXEC', /empty/],
      [['/bin/adir'], 'EISDIR', /directory/],
      [['/../../../../usr/bin/../../etc/passwd'], 'ENOENT', /\/etc\/passwd/],
    ];
    for (const [argv, code, message] of cases) {
      const error = await sb.spawn(argv).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, argv[0]).toBeInstanceOf(SpawnError);
      expect((error as SpawnError).code, argv[0]).toBe(code);
      expect((error as SpawnError).message, argv[0]).toMatch(message);
    }
    // A path climbing above the root stays inside the sandbox: /.. is /.
    expect((await sb.exec(['/../../usr/bin/exitcode', '4'])).exitCode).toBe(4);
    expect(sb.processes.list({ state: 'running' }).items).toEqual([]);
  });

  it('rejects empty, non-string and NUL-carrying argv before running anything', async () => {
    const sb = await sandbox();
    await expect(sb.spawn([])).rejects.toThrow(/argv must not be empty/);
    await expect(sb.spawn('hello' as never)).rejects.toThrow(TypeError);
    await expect(sb.spawn(['hello', 3 as never])).rejects.toThrow(/argv\[1\] must be a string/);
    await expect(sb.spawn(['hel\0lo'])).rejects.toThrow(/NUL/);
    await expect(sb.spawn(['hello', 'a\0b'])).rejects.toThrow(/NUL/);
    await expect(sb.spawn(['hello'], { env: { 'A=B': 'x' } })).rejects.toThrow(/invalid environment/);
    await expect(sb.spawn(['hello'], { cwd: '/no/such/dir' })).rejects.toThrow(/working directory/);
    await expect(sb.spawn(['hello'], { timeoutMs: -5 })).rejects.toThrow(RangeError);
    await expect(sb.exec('echo a\0b')).rejects.toThrow(/NUL/);
  });

  it('writes a new file with a read-only mode', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/tmp/ro.txt', 'kept', { mode: 0o400 });
    expect(await sb.fs.readFile('/tmp/ro.txt', { encoding: 'utf8' })).toBe('kept');
    expect((await sb.fs.stat('/tmp/ro.txt')).mode & 0o777).toBe(0o400);
  });

  it('gives FsError with code, syscall and path for bad paths', async () => {
    const sb = await sandbox();
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => sb.fs.readFile('/nope'), 'ENOENT', 'open'],
      [() => sb.fs.readFile('/a\0b'), 'EINVAL', 'open'],
      [() => sb.fs.readFile('/tmp'), 'EISDIR', 'open'],
      [() => sb.fs.readdir('/usr/bin/hello'), 'ENOTDIR', 'scandir'],
      [() => sb.fs.mkdir('/tmp'), 'EEXIST', 'mkdir'],
      [() => sb.fs.rm('/usr'), 'EISDIR', 'rm'],
      [() => sb.fs.rm('/'), 'EBUSY', 'rm'],
      [() => sb.fs.rename('/nope', '/b'), 'ENOENT', 'rename'],
      [() => sb.fs.writeFile('/no/such/dir/f', 'x'), 'ENOENT', 'open'],
      [() => sb.fs.readFile('/' + 'x'.repeat(300)), 'ENAMETOOLONG', 'open'],
      [() => sb.fs.readFile('/../../../etc/passwd'), 'ENOENT', 'open'],
    ];
    for (const [call, code, syscall] of cases) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${code} ${syscall}`).toBeInstanceOf(FsError);
      expect((error as FsError).code).toBe(code);
      expect((error as FsError).syscall).toBe(syscall);
      expect(typeof (error as FsError).path).toBe('string');
    }
  });

  it('keeps paths a guest passes inside the sandbox and answers bad ones with errno', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/etc-passwd-decoy', 'inside\n');
    const cases: [string, number, string, string][] = [
      ['/../../../etc-passwd-decoy', 0, 'inside\n', ''],
      ['/nonexistent', 1, '', 'cat: /nonexistent: No such file or directory\n'],
      ['/tmp', 1, '', 'cat: /tmp: Is a directory\n'],
      ['/usr/bin/hello/x', 1, '', 'cat: /usr/bin/hello/x: Not a directory\n'],
      ['/dev/null', 0, '', ''],
    ];
    for (const [path, code, stdout, stderr] of cases) {
      const r = await sb.exec(['cat', path]);
      expect({ path, code: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ path, code, stdout, stderr });
    }
  });

  it('rejects garbage sizes and chunks on the process handle', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['cat']);
    await expect(p.stdin.write(42 as never)).rejects.toThrow(TypeError);
    await expect(p.wait({ timeoutMs: -1 })).rejects.toThrow(RangeError);
    await expect(p.wait({ timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
    expect(() => p.output({ stream: 'both' as never })).toThrow(RangeError);
    p.stdin.close();
    await expect(p.collect({ maxBytes: -3 })).rejects.toThrow(RangeError);
    expect((await p.collect({ maxBytes: 0 })).stdout).toBe('');
  });

  it("caps a program's memory at limits.memoryMiB and goes on", async () => {
    const sb = await sandbox({ limits: { memoryMiB: 32 } });
    const r = await sb.exec(['memhog']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^out of memory after (2\d|3[01]) MiB\n$/);
    expect((await sb.exec(['memhog', '8'])).stdout).toBe('allocated 8 MiB\n');
  });

  it('refuses more processes than limits.maxProcesses', async () => {
    const sb = await sandbox({ limits: { maxProcesses: 2 } });
    const a = await sb.spawn(['loop']);
    const b = await sb.spawn(['loop']);
    await expect(sb.spawn(['loop'])).rejects.toBeInstanceOf(LimitExceededError);
    a.kill('SIGKILL');
    await a.wait();
    const c = await sb.spawn(['exitcode', '0']);
    expect((await c.wait()).exitCode).toBe(0);
    b.kill('SIGKILL');
  });

  it('rejects bad limits and options clearly', async () => {
    await expect(Sandbox.create({ limits: { memoryMiB: -1 } })).rejects.toThrow(RangeError);
    await expect(Sandbox.create({ limits: { bogus: 1 } as never })).rejects.toThrow(/unknown limit/);
    await expect(Sandbox.create({ limits: { timeoutMs: Number.NaN } })).rejects.toThrow(RangeError);
  });
});

describe('the process table', () => {
  it('lists processes by state with pages, and gets them by id', async () => {
    const sb = await sandbox();
    const done = [];
    for (let i = 0; i < 5; i++) done.push(await sb.spawn(['exitcode', '0'], { id: `job-${i}` }));
    await Promise.all(done.map((p) => p.wait()));
    const running = await sb.spawn(['loop'], { id: 'spinner' });
    const pending = await sb.spawn(['hello'], { autoStart: false });
    expect(pending.state).toBe('pending');
    expect(sb.processes.list({ state: 'running' }).items.map((p) => p.id)).toEqual(['spinner']);
    expect(sb.processes.list({ state: 'pending' }).items).toEqual([pending]);
    const first = sb.processes.list({ pageSize: 3 });
    expect(first.items.map((p) => p.id)).toEqual(['job-0', 'job-1', 'job-2']);
    const second = sb.processes.list({ pageSize: 3, pageToken: first.nextPageToken });
    expect(second.items.map((p) => p.id)).toEqual(['job-3', 'job-4', 'spinner']);
    const third = sb.processes.list({ pageSize: 3, pageToken: second.nextPageToken });
    expect(third.items).toEqual([pending]);
    expect(third.nextPageToken).toBeUndefined();
    expect(sb.processes.get('spinner')).toBe(running);
    expect(() => sb.processes.get('nope')).toThrow(ProcessNotFoundError);
    expect(() => sb.processes.list({ pageToken: 'garbage' })).toThrow(RangeError);
    expect(() => sb.processes.list({ pageSize: 0 })).toThrow(RangeError);
    expect(() => sb.processes.list({ state: 'zombie' as never })).toThrow(RangeError);
    await expect(sb.spawn(['hello'], { id: 'spinner' })).rejects.toThrow(/already exists/);
    pending.stdin.close();
    await pending.start();
    expect((await pending.collect()).stdout).toMatch(/^argv\[0\]=hello\n/);
    running.kill('SIGKILL');
  });

  it('collect({maxBytes}) and maxOutputBytes cut output and say so', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['cat']);
    await p.stdin.write('0123456789'.repeat(10));
    p.stdin.close();
    const cut = await p.collect({ maxBytes: 25 });
    expect(cut.stdout).toBe('0123456789012345678901234');
    expect(cut.truncated).toBe(true);
    expect((await p.collect()).truncated).toBe(false);
    const capped = await sb.exec(['cat'], { stdin: 'x'.repeat(5000), maxOutputBytes: 1000 });
    expect(capped.stdout).toBe('x'.repeat(1000));
    expect(capped.truncated).toBe(true);
  });
});

describe('lifetimes', () => {
  it('close() ends running processes and settles every pending promise', async () => {
    const sb = await sandbox();
    const loop = await sb.spawn(['loop']);
    const cat = await sb.spawn(['cat']);
    const sleeper = await sb.spawn(['sleeper', '100000']);
    const pendingWrite = sleeper.stdin.write(new Uint8Array(1 << 20)).catch((e: unknown) => e);
    const iterated = (async () => {
      let n = 0;
      for await (const _ of cat.output()) n++;
      return n;
    })();
    const waits = [loop.wait(), cat.wait(), sleeper.wait(), cat.collect()];
    await sb.close();
    const [l, c, s] = await Promise.all(waits);
    expect(l).toMatchObject({ state: 'killed', signal: 'SIGKILL' });
    expect(c).toMatchObject({ state: 'killed' });
    expect(s).toMatchObject({ state: 'killed' });
    expect(await pendingWrite).toBeInstanceOf(FsError);
    expect(await iterated).toBe(0);
    await sb.close(); // idempotent
    await expect(sb.spawn(['hello'])).rejects.toBeInstanceOf(SandboxClosedError);
    await expect(sb.exec(['hello'])).rejects.toBeInstanceOf(SandboxClosedError);
    await expect(sb.fs.readFile('/usr/bin/hello')).rejects.toBeInstanceOf(SandboxClosedError);
    expect(() => sb.processes.list()).toThrow(SandboxClosedError);
  });

  it('await using closes the sandbox at the end of the scope', async () => {
    let escaped: Sandbox;
    {
      await using sb = await Sandbox.create({ files: fixtureFiles('loop') });
      escaped = sb;
      await sb.spawn(['loop']);
    }
    expect(escaped.isClosed).toBe(true);
  });

  it('200 sequential spawns leak no workers, fds or listeners', async () => {
    const sb = await sandbox();
    await sb.exec(['exitcode', '0']);
    const before = sb.stats();
    for (let i = 0; i < 200; i++) {
      const p = await sb.spawn(['hello', String(i)]);
      p.stdin.close();
      const r = await p.collect();
      if (r.exitCode !== 0) throw new Error(`spawn ${i} failed: ${r.stderr}`);
    }
    // Workers may still be starting (the pool keeps 8; in a loaded browser each takes a while); they join the pool or are dropped.
    for (let i = 0; i < 500 && sb.stats().workers.starting > 0; i++) await sleep(20);
    const after = sb.stats();
    expect(after.running).toBe(0);
    expect(after.openFds).toBe(0);
    expect(after.blockedSyscalls).toBe(0);
    expect(after.listeners).toBe(0);
    expect(after.workers.busy).toBe(0);
    expect(after.workers.starting).toBe(0);
    expect(after.workers.idle).toBeLessThanOrEqual(after.workers.size);
    expect(after.workers.idle).toBeLessThanOrEqual(Math.max(before.workers.idle, before.workers.size));
  }, 60_000);
});
