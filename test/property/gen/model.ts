// Language-neutral model of a generated source file, and the oracle: each generated line knows its text before
// apply and after it. A language generator (typescript.ts now; a Python one can follow) builds Lines; serialize()
// lays them out with a style (line endings, indentation, BOM, trailing whitespace, final newline) and works out,
// from the marker rules of the README alone, the exact bytes apply must write.

/** A piece of a line. A site carries the literal apply flips; anything else is copied as it is. */
export type Seg = string | SiteSeg;

export interface SiteSeg {
  /** The literal as written ("false"), and the literal that switches parallel calls on ("true"). */
  literal: string;
  enabled: string;
  /**
   * The site's anchor (its statement, property, field or parameter) is the first thing on its line, so apply may put
   * a marker on a line of its own above it. JSX attributes never do.
   */
  lineCapable: boolean;
}

export interface Line {
  /** Indentation level; the style says what one level is. */
  depth: number;
  segs: Seg[];
  /**
   * The line is inside a string (a template literal's middle or last line): its indentation and trailing whitespace
   * are string content, and it must not begin with the line comment and hold the tag (it would read as a marker).
   */
  inString?: boolean;
}

export interface Syntax {
  lineComment: string;
  /** Without block comments (Python), a site that cannot take a marker line is left alone. */
  blockComment?: [string, string];
}

/** The comments of the C-like languages (TS/JS, Go, Java, Kotlin, C#). */
export const C_LIKE_SYNTAX: Syntax = { lineComment: "//", blockComment: ["/*", "*/"] };

/** A flag's name, and the literals that switch parallel tool calls off (what apply flips) and on. */
export interface Flag {
  name: string;
  off: string;
  on: string;
}

/** A flag whose name says "on" (`parallelToolCalls`: off is false) or, inverted, "off" (`disable...`: off is true). */
export const flag = (name: string, inverted: boolean): Flag => ({
  name,
  off: inverted ? "true" : "false",
  on: inverted ? "false" : "true",
});

/** A site of the flag, switched off. */
export const site = (f: Flag, lineCapable: boolean): SiteSeg => ({ literal: f.off, enabled: f.on, lineCapable });

export type Eol = "\n" | "\r\n" | "\r";

export interface Style {
  /** One indentation level: a tab, or spaces. */
  indent: string;
  /** Line endings, used in turn, line by line (one entry: the whole file uses it). */
  eols: Eol[];
  bom: boolean;
  finalNewline: boolean;
  /** Trailing whitespace, used in turn, line by line ("" for none). */
  trailing: string[];
}

export interface Generated {
  input: string;
  /** What apply must write, byte for byte. */
  expected: string;
  /** How many literals apply flips. */
  flips: number;
}

const isSite = (s: Seg): s is SiteSeg => typeof s !== "string";

/** Lay out lines with a style, and compute apply's exact output from the marker rules. */
export function serialize(lines: readonly Line[], style: Style, syntax: Syntax, tag: string): Generated {
  const n = lines.length;
  const eols: string[] = lines.map((_, i) =>
    i === n - 1 && !style.finalNewline ? "" : style.eols[i % style.eols.length]!,
  );
  const bodies = lines.map((line, i) => {
    const indent = line.segs.length ? style.indent.repeat(line.depth) : "";
    const trailing = style.trailing[i % style.trailing.length] ?? "";
    return { indent, trailing: line.segs.length ? trailing : "" };
  });

  // The marker line takes "the line's own line ending": that of the first "\n" at or after the line's start (a "\r"
  // just before it makes it CRLF, even when the "\r" ended a line of its own), else the file's first, else LF. In a
  // file with lone CRs (read as line endings, as JavaScript and CPython do), the first "\r", "\r\n" or "\n" at or
  // after the line's start, else the file's first, else LF.
  const texts = lines.map((line, i) => {
    const { indent, trailing } = bodies[i]!;
    return indent + line.segs.map((s) => (isSite(s) ? s.literal : s)).join("") + trailing + eols[i];
  });
  const body = texts.join("");
  const starts: number[] = [];
  texts.reduce((at, t) => (starts.push(at), at + t.length), 0);
  const endingAt = (nl: number) => (nl > 0 && body[nl - 1] === "\r" ? "\r\n" : "\n");
  const loneCr = /\r(?!\n)/.test(body);
  const ownEnding = (from: number) => /\r\n|\r|\n/.exec(body.slice(from))?.[0];
  const markerEol = (i: number) => {
    if (loneCr) return ownEnding(starts[i]!) ?? ownEnding(0) ?? "\n";
    const nl = body.indexOf("\n", starts[i]);
    if (nl >= 0) return endingAt(nl);
    const first = body.indexOf("\n");
    return first >= 0 ? endingAt(first) : "\n";
  };

  let input = style.bom ? "\uFEFF" : "";
  let expected = input;
  let flips = 0;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    const { indent, trailing } = bodies[i]!;
    // A lone "\r" ends a line too (JavaScript and CPython read it so, and so does the tool).
    const startsLine = i === 0 || eols[i - 1] !== "";
    let markerAbove: string | undefined;
    let lineIn = "";
    let lineOut = "";
    for (const seg of line.segs) {
      if (!isSite(seg)) {
        lineIn += seg;
        lineOut += seg;
        continue;
      }
      lineIn += seg.literal;
      if (seg.lineCapable && startsLine && markerAbove === undefined) {
        markerAbove = seg.literal;
        lineOut += seg.enabled;
        flips++;
      } else if (syntax.blockComment) {
        const [open, close] = syntax.blockComment;
        lineOut += `${open} ${tag}: was ${seg.literal} ${close} ${seg.enabled}`;
        flips++;
      } else {
        lineOut += seg.literal;
      }
    }
    if (markerAbove !== undefined)
      expected += `${indent}${syntax.lineComment} ${tag}: was ${markerAbove}${markerEol(i)}`;
    input += indent + lineIn + trailing + eols[i];
    expected += indent + lineOut + trailing + eols[i];
  }
  return { input, expected, flips };
}

/** What serialize() counts as flips, for a quick look at a generated file. */
export function siteCount(lines: readonly Line[]): number {
  return lines.reduce((sum, l) => sum + l.segs.filter(isSite).length, 0);
}
