/**
 * `sb.sessions`: create, list and find the sandbox's sessions. A session is
 * owned by its sandbox: closing the sandbox ends its shell.
 */
import { WasmboxError } from './errors.js';
import type { Kernel } from './kernel.js';
import { Session, SessionNotFoundError } from './session.js';

export interface SessionOptions {
  /** A unique id of your choosing; default `session-<n>`. */
  id?: string;
  cwd?: string;
  /** Added to (and overriding) the sandbox's environment. */
  env?: Record<string, string>;
}

export interface SessionHost {
  kernel: Kernel;
  cwd: string;
  env: Record<string, string>;
  maxOutputBytes: number;
  assertOpen(): void;
  checkEnv(env: Record<string, string>): Record<string, string>;
}

export class SessionList {
  private readonly byId = new Map<string, Session>();
  private next = 1;

  constructor(private readonly host: SessionHost) {}

  async create(options: SessionOptions = {}): Promise<Session> {
    this.host.assertOpen();
    let id = options.id;
    if (id === undefined) {
      // Skip ids already taken: by a session created with that id, or copied by fork() or a restore.
      do id = `session-${this.next++}`;
      while (this.byId.has(id));
    }
    if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw new TypeError('id must be a non-empty string of at most 256 characters');
    if (this.byId.has(id)) throw new WasmboxError('ALREADY_EXISTS', `a session with id ${JSON.stringify(id)} already exists`);
    const kernel = this.host.kernel;
    const env = { ...this.host.env, ...this.host.checkEnv(options.env ?? {}) };
    const shell = kernel.create(
      {
        argv: ['sh'],
        cwd: options.cwd ?? this.host.cwd,
        env,
        timeoutMs: 0,
        launch: { kind: 'program', name: 'sh-session', path: '/bin/sh', argv: ['sh'] },
      },
      undefined,
      // No stdio of its own: each command brings its own (engine/session-channel.ts).
      { kind: 'inherit', fds: [] },
    );
    // An ended session stays listed (its commands can still be read) until it is deleted.
    const session = new Session(id, kernel, shell, this.host.maxOutputBytes, () => {}, (s) => this.byId.delete(s.id));
    this.byId.set(id, session);
    try {
      await kernel.start(shell);
    } catch (error) {
      // A session whose shell never started is not a session.
      this.byId.delete(id);
      throw error;
    }
    return session;
  }

  list(): Session[] {
    this.host.assertOpen();
    return [...this.byId.values()];
  }

  get(id: string): Session {
    this.host.assertOpen();
    const s = this.byId.get(id);
    if (!s) throw new SessionNotFoundError(String(id));
    return s;
  }

  /** Used by Sandbox.close(): the kernel has already ended every shell. */
  clear(): void {
    this.byId.clear();
  }
}
