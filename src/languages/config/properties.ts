// Java .properties files (Spring's application.properties and the like): `key=value`, `key: value` or `key value`
// lines, `#` and `!` comment lines, backslash continuations. The format is small and fixed (java.util.Properties.load),
// so it is read here line by line, without a grammar to load.
import { readFlagName } from "../../catalog";
import type { Language, Range, RawSite } from "../../model";
import { CONFIG_TEST_FILE, configMarkerPlace, lastSegment } from "./facts";
import { placeholder } from "./placeholder";

/**
 * Every value of a .properties file is text; the program that reads it decides what a boolean is. Spring's and
 * java.lang.Boolean's conversions both ignore case, so FALSE is a boolean; Spring's yes/no/on/off are not read
 * alike by other readers, so they are not sites.
 */
const booleanText = (text: string): boolean | undefined => {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
};

export const properties: Language = {
  id: "properties",
  displayName: ".properties",
  extensions: [".properties"],
  testFile: CONFIG_TEST_FILE,
  lineComment: "#",
  spell: (value) => (value ? "true" : "false"),
  booleanText,
  analyze(text, _path, options) {
    const sites: RawSite[] = [];
    const comments: Range[] = [];
    for (const entry of logicalLines(text)) {
      if (entry.kind === "comment") {
        if (options?.comments) comments.push(entry.range);
        continue;
      }
      const name = lastSegment(entry.key);
      if (!readFlagName(name, options?.extraFlags)) continue;
      const read = readValue(text, entry);
      if (!read) continue;
      sites.push({
        name,
        shape: "property",
        value: entry.value,
        ...read,
        marker: configMarkerPlace(text, entry.keyStart, () => undefined),
        context: entry.key.split(".").slice(0, -1).reverse(),
      });
    }
    // Every line of a .properties file means something: there is no syntax error to report.
    return { sites, comments, problems: [] };
  },
};

/** How a value reads; undefined when it is not a site. */
function readValue(text: string, entry: PropertyLine): Pick<RawSite, "valueKind" | "literal"> | undefined {
  // A value continued over several lines is text joined by the reader: never a switch, never edited.
  if (entry.continued) return undefined;
  const value = text.slice(entry.value.start, entry.value.end);
  if (value === "") return { valueKind: "nullish" }; // `key=`: an empty value, Spring binds null, the API default
  const literal = booleanText(value);
  if (literal !== undefined) return { valueKind: "literal", literal: { ...entry.value, text: value, value: literal } };
  return placeholder(value, entry.value.start, booleanText);
}

interface PropertyLine {
  kind: "property";
  /** The key, with its escapes read (`a\:b` is `a:b`). */
  key: string;
  keyStart: number;
  /** The value as written, without the whitespace around it. */
  value: Range;
  /** The value goes on over the next line (a backslash continuation). */
  continued: boolean;
}

type Entry = PropertyLine | { kind: "comment"; range: Range };

const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\f";
const isLineEnd = (c: string | undefined) => c === "\n" || c === "\r";

/** The end of the physical line at pos (before its line ending). */
function lineEnd(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && !isLineEnd(text[end])) end++;
  return end;
}

/** The start of the line after the one ending at end. */
function nextLine(text: string, end: number): number {
  if (text[end] === "\r" && text[end + 1] === "\n") return end + 2;
  return end < text.length ? end + 1 : end;
}

/** An odd count of backslashes before end: the line continues on the next one. */
function continues(text: string, lineStart: number, end: number): boolean {
  let n = 0;
  while (end - n - 1 >= lineStart && text[end - n - 1] === "\\") n++;
  return n % 2 === 1;
}

/** The logical lines of a .properties text, as java.util.Properties.load reads them. */
export function* logicalLines(text: string): Generator<Entry> {
  let pos = 0;
  while (pos < text.length) {
    let start = pos;
    while (start < text.length && isBlank(text[start])) start++;
    const end = lineEnd(text, start);
    if (start === end) {
      pos = nextLine(text, end);
      continue;
    }
    // A comment line is never continued, whatever it ends with.
    if (text[start] === "#" || text[start] === "!") {
      yield { kind: "comment", range: { start, end } };
      pos = nextLine(text, end);
      continue;
    }
    // The key runs to the first unescaped '=', ':' or blank.
    let key = "";
    let i = start;
    while (i < end && text[i] !== "=" && text[i] !== ":" && !isBlank(text[i])) {
      if (text[i] === "\\" && i + 1 < end) {
        key += unescape(text[i + 1]!);
        i += 2;
      } else {
        key += text[i++];
      }
    }
    // The separator: blanks, at most one '=' or ':', blanks.
    while (i < end && isBlank(text[i])) i++;
    if (text[i] === "=" || text[i] === ":") i++;
    while (i < end && isBlank(text[i])) i++;
    let lastLineStart = start;
    let lastEnd = end;
    while (continues(text, lastLineStart, lastEnd) && lastEnd < text.length) {
      lastLineStart = nextLine(text, lastEnd);
      lastEnd = lineEnd(text, lastLineStart);
    }
    const continued = lastEnd !== end;
    let valueEnd = continued ? lastEnd : end;
    while (valueEnd > i && isBlank(text[valueEnd - 1])) valueEnd--;
    yield { kind: "property", key, keyStart: start, value: { start: i, end: valueEnd }, continued };
    pos = nextLine(text, lastEnd);
  }
}

function unescape(c: string): string {
  return c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c === "f" ? "\f" : c;
}
