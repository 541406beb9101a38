// The small modules on their own: edit applier, marker grammar, line arithmetic, test-file rule.
import { describe, expect, it } from "vitest";
import { isTestPath } from "../src/pipeline/classify";
import { applyEdits, OverlappingEditsError } from "../src/pipeline/edits";
import { typescript } from "../src/languages/estree/typescript";
import { findAllMarkers, findLineMarker, renderInlineMarker, renderLineMarker, tagProblem } from "../src/marker";
import { processText } from "../src/pipeline/process";
import { CommentTokens, lineAndColumn, lineEndingAt, RangeSet } from "../src/text";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };

describe("applyEdits", () => {
  it("applies sorted edits in one pass and keeps every other byte", () => {
    expect(
      applyEdits("abcdef", [
        { start: 4, end: 5, text: "E" },
        { start: 0, end: 0, text: ">" },
      ]),
    ).toBe(">abcdEf");
  });
  it("refuses overlapping edits", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 0, end: 3, text: "" },
        { start: 2, end: 4, text: "" },
      ]),
    ).toThrow(OverlappingEditsError);
  });
});

describe("marker grammar", () => {
  it("accepts the documented tag characters", () => {
    expect(tagProblem("kilocode_temp_parallel_tool_calls")).toBeUndefined();
    expect(tagProblem("team.trial:2026-11")).toBeUndefined();
  });
  it.each(["a b", "x*", "(tag)", "a/b", "", "tag\n"])("rejects %j", (tag) => {
    expect(tagProblem(tag)).toMatch(/invalid marker tag/);
  });
  it("renders line and inline markers", () => {
    expect(renderLineMarker(typescript, "t", [{ original: "false" }], "\t", "\r\n")).toBe("\t// t: was false\r\n");
    expect(
      renderLineMarker(
        typescript,
        "t",
        [
          { name: "a", original: "false" },
          { name: "b c", original: "-" },
        ],
        "",
        "\n",
      ),
    ).toBe("// t: was a=false, b_c=-\n");
    expect(renderInlineMarker(typescript, "t", "false", "true")).toBe("/* t: was false */ true");
  });
  it("reads back what it renders, and only the whole tag", () => {
    const text = "// t: was false\nx = true\n// t_v2: was false\ny = true\n";
    const comments = new CommentTokens([
      { start: 0, end: 15 },
      { start: 25, end: 43 },
    ]);
    expect(findLineMarker(text, 16, typescript, "t", comments)).toMatchObject({
      entries: [{ original: "false" }],
      line: 1,
      tag: "t",
    });
    // Another tag's marker is read as that tag's, never as this one's.
    expect(findLineMarker(text, text.indexOf("y ="), typescript, "t", comments)).toMatchObject({ tag: "t_v2" });
  });
  it("takes a comment line written by hand that starts with the tag as a marker, not one that only mentions it", () => {
    const text = "  // t: trying it\n  x: true,\n  // trying t here\n  y: true,\n";
    const comments = new CommentTokens([
      { start: 2, end: 17 },
      { start: 30, end: 46 },
    ]);
    const found = findLineMarker(text, text.indexOf("  x"), typescript, "t", comments);
    expect(found?.line).toBe(1);
    expect(found?.entries).toBeUndefined();
    expect(findLineMarker(text, text.indexOf("  y"), typescript, "t", comments)).toBeUndefined();
  });
  it("reads markers from comment tokens only, and names an original that is not a literal", () => {
    const text = 'const s = "// t: was false"\n// t: was true\n// t: was process\n';
    const at = (s: string) => text.indexOf(s);
    const comments = new CommentTokens([
      { start: at("// t: was true"), end: at("// t: was true") + 14 },
      { start: at("// t: was process"), end: text.length - 1 },
    ]);
    expect(findAllMarkers(text, typescript, "t", comments)).toEqual([
      { at: at("// t: was true"), tag: "t" },
      { at: at("// t: was process"), tag: "t", invalid: "process" },
    ]);
  });
});

describe("text", () => {
  it("uses the line's own ending, else the file's, else LF", () => {
    expect(lineEndingAt("a\r\nb\n", 0)).toBe("\r\n");
    expect(lineEndingAt("a\r\nb\n", 3)).toBe("\n");
    expect(lineEndingAt("a\r\nb", 3)).toBe("\r\n");
    expect(lineEndingAt("ab", 0)).toBe("\n");
  });
  it("counts 1-based lines and UTF-16 columns", () => {
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
  it("answers for the text asked about, whatever text came before (its line index is kept for the last one)", () => {
    const a = "x\ny\nz";
    const b = "xy\nz\n\nw";
    for (const [text, pos, line, column] of [
      [a, 4, 3, 1],
      [b, 6, 4, 1],
      [a, 2, 2, 1],
      [b, 1, 1, 2],
      [b.slice(0), 3, 2, 1],
    ] as const) {
      expect(lineAndColumn(text, pos)).toEqual({ line, column });
    }
  });
  it("RangeSet: inside any of nested or overlapping ranges, end excluded", () => {
    const set = new RangeSet([
      { start: 10, end: 20 },
      { start: 0, end: 5 },
      { start: 12, end: 14 },
      { start: 18, end: 30 },
    ]);
    const inside = Array.from({ length: 32 }, (_, pos) => set.has(pos));
    const expected = Array.from({ length: 32 }, (_, pos) => pos < 5 || (pos >= 10 && pos < 30));
    expect(inside).toEqual(expected);
    expect(new RangeSet([]).has(0)).toBe(false);
  });
});

describe("test-file rule", () => {
  it.each([
    "a.test.ts",
    "src/a.spec.tsx",
    "src/__tests__/a.ts",
    "test/a.ts",
    "pkg/tests/a.py",
    "test_a.py",
    "a_test.py",
    "conftest.py",
    "app/tests.py",
    "test.py",
  ])("%s is a test file", (p) => {
    expect(isTestPath(p)).toBe(true);
  });
  it.each(["src/a.ts", "src/testing.ts", "src/attest.ts", "contest.py", "src/latest/a.ts", "app/latests.py"])(
    "%s is not",
    (p) => {
      expect(isTestPath(p)).toBe(false);
    },
  );
});

describe("sites", () => {
  it("point at the value, 1-based, in UTF-16 columns past non-ASCII text", () => {
    const text = 'const s = "héllo 🙂"; const o = { parallel_tool_calls: false }\n';
    const site = processText("a.ts", text, "scan", options)!.sites[0]!;
    expect(site).toMatchObject({ line: 1, state: "disabled", action: "flip" });
    expect(text.slice(site.column - 1, site.column - 1 + 5)).toBe("false");
  });
  it("an inverted name's false is already enabled: apply must not switch it off", () => {
    const out = processText("a.ts", "const disableParallelToolCalls = false\n", "apply", options)!;
    expect(out.sites[0]).toMatchObject({ state: "enabled", action: "leave" });
    expect(out.after).toBe("const disableParallelToolCalls = false\n");
  });
  it("a file that does not parse is skipped with its line and column", () => {
    const out = processText("a.ts", "const x = {\n  parallel_tool_calls: false,\n", "apply", options)!;
    expect(out.skipped).toMatchObject({ line: 3, why: "syntax error" });
    expect(out.after).toBe("const x = {\n  parallel_tool_calls: false,\n");
  });
  it("code oxc-parser rejects but TypeScript's parser reads (export in .cjs, top-level return) is still processed", () => {
    const cjs = "module.exports = { parallel_tool_calls: false }\nexport class A {}\n";
    expect(processText("a.cjs", cjs, "apply", options)!.after).toBe(
      cjs.replace("false }", "/* toggle-parallel: was false */ true }"),
    );
    const script = "if (!module.parent) return\nconst parallelToolCallsEnabled = false\n";
    expect(processText("b.js", script, "apply", options)!.after).toBe(
      script.replace("const", "// toggle-parallel: was false\nconst").replace("= false", "= true"),
    );
  });
  it("a marker edited by hand after apply is left alone by revert, and --force removes only the marker", () => {
    const text = "// toggle-parallel: was false\nconst parallelToolCallsEnabled = false\n";
    const plain = processText("a.ts", text, "revert", options)!;
    expect(plain.after).toBe(text);
    expect(plain.plan.notes[0]?.message).toMatch(/edited by hand/);
    const forced = processText("a.ts", text, "revert", { ...options, force: true })!;
    expect(forced.after).toBe("const parallelToolCallsEnabled = false\n");
  });
  it("an orphan marker is reported and left", () => {
    const text = "// toggle-parallel: was false\nconst unrelated = 1\n";
    const out = processText("a.ts", text, "revert", options)!;
    expect(out.after).toBe(text);
    expect(out.plan.notes[0]).toMatchObject({ line: 1, message: expect.stringMatching(/not next to a switch/) });
  });
});
