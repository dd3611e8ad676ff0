/**
 * The `wasmbox` CLI without a terminal: its argument parser, and the built
 * dist/cli.js run as a child process with pipes (exec, run, the shell on a
 * pipe, --snapshot across two runs, --import). The terminal half (raw mode,
 * ^C, resize) is driven through tmux in cli-tmux.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../node/cli-args.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/bin/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'wasmbox-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 30_000, cwd: work });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parseCliArgs', () => {
  it('reads commands and options', () => {
    expect(parseCliArgs([])).toEqual({ command: { kind: 'shell' }, snapshot: undefined, imports: [], cwd: undefined });
    expect(parseCliArgs(['exec', 'ls -l']).command).toEqual({ kind: 'exec', command: 'ls -l' });
    expect(parseCliArgs(['-c', 'true']).command).toEqual({ kind: 'exec', command: 'true' });
    expect(parseCliArgs(['run', 'a.wasm', '-x', '--snapshot']).command).toEqual({ kind: 'run', program: 'a.wasm', args: ['-x', '--snapshot'] });
    const full = parseCliArgs(['--snapshot=s.tar', '--import', 'src', '--import', 'c:/x/y:/data', '--cwd', '/tmp', 'exec', 'pwd']);
    expect(full.snapshot).toBe('s.tar');
    expect(full.imports).toEqual([{ from: 'src', to: undefined }, { from: 'c:/x/y', to: '/data' }]);
    expect(full.cwd).toBe('/tmp');
    expect(parseCliArgs(['--help', 'anything']).command).toEqual({ kind: 'help' });
  });

  it.each([
    [['--snapshot'], /needs a value/],
    [['--snapshot='], /needs a value/],
    [['--snapshot', 'a', '--snapshot', 'b'], /given twice/],
    [['--import'], /needs a value/],
    [['--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['exec'], /needs a command line/],
    [['exec', 'ls', '-l'], /unexpected argument '-l'/],
    [['run'], /needs a WASI binary/],
    [['-c'], /needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('dist/cli.js without a terminal', () => {
  it('exec runs one command line and exits with its status', () => {
    const r = cli(['exec', 'echo hi; echo oops >&2; exit 3']);
    expect(r).toEqual({ status: 3, stdout: 'hi\n', stderr: 'oops\n' });
    expect(cli(['-c', 'seq 3 | sort -r']).stdout).toBe('3\n2\n1\n');
  });

  it('exec passes its stdin to the command', () => {
    expect(cli(['exec', 'tr a-z A-Z'], 'shout\n').stdout).toBe('SHOUT\n');
  });

  it('run runs a WASI binary from the host with its arguments', () => {
    const r = cli(['run', join(FIXTURES, 'hello.wasm'), 'a', 'b c']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('a');
    expect(r.stdout).toContain('b c');
    const code = cli(['run', join(FIXTURES, 'exitcode.wasm'), '7']);
    expect(code.status).toBe(7);
  });

  it('run refuses a missing file and a file that is not WebAssembly', () => {
    const missing = cli(['run', join(work, 'nope.wasm')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.wasm: no such file/);
    writeFileSync(join(work, 'text.wasm'), 'not wasm at all');
    const bad = cli(['run', join(work, 'text.wasm')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).not.toBe('');
  });

  it('reads shell commands from a pipe when there is no terminal', () => {
    const r = cli([], 'cd /tmp\npwd\nx=5; echo $((x * 2))\nexit 4\n');
    expect(r.stdout).toBe('/tmp\n10\n');
    expect(r.status).toBe(4);
  });

  it('--snapshot keeps the sandbox in a file across two runs', () => {
    const snap = join(work, 'box.tar.gz');
    const first = cli(['--snapshot', snap, 'exec', 'mkdir -p /data && echo kept > /data/note && cd /data && ls']);
    expect(first.status).toBe(0);
    expect(readFileSync(snap).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const second = cli(['--snapshot', snap, 'exec', 'cat /data/note']);
    expect(second).toMatchObject({ status: 0, stdout: 'kept\n' });
  });

  it('--snapshot refuses a corrupt file and leaves it as it was', () => {
    const snap = join(work, 'corrupt.tar');
    writeFileSync(snap, 'this is not a snapshot');
    const r = cli(['--snapshot', snap, 'exec', 'true']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^wasmbox: .*snapshot/i);
    expect(readFileSync(snap, 'utf8')).toBe('this is not a snapshot');
  });

  it('--import copies a host directory, with modes and symlinks', () => {
    const src = join(work, 'project');
    mkdirSync(join(src, 'lib'), { recursive: true });
    writeFileSync(join(src, 'README'), 'hello\n');
    writeFileSync(join(src, 'lib', 'run.sh'), '#!/bin/sh\necho ran "$@"\n', { mode: 0o755 });
    symlinkSync('lib/run.sh', join(src, 'go'));
    const r = cli(['--import', src, 'exec', 'cd ~/project && cat README && ./go x && readlink go && find . | sort']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello\nran x\nlib/run.sh\n.\n./README\n./go\n./lib\n./lib/run.sh\n');
    const dest = cli(['--import', `${src}:/opt/p`, 'exec', 'cat /opt/p/README']);
    expect(dest.stdout).toBe('hello\n');
  });

  it('--import of something that is not a directory fails clearly', () => {
    expect(cli(['--import', join(work, 'missing-dir'), 'exec', 'true'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/missing-dir: no such directory/) });
    writeFileSync(join(work, 'plain'), 'x');
    expect(cli(['--import', join(work, 'plain'), 'exec', 'true']).stderr).toMatch(/not a directory/);
  });

  it('prints usage with status 2 for bad arguments, and help and version with 0', () => {
    const bad = cli(['--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--nope'[\s\S]*usage: wasmbox/);
    expect(cli(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: wasmbox') });
    expect(cli(['--version']).stdout).toMatch(/^wasmbox \d+\.\d+\.\d+\n$/);
  });
});
