/**
 * The shell, exec(string) and sessions (issue 3), one body run in Node and
 * in Chromium. The detailed behaviour of the shell and coreutils is in the
 * recorded conformance corpus (conformance.test.ts); this file checks what
 * crosses the API and the process machinery: pipelines of concurrent
 * workers, SIGPIPE, jobs, scripts, sessions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, SessionEndedError, SessionNotFoundError } from 'wasmbox';
import { fixtureFiles } from '../helpers/fixtures.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const decoder = new TextDecoder();

describe('exec(string)', () => {
  it('runs a command line through sh, with pipes and lists', async () => {
    const sb = await sandbox({ files: { 'src/a.txt': 'one TODO\ntwo\nthree TODO\n', 'src/b.txt': 'TODO four\n' } });
    const r = await sb.exec('cd src && grep -rn TODO . | sort | head -5');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('./a.txt:1:one TODO\n./a.txt:3:three TODO\n./b.txt:1:TODO four\n');
    expect(r.exitCode).toBe(0);
  });

  it('reports 127 for a missing command and 126 for one that cannot run', async () => {
    const sb = await sandbox({ files: { 'data.txt': 'not a program' } });
    const missing = await sb.exec('no-such-command arg');
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/no-such-command: (command )?not found/);
    await sb.fs.chmod('data.txt', 0o644);
    const denied = await sb.exec('./data.txt');
    expect(denied.exitCode).toBe(126);
    expect(denied.stderr).toMatch(/Permission denied/);
  });

  it('passes stdin, env and cwd, and keeps the argv form running without a shell', async () => {
    const sb = await sandbox();
    await sb.fs.mkdir('/work');
    const r = await sb.exec('read line; echo "$GREETING $line from $(pwd)"', { stdin: 'world\n', env: { GREETING: 'hello' }, cwd: '/work' });
    expect(r.stdout).toBe('hello world from /work\n');
    const argv = await sb.exec(['echo', '$HOME', '*']);
    expect(argv.stdout).toBe('$HOME *\n');
  });

  it('ends a writer whose reader has gone (yes | head)', async () => {
    const sb = await sandbox();
    const r = await sb.exec('yes | head -n 3');
    expect(r.stdout).toBe('y\ny\ny\n');
    expect(r.exitCode).toBe(0);
    const status = await sb.exec('set -o pipefail; yes | head -n 1 >/dev/null; echo $?');
    expect(status.stdout).toBe('141\n');
  });

  it('tells a program writing to stdout that the file system is full, one write late', async () => {
    const sb = await sandbox({ limits: { fsBytes: 256 * 1024 } });
    const r = await sb.exec('yes > /tmp/f; echo "status $?"');
    expect(r.stdout).toBe('status 1\n');
    expect(r.stderr).toMatch(/No space left on device/);
    const closed = await sb.exec('exec 1>&-; echo x; echo "status $?" >&2');
    expect(closed.stderr).toMatch(/Bad file descriptor\nstatus 1\n$/);
  });

  it('sorts a long pipeline in bounded pipes', async () => {
    const sb = await sandbox();
    const r = await sb.exec('seq 1 200000 | sort -rn | head -1');
    expect(r.stdout).toBe('200000\n');
    expect(r.exitCode).toBe(0);
  });

  it('sets truncated when output passes maxOutputBytes', async () => {
    const sb = await sandbox();
    const r = await sb.exec('seq 1 10000', { maxOutputBytes: 100 });
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(100);
  });

  it('runs #! scripts and text files without one as shell scripts', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/home/user/hello.sh', '#!/bin/sh\necho "script $1 $#"\n');
    await sb.fs.writeFile('/home/user/plain', 'echo plain $1\n');
    await sb.fs.chmod('/home/user/hello.sh', 0o755);
    await sb.fs.chmod('/home/user/plain', 0o755);
    expect((await sb.exec('./hello.sh a b')).stdout).toBe('script a 2\n');
    expect((await sb.exec('./plain x')).stdout).toBe('plain x\n');
    // The argv form goes through the kernel's #! handling too.
    expect((await sb.exec(['/home/user/hello.sh', 'z'])).stdout).toBe('script z 1\n');
  });

  it('runs WASI binaries from the shell, in pipelines with builtins and coreutils', async () => {
    const sb = await sandbox({ files: fixtureFiles('hello', 'cat') });
    const r = await sb.exec('hello a "b c" | cat | grep -c "^argv"');
    expect(r.stdout).toBe('3\n');
    const env = await sb.exec('export ONLY_HERE=1; hello | grep ONLY_HERE');
    expect(env.stdout).toBe('env:ONLY_HERE=1\n');
  });
});

describe('jobs', () => {
  it('prints at once past a background job, and wait waits for it', async () => {
    const sb = await sandbox();
    const p = await sb.spawn(['sh', '-c', 'sleep 1 & echo now; wait; echo done']);
    const started = Date.now();
    const it = p.output({ stream: 'stdout' })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(decoder.decode(first.value)).toBe('now\n');
    expect(Date.now() - started).toBeLessThan(700);
    const rest = await p.collect();
    expect(rest.stdout).toBe('now\ndone\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('kills jobs by %n and by $!', async () => {
    const sb = await sandbox();
    const started = Date.now();
    const r = await sb.exec('sleep 30 & kill %1; wait %1; echo "status $?"; sleep 30 & kill $!; wait $!; echo "status $?"');
    expect(r.stdout).toBe('status 143\nstatus 143\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('sessions', () => {
  it('keeps cwd, exported variables and functions between commands', async () => {
    const sb = await sandbox();
    await sb.fs.mkdir('/home/user/src');
    const s = await sb.sessions.create({ id: 'agent' });
    const a = await s.run('cd src && export A=1 && greet() { echo "hi $1 from $(pwd) A=$A"; }');
    expect(a.exitCode).toBe(0);
    const b = await s.run('greet you');
    expect(b.stdout).toBe('hi you from /home/user/src A=1\n');
    const c = await s.run('echo out; echo err >&2; false');
    expect(c).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 1 });
    expect(s.commands().map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(s.command(b.id).exitCode).toBe(0);
    expect(sb.sessions.get('agent')).toBe(s);
    expect(sb.sessions.list()).toEqual([s]);
  });

  it('reports its cwd and exported environment after each command (what a snapshot keeps)', async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create({ id: 'st', env: { FROM_CREATE: 'yes' } });
    expect(s.state()).toMatchObject({ id: 'st', cwd: '/home/user', env: { FROM_CREATE: 'yes' } });
    await s.run('cd /tmp && export LATER=1 && HIDDEN=2');
    const state = s.state();
    expect(state.cwd).toBe('/tmp');
    expect(state.env).toMatchObject({ FROM_CREATE: 'yes', LATER: '1' });
    expect(state.env.HIDDEN).toBeUndefined();
    expect(s.cwd).toBe('/tmp');
  });

  it('streams an async command live and answers its read with sendInput', async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create();
    const bg = await s.run('echo start; read answer; echo "got $answer"', { async: true });
    const logs = bg.logs()[Symbol.asyncIterator]();
    expect(decoder.decode((await logs.next()).value)).toBe('start\n');
    expect(bg.exitCode).toBeNull();
    await s.sendInput(bg.id, 'yes\n');
    const result = await bg.wait();
    expect(result.stdout).toBe('start\ngot yes\n');
    expect(result.exitCode).toBe(0);
  });

  it('ends a command at its timeout and goes on', async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create();
    await s.run('X=kept');
    const slow = await s.run('sleep 30', { timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
    expect(slow.exitCode).toBe(124);
    expect((await s.run('echo $X')).stdout).toBe('kept\n');
    // A loop of builtins keeps the shell itself busy: it takes the interrupt at each iteration.
    const busy = await s.run('while :; do :; done', { timeoutMs: 200 });
    expect(busy.exitCode).toBe(124);
    expect(s.active).toBe(true);
    expect((await s.run('echo $X')).stdout).toBe('kept\n');
  });

  it("counts a command's timeout from when it starts, not while it waits in the queue", async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create();
    const first = await s.run('sleep 0.4; echo first', { async: true });
    const second = await s.run('echo second', { timeoutMs: 200 });
    expect(second).toMatchObject({ stdout: 'second\n', exitCode: 0, timedOut: false });
    expect((await first.wait()).stdout).toBe('first\n');
  });

  it('ends cleanly with the status of exit, and refuses further commands', async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create({ id: 'short' });
    const r = await s.run('exit 3');
    expect(r.exitCode).toBe(3);
    expect(s.active).toBe(false);
    expect(s.exitCode).toBe(3);
    await expect(s.run('echo again')).rejects.toBeInstanceOf(SessionEndedError);
    await s.delete();
    expect(() => sb.sessions.get('short')).toThrow(SessionNotFoundError);
  });

  it('rejects bad input clearly', async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create({ id: 'x' });
    await expect(sb.sessions.create({ id: 'x' })).rejects.toThrow(/already exists/);
    await expect(s.run('echo \0')).rejects.toThrow(/NUL/);
    await expect(s.run(42 as unknown as string)).rejects.toThrow(TypeError);
    const syntax = await s.run('if then fi');
    expect(syntax.exitCode).toBe(2);
    expect(syntax.stderr).toMatch(/syntax error/);
    expect((await s.run('echo still here')).stdout).toBe('still here\n');
    expect(() => s.command('nope')).toThrow(/no command/);
  });

  it('is ended by sandbox.close()', async () => {
    const sb = await Sandbox.create();
    const s = await sb.sessions.create();
    const running = await s.run('sleep 30', { async: true });
    await sb.close();
    expect(s.active).toBe(false);
    expect(running.exitCode).not.toBeNull();
  });
});
