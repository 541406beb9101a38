// Where the pieces of TS/JS text that are not code end: strings, comments, a template's text, regular expressions.
// Two passes read TS/JS as text, without parsing: the nesting estimate before oxc-parser reads a file (nesting.ts)
// and the audit's loop gate before its parse (audit/loop-gate.ts). Both skip these pieces through this module.
//
// Why not js-tokens (lydell/js-tokens, MIT; 9.0.1 CommonJS, 10.0.1 ESM only), the tokenizer Babel uses: it tells a
// regular expression from a division by the token before it and a stack of brackets, and nests templates right, but
// it is a generator that tokenizes the whole text from its first character and allocates an object per token. The
// nesting pass runs over every TS/JS file before its parse, where js-tokens costs several times this module's scans
// and a good part of the parse itself (measured in docs/benchmarks.md); the loop gate reads only from each loop head
// over tool calls to its closing brace, where js-tokens would first read the whole file. What both need is where a
// piece ends, from any index: each function here is one forward scan, linear in what it reads.

const code = (c: string): number => c.charCodeAt(0);
const NEWLINE = code("\n");
const BACKSLASH = code("\\");
const BACKTICK = code("`");
const DOLLAR = code("$");
const BRACE_OPEN = code("{");
const SLASH = code("/");
const BRACKET_OPEN = code("[");
const BRACKET_CLOSE = code("]");

/**
 * The end of the string whose quote is at `i`: the index of its closing quote, or of the line break that ends it
 * unclosed (a string does not go on past its line, except after a backslash), or the text's length.
 */
export function stringEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const n = text.length;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote || c === NEWLINE) return i;
  }
  return n;
}

/**
 * The end of a template's text that starts after index `i` (its opening backtick, or the `}` that closes a `${`
 * hole): the index of the closing backtick, or of the `$` of the next `${`, or the text's length.
 */
export function templateTextEnd(text: string, i: number): number {
  const n = text.length;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === BACKTICK || (c === DOLLAR && text.charCodeAt(i + 1) === BRACE_OPEN)) return i;
  }
  return n;
}

/** Is the template text that ends at `end` (from templateTextEnd) followed by a `${` hole? */
export function opensHole(text: string, end: number): boolean {
  return text.charCodeAt(end) === DOLLAR;
}

/** The index of the line break at or after `i`, or the text's length: where a line comment that starts at `i`
 * ends (the line break is not part of it). */
export function lineEnd(text: string, i: number): number {
  const end = text.indexOf("\n", i);
  return end < 0 ? text.length : end;
}

/** The index of the `/` that closes the block comment at `i`, or -1 if it is never closed. */
export function blockCommentEnd(text: string, i: number): number {
  const end = text.indexOf("*/", i + 2);
  return end < 0 ? -1 : end + 1;
}

/**
 * The index of the `/` that closes the regular expression at `i` on the same line (a `/` inside a character class
 * does not close it), or -1 if the line ends first.
 */
export function regexEnd(text: string, i: number): number {
  const n = text.length;
  let inClass = false;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === NEWLINE) return -1;
    else if (c === BRACKET_OPEN) inClass = true;
    else if (c === BRACKET_CLOSE) inClass = false;
    else if (c === SLASH && !inClass) return i;
  }
  return -1;
}

/** After one of these characters a `/` starts a regular expression; after anything else (a name, `)`, `]`) it
 * divides. */
const BEFORE_REGEX = new Set([..."(,=:[!&|?{};+-*%<>~^"]);
const KEYWORDS_BEFORE_REGEX = /\b(?:return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await)$/;

/**
 * Does the `/` at `i` start a regular expression, given the last character before it that is not a blank ("" at
 * the start of what is read)? A guess from that character and the word before it, as a lexer without a parser
 * makes it: a caller that must not misread code checks what follows a `/` taken for a division.
 */
export function slashStartsRegex(text: string, i: number, previous: string): boolean {
  return (
    previous === "" ||
    BEFORE_REGEX.has(previous) ||
    KEYWORDS_BEFORE_REGEX.test(text.slice(Math.max(0, i - 12), i).trimEnd())
  );
}

/** The index of the first character at or after `i` that is neither a blank nor part of a comment (the text's
 * length if there is none). */
export function skipBlanksAndComments(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("//", i)) i = lineEnd(text, i) + 1;
    else if (text.startsWith("/*", i)) {
      const end = blockCommentEnd(text, i);
      if (end < 0) return text.length;
      i = end + 1;
    } else return i;
  }
}
