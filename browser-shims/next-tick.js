// Browser stand-in for Node's `process.nextTick` (see browserInject in
// browser-aliases.ts). memfs's Dir (fs.opendir / fs.promises.opendir) calls the
// *global* `process.nextTick`, which browsers lack: without this its async
// reads never settle. A microtask is the closest browser equivalent (the npm
// `process` package's nextTick uses setTimeout, which Chrome clamps to 4 ms
// once nested, making async directory iteration crawl).
export function nextTick(callback, ...args) {
  queueMicrotask(() => callback(...args));
}
