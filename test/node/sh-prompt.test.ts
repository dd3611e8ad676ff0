/** PS1/PS2 expansion (runtimes/sh/prompt.ts): bash's backslash escapes, checked against bash's documented output. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PS1, expandPrompt, tildePath, type PromptContext } from '../../runtimes/sh/prompt.js';

const ctx: PromptContext = { user: 'user', home: '/home/user', cwd: '/home/user/src/app', jobs: 2, now: new Date(2026, 10, 22, 15, 4, 5), uid: 1000 };

describe('prompt strings', () => {
  it('expands the default PS1 like bash: user@host:~/dir$ ', () => {
    expect(expandPrompt(DEFAULT_PS1, ctx)).toBe('user@wasmbox:~/src/app$ ');
    expect(expandPrompt(DEFAULT_PS1, { ...ctx, cwd: '/home/user' })).toBe('user@wasmbox:~$ ');
    expect(expandPrompt(DEFAULT_PS1, { ...ctx, cwd: '/tmp', uid: 0 })).toBe('user@wasmbox:/tmp# ');
  });

  it('knows \\W, \\h, \\H, \\s, \\j, the time and date escapes, and drops \\[ \\]', () => {
    expect(expandPrompt('\\W|\\h|\\H|\\s|\\j', ctx)).toBe('app|wasmbox|wasmbox|sh|2');
    expect(expandPrompt('\\W', { ...ctx, cwd: '/home/user' })).toBe('~');
    expect(expandPrompt('\\W', { ...ctx, cwd: '/' })).toBe('/');
    expect(expandPrompt('\\t \\T \\@ \\A \\d', ctx)).toBe('15:04:05 03:04:05 03:04 PM 15:04 Sun Nov 22');
    expect(expandPrompt('\\[\\e[1m\\]x\\[\\e[0m\\]', ctx)).toBe('\x1b[1mx\x1b[0m');
  });

  it('keeps unknown escapes, reads octal, and ends with a lone backslash as is', () => {
    expect(expandPrompt('\\q \\101\\n\\\\ \\', ctx)).toBe('\\q A\n\\ \\');
  });

  it('abbreviates $HOME only at a component boundary', () => {
    expect(tildePath('/home/username', '/home/user')).toBe('/home/username');
    expect(tildePath('/home/user/x', '/home/user')).toBe('~/x');
    expect(tildePath('/x', undefined)).toBe('/x');
    expect(tildePath('/x', '/')).toBe('/x');
  });
});
