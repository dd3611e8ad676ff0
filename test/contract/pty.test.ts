/**
 * Terminals (issue 6): sb.pty with the kernel's tty and line discipline,
 * the interactive shell on it, process groups and ^C, termios for our own
 * programs, and the agent-style exec/input. One body run in Node and in
 * Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, PtyEndedError, PtyNotFoundError, type Pty } from 'wasmbox';
import { fixtureFiles } from '../helpers/fixtures.js';
import { Screen } from '../helpers/pty-screen.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const decoder = new TextDecoder();


const PROMPT = 'user@wasmbox:~$ ';

describe('interactive shell on a pty', () => {
  it('shows the prompt, echoes what is typed and runs ls', async () => {
    const sb = await sandbox({ files: { 'notes.txt': 'hi', 'src/a.js': '' } });
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('ls\r');
    at = await screen.until(PROMPT, at);
    // The discipline echoes "ls", maps the typed CR to NL (ICRNL) and output NL to CR NL (ONLCR).
    expect(screen.text).toContain(`${PROMPT}ls\r\n`);
    expect(screen.text).toMatch(/notes\.txt\s+src\r\n/);
    pty.write('exit\r');
    expect(await pty.wait()).toEqual({ exitCode: 0, signal: null });
    expect(screen.text.endsWith('exit\r\n')).toBe(true);
  });

  it('^C during sleep 100 gives back a prompt within 100 ms, and the shell goes on', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('sleep 100\r');
    at = await screen.until('sleep 100\r\n', at);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    pty.write('\x03');
    at = await screen.until(PROMPT, at);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(100);
    expect(screen.text).toContain('^C\r\n');
    pty.write('echo status=$?\r');
    await screen.until('status=130\r\n', at);
    expect(pty.active).toBe(true);
  });

  it('^C interrupts a loop of builtins the shell runs itself', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('while :; do :; done\r');
    at = await screen.until('done\r\n', at);
    await new Promise((r) => setTimeout(r, 100));
    pty.write('\x03');
    at = await screen.until(PROMPT, at);
    pty.write('echo $?\r');
    await screen.until('130\r\n', at);
  });

  it('^\\ ends a foreground program with SIGQUIT (131)', async () => {
    const sb = await sandbox();
    const r = await sb.pty.exec('sleep 100', { yieldMs: 100 });
    const q = await sb.pty.input(r.id, '\x1c', { yieldMs: 5000 });
    expect(q.exitCode).toBe(131);
    expect(await sb.pty.get(r.id).wait()).toEqual({ exitCode: 131, signal: 'SIGQUIT' });
  });

  it('^C ends a foreground child process (its own process group), not the shell', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    // A pipeline runs in child processes: they form the foreground job.
    pty.write('sleep 100 | cat\r');
    at = await screen.until('sleep 100 | cat\r\n', at);
    await new Promise((r) => setTimeout(r, 100));
    pty.write('\x03');
    at = await screen.until(PROMPT, at);
    pty.write('echo $?\r');
    await screen.until('130\r\n', at);
    expect(pty.active).toBe(true);
  });

  it('^C at the prompt discards the line and shows a fresh prompt', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('echo never');
    await screen.until('echo never', at);
    pty.write('\x03');
    at = await screen.until(`^C\r\n${PROMPT}`, at);
    pty.write('echo after\r');
    await screen.until('after\r\n', at);
    expect(screen.text).not.toContain('never\r\n');
  });

  it('^D at an empty prompt ends the shell with 0; exit 3 with 3', async () => {
    const sb = await sandbox();
    const a = await sb.pty.create();
    const screen = new Screen(a);
    await screen.until(PROMPT);
    a.write('\x04');
    expect(await a.wait()).toEqual({ exitCode: 0, signal: null });
    expect(screen.text.endsWith('exit\r\n')).toBe(true);
    expect(a.active).toBe(false);

    const b = await sb.pty.create();
    const s2 = new Screen(b);
    await s2.until(PROMPT);
    b.write('exit 3\r');
    expect((await b.wait()).exitCode).toBe(3);
  });

  it('continues an incomplete command with PS2 and edits lines in the kernel', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create({ env: { PS1: '\\W \\$ ' } });
    const screen = new Screen(pty);
    let at = await screen.until('~ $ ');
    pty.write('for i in 1 2\r');
    at = await screen.until('> ', at);
    pty.write('do echo n$i; done\r');
    at = await screen.until('n1\r\nn2\r\n', at);
    // Backspace (DEL) and ^U edit the line before the shell sees it.
    pty.write('echo abX\x7fc\r');
    at = await screen.until('abc\r\n', at);
    pty.write('garbage\x15echo clean\r');
    at = await screen.until('clean\r\n', at);
    // A here-document reads on until its delimiter; so does a trailing backslash.
    pty.write('cat <<EOF\r');
    at = await screen.until('> ', at);
    pty.write('body $((6 * 7))\rEOF\r');
    at = await screen.until('body 42\r\n', at);
    pty.write('echo one \\\rtwo\r');
    await screen.until('one two\r\n', at);
  });

  it('resize: a process started after it sees COLUMNS/LINES, a running one the window-size call', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create({ cols: 100, rows: 30 });
    expect([pty.cols, pty.rows]).toEqual([100, 30]);
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('echo $COLUMNS $LINES; stty size\r');
    at = await screen.until('100 30\r\n30 100\r\n', at);
    at = await screen.until(PROMPT, at);
    await pty.resize({ cols: 132, rows: 43 });
    expect(pty.info()).toMatchObject({ cols: 132, rows: 43 });
    pty.write('echo $COLUMNS $LINES; sh -c "echo \\$COLUMNS"\r');
    at = await screen.until('132 43\r\n132\r\n', at);
    // A running program: `read` waits, then stty asks the kernel after the resize.
    pty.write('read x; stty size\r');
    await new Promise((r) => setTimeout(r, 50));
    await pty.resize({ cols: 50, rows: 10 });
    pty.write('\r');
    await screen.until('10 50\r\n', at);
  });

  it('raw and no-echo modes through stty (the runtimes\' tcsetattr)', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('stty -echo; echo ready; read secret; stty echo; echo "got $secret"\r');
    at = await screen.until('ready\r\n', at);
    pty.write('hunter2\r');
    at = await screen.until('got hunter2\r\n', at);
    // Typed with echo off: only the shell's own output shows the word.
    expect(screen.text.match(/hunter2/g)).toHaveLength(1);
    // Raw mode: no line editing (DEL is a byte like any other), no output processing; `stty sane` brings the defaults back.
    pty.write('stty raw; echo ready; head -c 3 | base64; stty sane\r');
    at = await screen.until('ready\n', at);
    pty.write('a\x7fb');
    await screen.until('YX9i', at);
    at = await screen.until(PROMPT, at);
    pty.write('stty -a | tail -1\r');
    await screen.until(/icanon/, at);
  });

  it('isatty and the test -t builtin see the terminal; a pipe is not one', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('[ -t 0 ] && echo tty0; echo x | { [ -t 0 ] || echo pipe0; }\r');
    await screen.until('tty0\r\npipe0\r\n', at);
  });

  it('runs background jobs, lists them and reports them done', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    let at = await screen.until(PROMPT);
    pty.write('sleep 0.2 &\r');
    at = await screen.until(/\[1\] \d+\r\n/, at);
    pty.write('jobs\r');
    at = await screen.until(/\[1\]\+\s+Running\s+sleep 0\.2 &/, at);
    // The shell reports a finished job before its next prompt: press Enter until
    // it has (a loaded machine may start the job's worker well after 0.2 s).
    const done = /\[1\]\+\s+Done\s+sleep 0\.2/;
    for (let i = 0; i < 50 && !done.test(screen.text.slice(at)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      pty.write('\r');
    }
    at = await screen.until(done, at);
    // fg gives a background job the terminal: ^C then reaches it, not the shell.
    pty.write('sleep 100 &\r');
    at = await screen.until(/\[1\] \d+\r\n/, at);
    at = await screen.until(PROMPT, at);
    pty.write('fg\r');
    at = await screen.until('fg\r\nsleep 100\r\n', at);
    await new Promise((r) => setTimeout(r, 50));
    pty.write('\x03');
    at = await screen.until(PROMPT, at);
    pty.write('echo $?; jobs; fg\r');
    await screen.until('130\r\nsh: fg: current: no such job\r\n', at);
  });
});

describe('sb.pty API', () => {
  it('exec returns the output and the status of a command that ends within yieldMs', async () => {
    const sb = await sandbox();
    const r = await sb.pty.exec('echo hello; [ -t 1 ] && echo on-a-tty; exit 4', { yieldMs: 5000 });
    expect(r.output).toBe('hello\r\non-a-tty\r\n');
    expect(r.exitCode).toBe(4);
    expect(sb.pty.get(r.id).active).toBe(false);
  });

  it('exec yields after yieldMs with exitCode null; input returns the new output since the last call', async () => {
    const sb = await sandbox();
    const first = await sb.pty.exec('echo start; read name; echo "hi $name"; read more; echo end', { yieldMs: 200 });
    expect(first.exitCode).toBeNull();
    // Later calls return only what is new; the program waits in `read`, so it is still running.
    let output = first.output;
    for (let i = 0; i < 50 && !output.includes('start\r\n'); i++) output += (await sb.pty.input(first.id, '', { yieldMs: 100 })).output;
    expect(output).toBe('start\r\n');
    const second = await sb.pty.input(first.id, 'ada\r', { yieldMs: 100 });
    expect(second.exitCode).toBeNull();
    output = second.output;
    for (let i = 0; i < 50 && !output.includes('hi ada\r\n'); i++) output += (await sb.pty.input(first.id, '', { yieldMs: 100 })).output;
    // The typed line is echoed by the discipline, then the program answers.
    expect(output).toBe('ada\r\nhi ada\r\n');
    // A call returns as soon as the program ends, well before yieldMs.
    const t0 = Date.now();
    const third = await sb.pty.input(first.id, '\r', { yieldMs: 20_000 });
    expect(third).toEqual({ id: first.id, output: '\r\nend\r\n', exitCode: 0 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Nothing is left, and typing into an ended pty is an error.
    expect(await sb.pty.input(first.id, '')).toEqual({ id: first.id, output: '', exitCode: 0 });
    await expect(sb.pty.input(first.id, 'x')).rejects.toMatchObject({ name: 'PtyEndedError', code: 'PTY_ENDED' });
  });

  it('drives an interactive shell the agent way', async () => {
    const sb = await sandbox();
    const r = await sb.pty.exec(['sh', '-i'], { yieldMs: 300 });
    expect(r.output).toBe(PROMPT);
    const s = await sb.pty.input(r.id, 'cd /tmp && pwd\r', { yieldMs: 300 });
    expect(s.output).toBe('cd /tmp && pwd\r\n/tmp\r\nuser@wasmbox:/tmp$ ');
    const e = await sb.pty.input(r.id, 'exit 7\r', { yieldMs: 2000 });
    expect(e.exitCode).toBe(7);
  });

  it('cuts output past maxOutputBytes in the middle, with a marker saying how much was dropped', async () => {
    const sb = await sandbox();
    const r = await sb.pty.exec('seq 1 20000', { yieldMs: 10_000, maxOutputBytes: 1000 });
    let total = 0;
    for (let i = 1; i <= 20000; i++) total += String(i).length + 2;
    const marker = /\n\[… (\d+) bytes dropped …\]\n/.exec(r.output);
    expect(marker).not.toBeNull();
    const [head, tail] = r.output.split(marker![0]);
    expect(head!.length).toBe(500);
    expect(tail!.length).toBe(500);
    expect(Number(marker![1])).toBe(total - 1000);
    expect(head!.startsWith('1\r\n2\r\n3\r\n')).toBe(true);
    expect(tail!.endsWith('19999\r\n20000\r\n')).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('keeps UTF-8 characters whole across a cut', async () => {
    const sb = await sandbox();
    const r = await sb.pty.exec("printf '€%.0s' $(seq 1 100)", { yieldMs: 5000, maxOutputBytes: 31 });
    expect(r.output).not.toContain('\uFFFD');
    expect(r.output).toMatch(/^€{5}\n\[… \d+ bytes dropped …\]\n€{5}$/);
  });

  it('serves several listeners at once; a late one gets new output, or the scrollback with replay', async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create({ id: 'shared' });
    // The first listener replays by default (see the next test), the others only on request.
    const a = new Screen(pty);
    let connected = '';
    sb.pty.connect('shared', { onData: (d) => (connected += decoder.decode(d)), replay: true });
    await a.until(PROMPT);
    const b = new Screen(sb.pty.get('shared'));
    pty.write('echo one\r');
    await a.until('one\r\n');
    await b.until('one\r\n');
    let late = '';
    let replayed = '';
    sb.pty.connect('shared', { onData: (d) => (late += decoder.decode(d)) });
    sb.pty.connect('shared', { onData: (d) => (replayed += decoder.decode(d)), replay: true });
    pty.write('echo two\r');
    await a.until('two\r\n');
    await b.until('two\r\n');
    expect(connected).toBe(a.text);
    expect(b.text).toBe(a.text.slice(PROMPT.length));
    expect(late).not.toContain('one');
    expect(late).toContain('two\r\n');
    expect(replayed).toBe(a.text);
    // An async iterator sees the same stream from the start (replay by default) and ends with the program.
    const chunks: string[] = [];
    const iterating = (async () => {
      for await (const chunk of pty) chunks.push(decoder.decode(chunk));
    })();
    pty.write('exit\r');
    await iterating;
    expect(chunks.join('')).toBe(a.text);
  });

  it("gives the first listener what the program printed before it listened (the first prompt)", async () => {
    const sb = await sandbox();
    const pty = await sb.pty.create({ id: 'early' });
    // Nobody listens until the shell has printed its prompt (the agent-style calls do not listen).
    let seen = '';
    for (let i = 0; i < 400 && !seen.includes(PROMPT); i++) seen += (await sb.pty.input('early', '', { yieldMs: 50 })).output;
    expect(seen).toBe(PROMPT);
    let first = '';
    let second = '';
    let optedOut = '';
    pty.onData((d) => (first += decoder.decode(d)));
    pty.onData((d) => (second += decoder.decode(d)));
    expect(first).toBe(PROMPT);
    expect(second).toBe('');
    const other = await sb.pty.create({ id: 'early-2' });
    let seen2 = '';
    for (let i = 0; i < 400 && !seen2.includes(PROMPT); i++) seen2 += (await sb.pty.input('early-2', '', { yieldMs: 50 })).output;
    other.onData((d) => (optedOut += decoder.decode(d)), { replay: false });
    expect(optedOut).toBe('');
    pty.write('echo hi\r');
    await new Screen(pty).until(`hi\r\n${PROMPT}`);
    expect(first).toBe(`${PROMPT}echo hi\r\nhi\r\n${PROMPT}`);
    expect(second).toBe(`echo hi\r\nhi\r\n${PROMPT}`);
  });

  it('lists, finds and kills ptys; kill sends SIGHUP to the program and its children', async () => {
    const sb = await sandbox();
    const p1 = await sb.pty.create({ id: 'one', cols: 90, rows: 20, cwd: '/tmp' });
    const p2 = await sb.pty.create({ command: 'sleep 100 | cat' });
    expect(sb.pty.list().map((p) => p.id)).toEqual(['one', p2.id]);
    expect(sb.pty.get('one')).toBe(p1);
    const info = p1.info();
    expect(info).toMatchObject({ id: 'one', cols: 90, rows: 20, cwd: '/tmp', active: true, exitCode: null, command: ['sh', '-i'] });
    expect(info.pid).toBe(p1.pid);
    expect(typeof info.createdAt).toBe('number');
    await new Promise((r) => setTimeout(r, 100));
    expect(p2.kill()).toBe(true);
    expect(await p2.wait()).toEqual({ exitCode: 129, signal: 'SIGHUP' });
    expect(p2.kill()).toBe(false);
    expect(p2.active).toBe(false);
    // Nothing of the pipeline is left running.
    expect(sb.stats().running).toBe(1);
    expect(p1.kill('SIGTERM')).toBe(true);
    expect(await p1.wait()).toEqual({ exitCode: 143, signal: 'SIGTERM' });
  });

  it('sb.close() ends every pty and its listeners', async () => {
    const sb = await Sandbox.create();
    const pty = await sb.pty.create();
    const screen = new Screen(pty);
    await screen.until(PROMPT);
    const chunks: Uint8Array[] = [];
    const iterating = (async () => {
      for await (const chunk of pty.output({ replay: false })) chunks.push(chunk);
    })();
    await sb.close();
    expect((await pty.wait()).signal).toBe('SIGKILL');
    await iterating;
    expect(() => sb.pty.list()).toThrow(expect.objectContaining({ code: 'SANDBOX_CLOSED' }));
    await expect(sb.pty.create()).rejects.toMatchObject({ code: 'SANDBOX_CLOSED' });
  });

  it('refuses garbage with named errors', async () => {
    const sb = await sandbox();
    for (const bad of [0, -1, Number.NaN, Infinity, 1e9, 2.5, '80', null]) {
      await expect(sb.pty.create({ cols: bad as number })).rejects.toBeInstanceOf(RangeError);
      await expect(sb.pty.create({ rows: bad as number })).rejects.toBeInstanceOf(RangeError);
    }
    await expect(sb.pty.create({ command: 42 as unknown as string })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ command: [] })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ command: ['echo', 1 as unknown as string] })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ command: 'echo \0' })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ env: { A: 1 as unknown as string } })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ id: '' })).rejects.toBeInstanceOf(TypeError);
    await expect(sb.pty.create({ cwd: '/no/such/dir' })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(sb.pty.create({ command: ['no-such-program'] })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(sb.pty.list()).toEqual([]);

    const pty = await sb.pty.create({ id: 'taken', command: 'exit 0' });
    await expect(sb.pty.create({ id: 'taken' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await pty.wait();
    expect(() => pty.write('late')).toThrow(PtyEndedError);
    await expect(pty.resize({ cols: 10, rows: 10 })).rejects.toMatchObject({ code: 'PTY_ENDED' });
    expect(() => pty.write(42 as unknown as string)).toThrow(TypeError);
    expect(() => pty.onData('no' as unknown as () => void)).toThrow(TypeError);
    expect(() => pty.kill('SIGNOPE')).toThrow(RangeError);

    const live = await sb.pty.create();
    for (const size of [{ cols: 0, rows: 5 }, { cols: 5, rows: -5 }, { cols: Number.NaN, rows: 5 }, { cols: 5, rows: 5000 }, null]) {
      await expect(live.resize(size as { cols: number; rows: number })).rejects.toThrow(/cols|rows|size/);
    }
    expect(() => sb.pty.get('nope')).toThrow(PtyNotFoundError);
    expect(() => sb.pty.connect('nope')).toThrow(expect.objectContaining({ code: 'PTY_NOT_FOUND' }));
    await expect(sb.pty.input('nope', 'x')).rejects.toBeInstanceOf(PtyNotFoundError);
    await expect(sb.pty.input(live.id, 42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    for (const yieldMs of [-1, Number.NaN, Infinity, '5']) {
      await expect(sb.pty.exec('true', { yieldMs: yieldMs as number })).rejects.toBeInstanceOf(RangeError);
    }
    for (const maxOutputBytes of [0, -5, 1.5, 1e12]) {
      await expect(sb.pty.input(live.id, '', { maxOutputBytes })).rejects.toBeInstanceOf(RangeError);
    }
    await expect(sb.pty.exec(7 as unknown as string)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('a WASI program on a pty', () => {
  it('sees a terminal (isatty), reads canonical lines, gets EOF from ^D and dies of ^C', async () => {
    const sb = await sandbox({ files: fixtureFiles('isatty') });
    // Take output with input(id, '') until `text` has come (compiling the module may take a while).
    const collect = async (id: string, first: string, text: string) => {
      let out = first;
      for (let i = 0; i < 100 && !out.includes(text); i++) out += (await sb.pty.input(id, '', { yieldMs: 100 })).output;
      return out;
    };
    const r = await sb.pty.exec(['isatty'], { yieldMs: 100 });
    expect(await collect(r.id, r.output, '\n')).toBe('tty: 1 1 1\r\n');
    const line = await sb.pty.input(r.id, 'hellp\x7fo\r', { yieldMs: 300 });
    expect(line.output).toBe('hellp\b \bo\r\nread 5: hello\r\n');
    const eof = await sb.pty.input(r.id, '\x04', { yieldMs: 3000 });
    expect(eof).toMatchObject({ output: 'eof\r\n', exitCode: 0 });

    const again = await sb.pty.exec(['isatty'], { yieldMs: 100 });
    await collect(again.id, again.output, '\n');
    const killed = await sb.pty.input(again.id, '\x03', { yieldMs: 3000 });
    expect(killed).toMatchObject({ output: '^C', exitCode: 130 });
    expect(await sb.pty.get(again.id).wait()).toEqual({ exitCode: 130, signal: 'SIGINT' });

    // Through pipes it is no terminal.
    const piped = await sb.exec(['isatty']);
    expect(piped.stdout).toBe('tty: 0 0 0\neof\n');
  });
});
