/**
 * The web-standard globals that engine/ and runtimes/ may use.
 *
 * engine/ and runtimes/ are compiled by tsconfig.engine.json with only the ES
 * libs (ES2023 + ES2024.SharedMemory for Atomics.waitAsync): no DOM, no
 * @types/node. This file declares the small set of globals that exist in Node
 * 20+, browsers and workers alike. Anything not declared here (document,
 * window, self, Buffer, process, require, Worker...) is a compile error
 * in engine code on purpose: it belongs in node/ or web/, injected.
 *
 * Rules for this file:
 * - Names and shapes follow lib.dom.d.ts, so engine code that compiles here
 *   also compiles under the DOM + @types/node configs that import it.
 * - Some signatures are deliberately STRICTER than lib.dom.d.ts where browsers
 *   are stricter at run time. Chromium throws "value must not be shared" for
 *   SharedArrayBuffer-backed views in TextDecoder.decode, TextEncoder.encodeInto
 *   and crypto.getRandomValues (checked in Chromium 156), and a shared
 *   WebAssembly.Memory's `buffer` is a SharedArrayBuffer. So those take
 *   ArrayBuffer-backed views only, and Memory#buffer is ArrayBuffer |
 *   SharedArrayBuffer: copy out of shared memory first (`view.slice()`).
 * - Do not name the helper types below that lib.dom.d.ts lacks
 *   (PlatformTimerHandle): write `ReturnType<typeof setTimeout>` instead, which
 *   works under every config.
 * - Only this file may declare globals for engine/; keep it small.
 */

// ---------------------------------------------------------------- timers etc.

/** Opaque: a number in browsers, a Timeout object in Node. */
interface PlatformTimerHandle {
  readonly __platformTimerHandle: never;
}
declare function setTimeout(
  handler: (...args: any[]) => void,
  timeout?: number,
  ...args: any[]
): PlatformTimerHandle;
declare function clearTimeout(id: PlatformTimerHandle | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T = any>(value: T, options?: { transfer?: ArrayBuffer[] }): T;

interface Performance {
  now(): number;
}
declare var performance: Performance;

interface Console {
  log(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
}
declare var console: Console;

interface SubtleCrypto {
  digest(
    algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | { name: string },
    data: BufferSource,
  ): Promise<ArrayBuffer>;
}
interface Crypto {
  /**
   * Web Crypto's digest only. Browsers define `crypto.subtle` only in secure
   * contexts (https, localhost; a crossOriginIsolated page always is one).
   */
  readonly subtle: SubtleCrypto;
  /** Integer typed arrays only (no Float*Array, no DataView), not shared. */
  getRandomValues<
    T extends
      | Int8Array<ArrayBuffer>
      | Uint8Array<ArrayBuffer>
      | Uint8ClampedArray<ArrayBuffer>
      | Int16Array<ArrayBuffer>
      | Uint16Array<ArrayBuffer>
      | Int32Array<ArrayBuffer>
      | Uint32Array<ArrayBuffer>
      | BigInt64Array<ArrayBuffer>
      | BigUint64Array<ArrayBuffer>,
  >(array: T): T;
}
declare var crypto: Crypto;

// -------------------------------------------------------------- text coding

/** Same as lib.dom.d.ts. Not shared memory. */
type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;

interface TextEncoderEncodeIntoResult {
  read: number;
  written: number;
}
interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
  /** `destination` must not be backed by a SharedArrayBuffer. */
  encodeInto(source: string, destination: Uint8Array<ArrayBuffer>): TextEncoderEncodeIntoResult;
}
declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  /** `input` must not be backed by a SharedArrayBuffer (lib.dom says it may; Chromium throws). */
  decode(input?: BufferSource, options?: TextDecodeOptions): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

// ------------------------------------------------------------ ReadableStream

interface QueuingStrategy<T = any> {
  highWaterMark?: number;
  size?: (chunk: T) => number;
}
interface ReadableStreamDefaultController<R = any> {
  readonly desiredSize: number | null;
  close(): void;
  enqueue(chunk?: R): void;
  error(e?: any): void;
}
interface UnderlyingDefaultSource<R = any> {
  start?: (controller: ReadableStreamDefaultController<R>) => any;
  pull?: (controller: ReadableStreamDefaultController<R>) => void | PromiseLike<void>;
  cancel?: (reason?: any) => void | PromiseLike<void>;
  type?: undefined;
}
interface ReadableStreamReadValueResult<T> {
  done: false;
  value: T;
}
interface ReadableStreamReadDoneResult<T> {
  done: true;
  value: T | undefined;
}
type ReadableStreamReadResult<T> = ReadableStreamReadValueResult<T> | ReadableStreamReadDoneResult<T>;
interface ReadableStreamDefaultReader<R = any> {
  readonly closed: Promise<void>;
  read(): Promise<ReadableStreamReadResult<R>>;
  releaseLock(): void;
  cancel(reason?: any): Promise<void>;
}
interface ReadableStream<R = any> {
  readonly locked: boolean;
  cancel(reason?: any): Promise<void>;
  getReader(): ReadableStreamDefaultReader<R>;
}
declare var ReadableStream: {
  prototype: ReadableStream;
  new <R = any>(
    underlyingSource?: UnderlyingDefaultSource<R>,
    strategy?: QueuingStrategy<R>,
  ): ReadableStream<R>;
};

// --------------------------------------------------------------- WebAssembly
// The WebAssembly JS API, as in lib.dom.d.ts minus the *Streaming functions
// (they need fetch's Response: pass bytes or a Module to the engine instead).

declare namespace WebAssembly {
  interface CompileError extends Error {}
  var CompileError: {
    prototype: CompileError;
    new (message?: string): CompileError;
    (message?: string): CompileError;
  };
  interface LinkError extends Error {}
  var LinkError: {
    prototype: LinkError;
    new (message?: string): LinkError;
    (message?: string): LinkError;
  };
  interface RuntimeError extends Error {}
  var RuntimeError: {
    prototype: RuntimeError;
    new (message?: string): RuntimeError;
    (message?: string): RuntimeError;
  };

  interface Global<T extends ValueType = ValueType> {
    value: ValueTypeMap[T];
    valueOf(): ValueTypeMap[T];
  }
  var Global: {
    prototype: Global;
    new <T extends ValueType = ValueType>(descriptor: GlobalDescriptor<T>, v?: ValueTypeMap[T]): Global<T>;
  };

  interface Instance {
    readonly exports: Exports;
  }
  var Instance: {
    prototype: Instance;
    new (module: Module, importObject?: Imports): Instance;
  };

  interface Memory {
    /** A SharedArrayBuffer when the memory is `shared` (stricter than lib.dom.d.ts). */
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  var Memory: {
    prototype: Memory;
    new (descriptor: MemoryDescriptor): Memory;
  };

  interface Module {}
  var Module: {
    prototype: Module;
    new (bytes: BufferSource): Module;
    customSections(moduleObject: Module, sectionName: string): ArrayBuffer[];
    exports(moduleObject: Module): ModuleExportDescriptor[];
    imports(moduleObject: Module): ModuleImportDescriptor[];
  };

  interface Table {
    readonly length: number;
    get(index: number): any;
    grow(delta: number, value?: any): number;
    set(index: number, value?: any): void;
  }
  var Table: {
    prototype: Table;
    new (descriptor: TableDescriptor, value?: any): Table;
  };

  interface GlobalDescriptor<T extends ValueType = ValueType> {
    mutable?: boolean;
    value: T;
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  interface ModuleExportDescriptor {
    kind: ImportExportKind;
    name: string;
  }
  interface ModuleImportDescriptor {
    kind: ImportExportKind;
    module: string;
    name: string;
  }
  interface TableDescriptor {
    element: TableKind;
    initial: number;
    maximum?: number;
  }
  interface ValueTypeMap {
    anyfunc: Function;
    externref: any;
    f32: number;
    f64: number;
    i32: number;
    i64: bigint;
    v128: never;
  }
  interface WebAssemblyInstantiatedSource {
    instance: Instance;
    module: Module;
  }

  type ImportExportKind = 'function' | 'global' | 'memory' | 'table';
  type TableKind = 'anyfunc' | 'externref';
  type ExportValue = Function | Global | Memory | Table;
  type Exports = Record<string, ExportValue>;
  type ImportValue = ExportValue | number;
  type Imports = Record<string, ModuleImports>;
  type ModuleImports = Record<string, ImportValue>;
  type ValueType = keyof ValueTypeMap;

  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(bytes: BufferSource, importObject?: Imports): Promise<WebAssemblyInstantiatedSource>;
  function instantiate(moduleObject: Module, importObject?: Imports): Promise<Instance>;
  function validate(bytes: BufferSource): boolean;
}

// ---------------------------------------------------------- URL and fetch
// For edge functions and the network allow-list (issue 5): sb.fetch takes a
// Request and returns a Response (engine/edge-fetch.ts), and guest fetch()
// reaches the network only through engine/network-fetch.ts, for URLs the
// sandbox's allow-list permits. Nothing else in engine/ may call fetch.
// Shapes are subsets of lib.dom.d.ts.

interface URL {
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  username: string;
  toString(): string;
}
declare var URL: {
  prototype: URL;
  new (url: string | URL, base?: string | URL): URL;
};

type HeadersInit = [string, string][] | Record<string, string> | Headers;
interface Headers {
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  forEach(callbackfn: (value: string, key: string, parent: Headers) => void, thisArg?: any): void;
}
declare var Headers: {
  prototype: Headers;
  new (init?: HeadersInit): Headers;
};

type BodyInit = ReadableStream | BufferSource | string;
type RequestRedirect = 'error' | 'follow' | 'manual';
type ResponseType = 'basic' | 'cors' | 'default' | 'error' | 'opaque' | 'opaqueredirect';
interface Body {
  readonly body: ReadableStream<Uint8Array<ArrayBuffer>> | null;
  readonly bodyUsed: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}
interface AbortSignal {
  readonly aborted: boolean;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: any): void;
}
declare var AbortController: {
  prototype: AbortController;
  new (): AbortController;
};
interface RequestInit {
  body?: BodyInit | null;
  headers?: HeadersInit;
  method?: string;
  redirect?: RequestRedirect;
  signal?: AbortSignal | null;
}
type RequestInfo = Request | string;
interface Request extends Body {
  readonly headers: Headers;
  readonly method: string;
  readonly url: string;
}
declare var Request: {
  prototype: Request;
  new (input: RequestInfo | URL, init?: RequestInit): Request;
};
interface ResponseInit {
  headers?: HeadersInit;
  status?: number;
  statusText?: string;
}
interface Response extends Body {
  readonly headers: Headers;
  readonly ok: boolean;
  readonly redirected: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly type: ResponseType;
  readonly url: string;
}
declare var Response: {
  prototype: Response;
  new (body?: BodyInit | null, init?: ResponseInit): Response;
};
declare function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
