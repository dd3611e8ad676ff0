/**
 * Issue 4, scope 5: "a 200 MB tree works" in both directions, and in a fork.
 * Node only: it needs ~1.5 GiB of memory at its peak, more than a browser
 * tab under test should be asked for. Speed is measured in bench/, not here.
 */
import { describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';

describe('a 200 MB tree', () => {
  it('snapshots, restores and forks', async () => {
    const limits = { fsBytes: 1024 ** 3 };
    const sb = await Sandbox.create({ limits });
    const chunk = new Uint8Array(20 * 1024).map((_, i) => (i * 31) & 0xff);
    for (let d = 0; d < 100; d++) {
      await sb.fs.mkdir(`/data/d${d}`, { recursive: true });
      for (let f = 0; f < 100; f++) await sb.fs.writeFile(`/data/d${d}/f${f}`, chunk);
    }
    await sb.fs.writeFile('/data/d99/f99', 'the last one');
    for (const gzip of [false, true]) {
      const snap = await sb.snapshot({ gzip });
      const restored = await Sandbox.create({ from: snap, limits });
      expect((await restored.fs.readdir('/data/d42')).length).toBe(100);
      expect(await restored.fs.readFile('/data/d0/f0')).toEqual(chunk);
      expect(await restored.fs.readFile('/data/d99/f99', { encoding: 'utf8' })).toBe('the last one');
      const fork = await restored.fork();
      await fork.fs.writeFile('/data/d0/f0', 'changed in the fork');
      expect(await restored.fs.readFile('/data/d0/f0')).toEqual(chunk);
      await Promise.all([restored.close(), fork.close()]);
    }
    await sb.close();
  }, 120_000);
});
