// find -exec needs spawn/wait, which only a whole sandbox has. Expected
// output is what GNU find 4.9 prints for the same tree (in name order).
import { Sandbox } from 'wasmbox';
import { expect, it } from 'vitest';

it('find -exec runs commands per file (;) and in batches (+), and uses their status', async () => {
  const sb = await Sandbox.create();
  try {
    await sb.exec(['mkdir', '-p', '/tmp/fx/a']);
    await sb.exec(['touch', '/tmp/fx/a/one', '/tmp/fx/two']);
    const each = await sb.exec(['find', '/tmp/fx', '-type', 'f', '-exec', 'echo', 'got', '{}', ';']);
    expect(each).toMatchObject({ exitCode: 0, stdout: 'got /tmp/fx/a/one\ngot /tmp/fx/two\n', stderr: '' });
    const batch = await sb.exec(['find', '/tmp/fx', '-type', 'f', '-exec', 'echo', '{}', '+']);
    expect(batch).toMatchObject({ exitCode: 0, stdout: '/tmp/fx/a/one /tmp/fx/two\n' });
    const status = await sb.exec(['find', '/tmp/fx', '-name', 'one', '-exec', 'false', ';', '-o', '-print']);
    expect(status.stdout).toBe('/tmp/fx\n/tmp/fx/a\n/tmp/fx/a/one\n/tmp/fx/two\n');
    const failing = await sb.exec(['find', '/tmp/fx/two', '-exec', 'false', '{}', '+']);
    expect(failing.exitCode).toBe(1);
  } finally {
    await sb.close();
  }
});
