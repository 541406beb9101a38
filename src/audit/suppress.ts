// Silencing an audit finding in code, as linters do: a comment token
//
//     toggle-parallel-ignore audit: the router only reads the first call to pick a branch; all are executed later
//     toggle-parallel-ignore audit first-call-only: same, only for this rule
//     toggle-parallel-ignore audit first-call-only, truncate-to-first: two rules
//
// on the finding's line (after the code) or alone on the line above it. A reason after the colon is required: a
// comment without one, or naming an unknown rule, is reported and not honoured. Like a marker, it is a whole comment
// token as the language's parser read it, whose text STARTS with the word: text in a string, or prose that mentions
// the word further in, is never an ignore comment. Silenced findings are kept (Finding.silenced), never dropped.
import type { AuditRule, Finding, Range } from "../model";
import { beginsLine, LineIndex } from "../text";

export const IGNORE_WORD = "toggle-parallel-ignore";

const RULES: ReadonlySet<string> = new Set<AuditRule>([
  "first-call-only",
  "truncate-to-first",
  "loop-exits-after-first",
  "one-tool-per-turn-guard",
]);

export const IGNORE_GRAMMAR = `${IGNORE_WORD} audit[ RULE[, RULE]]: REASON`;

/** A comment's text, read as an ignore comment: what it silences, or why it is not honoured. */
export type IgnoreComment = { rules?: ReadonlySet<string>; reason: string } | { problem: string };

/** Cheap text test: only a file holding the word has its comments listed for this. */
export function mayHoldIgnore(text: string): boolean {
  return text.includes(IGNORE_WORD);
}

/** The text of a comment token without its delimiters (`//`, `#`, `/* *\/`, JSDoc stars), on one line. */
function commentBody(token: string): string {
  let body = token;
  if (body.startsWith("//")) body = body.slice(2);
  else if (body.startsWith("#")) body = body.slice(1);
  else if (body.startsWith("/*")) body = body.slice(2, body.endsWith("*/") ? -2 : undefined).replace(/^\s*\*+/gm, " ");
  return body.replace(/\s+/g, " ").trim();
}

/** Reads one comment token; undefined when it is not an ignore comment at all (its text does not start with the word). */
export function readIgnoreComment(token: string): IgnoreComment | undefined {
  const body = commentBody(token);
  if (!body.startsWith(IGNORE_WORD)) return undefined;
  const rest = body.slice(IGNORE_WORD.length);
  // The word must end there: toggle-parallel-ignored is prose, not an ignore comment.
  if (rest !== "" && !/^[\s:]/.test(rest)) return undefined;
  const m = /^\s+audit\b\s*([^:]*?)\s*(?::\s*(.*))?$/.exec(rest);
  if (!m) return { problem: `it must say what it silences: ${IGNORE_GRAMMAR}` };
  const named = m[1] ? m[1].split(/\s*,\s*|\s+/).filter(Boolean) : [];
  const unknown = named.filter((r) => !RULES.has(r));
  if (unknown.length)
    return { problem: `unknown rule ${unknown.map((r) => `"${r}"`).join(", ")} (rules: ${[...RULES].join(", ")})` };
  const reason = m[2]?.trim();
  if (!reason) return { problem: `a reason is required after the colon: ${IGNORE_GRAMMAR}` };
  return { ...(named.length ? { rules: new Set(named) } : {}), reason };
}

export interface IgnoreNote {
  line: number;
  column: number;
  message: string;
}

/**
 * Marks the findings an ignore comment silences (Finding.silenced), and says which ignore comments are not honoured.
 * `comments`: the file's comment tokens (Analysis.comments), offsets into `text`.
 */
export function silenceInCode(
  findings: readonly Finding[],
  text: string,
  comments: readonly Range[],
): { findings: Finding[]; notes: IgnoreNote[] } {
  const notes: IgnoreNote[] = [];
  const byLine = new Map<number, { rules?: ReadonlySet<string>; reason: string }>();
  let lines: LineIndex | undefined;
  for (const c of comments) {
    const token = text.slice(c.start, c.end);
    if (!token.includes(IGNORE_WORD)) continue;
    const read = readIgnoreComment(token);
    if (!read) continue;
    lines ??= new LineIndex(text);
    const at = lines.at(c.start);
    if ("problem" in read) {
      notes.push({ ...at, message: `${IGNORE_WORD} comment not honoured: ${read.problem}` });
      continue;
    }
    // Alone on its line: it speaks for the next line; after code: for its own.
    const target = beginsLine(text, c.start) ? lines.at(c.end).line + 1 : at.line;
    byLine.set(target, read);
  }
  if (!byLine.size) return { findings: [...findings], notes };
  return {
    findings: findings.map((f) => {
      const ignore = byLine.get(f.line);
      if (!ignore || f.silenced || (ignore.rules && !ignore.rules.has(f.rule))) return f;
      return { ...f, silenced: { by: "comment" as const, reason: ignore.reason } };
    }),
    notes,
  };
}
