/**
 * Files dropped onto the tree: plain files, and folders walked through the
 * File and Directory Entries API (webkitGetAsEntry, supported by every
 * current browser: https://wicg.github.io/entries-api/). Each result names
 * the file relative to the drop target.
 */

export interface DroppedFile {
  /** Relative path, '/'-separated: `a.txt`, `folder/sub/b.txt`. */
  path: string;
  /** The file's content; absent for a folder (listed before what it holds, so empty folders come across too). */
  file?: File;
}

/** Past this many files a drop is refused rather than copied half-way. */
export const MAX_DROPPED_FILES = 2000;

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  // Entries must be taken synchronously, before the drop event's handler returns.
  const entries = Array.from(data.items).map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => e != null);
  if (entries.length === 0) return Array.from(data.files).map((file) => ({ path: file.name, file }));
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  if (out.length > MAX_DROPPED_FILES) throw new RangeError(`too many files dropped (more than ${MAX_DROPPED_FILES})`);
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, file });
    return;
  }
  if (!entry.isDirectory) return;
  out.push({ path });
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the listing in batches; an empty batch ends it.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, `${path}/`, out);
  }
}
