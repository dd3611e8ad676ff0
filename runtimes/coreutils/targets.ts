/**
 * How cp, mv and ln map operands to (source, destination) pairs, as GNU
 * does: `SRC DEST`, `SRC... DIR` (into DIR when the last operand is a
 * directory), `-t DIR SRC...`, and `-T SRC DEST` (DEST is never entered).
 */
import type { Cmd } from './common.js';
import { baseName, joinPath, quoteFile } from './fs-common.js';

export interface TargetOptions {
  targetDir?: string | true;
  noTargetDir?: string | true;
  /** ln -n: a symlink to a directory counts as a file. */
  noDereference?: boolean;
}

/** The pairs to act on; reports usage errors and ends the program on them. */
export function planTargets(cmd: Cmd, operands: string[], options: TargetOptions): [string, string][] {
  const isDir = (path: string): boolean => {
    if (options.noDereference && cmd.sys.tryStat(path, false)?.type === 'symlink') return false;
    return cmd.sys.tryStat(path)?.type === 'dir';
  };
  const into = (dir: string, sources: string[]): [string, string][] =>
    sources.map((source) => [source, joinPath(dir, baseName(source))]);

  if (typeof options.targetDir === 'string') {
    if (options.noTargetDir) cmd.usageError('cannot combine --target-directory (-t) and --no-target-directory (-T)');
    if (operands.length === 0) cmd.usageError('missing file operand');
    const dir = options.targetDir;
    const st = cmd.sys.tryStat(dir);
    if (!st) cmd.fail(`target directory ${quoteFile(dir)}: No such file or directory`);
    if (st.type !== 'dir') cmd.fail(`target directory ${quoteFile(dir)}: Not a directory`);
    return into(dir, operands);
  }
  if (operands.length === 0) cmd.usageError('missing file operand');
  if (operands.length === 1) cmd.usageError(`missing destination file operand after ${quoteFile(operands[0])}`);
  if (options.noTargetDir) {
    if (operands.length > 2) cmd.usageError(`extra operand ${quoteFile(operands[2])}`);
    return [[operands[0], operands[1]]];
  }
  const last = operands[operands.length - 1];
  if (isDir(last)) return into(last, operands.slice(0, -1));
  if (operands.length > 2) {
    const reason = cmd.sys.tryStat(last) ? 'Not a directory' : 'No such file or directory';
    cmd.fail(`target ${quoteFile(last)}: ${reason}`);
  }
  return [[operands[0], last]];
}
