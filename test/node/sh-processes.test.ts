/**
 * The shell's process machinery through a real sandbox (workers, spawn,
 * wait, pipes): pipelines, subshells, command substitution, background
 * jobs, wait and kill. Needs the worker bundle (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../node/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await Sandbox.create();
});
afterAll(async () => {
  await sb?.close();
});

async function sh(script: string, stdin?: string) {
  const r = await sb.exec(script, { stdin });
  return { out: r.stdout, err: r.stderr, status: r.exitCode };
}

describe('sh processes', () => {
  it('runs pipelines of builtins, functions and programs concurrently', async () => {
    expect(await sh('echo hello | cat')).toEqual({ out: 'hello\n', err: '', status: 0 });
    expect((await sh('seq 1 5 | sort -r | head -2')).out).toBe('5\n4\n');
    expect((await sh('f() { while read l; do echo "<$l>"; done; }; printf "a\\nb\\n" | f | cat')).out).toBe('<a>\n<b>\n');
    expect((await sh('{ echo x; echo y; } | wc -l')).out.trim()).toBe('2');
  });

  it('gives a pipeline the status of its last stage, or pipefail, and ! negates', async () => {
    expect((await sh('false | true; echo $?')).out).toBe('0\n');
    expect((await sh('true | false; echo $?')).out).toBe('1\n');
    expect((await sh('set -o pipefail; false | true; echo $?')).out).toBe('1\n');
    expect((await sh('! false | false; echo $?')).out).toBe('0\n');
    expect((await sh('false | true; echo ${PIPESTATUS[@]}')).out).toBe('1 0\n');
  });

  it('runs subshells in their own state', async () => {
    expect((await sh('x=1; (x=2; cd /tmp; echo $x $PWD); echo $x; (exit 3); echo $?')).out).toBe('2 /tmp\n1\n3\n');
    expect((await sh('f() { echo in-f $1; }; (f sub)')).out).toBe('in-f sub\n');
  });

  it('captures command substitution output', async () => {
    expect((await sh('x=$(echo a; echo b | tr b c); echo "$x"')).out).toBe('a\nc\n');
    expect((await sh('n=$(seq 1000 | wc -l); echo $n')).out.trim()).toBe('1000');
    expect((await sh('x=$(exit 4); echo $?')).out).toBe('4\n');
    expect((await sh('big=$(seq 100000); echo ${#big}')).out).toBe('588894\n');
  });

  it('runs background jobs, wait and kill', async () => {
    expect((await sh('(sleep 0.1; exit 7) & wait $!; echo $?')).out).toBe('7\n');
    expect((await sh('sleep 10 & kill $!; wait $!; echo $?')).out).toBe('143\n');
    expect((await sh('sleep 10 & kill -s KILL %1; wait %1; echo $?')).out).toBe('137\n');
    expect((await sh('echo a & wait; echo b')).out).toBe('a\nb\n');
  });

  it('reports missing and unrunnable commands in pipelines', async () => {
    const r = await sh('nope | cat; echo $?');
    expect(r.out).toBe('0\n');
    expect(r.err).toMatch(/nope: command not found/);
    expect((await sh('echo x | nope; echo $?')).out).toBe('127\n');
  });
});
