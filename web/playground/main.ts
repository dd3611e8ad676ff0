/**
 * Entry of the playground page. The isolation check comes first and alone:
 * a page that is not cross-origin isolated shows why without loading the
 * sandbox at all; an isolated one loads the app (a separate chunk) and
 * boots the sandbox.
 */
import { isIsolated, isolationFacts, showIsolationHelp } from './isolation.ts';

async function main(): Promise<void> {
  const facts = isolationFacts();
  if (!isIsolated(facts)) {
    showIsolationHelp(document.getElementById('isolation-help')!, facts);
    return;
  }
  const app = document.getElementById('app')!;
  app.hidden = false;
  const [{ Playground }, { SnapshotStore }] = await Promise.all([import('./playground.ts'), import('./snapshot-store.ts')]);
  const playground = new Playground(await SnapshotStore.open());
  await playground.boot();
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
