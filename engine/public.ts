/** Everything the platform entries export besides Sandbox. */
export {
  WasmboxError,
  SandboxClosedError,
  ProcessNotFoundError,
  TimeoutError,
  InvalidSnapshotError,
  LimitExceededError,
  FsError,
  SpawnError,
  IsolationError,
  TarError,
  PtyNotFoundError,
  PtyEndedError,
  EdgeFunctionError,
} from './errors.js';
// edge functions and the network allow-list (issue 5)
export type { FetchOptions } from './edge-fetch.js';
export { DEFAULT_FETCH_TIMEOUT_MS } from './edge-fetch.js';
export type { NetworkOptions } from './network.js';
export type { ErrnoName } from './errno.js';
export type { SandboxOptions, SpawnOptions, ExecOptions, ListOptions, RunCodeOptions } from './sandbox.js';
export type { Process, ProcessStdin, ExecResult, ExitStatus } from './process.js';
export type { ProcessState } from './kernel.js';
export { SessionNotFoundError, SessionEndedError } from './session.js';
export type { Session, SessionCommand, CommandResult, RunOptions } from './session.js';
export type { SessionOptions, SessionList } from './session-list.js';
export type { Limits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export type { SignalName } from './signals.js';
export type { FileStat, FileType, DirEntryInfo, SandboxFs, TarImportResult } from './fs-api.js';
export type { SnapshotOptions } from './snapshot.js';
export type { Pty, PtyExit, PtyInfo, PtySize } from './pty.js';
export type { PtyList, PtyOptions, PtyExecOptions, AgentOutputOptions, AgentResult } from './pty-list.js';
export type { Termios, WindowSize } from './termios.js';
