// One escaping for every human-readable line the tool prints. A file name may hold any byte but "/" and NUL: an ESC
// starts a terminal control sequence (ESC[2K erases the line), a CR moves back to its start, a newline forges a line of
// its own, and the bidi controls reorder what the eye reads. Printed raw, a name can hide or fake a report line.
// JSON output is not escaped here: JSON.stringify already escapes C0 controls, and it must stay exact.
import { isUtf8 } from "node:buffer";

/**
 * C0 and C1 controls, DEL, the bidi embeddings/overrides/isolates (U+202A-202E, U+2066-2069) and marks (U+200E/F,
 * U+061C), the line and paragraph separators (U+2028/9), and a lone surrogate half (from a name that was not UTF-8).
 */
/* eslint-disable no-control-regex -- control characters are what this looks for */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\u061c]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e" };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text safe to print on a terminal: every character that could move the cursor, erase or reorder the line is written
 * as a visible escape (`\e`, `\r`, `\n`, `\x07`, `\u202e`). Other text, including non-ASCII letters, is kept.
 */
export function escapeText(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/**
 * A file name's raw bytes (as the file system gives them) for display: valid UTF-8 is decoded and escaped as
 * above, and each byte that is not part of valid UTF-8 is written `\xHH`. Used for names Node cannot hold as a string.
 */
export function escapeNameBytes(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, "0")}`;
      i++;
    } else {
      out += escapeText(Buffer.from(bytes.subarray(i, i + length)).toString("utf8"));
      i += length;
    }
  }
  return out;
}

/** True when the bytes are valid UTF-8 (a name Node can hold as a string and give back to the file system). */
export function isUtf8Name(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** The length of the valid UTF-8 sequence starting at i, or 0 if there is none (overlong, surrogate, truncated). */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // a surrogate half
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 >= 0x90) return 0; // beyond U+10FFFF
    return 4;
  }
  return 0;
}
