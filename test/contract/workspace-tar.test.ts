/**
 * sb.fs.exportTar / importTar and limits.fsBytes (issue 4, items 4–6), one
 * body run in Node and in Chromium. GNU tar and Python interop, which need
 * the host, are in test/node/workspace-tar-interop.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { FsError, LimitExceededError, Sandbox, SandboxClosedError, TarError } from 'wasmbox';
import { fixtureFiles } from '../helpers/fixtures.js';
import { encodeHeader, endOfArchive, padding, readArchive, writeArchive, type TarEntryInput } from '../../engine/tar-format.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const enc = (s: string) => new TextEncoder().encode(s);
const LONG = `${'long directory name '.repeat(6)}/${'ü'.repeat(40)}/${'f'.repeat(90)}.txt`;

/** Everything observable about a subtree: type, mode, mtime (s), content or target, inode groups. */
async function describeTree(sb: Sandbox, root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const inodes = new Map<number, string>();
  const walk = async (dir: string, prefix: string) => {
    for (const name of await sb.fs.readdir(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const rel = `${prefix}${name}`;
      const st = await sb.fs.lstat(path);
      // A symlink's own mode and time are not kept by memfs (always 0666, now), so not compared.
      let line = st.type === 'symlink' ? 'symlink' : `${st.type} ${st.mode.toString(8)} ${Math.floor(st.mtimeMs / 1000)}`;
      if (st.type === 'file') line += ` ${digest(await sb.fs.readFile(path))}`;
      if (st.type === 'file') {
        if (st.nlink > 1) {
          line += ` link:${inodes.get(st.ino) ?? rel}`;
          if (!inodes.has(st.ino)) inodes.set(st.ino, rel);
        }
      }
      if (st.type === 'symlink') line += ` -> ${await sb.fs.readlink(path)}`;
      out[rel] = line;
      if (st.type === 'directory') await walk(path, `${rel}/`);
    }
  };
  await walk(root, '');
  return out;
}

/** Length and a 32-bit FNV-1a hash: enough to tell contents apart, short enough to read in a diff. */
function digest(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${bytes.length}:${h.toString(16)}`;
}

/** A tree of every kind the archive keeps, with a hard link, old mtimes and odd modes, built by importing a handmade archive. */
function fixtureArchive(): Uint8Array {
  const e = (entry: TarEntryInput, data?: string | Uint8Array) => ({ entry, data: typeof data === 'string' ? enc(data) : data });
  return writeArchive([
    e({ name: 'src/', type: 'dir', mode: 0o750, mtime: 1_000_000_000 }),
    e({ name: 'src/main.c', type: 'file', mode: 0o644, mtime: 1_100_000_000 }, 'int main(void) { return 0; }\n'),
    e({ name: 'src/run.sh', type: 'file', mode: 0o755, mtime: 1_200_000_000 }, '#!/bin/sh\necho hi\n'),
    e({ name: 'src/alias.c', type: 'hardlink', linkname: 'src/main.c', mtime: 1_100_000_000 }),
    e({ name: 'empty-dir/', type: 'dir', mode: 0o700, mtime: 1_300_000_000 }),
    e({ name: 'empty-file', type: 'file', mode: 0o600, mtime: 1_400_000_000 }, ''),
    e({ name: 'binary.bin', type: 'file', mode: 0o444, mtime: 1_500_000_000 }, new Uint8Array(70_000).map((_, i) => (i * 7919) % 256)),
    e({ name: 'link-rel', type: 'symlink', linkname: 'src/main.c', mtime: 1_600_000_000 }),
    e({ name: 'link-abs', type: 'symlink', linkname: '/etc/somewhere', mtime: 1_600_000_000 }),
    e({ name: 'names with spaces/', type: 'dir', mode: 0o755, mtime: 1_650_000_000 }),
    e({ name: LONG.slice(0, LONG.indexOf('/') + 1), type: 'dir', mode: 0o755, mtime: 1_650_000_000 }),
    e({ name: LONG.slice(0, LONG.lastIndexOf('/') + 1), type: 'dir', mode: 0o755, mtime: 1_650_000_000 }),
    e({ name: 'names with spaces/日本語 ✓.txt', type: 'file', mode: 0o644, mtime: 1_700_000_000 }, 'unicode\n'),
    e({ name: LONG, type: 'file', mode: 0o644, mtime: 1_700_000_001 }, 'deep\n'),
  ]);
}

/** A ReadableStream delivering `bytes` in chunks whose sizes `size(i)` picks. */
function streamOf(bytes: Uint8Array, size: (i: number) => number): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, size(i++));
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

/** A seeded generator, so a failing chunking can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('exportTar and importTar round trip', () => {
  it('keeps content, types, modes, mtimes, symlinks, hard links and empty directories', async () => {
    const a = await sandbox();
    const r = await a.fs.importTar(fixtureArchive(), '/work');
    expect(r).toEqual({ files: 6, hardlinks: 1, symlinks: 2, directories: 5, bytes: 70_060, skipped: [] });
    const before = await describeTree(a, '/work');
    expect(before['src/main.c']).toMatch(/^file 644 1100000000 /);
    expect(before['src/main.c']).toContain('link:src/alias.c');
    expect(before['binary.bin']).toMatch(/^file 444 1500000000 /);
    expect(before['empty-dir']).toBe('directory 700 1300000000');
    expect(before['src']).toBe('directory 750 1000000000');
    expect(before['link-abs']).toBe('symlink -> /etc/somewhere');

    for (const gzip of [false, true]) {
      const archive = await a.fs.exportTar('/work', { gzip });
      expect(archive[0] === 0x1f && archive[1] === 0x8b).toBe(gzip);
      const b = await sandbox();
      await b.fs.importTar(archive, '/restored');
      expect(await describeTree(b, '/restored')).toEqual(before);
    }
  });

  it('names members relative to the directory, parents first, without ./ or the directory itself', async () => {
    const sb = await sandbox();
    await sb.fs.mkdir('/w/sub/deeper', { recursive: true });
    await sb.fs.writeFile('/w/sub/a.txt', 'a');
    await sb.fs.writeFile('/w/b.txt', 'b');
    const names = readArchive(await sb.fs.exportTar('/w')).map((m) => m.entry.name);
    expect(names).toEqual(['b.txt', 'sub/', 'sub/a.txt', 'sub/deeper/']);
  });

  it('exports a relative path from the working directory, and an empty directory as an empty archive', async () => {
    const sb = await sandbox({ cwd: '/home/user' });
    await sb.fs.mkdir('proj');
    expect(readArchive(await sb.fs.exportTar('proj'))).toEqual([]);
    await sb.fs.writeFile('proj/x', 'x');
    const r = await sb.fs.importTar(await sb.fs.exportTar('proj'), 'copy');
    expect(r.files).toBe(1);
    expect(await sb.fs.readFile('/home/user/copy/x', { encoding: 'utf8' })).toBe('x');
  });

  it('merges into an existing directory: members replace files and symlinks, never follow them', async () => {
    const sb = await sandbox();
    await sb.fs.mkdir('/t/keep', { recursive: true });
    await sb.fs.writeFile('/t/keep/old', 'old');
    await sb.fs.writeFile('/outside', 'outside');
    await sb.fs.symlink('/outside', '/t/file');
    await sb.fs.writeFile('/t/replaced', 'previous content');
    await sb.fs.importTar(writeArchive([
      { entry: { name: 'keep/new', type: 'file' }, data: enc('new') },
      { entry: { name: 'file', type: 'file' }, data: enc('through?') },
      { entry: { name: 'replaced', type: 'file' }, data: enc('now') },
    ]), '/t');
    expect(await sb.fs.readFile('/t/keep/old', { encoding: 'utf8' })).toBe('old');
    expect(await sb.fs.readFile('/t/keep/new', { encoding: 'utf8' })).toBe('new');
    expect((await sb.fs.lstat('/t/file')).type).toBe('file');
    expect(await sb.fs.readFile('/outside', { encoding: 'utf8' })).toBe('outside');
    expect(await sb.fs.readFile('/t/replaced', { encoding: 'utf8' })).toBe('now');
  });

  it('reads GNU-style ./ names and applies the ./ entry to the target', async () => {
    const sb = await sandbox();
    const archive = writeArchive([
      { entry: { name: './', type: 'dir', mode: 0o711, mtime: 1_234_567_890 } },
      { entry: { name: './a/', type: 'dir', mtime: 1_000 } },
      { entry: { name: './a//b.txt', type: 'file', mtime: 2_000 }, data: enc('b') },
    ]);
    await sb.fs.importTar(archive, '/dot');
    expect(await describeTree(sb, '/dot')).toEqual({ a: 'directory 755 1000', 'a/b.txt': `file 644 2000 ${digest(enc('b'))}` });
    const st = await sb.fs.stat('/dot');
    expect([st.mode, Math.floor(st.mtimeMs / 1000)]).toEqual([0o711, 1_234_567_890]);
  });

  it('reads a ReadableStream in 1-byte and random-size chunks, plain and gzip', async () => {
    const plain = fixtureArchive();
    const gz = gzipSync(plain);
    const reference = await sandbox();
    await reference.fs.importTar(plain, '/w');
    const expected = await describeTree(reference, '/w');
    const next = random(42);
    const cases: [string, Uint8Array, (i: number) => number][] = [
      ['plain, 1 byte', plain, () => 1],
      ['gzip, 1 byte', gz, () => 1],
      ['plain, random', plain, () => Math.floor(next() * 3000)],
      ['gzip, random', gz, () => Math.floor(next() * 700)],
    ];
    for (const [what, bytes, size] of cases) {
      const sb = await sandbox();
      await sb.fs.importTar(streamOf(bytes, size), '/w');
      expect(await describeTree(sb, '/w'), what).toEqual(expected);
    }
  });

  it('stops reading a stream at the end-of-archive marker', async () => {
    const sb = await sandbox();
    let cancelled = false;
    const archive = writeArchive([{ entry: { name: 'f', type: 'file' }, data: enc('f') }]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(archive);
      },
      cancel() {
        cancelled = true;
      },
    });
    expect((await sb.fs.importTar(stream, '/s')).files).toBe(1);
    expect(cancelled).toBe(true);
  });

  it('skips devices, fifos and unknown entry types, and reports them', async () => {
    const sb = await sandbox();
    const r = await sb.fs.importTar(writeArchive([
      { entry: { name: 'dev/null-like', type: 'char' } },
      { entry: { name: 'dev/disk', type: 'block' } },
      { entry: { name: 'pipe', type: 'fifo' } },
      { entry: { name: 'ok', type: 'file' }, data: enc('ok') },
    ]), '/d');
    expect(r.skipped).toEqual(['dev/null-like', 'dev/disk', 'pipe']);
    expect(await sb.fs.readdir('/d')).toEqual(['ok']);
  });
});

describe('importTar refuses hostile and corrupt archives, and changes nothing', () => {
  /** A target with content, and a file outside it that escapes would reach. */
  async function target(options: Parameters<typeof Sandbox.create>[0] = {}) {
    const sb = await sandbox(options);
    await sb.fs.mkdir('/t/sub', { recursive: true });
    await sb.fs.writeFile('/t/existing', 'existing');
    await sb.fs.writeFile('/t/sub/file', 'sub');
    await sb.fs.mkdir('/etc', { recursive: true });
    await sb.fs.writeFile('/etc/passwd', 'root:x:0:0\n');
    const before = await describeTree(sb, '/');
    return {
      sb,
      async expectUnchanged() {
        expect(await describeTree(sb, '/')).toEqual(before);
      },
    };
  }

  const file = (name: string, data = 'pwned'): { entry: TarEntryInput; data: Uint8Array } => ({ entry: { name, type: 'file' }, data: enc(data) });
  const goodFirst = file('a-good-file-first', 'fine');

  const hostile: [string, { entry: TarEntryInput; data?: Uint8Array }[], string, string][] = [
    ['a .. name', [goodFirst, file('../x')], 'dotdot', '../x'],
    ['a .. inside a name', [goodFirst, file('sub/../../etc/passwd')], 'dotdot', 'sub/../../etc/passwd'],
    ['an absolute name', [goodFirst, file('/etc/passwd')], 'absolute', '/etc/passwd'],
    [
      'a symlink out, then a file through it',
      [{ entry: { name: 'escape', type: 'symlink', linkname: '/etc' } }, file('escape/passwd')],
      'symlink',
      'escape/passwd',
    ],
    [
      'a relative symlink out, then a directory through it',
      [{ entry: { name: 'up', type: 'symlink', linkname: '../..' } }, { entry: { name: 'up/etc/', type: 'dir' } }],
      'symlink',
      'up/etc/',
    ],
    [
      'a symlink to the target itself, then a file through it',
      [{ entry: { name: 'self', type: 'symlink', linkname: '.' } }, file('self/x')],
      'symlink',
      'self/x',
    ],
    ['a hard link to an absolute path', [goodFirst, { entry: { name: 'h', type: 'hardlink', linkname: '/etc/passwd' } }], 'absolute', 'h'],
    ['a hard link with ..', [goodFirst, { entry: { name: 'h', type: 'hardlink', linkname: '../etc/passwd' } }], 'hardlink', 'h'],
    ['a hard link to a file not in the archive', [goodFirst, { entry: { name: 'h', type: 'hardlink', linkname: 'existing' } }], 'hardlink', 'h'],
    [
      'a hard link to a symlink of the archive',
      [{ entry: { name: 's', type: 'symlink', linkname: '/etc/passwd' } }, { entry: { name: 'h', type: 'hardlink', linkname: 's' } }],
      'hardlink',
      'h',
    ],
    ['a file under a file of the archive', [file('plain'), file('plain/x')], 'conflict', 'plain/x'],
    ['a file replacing an existing non-empty directory', [goodFirst, file('sub')], 'conflict', 'sub'],
  ];

  for (const [what, members, reason, entry] of hostile) {
    it(`refuses ${what}`, async () => {
      const t = await target();
      const error = await t.sb.fs.importTar(writeArchive(members), '/t').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TarError);
      expect(error).toMatchObject({ code: 'TAR_ERROR', reason, entry });
      expect((error as Error).message).toContain(JSON.stringify(entry));
      await t.expectUnchanged();
    });
  }

  it('refuses a member under a symlink already in the target', async () => {
    const t = await target();
    await t.sb.fs.symlink('/etc', '/t/link');
    const before = await describeTree(t.sb, '/');
    const error = await t.sb.fs.importTar(writeArchive([goodFirst, file('link/passwd')]), '/t').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TAR_ERROR', reason: 'symlink', entry: 'link/passwd' });
    expect(await describeTree(t.sb, '/')).toEqual(before);
  });

  it('refuses a symlink then a file of the same name only if written through: the file replaces the symlink', async () => {
    const t = await target();
    await t.sb.fs.importTar(writeArchive([{ entry: { name: 'x', type: 'symlink', linkname: '/etc/passwd' } }, file('x', 'mine')]), '/t');
    expect((await t.sb.fs.lstat('/t/x')).type).toBe('file');
    expect(await t.sb.fs.readFile('/t/x', { encoding: 'utf8' })).toBe('mine');
    expect(await t.sb.fs.readFile('/etc/passwd', { encoding: 'utf8' })).toBe('root:x:0:0\n');
  });

  const archive = writeArchive([goodFirst, file('second', 'x'.repeat(3000)), file('third', 'y')]);
  const corrupt: [string, Uint8Array, RegExp][] = [
    ['a bad header checksum', (() => { const a = archive.slice(); a[512 + 512 * 1 + 100] ^= 1; return a; })(), /does not look like a tar archive/],
    ['garbage', new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 251), /does not look like a tar archive/],
    ['text', enc('hello, this is not an archive\n'.repeat(40)), /does not look like a tar archive/],
    ['an empty input', new Uint8Array(0), /empty/],
    ['a zip file', (() => { const a = new Uint8Array(1024); a.set([0x50, 0x4b, 0x03, 0x04]); return a; })(), /does not look like a tar archive/],
    ['an xz file', (() => { const a = new Uint8Array(1024); a.set([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]); return a; })(), /xz-compressed/],
    ['a corrupt gzip stream', (() => { const g = gzipSync(archive); g[20] ^= 0xff; g[21] ^= 0xff; return g; })(), /gzip|tar archive|end-of-archive/],
    ['a truncated gzip stream', gzipSync(archive).subarray(0, 40), /gzip|EOF|end-of-archive/],
  ];
  // Truncation anywhere: inside a header, inside data, at a block boundary, just before the end marker.
  for (const at of [1, 100, 511, 512, 700, 1024, 1536, 2048, archive.length - 1024, archive.length - 512, archive.length - 1]) {
    corrupt.push([`an archive truncated at byte ${at}`, archive.subarray(0, at), /EOF|end-of-archive|does not look like/]);
  }

  for (const [what, bytes, message] of corrupt) {
    it(`refuses ${what}`, async () => {
      const t = await target();
      const error = await t.sb.fs.importTar(bytes, '/t').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TarError);
      expect(error).toMatchObject({ code: 'TAR_ERROR', reason: 'corrupt' });
      expect((error as Error).message).toMatch(message);
      await t.expectUnchanged();
      // The same through a stream.
      const again = await t.sb.fs.importTar(streamOf(bytes, () => 97), '/t').catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'TAR_ERROR', reason: 'corrupt' });
      await t.expectUnchanged();
    });
  }

  it('refuses a target that is a file, and does not create a target for a corrupt archive', async () => {
    const t = await target();
    await expect(t.sb.fs.importTar(archive, '/t/existing')).rejects.toMatchObject({ code: 'TAR_ERROR', reason: 'conflict' });
    await expect(t.sb.fs.importTar(archive.subarray(0, 700), '/t/new/deeper')).rejects.toBeInstanceOf(TarError);
    await t.expectUnchanged();
  });

  it('refuses a ReadableStream that errors, changing nothing', async () => {
    const t = await target();
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(archive.subarray(0, 1500));
        } else controller.error(new Error('network went away'));
      },
    });
    await expect(t.sb.fs.importTar(stream, '/t')).rejects.toThrow('network went away');
    await t.expectUnchanged();
  });

  it('stops a gzip bomb at limits.fsBytes without inflating it', async () => {
    const t = await target({ limits: { fsBytes: 1024 * 1024 } });
    // A header claiming 8 GiB, then gzip members of 16 MiB of zeros each (~16 KiB compressed):
    // 4 MiB of input that would inflate to 8 GiB.
    const header = gzipSync(encodeHeader({ name: 'zeros', type: 'file', size: 8 * 1024 ** 3 }));
    const zeros = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    const members = 256;
    const bomb = new Uint8Array(header.length + zeros.length * members);
    bomb.set(header);
    for (let i = 0; i < members; i++) bomb.set(zeros, header.length + i * zeros.length);
    const started = performance.now();
    const error = await t.sb.fs.importTar(bomb, '/t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'fsBytes' });
    expect(performance.now() - started).toBeLessThan(1000);
    await t.expectUnchanged();
  });

  it('stops an archive of many honest small files at limits.fsBytes', async () => {
    const t = await target({ limits: { fsBytes: 1024 * 1024 } });
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const data = new Uint8Array(64 * 1024);
      parts.push(encodeHeader({ name: `f${i}`, type: 'file', size: data.length }), data, padding(data.length));
    }
    parts.push(endOfArchive());
    const plain = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (plain.set(p, at), at + p.length), 0);
    for (const input of [plain, gzipSync(plain)]) {
      await expect(t.sb.fs.importTar(input, '/t')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'fsBytes' });
      await t.expectUnchanged();
    }
  });

  it('stops a stream of extended-header metadata', async () => {
    const t = await target();
    // A pax header whose body claims 1 GiB: the parser would collect it all before any entry.
    const header = encodeHeader({ name: 'PaxHeaders/x', type: 'file', size: 1024 ** 3 });
    header[156] = 'x'.charCodeAt(0);
    let sum = 0;
    header.fill(0x20, 148, 156);
    for (const b of header) sum += b;
    header.set(enc(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    const gzHeader = gzipSync(header);
    const filler = gzipSync(new Uint8Array(16 * 1024 * 1024).fill(0x41), { level: 9 });
    const members = 8;
    const bomb = new Uint8Array(gzHeader.length + filler.length * members);
    bomb.set(gzHeader);
    for (let i = 0; i < members; i++) bomb.set(filler, gzHeader.length + i * filler.length);
    await expect(t.sb.fs.importTar(bomb, '/t')).rejects.toMatchObject({ code: 'TAR_ERROR', reason: 'too-large' });
    await t.expectUnchanged();
  });
});

describe('limits.fsBytes', () => {
  it('defaults to 1 GiB and is validated', async () => {
    const sb = await sandbox();
    expect(sb.limits.fsBytes).toBe(1024 ** 3);
    await expect(Sandbox.create({ limits: { fsBytes: -1 } })).rejects.toThrow(RangeError);
    await expect(Sandbox.create({ limits: { fsBytes: 1.5 } })).rejects.toThrow(/whole number/);
  });

  it('refuses sb.fs.writeFile past the limit, counting rewrites and hard links once', async () => {
    const sb = await sandbox({ limits: { fsBytes: 100_000 } });
    await sb.fs.writeFile('/a', new Uint8Array(60_000));
    await sb.fs.writeFile('/a', new Uint8Array(70_000)); // replaces its own 60 000
    const error = await sb.fs.writeFile('/b', new Uint8Array(40_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: 'fsBytes' });
    expect(await sb.fs.exists('/b')).toBe(false);
    await sb.fs.rm('/a');
    await sb.fs.writeFile('/b', new Uint8Array(90_000));
  });

  it('lets an import replace files within the limit (the bytes it frees count)', async () => {
    const sb = await sandbox({ limits: { fsBytes: 300_000 } });
    const big = writeArchive([{ entry: { name: 'big', type: 'file' }, data: new Uint8Array(200_000) }]);
    await sb.fs.importTar(big, '/w');
    await sb.fs.importTar(big, '/w');
    await expect(sb.fs.importTar(big, '/other')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(await sb.fs.exists('/other')).toBe(false);
  });

  it('fails a process write past the limit with ENOSPC, and the sandbox goes on', async () => {
    // A WASI program sees write(2) fail with ENOSPC, as on a full disk.
    const sb = await sandbox({ files: fixtureFiles('iostress'), limits: { fsBytes: 2 * 1024 * 1024 } });
    const r = await sb.exec(['iostress', '/tmp/big', '4']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/No space left on device|ENOSPC/i);
    expect((await sb.fs.stat('/tmp/big')).size).toBeLessThanOrEqual(2 * 1024 * 1024);
    await sb.fs.rm('/tmp/big');
    const ok = await sb.exec(['iostress', '/tmp/ok', '1']);
    expect(ok.stdout).toMatch(/^wrote=1048576 read=1048576 /);
  });
});

describe('errors at the edge', () => {
  it('exportTar of a file or a missing path is an FsError', async () => {
    const sb = await sandbox();
    await sb.fs.writeFile('/f', 'x');
    await expect(sb.fs.exportTar('/f')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(sb.fs.exportTar('/missing')).rejects.toBeInstanceOf(FsError);
    await expect(sb.fs.exportTar('/missing')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('importTar takes only bytes or a stream', async () => {
    const sb = await sandbox();
    await expect(sb.fs.importTar('not bytes' as unknown as Uint8Array, '/x')).rejects.toThrow(TypeError);
  });

  it('both reject after close', async () => {
    const sb = await sandbox();
    await sb.close();
    await expect(sb.fs.exportTar('/')).rejects.toBeInstanceOf(SandboxClosedError);
    await expect(sb.fs.importTar(writeArchive([]), '/x')).rejects.toBeInstanceOf(SandboxClosedError);
  });
});
