/**
 * `wasmbox --import DIR[:DEST]`: copy a directory of this machine into the
 * sandbox. Files keep their bytes and permission bits, symlinks their
 * target text (a link pointing outside the tree dangles in the sandbox, as
 * it would in a copied tarball); sockets, fifos and devices are skipped and
 * named. Nothing in the sandbox can reach back: it is a copy.
 */
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Sandbox } from './index.js';

export interface ImportReport {
  files: number;
  bytes: number;
  skipped: string[];
}

export async function importHostDir(sb: Sandbox, from: string, to: string): Promise<ImportReport> {
  const root = await lstat(from).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`--import ${from}: ${error.code === 'ENOENT' ? 'no such directory' : error.message}`);
  });
  if (!root.isDirectory()) throw new Error(`--import ${from}: not a directory`);
  const report: ImportReport = { files: 0, bytes: 0, skipped: [] };
  await sb.fs.mkdir(to, { recursive: true });
  const walk = async (hostDir: string, boxDir: string): Promise<void> => {
    for (const entry of await readdir(hostDir, { withFileTypes: true })) {
      const hostPath = join(hostDir, entry.name);
      const boxPath = `${boxDir}/${entry.name}`;
      if (entry.isDirectory()) {
        await sb.fs.mkdir(boxPath, { recursive: true });
        await walk(hostPath, boxPath);
      } else if (entry.isSymbolicLink()) {
        await sb.fs.symlink(await readlink(hostPath), boxPath);
      } else if (entry.isFile()) {
        const [bytes, st] = await Promise.all([readFile(hostPath), lstat(hostPath)]);
        await sb.fs.writeFile(boxPath, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { mode: st.mode & 0o7777 });
        report.files++;
        report.bytes += bytes.byteLength;
      } else {
        report.skipped.push(hostPath);
      }
    }
  };
  await walk(from, to.replace(/\/+$/, '') || '/');
  return report;
}

/** Where `--import DIR` puts DIR when no DEST is given. */
export function defaultImportTarget(from: string, home: string): string {
  const name = basename(from.replace(/\/+$/, '')) || 'import';
  return `${home}/${name}`;
}
