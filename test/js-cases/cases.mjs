/**
 * The JavaScript case format (README.md in this folder), parsed the same way
 * by record.mjs (real Node, by hand) and by the replay test (wasmbox's
 * QuickJS runtime, in Node and in Chromium), so the test can check that
 * expected.json was recorded from the case files as they are now.
 *
 * A case file is a run of cases:
 *
 *   ## some-id
 *   //@ main: main.mjs
 *   //@ file lib.mjs <<EOF
 *   export const x = 1;
 *   EOF
 *   import { x } from './lib.mjs';
 *   console.log(x);
 *
 * `//@` lines are JavaScript comments, so a case body pasted into a file
 * still runs; they are directives only before the first line of the program.
 */

/** A main file is a script (.js, CommonJS under Node), or an explicit ES (.mjs) or CommonJS (.cjs) module. */
const MAIN_NAME = /^[A-Za-z0-9_-]+\.(?:js|mjs|cjs)$/;
/** Arguments are passed through `sh -c` in the replay: plain words only, so no quoting can differ. */
const ARG_WORD = /^[A-Za-z0-9._=,:+-]+$/;
/** A file path relative to the case's directory: no absolute paths, no `..`. */
const REL_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;

/**
 * @param {string} text  the contents of one case file
 * @param {string} theme the case file's name without .txt; also the id prefix
 * @returns {import('./cases.d.mts').JsCase[]}
 */
export function parseCaseFile(text, theme) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  /** @type {import('./cases.d.mts').JsCase[]} */
  const cases = [];
  let i = 0;
  // Before the first case: free text describing the file.
  for (; i < lines.length && !lines[i].startsWith('## '); i++) {
    if (lines[i].startsWith('//@')) throw new Error(`${theme}.txt:${i + 1}: a directive before the first case`);
  }
  while (i < lines.length) {
    const name = lines[i].slice(3).trim();
    const where = `${theme}.txt:${i + 1}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`${where}: case id must be [A-Za-z0-9._-], got ${JSON.stringify(name)}`);
    /** @type {import('./cases.d.mts').JsCase} */
    const c = { id: `${theme}/${name}`, theme, main: 'main.js', files: [], args: [], stdin: null, stderrHas: [], timeoutMs: 10_000, quickjs: null, noRunCode: null, source: '' };
    i++;
    const body = [];
    let inProgram = false;
    while (i < lines.length && !lines[i].startsWith('## ')) {
      const line = lines[i];
      if (!inProgram && line.trim() === '') {
        i++;
        continue;
      }
      if (!inProgram && line.startsWith('//@')) {
        i = directive(c, lines, i, where);
        continue;
      }
      inProgram = true;
      body.push(line);
      i++;
    }
    while (body.length && body[body.length - 1].trim() === '') body.pop();
    if (!body.length) throw new Error(`${where}: case ${c.id} has no program`);
    if (c.files.some((f) => f.path === c.main)) throw new Error(`${where}: a file directive names the main file ${c.main}`);
    if (c.quickjs && !c.quickjs.why) throw new Error(`${where}: quickjs-stdout needs a "//@ why:" line saying why the outputs must differ`);
    if (c.quickjs && c.quickjs.stdout === null) throw new Error(`${where}: "//@ why:" without a quickjs-stdout override`);
    c.source = body.join('\n') + '\n';
    cases.push(c);
  }
  return cases;
}

/**
 * One `//@` directive at lines[i]; returns the index of the line after it
 * (after the here-doc body for `file`, `stdin` and `quickjs-stdout`).
 * @param {import('./cases.d.mts').JsCase} c
 * @param {string[]} lines
 * @param {number} i
 * @param {string} where
 */
function directive(c, lines, i, where) {
  const words = lines[i].slice(3).trim();
  let m;
  if ((m = /^main:\s*(\S+)$/.exec(words))) {
    if (!MAIN_NAME.test(m[1])) throw new Error(`${where}: main must be NAME.js, NAME.mjs or NAME.cjs`);
    c.main = m[1];
    return i + 1;
  }
  if ((m = /^args:(.*)$/.exec(words))) {
    const args = m[1].trim().split(/\s+/).filter(Boolean);
    const bad = args.find((a) => !ARG_WORD.test(a));
    if (bad !== undefined) throw new Error(`${where}: argument ${JSON.stringify(bad)} is not a plain word`);
    c.args = args;
    return i + 1;
  }
  if ((m = /^stderr-has:\s*(.+)$/.exec(words))) {
    c.stderrHas.push(m[1]);
    return i + 1;
  }
  if ((m = /^timeout:\s*(\d+)$/.exec(words))) {
    c.timeoutMs = Number(m[1]);
    return i + 1;
  }
  if ((m = /^no-run-code:\s*(.+)$/.exec(words))) {
    c.noRunCode = m[1];
    return i + 1;
  }
  if ((m = /^why:\s*(.+)$/.exec(words))) {
    c.quickjs = { stdout: c.quickjs?.stdout ?? null, why: m[1] };
    return i + 1;
  }
  // file PATH <<TAG, stdin <<TAG and quickjs-stdout <<TAG: the body ends at a line that is exactly TAG.
  if ((m = /^(file\s+(\S+)|stdin|quickjs-stdout)\s+<<(\w+)$/.exec(words))) {
    const tag = m[3];
    const content = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== tag) content.push(lines[j++]);
    if (j >= lines.length) throw new Error(`${where}: here-doc ${tag} is not closed`);
    const data = content.length ? content.join('\n') + '\n' : '';
    if (m[2] !== undefined) {
      if (!REL_PATH.test(m[2])) throw new Error(`${where}: file path ${JSON.stringify(m[2])} must be relative, without ..`);
      c.files.push({ path: m[2], content: data });
    } else if (m[1] === 'stdin') {
      c.stdin = data;
    } else {
      c.quickjs = { stdout: data, why: c.quickjs?.why ?? '' };
    }
    return j + 1;
  }
  throw new Error(`${where}: unknown directive ${JSON.stringify(lines[i])}`);
}

/**
 * The environment of every case, in recording and in replay: `root` holds
 * `home` ($HOME) and `work` (the working directory, where the files go).
 * @param {string} root
 */
export function caseEnv(root) {
  return { HOME: `${root}/home`, LC_ALL: 'C', TZ: 'UTC' };
}

/** The placeholder for the case's root directory in recorded output. */
export const ROOT_PLACEHOLDER = '@ROOT@';

/** Replace every occurrence of the case root in output. */
export function normalise(output, root) {
  return output.split(root).join(ROOT_PLACEHOLDER);
}

/** The command line that runs a case: the same words under real Node and in the sandbox. */
export function commandLine(c) {
  return ['node', c.main, ...c.args].join(' ');
}

/**
 * Whether a case also runs as `node -e SOURCE` (and so through
 * `sb.runCode(source, { language: 'javascript' })`): a lone CommonJS main
 * file with no arguments and no input, unless it says `no-run-code: why`.
 * record.mjs checks that real Node prints the same either way.
 * @param {import('./cases.d.mts').JsCase} c
 */
export function runsAsCode(c) {
  return c.main === 'main.js' && c.files.length === 0 && c.args.length === 0 && c.stdin === null && c.noRunCode === null;
}

/**
 * The ids listed under "## Expected to fail" in README.md, as bullets
 * "- `theme/id`: why".
 * @param {string} markdown
 * @returns {Map<string, string>} id -> reason
 */
export function expectedFailures(markdown) {
  const known = new Map();
  const section = /^## Expected to fail\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown);
  if (!section) return known;
  for (const m of section[1].matchAll(/^- `([^`]+)`:\s*(.*)$/gm)) known.set(m[1], m[2]);
  return known;
}
