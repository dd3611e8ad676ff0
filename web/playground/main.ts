/**
 * Entry of the playground page. The isolation check comes first and alone:
 * a page that is not cross-origin isolated shows why without loading the
 * sandbox at all; an isolated one loads the library and starts the
 * sandbox, then loads the panes (separate chunks).
 */
import { isIsolated, isolationFacts, showIsolationHelp } from './isolation.ts';
import { guessTerminalSize } from './terminal-size.ts';

async function main(): Promise<void> {
  const facts = isolationFacts();
  if (!isIsolated(facts)) {
    showIsolationHelp(document.getElementById('isolation-help')!, facts);
    return;
  }
  const app = document.getElementById('app')!;
  app.hidden = false;
  // The sandbox first: its workers start (in parallel, off this thread) while the panes are built.
  // The performance marks are for bench/playground.mjs's breakdown of the load.
  const [{ firstSandbox }, { SnapshotStore }] = await Promise.all([import('./sandbox-start.ts'), import('./snapshot-store.ts')]);
  performance.mark('playground:library');
  const store = SnapshotStore.open();
  const first = firstSandbox(store, guessTerminalSize(document.getElementById('terminal')!)).finally(() => performance.mark('playground:sandbox'));
  const { Playground } = await import('./playground.ts');
  const playground = new Playground(store);
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
