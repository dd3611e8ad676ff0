/**
 * The file tree: the sandbox's files under one root (/home/user), read
 * through sb.fs, with create, rename, delete, download, and upload by
 * dropping host files onto it. It does not watch the file system (the
 * kernel has no change feed); the page calls refresh() after commands
 * and after its own actions.
 */
import type { FileType, SandboxFs } from '../index.ts';
import { downloadBytes } from './download.ts';
import { baseName, isWithin, joinPath, nameProblem, parentOf } from './names.ts';
import { droppedFiles } from './upload.ts';

/** Entries shown per directory; the rest are counted, so a huge directory cannot freeze the page. */
const MAX_SHOWN = 500;

export type TreeChange =
  | { kind: 'created'; path: string }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'removed'; path: string }
  | { kind: 'uploaded'; dir: string; count: number };

export interface FileTreeHooks {
  /** A file was clicked. */
  open(path: string): void;
  /** The tree changed the file system. */
  changed(change: TreeChange): void;
  /** A line for the status bar; `error` for failures. */
  report(message: string, error?: boolean): void;
}

interface Entry {
  name: string;
  path: string;
  type: FileType;
  children?: Entry[];
  hidden?: number;
  error?: string;
}

export class FileTree {
  private fs: SandboxFs | undefined;
  private expanded = new Set<string>();
  private selected: string | undefined;
  /** An inline name input is open: refreshes are skipped (they would destroy it); closing it refreshes. */
  private editing = false;
  /** Refreshes overlap (they await the fs); only the newest may render. */
  private generation = 0;
  /**
   * What the DOM shows now (the loaded tree and the selection, as JSON), so
   * a refresh that finds nothing changed leaves the rows alone: replacing
   * them under the pointer (a refresh follows every burst of terminal
   * output) could swallow a click on a row's button. Undefined while the
   * DOM holds something render() did not make (an inline name input).
   */
  private shown: string | undefined;

  constructor(
    private readonly el: HTMLElement,
    private readonly root: string,
    private readonly hooks: FileTreeHooks,
  ) {
    el.setAttribute('role', 'tree');
    el.addEventListener('click', (e) => void this.onClick(e));
    el.addEventListener('keydown', (e) => void this.onKey(e));
    el.addEventListener('dragover', (e) => this.onDragOver(e));
    el.addEventListener('dragleave', () => this.clearDropTarget());
    el.addEventListener('drop', (e) => void this.onDrop(e));
  }

  /** Show a (new) sandbox's files. */
  attach(fs: SandboxFs): Promise<void> {
    this.fs = fs;
    this.expanded = new Set([this.root]);
    this.selected = undefined;
    this.editing = false;
    return this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.fs) return;
    if (this.editing) return;
    const generation = ++this.generation;
    const tree = await this.load(this.fs, { name: baseName(this.root), path: this.root, type: 'directory' });
    if (generation !== this.generation || this.editing) return;
    const shown = JSON.stringify({ tree, selected: this.selected });
    if (shown === this.shown) return;
    this.shown = shown;
    this.el.replaceChildren(this.renderChildren(tree));
  }

  /** Inline input for a new file or folder, in the selected folder (or the selected file's). */
  async create(type: 'file' | 'directory'): Promise<void> {
    const dir = await this.targetDir();
    this.expanded.add(dir);
    await this.refresh();
    const list = dir === this.root ? this.el.querySelector(':scope > ul') : this.el.querySelector(`li[data-path="${CSS.escape(dir)}"] > ul`);
    const li = document.createElement('li');
    li.className = type === 'directory' ? 'dir' : 'file';
    list?.prepend(li);
    const name = await this.askName(li, '', type === 'directory' ? 'folder name' : 'file name');
    if (name === undefined) return;
    const path = joinPath(dir, name);
    await this.act(async (fs) => {
      if (await fs.exists(path)) throw new Error(`${path} already exists`);
      if (type === 'directory') await fs.mkdir(path);
      else await fs.writeFile(path, '');
      this.selected = path;
      this.hooks.changed({ kind: 'created', path });
      if (type === 'file') this.hooks.open(path);
    });
  }

  private async rename(path: string, row: HTMLElement): Promise<void> {
    const nameEl = row.querySelector('.name');
    if (!nameEl) return;
    const name = await this.askName(nameEl as HTMLElement, baseName(path), 'new name');
    if (name === undefined || name === baseName(path)) return void (await this.refresh());
    const to = joinPath(parentOf(path), name);
    await this.act(async (fs) => {
      // POSIX rename() replaces an existing target silently; a file tree should not.
      if (await fs.exists(to)) throw new Error(`${to} already exists`);
      await fs.rename(path, to);
      this.expanded = new Set([...this.expanded].map((p) => (isWithin(p, path) ? to + p.slice(path.length) : p)));
      this.selected = to;
      this.hooks.changed({ kind: 'renamed', from: path, to });
    });
  }

  private async remove(path: string, type: FileType): Promise<void> {
    const what = type === 'directory' ? `the folder ${path} and everything in it` : path;
    if (!confirm(`Delete ${what}?`)) return;
    await this.act(async (fs) => {
      await fs.rm(path, { recursive: true });
      if (this.selected && isWithin(this.selected, path)) this.selected = undefined;
      this.hooks.changed({ kind: 'removed', path });
    });
  }

  private async download(path: string): Promise<void> {
    await this.act(async (fs) => downloadBytes(baseName(path), await fs.readFile(path)), false);
  }

  /** Run an action on the fs, report its failure, then show the result. */
  private async act(action: (fs: SandboxFs) => Promise<void>, refresh = true): Promise<void> {
    if (!this.fs) return;
    try {
      await action(this.fs);
    } catch (error) {
      this.hooks.report(error instanceof Error ? error.message : String(error), true);
    }
    if (refresh) await this.refresh();
  }

  /**
   * Put a name input in `slot` and resolve with a valid name on Enter, or
   * undefined on Escape or when it loses focus. An invalid name says why and keeps the input open.
   */
  private askName(slot: HTMLElement, initial: string, label: string): Promise<string | undefined> {
    this.editing = true;
    this.shown = undefined; // the input changes the DOM: the next refresh renders afresh
    const input = document.createElement('input');
    input.value = initial;
    input.setAttribute('aria-label', label);
    input.spellcheck = false;
    slot.replaceChildren(input);
    input.focus();
    input.setSelectionRange(0, initial.lastIndexOf('.') > 0 ? initial.lastIndexOf('.') : initial.length);
    return new Promise((resolve) => {
      const finish = (name: string | undefined) => {
        input.removeEventListener('blur', cancel);
        this.editing = false;
        resolve(name);
        if (name === undefined) void this.refresh();
      };
      const cancel = () => finish(undefined);
      input.addEventListener('blur', cancel);
      input.addEventListener('keydown', (e) => {
        e.stopPropagation();
        if (e.key === 'Escape') cancel();
        if (e.key !== 'Enter') return;
        const problem = nameProblem(input.value);
        if (problem) this.hooks.report(problem, true);
        else finish(input.value);
      });
    });
  }

  private async targetDir(): Promise<string> {
    const sel = this.selected;
    if (!sel || !this.fs) return this.root;
    const st = await this.fs.stat(sel).catch(() => undefined);
    return st?.type === 'directory' ? sel : parentOf(sel);
  }

  private async load(fs: SandboxFs, entry: Entry): Promise<Entry> {
    try {
      const listing = await fs.readdir(entry.path, { withFileTypes: true });
      // Directories first, then by code units, as `ls` sorts in the C locale. (Not localeCompare: its
      // first call loads ICU's collation data, ~30 ms of a cold page load.)
      listing.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const shown = listing.slice(0, MAX_SHOWN);
      entry.hidden = listing.length - shown.length;
      entry.children = await Promise.all(
        shown.map((e) => {
          const child: Entry = { name: e.name, path: joinPath(entry.path, e.name), type: e.type };
          return e.type === 'directory' && this.expanded.has(child.path) ? this.load(fs, child) : child;
        }),
      );
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    return entry;
  }

  private renderChildren(dir: Entry): HTMLUListElement {
    const ul = document.createElement('ul');
    ul.setAttribute('role', 'group');
    if (dir.error) ul.append(note(dir.error));
    for (const child of dir.children ?? []) ul.append(this.renderEntry(child));
    if (dir.hidden) ul.append(note(`… ${dir.hidden} more (use ls in the terminal)`));
    return ul;
  }

  private renderEntry(entry: Entry): HTMLLIElement {
    const isDir = entry.type === 'directory';
    const open = isDir && this.expanded.has(entry.path);
    const li = document.createElement('li');
    li.className = isDir ? 'dir' : 'file';
    li.dataset.path = entry.path;
    li.dataset.type = entry.type;
    li.setAttribute('role', 'treeitem');
    if (isDir) li.setAttribute('aria-expanded', String(open));
    li.setAttribute('aria-selected', String(entry.path === this.selected));
    const row = document.createElement('div');
    row.className = entry.path === this.selected ? 'row selected' : 'row';
    row.style.paddingLeft = `${6 + 14 * (entry.path.split('/').length - this.root.split('/').length - 1)}px`;
    const icon = span('icon', isDir ? (open ? '▾' : '▸') : entry.type === 'symlink' ? '↪' : ' ');
    const actions = span('row-actions', '');
    actions.append(button('rename', '✎', 'Rename'));
    if (!isDir) actions.append(button('download', '⬇', 'Download'));
    actions.append(button('delete', '✕', 'Delete'));
    row.append(icon, span('name', entry.name), actions);
    li.append(row);
    if (open) li.append(this.renderChildren(entry));
    return li;
  }

  private async onClick(e: MouseEvent): Promise<void> {
    const target = e.target as HTMLElement;
    if (target.closest('input')) return;
    const li = target.closest<HTMLLIElement>('li[data-path]');
    if (!li) return;
    const action = target.closest<HTMLElement>('button[data-action]')?.dataset.action;
    await this.actOn(li, action ?? 'activate');
  }

  /**
   * Keys on the focused tree (WAI-ARIA tree view pattern, simplified):
   * up/down move the selection, right/left open/close a folder, Enter opens
   * or toggles, F2 renames, Delete deletes.
   */
  private async onKey(e: KeyboardEvent): Promise<void> {
    if ((e.target as HTMLElement).closest('input')) return;
    const items = Array.from(this.el.querySelectorAll<HTMLLIElement>('li[data-path]'));
    const at = items.findIndex((li) => li.dataset.path === this.selected);
    const li = items[at];
    const keys: Record<string, () => Promise<void> | void> = {
      ArrowDown: () => this.select(items[Math.min(items.length - 1, at + 1)]),
      ArrowUp: () => this.select(items[Math.max(0, at - 1)]),
      ArrowRight: () => li && this.setExpanded(li, true),
      ArrowLeft: () => li && this.setExpanded(li, false),
      Enter: () => li && this.actOn(li, 'activate'),
      F2: () => li && this.actOn(li, 'rename'),
      Delete: () => li && this.actOn(li, 'delete'),
    };
    const handler = keys[e.key];
    if (!handler) return;
    e.preventDefault();
    await handler();
  }

  private async select(li: HTMLLIElement | undefined): Promise<void> {
    if (!li) return;
    this.selected = li.dataset.path;
    await this.refresh();
    this.el.querySelector(`li[data-path="${CSS.escape(this.selected!)}"] > .row`)?.scrollIntoView({ block: 'nearest' });
  }

  private async setExpanded(li: HTMLLIElement, open: boolean): Promise<void> {
    if (li.dataset.type !== 'directory') return;
    if (open) this.expanded.add(li.dataset.path!);
    else this.expanded.delete(li.dataset.path!);
    await this.refresh();
  }

  /** What a click or a key does to an entry: its row action, or open a file / toggle a folder. */
  private async actOn(li: HTMLLIElement, action: string): Promise<void> {
    const path = li.dataset.path!;
    const type = li.dataset.type as FileType;
    this.selected = path;
    if (action === 'rename') return this.rename(path, li.querySelector('.row')!);
    if (action === 'delete') return this.remove(path, type);
    if (action === 'download') return this.download(path);
    if (type === 'directory') return this.setExpanded(li, !this.expanded.has(path));
    this.hooks.open(path);
    await this.refresh();
  }

  /** The folder a drop at this event lands in: the folder under the pointer, a file's folder, or the root. */
  private dropDir(e: DragEvent): { dir: string; el: HTMLElement } {
    const li = (e.target as HTMLElement).closest<HTMLLIElement>('li[data-path]');
    if (!li) return { dir: this.root, el: this.el };
    if (li.dataset.type === 'directory') return { dir: li.dataset.path!, el: li.querySelector('.row')! };
    const parent = li.parentElement?.closest<HTMLLIElement>('li[data-path]');
    return parent ? { dir: parent.dataset.path!, el: parent.querySelector('.row')! } : { dir: this.root, el: this.el };
  }

  private onDragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const { el } = this.dropDir(e);
    if (el.classList.contains('drop-target')) return;
    this.clearDropTarget();
    el.classList.add('drop-target');
  }

  private clearDropTarget(): void {
    for (const el of Array.from(this.el.querySelectorAll('.drop-target'))) el.classList.remove('drop-target');
    this.el.classList.remove('drop-target');
  }

  private async onDrop(e: DragEvent): Promise<void> {
    if (!e.dataTransfer) return;
    e.preventDefault();
    this.clearDropTarget();
    const { dir } = this.dropDir(e);
    const dropped = droppedFiles(e.dataTransfer);
    await this.act(async (fs) => {
      const files = await dropped;
      // Check every name before writing anything, so a bad name does not leave half a folder behind.
      for (const { path } of files) {
        const problem = path.split('/').map(nameProblem).find(Boolean);
        if (problem) throw new Error(`cannot upload ${JSON.stringify(path)}: ${problem}`);
      }
      for (const { path, file } of files) {
        const dest = joinPath(dir, path);
        if (file) await fs.writeFile(dest, new Uint8Array(await file.arrayBuffer()));
        else await fs.mkdir(dest, { recursive: true });
      }
      this.expanded.add(dir);
      this.hooks.changed({ kind: 'uploaded', dir, count: files.filter((f) => f.file).length });
      this.hooks.report(`uploaded ${files.filter((f) => f.file).length} file(s) to ${dir}`);
    });
  }
}

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

function button(action: string, text: string, title: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.dataset.action = action;
  el.textContent = text;
  el.title = title;
  el.setAttribute('aria-label', title);
  return el;
}

function note(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'more';
  li.textContent = text;
  return li;
}
