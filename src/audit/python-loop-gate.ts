// A text check before any parse, for the audit's loop rule in Python: can a `for` loop over tool calls leave after
// its first call (its body's last statement a return, break or raise, or a compound statement that may end in one)?
// Most agent modules loop over tool calls, and the `for` line alone sent each of them to the parser. Like
// loop-gate.ts for TS/JS, it errs on "yes": it says "no" only for loops whose header ends its line with `:` and whose
// body it could read line by line (no triple-quoted string, brackets closed on the body's own lines).

import { READS_ARGUMENTS, RUNS_IN_THE_LOOP } from "./patterns";

/** Where a `for` statement starts a line. */
const FOR = /^([ \t]*)(?:async[ \t]+)?for\b/gm;
/**
 * A header whose iterated list ends with a tool-call list name (`for c in msg.tool_calls:`, `... or []:`), the loops
 * the rule reads (a header split over lines, `for c in (\n calls\n):`, is not looked for). Tested on the header's
 * code without its comment, so each try is short: a literal name, then blanks and `:` at the end.
 */
const OVER_CALLS = /(?:tools?_?calls|tool_?uses|function_?calls)(?:[ \t]+or[ \t]+\[\])?[ \t]*:$/i;
/**
 * A body's last statement that may leave the loop on every path: a leaving keyword, or the last branch of a compound
 * statement (an `if` or `elif` last has no `else`, so one path runs on).
 */
const MAY_LEAVE = /^(?:return|break|raise|else|try|except|finally|with|match|case|async[ \t]+with)\b/;
/** How many characters the line reading may cover for one text, as a multiple of its length (nested loops read a body once each). */
const READS_PER_CHARACTER = 8;

/** Each `for` line of the text: where it starts (with its indent), where its line ends, its code without a comment. */
function* forHeaders(text: string): Generator<{ m: RegExpExecArray; headerEnd: number; code: string | undefined }> {
  FOR.lastIndex = 0;
  for (let m = FOR.exec(text); m; m = FOR.exec(text)) {
    const headerEnd = lineEndOf(text, m.index);
    FOR.lastIndex = headerEnd;
    yield { m, headerEnd, code: readLine(text.slice(m.index, headerEnd))?.code };
  }
}

/** May one of the text's `for` loops over tool calls leave after its first call? False only when none can. */
export function pyLoopMayStopAfterFirst(text: string): boolean {
  let budget = READS_PER_CHARACTER * text.length + 10_000;
  for (const { m, headerEnd, code } of forHeaders(text)) {
    if (code === undefined) return true; // a string that runs past the line
    if (!OVER_CALLS.test(code.trimEnd())) {
      if (/(?:tools?_?calls|tool_?uses|function_?calls)[ \t]*(?:or[ \t]+\[\][ \t]*)?:[ \t]*\S/i.test(code)) return true; // a body on the header's line
      continue;
    }
    const indent = width(m[1]!);
    let lineStart = headerEnd + 1;
    let bodyIndent = -1;
    let last: string | undefined;
    let depth = 0;
    let readsArguments = false;
    while (lineStart < text.length) {
      const end = lineEndOf(text, lineStart);
      budget -= end - lineStart + 1;
      if (budget < 0) return true;
      const line = text.slice(lineStart, end);
      const stripped = line.trim();
      if (stripped === "" || stripped.startsWith("#")) {
        lineStart = end + 1;
        continue;
      }
      const lead = width(/^[ \t]*/.exec(line)![0]);
      if (depth === 0 && lead <= indent) break;
      if (bodyIndent < 0) bodyIndent = lead;
      if (line.includes('"""') || line.includes("'''")) return true;
      if (depth === 0 && lead === bodyIndent) last = stripped;
      // a return or break after the call's arguments were read: a call run, then the loop left
      if (readsArguments && depth === 0 && /^(?:return|break)\b/.test(stripped)) return true;
      if (!readsArguments) readsArguments = READS_ARGUMENTS.test(line);
      const after = readLine(line, depth)?.depth;
      if (after === undefined) return true;
      depth = after;
      lineStart = end + 1;
    }
    if (last === undefined || depth !== 0 || MAY_LEAVE.test(last)) return true;
  }
  return false;
}

/**
 * May one of the text's `for` loops over tool calls keep a value of each call in a name set before it (the rule
 * keepsTheLast)? Its body (read by indentation) must run nothing and set a name the text set before the loop's line
 * and names after its body.
 * Errs on "yes" where it cannot read (a string past a line, a budget of reading spent).
 */
export function pyLoopMayKeepTheLast(text: string): boolean {
  let budget = READS_PER_CHARACTER * text.length + 10_000;
  for (const { m, headerEnd, code } of forHeaders(text)) {
    if (code === undefined) return true;
    if (!OVER_CALLS.test(code.trimEnd())) continue;
    // the body: the lines after the header indented deeper than it
    const indent = width(m[1]!);
    let end = headerEnd + 1;
    while (end < text.length) {
      const lineEnd = lineEndOf(text, end);
      const line = text.slice(end, lineEnd);
      if (line.trim() !== "" && width(/^[ \t]*/.exec(line)![0]) <= indent) break;
      end = lineEnd + 1;
    }
    const body = text.slice(headerEnd, end);
    budget -= body.length;
    if (budget < 0) return true;
    if (RUNS_IN_THE_LOOP.test(body)) continue;
    const names = new Set<string>();
    for (const set of body.matchAll(/^[ \t]+([A-Za-z_]\w*)[ \t]*=(?!=)/gm)) if (names.size < 8) names.add(set[1]!);
    for (const name of names) {
      budget -= text.length;
      if (budget < 0) return true;
      // set before the loop's line, and named again after its body
      if (
        new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]*)?=(?!=)`, "m").test(text.slice(0, m.index)) &&
        new RegExp(`\\b${name}\\b`).test(text.slice(end))
      )
        return true;
    }
  }
  return false;
}

function lineEndOf(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

function width(indent: string): number {
  let w = 0;
  for (const c of indent) w = c === "\t" ? w + 8 - (w % 8) : w + 1;
  return w;
}

/**
 * One line read as Python code: the line without its `#` comment (quotes on the line skipped), and the bracket depth
 * after it, starting from `depth`; undefined if a string runs past the line.
 */
function readLine(line: string, depth = 0): { code: string; depth: number } | undefined {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return { code: line.slice(0, i), depth };
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return quote ? undefined : { code: line, depth };
}
