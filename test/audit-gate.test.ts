// The audit's text gate (src/audit/gate.ts): one predicate per rule shape, and what each needs (a name for a list of
// calls, a quoted block type), looked for once a text. A need must hold in every text its predicate admits, else the
// gate says "no" to a file the audit reports on.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { mayDropCalls, NEEDS, RULE_GATES } from "../src/audit/gate";

/** Every string the audit's own tests feed it (TS/JS and Python snippets): the shapes the rules are known to read. */
function testSnippets(): string[] {
  const out: string[] = [];
  for (const file of ["audit.test.ts", "loop-gate.test.ts", "python.test.ts", "audit-view.test.ts"]) {
    const abs = path.join(__dirname, file);
    if (!fs.existsSync(abs)) continue;
    const source = ts.createSourceFile(abs, fs.readFileSync(abs, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        if (node.text.length > 8) out.push(node.text);
      } else ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

const PIECES = [
  "tool_calls",
  "toolCalls",
  "function_calls",
  "tool_call",
  "functionCall",
  " calls",
  "[0]",
  "?.",
  ".at(0)",
  '["tool_calls"]',
  "for ",
  "for (const c of ",
  "for c in ",
  " in ",
  ")",
  " {",
  "}",
  ":",
  "\n",
  "    ",
  "return run(c)",
  "break",
  "continue",
  "b.type === ",
  "b.type == ",
  "case ",
  '"tool_use"',
  "'tool-call'",
  ".find(b => ",
  ".filter((b) => ",
  "next(b for b in content if ",
  "][0]",
  "[b for b in content if ",
  "already_used_tool",
  "len(",
  ") != 1",
  ".length > 1",
  ".slice(0, 1)",
  "index !== 0",
  " = {",
  "p.functionCall",
  'logger.warning("Discarding ',
  "if captured:",
];

/** Does the text hold one of the gate's needs (or has it none)? */
const holdsANeed = (needs: readonly (keyof typeof NEEDS)[] | undefined, text: string) =>
  !needs || needs.some((n) => NEEDS[n](text));

describe("the audit's text gate", () => {
  it("has one predicate per rule shape, and what each needs holds in every text it admits", () => {
    const check = (text: string) => {
      for (const gate of RULE_GATES)
        for (const braces of [true, false])
          if (gate.admits(text, braces)) expect(holdsANeed(gate.needs, text), `${gate.name}: ${text}`).toBe(true);
    };
    const snippets = testSnippets();
    expect(snippets.length).toBeGreaterThan(100);
    for (const text of snippets) check(text);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (parts) => check(parts.join(""))),
      { numRuns: 3000 },
    );
  });

  it("says what the union of its predicates says (the needs only skip predicates that would say no)", () => {
    const union = (text: string, braces: boolean) => RULE_GATES.some((g) => g.admits(text, braces));
    let admitted = 0;
    for (const text of testSnippets())
      for (const braces of [true, false]) {
        expect(mayDropCalls(text, braces), text).toBe(union(text, braces));
        if (union(text, braces)) admitted++;
      }
    expect(admitted).toBeGreaterThan(50);
  });
});
