/**
 * engine/inode-writer.ts writes a fresh sandbox's layout straight into
 * memfs's inode tree; what it makes must read back through memfs's own
 * path API exactly as mkdirSync and writeFileSync would have made it.
 */
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { InodeWriter } from '../../engine/inode-writer.js';

describe('InodeWriter', () => {
  it('makes directories as mkdir -p, and files memfs reads back', () => {
    const volume = new Volume();
    const writer = new InodeWriter(volume);
    const dir = writer.dir('/a/b/c', 0o750);
    writer.file(dir, 'f', 'hello\n', 0o755);
    writer.file(writer.dir('/a//b/'), 'g', '', 0o600);
    expect(volume.readFileSync('/a/b/c/f', 'utf8')).toBe('hello\n');
    expect(volume.statSync('/a/b/c/f').mode & 0o170777).toBe(0o100755);
    expect(volume.statSync('/a/b/c').mode & 0o170777).toBe(0o040750);
    expect(volume.statSync('/a').mode & 0o170777).toBe(0o040777);
    expect(volume.statSync('/a/b/g').size).toBe(0);
    expect(volume.readdirSync('/a/b').sort()).toEqual(['c', 'g']);
    // Links counts and parents are what memfs keeps for its own directories.
    expect(volume.statSync('/a/b').nlink).toBe(volume.statSync('/a/b/c').nlink + 1);
    volume.renameSync('/a/b/c/f', '/a/f');
    volume.rmSync('/a/b', { recursive: true });
    expect(volume.readdirSync('/a')).toEqual(['f']);
  });

  it('reuses what exists, overwrites a file, and refuses to go through one', () => {
    const volume = new Volume();
    volume.mkdirSync('/d', { recursive: true });
    volume.writeFileSync('/d/f', 'old contents', { mode: 0o644 });
    const writer = new InodeWriter(volume);
    const d = writer.dir('/d');
    writer.file(d, 'f', 'new', 0o700);
    expect(volume.readFileSync('/d/f', 'utf8')).toBe('new');
    expect(volume.statSync('/d/f').mode & 0o777).toBe(0o700);
    expect(() => writer.dir('/d/f/x')).toThrow(/not a directory/);
    writer.dir('/d/sub');
    expect(() => writer.file(d, 'sub', 'x', 0o644)).toThrow(/not a regular file/);
  });
});
