// Python on its own: the grammar loads offline, offsets are UTF-16, syntax errors are caught, audit patterns.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { python } from "../src/languages/tree-sitter/python";
import { processText } from "../src/pipeline/process";
import { cli, git, gitRepo, tempDir } from "./helpers/cli";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false, audit: true };
const scan = (text: string, file = "agent.py") => processText(file, text, "scan", options)!;

beforeAll(async () => {
  await python.prepare!();
});

describe("the pinned web-tree-sitter / tree-sitter-python pair", () => {
  it("loads the grammar's shipped wasm (ABI 15) and parses", () => {
    const pkg = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", name, "package.json"), "utf8")).version;
    expect([pkg("web-tree-sitter"), pkg("tree-sitter-python")]).toEqual(["0.27.1", "0.25.0"]);
    expect(scan("x = Agent(parallel_tool_calls=False)\n").sites).toHaveLength(1);
  });
});

describe("python sites", () => {
  it("point at the value with UTF-16 columns past non-ASCII text", () => {
    const text = 'greeting = "héllo 🙂"; agent = Agent(parallel_tool_calls=False)\n';
    const site = scan(text).sites[0]!;
    expect(site).toMatchObject({ line: 1, state: "disabled", action: "flip" });
    expect(text.slice(site.column - 1, site.column - 1 + 5)).toBe("False");
    const applied = processText("agent.py", text, "apply", options)!.after;
    expect(applied).toBe('# toggle-parallel: was False\ngreeting = "héllo 🙂"; agent = Agent(parallel_tool_calls=True)\n');
  });

  it("a syntax error skips the file with its line", () => {
    const out = processText("agent.py", "def f(:\n    return Agent(parallel_tool_calls=False)\n", "apply", options)!;
    expect(out.skipped).toMatchObject({ line: 1, why: "syntax error" });
  });

  it("syntax the grammar cannot read: scan still reports the rest with a warning, apply skips the file", () => {
    const text = "def types(a, b):\n    return Union[*(a + b)]\n\n\ndef run(tool_calls):\n    return tool_calls[0], None\n\n\nx = Agent(parallel_tool_calls=False)\n";
    const scanned = processText("agent.py", text, "scan", options)!;
    expect(scanned.skipped).toMatchObject({ line: 2, partial: true });
    expect(scanned.sites.map((s) => s.line)).toEqual([9]);
    expect(scanned.findings.map((f) => f.rule)).toEqual(["first-call-only"]);
    const applied = processText("agent.py", text, "apply", options)!;
    expect(applied.skipped).toMatchObject({ line: 2, why: "syntax error" });
    expect(applied.after).toBe(text);
  });

  it("deep nesting does not overflow the stack", () => {
    const depth = 3000;
    const text = `x = ${"[".repeat(depth)}1${"]".repeat(depth)}\ny = {"parallel_tool_calls": False}\n`;
    const out = processText("deep.py", text, "scan", options)!;
    // Either parsed (and the site found) or skipped with a message: never a crash.
    expect(out.skipped ? out.skipped.why : out.sites.length).toBeTruthy();
  });
});

describe("python audit", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds an early return of the first tool call", () => {
    expect(audit("def run(result):\n    tool_calls = parse(result)\n    if tool_calls:\n        return tool_calls[0], None, None\n    return None\n")).toEqual(["4:first-call-only"]);
    // a count of some other list says nothing about the tool calls
    expect(audit("def run(result):\n    tool_calls = parse(result)\n    if len(result) == 2:\n        pass\n    return tool_calls[0], None, None\n")).toEqual(["5:first-call-only"]);
  });
  it("finds calls = [calls[0]], next(... tool_use), a loop that breaks, a per-turn guard", () => {
    expect(audit("if len(calls) > 1:\n    calls = [calls[0]]\n")).toEqual(["2:truncate-to-first"]);
    expect(audit('use = next(b for b in content if b.type == "tool_use")\n')).toEqual(["1:first-call-only"]);
    expect(audit("for call in message.tool_calls:\n    run(call)\n    break\n")).toEqual(["1:loop-exits-after-first"]);
    expect(audit("def on(self, call):\n    if self.already_used_tool:\n        return\n")).toEqual(["2:one-tool-per-turn-guard"]);
  });
  it("leaves [0] used to test for emptiness, a single-call branch, and every-call loops", () => {
    expect(audit("def f(msg):\n    if msg.tool_calls[0]:\n        return [run(c) for c in msg.tool_calls]\n")).toEqual([]);
    expect(audit("def f(pairs):\n    if len(pairs.tool_calls) == 1:\n        call = pairs.tool_calls[0]\n        return run(call)\n")).toEqual([]);
    expect(audit("for call in tool_calls:\n    if call.done:\n        break\n    run(call)\n")).toEqual([]);
  });
});

describe("mixed TypeScript + Python trees, end to end", () => {
  it("scan, apply, check, revert, dry-run and patch all cover both languages", () => {
    const repo = gitRepo({
      "web/request.ts": "export const body = { parallel_tool_calls: false }\n",
      "svc/agent.py": "def build():\n    return Agent(name=\"x\", parallel_tool_calls=False)\n",
    });
    const scanned = JSON.parse(cli(repo, "scan", "--json").stdout) as { sites: Array<{ language: string; action: string }> };
    expect(scanned.sites.map((s) => `${s.language}:${s.action}`).sort()).toEqual(["python:flip", "typescript:flip"]);
    const dry = cli(repo, "apply", "--dry-run");
    expect(dry.stdout).toContain("+    # toggle-parallel: was False\n");
    expect(git(repo, "status", "--porcelain")).toBe("");
    // A fresh name: --patch never writes over an existing file (a shared /tmp/mixed.patch from an earlier run).
    const patch = path.join(tempDir("tp-patch-"), "mixed.patch");
    expect(cli(repo, "apply", "--patch", patch).code).toBe(0);
    git(repo, "apply", "--check", patch);
    expect(cli(repo, "apply").code).toBe(0);
    expect(git(repo, "diff", "--name-only").trim().split("\n").sort()).toEqual(["svc/agent.py", "web/request.ts"]);
    expect(cli(repo, "check").code).toBe(0);
    expect(cli(repo, "check", "--no-markers").code).toBe(1);
    expect(cli(repo, "revert").code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });
});
