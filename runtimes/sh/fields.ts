/**
 * Building the fields of a word as its parts expand (POSIX 2.6.5 "Field
 * Splitting"). Text arrives in pieces that are quoted (kept whole, glob
 * characters literal), literal (unquoted source text: never split, glob
 * characters active) or the unquoted result of an expansion (split on IFS,
 * glob characters active). Each field keeps its plain text and its pattern
 * form (quoted characters backslash-escaped) for pathname expansion.
 */
import { escapePattern } from './pattern.js';

export interface Field {
  text: string;
  pattern: string;
}

export class FieldBuilder {
  readonly fields: Field[] = [];
  private current: Field | null = null;
  /** The last delimiter was an IFS non-whitespace character (so a following one makes an empty field). */
  private afterHardDelimiter = false;

  /** `ifs` null: no field splitting (assignments, here-documents, `case` words, patterns). */
  constructor(private readonly ifs: string | null) {}

  private ensure(): Field {
    if (!this.current) this.current = { text: '', pattern: '' };
    this.afterHardDelimiter = false;
    return this.current;
  }

  /** A field exists here even if nothing is added (`""`). */
  markPresent(): void {
    this.ensure();
  }

  quoted(text: string): void {
    const f = this.ensure();
    f.text += text;
    f.pattern += escapePattern(text);
  }

  literal(text: string): void {
    const f = this.ensure();
    f.text += text;
    f.pattern += text;
  }

  /** Start a new field (between the elements of "$@"). */
  breakField(): void {
    if (this.ifs === null) {
      this.quoted(' ');
      return;
    }
    if (this.current) this.fields.push(this.current);
    this.current = null;
  }

  /** The unquoted result of an expansion: split on IFS. */
  split(text: string): void {
    const ifs = this.ifs;
    if (ifs === null) {
      this.literal(text);
      return;
    }
    for (const c of text) {
      if (!ifs.includes(c)) {
        const f = this.ensure();
        f.text += c;
        f.pattern += c;
      } else if (c === ' ' || c === '\t' || c === '\n') {
        if (this.current) {
          this.fields.push(this.current);
          this.current = null;
        }
      } else {
        if (this.current) this.fields.push(this.current);
        else if (this.afterHardDelimiter || this.fields.length === 0) this.fields.push({ text: '', pattern: '' });
        this.current = null;
        this.afterHardDelimiter = true;
      }
    }
  }

  /** The single field of a non-splitting expansion ('' when nothing was added). */
  joined(): Field {
    const fields = this.finish();
    return fields[0] ?? { text: '', pattern: '' };
  }

  finish(): Field[] {
    if (this.current) this.fields.push(this.current);
    this.current = null;
    return this.fields;
  }
}
