/**
 * Whether a file is an ES module or CommonJS, by Node's rules
 * (https://nodejs.org/api/packages.html#determining-module-system) minus
 * package.json "type": `.mjs` is ESM, `.cjs` is CommonJS, and `.js` (or no
 * extension, or `-e` code) is ESM when it has import/export syntax at the
 * start of a line or after a `;` or `}`, as Node 22's syntax detection does,
 * else CommonJS. The check is lexical: such an `import` inside a template
 * string counts too. An `await` does not decide it (CommonJS is full of
 * indented awaits in async functions): a main file or inline code that
 * fails to compile as CommonJS but compiles as a module (top-level await)
 * runs as one (guest.ts runMain), as Node 22's detection does.
 */
export type ModuleKind = 'esm' | 'cjs' | 'json';

const ESM_SYNTAX = /(?:^|[;}])[ \t]*(?:import[ \t]*(?:[\w*{$'"]|\{)|export[ \t]+(?:default|const|let|var|function|async|class|\{|\*)|export[ \t]*\{)|\bimport\.meta\b/m;

export function moduleKind(path: string, source: string): ModuleKind {
  if (path.endsWith('.mjs')) return 'esm';
  if (path.endsWith('.cjs')) return 'cjs';
  if (path.endsWith('.json')) return 'json';
  return hasEsmSyntax(source) ? 'esm' : 'cjs';
}

export function hasEsmSyntax(source: string): boolean {
  return ESM_SYNTAX.test(source);
}
