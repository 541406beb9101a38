// audit: code that keeps only the first tool call. Each pattern found, and the look-alikes that are not findings.
import { describe, expect, it } from "vitest";
import { processText } from "../src/pipeline/process";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false, audit: true };
const audit = (text: string, file = "agent.ts") => processText(file, text, "scan", options)!.findings.map((f) => `${f.line}:${f.rule}`);

describe("TS/JS", () => {

  describe("audit finds", () => {
    it("a return of the first tool call after parsing them all", () => {
      expect(audit("function parse(res) {\n  const toolCalls = res.choices[0].message.tool_calls\n  return toolCalls[0]\n}\n")).toEqual(["3:first-call-only"]);
      expect(audit("function parse(res) {\n  return [res.tool_calls?.[0], null]\n}\n")).toEqual(["2:first-call-only"]);
    });

    it("a list cut down to its first call", () => {
      expect(audit("let calls = parse(res)\nif (calls.length > 1) {\n  warn('one at a time')\n  calls = [calls[0]]\n}\n")).toEqual(["4:truncate-to-first"]);
      expect(audit("const toolCalls = all.tool_calls.slice(0, 1)\n")).toEqual(["1:truncate-to-first"]);
    });

    it("the first call taken as the only one", () => {
      expect(audit("async function step(reply) {\n  const only = reply.choices[0].message.tool_calls[0]\n  return run(only)\n}\n")).toEqual(["2:first-call-only"]);
    });

    it("find() of the first tool_use block", () => {
      expect(audit('const use = message.content.find((b) => b.type === "tool_use")\nrun(use)\n')).toEqual(["1:first-call-only"]);
      expect(audit('const use = content.find(function (b) { return "tool_use" === b.type })\n')).toEqual(["1:first-call-only"]);
    });

    it("a loop over tool calls that stops after the first", () => {
      expect(audit("for (const call of message.toolCalls) {\n  await execute(call)\n  break\n}\n")).toEqual(["1:loop-exits-after-first"]);
    });

    it("a per-turn guard that refuses later calls", () => {
      expect(audit("function present(block) {\n  if (this.didAlreadyUseTool) {\n    pushError('only one tool per message')\n    return\n  }\n}\n")).toEqual(["2:one-tool-per-turn-guard"]);
    });
  });

  describe("audit leaves", () => {
    it("[0] read only to test that the list is not empty before using them all", () => {
      expect(audit("function handle(msg) {\n  const first = msg.tool_calls?.[0]\n  if (!first) return\n  return msg.tool_calls.map(run)\n}\n")).toEqual([]);
      expect(audit("if (msg.tool_calls?.[0]) {\n  for (const c of msg.tool_calls) run(c)\n}\n")).toEqual([]);
    });

    it("[0] of a list known to hold exactly one call, or handed whole to another function", () => {
      expect(audit("for (const pair of pairs) {\n  if (pair.tool_calls.length !== 1) continue\n  const call = pair.tool_calls[0]\n  use(call)\n}\n")).toEqual([]);
      expect(audit("function t(tool_calls) {\n  expect(tool_calls).toHaveLength(1)\n  const call = tool_calls[0]\n}\n")).toEqual([]);
    });

    it("a bare `calls` list (mocks, recorded calls) unless it is cut to its first element", () => {
      expect(audit("const first = this.calls[0]\n")).toEqual([]);
      expect(audit("calls = [calls[0]]\n")).toEqual(["1:truncate-to-first"]);
    });

    it("find() of a tool_use block only tested for presence", () => {
      expect(audit('if (content.find((c) => c.type === "tool_use") && msg.tool_calls?.length) go()\n')).toEqual([]);
      expect(audit('const missing = calls.filter((c) => !content.find((p) => p.type === "tool_use" && p.id === c.id))\n')).toEqual([]);
    });

    it("loops that run over every call, with a conditional break", () => {
      expect(audit("for (const call of toolCalls) {\n  if (call.done) break\n  await execute(call)\n}\n")).toEqual([]);
    });

    it("find() of other block types, and [0] of unrelated lists", () => {
      expect(audit('const text = content.find((b) => b.type === "text")\nconst row = rows[0]\nconst choice = res.choices[0]\n')).toEqual([]);
    });

    it("test files (they read calls[0] all the time), unless tests are included", () => {
      const text = "const only = mock.tool_calls[0]\n";
      expect(audit(text, "agent.test.ts")).toEqual([]);
      expect(processText("agent.test.ts", text, "scan", { ...options, includeTests: true })!.findings).toHaveLength(1);
    });

    it("nothing when the audit is not asked for", () => {
      expect(processText("a.ts", "return toolCalls[0]\n", "scan", { ...options, audit: false })!.findings).toEqual([]);
    });
  });
});
