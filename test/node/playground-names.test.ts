/**
 * The playground's pure pieces (web/playground/): the command line the Run
 * button types for a file, and the names the file tree accepts. The page
 * itself is tested end to end in test/e2e/playground.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { baseName, isWithin, joinPath, nameProblem, parentOf } from '../../web/playground/names.ts';
import { runCommandFor, shellQuote } from '../../web/playground/run-command.ts';
import { Sandbox } from 'wasmbox';

describe('runCommandFor', () => {
  it('runs .js with js, .sh with sh and .wasm as a command, by absolute path', () => {
    expect(runCommandFor('/home/user/hello.js')).toBe('js /home/user/hello.js');
    expect(runCommandFor('/home/user/lib.mjs')).toBe('js /home/user/lib.mjs');
    expect(runCommandFor('/home/user/count.sh')).toBe('sh /home/user/count.sh');
    expect(runCommandFor('/home/user/bin/prog.wasm')).toBe('/home/user/bin/prog.wasm');
    expect(runCommandFor('/home/user/README.txt')).toBeUndefined();
    expect(runCommandFor('/home/user/js')).toBeUndefined();
  });

  it('refuses a relative path, and a path a terminal would take as line editing', () => {
    expect(() => runCommandFor('hello.js')).toThrow(TypeError);
    expect(runCommandFor('/home/user/a\nrm -rf ~.js')).toBeUndefined();
    expect(runCommandFor('/home/user/a\x15b.sh')).toBeUndefined();
    expect(runCommandFor('/home/user/a\x7f.wasm')).toBeUndefined();
  });

  it('quotes what the shell would otherwise expand or split, and the result runs as the same word', async () => {
    const hostile = ["it's here.js", 'a b.js', '$(touch pwned).js', '`id`.js', '*.js', 'semi;colon.js', 'back\\slash.js', 'ünï.js'];
    for (const name of hostile) expect(shellQuote(name)).toMatch(/^'.*'$/s);
    expect(shellQuote('plain-name_1.2.js')).toBe('plain-name_1.2.js');
    // The real test of a quote: the shell hands the program exactly the original word.
    await using sb = await Sandbox.create();
    for (const name of hostile) {
      const r = await sb.exec(`printf '%s\\n' ${shellQuote(`/home/user/${name}`)}`);
      expect(r.stdout).toBe(`/home/user/${name}\n`);
    }
    expect(await sb.fs.exists('pwned')).toBe(false);
  });
});

describe('file names in the tree', () => {
  it('accepts ordinary names and says why it refuses the others', () => {
    for (const ok of ['a.txt', '.hidden', 'with space', 'ünïcödé', '-dash', 'x'.repeat(255)]) expect(nameProblem(ok)).toBeUndefined();
    expect(nameProblem('')).toBe('the name is empty');
    expect(nameProblem('.')).toMatch(/already exists/);
    expect(nameProblem('..')).toMatch(/already exists/);
    expect(nameProblem('a/b')).toBe('a name cannot contain /');
    expect(nameProblem('a\nb')).toBe('a name cannot contain control characters');
    expect(nameProblem('a\0b')).toBe('a name cannot contain control characters');
    expect(nameProblem('x'.repeat(256))).toBe('a name is at most 255 bytes');
    expect(nameProblem('é'.repeat(128))).toBe('a name is at most 255 bytes'); // 256 bytes in UTF-8
  });

  it('joins, splits and compares paths', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/home/user', 'a')).toBe('/home/user/a');
    expect(parentOf('/home/user/a')).toBe('/home/user');
    expect(parentOf('/a')).toBe('/');
    expect(baseName('/home/user/a.txt')).toBe('a.txt');
    expect(isWithin('/home/user/src/a', '/home/user/src')).toBe(true);
    expect(isWithin('/home/user/src', '/home/user/src')).toBe(true);
    expect(isWithin('/home/user/srcs', '/home/user/src')).toBe(false);
  });
});
