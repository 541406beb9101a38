// nestingEstimate decides which files oxc-parser may read without overflowing its native stack (a crash, not an
// error): it must be an upper bound on real nesting, and small for ordinary code.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEEP_FOR_NATIVE_PARSER, nestingEstimate } from "../src/languages/estree/nesting";
import { tempDir, writeTree } from "./helpers/cli";

describe("nestingEstimate", () => {
  it("counts brackets and the operators chained at each level", () => {
    expect(nestingEstimate("f(a, [b, { c: 1 }])")).toBe(4); // ( [ { and the `:`
    expect(nestingEstimate("x = a + b + c;")).toBe(3);
    expect(nestingEstimate("x = a ? b : c ? d : e")).toBe(5);
    expect(nestingEstimate("a; b, c")).toBe(0);
  });

  it("skips strings and comments, but counts a template's ${", () => {
    expect(nestingEstimate(`const s = "((((((((" + '[[[[' // {{{{{{\n/* (((((( */`)).toBe(2);
    expect(nestingEstimate("const t = `((( ${`${x}`} )))`")).toBe(3);
  });

  it("counts else: an else-if chain nests without brackets", () => {
    const chain = "if (a) x;\n" + "else if (a) x;\n".repeat(3000);
    expect(nestingEstimate(chain)).toBeGreaterThan(3000);
    expect(nestingEstimate("const elsewhere = somethingElse")).toBe(1);
  });

  it("is at least the real depth of the constructs that overflowed oxc-parser's stack", () => {
    for (const [open, inner, close] of [
      ["(", "1", ")"],
      ["[", "", "]"],
      ["{a:", "1", "}"],
      ["`${", "1", "}`"],
      ["function f(){", "", "}"],
      ["class A{m(){", "", "}}"],
      ["a+", "b", ""],
      ["a=", "b", ""],
      ["a?b:", "c", ""],
    ]) {
      const levels = 2000;
      expect(
        nestingEstimate(`const x = ${open!.repeat(levels)}${inner}${close!.repeat(levels)}`),
        open,
      ).toBeGreaterThanOrEqual(levels);
    }
  });

  it("stays far below the limit on ordinary code (this repository's own sources)", () => {
    const dir = path.join(__dirname, "..", "src");
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files)
      expect(nestingEstimate(fs.readFileSync(path.join(dir, f), "utf8")), f).toBeLessThan(DEEP_FOR_NATIVE_PARSER / 5);
  });
});

describe("a file nested deeper than the native parser's stack", () => {
  it("never reaches it: skipped with a message (no crash), and the other files are scanned", () => {
    // 4,000 nested functions overflow oxc-parser's stack (SIGSEGV): the file is named as not read, never parsed.
    const dir = tempDir();
    writeTree(dir, {
      // One function a line: a line over 10,000 characters would be refused for its length alone.
      "deep.ts": `export const parallel_tool_calls = false\n${"function f() {\n".repeat(4000)}${"}\n".repeat(4000)}`,
      "ok.ts": "export const parallel_tool_calls = false\n",
    });
    const bin = path.join(__dirname, "..", "bin", "toggle-parallel.js");
    const r = spawnSync(process.execPath, [bin, "scan", "--json", "."], { cwd: dir, encoding: "utf8" });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      sites: Array<{ file: string }>;
      problems: Array<{ file: string; message: string }>;
    };
    expect(out.sites.map((s) => s.file)).toEqual(["ok.ts"]);
    expect(out.problems).toEqual([
      {
        file: "deep.ts",
        line: 1,
        column: 1,
        message: expect.stringMatching(
          /^not read: nested about 4\d\d\d levels deep, more than oxc-parser's native stack takes .*; skipped$/,
        ),
        fileSkipped: true,
      },
    ]);
  });
});

describe("nestingEstimate and line breaks", () => {
  it("statements on lines of their own, without semicolons, do not add up", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `export const o${i} = { parallel_tool_calls: false }`).join(
      "\n",
    );
    expect(nestingEstimate(lines)).toBeLessThan(10);
  });

  it("an expression that goes on over lines still counts every operator", () => {
    expect(nestingEstimate("x = a\n" + "  + b\n".repeat(3000))).toBeGreaterThanOrEqual(3000);
    expect(nestingEstimate("x = a +\n".repeat(3000) + "b")).toBeGreaterThanOrEqual(3000);
    expect(nestingEstimate("x = a\n" + "  ? b\n  : c\n".repeat(2000))).toBeGreaterThanOrEqual(4000);
    expect(nestingEstimate("x = a // note\n" + "  + b // note\n".repeat(3000))).toBeGreaterThanOrEqual(3000);
  });
});
