// Line arithmetic on raw text. Offsets are UTF-16 indices, as the parsers report them.
import type { Range } from "./model";

/** `text` as a regular expression that matches it literally (outside a character class). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** The offset just past this line's line ending (or the end of the text). */
export function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  return nl < 0 ? text.length : nl + 1;
}

/** The offset where the line before the one starting at lineStart begins, or -1 on the first line. */
export function previousLineStart(text: string, lineStart: number): number {
  if (lineStart === 0) return -1;
  return lineStartOf(text, lineStart - 1);
}

export function indentationAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
}

/**
 * True when only spaces and tabs stand between the start of pos's line and pos. Reads back over the blanks only: on
 * a long line with many sites, slicing from the line's start for each one made the work grow with the square.
 */
export function beginsLine(text: string, pos: number): boolean {
  for (let i = pos - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The line ending to write on the line at pos: that line's own, else the file's first, else LF. */
export function lineEndingAt(text: string, pos: number): string {
  const nl = text.indexOf("\n", pos);
  if (nl >= 0) return nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
  const first = text.indexOf("\n");
  if (first >= 0) return first > 0 && text[first - 1] === "\r" ? "\r\n" : "\n";
  return "\n";
}

/**
 * 1-based line and column of an offset, for a one-off question. Columns count UTF-16 units, as editors and the
 * TypeScript API do. The pipeline asks many times about one file: it keeps the file's index (Source.lines).
 */
export function lineAndColumn(text: string, pos: number): { line: number; column: number } {
  return new LineIndex(text).at(pos);
}

/** Precomputed line starts: the line of an offset by binary search (counting lines from the start each time made a
 * file with 20,000 markers take seconds). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  at(pos: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - this.starts[lo]! + 1 };
  }
  /** The offset where pos's line starts: lineStartOf without reading the line back. */
  lineStart(pos: number): number {
    return pos - this.at(pos).column + 1;
  }
}

/** Ranges that may nest or overlap (string literals, claimed markers): is a position inside one? O(log n) a question. */
export class RangeSet {
  private readonly starts: number[];
  /** The largest end among the ranges up to each index, in start order. */
  private readonly reach: number[];
  constructor(ranges: Iterable<Range>) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((r) => r.start);
    let max = -Infinity;
    this.reach = sorted.map((r) => (max = Math.max(max, r.end)));
  }
  has(pos: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0 || this.starts[0]! > pos) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.reach[lo]! > pos;
  }
}

/** The comment tokens of a file, as its parser read them, looked up by where they start. */
export class CommentTokens {
  private readonly byStart = new Map<number, Range>();
  constructor(readonly all: readonly Range[]) {
    for (const c of all) this.byStart.set(c.start, c);
  }
  /** The comment token that starts exactly at pos, if any. */
  at(pos: number): Range | undefined {
    return this.byStart.get(pos);
  }
}

/** A carriage return not followed by a line feed: a line ending of its own (old Mac files; CPython and oxc accept it). */
const LONE_CR = /\r(?!\n)/g;

/**
 * The text with each lone CR read as LF: the same length, so every offset stays valid in the original. The text layer
 * (line starts, line numbers, markers "right above" a site) and tree-sitter count lines by LF; tree-sitter reads a
 * CR-only Python file as one comment line. Undefined when the text has no lone CR (the common case, no copy).
 */
export function loneCrAsLf(text: string): string | undefined {
  if (!text.includes("\r")) return undefined;
  LONE_CR.lastIndex = 0;
  return LONE_CR.test(text) ? text.replace(LONE_CR, "\n") : undefined;
}

/**
 * The line ending that ends the line holding pos, as the file writes it ("\r\n", "\n" or a lone "\r"); on a last
 * line without one, the file's first line ending; else LF. Lone CRs count: this is for files that use them.
 */
export function ownLineEndingAt(text: string, pos: number): string {
  const at = (from: number): string | undefined => {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) return "\n";
      if (c === 13) return text.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
    }
    return undefined;
  };
  return at(pos) ?? at(0) ?? "\n";
}
