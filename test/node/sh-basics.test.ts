import { describe, expect, it, vi } from 'vitest';
import { run } from './sh-harness.js';

// runtimes/programs.ts pulls in every coreutil; these tests need only a few.
vi.mock('../../runtimes/programs.js', async () => {
  const { cat } = await import('../../runtimes/coreutils/cat.js');
  const { seq } = await import('../../runtimes/coreutils/seq.js');
  const programs: Record<string, unknown> = { cat, seq };
  return { lookupProgram: (name: string) => programs[name] };
});

function out(script: string, options = {}) {
  const r = run(script, options);
  return r.stdout + (r.stderr ? `[stderr:${r.stderr}]` : '') + (r.exitCode ? `[exit ${r.exitCode}]` : '');
}

describe('sh basics', () => {
  it('echo and variables', () => {
    expect(out('x=hello; echo "$x world"; echo -n a; echo b')).toBe('hello world\nab\n');
  });
  it('control flow', () => {
    expect(out('for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done')).toBe('1\n3\n');
    expect(out('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i')).toBe('3\n');
    expect(out('case foo in f*) echo yes;; *) echo no;; esac')).toBe('yes\n');
    expect(out('f() { echo "f:$1:$#"; return 3; }; f a b; echo $?')).toBe('f:a:2\n3\n');
  });
  it('in-process coreutils and redirections', () => {
    expect(out('echo hi > /tmp/a; cat /tmp/a; seq 3 | cat', {})).toContain('hi\n');
    expect(out('cat <<EOF\nx $HOME\nEOF')).toBe('x /home/user\n');
    expect(out('echo err >&2 2>/dev/null; echo ok 2>&1')).toBe('ok\n[stderr:err\n]');
  });
  it('expansions', () => {
    expect(out('x=a:b:c; IFS=:; set -- $x; echo $# "$2"')).toBe('3 b\n');
    expect(out('x=/a/b/c.txt; echo ${x##*/} ${x%.*} ${x#/} ${#x} ${x/b/B} ${y:-def}')).toBe('c.txt /a/b/c a/b/c.txt 10 /a/B/c.txt def\n');
    expect(out('echo {a,b}{1..3}')).toBe('a1 a2 a3 b1 b2 b3\n');
    expect(out('x=$(echo hi; echo there); echo "$x"')).toBe('hi\nthere\n');
    expect(out('echo $((2**10)) $((7/2)) $((1/0))')).toContain('division by 0');
  });
});
