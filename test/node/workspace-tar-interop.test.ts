/**
 * sb.fs.exportTar / importTar against the real tools on this machine: GNU
 * tar (gnu, pax, ustar and posix formats, plain and gzip) and Python's
 * tarfile (PAX, GNU and USTAR formats) make archives we import, and
 * archives we export list and extract with both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';

let dir: string;
const open: Sandbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workspace-tar-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
  rmSync(dir, { recursive: true, force: true });
});
async function sandbox(): Promise<Sandbox> {
  const sb = await Sandbox.create();
  open.push(sb);
  return sb;
}

const LONG = `${'long directory name '.repeat(5)}/${'ü'.repeat(30)}/${'f'.repeat(110)}.txt`;

function digest(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${bytes.length}:${h.toString(16)}`;
}

/** A host tree with every kind of member; `long` adds a path over 255 bytes (not for ustar). */
function makeTree(root: string, options: { long: boolean; fifo?: boolean }): void {
  mkdirSync(join(root, 'src/nested'), { recursive: true });
  mkdirSync(join(root, 'empty'));
  mkdirSync(join(root, 'names with spaces'));
  writeFileSync(join(root, 'src/main.c'), 'int main(void) { return 0; }\n');
  writeFileSync(join(root, 'src/run.sh'), '#!/bin/sh\necho hi\n');
  writeFileSync(join(root, 'src/nested/data.bin'), new Uint8Array(200_000).map((_, i) => (i * 7919) % 256));
  writeFileSync(join(root, 'empty-file'), '');
  writeFileSync(join(root, 'names with spaces/日本語 ✓.txt'), 'unicode\n');
  linkSync(join(root, 'src/main.c'), join(root, 'src/hardlink.c'));
  symlinkSync('src/main.c', join(root, 'link-rel'));
  symlinkSync('/etc/passwd', join(root, 'link-abs'));
  chmodSync(join(root, 'src/run.sh'), 0o755);
  chmodSync(join(root, 'empty-file'), 0o600);
  chmodSync(join(root, 'src/nested/data.bin'), 0o444);
  chmodSync(join(root, 'empty'), 0o700);
  if (options.long) {
    mkdirSync(join(root, LONG, '..'), { recursive: true });
    writeFileSync(join(root, LONG), 'deep\n');
  }
  if (options.fifo) execFileSync('mkfifo', [join(root, 'a-fifo')]);
  // Times last (writing into a directory changes its mtime), children before parents.
  let t = 1_000_000_000;
  const stamp = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (lstatSync(child).isDirectory()) stamp(child);
      else if (!lstatSync(child).isSymbolicLink()) utimesSync(child, t, (t += 1000));
    }
    utimesSync(path, t, (t += 1000));
  };
  stamp(root);
}

/** Type, mode, mtime (s), content digest or link target, and hard-link groups; fifos left out. */
function describeHost(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const inodes = new Map<number, string>();
  const walk = (path: string, prefix: string) => {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      const rel = `${prefix}${name}`;
      const st = lstatSync(child);
      if (st.isFIFO()) continue;
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[rel] = `symlink -> ${readlinkSync(child)}`;
      else if (st.isDirectory()) {
        out[rel] = `directory ${mode} ${Math.floor(st.mtimeMs / 1000)}`;
        walk(child, `${rel}/`);
      } else {
        let line = `file ${mode} ${Math.floor(st.mtimeMs / 1000)} ${digest(readFileSync(child))}`;
        if (st.nlink > 1) {
          line += ` link:${inodes.get(st.ino) ?? rel}`;
          if (!inodes.has(st.ino)) inodes.set(st.ino, rel);
        }
        out[rel] = line;
      }
    }
  };
  walk(root, '');
  return out;
}

async function describeSandbox(sb: Sandbox, root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const inodes = new Map<number, string>();
  const walk = async (path: string, prefix: string) => {
    for (const name of await sb.fs.readdir(path)) {
      const child = `${path}/${name}`;
      const rel = `${prefix}${name}`;
      const st = await sb.fs.lstat(child);
      const mode = st.mode.toString(8);
      if (st.type === 'symlink') out[rel] = `symlink -> ${await sb.fs.readlink(child)}`;
      else if (st.type === 'directory') {
        out[rel] = `directory ${mode} ${Math.floor(st.mtimeMs / 1000)}`;
        await walk(child, `${rel}/`);
      } else {
        let line = `file ${mode} ${Math.floor(st.mtimeMs / 1000)} ${digest(await sb.fs.readFile(child))}`;
        if (st.nlink > 1) {
          line += ` link:${inodes.get(st.ino) ?? rel}`;
          if (!inodes.has(st.ino)) inodes.set(st.ino, rel);
        }
        out[rel] = line;
      }
    }
  };
  await walk(root, '');
  return out;
}

const tar = (...args: string[]) => execFileSync('tar', args, { encoding: 'utf8' });
const python = (script: string, ...args: string[]) => execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });

describe('archives made by GNU tar import', () => {
  const cases: [string, string[], boolean][] = [
    ['gnu', ['--format=gnu'], true],
    ['pax', ['--format=pax'], true],
    ['posix, gzip', ['--format=posix', '-z'], true],
    ['ustar', ['--format=ustar'], false],
    ['gnu, gzip', ['--format=gnu', '-z'], true],
  ];
  for (const [what, flags, long] of cases) {
    for (const dot of [true, false]) {
      it(`${what}, ${dot ? "'-C dir .'" : 'named members'}`, async () => {
        const src = join(dir, 'src');
        mkdirSync(src);
        makeTree(src, { long, fifo: true });
        const archive = join(dir, 'out.tar');
        const members = dot ? ['.'] : readdirSync(src).sort();
        tar('-c', ...flags, '-f', archive, '-C', src, ...members);
        const sb = await sandbox();
        const result = await sb.fs.importTar(readFileSync(archive), '/w');
        expect(result.skipped.map((s) => s.replace(/^\.\//, ''))).toEqual(['a-fifo']);
        expect(result.hardlinks).toBe(1);
        const expected = describeHost(src);
        expect(await describeSandbox(sb, '/w')).toEqual(expected);
      });
    }
  }
});

describe("archives made by Python's tarfile import", () => {
  const script = `
import os, sys, tarfile
src, out, fmt, mode = sys.argv[1:5]
with tarfile.open(out, mode, format=getattr(tarfile, fmt)) as t:
    for name in sorted(os.listdir(src)):
        t.add(os.path.join(src, name), arcname=name)
`;
  const cases: [string, string, boolean][] = [
    ['PAX_FORMAT', 'w', true],
    ['PAX_FORMAT', 'w:gz', true],
    ['GNU_FORMAT', 'w', true],
    ['USTAR_FORMAT', 'w', false],
  ];
  for (const [format, mode, long] of cases) {
    it(`${format} (${mode})`, async () => {
      const src = join(dir, 'src');
      mkdirSync(src);
      makeTree(src, { long });
      const archive = join(dir, 'out.tar');
      python(script, src, archive, format, mode);
      const sb = await sandbox();
      await sb.fs.importTar(readFileSync(archive), '/w');
      expect(await describeSandbox(sb, '/w')).toEqual(describeHost(src));
    });
  }
});

describe('archives we export', () => {
  /** The host tree, imported into a sandbox: the sandbox side of each comparison. */
  async function sandboxWithTree(): Promise<{ sb: Sandbox; expected: Record<string, string> }> {
    const src = join(dir, 'src');
    mkdirSync(src);
    makeTree(src, { long: true });
    tar('-c', '-f', join(dir, 'in.tar'), '-C', src, '.');
    const sb = await sandbox();
    await sb.fs.importTar(readFileSync(join(dir, 'in.tar')), '/w');
    return { sb, expected: await describeSandbox(sb, '/w') };
  }

  for (const gzip of [false, true]) {
    it(`list and extract with GNU tar${gzip ? ' (gzip)' : ''}`, async () => {
      const { sb, expected } = await sandboxWithTree();
      const archive = join(dir, gzip ? 'out.tar.gz' : 'out.tar');
      writeFileSync(archive, await sb.fs.exportTar('/w', { gzip }));
      const listed = tar(gzip ? '-tzf' : '-tf', archive).trimEnd().split('\n');
      expect(listed.map((n) => n.replace(/\/$/, '')).sort()).toEqual(Object.keys(expected).sort());
      expect(tar(gzip ? '-tvzf' : '-tvf', archive)).toMatch(/^hrw-r--r-- user\/user +0 .* src\/main\.c link to src\/hardlink\.c$/m);
      const out = join(dir, 'extracted');
      mkdirSync(out);
      tar(gzip ? '-xpzf' : '-xpf', archive, '-C', out);
      expect(describeHost(out)).toEqual(expected);
    });
  }

  it("extract with Python's tarfile (data filter)", async () => {
    const { sb, expected } = await sandboxWithTree();
    const archive = join(dir, 'out.tar.gz');
    writeFileSync(archive, await sb.fs.exportTar('/w', { gzip: true }));
    const out = join(dir, 'extracted');
    python(
      `
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    kw = {'filter': 'fully_trusted'} if hasattr(tarfile, 'data_filter') else {}
    t.extractall(sys.argv[2], **kw)
`,
      archive,
      out,
    );
    expect(describeHost(out)).toEqual(expected);
  });

  it('GNU tar finds no difference against the tree it came from (tar --compare)', async () => {
    const { sb } = await sandboxWithTree();
    const archive = join(dir, 'out.tar');
    writeFileSync(archive, await sb.fs.exportTar('/w'));
    // The sandbox owner is user 1000; compare contents, modes and times, not ownership.
    const result = spawnSync('tar', ['--compare', '-f', archive, '-C', join(dir, 'src')], { encoding: 'utf8' });
    const differences = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l && !/Uid differs|Gid differs/.test(l));
    expect(differences).toEqual([]);
  });
});
