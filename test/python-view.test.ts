// The Python audit's view of a file it alone reads (src/audit/python-view.ts): the parser skips the bodies of the
// functions that hold no cue of the audit, and the findings, offsets and lines are those of the whole file.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { logicalLines, pythonAuditView } from "../src/audit/python-view";
import { python } from "../src/languages/tree-sitter/python";

beforeAll(async () => {
  await python.prepare!();
});

/** The analysis of the whole text: a text that holds a marker's tag asks for comments, and so is never viewed. */
const whole = (text: string) => python.analyze(text, "agent.py", { audit: true, comments: true });
const viewed = (text: string) => python.analyze(text, "agent.py", { audit: true });
/** How many characters the parser reads of the text. */
const read = (text: string) =>
  pythonAuditView(text)?.ranges.reduce((n, r) => n + r.endIndex - r.startIndex, 0) ?? text.length;

const QUIET = [
  "def helper(a, b):",
  '    """Adds them.',
  "",
  "def not_a_function():",
  '    """',
  "    total = a + (",
  "        b",
  "    )",
  "    return total",
  "",
].join("\n");
const LOUD = ["def first(response):", "    call = response.tool_calls[0]", "    return run(call)", ""].join("\n");

describe("the lines of a Python text", () => {
  it("continue inside strings, brackets and after a backslash; comments and blank lines hold no code", () => {
    const text = [
      'x = """',
      "def inside_a_string():",
      '"""',
      "y = f(1,",
      "  2)",
      "z = 1 + \\",
      "  2",
      "# it's a comment",
      "s = 'a \\' def' + \"b\"",
      "",
      "t = '''a",
      "''' # done",
    ].join("\r\n");
    const lines = logicalLines(text).filter((l) => l.code);
    expect(lines.map((l) => text.slice(l.codeAt, l.codeAt + 2))).toEqual(["x ", "y ", "z ", "s ", "t "]);
    expect(text.slice(lines[0]!.start, lines[0]!.end)).toBe('x = """\r\ndef inside_a_string():\r\n"""\r');
  });
});

describe("the Python audit's view", () => {
  it("leaves out the body of a function with no cue of the audit, keeping its first character as `0`", () => {
    const text = QUIET + LOUD;
    const view = pythonAuditView(text)!;
    expect(view.text.length).toBe(text.length);
    expect(view.text.slice(0, QUIET.indexOf('"""'))).toBe(text.slice(0, QUIET.indexOf('"""')));
    expect(view.text[QUIET.indexOf('"""')]).toBe("0");
    expect(view.text.slice(QUIET.length)).toBe(LOUD);
    expect(read(text)).toBeLessThan(text.length - 60);
    const analysis = viewed(text);
    expect(analysis.problems).toEqual([]);
    expect(analysis.findings).toEqual(whole(text).findings);
    expect(analysis.findings).toHaveLength(1);
  });

  it("keeps a function with a cue whole, and a function nested in it", () => {
    const nested = ["def outer(r):", "    def inner():", "        return 1", "    return r.tool_calls[0]", ""].join(
      "\n",
    );
    expect(pythonAuditView(nested)).toBeUndefined();
    expect(pythonAuditView(QUIET.replace("return total", "return self.already_used_tool"))).toBeUndefined();
  });

  it("reads the whole text where a cue lies outside every function (the audit's scope is then the module)", () => {
    expect(pythonAuditView(QUIET + "first = response.tool_calls[0]\n")).toBeUndefined();
    expect(pythonAuditView(QUIET + LOUD)).toBeDefined();
  });

  it("falls back to the whole text when the parse of the view finds an error", () => {
    const broken = QUIET + LOUD.replace("return run(call)", "return run(call") + "def after():\n    return 2\n";
    expect(pythonAuditView(broken)).toBeDefined();
    const analysis = viewed(broken);
    expect(analysis.problems.length).toBeGreaterThan(0);
    expect(analysis).toEqual(whole(broken));
  });

  it("gives the findings of the whole text for every Python snippet of the audit's tests, among quiet functions", () => {
    const snippets: string[] = [];
    for (const file of ["python.test.ts", "audit.test.ts", "audit-view.test.ts"]) {
      const abs = path.join(__dirname, file);
      const source = ts.createSourceFile(abs, fs.readFileSync(abs, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /\bdef\b/.test(node.text))
          snippets.push(node.text);
        else ts.forEachChild(node, visit);
      };
      visit(source);
    }
    let viewedOnes = 0;
    let found = 0;
    for (const snippet of snippets)
      for (const text of [snippet, QUIET + snippet, snippet + "\n\n" + QUIET]) {
        const expected = whole(text);
        const got = viewed(text);
        expect(got.findings, text).toEqual(expected.findings);
        expect(got.problems.length > 0, text).toBe(expected.problems.length > 0);
        if (pythonAuditView(text)) viewedOnes++;
        found += expected.findings?.length ?? 0;
      }
    expect(viewedOnes).toBeGreaterThan(20);
    expect(found).toBeGreaterThan(20);
  });
});
