/**
 * Whether a file is an ES module or CommonJS, by Node's rules
 * (https://nodejs.org/api/packages.html#determining-module-system) minus
 * package.json "type": `.mjs` is ESM, `.cjs` is CommonJS, and `.js` (or no
 * extension, or `-e` code) is ESM when it has import/export syntax at the
 * start of a line, as Node 22's syntax detection does, else CommonJS.
 * The check is lexical: an `import` or `export` at the start of a line inside
 * a template string would count too.
 */
export type ModuleKind = 'esm' | 'cjs' | 'json';

const ESM_SYNTAX = /^[ \t]*(?:import[ \t]*(?:[\w*{$'"]|\{)|export[ \t]+(?:default|const|let|var|function|async|class|\{|\*)|export[ \t]*\{)|\bimport\.meta\b|^[ \t]*await[ \t]/m;

export function moduleKind(path: string, source: string): ModuleKind {
  if (path.endsWith('.mjs')) return 'esm';
  if (path.endsWith('.cjs')) return 'cjs';
  if (path.endsWith('.json')) return 'json';
  return hasEsmSyntax(source) ? 'esm' : 'cjs';
}

export function hasEsmSyntax(source: string): boolean {
  return ESM_SYNTAX.test(source);
}
