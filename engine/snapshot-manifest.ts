/**
 * The manifest of a snapshot (README.md "Snapshots"): the first entry of the
 * archive, a regular file `.wasmbox/manifest.json`. It holds what is not in
 * the tree (the sandbox's env and cwd, each session's id, cwd and env) and
 * the SHA-256 of every archive byte after the manifest entry, so a restore
 * can check the content before it builds anything.
 */
import { InvalidSnapshotError } from './errors.js';

export const MANIFEST_NAME = '.wasmbox/manifest.json';
export const SNAPSHOT_FORMAT = 'wasmbox-snapshot';
export const SNAPSHOT_VERSION = 1;
/** A manifest bigger than this is refused before it is parsed. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface SessionState {
  id: string;
  cwd: string;
  env: Record<string, string>;
}

export interface Manifest {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** Lowercase hex SHA-256 of the archive bytes after the manifest entry (uncompressed). */
  contentSha256: string;
  /** ISO 8601. */
  createdAt: string;
  env: Record<string, string>;
  cwd: string;
  sessions: SessionState[];
}

/** Stands for the hash until it is known: same length, so the manifest's size is fixed first. */
const HASH_PLACEHOLDER = '0'.repeat(64);
const HASH_KEY = '"contentSha256": "';

/**
 * The manifest's bytes with a placeholder hash, and the byte offset where
 * the 64 hex digits go. `format`, `version` and the hash come first, so the
 * first occurrence of the key is the real one (env values cannot precede it).
 */
export function encodeManifest(fields: Omit<Manifest, 'format' | 'version' | 'contentSha256'>): { bytes: Uint8Array; hashOffset: number } {
  const manifest: Manifest = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, contentSha256: HASH_PLACEHOLDER, ...fields };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  // Everything before the hash is ASCII, so the character index is the byte offset.
  const hashOffset = text.indexOf(HASH_KEY) + HASH_KEY.length;
  return { bytes: new TextEncoder().encode(text), hashOffset };
}

export function hex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parse and check a manifest; every problem is an InvalidSnapshotError that names it. */
export function decodeManifest(bytes: Uint8Array): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice()));
  } catch (error) {
    throw new InvalidSnapshotError(`the manifest (${MANIFEST_NAME}) is not valid UTF-8 JSON`, { cause: error });
  }
  const m = value as Record<string, unknown>;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw bad('is not a JSON object');
  if (m.format !== SNAPSHOT_FORMAT) throw bad(`has format ${JSON.stringify(m.format)}, not ${JSON.stringify(SNAPSHOT_FORMAT)}`);
  if (m.version !== SNAPSHOT_VERSION) {
    throw new InvalidSnapshotError(`unsupported snapshot format version ${JSON.stringify(m.version)} (this wasmbox reads version ${SNAPSHOT_VERSION})`);
  }
  if (typeof m.contentSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.contentSha256)) throw bad('has no valid contentSha256 (64 lowercase hex digits)');
  if (typeof m.createdAt !== 'string') throw bad('has no createdAt');
  const env = checkEnv(m.env, 'env');
  const cwd = checkPath(m.cwd, 'cwd');
  if (!Array.isArray(m.sessions)) throw bad('has no sessions array');
  const ids = new Set<string>();
  const sessions = m.sessions.map((s: unknown, i: number): SessionState => {
    const session = s as Record<string, unknown>;
    if (typeof session !== 'object' || session === null) throw bad(`sessions[${i}] is not an object`);
    const id = session.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw bad(`sessions[${i}].id is not a string of 1 to 256 characters`);
    if (ids.has(id)) throw bad(`has two sessions with id ${JSON.stringify(id)}`);
    ids.add(id);
    return { id, cwd: checkPath(session.cwd, `sessions[${i}].cwd`), env: checkEnv(session.env, `sessions[${i}].env`) };
  });
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, contentSha256: m.contentSha256, createdAt: m.createdAt, env, cwd, sessions };
}

function bad(what: string): InvalidSnapshotError {
  return new InvalidSnapshotError(`the manifest (${MANIFEST_NAME}) ${what}`);
}

function checkEnv(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`${field} is not an object of strings`);
  const env: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.length === 0 || key.includes('=') || key.includes('\0')) throw bad(`${field} has an invalid variable name ${JSON.stringify(key)}`);
    if (typeof v !== 'string' || v.includes('\0')) throw bad(`${field}.${key} is not a string without NUL bytes`);
    env[key] = v;
  }
  return env;
}

function checkPath(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes('\0') || value.split('/').includes('..')) {
    throw bad(`${field} is not an absolute path`);
  }
  return value;
}
