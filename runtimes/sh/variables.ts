/**
 * Shell variables with bash's dynamic scoping: a stack of scopes, the global
 * one at the bottom and one per function call that declared `local`s. A
 * lookup walks from the innermost scope out, so a function sees its
 * caller's locals. Values are strings, indexed arrays (sparse, by number)
 * or associative arrays. `exported` variables form the environment of
 * commands the shell runs.
 */
import { FatalError } from './errors.js';

export type Value = string | Map<number, string> | Map<string, string>;

export interface Variable {
  /** undefined: declared (`local x`, `export x`) but unset. */
  value: Value | undefined;
  exported?: boolean;
  readonly?: boolean;
  integer?: boolean;
  /** `declare -A`: an associative array (string keys). */
  assoc?: boolean;
  /** `declare -u` / `declare -l`: values are converted on assignment. */
  letterCase?: 'upper' | 'lower';
}

function convertCase(v: Variable, value: string): string {
  if (v.letterCase === 'upper') return value.toUpperCase();
  if (v.letterCase === 'lower') return value.toLowerCase();
  return value;
}

/** The plain JSON shape of a variable, for a forked shell. */
export interface VariableJson {
  name: string;
  value?: string | [number, string][] | [string, string][];
  kind?: 'indexed' | 'assoc';
  exported?: boolean;
  readonly?: boolean;
  integer?: boolean;
  letterCase?: 'upper' | 'lower';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isName(text: string): boolean {
  return NAME.test(text);
}

/** The value of a variable as a string: an array's element 0, like bash. */
export function scalarOf(v: Variable | undefined): string | undefined {
  const value = v?.value;
  if (value === undefined || typeof value === 'string') return value;
  return v!.assoc ? (value as Map<string, string>).get('0') : (value as Map<number, string>).get(0);
}

/** Array elements in index order (a string is a one-element array). */
export function elementsOf(variable: Variable | undefined): string[] {
  const value = variable?.value;
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (variable!.assoc) return [...(value as Map<string, string>).values()];
  return [...(value as Map<number, string>).entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

export function keysOf(variable: Variable | undefined): string[] {
  const value = variable?.value;
  if (value === undefined) return [];
  if (typeof value === 'string') return ['0'];
  if (variable!.assoc) return [...(value as Map<string, string>).keys()];
  return [...(value as Map<number, string>).keys()].sort((a, b) => a - b).map(String);
}

export class Variables {
  /** scopes[0] is global; later entries are function scopes. */
  private readonly scopes: Map<string, Variable>[] = [new Map()];
  /** Set by `set -a`: every assignment exports. */
  allexport = false;

  get depth(): number {
    return this.scopes.length - 1;
  }

  pushScope(): void {
    this.scopes.push(new Map());
  }

  popScope(): void {
    if (this.scopes.length > 1) this.scopes.pop();
  }

  lookup(name: string): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) return v;
    }
    return undefined;
  }

  get(name: string): string | undefined {
    return scalarOf(this.lookup(name));
  }

  isSet(name: string): boolean {
    return this.lookup(name)?.value !== undefined;
  }

  private checkWritable(name: string, v: Variable | undefined): void {
    if (v?.readonly) throw new FatalError(`${name}: readonly variable`);
  }

  /** The variable an assignment to `name` writes to, created in the global scope if needed. */
  private target(name: string): Variable {
    const existing = this.lookup(name);
    if (existing) return existing;
    const created: Variable = { value: undefined };
    this.scopes[0].set(name, created);
    return created;
  }

  set(name: string, text: string): void {
    const v = this.target(name);
    this.checkWritable(name, v);
    const value = convertCase(v, text);
    if (v.value instanceof Map) {
      if (v.assoc) (v.value as Map<string, string>).set('0', value);
      else (v.value as Map<number, string>).set(0, value);
    } else v.value = value;
    if (this.allexport) v.exported = true;
  }

  setElement(name: string, key: number | string, text: string): void {
    const v = this.target(name);
    this.checkWritable(name, v);
    const value = convertCase(v, text);
    if (v.assoc) {
      if (!(v.value instanceof Map)) v.value = new Map<string, string>();
      (v.value as Map<string, string>).set(String(key), value);
      return;
    }
    if (!(v.value instanceof Map)) {
      const old = v.value;
      v.value = new Map<number, string>();
      if (old !== undefined) v.value.set(0, old);
    }
    (v.value as Map<number, string>).set(Number(key), value);
  }

  setArray(name: string, value: Map<number, string> | Map<string, string>, assoc = false): void {
    const v = this.target(name);
    this.checkWritable(name, v);
    v.value = value;
    if (assoc) v.assoc = true;
    if (this.allexport) v.exported = true;
  }

  /** `local name`: a variable in the innermost function scope, initially unset (bash keeps the attribute-less variable unset). */
  declareLocal(name: string): Variable {
    const scope = this.scopes[this.scopes.length - 1];
    let v = scope.get(name);
    if (!v) {
      v = { value: undefined };
      scope.set(name, v);
    }
    return v;
  }

  /** The variable itself, created globally when absent (for `export`, `readonly`, `declare` attributes). */
  declare(name: string): Variable {
    return this.target(name);
  }

  unset(name: string): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) {
        if (v.readonly) throw new FatalError(`unset: ${name}: cannot unset: readonly variable`);
        this.scopes[i].delete(name);
        return;
      }
    }
  }

  unsetElement(name: string, key: string): void {
    const v = this.lookup(name);
    if (!v || v.value === undefined) return;
    if (v.readonly) throw new FatalError(`unset: ${name}: cannot unset: readonly variable`);
    if (typeof v.value === 'string') {
      if (key === '0') v.value = undefined;
      return;
    }
    if (v.assoc) (v.value as Map<string, string>).delete(key);
    else (v.value as Map<number, string>).delete(Number(key));
  }

  /** Every visible variable, innermost binding of each name. */
  visible(): Map<string, Variable> {
    const out = new Map<string, Variable>();
    for (const scope of this.scopes) for (const [k, v] of scope) out.set(k, v);
    return out;
  }

  /** The environment for a command: exported variables with a value. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, v] of this.visible()) {
      if (v.exported && v.value !== undefined) env[name] = scalarOf(v) ?? '';
    }
    return env;
  }

  toJson(): VariableJson[] {
    const out: VariableJson[] = [];
    for (const [name, v] of this.visible()) {
      const json: VariableJson = { name };
      if (typeof v.value === 'string') json.value = v.value;
      else if (v.value) {
        json.kind = v.assoc ? 'assoc' : 'indexed';
        json.value = [...v.value.entries()] as [number, string][];
      }
      if (v.exported) json.exported = true;
      if (v.readonly) json.readonly = true;
      if (v.integer) json.integer = true;
      if (v.letterCase) json.letterCase = v.letterCase;
      out.push(json);
    }
    return out;
  }

  static fromJson(list: VariableJson[]): Variables {
    const vars = new Variables();
    for (const json of list) {
      let value: Value | undefined;
      if (typeof json.value === 'string') value = json.value;
      else if (json.value) value = new Map(json.value as [number, string][]);
      vars.scopes[0].set(json.name, {
        value,
        exported: json.exported,
        readonly: json.readonly,
        integer: json.integer,
        assoc: json.kind === 'assoc',
        letterCase: json.letterCase,
      });
    }
    return vars;
  }
}
