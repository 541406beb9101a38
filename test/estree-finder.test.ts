// The one TS/JS finder (oxc-parser's ESTree): the shapes two finders used to disagree on, what it cannot read (named,
// never a second opinion), and the bytes written depending only on the site, not on unrelated text elsewhere.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LONG_LINE_FOR_NATIVE_PARSER } from "../src/languages/estree/typescript";
import { DEEP_FOR_NATIVE_PARSER } from "../src/languages/estree/nesting";
import { processText, type Mode } from "../src/pipeline/process";
import { BIN, cli, tempDir, writeTree } from "./helpers/cli";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
const run = (file: string, text: string, mode: Mode = "scan") => processText(file, text, mode, options)!;

describe("shapes the two finders disagreed on", () => {
  it("an abstract field typed with the literal false is a type site, as an interface member is", () => {
    const text =
      "export abstract class S {\n  abstract parallelToolCalls: false\n  protected abstract accessor parallel_tool_calls: false\n}\n";
    const sites = run("s.ts", text).sites;
    expect(sites.map((s) => [s.name, s.state, s.action])).toEqual([
      ["parallelToolCalls", "type", "leave"],
      ["parallel_tool_calls", "type", "leave"],
    ]);
  });

  it("a default in an assignment pattern is read as the same default in a declaration", () => {
    const shapeOf = (text: string) => run("d.ts", text).sites.map((s) => [s.name, s.state, s.action, s.shape]);
    expect(shapeOf("({ parallel_tool_calls: x = false } = obj)\n")).toEqual(
      shapeOf("const { parallel_tool_calls: x = false } = obj\n"),
    );
    expect(shapeOf("[parallel_tool_calls = false] = arr\n")).toEqual(
      shapeOf("const [parallel_tool_calls = false] = arr\n"),
    );
    expect(shapeOf("[parallel_tool_calls = false] = arr\n")).toEqual([
      ["parallel_tool_calls", "disabled", "flip", "destructuring-default"],
    ]);
  });
});

describe("the bytes written depend on the site, not on unrelated text elsewhere in the file", () => {
  // A shape the compiler's finder read otherwise (a property whose value is an assignment: left as dynamic).
  const site = "let x\n;({ parallel_tool_calls: x = false } = obj)\n";
  // Each of these once sent the whole file to the TypeScript compiler and its own finder.
  const unrelated: Array<[string, string]> = [
    ["a.js", "if (ready) return\n"], // a top-level return: read as CommonJS
    ["a.cjs", "if (ready) return\n"],
    ["a.cjs", "export const other = 1\n"], // `export` in a .cjs file: read as a module
    ["a.js", "export const other = 1\n"],
  ];
  for (const [file, extra] of unrelated) {
    it(`the same edit in ${file} with and without ${JSON.stringify(extra)}`, () => {
      const alone = run(file, site, "apply").after;
      expect(alone).toBe("let x\n;({ parallel_tool_calls: x = /* toggle-parallel: was false */ true } = obj)\n");
      expect(run(file, extra + site, "apply").after).toBe(extra + alone);
      expect(run(file, site + extra, "apply").after).toBe(alone + extra);
    });
  }
});

describe("a file oxc-parser cannot read is named, never read by another finder", () => {
  it("a top-level return in a script is read as CommonJS", () => {
    const out = run(
      "a.cjs",
      "const parallel_tool_calls = false\nif (ready) return\nmodule.exports = parallel_tool_calls\n",
      "apply",
    );
    expect(out.skipped).toBeUndefined();
    expect(out.plan.changed).toHaveLength(1);
    // `export` in a .cjs file is still read (as a module)
    expect(run("b.cjs", "export const parallel_tool_calls = false\n").skipped).toBeUndefined();
  });

  it("a syntax error oxc-parser finds is the file's problem, with its message", () => {
    const out = run("a.ts", "const parallelToolCalls = a && b ?? false\n");
    expect(out.skipped).toMatchObject({ line: 1, why: "syntax error" });
    expect(out.sites).toEqual([]);
  });

  it("a line too long, or nesting too deep, is named with its reason", () => {
    const long = `export const body = { parallel_tool_calls: false, pad: "${"x".repeat(LONG_LINE_FOR_NATIVE_PARSER)}" }\n`;
    expect(run("a.ts", long).skipped).toMatchObject({
      line: 1,
      why: "not read",
      message: expect.stringMatching(/^line 1 is \d+ characters long/),
    });
    const deep =
      "f(" +
      "[\n".repeat(DEEP_FOR_NATIVE_PARSER + 10) +
      "]".repeat(DEEP_FOR_NATIVE_PARSER + 10) +
      ")\nconst parallel_tool_calls = false\n";
    expect(run("a.ts", deep).skipped).toMatchObject({
      why: "not read",
      message: expect.stringMatching(/^nested about \d+ levels deep/),
    });
  });

  it("where oxc-parser does not load, each TS/JS candidate is named in one line and check fails; Python is still read", () => {
    const dir = tempDir();
    writeTree(dir, {
      "a.ts": "export const body = { parallel_tool_calls: false }\n",
      "b.py": "agent = Agent(parallel_tool_calls=False)\n",
    });
    const preload = path.join(dir, "..", `no-oxc-${path.basename(dir)}.cjs`);
    fs.writeFileSync(
      preload,
      'const M = require("module"); const load = M._load;\nM._load = function (r, ...a) { if (r === "oxc-parser") throw new Error("Cannot find native binding"); return load.call(this, r, ...a); };\n',
    );
    const r = spawnSync(process.execPath, ["-r", preload, BIN, "check", "."], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.includes("a.ts"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/oxc-parser does not load on .*Cannot find native binding/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout + r.stderr).toMatch(/b\.py/);
    expect(cli(dir, "check", ".").code).not.toBe(0); // and with the parser: the disabled sites fail it
  });
});
