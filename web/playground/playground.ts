/**
 * The page's one sandbox and the panes around it: the file tree, the
 * editor and the terminal all work on the current sandbox, which a loaded
 * snapshot or a reset replaces as a whole (a new Sandbox, everything
 * re-attached, the old one closed).
 */
import type { Pty, Sandbox } from '../index.ts';
import { Autosave, type SaveState } from './autosave.ts';
import { downloadBytes } from './download.ts';
import type { EditorPane } from './editor-pane.ts';
import { FileTree, type TreeChange } from './file-tree.ts';
import { isWithin } from './names.ts';
import { runCommandFor } from './run-command.ts';
import { sandboxFrom, seededSandbox, type FirstSandbox } from './sandbox-start.ts';
import { HOME, SEED_OPEN } from './seed.ts';
import { ShellTerminal } from './shell-terminal.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { TerminalPane } from './terminal-pane.ts';

/** Quiet time after terminal output before the tree is re-read: a command's burst of output costs one refresh. */
const REFRESH_AFTER_OUTPUT_MS = 150;

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

export class Playground {
  private sb: Sandbox | undefined;
  private readonly tree: FileTree;
  /**
   * CodeMirror is the biggest part of the page and not needed for the
   * prompt: it loads after the terminal's first output (editor-pane.ts is
   * its own chunk), and everything that uses the editor waits for it.
   */
  private readonly editor: Promise<EditorPane>;
  private loadedEditor: EditorPane | undefined;
  private loadEditor!: () => void;
  private readonly terminal: TerminalPane;
  private readonly shell: ShellTerminal;
  private readonly autosave: Autosave;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the page's first output has been painted (afterFirstPaint ran). */
  private firstPaintDone = false;
  private firstPaintScheduled = false;

  /** `size`: the terminal's first size (the one its shell was started with: terminal-size.ts), so fitting it does not redraw. */
  constructor(store: SnapshotStore, size?: { cols: number; rows: number }) {
    this.autosave = new Autosave(
      store,
      (state, detail) => this.showSaveState(state, detail),
      // Only an editor that has loaded can hold unsaved text.
      async () => this.loadedEditor?.save(),
    );
    this.terminal = new TerminalPane(byId('terminal'), size, {
      output: () => {
        // After the frame that shows the first output (the prompt) is painted, not before it.
        if (!this.firstPaintScheduled) {
          this.firstPaintScheduled = true;
          requestAnimationFrame(() => setTimeout(() => this.afterFirstPaint(), 0));
        }
        this.outputSeen();
      },
      keyWithoutProgram: (data) => {
        if (data === '\r' && this.sb) void this.shell.start(this.sb);
      },
    });
    this.shell = new ShellTerminal(this.terminal);
    this.tree = new FileTree(byId('tree'), HOME, {
      open: (path) => void this.open(path),
      changed: (change) => this.treeChanged(change),
      report: (message, error) => this.report(message, error),
    });
    this.editor = new Promise<void>((resolve) => (this.loadEditor = resolve)).then(async () => {
      const { EditorPane } = await import('./editor-pane.ts');
      return (this.loadedEditor = new EditorPane(
        byId('editor'),
        { title: byId('editor-path'), save: byId('save'), run: byId('run') },
        { save: (path, text) => this.save(path, text), run: (path) => this.run(path) },
        (path) => runCommandFor(path) !== undefined,
      ));
    });
    // Whichever comes first: the prompt's output, or a second.
    setTimeout(() => this.afterFirstPaint(), 1000);
    byId('new-file').addEventListener('click', () => void this.tree.create('file'));
    byId('new-folder').addEventListener('click', () => void this.tree.create('directory'));
    byId('snapshot-download').addEventListener('click', () => void this.downloadSnapshot());
    const picker = byId<HTMLInputElement>('snapshot-file');
    byId('snapshot-load').addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      picker.value = '';
      if (file) void this.loadSnapshot(file);
    });
    byId('reset').addEventListener('click', () => void this.reset());
  }

  /**
   * Once the terminal's first output is on screen (or after a second): the
   * editor loads, and the terminal takes the keyboard unless something else
   * has it (focusing before the prompt cost a style pass on its way).
   */
  private afterFirstPaint(): void {
    if (this.firstPaintDone) return;
    this.firstPaintDone = true;
    this.loadEditor();
    if (document.activeElement === null || document.activeElement === document.body) this.terminal.focus();
  }

  /** Show the first sandbox (sandbox-start.ts); the example script opens in the editor when it is fresh. */
  async start(first: FirstSandbox): Promise<void> {
    await this.use(first.sandbox, first.dirty, first.shell);
    if (first.problem) this.report(first.problem, true);
    if (first.seeded) await this.open(`${HOME}/${SEED_OPEN}`);
  }

  /** Make `sb` the page's sandbox and close the previous one. */
  private async use(sb: Sandbox, dirty: boolean, shell?: Promise<Pty>): Promise<void> {
    const old = this.sb;
    this.sb = sb;
    if (old) this.terminal.clear();
    const started = this.shell.start(sb, shell);
    void this.editor.then((editor) => editor.close());
    await Promise.all([started, this.tree.attach(sb.fs), this.autosave.use(() => sb.snapshot(), dirty)]);
    await old?.close();
    if (old) this.terminal.focus();
  }

  private async downloadSnapshot(): Promise<void> {
    if (!this.sb) return;
    try {
      await (await this.editor).save();
      const bytes = await this.sb.snapshot();
      const stamp = new Date().toISOString().replace(/\..*$/, '').replace(/:/g, '-');
      downloadBytes(`wasmbox-${stamp}.tar.gz`, bytes, 'application/gzip');
      this.report(`snapshot downloaded (${formatBytes(bytes.byteLength)})`);
    } catch (error) {
      this.report(`could not take a snapshot: ${message(error)}`, true);
    }
  }

  /** Replace the sandbox with the one in `file`; a file that is not a snapshot leaves everything as it was. */
  private async loadSnapshot(file: File): Promise<void> {
    let sb: Sandbox;
    try {
      sb = await sandboxFrom(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.report(`${file.name} is not a sandbox snapshot this page can load: ${message(error)}`, true);
      return;
    }
    await this.use(sb, true);
    this.report(`loaded ${file.name}`);
  }

  private async reset(): Promise<void> {
    if (!confirm('Start over with a fresh sandbox? Its files are forgotten (download a snapshot first to keep them).')) return;
    await this.autosave.clear().catch((error: unknown) => this.report(message(error), true));
    await this.use(await seededSandbox(), false);
    await this.open(`${HOME}/${SEED_OPEN}`);
    this.report('started a fresh sandbox');
  }

  private async open(path: string): Promise<void> {
    const editor = await this.editor;
    if (!this.sb || path === editor.path) return;
    await editor.save();
    try {
      editor.open(path, await this.sb.fs.readFile(path));
    } catch (error) {
      this.report(message(error), true);
    }
  }

  private async save(path: string, text: string): Promise<void> {
    if (!this.sb) throw new Error('no sandbox');
    try {
      await this.sb.fs.writeFile(path, text);
    } catch (error) {
      this.report(`could not save ${path}: ${message(error)}`, true);
      throw error;
    }
    this.report(`saved ${path}`);
    this.autosave.changed();
    await this.tree.refresh();
  }

  private run(path: string): void {
    const line = runCommandFor(path);
    if (!this.sb || line === undefined) return;
    void this.shell.runLine(this.sb, line);
    this.terminal.focus();
  }

  private treeChanged(change: TreeChange): void {
    void this.editor.then((editor) => {
      if (change.kind === 'renamed') editor.renamed(change.from, change.to);
      if (change.kind === 'removed' && editor.path && isWithin(editor.path, change.path)) editor.close();
    });
    this.autosave.changed();
  }

  /**
   * Commands may have changed files: mark the sandbox unsaved at once (so
   * nothing reads "saved" while a command's writes are not), and once the
   * output pauses re-read the tree and the open file.
   */
  private outputSeen(): void {
    this.autosave.changed();
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.afterOutput(), REFRESH_AFTER_OUTPUT_MS);
  }

  private async afterOutput(): Promise<void> {
    const sb = this.sb;
    if (!sb) return;
    await this.tree.refresh();
    const editor = await this.editor;
    const path = editor.path;
    if (path) {
      const bytes = await sb.fs.readFile(path).catch(() => undefined);
      if (bytes && sb === this.sb) editor.reloadIfClean(path, bytes);
    }
  }

  private showSaveState(state: SaveState, detail?: string): void {
    const el = byId('persist');
    el.dataset.state = state;
    el.textContent = { saved: '✓ saved in this browser', pending: '● unsaved changes', saving: '… saving', error: '✕ not saved' }[state];
    el.title = detail ?? '';
    if (state === 'error' && detail) this.report(`not saved: ${detail}`, true);
  }

  private report(text: string, error = false): void {
    const el = byId('status');
    el.textContent = text;
    el.title = text;
    el.classList.toggle('error', error);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
