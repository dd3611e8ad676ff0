// Runs one WASI program under node:wasi on a real directory and prints
// {"ms": …, "exitCode": …}: the time of start() alone, for bench/run.mjs.
// A child process per run: node:wasi can crash the process after memory
// growth on Node 20 (nodejs/node#46777), hence --no-turbo-fast-api-calls.
import { readFileSync, openSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [wasmPath, root, ...args] = process.argv.slice(2);
const devnull = openSync('/dev/null', 'w');
const wasi = new WASI({ version: 'preview1', args: ['prog', ...args], env: {}, preopens: { '/': root }, stdout: devnull, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(wasmPath));
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
const t = performance.now();
const exitCode = wasi.start(instance);
const ms = performance.now() - t;
process.stdout.write(JSON.stringify({ ms, exitCode }) + '\n');
