/**
 * A ^C that comes while the interactive shell starts a foreground job. The
 * terminal hands ^C to its foreground group of the moment: the shell's while
 * the stages spawn and while the job is given the terminal, the job's after.
 * Wherever it lands, the job must end, the shell must prompt again with
 * status 130, and no process may be left running.
 *
 * The ^C is typed as the kernel serves the shell's Nth system call (for
 * every N from the line being read to the first wait), so each window is hit
 * for certain, not by timing. Node only: it reaches into the
 * sandbox's kernel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';
import { Op } from '../../engine/abi.js';
import { Screen } from '../helpers/pty-screen.js';

const PROMPT = 'user@wasmbox:~$ ';

type Handler = (op: number, req: unknown, res: unknown) => unknown;
interface Internals {
  kernel: { get(pid: number): { server?: { handler: Handler } } | undefined; live: { pid: number; spec: { argv: string[] } }[] };
}

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

/**
 * Run `command` in a fresh interactive shell and type ^C during the shell's
 * call number `interruptAt` (1 = the first after the line was read), or at
 * its first wait. Returns the shell's calls up to that wait, its status
 * after, and what is still running besides the shell.
 */
async function run(command: string, interruptAt = Infinity): Promise<{ calls: Op[]; status: string; others: string[] }> {
  const sb = await Sandbox.create();
  open.push(sb);
  const kernel = (sb as unknown as Internals).kernel;
  const pty = await sb.pty.create();
  const screen = new Screen(pty);
  let at = await screen.until(PROMPT);
  const server = kernel.get(pty.pid)!.server!;
  const calls: Op[] = [];
  let counting = false;
  let typed = false;
  // Once the call is settled (a blocked one is waiting on its notifiers), as a key typed meanwhile would be.
  const interrupt = () => {
    typed = true;
    queueMicrotask(() => pty.write('\x03'));
  };
  const original = server.handler;
  server.handler = (op, req, res) => {
    const result = original(op, req, res);
    // The line comes either to the read the shell is blocked in or to a new one (a Read here): leave that out, so
    // that call N is the same call in every run.
    if (!counting || calls.includes(Op.Wait) || (calls.length === 0 && op === Op.Read)) return result;
    calls.push(op);
    // At the Nth call; at the first wait in any case (the clean run, or a run whose calls were fewer).
    if (!typed && (calls.length === interruptAt || op === Op.Wait)) interrupt();
    return result;
  };
  counting = true;
  pty.write(`${command}\r`);
  at = await screen.until(`${command}\r\n`, at);
  at = await screen.until(PROMPT, at);
  counting = false;
  pty.write('echo "status=$?"\r');
  const from = at;
  await screen.until(/status=\d+/, from);
  const status = /status=(\d+)/.exec(screen.text.slice(from))![1]!;
  const others = kernel.live.filter((p) => p.pid !== pty.pid).map((p) => `${p.pid} ${p.spec.argv.join(' ')}`);
  return { calls, status, others };
}

describe('^C while the shell starts a foreground job', () => {
  for (const command of ['sleep 100 | cat', 'sleep 100 | sleep 100 | cat', '(sleep 100)']) {
    it(`ends all of \`${command}\`, wherever it lands`, async () => {
      const clean = await run(command);
      expect(clean.status).toBe('130');
      expect(clean.calls).toContain(Op.SetPgid);
      expect(clean.calls).toContain(Op.TtySetForeground);
      const wrong: string[] = [];
      for (let n = 1; n <= clean.calls.length; n++) {
        const r = await run(command, n);
        if (r.status !== '130' || r.others.length > 0) wrong.push(`^C during call ${n} (op ${clean.calls[n - 1]}): status ${r.status}, still running ${JSON.stringify(r.others)}`);
        await Promise.all(open.splice(0).map((sb) => sb.close()));
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  }
});
