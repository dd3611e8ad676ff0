// The tar format module against itself and against GNU tar on this machine:
// archives GNU tar writes (gnu, pax, ustar formats) parse correctly, and
// archives we write are listed and extracted by GNU tar.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, readlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TarFormatError,
  TarParser,
  readArchive,
  safeMemberName,
  storedMemberName,
  writeArchive,
  type TarEntry,
} from '../../engine/tar-format.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);

const LONG_DIR = 'd'.repeat(60) + '/' + 'e'.repeat(70);
const LONG_NAME = `${LONG_DIR}/${'f'.repeat(120)}.txt`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tar-format-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A tree with a long name, a symlink, unicode, and an empty file. */
function makeTree(): void {
  mkdirSync(join(dir, 'src', LONG_DIR), { recursive: true });
  writeFileSync(join(dir, 'src', LONG_NAME), 'long\n');
  writeFileSync(join(dir, 'src', 'hello.txt'), 'hello world\n');
  writeFileSync(join(dir, 'src', 'empty'), '');
  writeFileSync(join(dir, 'src', 'héllo wörld'), 'ü\n');
  symlinkSync('hello.txt', join(dir, 'src', 'link'));
  utimesSync(join(dir, 'src', 'hello.txt'), 1_000_000_000, 1_000_000_000);
}

function byName(entries: { entry: TarEntry; data: Uint8Array }[]) {
  return new Map(entries.map((e) => [e.entry.name, e]));
}

describe('round trip', () => {
  it('writes and reads back files, dirs, symlinks, long names and big mtimes', () => {
    const archive = writeArchive([
      { entry: { name: 'a/', type: 'dir', mode: 0o750, mtime: 1700000000 } },
      { entry: { name: 'a/f.txt', type: 'file', mode: 0o644, mtime: 1700000001 }, data: bytesOf('data\n') },
      { entry: { name: 'a/l', type: 'symlink', linkname: 'f.txt' } },
      { entry: { name: LONG_NAME, type: 'file' }, data: bytesOf('x'.repeat(1000)) },
      { entry: { name: 'a/target', type: 'symlink', linkname: 'y'.repeat(150) } },
      { entry: { name: 'future', type: 'file', mtime: 2 ** 34 }, data: new Uint8Array(0) },
    ]);
    expect(archive.length % 512).toBe(0);
    const read = byName(readArchive(archive));
    expect(read.get('a/')!.entry).toMatchObject({ type: 'dir', mode: 0o750, mtime: 1700000000 });
    expect(text(read.get('a/f.txt')!.data)).toBe('data\n');
    expect(read.get('a/l')!.entry).toMatchObject({ type: 'symlink', linkname: 'f.txt' });
    expect(read.get(LONG_NAME)!.data.length).toBe(1000);
    expect(read.get('a/target')!.entry.linkname).toBe('y'.repeat(150));
    expect(read.get('future')!.entry.mtime).toBe(2 ** 34);
  });

  it('parses the same archive fed one byte at a time', () => {
    const archive = writeArchive([
      { entry: { name: 'f', type: 'file' }, data: bytesOf('abc') },
      { entry: { name: LONG_NAME, type: 'file' }, data: bytesOf('long') },
    ]);
    const parser = new TarParser();
    const names: string[] = [];
    let data = '';
    for (let i = 0; i < archive.length; i++) {
      for (const event of parser.push(archive.subarray(i, i + 1))) {
        if (event.kind === 'entry') names.push(event.entry.name);
        if (event.kind === 'data') data += text(event.bytes);
      }
    }
    parser.end();
    expect(parser.done).toBe(true);
    expect(names).toEqual(['f', LONG_NAME]);
    expect(data).toBe('abclong');
  });
});

describe('hostile input', () => {
  it('rejects a corrupt header checksum', () => {
    const archive = writeArchive([{ entry: { name: 'f', type: 'file' }, data: bytesOf('abc') }]);
    archive[0] ^= 1;
    expect(() => readArchive(archive)).toThrow(TarFormatError);
  });

  it('rejects garbage', () => {
    expect(() => readArchive(bytesOf('not a tar file at all'.repeat(40)))).toThrow(/does not look like a tar archive/);
  });

  it('reports truncation', () => {
    const archive = writeArchive([{ entry: { name: 'f', type: 'file' }, data: new Uint8Array(2000) }]);
    expect(() => readArchive(archive.subarray(0, 1024))).toThrow(/Unexpected EOF/);
  });

  it('refuses .. members and strips leading slashes', () => {
    expect(safeMemberName('../etc/passwd')).toEqual({ ok: false, reason: 'dotdot' });
    expect(safeMemberName('a/../../b')).toEqual({ ok: false, reason: 'dotdot' });
    expect(safeMemberName('/etc/passwd')).toEqual({ ok: true, name: 'etc/passwd', stripped: '/' });
    expect(safeMemberName('a/b/')).toEqual({ ok: true, name: 'a/b', stripped: '' });
    expect(safeMemberName('a..b/c..')).toEqual({ ok: true, name: 'a..b/c..', stripped: '' });
    expect(storedMemberName('/tmp/x')).toEqual({ name: 'tmp/x', stripped: '/' });
    expect(storedMemberName('../x')).toEqual({ name: 'x', stripped: '../' });
    expect(storedMemberName('d/../d/f')).toEqual({ name: 'd/f', stripped: 'd/../' });
  });
});

describe('GNU tar compatibility', () => {
  for (const format of ['gnu', 'pax', 'ustar', 'posix']) {
    it(`reads an archive GNU tar wrote with --format=${format}`, () => {
      makeTree();
      const tarFile = join(dir, 'out.tar');
      const args = ['-cf', tarFile, `--format=${format}`, '-C', join(dir, 'src'), '.'];
      if (format === 'ustar') {
        // ustar cannot hold the 200-byte-long name; GNU tar refuses it.
        rmSync(join(dir, 'src', 'd'.repeat(60)), { recursive: true });
      }
      execFileSync('tar', args);
      const entries = byName(readArchive(readFileSync(tarFile)));
      expect(text(entries.get('./hello.txt')!.data)).toBe('hello world\n');
      expect(entries.get('./hello.txt')!.entry.mtime).toBe(1_000_000_000);
      expect(entries.get('./link')!.entry).toMatchObject({ type: 'symlink', linkname: 'hello.txt' });
      expect(text(entries.get('./héllo wörld')!.data)).toBe('ü\n');
      expect(entries.get('./empty')!.entry).toMatchObject({ type: 'file', size: 0 });
      if (format !== 'ustar') expect(text(entries.get(`./${LONG_NAME}`)!.data)).toBe('long\n');
    });
  }

  it('our archives are listed and extracted by GNU tar', () => {
    const archive = writeArchive([
      { entry: { name: 'top/', type: 'dir', mode: 0o755, mtime: 1_600_000_000 } },
      { entry: { name: 'top/file', type: 'file', mode: 0o600, mtime: 1_600_000_000 }, data: bytesOf('one\n') },
      { entry: { name: 'top/sym', type: 'symlink', linkname: 'file', mode: 0o777 } },
      { entry: { name: `top/${LONG_NAME}`, type: 'file', mode: 0o644 }, data: bytesOf('deep\n') },
      { entry: { name: 'top/ünï', type: 'file', mode: 0o644 }, data: bytesOf('u\n') },
    ]);
    const tarFile = join(dir, 'ours.tar');
    writeFileSync(tarFile, archive);
    const listing = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' });
    expect(listing.split('\n').filter(Boolean)).toEqual(['top/', 'top/file', 'top/sym', `top/${LONG_NAME}`, 'top/ünï']);
    const out = join(dir, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xf', tarFile, '-C', out]);
    expect(readFileSync(join(out, 'top/file'), 'utf8')).toBe('one\n');
    expect(readlinkSync(join(out, 'top/sym'))).toBe('file');
    expect(readFileSync(join(out, 'top', LONG_NAME), 'utf8')).toBe('deep\n');
    const verbose = execFileSync('tar', ['-tvf', tarFile], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(verbose.split('\n')[1]).toMatch(/^-rw------- 0\/0 +4 2020-09-13 12:26 top\/file$/);
  });
});
