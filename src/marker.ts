// The marker grammar, in one module: apply renders markers here, revert and scan read them here.
//
//   own line:  <indent>// <TAG>: was false        (Python: # <TAG>: was False)
//   inline:    /* <TAG>: was false */ true
//   by hand:   any line comment holding <TAG>, on the line right above an enabled site
//
// Where several sites share one marker line (Python has no inline comment: `f(a=False, b=False)`), the line lists the
// original of each site that shares it, in order, with "-" for a site apply left as it was: `# TAG: was False, -`.
import type { FoundMarker, Language, Range } from "./model";
import { lineAndColumn, lineEndingAt, previousLineStart, RangeSet } from "./text";

export const DEFAULT_TAG = "toggle-parallel";

const TAG_GRAMMAR = /^[A-Za-z0-9_.:-]+$/;

/** Returns an error message for a tag outside the grammar, so the CLI can refuse it before touching anything. */
export function tagProblem(tag: string): string | undefined {
  if (!TAG_GRAMMAR.test(tag)) {
    return `invalid marker tag ${JSON.stringify(tag)}: use letters, digits and _ . : - only (example: kilocode_temp_parallel_tool_calls)`;
  }
  if (tag.length > 100) return "invalid marker tag: at most 100 characters";
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** The tag as a whole word: "x_tag" or "tag_v2" are other tags. */
function tagPattern(tag: string): string {
  return `(?<![A-Za-z0-9_.:-])${escape(tag)}(?![A-Za-z0-9_-]|[.:][A-Za-z0-9_-])`;
}

interface Patterns {
  ownLine: RegExp;
  handLine: RegExp;
  inline: RegExp;
  anywhere: RegExp;
}

const cache = new Map<string, Patterns>();

function patterns(language: Language, tag: string): Patterns {
  const key = `${language.id}\0${tag}`;
  let p = cache.get(key);
  if (!p) {
    const line = escape(language.lineComment);
    const t = tagPattern(tag);
    const [open, close] = (language.blockComment ?? ["\0", "\0"]).map(escape);
    p = {
      ownLine: new RegExp(`^[ \\t]*${line} ${t}: was ([\\w-]+(?:, [\\w-]+)*)\\r?\\n?$`),
      handLine: new RegExp(`^[ \\t]*${line}.*${t}`),
      inline: new RegExp(`${open} ${t}: was (\\w+) ${close} $`),
      anywhere: new RegExp(`(?:${line}|${open}) ${t}: was \\w+`, "g"),
    };
    cache.set(key, p);
  }
  return p;
}

/** A site on a shared marker line that apply did not change. */
export const UNCHANGED = "-";

export function renderLineMarker(language: Language, tag: string, originals: readonly string[], indent: string, eol: string): string {
  return `${indent}${language.lineComment} ${tag}: was ${originals.join(", ")}${eol}`;
}

export function renderInlineMarker(language: Language, tag: string, original: string, newLiteral: string): string {
  const [open, close] = language.blockComment!;
  return `${open} ${tag}: was ${original} ${close} ${newLiteral}`;
}

/** The line ending a line marker inserted at lineStart should use. */
export function markerLineEnding(text: string, lineStart: number): string {
  return lineEndingAt(text, lineStart);
}

/** What a marker line says: the originals it lists (ours), or none (written by hand). */
export interface LineMarker {
  range: { start: number; end: number };
  line: number;
  originals?: string[];
}

/** A marker on the line right above lineStart: ours (with the original literals) or one written by hand. */
export function findLineMarker(text: string, lineStart: number, language: Language, tag: string): LineMarker | undefined {
  const above = previousLineStart(text, lineStart);
  if (above < 0) return undefined;
  const line = text.slice(above, lineStart);
  const p = patterns(language, tag);
  const ours = p.ownLine.exec(line);
  const range = { start: above, end: lineStart };
  // The line number costs a count of every line above: only for a marker found, not for every site asked about.
  if (ours) return { range, line: lineNumber(text, above), originals: ours[1]!.split(", ") };
  if (p.handLine.test(line)) return { range, line: lineNumber(text, above) };
  return undefined;
}

/** Our inline marker right before a literal: the range covers the comment and the literal, as apply wrote them. */
export function findInlineMarker(text: string, literal: Range, language: Language, tag: string): FoundMarker | undefined {
  if (!language.blockComment) return undefined;
  const before = text.slice(Math.max(0, literal.start - 160), literal.start);
  const m = patterns(language, tag).inline.exec(before);
  if (!m) return undefined;
  const start = literal.start - m[0].length;
  return { range: { start, end: literal.end }, style: "inline", original: m[1], line: lineNumber(text, start) };
}

/** Offsets of every marker in our own format, outside strings: revert and check use them to find orphans. */
export function findAllMarkers(text: string, language: Language, tag: string, strings: readonly Range[]): number[] {
  const re = patterns(language, tag).anywhere;
  const found: number[] = [];
  const inString = new RangeSet(strings);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!inString.has(m.index)) found.push(m.index);
  }
  return found;
}

/** True when the text mentions the tag at all: the prefilter for revert. */
export function mentionsTag(text: string, tag: string): boolean {
  return text.includes(tag);
}

function lineNumber(text: string, pos: number): number {
  return lineAndColumn(text, pos).line;
}
