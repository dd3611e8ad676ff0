// Browser stand-in for two memfs add-ons (see browser-aliases.ts):
// @jsonjoy.com/fs-snapshot (Volume's toSnapshotSync/toBinarySnapshot/...,
// which brings json-pack's CBOR and JSON codecs) and @jsonjoy.com/fs-print
// (Volume.toTree). memfs's volume.js requires both when it loads, but
// wasmbox never calls them: its snapshots are tar archives
// (engine/snapshot.ts). Bundling them cost ~45 KB of the page's library
// chunk, parsed at every page load; these functions only say so.
const unavailable = (what) => () => {
  throw new Error(`memfs ${what} is not available in wasmbox's browser build; use sb.snapshot() and sb.fs instead`);
};

export const toSnapshotSync = unavailable('toSnapshotSync');
export const fromSnapshotSync = unavailable('fromSnapshotSync');
export const toBinarySnapshotSync = unavailable('toBinarySnapshotSync');
export const fromBinarySnapshotSync = unavailable('fromBinarySnapshotSync');
export const toJsonSnapshotSync = unavailable('toJsonSnapshotSync');
export const fromJsonSnapshotSync = unavailable('fromJsonSnapshotSync');
export const toSnapshot = unavailable('toSnapshot');
export const fromSnapshot = unavailable('fromSnapshot');
export const toBinarySnapshot = unavailable('toBinarySnapshot');
export const fromBinarySnapshot = unavailable('fromBinarySnapshot');
export const toJsonSnapshot = unavailable('toJsonSnapshot');
export const fromJsonSnapshot = unavailable('fromJsonSnapshot');
export const toTreeSync = unavailable('toTree');
