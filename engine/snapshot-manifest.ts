/**
 * The manifest of a snapshot (README.md "Snapshots"): the first entry of the
 * archive, a regular file `.wasmbox/manifest.json`. It holds what is not in
 * the tree (the sandbox's env and cwd, each session's id, cwd and env) and
 * SHA-256 hashes of the content (every archive byte after the manifest
 * entry), so a restore can check it before it builds anything.
 *
 * The content is hashed in 4 MiB chunks, one SHA-256 per chunk, rather than
 * whole: Web Crypto has no incremental digest, and separate chunks hash in
 * parallel (Node's thread pool, the browser's crypto thread) while the
 * archive is still being written or parsed, which a single SHA-256 of
 * 100 MB (~400 ms here, the whole time budget) cannot. Each hash is checkable
 * by hand: `split -b 4194304 content; sha256sum x*`.
 */
import { InvalidSnapshotError } from './errors.js';

export const MANIFEST_NAME = '.wasmbox/manifest.json';
export const SNAPSHOT_FORMAT = 'wasmbox-snapshot';
export const SNAPSHOT_VERSION = 1;
/** A manifest bigger than this is refused before it is parsed. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** Content bytes per SHA-256. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export interface SessionState {
  id: string;
  cwd: string;
  env: Record<string, string>;
}

export interface Manifest {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** Bytes of content: the (uncompressed) archive bytes after the manifest entry. */
  contentBytes: number;
  /** Content bytes per hash; the last chunk may be shorter. */
  chunkBytes: number;
  /** Lowercase hex SHA-256 of each chunk of the content, in order. */
  contentSha256: string[];
  /** ISO 8601. */
  createdAt: string;
  env: Record<string, string>;
  cwd: string;
  sessions: SessionState[];
}

/** Stands for a hash until it is known: same length, so the manifest's size is fixed first. */
const HASH_PLACEHOLDER = '0'.repeat(64);

export type ManifestFields = Omit<Manifest, 'format' | 'version' | 'chunkBytes' | 'contentSha256'>;

export function chunkCount(contentBytes: number): number {
  return Math.max(1, Math.ceil(contentBytes / CHUNK_BYTES));
}

/**
 * The manifest's bytes with placeholder hashes, and the byte offset of each
 * (64 hex digits go there). The hashes come before `env` and `sessions`,
 * and everything before them is ASCII, so the first placeholders found are
 * the hash slots and their character indexes are byte offsets.
 */
export function encodeManifest(fields: ManifestFields): { bytes: Uint8Array; hashOffsets: number[] } {
  const { contentBytes, ...rest } = fields;
  const hashes = Array.from({ length: chunkCount(contentBytes) }, () => HASH_PLACEHOLDER);
  const manifest: Manifest = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, contentBytes, chunkBytes: CHUNK_BYTES, contentSha256: hashes, ...rest };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const hashOffsets: number[] = [];
  let from = text.indexOf('"contentSha256"');
  for (let i = 0; i < hashes.length; i++) {
    from = text.indexOf(HASH_PLACEHOLDER, from);
    hashOffsets.push(from);
    from += HASH_PLACEHOLDER.length;
  }
  return { bytes: new TextEncoder().encode(text), hashOffsets };
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
  if (typeof m.contentBytes !== 'number' || !Number.isSafeInteger(m.contentBytes) || m.contentBytes < 0) throw bad('has no valid contentBytes');
  if (m.chunkBytes !== CHUNK_BYTES) throw bad(`has chunkBytes ${JSON.stringify(m.chunkBytes)}, not ${CHUNK_BYTES}`);
  const hashes = m.contentSha256;
  if (!Array.isArray(hashes) || hashes.length !== chunkCount(m.contentBytes) || !hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
    throw bad(`has no valid contentSha256 (${chunkCount(m.contentBytes)} SHA-256 hashes of 64 lowercase hex digits, one per ${CHUNK_BYTES}-byte chunk)`);
  }
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
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, contentBytes: m.contentBytes, chunkBytes: CHUNK_BYTES, contentSha256: hashes as string[], createdAt: m.createdAt, env, cwd, sessions };
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
