/**
 * Pure pieces of the JavaScript runtime (runtimes/quickjs/): the js command
 * line, the module-kind rule, Node-shaped errors and import.meta.
 */
import { describe, expect, it } from 'vitest';
import { withImportMeta } from '../../runtimes/quickjs/guest.js';
import { parseJsArgs } from '../../runtimes/quickjs/js-args.js';
import { hasEsmSyntax, moduleKind } from '../../runtimes/quickjs/module-kind.js';
import { nodeError } from '../../runtimes/quickjs/node-errors.js';

describe('parseJsArgs', () => {
  it('reads options before the script and leaves the rest to it', () => {
    expect(parseJsArgs(['node', 'app.js', '-e', 'x'])).toEqual({ kind: 'file', file: 'app.js', args: ['-e', 'x'] });
    expect(parseJsArgs(['node', '-e', 'code', 'a', 'b'])).toEqual({ kind: 'eval', code: 'code', print: false, args: ['a', 'b'] });
    expect(parseJsArgs(['node', '-p', '1+1'])).toEqual({ kind: 'eval', code: '1+1', print: true, args: [] });
    expect(parseJsArgs(['node', '--eval=a=1'])).toEqual({ kind: 'eval', code: 'a=1', print: false, args: [] });
    expect(parseJsArgs(['node', '--', '-file.js', 'x'])).toEqual({ kind: 'file', file: '-file.js', args: ['x'] });
    expect(parseJsArgs(['node'])).toEqual({ kind: 'stdin', args: [] });
    expect(parseJsArgs(['node', '-', 'x'])).toEqual({ kind: 'stdin', args: ['x'] });
    expect(parseJsArgs(['node', '-v'])).toEqual({ kind: 'version' });
    expect(parseJsArgs(['node', '--help'])).toEqual({ kind: 'help' });
  });

  it('rejects unknown options and a missing -e argument', () => {
    expect(parseJsArgs(['js', '--inspect'])).toEqual({ kind: 'error', message: 'js: bad option: --inspect' });
    expect(parseJsArgs(['js', '-p'])).toEqual({ kind: 'error', message: 'js: -p requires an argument' });
  });
});

describe('moduleKind', () => {
  it('follows the extension, then the syntax', () => {
    expect(moduleKind('/a.mjs', 'module.exports = 1')).toBe('esm');
    expect(moduleKind('/a.cjs', 'export default 1')).toBe('cjs');
    expect(moduleKind('/a.json', '{}')).toBe('json');
    expect(moduleKind('/a.js', 'import fs from "fs"')).toBe('esm');
    expect(moduleKind('/a.js', 'const x = require("fs")')).toBe('cjs');
    expect(moduleKind('/bin/tool', '#!/usr/bin/env node\nexport const a = 1')).toBe('esm');
  });

  it('sees import/export after a semicolon and import.meta, not inside words', () => {
    expect(hasEsmSyntax('const a = 1; export { a }')).toBe(true);
    expect(hasEsmSyntax('console.log(import.meta.url)')).toBe(true);
    // An await decides nothing: CommonJS has indented awaits in async functions (guest.ts decides a main file by compiling).
    expect(hasEsmSyntax('await main()')).toBe(false);
    expect(moduleKind('/a.js', 'async function f() {\n  await g();\n}\nmodule.exports = f;')).toBe('cjs');
    expect(hasEsmSyntax('const reimport = 1; exported()')).toBe(false);
    expect(hasEsmSyntax('const x = await_(1)')).toBe(false);
    expect(hasEsmSyntax('import("./dynamic.js")')).toBe(false);
  });
});

describe('nodeError', () => {
  it('words errors as libuv does, with a negative errno', () => {
    expect(nodeError('ENOENT', 'open', 'x')).toEqual({ message: "ENOENT: no such file or directory, open 'x'", code: 'ENOENT', errno: -2, syscall: 'open', path: 'x' });
    expect(nodeError('EXDEV', 'rename', 'a', 'b').message).toBe("EXDEV: cross-device link not permitted, rename 'a' -> 'b'");
    expect(nodeError('EWHATEVER', 'read')).toEqual({ message: 'EWHATEVER: ewhatever, read', code: 'EWHATEVER', errno: 0, syscall: 'read' });
  });
});

describe('withImportMeta', () => {
  it('sets url, filename and dirname on the first line, keeping line numbers', () => {
    const out = withImportMeta('#!/bin/node\nexport default 1', '/app/my file.mjs');
    expect(out.split('\n')).toHaveLength(2);
    expect(out).toContain('import.meta.url="file:///app/my%20file.mjs"');
    expect(out).toContain('import.meta.dirname="/app"');
    expect(out).toContain(';//#!/bin/node');
  });
});
