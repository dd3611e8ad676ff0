/**
 * The `wasmbox` CLI in a real terminal: tmux (a Debian package that CI
 * installs) runs dist/cli.js in a detached session; the test types with
 * `send-keys` and reads the screen with `capture-pane`, as a person would.
 * Locally, without tmux, the file is skipped with a loud message; in CI a
 * missing tmux is a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) {
  if (process.env.CI) throw new Error('tmux is missing: .ci/run must install it (apt-get install tmux)');
  console.warn('\n*** cli-tmux.test.ts SKIPPED: tmux is not installed (apt-get install tmux) ***\n');
}

const work = mkdtempSync(join(tmpdir(), 'wasmbox-tmux-'));
/**
 * A private tmux server per test, so the test never touches a user's
 * sessions and never races the shutdown of the previous test's server.
 */
let socket = '';
let testNumber = 0;
beforeEach(() => {
  socket = `wasmbox-test-${process.pid}-${++testNumber}`;
});
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
afterEach(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
/** Start the CLI in a fresh 100x30 pane; its exit status is printed after it ends, and the pane stays. */
function start(args: string[] = []): string {
  const name = `t${++counter}`;
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', `cd ${work} && ${quoted}; echo "[cli exited $?]"; sleep 60`);
  return name;
}

function screen(name: string): string {
  return tmux('capture-pane', '-p', '-t', name);
}

async function waitFor(name: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(name);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keys = (name: string, ...k: string[]) => tmux('send-keys', '-t', name, ...k);
/** Type text literally (no key-name interpretation), then Enter. */
const type = (name: string, text: string) => {
  tmux('send-keys', '-t', name, '-l', text);
  tmux('send-keys', '-t', name, 'Enter');
};

describe.skipIf(!hasTmux)('wasmbox in tmux', () => {
  it('starts with a prompt, runs commands and exits with the status given to exit', async () => {
    const t = start();
    await waitFor(t, /user@wasmbox:~\$ ?$/m);
    type(t, 'echo $((6 * 7)) && ls /bin | grep -c .');
    await waitFor(t, /^42\n\d+\n/m);
    type(t, 'cd /tmp && pwd');
    await waitFor(t, /user@wasmbox:\/tmp\$ ?$/m);
    type(t, 'exit 5');
    await waitFor(t, /\[cli exited 5\]/);
  });

  it('sends ^C to the sandbox foreground job, not to the CLI', async () => {
    const t = start();
    await waitFor(t, /\$ ?$/m);
    type(t, 'sleep 100');
    await new Promise((r) => setTimeout(r, 300));
    keys(t, 'C-c');
    await waitFor(t, /\^C\n.*user@wasmbox:~\$ ?$/m, 5000);
    type(t, 'echo still here');
    await waitFor(t, /^still here$/m);
    // ^D at an empty prompt ends the shell with 0.
    keys(t, 'C-d');
    await waitFor(t, /\[cli exited 0\]/);
  });

  it('follows a resize of the terminal', async () => {
    const t = start();
    await waitFor(t, /\$ ?$/m);
    type(t, 'echo cols=$COLUMNS');
    await waitFor(t, /^cols=100$/m);
    tmux('resize-window', '-t', t, '-x', '120', '-y', '40');
    await new Promise((r) => setTimeout(r, 200));
    type(t, "sh -c 'echo size=${COLUMNS}x${LINES}'");
    await waitFor(t, /^size=120x40$/m);
  });

  it('--snapshot keeps files across two runs', async () => {
    const snap = join(work, 'tmux-box.tar.gz');
    const first = start(['--snapshot', snap]);
    await waitFor(first, /\$ ?$/m);
    type(first, 'echo remembered > ~/memo && exit');
    await waitFor(first, /\[cli exited 0\]/);
    expect(existsSync(snap)).toBe(true);
    const second = start(['--snapshot', snap]);
    await waitFor(second, /\$ ?$/m);
    type(second, 'cat ~/memo');
    await waitFor(second, /^remembered$/m);
  });
});
