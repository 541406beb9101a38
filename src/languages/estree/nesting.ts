// How deep could a file's syntax tree be? oxc-parser is native code: a tree a few thousand levels deep overflows
// its stack, which kills the process (SIGSEGV) where a JavaScript parser throws a RangeError the run can catch. So a
// file whose tree might be that deep is not given to it: it is named as not read (languages/estree/typescript.ts).
//
// The estimate is an upper bound for ordinary code, found in one pass over the text without parsing: every level
// of a tree needs a bracket or an operator, so it adds the bracket depth and, at each enclosing level, the operators
// since the last `;` or `,` there, or the last line break that ends a statement (`a + b + c` is two levels,
// `a ? b : c ? d : e` four; a file of 20,000 semicolon-free lines is not 20,000 levels deep). Strings and comments are
// skipped; a template's `${` opens a level. A regular expression is not told from a division, so its brackets count
// too: a pattern full of closing brackets could hide real depth, which only a file written to defeat this could do.
// `else if` chains nest without brackets, so every `else` adds one. Keyword chains (`new new new X`, `x as T as T`)
// are not counted: oxc-parser takes over 17,000 of them, and no real file holds such a chain.

import { blockCommentEnd, lineEnd, opensHole, stringEnd, templateTextEnd } from "./lexer";

// Character classes, by char code: one table lookup per character keeps the pass at a few milliseconds a megabyte.
const OTHER = 0;
const OPEN = 1;
const CLOSE = 2;
const OPERATOR = 3;
const BREAK = 4; // `;` and `,`: an operator run ends
const SLASH = 5;
const QUOTE = 6;
const BACKTICK = 7;
const BLANK = 8;
const LINE_BREAK = 9;
const DOT = 10;
const CLASS = new Uint8Array(128);
for (const c of "([{") CLASS[c.charCodeAt(0)] = OPEN;
for (const c of ")]}") CLASS[c.charCodeAt(0)] = CLOSE;
for (const c of "?:=+-*%|&^<>!~") CLASS[c.charCodeAt(0)] = OPERATOR;
for (const c of ";,") CLASS[c.charCodeAt(0)] = BREAK;
CLASS["/".charCodeAt(0)] = SLASH;
CLASS['"'.charCodeAt(0)] = QUOTE;
CLASS["'".charCodeAt(0)] = QUOTE;
CLASS["`".charCodeAt(0)] = BACKTICK;
for (const c of " \t\r") CLASS[c.charCodeAt(0)] = BLANK;
CLASS["\n".charCodeAt(0)] = LINE_BREAK;
CLASS[".".charCodeAt(0)] = DOT;
const BRACE_OPEN = 123;
const BRACE_CLOSE = 125;
const STAR = 42;
const SLASH_CODE = 47;
const LOWER_E = 101;

/** A letter, digit, `_` or `$`: part of a word, so "elsewhere" is not `else`. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Past this estimate, the file is not read (ordinary code stays under 900; oxc-parser overflowed its
 * 8 MB stack at 2,281 nested classes with methods, an estimate of 4,562, and at 3,372 nested functions, 3,372). */
export const DEEP_FOR_NATIVE_PARSER = 1500;

/** An upper bound on the nesting depth of the file's syntax tree (ordinary code: tens to several hundred). */
export function nestingEstimate(text: string): number {
  // Per open bracket: the operator run outside it, resumed when it closes; and whether it is a template's `${`.
  const runs: number[] = [];
  const templateHoles: boolean[] = [];
  let run = 0;
  let outer = 0; // sum of the runs on the stack
  let max = 0;
  let elses = 0;
  // Without semicolons, statements end at line breaks: a run ends there too, unless the line ends with an operator
  // or the next one starts with one (or with `.`, `(`, `[`, a template, a `/`), where the expression may go on.
  let afterOperator = false;
  let lineBroken = false;
  const n = text.length;
  let i = 0;
  /** Skips template text up to the closing backtick (true) or a `${` (false, i on the `{`). */
  const skipTemplate = (): boolean => {
    i = templateTextEnd(text, i);
    if (!opensHole(text, i)) return true;
    i++;
    return false;
  };
  const open = (hole: boolean): void => {
    runs.push(run);
    templateHoles.push(hole);
    outer += run;
    run = 0;
    if (runs.length + outer > max) max = runs.length + outer;
  };
  for (; i < n; i++) {
    const code = text.charCodeAt(i);
    if (
      code === LOWER_E &&
      text.startsWith("else", i) &&
      !isWordCode(text.charCodeAt(i - 1)) &&
      !isWordCode(text.charCodeAt(i + 4))
    )
      elses++;
    const kind = code < 128 ? CLASS[code]! : OTHER;
    if (kind === BLANK) continue;
    if (kind === LINE_BREAK) {
      lineBroken = !afterOperator;
      continue;
    }
    const comment = kind === SLASH && (text.charCodeAt(i + 1) === SLASH_CODE || text.charCodeAt(i + 1) === STAR);
    if (!comment) {
      const continues =
        kind === OPERATOR ||
        kind === SLASH ||
        kind === DOT ||
        kind === BACKTICK ||
        (kind === OPEN && code !== BRACE_OPEN);
      if (lineBroken && !continues) run = 0;
      lineBroken = false;
      afterOperator = kind === OPERATOR || kind === SLASH;
    }
    switch (kind) {
      case SLASH: {
        const next = text.charCodeAt(i + 1);
        if (next === SLASH_CODE) {
          i = lineEnd(text, i) - 1; // the line break is read next
        } else if (next === STAR) {
          const end = blockCommentEnd(text, i);
          i = end < 0 ? n : end;
        } else if (runs.length + outer + ++run > max) max = runs.length + outer + run; // a division (or a regex)
        break;
      }
      case QUOTE:
        i = stringEnd(text, i); // an unclosed string's line break is skipped with it
        break;
      case BACKTICK:
        if (!skipTemplate()) open(true);
        break;
      case OPEN:
        open(false);
        break;
      case CLOSE: {
        if (runs.length === 0) break;
        const hole = templateHoles.pop()!;
        run = runs.pop()!;
        outer -= run;
        // The end of a `${...}`: the template's text goes on.
        if (hole && code === BRACE_CLOSE && !skipTemplate()) open(true);
        break;
      }
      case BREAK:
        run = 0;
        break;
      case OPERATOR:
        if (runs.length + outer + ++run > max) max = runs.length + outer + run;
        break;
    }
  }
  return max + elses;
}
