/**
 * Entry of the playground page. The isolation check comes first and alone:
 * a page that is not cross-origin isolated shows why without loading the
 * sandbox at all; an isolated one loads the library and starts the
 * sandbox, then loads the panes (separate chunks).
 */
import { startWorkersEarly } from '../worker-start.ts';
import { isIsolated, isolationFacts, showIsolationHelp } from './isolation.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { guessTerminalSize } from './terminal-size.ts';

async function main(): Promise<void> {
  const facts = isolationFacts();
  if (!isIsolated(facts)) {
    showIsolationHelp(document.getElementById('isolation-help')!, facts);
    return;
  }
  // The shell's worker starts loading now, on its own thread, while this one loads the library and the panes.
  startWorkersEarly(1);
  const app = document.getElementById('app')!;
  app.hidden = false;
  // The library first, alone: the terminal's chunk would compete with it for the cores while it
  // parses. Then the sandbox, so its shell boots while that chunk loads and the panes are built.
  // The performance marks are for bench/playground.mjs's breakdown of the load.
  // The saved sandbox is read from IndexedDB meanwhile too.
  const store = SnapshotStore.open();
  const saved = store.load().catch(() => undefined);
  const { firstSandbox } = await import('./sandbox-start.ts');
  performance.mark('playground:library');
  const panes = import('./playground.ts');
  const size = guessTerminalSize(document.getElementById('terminal')!);
  const first = firstSandbox(await saved, size).finally(() => performance.mark('playground:sandbox'));
  const { Playground } = await panes;
  const playground = new Playground(store, size);
  performance.mark('playground:panes');
  await playground.start(await first);
  performance.mark('playground:started');
}

main().catch((error: unknown) => {
  const status = document.getElementById('status');
  const text = `the playground failed to start: ${error instanceof Error ? error.message : String(error)}`;
  if (status) {
    status.textContent = text;
    status.classList.add('error');
  }
  console.error(error);
});
