// Browser stand-in for Node's `stream` / `node:stream` (see browser-aliases.ts).
// memfs defines its ReadStream/WriteStream on top of Readable/Writable when it
// loads, but wasmbox never makes one: the kernel reads and writes files through
// the Volume's synchronous calls. So instead of bundling readable-stream
// (~75 KB of code run at every page load), these classes only say so.
import { EventEmitter } from 'events';

const unavailable = (what) => {
  throw new Error(`${what} is not available in wasmbox's browser build (Node streams are not bundled); read files with sb.fs.readFile`);
};

// Functions, not classes: memfs calls them as `Readable.call(this, options)` (util.inherits style).
export function Readable() {
  unavailable('stream.Readable');
}
Object.setPrototypeOf(Readable.prototype, EventEmitter.prototype);

export function Writable() {
  unavailable('stream.Writable');
}
Object.setPrototypeOf(Writable.prototype, EventEmitter.prototype);
