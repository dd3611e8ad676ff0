/**
 * sb.fork() (issue 4), one body run in Node and in Chromium: the fork has
 * the parent's files, env, cwd, limits and sessions, and after it a change
 * in either sandbox, made through sb.fs or by a process, never shows in the
 * other, both ways; a process's fd opened before the fork keeps writing to
 * the parent's file only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, SandboxClosedError } from 'wasmbox';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
async function fork(sb: Sandbox): Promise<Sandbox> {
  const copy = await sb.fork();
  open.push(copy);
  return copy;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every entry under `dir`: type, mode, size, mtime, link target or content. */
async function tree(sb: Sandbox, dir = '/home/user', out: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  for (const name of await sb.fs.readdir(dir)) {
    const path = `${dir}/${name}`;
    const st = await sb.fs.lstat(path);
    const entry: Record<string, unknown> = { type: st.type, mode: st.mode, size: st.size, mtimeMs: st.mtimeMs, nlink: st.nlink };
    if (st.type === 'symlink') entry.target = await sb.fs.readlink(path);
    if (st.type === 'file') entry.content = await sb.fs.readFile(path, { encoding: 'utf8' });
    out[path] = entry;
    if (st.type === 'directory') await tree(sb, path, out);
  }
  return out;
}

async function parentWithFiles(): Promise<Sandbox> {
  const sb = await sandbox({
    env: { GREETING: 'hi' },
    cwd: '/home/user/work',
    limits: { maxProcesses: 9 },
    files: { 'f.txt': 'apple\nbanana\n', 'sub/g.txt': 'g\n', 'big.bin': new Uint8Array(100_000).fill(7) },
  });
  await sb.fs.symlink('f.txt', '/home/user/work/link');
  await sb.fs.mkdir('/home/user/work/empty');
  await sb.exec('ln f.txt hard');
  return sb;
}

describe('fork', () => {
  it('copies files, env, cwd and limits; running processes are not copied', async () => {
    const sb = await parentWithFiles();
    const sleeper = await sb.spawn(['sleep', '30']);
    const before = await tree(sb);
    const copy = await fork(sb);
    expect(await tree(copy)).toEqual(before);
    expect(copy.limits).toEqual(sb.limits);
    const r = await copy.exec('pwd; echo $GREETING; cat f.txt link; stat -c %h hard');
    expect(r.stdout).toBe('/home/user/work\nhi\napple\nbanana\napple\nbanana\n2\n');
    expect(copy.processes.list().items.map((p) => p.id)).not.toContain(sleeper.id);
    expect(sleeper.state).toBe('running');
    sleeper.kill();
  });

  // Each change is made on one side and must not show on the other.
  const changes: [string, (sb: Sandbox) => Promise<unknown>][] = [
    ['sb.fs.writeFile', (sb) => sb.fs.writeFile('f.txt', 'replaced')],
    ['sb.fs.writeFile of a new file', (sb) => sb.fs.writeFile('new.txt', 'new')],
    ['sb.fs.rename', (sb) => sb.fs.rename('f.txt', 'moved.txt')],
    ['sb.fs.rm', (sb) => sb.fs.rm('sub', { recursive: true })],
    ['sb.fs.chmod', (sb) => sb.fs.chmod('f.txt', 0o600)],
    ['sb.fs.symlink', (sb) => sb.fs.symlink('sub', 'to-sub')],
    ['sb.fs.mkdir', (sb) => sb.fs.mkdir('empty/deeper')],
    ['echo x >> f (append)', (sb) => sb.exec('echo x >> f.txt')],
    ['echo x > f (O_TRUNC)', (sb) => sb.exec('echo x > f.txt')],
    [': > f (truncate to nothing)', (sb) => sb.exec(': > big.bin')],
    ['sed -i', (sb) => sb.exec('sed -i s/apple/APPLE/ f.txt')],
    ['writing through a hard link', (sb) => sb.exec('echo via-hard >> hard')],
    ['writing through a symlink', (sb) => sb.exec('echo via-link >> link')],
    ['mv and rm', (sb) => sb.exec('mv sub/g.txt g2 && rm f.txt')],
    ['chmod', (sb) => sb.exec('chmod 700 sub')],
    ['touch (times)', (sb) => sb.exec('touch f.txt sub')],
    ['ln -s and ln', (sb) => sb.exec('ln -s f.txt s2 && ln big.bin big2')],
    ['cp over', (sb) => sb.exec('cp sub/g.txt f.txt')],
  ];
  for (const [name, change] of changes) {
    it(`${name} in the fork does not show in the parent, nor the other way`, async () => {
      const sb = await parentWithFiles();
      const before = await tree(sb);
      const copy = await fork(sb);
      await change(copy);
      expect(await tree(sb)).toEqual(before);
      const copyAfter = await tree(copy);
      expect(copyAfter).not.toEqual(before);

      const sb2 = await parentWithFiles();
      const before2 = await tree(sb2);
      const copy2 = await fork(sb2);
      await change(sb2);
      expect(await tree(copy2)).toEqual(before2);
    });
  }

  it("an fd opened before the fork keeps writing to the parent's file only", async () => {
    const sb = await parentWithFiles();
    const p = await sb.spawn(['sh', '-c', 'exec 3>>log; echo before >&3; read x; echo "after $x" >&3; : > f.txt']);
    for (let i = 0; i < 200 && !(await sb.fs.exists('log')); i++) await sleep(10);
    for (let i = 0; i < 200 && (await sb.fs.readFile('log', { encoding: 'utf8' })) !== 'before\n'; i++) await sleep(10);
    const copy = await fork(sb);
    await p.stdin.write('line\n');
    p.stdin.close();
    expect((await p.wait()).exitCode).toBe(0);
    expect(await sb.fs.readFile('log', { encoding: 'utf8' })).toBe('before\nafter line\n');
    expect(await copy.fs.readFile('log', { encoding: 'utf8' })).toBe('before\n');
    expect(await sb.fs.readFile('f.txt', { encoding: 'utf8' })).toBe('');
    expect(await copy.fs.readFile('f.txt', { encoding: 'utf8' })).toBe('apple\nbanana\n');
  });

  it('hard links stay one file within each sandbox', async () => {
    const sb = await parentWithFiles();
    const copy = await fork(sb);
    await copy.exec('echo fork >> hard');
    await sb.exec('echo parent >> f.txt');
    expect(await copy.fs.readFile('f.txt', { encoding: 'utf8' })).toBe('apple\nbanana\nfork\n');
    expect(await sb.fs.readFile('hard', { encoding: 'utf8' })).toBe('apple\nbanana\nparent\n');
    expect((await copy.fs.stat('hard')).ino).toBe((await copy.fs.stat('f.txt')).ino);
  });

  it("copies sessions with their id, cwd and exported env, not their running commands", async () => {
    const sb = await sandbox();
    const s = await sb.sessions.create({ id: 'agent' });
    await s.run('cd /tmp && export FOO=bar && LOCAL=1');
    const copy = await fork(sb);
    const t = copy.sessions.get('agent');
    expect(t).not.toBe(s);
    const r = await t.run('pwd; echo "$FOO-$LOCAL"');
    expect(r.stdout).toBe('/tmp\nbar-\n');
    await t.run('cd /; export FOO=changed');
    expect((await s.run('pwd; echo $FOO')).stdout).toBe('/tmp\nbar\n');
    // A default id does not collide with a copied one.
    const fresh = await copy.sessions.create();
    expect(copy.sessions.list().map((x) => x.id).sort()).toEqual(['agent', fresh.id].sort());
  });

  it('each side closes on its own; fork of a closed sandbox rejects', async () => {
    const sb = await parentWithFiles();
    const copy = await fork(sb);
    const grandchild = await fork(copy);
    await sb.close();
    expect((await copy.exec('cat f.txt')).stdout).toBe('apple\nbanana\n');
    await copy.close();
    expect((await grandchild.exec('cat sub/g.txt')).stdout).toBe('g\n');
    await expect(sb.fork()).rejects.toBeInstanceOf(SandboxClosedError);
  });

  it('random changes on both sides of several forks match a model of each', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const root = await sandbox({ files: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' } });
    const sides: [Sandbox, Map<string, string>][] = [[root, new Map([['a.txt', 'a'], ['b.txt', 'b'], ['c.txt', 'c']])]];
    for (let i = 0; i < 60; i++) {
      if (i % 15 === 5) {
        const [src, model] = sides[Math.floor(rand() * sides.length)]!;
        sides.push([await fork(src), new Map(model)]);
      }
      const [sb, model] = sides[Math.floor(rand() * sides.length)]!;
      const name = ['a.txt', 'b.txt', 'c.txt', 'd.txt'][Math.floor(rand() * 4)]!;
      const op = Math.floor(rand() * 3);
      if (op === 0) {
        await sb.fs.writeFile(name, `w${i}`);
        model.set(name, `w${i}`);
      } else if (op === 1 && model.has(name)) {
        await sb.exec(`printf %s ${i} >> ${name}`);
        model.set(name, model.get(name)! + i);
      } else if (model.has(name)) {
        await sb.fs.rm(name);
        model.delete(name);
      }
    }
    for (const [sb, model] of sides) {
      const files: Record<string, string> = {};
      for (const name of await sb.fs.readdir('.')) files[name] = await sb.fs.readFile(name, { encoding: 'utf8' });
      expect(files).toEqual(Object.fromEntries(model));
    }
  });

  it('forks a 100 MB, 10,000-file tree quickly (figure printed)', async () => {
    const sb = await sandbox();
    const chunk = new Uint8Array(10_486).fill(97);
    for (let d = 0; d < 100; d++) {
      await sb.fs.mkdir(`/w/d${d}`, { recursive: true });
      for (let f = 0; f < 100; f++) await sb.fs.writeFile(`/w/d${d}/f${f}`, chunk);
    }
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const copy = await sb.fork();
      times.push(performance.now() - t);
      await copy.close();
    }
    times.sort((a, b) => a - b);
    console.log(`fork() of 100 MB in 10,000 files: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    // The figure asked for is 50 ms; a loaded CI machine gets slack here, the bench keeps the figure.
    expect(times[1]).toBeLessThan(500);
  }, 120_000);
});
