/**
 * Snapshots, restore and pause/resume (issue 4), one body run in Node and in
 * Chromium: random trees survive the round trip, snapshots do not stop
 * running processes, and every corrupt or hostile archive is refused with
 * InvalidSnapshotError and no sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidSnapshotError, LimitExceededError, Sandbox, SandboxClosedError } from 'wasmbox';
import { gunzipSync, gzipSync } from 'fflate';
import { encodeHeader, padding, readArchive, writeArchive, type TarEntryInput } from '../../engine/tar-format.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const encoder = new TextEncoder();

/** mulberry32: a small seeded PRNG, so a failing tree can be rebuilt from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TreeEntry {
  type: string;
  mode: number;
  mtimeMs: number;
  content?: string;
  target?: string;
  /** Paths sharing an inode get the same group number. */
  inode: number;
}

/** Every entry under `root` (lstat, no symlink followed), keyed by path. */
async function listTree(sb: Sandbox, root = '/'): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const inodes = new Map<number, number>();
  const walk = async (path: string): Promise<void> => {
    const st = await sb.fs.lstat(path);
    if (!inodes.has(st.ino)) inodes.set(st.ino, inodes.size);
    const entry: TreeEntry = { type: st.type, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, inode: inodes.get(st.ino)! };
    if (st.type === 'symlink') {
      entry.target = await sb.fs.readlink(path);
      entry.mode = 0;
    }
    if (st.type === 'file') entry.content = hexOf(await sb.fs.readFile(path));
    out.set(path, entry);
    if (st.type === 'directory') {
      for (const name of (await sb.fs.readdir(path)).sort()) await walk(path === '/' ? `/${name}` : `${path}/${name}`);
    }
  };
  await walk(root);
  // The kernel's device files are recreated, not restored.
  for (const dev of ['null', 'zero', 'random', 'urandom']) out.delete(`/dev/${dev}`);
  out.delete('/dev');
  return out;
}

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const NAMES = ['a', 'b c', 'ünïcødé', '日本語', '🎉 party', 'x'.repeat(90), 'dot.file', '.hidden', 'tab\there', "quote'd", 'new\nline', '-dash'];

/** A random tree under /t: returns a shell script for what sb.fs cannot do (hard links, mtimes). */
async function randomTree(sb: Sandbox, rand: () => number): Promise<string> {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const dirs = ['/t'];
  const files: string[] = [];
  const script: string[] = [];
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  await sb.fs.mkdir('/t');
  // Deep and long: one path of 200+ characters, which needs a pax path record.
  let deep = '/t';
  for (let i = 0; i < 3 + Math.floor(rand() * 4); i++) deep += `/${pick(NAMES)}${i}`;
  deep += `/${'long-directory-name-'.repeat(4)}${Math.floor(rand() * 1000)}`;
  await sb.fs.mkdir(deep, { recursive: true });
  for (let p = deep; p !== '/t'; p = p.slice(0, p.lastIndexOf('/'))) dirs.push(p);
  const count = 10 + Math.floor(rand() * 20);
  for (let i = 0; i < count; i++) {
    const parent = pick(dirs);
    const path = `${parent}/${pick(NAMES)}-${i}`;
    const kind = rand();
    if (kind < 0.2) {
      await sb.fs.mkdir(path);
      dirs.push(path);
    } else if (kind < 0.7) {
      const size = rand() < 0.2 ? 0 : Math.floor(rand() * 3000);
      const data = new Uint8Array(size);
      for (let j = 0; j < size; j++) data[j] = Math.floor(rand() * 256);
      await sb.fs.writeFile(path, data);
      await sb.fs.chmod(path, pick([0o600, 0o644, 0o755, 0o400, 0o640]));
      files.push(path);
    } else if (kind < 0.85) {
      const target = pick([pick(files.length > 0 ? files : dirs), '../' + pick(NAMES), '/nowhere/dangling', 'relative/dangling', pick(dirs).slice(1)]);
      await sb.fs.symlink(target, path);
    } else if (files.length > 0) {
      script.push(`ln ${quote(pick(files))} ${quote(path)}`);
    }
  }
  // Explicit mtimes: whole seconds, milliseconds, the far future (past ustar's 8^11 s) and the epoch.
  for (const file of files.slice(0, 6)) {
    const seconds = pick(['1700000000', '1234567890.123', '17179869184.5', '0', '86400.001']);
    script.push(`touch -d @${seconds} ${quote(file)}`);
  }
  // Directory modes last, so nothing above was refused by them.
  for (const dir of dirs.slice(1)) await sb.fs.chmod(dir, pick([0o700, 0o755, 0o750, 0o711]));
  return script.join('\n');
}

describe('snapshot → create({ from })', () => {
  it('keeps random trees identical: content, type, mode, mtime (to the ms), symlinks, hard links, empty dirs (20 seeds, gzip and plain)', async () => {
    // The generator must really produce what the test claims to cover.
    const seen = { hardLinks: 0, symlinks: 0, longPaths: 0, emptyFiles: 0, msTimes: 0, farFuture: 0, privateDirs: 0 };
    const tally = (tree: Map<string, TreeEntry>) => {
      const perInode = new Map<number, number>();
      for (const [path, e] of tree) {
        perInode.set(e.inode, (perInode.get(e.inode) ?? 0) + 1);
        if (e.type === 'symlink') seen.symlinks++;
        if (path.length > 200) seen.longPaths++;
        if (e.content === '') seen.emptyFiles++;
        if (e.mtimeMs % 1000 !== 0) seen.msTimes++;
        if (e.mtimeMs > 8 ** 11 * 1000) seen.farFuture++;
        if (e.type === 'directory' && e.mode === 0o700) seen.privateDirs++;
      }
      for (const n of perInode.values()) if (n > 1) seen.hardLinks++;
    };
    for (let seed = 1; seed <= 20; seed++) {
      const rand = prng(seed);
      const sb = await sandbox();
      const script = await randomTree(sb, rand);
      if (script) {
        const r = await sb.exec(script);
        expect(r.stderr, `seed ${seed}`).toBe('');
      }
      await sb.fs.mkdir('/t/empty dir', { mode: 0o700 });
      const before = await listTree(sb);
      tally(before);
      for (const gzip of [true, false]) {
        const snap = await sb.snapshot({ gzip });
        const copy = await sandbox({ from: snap });
        const after = await listTree(copy);
        expect([...after.keys()], `seed ${seed} gzip ${gzip}`).toEqual([...before.keys()]);
        for (const [path, entry] of before) expect(after.get(path), `seed ${seed} gzip ${gzip} ${path}`).toEqual(entry);
      }
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(2);
  }, 120_000);

  it('a restored file written in place changes only itself, never its neighbours or the snapshot', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/a', 'aaaa');
    await sb.fs.writeFile('/b', 'bbbb');
    for (const gzip of [false, true]) {
      const snap = await sb.snapshot({ gzip });
      const before = snap.slice();
      const copy = await sandbox({ from: snap });
      const r = await copy.exec('printf XY 1<> /a; printf 0123456789 >> /b');
      expect(r.stderr).toBe('');
      expect(await copy.fs.readFile('/a', { encoding: 'utf8' })).toBe('XYaa');
      expect(await copy.fs.readFile('/b', { encoding: 'utf8' })).toBe('bbbb0123456789');
      expect(snap).toEqual(before);
      const again = await sandbox({ from: snap });
      expect(await again.fs.readFile('/a', { encoding: 'utf8' })).toBe('aaaa');
      expect(await again.fs.readFile('/b', { encoding: 'utf8' })).toBe('bbbb');
    }
  });

  it('writes a pax tar: manifest first, then the tree, parents before children', async () => {
    const sb = await sandbox({ env: { A: '1' }, cwd: '/work' });
    await sb.fs.writeFile('/work/f', 'hello');
    const snap = await sb.snapshot({ gzip: false });
    const entries = readArchive(snap);
    expect(entries[0]!.entry.name).toBe('.wasmbox/manifest.json');
    const manifest = JSON.parse(new TextDecoder().decode(entries[0]!.data));
    expect(manifest).toMatchObject({ format: 'wasmbox-snapshot', version: 1, cwd: '/work', env: { A: '1', HOME: '/home/user' }, sessions: [] });
    expect(manifest.contentSha256).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(manifest.contentBytes).toBe(snap.length - 512 - Math.ceil(entries[0]!.data.length / 512) * 512);
    const names = entries.map((e) => e.entry.name);
    expect(names[1]).toBe('./');
    expect(names).toContain('bin/ls');
    expect(names).toContain('work/f');
    expect(names).not.toContain('dev/null');
    expect(names.indexOf('work/')).toBeLessThan(names.indexOf('work/f'));
    const gz = await sb.snapshot();
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz).length).toBe(snap.length);
  });

  it('takes the env and cwd from the snapshot unless create overrides them', async () => {
    const sb = await sandbox({ env: { A: '1', B: '2' }, cwd: '/work/dir' });
    const snap = await sb.snapshot();
    const same = await sandbox({ from: snap });
    expect((await same.exec('echo $A $B; pwd')).stdout).toBe('1 2\n/work/dir\n');
    const other = await sandbox({ from: snap, env: { B: 'b' }, cwd: '/elsewhere', files: { 'new.txt': 'x' } });
    expect((await other.exec('echo $A $B; pwd; cat new.txt')).stdout).toBe('1 b\n/elsewhere\nx');
  });

  it('carries its programs: a removed /bin program stays removed, a changed one stays changed', async () => {
    const sb = await sandbox();
    await sb.fs.rm('/bin/sort');
    await sb.fs.writeFile('/bin/hi', '#!/bin/sh\necho hi from a script\n', { mode: 0o755 });
    const copy = await sandbox({ from: await sb.snapshot() });
    expect(await copy.fs.exists('/bin/sort')).toBe(false);
    expect((await copy.exec('hi')).stdout).toBe('hi from a script\n');
    expect((await copy.exec('echo ok > /dev/null; cat /dev/null; echo $?')).stdout).toBe('0\n');
  });

  it('succeeds while processes run, and does not stop them', async () => {
    const sb = await sandbox();
    const writer = await sb.spawn(['sh', '-c', 'while :; do echo x >> /tmp/f; done']);
    const sleeper = await sb.spawn(['sleep', '30']);
    // Written to, not just created (`>>` creates the file before its first write).
    const written = async () => (await sb.fs.exists('/tmp/f')) && (await sb.fs.stat('/tmp/f')).size >= 4;
    for (let i = 0; i < 500 && !(await written()); i++) await sleep(10);
    const snap = await sb.snapshot();
    expect(writer.state).toBe('running');
    expect(sleeper.state).toBe('running');
    const size1 = (await sb.fs.stat('/tmp/f')).size;
    await sleep(100);
    expect((await sb.fs.stat('/tmp/f')).size).toBeGreaterThan(size1);
    const copy = await sandbox({ from: snap });
    const lines = (await copy.fs.readFile('/tmp/f', { encoding: 'utf8' })).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((l) => l === 'x')).toBe(true);
    expect(copy.processes.list().items).toEqual([]);
    writer.kill('SIGKILL');
    sleeper.kill('SIGKILL');
  });
});

describe('pause and resume', () => {
  it('keeps files, env, cwd and sessions (ids, cwd, env); the paused sandbox is closed', async () => {
    const sb = await Sandbox.create({ env: { A: 'one' }, cwd: '/work' });
    await sb.fs.writeFile('/work/notes.txt', 'kept');
    const s1 = await sb.sessions.create({ id: 'builder' });
    await s1.run('mkdir -p /work/sub && cd /work/sub && export B=two && C=unexported');
    const s2 = await sb.sessions.create({ id: 'other', env: { D: 'four' } });
    const running = await sb.spawn(['sleep', '30']);
    const paused = await sb.pause();
    expect(sb.isClosed).toBe(true);
    expect(running.state).toBe('killed');
    await expect(sb.exec('true')).rejects.toBeInstanceOf(SandboxClosedError);
    expect(s2.id).toBe('other');

    const resumed = await sandbox({ from: paused });
    expect(resumed.processes.list().items).toEqual([]);
    expect(await resumed.fs.readFile('/work/notes.txt', { encoding: 'utf8' })).toBe('kept');
    expect((await resumed.exec('echo $A; pwd')).stdout).toBe('one\n/work\n');
    expect(resumed.sessions.list().map((s) => s.id).sort()).toEqual(['builder', 'other']);
    const r1 = await resumed.sessions.get('builder').run('pwd; echo "$A $B [$C]"');
    expect(r1.stdout).toBe('/work/sub\none two []\n');
    const r2 = await resumed.sessions.get('other').run('pwd; echo $D');
    expect(r2.stdout).toBe('/work\nfour\n');
  });
});

// ------------------------------------------------------------------ hostile input

const CHUNK = 4 * 1024 * 1024;

/** The manifest's content fields for `tree`: its size and one SHA-256 per 4 MiB chunk. */
async function contentFields(tree: Uint8Array): Promise<Record<string, unknown>> {
  const hashes: string[] = [];
  for (let at = 0; at < tree.length; at += CHUNK) {
    hashes.push(hexOf(new Uint8Array(await crypto.subtle.digest('SHA-256', tree.slice(at, at + CHUNK)))));
  }
  return { contentBytes: tree.length, chunkBytes: CHUNK, contentSha256: hashes };
}

/** A snapshot-format archive around a tree archive, with correct hashes unless `manifest` overrides them. */
async function wrap(tree: Uint8Array, manifest: Record<string, unknown> = {}): Promise<Uint8Array> {
  const fields = { format: 'wasmbox-snapshot', version: 1, ...(await contentFields(tree)), createdAt: '2024-01-01T00:00:00Z', env: {}, cwd: '/', sessions: [], ...manifest };
  const json = encoder.encode(JSON.stringify(fields));
  const header = encodeHeader({ name: '.wasmbox/manifest.json', type: 'file', size: json.length });
  return concatBytes([header, json, padding(json.length), tree]);
}

async function craft(body: { entry: TarEntryInput; data?: Uint8Array }[], manifest: Record<string, unknown> = {}): Promise<Uint8Array> {
  return wrap(writeArchive(body), manifest);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function refused(bytes: unknown, message: RegExp, type: new (...args: never[]) => Error = InvalidSnapshotError): Promise<void> {
  const error = await Sandbox.create({ from: bytes as Uint8Array }).then(
    (sb) => {
      open.push(sb);
      return null;
    },
    (e: unknown) => e,
  );
  expect(error, `expected a refusal matching ${message}`).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
}

const file = (name: string, text = 'x'): { entry: TarEntryInput; data: Uint8Array } => ({ entry: { name, type: 'file' }, data: encoder.encode(text) });

describe('corrupt and hostile snapshots are refused with InvalidSnapshotError', () => {
  it('the well-formed crafted archive is accepted (the control case)', async () => {
    const sb = await sandbox({ from: await craft([{ entry: { name: 'dir/', type: 'dir' } }, file('dir/f', 'ok')]) });
    expect(await sb.fs.readFile('/dir/f', { encoding: 'utf8' })).toBe('ok');
  });

  it('no bytes, garbage, wrong magic, not a Uint8Array', async () => {
    await refused(new Uint8Array(0), /empty/);
    const garbage = new Uint8Array(4096);
    const rand = prng(7);
    for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rand() * 256);
    garbage[0] = 0x42;
    await refused(garbage, /neither a gzip stream .* nor a tar archive/);
    await refused(encoder.encode('PK\u0003\u0004 this is a zip file, not a snapshot'), /neither a gzip stream/);
    await refused('a string', /is a Uint8Array/);
    await refused(null, /is a Uint8Array/);
  });

  it('a bit flip in any header fails its checksum', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/f', 'content');
    const snap = await sb.snapshot({ gzip: false });
    const entries = readArchive(snap);
    expect(entries.length).toBeGreaterThan(3);
    // Header offsets: the manifest's at 0, the root's right after the manifest's data.
    const manifestEnd = 512 + Math.ceil(entries[0]!.data.length / 512) * 512;
    for (const offset of [0, 5, 100, 148, 200, 345, manifestEnd, manifestEnd + 1, manifestEnd + 124]) {
      const bad = snap.slice();
      bad[offset] ^= 0x04;
      await refused(bad, /checksum/);
    }
  });

  it('truncation at many offsets, plain and gzip', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/big', new Uint8Array(5000).fill(7));
    const snap = await sb.snapshot({ gzip: false });
    const offsets = [1, 100, 511, 512, 700, 1024, 1536, 2048, 4096, snap.length / 2, snap.length - 1024 - 10, snap.length - 1024, snap.length - 512, snap.length - 1];
    for (const at of offsets.map(Math.floor)) {
      await refused(snap.subarray(0, at), /truncated|neither|manifest/);
    }
    const gz = await sb.snapshot();
    for (const at of [1, 2, 10, 18, 30, Math.floor(gz.length / 2), gz.length - 8, gz.length - 1]) {
      await refused(gz.subarray(0, at), /gzip|truncated|neither|snapshot/, Error);
    }
  });

  it('gzip damage: a flipped byte in the deflate stream, a bomb trailer', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/f', 'some text '.repeat(1000));
    const gz = await sb.snapshot();
    const bad = gz.slice();
    bad[Math.floor(gz.length / 2)] ^= 0xff;
    await refused(bad, /gzip|hash|checksum|truncated|manifest/);
    // Intact data under a wrong CRC-32 in the trailer (RFC 1952 2.3.1): refused, not trusted.
    const wrongCrc = gz.slice();
    wrongCrc[gz.length - 8] ^= 0x01;
    await refused(wrongCrc, /CRC-32 of its data does not match/);
    // A trailer that declares 4 GiB: refused before inflating anything.
    const bomb = gz.slice();
    bomb.set([0xff, 0xff, 0xff, 0xff], bomb.length - 4);
    await refused(bomb, /decompresses to 4294967295 bytes/, LimitExceededError);
  });

  it('manifest missing, not first, of another format or an unknown version', async () => {
    await refused(writeArchive([file('a')]), /no manifest/);
    const withManifest = await craft([file('a')]);
    await refused(concatBytes([writeArchive([file('first')]).subarray(0, 1024), withManifest]), /not the first entry/);
    await refused(await craft([file('a')], { version: 2 }), /unsupported snapshot format version 2/);
    await refused(await craft([file('a')], { format: 'something-else' }), /has format "something-else"/);
    await refused(await craft([file('a')], { env: { 'A=B': 'x' } }), /invalid variable name/);
    await refused(await craft([file('a')], { cwd: 'relative' }), /cwd is not an absolute path/);
    await refused(await craft([file('a')], { sessions: [{ id: 's', cwd: '/', env: {} }, { id: 's', cwd: '/', env: {} }] }), /two sessions/);
    const notJson = concatBytes([encodeHeader({ name: '.wasmbox/manifest.json', type: 'file', size: 3 }), encoder.encode('{{{'), padding(3), writeArchive([])]);
    await refused(notJson, /not valid UTF-8 JSON/);
  });

  it('content that does not match the manifest hash', async () => {
    const good = await craft([file('a', 'original content')]);
    const at = new TextDecoder().decode(good).indexOf('original content');
    const bad = good.slice();
    bad[at] ^= 0x01;
    await refused(bad, /content hash mismatch/);
    await refused(await craft([file('a')], { contentSha256: ['f'.repeat(64)] }), /content hash mismatch in content bytes 0-2047 \(chunk 1 of 1\)/);
    await refused(await craft([file('a')], { contentSha256: 'f'.repeat(64) }), /no valid contentSha256/);
    await refused(await craft([file('a')], { chunkBytes: 1024 }), /chunkBytes 1024/);
    // Three chunks; a flipped byte in the second is found there.
    const big = await craft([file('big', 'y'.repeat(9 * 1024 * 1024))]);
    const flipped = big.slice();
    flipped[big.length - 4 * 1024 * 1024] ^= 0x01;
    await refused(flipped, /content hash mismatch in content bytes 4194304-8388607 \(chunk 2 of 3\)/);
    // Bytes after the end of the archive are not part of a snapshot.
    await refused(concatBytes([good, new Uint8Array(512)]), /the content is 2560 bytes, the manifest says 2048/);
  });

  it('entries that would leave the tree, or that a snapshot cannot hold', async () => {
    await refused(await craft([file('../escape')]), /'\.\.' component/);
    await refused(await craft([file('a/../../escape')]), /'\.\.' component/);
    await refused(await craft([file('/etc/passwd')]), /absolute name/);
    await refused(await craft([{ entry: { name: 'link', type: 'symlink', linkname: '/' } }, file('link/etc/passwd')]), /not a directory/);
    await refused(await craft([{ entry: { name: 'link', type: 'hardlink', linkname: '../outside' } }]), /'\.\.' component/);
    await refused(await craft([{ entry: { name: 'link', type: 'hardlink', linkname: 'missing' } }]), /not an earlier file/);
    await refused(await craft([{ entry: { name: 'tty', type: 'char' } }]), /char entry/);
    await refused(await craft([{ entry: { name: 'fifo', type: 'fifo' } }]), /fifo entry/);
    await refused(await craft([file('twice'), file('twice')]), /appears twice/);
    await refused(await craft([file('f'), file('f/child')]), /not a directory/);
  });

  it('a huge declared size', async () => {
    const tree = writeArchive([file('a', 'tiny')]);
    // Rewrite the size field to 8 GiB - 1 and fix the checksum, so only the size is wrong.
    const header = tree.subarray(0, 512);
    header.set(encoder.encode('77777777777\0'), 124);
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.set(encoder.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    const snap = await wrap(tree);
    await refused(snap, /declares 8589934591 bytes, more than the archive holds/);
    await refused(gzipSync(snap), /declares 8589934591 bytes/);
  });

  it('a snapshot bigger than limits.fsBytes', async () => {
    const snap = await craft([file('a', 'x'.repeat(5000))]);
    await expect(Sandbox.create({ from: snap, limits: { fsBytes: 4096 } })).rejects.toThrow(/more than 4096 bytes of file content/);
    await expect(Sandbox.create({ from: snap, limits: { fsBytes: 4096 } })).rejects.toBeInstanceOf(LimitExceededError);
    const sb = await sandbox({ from: snap, limits: { fsBytes: 5000 } });
    expect((await sb.fs.stat('/a')).size).toBe(5000);
  });
});
