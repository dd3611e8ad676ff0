/**
 * The registry of wasmbox's own programs, by the name their /bin stubs carry
 * (engine/program-files.ts lists the same names; a test keeps the two equal).
 * The shell also looks programs up here to run a coreutil in its own worker
 * instead of starting a process for it.
 *
 * The JavaScript programs are a chunk of their own: QuickJS's glue and the
 * guest's Node library are about a third of the worker bundle, and a worker
 * that only runs the shell and coreutils (a terminal's first prompt) should
 * not have to parse them. The worker loads them (loadQuickJSPrograms)
 * before it runs one; the kernel always says when a run needs QuickJS.
 * Until then lookupProgram does not know them, so the shell starts `js` as a
 * child process, which is what it does anyway without QuickJS in its worker.
 */
import { QUICKJS_PROGRAMS } from '../engine/program-files.js';
import { FILE_COMMANDS } from './coreutils/file-commands.js';
import { TEXT_COMMANDS } from './coreutils/text-commands.js';
import type { Program } from './program.js';
import { sh } from './sh/main.js';
import { shSession } from './sh/session-loop.js';

/** Programs with no /bin stub: the kernel starts them by name. */
export const HIDDEN_PROGRAMS: readonly string[] = ['sh-session', 'js-serve'];

const PROGRAMS: Record<string, Program> = { sh, ...TEXT_COMMANDS, ...FILE_COMMANDS, 'sh-session': shSession };

let quickjsPrograms: Promise<void> | undefined;

/** Load the JavaScript programs into the registry (once per worker). */
export function loadQuickJSPrograms(): Promise<void> {
  quickjsPrograms ??= import('./quickjs/programs.js').then(
    ({ js, jsServe }) => void Object.assign(PROGRAMS, { js, 'js-serve': jsServe }),
    (error: unknown) => {
      quickjsPrograms = undefined; // a failed fetch of the chunk may succeed next time
      throw error;
    },
  );
  return quickjsPrograms;
}

export function lookupProgram(name: string): Program | undefined {
  return Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
}

/** Every program's name, loaded or not. */
export function programNames(): string[] {
  return [...new Set([...Object.keys(PROGRAMS), ...QUICKJS_PROGRAMS])];
}
