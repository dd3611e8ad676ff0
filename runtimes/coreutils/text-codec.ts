/**
 * How the coreutils turn bytes into JavaScript strings and back without
 * losing any byte. The sandbox's locale is C.UTF-8 (as on the reference
 * Debian machine), so text is UTF-8 and character semantics (wc -m, sed's
 * `.`, tr on é) follow the code points. Input is not always valid UTF-8, so
 * invalid bytes are decoded the way Python's "surrogateescape" does (PEP 383):
 * byte 0xXY becomes the lone surrogate U+DCXY, and encoding turns that
 * surrogate back into the byte. `decodeText(encodeText(s))` round-trips any
 * decoded string, and binary input (NULs, random bytes) passes through
 * unchanged.
 *
 * The latin1 pair maps byte n to code unit n, for commands that work on
 * bytes (cut -b, head -c) but still want string operations.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes to a string: UTF-8, with each invalid byte as U+DC80..U+DCFF. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  try {
    // Fast path: valid UTF-8 (the usual case) decodes natively.
    return utf8.decode(bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return decodeEscaping(bytes);
  }
}

/** A string from decodeText (or any string) back to bytes; U+DC80..U+DCFF become raw bytes. */
export function encodeText(text: string): Uint8Array {
  if (!/[\uD800-\uDFFF]/.test(text)) return encoder.encode(text);
  return encodeEscaping(text);
}

/** Bytes to a string of code units 0-255, one per byte. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

/** A string of code units 0-255 back to bytes (higher units keep their low byte). */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * How many bytes at the end of `bytes` (0-3) start a UTF-8 sequence that is
 * not complete yet: a chunked reader keeps them for the next chunk, so a
 * character split across two reads is not taken for two invalid bytes.
 */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? back : 0;
    }
  }
  return 0;
}

function decodeEscaping(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    let cp = -1;
    let len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b < 0xe0) {
      if (i + 1 < n && (bytes[i + 1] & 0xc0) === 0x80) {
        cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
        len = 2;
      }
    } else if (b >= 0xe0 && b < 0xf0) {
      if (i + 2 < n && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
        const c = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
        // Reject overlong forms and encoded surrogates (RFC 3629 section 3).
        if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
          cp = c;
          len = 3;
        }
      }
    } else if (b >= 0xf0 && b < 0xf5) {
      if (
        i + 3 < n &&
        (bytes[i + 1] & 0xc0) === 0x80 &&
        (bytes[i + 2] & 0xc0) === 0x80 &&
        (bytes[i + 3] & 0xc0) === 0x80
      ) {
        const c =
          ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
        if (c >= 0x10000 && c <= 0x10ffff) {
          cp = c;
          len = 4;
        }
      }
    }
    if (cp < 0) {
      units.push(0xdc00 | b);
    } else if (cp >= 0x10000) {
      units.push(0xd800 | ((cp - 0x10000) >> 10), 0xdc00 | ((cp - 0x10000) & 0x3ff));
    } else {
      units.push(cp);
    }
    i += len;
    if (units.length >= 8192) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}

function encodeEscaping(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c & 0xff);
    else if (c >= 0xd800 && c <= 0xdfff) out.push(0xef, 0xbf, 0xbd); // any other lone surrogate: U+FFFD
    else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}
