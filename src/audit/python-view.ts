// What the Python parser reads of a file that only the audit reads (no flag word): the file without the bodies of the
// functions that can hold no finding. Parsing costs about as much as the rest of an audit of agent code, and a big
// module holds many functions that never touch a tool call. The parser is given included ranges that leave out each
// such body but its first character, which becomes `0` (a statement of its own, so the function still has a body);
// every offset, line and column of the rest is unchanged, and the text the audit reads is the file's, but for those
// characters.
//
// A function is kept whole when its text holds a cue of the audit (python.ts reads nodes only at cues, each in the
// function around it, and reads nothing outside that function but the assignments of a per-turn flag, whose word
// keeps a function too). Where a cue lies outside every function, the audit reads the whole module as its scope:
// nothing is left out. Only outermost functions are left out (a function nested in a kept one is kept).
// Lines are classified by one pass that tracks strings (triple-quoted too), comments, brackets and backslash
// continuations, so a line inside a string or an open bracket never starts a block.
import type { Range as TreeRange } from "web-tree-sitter";
import { cueStretches } from "./python";

interface LogicalLine {
  /** Offset of its first physical line. */
  start: number;
  /** Offset of its first character after the indentation. */
  codeAt: number;
  /** Offset of the line break ending its last physical line (or the text's length). */
  end: number;
  /** Indentation width (a tab advances to the next multiple of 8, as Python reads it). */
  indent: number;
  /** Not blank and not only a comment. */
  code: boolean;
}

/** An outermost function: where its `def` line starts, and its body's logical lines (first and last), if any. */
interface Def {
  start: number;
  end: number;
  body?: { first: LogicalLine; last: LogicalLine };
}

const DEF = /(?:async[ \t]+)?def[ \t]/y;
/**
 * The per-turn guard's flag (`already_used_tool`): the audit reads its assignments in the whole module, so a function
 * that names it is kept.
 */
const ALREADY = /already/gi;

export interface AuditView {
  /** The text with the first character of each left-out body made `0`. */
  text: string;
  /** What the parser reads of it. */
  ranges: TreeRange[];
}

/** What the audit's parse reads: undefined for the whole text, else the ranges that leave out the bodies it cannot report on. */
export function pythonAuditView(text: string): AuditView | undefined {
  if (!text.includes("def")) return undefined;
  const defs = outermostDefs(text, logicalLines(text));
  if (defs.length === 0) return undefined;
  const cues = cueStretches(text).sort((a, b) => a[0] - b[0]);
  if (!allInside(cues, defs)) return undefined;
  const keep = cues.slice();
  ALREADY.lastIndex = 0;
  for (let m = ALREADY.exec(text); m; m = ALREADY.exec(text)) keep.push([m.index, m.index + m[0].length]);
  keep.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  const ranges: TreeRange[] = [];
  const points = new Points(text);
  let done = 0;
  let from = 0;
  let k = 0;
  for (const def of defs) {
    if (!def.body) continue;
    const at = def.body.first.codeAt;
    const end = def.body.last.end;
    while (k < keep.length && keep[k]![1] <= def.body.first.start) k++;
    if (k < keep.length && keep[k]![0] < end) continue; // a cue or the flag word in the body
    if (end <= at + 1) continue;
    parts.push(text.slice(done, at), "0");
    done = at + 1;
    ranges.push(points.range(from, at + 1));
    from = end;
  }
  if (ranges.length === 0) return undefined;
  parts.push(text.slice(done));
  if (from < text.length) ranges.push(points.range(from, text.length));
  return { text: parts.join(""), ranges };
}

/** Rows and columns of offsets asked for in increasing order (tree-sitter's columns count UTF-16 bytes). */
class Points {
  private row = 0;
  private lineStart = 0;
  private at = 0;
  constructor(private readonly text: string) {}

  point(offset: number): { row: number; column: number } {
    for (let nl = this.text.indexOf("\n", this.at); nl >= 0 && nl < offset; nl = this.text.indexOf("\n", nl + 1)) {
      this.row++;
      this.lineStart = nl + 1;
    }
    this.at = Math.max(this.at, offset);
    return { row: this.row, column: (offset - this.lineStart) * 2 };
  }

  range(start: number, end: number): TreeRange {
    return { startIndex: start, endIndex: end, startPosition: this.point(start), endPosition: this.point(end) };
  }
}

/** Does every stretch lie inside some function (from its `def` line to its body's end)? Both lists are in order. */
function allInside(stretches: ReadonlyArray<[number, number]>, defs: readonly Def[]): boolean {
  let d = 0;
  for (const [start, end] of stretches) {
    while (d < defs.length && defs[d]!.end <= start) d++;
    const def = defs[d];
    if (!def || start < def.start || end > def.end) return false;
  }
  return true;
}

/** The outermost functions, in order, from the logical lines. */
function outermostDefs(text: string, lines: readonly LogicalLine[]): Def[] {
  const defs: Def[] = [];
  let open: { indent: number; def: Def } | undefined;
  for (const line of lines) {
    if (!line.code) continue;
    if (open) {
      if (line.indent > open.indent) {
        const body = (open.def.body ??= { first: line, last: line });
        body.last = line;
        open.def.end = line.end;
        continue;
      }
      open = undefined;
    }
    DEF.lastIndex = line.codeAt;
    if (DEF.test(text)) {
      const def: Def = { start: line.start, end: line.end };
      defs.push(def);
      open = { indent: line.indent, def };
    }
  }
  return defs;
}

/**
 * The text's logical lines: a line break inside a string, inside brackets or after a backslash continues the line.
 * One pass, each character read once. A one-quote string left open at a line's end closes there (a syntax error the
 * parser reports); a backslash in a string escapes the next character, line break included.
 */
export function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const n = text.length;
  let quote = "";
  let depth = 0;
  let i = 0;
  while (i < n) {
    const start = i;
    let indent = 0;
    for (; i < n; i++) {
      const c = text[i];
      if (c === " ") indent++;
      else if (c === "\t") indent += 8 - (indent % 8);
      else if (c === "\f") indent = 0;
      else break;
    }
    const codeAt = i;
    const first = text[i];
    const code = i < n && first !== "\n" && first !== "\r" && first !== "#";
    for (;;) {
      let continued = false;
      while (i < n && text[i] !== "\n") {
        const c = text[i]!;
        if (quote) {
          if (c === "\\") i += text[i + 1] === "\r" && text[i + 2] === "\n" ? 3 : 2;
          else if (c === quote[0] && (quote.length === 1 || text.startsWith(quote, i))) {
            i += quote.length;
            quote = "";
          } else i++;
          continue;
        }
        if (c === "#") {
          const eol = text.indexOf("\n", i);
          i = eol < 0 ? n : eol;
          break;
        }
        if (c === '"' || c === "'") {
          quote = text.startsWith(c + c + c, i) ? c + c + c : c;
          i += quote.length;
          continue;
        }
        if (c === "(" || c === "[" || c === "{") depth++;
        else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
        else if (c === "\\") {
          const next = text[i + 1] === "\r" ? text[i + 2] : text[i + 1];
          if (next === "\n" || next === undefined) continued = true;
        } else if (c !== " " && c !== "\t" && c !== "\r" && c !== "\f") continued = false;
        i++;
      }
      if (quote.length === 1) quote = "";
      if (i >= n || !(quote || depth > 0 || continued)) break;
      i++; // the line break: the logical line goes on
    }
    lines.push({ start, codeAt, end: i, indent, code });
    if (i < n) i++;
  }
  return lines;
}
