/**
 * Values across the host/guest boundary of the one host function the guest
 * gets (guest.ts): strings, numbers, booleans, null/undefined, bytes (an
 * ArrayBuffer in the guest), and arrays and plain objects of these. Each
 * host call decodes its own arguments (no generic guest-to-host walk: the
 * host never trusts the guest's shapes).
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';

export type HostValue = string | number | boolean | null | undefined | Uint8Array | HostValue[] | { [key: string]: HostValue } | QuickJSHandle;

/** A new handle for `value`; the caller owns it. A QuickJSHandle passes through (dup'ed if `dup`). */
export function toGuest(ctx: QuickJSContext, value: unknown): QuickJSHandle {
  switch (typeof value) {
    case 'string':
      return ctx.newString(value);
    case 'number':
      return ctx.newNumber(value);
    case 'boolean':
      return value ? ctx.true : ctx.false;
    case 'undefined':
      return ctx.undefined;
    case 'bigint':
      return ctx.newBigInt(value);
  }
  if (value === null) return ctx.null;
  if (value instanceof Uint8Array) {
    const copy = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer ? value.buffer : value.slice().buffer;
    return ctx.newArrayBuffer(copy);
  }
  if (isHandle(value)) return value;
  if (Array.isArray(value)) {
    const array = ctx.newArray();
    value.forEach((item, i) => {
      const h = toGuest(ctx, item);
      ctx.setProp(array, i, h);
      h.dispose();
    });
    return array;
  }
  const object = ctx.newObject();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const h = toGuest(ctx, item);
    ctx.setProp(object, key, h);
    h.dispose();
  }
  return object;
}

function isHandle(value: unknown): value is QuickJSHandle {
  return typeof value === 'object' && value !== null && 'alive' in value && 'dispose' in value && 'owner' in value;
}

/** Decoders for one host call's arguments. */
export class HostArgs {
  constructor(
    readonly ctx: QuickJSContext,
    private readonly handles: QuickJSHandle[],
  ) {}

  get length(): number {
    return this.handles.length;
  }

  handle(i: number): QuickJSHandle {
    return this.handles[i] ?? this.ctx.undefined;
  }

  type(i: number): string {
    return this.ctx.typeof(this.handle(i));
  }

  str(i: number): string {
    const h = this.handle(i);
    if (this.ctx.typeof(h) !== 'string') throw new TypeError(`argument ${i} must be a string`);
    return this.ctx.getString(h);
  }

  num(i: number, fallback?: number): number {
    const h = this.handle(i);
    const type = this.ctx.typeof(h);
    if (type === 'undefined' && fallback !== undefined) return fallback;
    if (type !== 'number') throw new TypeError(`argument ${i} must be a number`);
    return this.ctx.getNumber(h);
  }

  optNum(i: number): number | undefined {
    const h = this.handle(i);
    const type = this.ctx.typeof(h);
    if (type === 'undefined' || (type === 'object' && this.ctx.dump(h) === null)) return undefined;
    return this.num(i);
  }

  bool(i: number): boolean {
    return this.ctx.typeof(this.handle(i)) === 'boolean' && this.ctx.dump(this.handle(i)) === true;
  }

  /** A string, or the bytes of an ArrayBuffer. */
  data(i: number): string | Uint8Array {
    const h = this.handle(i);
    if (this.ctx.typeof(h) === 'string') return this.ctx.getString(h);
    const lifetime = this.ctx.getArrayBuffer(h);
    try {
      return lifetime.value.slice();
    } finally {
      lifetime.dispose();
    }
  }
}
