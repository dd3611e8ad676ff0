// The shell parser's cost (runtimes/sh/parser.ts), warm, in this thread:
// a typical command line, and a 1000-line script of loops, tests, arithmetic,
// command substitutions, case, here-documents and functions. Prints medians
// against the targets the parser was written to (these were timed unit tests
// in test/node/sh-parser.test.ts; the project's rule is that speed is
// measured here, not asserted there).
// Usage: npm run bench:shell-parse   (bundles the parser first; a few seconds)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rounds = Number(process.env.BENCH_ROUNDS ?? 31);

// The parser is not part of the public API: bundle its source for this run.
const out = mkdtempSync(join(tmpdir(), 'wasmbox-bench-parse-'));
let parse;
try {
  const entry = fileURLToPath(new URL('../runtimes/sh/parser.ts', import.meta.url));
  await build({ configFile: false, logLevel: 'silent', build: { outDir: out, minify: false, lib: { entry, formats: ['es'], fileName: 'parser' } } });
  ({ parse } = await import(join(out, 'parser.js')));
} finally {
  rmSync(out, { recursive: true, force: true });
}

const line = 'ls -la "$HOME/dir" | grep -v "^total" > /tmp/out 2>&1 && echo ${x:-done}';
const block = [
  'for f in *.txt; do',
  '  if [[ -f "$f" && $f == a* ]]; then',
  '    n=$((n + 1)); echo "${f%.txt}: $(wc -l < "$f")"',
  '  fi',
  'done',
  'case $1 in start|run) go ;; *) usage >&2 ;; esac',
  'cat <<EOF',
  'total $n',
  'EOF',
  'f() { local x=$1; echo ${x//a/b}; }',
].join('\n');
const script = Array.from({ length: 100 }, () => block).join('\n');

// Warm up: the question is the parser's cost, not V8's first compile.
for (let i = 0; i < 500; i++) parse(line);
for (let i = 0; i < 5; i++) parse(script);

const perLine = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  for (let i = 0; i < 100; i++) parse(line);
  perLine.push((performance.now() - t) / 100);
}
const perScript = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  parse(script);
  perScript.push(performance.now() - t);
}

const rows = [
  ['one command line (median of batches of 100)', median(perLine), 0.1],
  [`1000-line script (${script.length} bytes)`, median(perScript), 20],
];
console.log(`shell parser, warm, ${rounds} rounds\n`);
console.log('| what | median | target | target / median |');
console.log('| --- | --- | --- | --- |');
for (const [what, ms, target] of rows) console.log(`| ${what} | ${ms < 1 ? ms.toFixed(4) : ms.toFixed(2)} ms | ≤ ${target} ms | ${(target / ms).toFixed(1)}× |`);
