/** What a fresh sandbox starts with: a few files that show what the page can do. */

export const HOME = '/home/user';

/** The seed file the editor shows first. */
export const SEED_OPEN = 'hello.js';

export const SEED_FILES: Readonly<Record<string, string>> = {
  'README.txt': `Welcome to the wasmbox playground.

Everything here runs in this browser tab: a POSIX-style shell, coreutils,
JavaScript (QuickJS) and WASI programs, on an in-memory file system.
Nothing is sent to a server. The sandbox is saved in this browser
(IndexedDB) and comes back when you reload; "Download snapshot" saves it
as a file, "Load snapshot" brings one back, "Reset" starts over.

Try, in the terminal:
  ls -la
  js hello.js
  sh count.sh
  echo hi > a.txt && cat a.txt

Or open hello.js on the left, change it and press Run (or Ctrl-S to save).
Drop files from your computer onto the file tree to upload them.
`,
  'hello.js': `// Run me with the Run button, or type: js hello.js
const greet = (name) => \`Hello, \${name}!\`;
console.log(greet('wasmbox'));
console.log('1 + 2 =', 1 + 2);
`,
  'count.sh': `# A shell script: run it with the Run button, or type: sh count.sh
for i in 1 2 3; do
  echo "count $i"
done
ls | wc -l | xargs echo "files here:"
`,
};
