/**
 * The conformance case format (README.md in this folder), parsed the same way
 * by record.mjs (Node, by hand) and by the replay test (Node and Chromium), so
 * the test can check that expected.json was recorded from the case files as
 * they are now.
 *
 * A case file is a run of cases:
 *
 *   ## some-id
 *   #@ ref: both
 *   #@ file notes.txt <<EOF
 *   one
 *   EOF
 *   #@ stdin <<EOF
 *   input
 *   EOF
 *   echo "${x:-default}"
 *
 * `#@` lines are shell comments, so a case body pasted into a terminal still
 * runs; they are directives only before the first line of the script.
 */

/** Which shell's output is the expectation: bash unless the case says `both`. */
const REFS = new Set(['bash', 'both']);

/**
 * @param {string} text  the contents of one case file
 * @param {string} theme e.g. "shell/quoting": the id prefix is its folder
 * @returns {import('./cases.d.mts').Case[]}
 */
export function parseCaseFile(text, theme) {
  const group = theme.split('/')[0];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  /** @type {import('./cases.d.mts').Case[]} */
  const cases = [];
  let i = 0;
  // Before the first case: a description of the file, and optionally
  // `#@ ref: both` as the default of every case in it.
  let defaultRef = 'bash';
  for (; i < lines.length && !lines[i].startsWith('## '); i++) {
    const m = /^#@ ref:\s*(\S+)$/.exec(lines[i]);
    if (m && REFS.has(m[1])) defaultRef = m[1];
    else if (lines[i].startsWith('#@')) throw new Error(`${theme}.txt:${i + 1}: only "#@ ref:" may come before the first case`);
  }
  while (i < lines.length) {
    const name = lines[i].slice(3).trim();
    const where = `${theme}.txt:${i + 1}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`${where}: case id must be [A-Za-z0-9._-], got ${JSON.stringify(name)}`);
    /** @type {import('./cases.d.mts').Case} */
    const c = { id: `${group}/${name}`, theme, ref: /** @type {'bash'|'both'} */ (defaultRef), files: [], dirs: [], stdin: null, timeoutMs: 10_000, script: '' };
    i++;
    const body = [];
    let inScript = false;
    while (i < lines.length && !lines[i].startsWith('## ')) {
      const line = lines[i];
      if (!inScript && line.trim() === '') {
        i++;
        continue;
      }
      if (!inScript && line.startsWith('#@')) {
        i = directive(c, lines, i, where);
        continue;
      }
      inScript = true;
      body.push(line);
      i++;
    }
    while (body.length && body[body.length - 1].trim() === '') body.pop();
    if (!body.length) throw new Error(`${where}: case ${c.id} has no script`);
    c.script = body.join('\n') + '\n';
    cases.push(c);
  }
  return cases;
}

/**
 * One `#@` directive at lines[i]; returns the index of the line after it
 * (after the here-doc body for `file` and `stdin`).
 */
function directive(c, lines, i, where) {
  const words = lines[i].slice(2).trim();
  let m;
  if ((m = /^ref:\s*(\S+)$/.exec(words))) {
    if (!REFS.has(m[1])) throw new Error(`${where}: ref must be bash or both`);
    c.ref = /** @type {'bash'|'both'} */ (m[1]);
    return i + 1;
  }
  if ((m = /^timeout:\s*(\d+)$/.exec(words))) {
    c.timeoutMs = Number(m[1]);
    return i + 1;
  }
  if ((m = /^dir\s+(\S+)$/.exec(words))) {
    c.dirs.push(m[1]);
    return i + 1;
  }
  // file NAME [mode=755] [noeol] <<TAG   and   stdin [noeol] <<TAG
  if ((m = /^(file\s+(\S+)|stdin)((?:\s+(?:mode=[0-7]{3,4}|noeol))*)\s+<<(\w+)$/.exec(words))) {
    const options = m[3].trim().split(/\s+/).filter(Boolean);
    const tag = m[4];
    const content = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== tag) content.push(lines[j++]);
    if (j >= lines.length) throw new Error(`${where}: here-doc ${tag} is not closed`);
    let data = content.length ? content.join('\n') + '\n' : '';
    if (options.includes('noeol')) data = data.replace(/\n$/, '');
    if (m[2] !== undefined) {
      const mode = options.find((o) => o.startsWith('mode='));
      c.files.push({ path: m[2], content: data, mode: mode ? parseInt(mode.slice(5), 8) : 0o644 });
    } else {
      c.stdin = data;
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
  return { PATH: '/usr/bin:/bin', HOME: `${root}/home`, LC_ALL: 'C', TZ: 'UTC' };
}

/** The placeholder for the case's root directory in recorded output. */
export const ROOT_PLACEHOLDER = '@ROOT@';

/** Replace every occurrence of the case root (its work dir's parent) in output. */
export function normalise(output, root) {
  return output.split(root).join(ROOT_PLACEHOLDER);
}

/**
 * The ids listed under "## Conformance cases that differ" in
 * KNOWN_LIMITATIONS.md, as bullets "- `shell/id`: why".
 * @param {string} markdown
 * @returns {Map<string, string>} id -> reason
 */
export function knownDifferences(markdown) {
  const known = new Map();
  const section = /^## Conformance cases that differ\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown);
  if (!section) return known;
  for (const m of section[1].matchAll(/^- `([^`]+)`:\s*(.*)$/gm)) known.set(m[1], m[2]);
  return known;
}
