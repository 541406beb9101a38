// The marker grammar, in one module: apply renders markers here, revert and scan read them here.
//
//   own line:  <indent>// <TAG>: was false        (Python: # <TAG>: was False)
//   inline:    /* <TAG>: was false */ true
//   by hand:   a line comment whose text starts with <TAG>, followed by ":" or its end, right above an enabled site
//
// Where several sites share one marker line (Python has no inline comment: `f(a=False, b=False)`), the line lists
// each site that shares it, in order, by name, with "-" for a site apply left as it was:
// `# TAG: was parallel_tool_calls=False, disable_parallel_tool_use=-`. Revert checks the names against the sites
// below, so arguments reordered by hand are noticed (older markers list the originals without names).
//
// A marker is a whole comment token, as the file's parser reads it: text inside a string, or inside another comment,
// never is. The original a marker records must be a boolean literal of the file's language.
//
// Markers in the recorded format are read whatever their tag: a run with one tag notices the markers another tag
// left next to a site (`apply --marker my_trial`, then a plain `revert`), reports them with that tag, and leaves them
// to a run with it. A marker written by hand can only be told from a comment by the tag asked for.
import type { FoundMarker, Language, Range } from "./model";
import { literalValue, spellingsOf } from "./spelling";
import { type CommentTokens, lineEndingAt, LineIndex, previousLineStart } from "./text";

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

/** A tag as the recorded format holds it; the list after it is group 2 (any tag, for markers another run left). */
const TAG_TEXT = "([A-Za-z0-9_.:-]+)";

interface Patterns {
  /** A comment token in our recorded format, own-line or inline, of any tag: the tag is group 1, the list group 2. */
  recorded: RegExp;
  /** A comment token written by hand: the tag right after the comment opener, then ":" or the comment's end. */
  hand: RegExp;
  /** Our inline marker (any tag) at the end of the text before a literal: tag, then original. */
  inline: RegExp;
}

const cache = new Map<string, Patterns>();

/** The text of a comment token that starts the recorded format, cheaply: most comments fail on their first bytes. */
const RECORDED_HEAD = /^(?:\/\/|\/\*|#) [A-Za-z0-9_.:-]+: was /;

function patterns(language: Language, tag: string): Patterns {
  const key = `${language.id}\0${tag}`;
  let p = cache.get(key);
  if (!p) {
    const line = escape(language.lineComment);
    const t = escape(tag);
    const [open, close] = (language.blockComment ?? ["\0", "\0"]).map(escape);
    const literal = spellingsOf(language).flat().map(escape).join("|");
    p = {
      recorded: new RegExp(`^(?:${line}|${open}) ${TAG_TEXT}: was (.*?)(?: ${close})?$`),
      hand: new RegExp(`^${line}[ \\t]*${t}(?::|$)`),
      inline: new RegExp(`${open} ${TAG_TEXT}: was (${literal}) ${close} $`),
    };
    cache.set(key, p);
  }
  return p;
}

/** A site on a shared marker line that apply did not change. */
export const UNCHANGED = "-";

/** A site's name as a shared marker line records it: characters that would break the list become "_". */
export function markerName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/** One entry of a marker line: the original, named where several sites share the line. */
export interface MarkerEntry {
  name?: string;
  original: string;
}

export function renderLineMarker(
  language: Language,
  tag: string,
  entries: readonly MarkerEntry[],
  indent: string,
  eol: string,
): string {
  const list = entries
    .map((e) => (e.name === undefined ? e.original : `${markerName(e.name)}=${e.original}`))
    .join(", ");
  return `${indent}${language.lineComment} ${tag}: was ${list}${eol}`;
}

export function renderInlineMarker(language: Language, tag: string, original: string, newLiteral: string): string {
  const [open, close] = language.blockComment!;
  return `${open} ${tag}: was ${original} ${close} ${newLiteral}`;
}

/** The line ending a line marker inserted at lineStart should use. */
export function markerLineEnding(text: string, lineStart: number): string {
  return lineEndingAt(text, lineStart);
}

/** What a marker line says: its entries (ours), none (written by hand), or what makes it unreadable. */
export interface LineMarker {
  range: { start: number; end: number };
  line: number;
  /** The tag it records (the recorded format); a hand-written marker has the tag asked for. */
  tag: string;
  entries?: MarkerEntry[];
  /** Our format, but an entry that is not a boolean literal of the language (`was process`): never acted on. */
  invalid?: string;
}

/**
 * Reads the list after "was": each entry a boolean literal of the language or "-", optionally `name=` before it
 * (all named or none). Returns the entry that breaks the grammar instead, if one does.
 */
function readEntries(list: string, language: Language): MarkerEntry[] | { invalid: string } {
  const entries: MarkerEntry[] = [];
  for (const item of list.split(", ")) {
    const eq = item.lastIndexOf("=");
    const entry = eq < 0 ? { original: item } : { name: item.slice(0, eq), original: item.slice(eq + 1) };
    if (
      (entry.original !== UNCHANGED && literalValue(language, entry.original) === undefined) ||
      (entry.name !== undefined && !/^[A-Za-z0-9_.-]+$/.test(entry.name))
    )
      return { invalid: item };
    entries.push(entry);
  }
  if (entries.some((e) => (e.name === undefined) !== (entries[0]!.name === undefined))) return { invalid: list };
  return entries;
}

/** The comment token that fills the line [lineStart, next line), after its indentation; undefined if there is none. */
function wholeLineComment(
  text: string,
  lineStart: number,
  nextLine: number,
  comments: CommentTokens,
): Range | undefined {
  let start = lineStart;
  while (start < nextLine && (text[start] === " " || text[start] === "\t")) start++;
  const token = comments.at(start);
  if (!token) return undefined;
  let end = nextLine;
  if (text[end - 1] === "\n") end--;
  if (text[end - 1] === "\r") end--;
  // A parser may or may not count the CR of a CRLF into a line comment.
  return token.end === end || token.end === end + 1 ? { start, end } : undefined;
}

/** A marker on the line right above lineStart: ours (with its entries), one written by hand, or an unreadable one. */
export function findLineMarker(
  text: string,
  lineStart: number,
  language: Language,
  tag: string,
  comments: CommentTokens,
  lines?: LineIndex,
): LineMarker | undefined {
  const above = previousLineStart(text, lineStart);
  if (above < 0) return undefined;
  const comment = wholeLineComment(text, above, lineStart, comments);
  if (!comment) return undefined;
  const body = text.slice(comment.start, comment.end).replace(/[ \t]+$/, "");
  if (!body.startsWith(language.lineComment)) return undefined; // a block comment alone on a line: not a marker
  const p = patterns(language, tag);
  const range = { start: above, end: lineStart };
  const recorded = p.recorded.exec(body);
  if (recorded) {
    const entries = readEntries(recorded[2]!, language);
    // The line number costs a count of every line above: only for a marker found, not for every site asked about.
    const found = { range, line: lineNumber(text, above, lines), tag: recorded[1]! };
    return Array.isArray(entries) ? { ...found, entries } : { ...found, invalid: entries.invalid };
  }
  if (p.hand.test(body)) return { range, line: lineNumber(text, above, lines), tag };
  return undefined;
}

/** Our inline marker right before a literal: the range covers the comment and the literal, as apply wrote them. */
export function findInlineMarker(
  text: string,
  literal: Range,
  language: Language,
  tag: string,
  comments: CommentTokens,
  lines?: LineIndex,
): FoundMarker | undefined {
  if (!language.blockComment) return undefined;
  const before = text.slice(Math.max(0, literal.start - 160), literal.start);
  const m = patterns(language, tag).inline.exec(before);
  if (!m) return undefined;
  const start = literal.start - m[0].length;
  if (comments.at(start)?.end !== literal.start - 1) return undefined; // inside a string or another comment
  const found: FoundMarker = {
    range: { start, end: literal.end },
    style: "inline",
    original: m[2],
    line: lineNumber(text, start, lines),
  };
  return m[1] === tag ? found : { ...found, tag: m[1] };
}

/** A comment token in our recorded format, wherever it stands: revert and check report those no site claims. */
export interface RecordedMarker {
  at: number;
  tag: string;
  /** The entry that is not a boolean literal of the language, when the marker holds one. */
  invalid?: string;
}

/** Every comment token in the recorded format, of any tag. */
export function findAllMarkers(
  text: string,
  language: Language,
  tag: string,
  comments: CommentTokens,
): RecordedMarker[] {
  const { recorded } = patterns(language, tag);
  const found: RecordedMarker[] = [];
  for (const c of comments.all) {
    if (!RECORDED_HEAD.test(text.slice(c.start, Math.min(c.end, c.start + 120)))) continue; // most comments are not markers
    const m = recorded.exec(text.slice(c.start, c.end).replace(/[ \t\r]+$/, ""));
    if (!m) continue;
    const entries = readEntries(m[2]!, language);
    found.push(
      Array.isArray(entries) ? { at: c.start, tag: m[1]! } : { at: c.start, tag: m[1]!, invalid: entries.invalid },
    );
  }
  return found;
}

/** True when the text mentions the tag at all: the prefilter for revert. */
export function mentionsTag(text: string, tag: string): boolean {
  return text.includes(tag);
}

/** True when the text may hold a marker: of this tag (by hand too), or of any tag in the recorded format. */
export function mayHoldMarker(text: string, tag: string): boolean {
  return text.includes(tag) || text.includes(": was ");
}

/** The line number of pos, by the file's line index (Source.lines) when the caller has one. */
function lineNumber(text: string, pos: number, lines = new LineIndex(text)): number {
  return lines.at(pos).line;
}
