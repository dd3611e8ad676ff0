/**
 * A snapshot is an ordinary pax tar: GNU tar lists and extracts it, plain and
 * gzip, with names, modes, symlinks, hard links and sub-second mtimes intact.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function sampleSandbox(): Promise<Sandbox> {
  const sb = await Sandbox.create({ env: { A: '1' } });
  cleanup.push(() => sb.close());
  const long = `/data/${'deep-directory-name/'.repeat(8)}file with ünïcødé.txt`;
  await sb.fs.mkdir(long.slice(0, long.lastIndexOf('/')), { recursive: true });
  await sb.fs.writeFile(long, 'long\n');
  await sb.fs.writeFile('/data/secret', 'shh');
  await sb.fs.chmod('/data/secret', 0o600);
  await sb.fs.mkdir('/data/empty', { mode: 0o700 });
  await sb.fs.symlink('../data/secret', '/data/rel-link');
  await sb.fs.symlink('/nowhere', '/data/dangling');
  const r = await sb.exec('ln /data/secret /data/hard && touch -d @1234567890.125 /data/secret');
  expect(r.stderr).toBe('');
  return sb;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wasmbox-snapshot-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('GNU tar reads snapshots', () => {
  for (const gzip of [false, true]) {
    it(`lists and extracts a ${gzip ? 'gzip' : 'plain'} snapshot`, async () => {
      const sb = await sampleSandbox();
      const dir = tempDir();
      const file = join(dir, gzip ? 'snap.tar.gz' : 'snap.tar');
      writeFileSync(file, await sb.snapshot({ gzip }));
      const listing = execFileSync('tar', [gzip ? '-tzvf' : '-tvf', file], { encoding: 'utf8' });
      const lines = listing.trim().split('\n');
      expect(lines[0]).toMatch(/ \.wasmbox\/manifest\.json$/);
      // Names are sorted, so the first name of the inode is 'hard'.
      expect(listing).toMatch(/^-rw------- .* data\/hard$/m);
      expect(listing).toMatch(/^hrw------- .* data\/secret link to data\/hard$/m);
      expect(listing).toMatch(/^lrwxrwxrwx .* data\/dangling -> \/nowhere$/m);

      const out = join(dir, 'out');
      execFileSync('mkdir', [out]);
      execFileSync('tar', [gzip ? '-xzf' : '-xf', file, '-C', out]);
      const manifest = JSON.parse(readFileSync(join(out, '.wasmbox/manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ format: 'wasmbox-snapshot', version: 1, env: { A: '1' } });
      expect(readFileSync(join(out, 'data', ...Array(8).fill('deep-directory-name'), 'file with ünïcødé.txt'), 'utf8')).toBe('long\n');
      const secret = lstatSync(join(out, 'data/secret'));
      expect(secret.mode & 0o7777).toBe(0o600);
      expect(secret.mtimeMs).toBe(1234567890125);
      expect(lstatSync(join(out, 'data/hard')).ino).toBe(secret.ino);
      expect(lstatSync(join(out, 'data/empty')).mode & 0o7777).toBe(0o700);
      expect(readlinkSync(join(out, 'data/rel-link'))).toBe('../data/secret');
      expect(readFileSync(join(out, 'bin/ls'), 'utf8')).toBe('#!wasmbox:ls\n');
      const mtime = (await sb.fs.stat('/data/empty')).mtimeMs;
      expect(lstatSync(join(out, 'data/empty')).mtimeMs).toBe(mtime);
    });
  }

  it('the content hashes are sha256sum of each 4 MiB chunk of the bytes after the manifest entry', async () => {
    const sb = await sampleSandbox();
    const big = new Uint8Array(9 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    await sb.fs.writeFile('/data/big', big);
    const snap = await sb.snapshot({ gzip: false });
    const size = Number.parseInt(new TextDecoder().decode(snap.subarray(124, 135)), 8);
    const bodyStart = 512 + Math.ceil(size / 512) * 512;
    const manifest = JSON.parse(new TextDecoder().decode(snap.subarray(512, 512 + size)));
    const dir = tempDir();
    writeFileSync(join(dir, 'body'), snap.subarray(bodyStart));
    execFileSync('split', ['-b', '4194304', '-d', 'body', 'chunk-'], { cwd: dir });
    const sums = execFileSync('sh', ['-c', 'sha256sum chunk-*'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').map((line) => line.split(' ')[0]);
    expect(sums.length).toBe(3);
    expect(manifest.contentSha256).toEqual(sums);
    expect(manifest.contentBytes).toBe(snap.length - bodyStart);
  });
});
