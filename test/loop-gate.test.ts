// The text gate before the audit's parse of a loop over tool calls (src/audit/loop-gate.ts). It may say "yes" too
// often (a parse finds nothing), never "no" where the audit would find a loop that stops after its first call.
import { beforeAll, describe, expect, it } from "vitest";
import { loopMayStopAfterFirst } from "../src/audit/loop-gate";
import { pyLoopMayStopAfterFirst } from "../src/audit/python-loop-gate";
import { python } from "../src/languages/tree-sitter/python";
import { processText } from "../src/pipeline/process";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false, audit: true };
const loopFindings = (body: string) =>
  processText(
    "agent.ts",
    `export async function f(toolCalls: Call[], res: Res) {\n${body}\n}\n`,
    "scan",
    options,
  )!.findings.filter((f) => f.rule === "loop-exits-after-first").length;

/** Loops the audit reports: the gate must let each through. */
const STOPPING = [
  "for (const c of toolCalls) { run(c); break }",
  "for (const c of toolCalls) { run(c)\n break }",
  "for (const c of toolCalls) { run(c) // x\n break }",
  "for (const c of toolCalls) { run(c) /* a\n */ break }",
  "for (const c of toolCalls) { if (c.a) { b() } return c }",
  "for (const c of toolCalls) { return {a: 1} }",
  "for (const c of toolCalls) { return c.ok ? {a: 1} : {b: 2}; }",
  "for (const c of res.tool_calls) {\n  const x = `t ${c.id} }`\n  return x\n}",
  "for (const c of toolCalls) { const r = /[}]/; return r }",
  "for (const c of toolCalls) break;",
  "for await (const c of toolCalls) { await run(c); return; // done\n}",
  // a call run, then the loop left inside a branch
  'for (const c of toolCalls) { if (c.name === "plan") { await execute(JSON.parse(c.arguments)); return } note(c) }',
];

/** Loops the audit does not report, which the gate can read: it must say no. */
const RUNNING_ON = [
  "for (const c of toolCalls) { run(c) }",
  "for (const c of toolCalls) { if (c.x) break; run(c) }",
  "for (const c of toolCalls) { switch (c.t) { case 1: { a(); break } } }",
  "for (const c of toolCalls) { if (c.x) { return 1 } else { run(c) } }",
  "for (const c of toolCalls) { const s = 'break'; run(s) }",
  "for (const c of toolCalls) { process.stdout.write(`\\n${c.name} ${JSON.stringify(c.input)}`) }",
  "for (const c of toolCalls) { if (c.x) return c\n run(c) }",
];

describe("loop gate", () => {
  it("lets every loop the audit reports through", () => {
    for (const loop of STOPPING) expect(loopMayStopAfterFirst(loop), loop).toBe(true);
  });

  it("stops loops that run on, when it can read them", () => {
    for (const loop of RUNNING_ON) expect(loopMayStopAfterFirst(loop), loop).toBe(false);
  });

  it("says yes where it cannot read the body (a / it cannot place, a string past its line)", () => {
    expect(loopMayStopAfterFirst("for (const c of toolCalls) { x = a / b / c }")).toBe(true);
    expect(loopMayStopAfterFirst("for (const c of toolCalls) { x = 'a\nb' }")).toBe(true);
    expect(loopMayStopAfterFirst("for (const c of toolCalls) { x = 'a\\\nb' }")).toBe(false); // a line continuation is read
  });

  describe("agrees with the audit (TS/JS)", () => {
    it("every loop it stops holds no finding; every one it passes that the audit reports is reported", () => {
      for (const loop of RUNNING_ON) expect(loopFindings(loop), loop).toBe(0);
      for (const loop of STOPPING) expect(loopFindings(loop), loop).toBe(1);
    });
  });
});

/** Python loops over tool calls the audit reports (or may): the gate must let each through. */
const PY_STOPPING = [
  "for c in tool_calls:\n    run(c)\n    break\n",
  "for c in msg.tool_calls or []:\n    return run(c)\n",
  "for c in tool_calls:  # one at a time\n    run(c)\n\n    # done\n    break\n",
  "for c in tool_calls:\n    if c.ok:\n        return run(c)\n    else:\n        return refuse(c)\n",
  "for c in tool_calls:\n    result = run(\n        c,\n    )\n    return result\n",
  "for c in tool_calls: break\n",
  "async for c in tool_calls:\n    raise Stop(c)\n",
  "for c in tool_calls:\n    s = '''\n    x'''\n    run(s)\n",
  'for c in tool_calls:\n    if c.name == "plan":\n        execute(c.arguments)\n        return\n    note(c)\n',
];

/** Python loops that run over every call, which the gate can read: it must say no. */
const PY_RUNNING_ON = [
  "for c in tool_calls:\n    run(c)\n",
  "for c in tool_calls:\n    if c.done:\n        break\n    run(c)\n",
  "for c in tool_calls:\n    if c.skip:\n        continue\n",
  "for c in tool_calls:\n    out.append(\n        c)\nreturn out\n",
  "for c in process_tool_calls(x):\n    return c\n",
  "results = [run(c) for c in tool_calls]\nreturn results\n",
];

describe("python loop gate", () => {
  beforeAll(async () => {
    await python.prepare!();
  });
  it("lets every loop the audit may report through, and stops loops that run on", () => {
    for (const loop of PY_STOPPING) expect(pyLoopMayStopAfterFirst(loop), loop).toBe(true);
    for (const loop of PY_RUNNING_ON) expect(pyLoopMayStopAfterFirst(loop), loop).toBe(false);
  });
  it("agrees with the audit: a loop it stops holds no loop finding", () => {
    const findings = (body: string) =>
      processText(
        "agent.py",
        `def f(tool_calls, msg, out, x):\n${body.replace(/^/gm, "    ")}\n`,
        "scan",
        options,
      )!.findings.filter((f) => f.rule === "loop-exits-after-first").length;
    for (const loop of PY_RUNNING_ON) expect(findings(loop), loop).toBe(0);
    expect(findings(PY_STOPPING[0]!)).toBe(1);
    expect(findings(PY_STOPPING[3]!)).toBe(1);
  });
});
