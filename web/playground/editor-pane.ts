/**
 * The editor pane: CodeMirror 6 on one sandbox file at a time. Save
 * (Ctrl-S / Cmd-S, or the button) writes the file back through the page;
 * Run saves, then asks the page to run the file in the terminal.
 * Files that are not UTF-8 text, or are too big to edit comfortably, open
 * read-only with a note instead of their bytes.
 */
import { javascript } from '@codemirror/lang-javascript';
import { EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';

/** Past this size a file opens read-only: CodeMirror copes, but a playground editor is not the tool for it. */
const MAX_EDIT_BYTES = 2 * 1024 * 1024;

export interface EditorHooks {
  save(path: string, text: string): Promise<void>;
  run(path: string): void;
}

interface OpenFile {
  path: string;
  editable: boolean;
  dirty: boolean;
  /** Size of a file shown read-only, to notice when it changes. */
  size: number;
}

export class EditorPane {
  private readonly view: EditorView;
  private file: OpenFile | undefined;

  constructor(
    parent: HTMLElement,
    private readonly ui: { title: HTMLElement; save: HTMLButtonElement; run: HTMLButtonElement },
    private readonly hooks: EditorHooks,
    private readonly canRun: (path: string) => boolean,
  ) {
    // A new EditorState per file (not a transaction on the old one), so undo history never crosses files.
    this.view = new EditorView({ parent, state: this.stateFor('', [], false) });
    ui.save.addEventListener('click', () => void this.save());
    ui.run.addEventListener('click', () => void this.run());
    this.show();
  }

  get path(): string | undefined {
    return this.file?.path;
  }

  /** Show `bytes` as the content of `path`, replacing whatever was open (unsaved edits are the caller's concern). */
  open(path: string, bytes: Uint8Array): void {
    const text = bytes.byteLength <= MAX_EDIT_BYTES ? utf8(bytes) : undefined;
    const editable = text !== undefined;
    const shown = text ?? `(${path}: ${bytes.byteLength} bytes of ${bytes.byteLength > MAX_EDIT_BYTES ? 'data, too big to edit here' : 'binary data, not shown'})`;
    this.view.setState(this.stateFor(shown, languageFor(path), editable));
    this.file = { path, editable, dirty: false, size: bytes.byteLength };
    this.show();
  }

  /**
   * The file may have changed underneath (a command in the terminal wrote
   * it): show the new content, unless there are unsaved edits, which win.
   */
  reloadIfClean(path: string, bytes: Uint8Array): void {
    if (this.file?.path !== path || this.file.dirty) return;
    const text = bytes.byteLength <= MAX_EDIT_BYTES ? utf8(bytes) : undefined;
    if (text !== undefined && this.file.editable && text === this.view.state.doc.toString()) return;
    // A read-only note only shows the size: refresh it when that changes, not on every command.
    if (text === undefined && !this.file.editable && bytes.byteLength === this.file.size) return;
    const { anchor } = this.view.state.selection.main;
    this.open(path, bytes);
    this.view.dispatch({ selection: { anchor: Math.min(anchor, this.view.state.doc.length) } });
  }

  close(): void {
    this.view.setState(this.stateFor('', [], false));
    this.file = undefined;
    this.show();
  }

  /** The open file was renamed (by the tree): follow it. */
  renamed(from: string, to: string): void {
    if (!this.file) return;
    if (this.file.path === from) this.file.path = to;
    else if (this.file.path.startsWith(`${from}/`)) this.file.path = to + this.file.path.slice(from.length);
    this.show();
  }

  /** Write the open file back if it has unsaved edits. Resolves false when saving failed. */
  async save(): Promise<boolean> {
    const file = this.file;
    if (!file?.editable || !file.dirty) return true;
    const doc = this.view.state.doc;
    try {
      await this.hooks.save(file.path, doc.toString());
    } catch {
      return false; // the page has reported it
    }
    // Docs are immutable values: a different one means more typing happened during the save.
    file.dirty = this.view.state.doc !== doc;
    this.show();
    return true;
  }

  async run(): Promise<void> {
    const file = this.file;
    if (!file || !this.canRun(file.path)) return;
    if (await this.save()) this.hooks.run(file.path);
  }

  focus(): void {
    this.view.focus();
  }

  private stateFor(doc: string, language: Extension, editable: boolean): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        basicSetup,
        oneDark,
        language,
        EditorState.readOnly.of(!editable),
        EditorView.editable.of(editable),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (void this.save(), true) },
          { key: 'Mod-Enter', preventDefault: true, run: () => (void this.run(), true) },
        ]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || !this.file || this.file.dirty) return;
          this.file.dirty = true;
          this.show();
        }),
      ],
    });
  }

  private show(): void {
    const file = this.file;
    this.ui.title.textContent = file?.path ?? 'no file open';
    this.ui.title.title = file?.path ?? '';
    this.ui.title.classList.toggle('dirty', file?.dirty ?? false);
    this.ui.save.disabled = !file?.editable;
    this.ui.run.disabled = !file || !this.canRun(file.path);
  }
}

/** The text of `bytes` if they are UTF-8 without NULs (what `file` and git call text), else undefined. */
function utf8(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice());
  } catch {
    return undefined;
  }
}

function languageFor(path: string): Extension {
  if (/\.(m|c)?js$/i.test(path)) return javascript();
  if (/\.(m|c)?ts$/i.test(path)) return javascript({ typescript: true });
  return [];
}
