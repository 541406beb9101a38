// A text check before any parse, for the audit's loop pattern in TypeScript and JavaScript: can a loop over tool
// calls end with a break or a return (its body's last top-level statement), so that it stops after the first call?
// In agent code most files loop over tool calls, and a regular expression on the `for` line alone sent every one of
// them to the parser (55 of the 59 audit-only parses in vercel/ai, for one finding). The check errs on "yes": it
// says "no" only for loops whose parenthesized head and block body it could delimit (strings, templates and their
// holes, comments and regular expressions skipped); where it cannot tell (a string that runs past its line, a `/`
// it cannot place), the answer is "yes".

import {
  blockCommentEnd,
  lineEnd,
  opensHole,
  regexEnd,
  skipBlanksAndComments,
  slashStartsRegex,
  stringEnd,
  templateTextEnd,
} from "../languages/estree/lexer";
import { READS_ARGUMENTS } from "./patterns";

/** `for (`, `for await (`: where a loop head starts. */
const LOOP = /\bfor\s*(?:await\s*)?\(/g;
const TOOL_CALL_LIST = /(?:tools?_?calls|tool_?uses|function_?calls)\b/i;
/** `break` or `return` as a word: the character before and the one after are not part of a name. */
const STOP_WORD = /^[^\w$](?:break|return)(?![\w$])/;

/** `else return`: a stop that starts the else branch of an `if` (one after `if (...)` is not the last statement's on its own). */
const AFTER_ELSE = /\belse\s+$/;

/**
 * How many characters the bracket matching may read for one text, as a multiple of its length. Loops inside loops
 * are read once for each loop around them; past this, the text is more nested than code is (or made to be slow),
 * and the answer is the safe one: yes, parse it.
 */
const READS_PER_CHARACTER = 8;
let budget = 0;

/** May one of the text's loops over tool calls end with break or return? False only when none can. */
export function loopMayStopAfterFirst(text: string): boolean {
  budget = READS_PER_CHARACTER * text.length + 10_000;
  LOOP.lastIndex = 0;
  for (let m = LOOP.exec(text); m; m = LOOP.exec(text)) {
    const open = m.index + m[0].length - 1;
    const head = closeOf(text, open);
    if (!head) return true;
    if (!TOOL_CALL_LIST.test(text.slice(open, head.end))) continue;
    const bodyStart = skipBlanksAndComments(text, head.end + 1);
    if (text[bodyStart] !== "{") return true; // a single statement: `for (...) break;`
    const body = closeOf(text, bodyStart);
    if (!body || endsWithStop(text, bodyStart, body) || stopsAfterArguments(text.slice(bodyStart, body.end)))
      return true;
  }
  return false;
}

/** A `return` or `break` anywhere after the call's arguments are read: a call run, then the loop left. */
function stopsAfterArguments(body: string): boolean {
  const at = body.search(READS_ARGUMENTS);
  return at >= 0 && /\b(?:return|break)\b/.test(body.slice(at));
}

interface Closed {
  /** Index of the closing bracket. */
  end: number;
  /** Indexes of the `;` at the bracket's own level, in order. */
  semicolons: number[];
  /** Indexes of `break` and `return` at the bracket's own level where a statement can start: after `;`, `{`, `}` or
   * a line break (a `break` of a `switch` inside is a level deeper). */
  stops: number[];
}

/** The bracket that closes the one at `open`, skipping strings, templates, regular expressions and comments;
 * undefined where it cannot tell, or where the text read so far used up the budget. */
function closeOf(text: string, open: number): Closed | undefined {
  const closed = matchClose(text, open);
  budget -= (closed ? closed.end : text.length) - open;
  return closed;
}

function matchClose(text: string, open: number): Closed | undefined {
  const semicolons: number[] = [];
  const stops: number[] = [];
  let depth = 0;
  let prev = ""; // the last character that was not a blank
  let lineBreak = false; // a line break since prev
  for (let i = open; i < text.length; i++) {
    if (i - open > budget) return undefined;
    const c = text[i]!;
    if (c === "\n") lineBreak = true;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth === 0) return { end: i, semicolons, stops };
    } else if (c === ";" && depth === 1) semicolons.push(i);
    else if (
      (c === "b" || c === "r") &&
      depth === 1 &&
      (lineBreak ||
        prev === ";" ||
        prev === "{" ||
        prev === "}" ||
        AFTER_ELSE.test(text.slice(Math.max(0, i - 6), i))) &&
      STOP_WORD.test(text.slice(i - 1, i + 7))
    ) {
      stops.push(i);
    } else if (c === '"' || c === "'") {
      // A string ends on its line; one that does not is not something this check reads.
      const end = stringEnd(text, i);
      if (text[end] !== c) return undefined;
      i = end;
    } else if (c === "`") {
      const end = templateEnd(text, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === "/") {
      const next = text[i + 1];
      if (next === "/") {
        i = lineEnd(text, i) - 1; // the line break after it is read next: it can end a statement
        continue; // a comment is not the previous character
      } else if (next === "*") {
        const end = blockCommentEnd(text, i);
        if (end < 0) return undefined;
        if (text.slice(i, end).includes("\n")) lineBreak = true; // a comment over lines ends a statement as a line break does
        i = end;
        continue;
      } else if (slashStartsRegex(text, i, prev)) {
        const end = regexEnd(text, i);
        if (end < 0) return undefined;
        i = end;
      } else if (text.slice(i + 1, lineEnd(text, i)).includes("/")) {
        return undefined; // `a / b / c`, or a regular expression after `)`: not told apart
      }
    }
    prev = c;
    lineBreak = false;
  }
  return undefined;
}

/** The end of a template literal starting at `i`, its `${...}` holes read as code; undefined where unreadable. */
function templateEnd(text: string, i: number): number | undefined {
  for (;;) {
    i = templateTextEnd(text, i);
    if (i >= text.length) return undefined;
    if (!opensHole(text, i)) return i;
    const hole = closeOf(text, i + 1);
    if (!hole) return undefined;
    i = hole.end;
  }
}

/**
 * Is the body's last top-level statement a break or a return? Erring on yes: the last statement runs from the last
 * `;` of the body's own level (or its `{`) to its end, and holds a `break` or `return` of that level where a
 * statement can start (several statements may share that stretch, joined by line breaks or blocks).
 */
function endsWithStop(text: string, open: number, body: Closed): boolean {
  // The last statement ends at the body's `}`, or at a trailing `;` (with only blanks and comments after it).
  let end = body.end;
  const last = body.semicolons[body.semicolons.length - 1];
  if (last !== undefined && skipBlanksAndComments(text, last + 1) >= body.end) end = last;
  const before = body.semicolons.filter((s) => s < end);
  const start = before.length ? before[before.length - 1]! : open;
  return body.stops.some((s) => s > start && s < end);
}
