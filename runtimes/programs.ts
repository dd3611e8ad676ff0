/**
 * The registry of wasmbox's own programs, by the name their /bin stubs carry
 * (engine/program-files.ts lists the same names; a test keeps the two equal).
 * The shell also looks programs up here to run a coreutil in its own worker
 * instead of starting a process for it.
 */
import { FILE_COMMANDS } from './coreutils/file-commands.js';
import { TEXT_COMMANDS } from './coreutils/text-commands.js';
import type { Program } from './program.js';
import { sh } from './sh/main.js';
import { shSession } from './sh/session-loop.js';
import { js } from './quickjs/js-program.js';
import { jsServe } from './quickjs/serve.js';

/** Programs with no /bin stub: the kernel starts them by name. */
export const HIDDEN_PROGRAMS = { 'sh-session': shSession, 'js-serve': jsServe } as const;

const PROGRAMS: Readonly<Record<string, Program>> = { sh, ...TEXT_COMMANDS, ...FILE_COMMANDS, js, ...HIDDEN_PROGRAMS };

export function lookupProgram(name: string): Program | undefined {
  return Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
}

export function programNames(): string[] {
  return Object.keys(PROGRAMS);
}
