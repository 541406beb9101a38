// The shapes that took minutes (issue 10, item 17) stay exact: a statement continued by backslashes over hundreds of
// lines with sites along it, thousands of sites on one line (TS/JS and Python), and a line with thousands of
// `tool_calls` mentions for the audit. Their speed is measured by bench/adversarial.mjs, never timed here; what is
// held here is the result (round trip, markers where they belong, the same audit answers) and, where it can be
// counted, the kind of work: the Python finder never asks the tree for a parent or a descendant by offset (both start
// again from the root and read a node's children one by one, so asking them once per site grows with the square).
import { createRequire } from "node:module";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { mayDropCalls, RULE_GATES } from "../src/audit/gate";
import { laterOnALine } from "../src/audit/patterns";
import { loopMayStopAfterFirst } from "../src/audit/loop-gate";
import { python } from "../src/languages/tree-sitter/python";
import { processText } from "../src/pipeline/process";
import { LONG_LINE_FOR_NATIVE_PARSER } from "../src/languages/estree/typescript";
import { applyPatch, formatPatch, structuredPatch } from "diff";
import { linearPatch } from "../src/render/line-diff";
import { filePatch } from "../src/render/patch";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false, audit: true };
const run = (file: string, text: string, mode: "scan" | "apply" | "revert") => processText(file, text, mode, options)!;

beforeAll(async () => {
  await python.prepare!();
});

/** A statement continued over `lines` lines by backslashes, with a keyword-argument site on every `every`th line. */
function continued(lines: number, every: number, eol = "\n"): string {
  const out = ["total = f(1) + \\"];
  for (let i = 0; i < lines; i++)
    out.push(i % every === 0 ? `    g(parallel_tool_calls=False) + \\` : `    h(${i}) + \\`);
  out.push("    0");
  return "import x" + eol + out.join(eol) + eol + "after = Agent(parallel_tool_calls=False)" + eol;
}

function roundTrip(file: string, text: string): { applied: string; sites: number } {
  const applied = run(file, text, "apply");
  expect(applied.skipped).toBeUndefined();
  expect(applied.after).not.toBe(text);
  expect(run(file, applied.after, "apply").after, "apply twice = apply once").toBe(applied.after);
  const reverted = run(file, applied.after, "revert");
  expect(reverted.plan.notes).toEqual([]);
  expect(reverted.after === text, "revert gives back every byte").toBe(true);
  return { applied: applied.after, sites: applied.plan.changed.length };
}

describe("a Python statement continued by backslashes over hundreds of lines", () => {
  it("gets one marker above its first line for all the sites along it, and reverts byte for byte", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = continued(400, 4, eol);
      const { applied, sites } = roundTrip("agent.py", text);
      expect(sites).toBe(101);
      const lines = applied.split(eol);
      // The comment cannot go inside the continued lines (it would end them): it stands above the statement.
      expect(lines[1]).toBe(`# toggle-parallel: was ${Array(100).fill("parallel_tool_calls=False").join(", ")}`);
      expect(lines[2]).toBe("total = f(1) + \\");
      expect(lines[lines.length - 3]).toBe("# toggle-parallel: was False");
      expect(applied.match(/toggle-parallel/g)).toHaveLength(2);
    }
  });

  it("passes a multi-line string on the way up, as a single site would", () => {
    const text =
      'x = """a\nb""" + \\\n    f(parallel_tool_calls=False) + \\\n    g("""c\nd""", parallel_tool_calls=False)\n';
    const { applied } = roundTrip("agent.py", text);
    expect(
      applied.startsWith("# toggle-parallel: was parallel_tool_calls=False, parallel_tool_calls=False\nx = "),
    ).toBe(true);
  });
});

describe("thousands of sites on one line", () => {
  it("TS/JS: an inline marker at each, and back (on a line as long as oxc-parser reads)", () => {
    const text = "f({parallel_tool_calls: false}); ".repeat(140) + "\n";
    const { applied, sites } = roundTrip("agent.ts", text);
    expect(sites).toBe(140);
    expect(applied.split("/* toggle-parallel: was false */ true")).toHaveLength(141);
  });

  it("Python: one marker line above, naming each site and its original, and back", () => {
    const text = "import x\n" + "f(parallel_tool_calls=False); ".repeat(3000) + "\n";
    const { applied, sites } = roundTrip("agent.py", text);
    expect(sites).toBe(3000);
    expect(applied.split("\n")[1]).toBe(
      `# toggle-parallel: was ${Array(3000).fill("parallel_tool_calls=False").join(", ")}`,
    );
  });
});

describe("the Python finder's way through the tree", () => {
  it("asks no node for its parent and no descendant by offset, however the sites are laid out", () => {
    const Node = (createRequire(__filename)("web-tree-sitter") as typeof import("web-tree-sitter")).Node.prototype;
    const parent = Object.getOwnPropertyDescriptor(Node, "parent")!;
    const descendant = Node.descendantForIndex;
    let asked = 0;
    Object.defineProperty(Node, "parent", {
      ...parent,
      get(this: unknown) {
        asked++;
        return parent.get!.call(this);
      },
    });
    Node.descendantForIndex = function (this: typeof Node, ...args: Parameters<typeof descendant>) {
      asked++;
      return descendant.apply(this, args);
    };
    try {
      const shapes = [
        continued(200, 3),
        "f(parallel_tool_calls=False); ".repeat(500),
        'class A:\n    parallel_tool_calls: bool = False\n\nd = {"parallel_tool_calls": False, "k": [dict(parallel_tool_calls=False)]}\n',
        'x = """a\nb""" + \\\n    f(parallel_tool_calls=False)\n',
      ];
      for (const text of shapes) {
        const out = run("agent.py", text, "apply");
        expect(out.plan.changed.length).toBeGreaterThan(0);
      }
      expect(asked).toBe(0);
    } finally {
      Object.defineProperty(Node, "parent", parent);
      Node.descendantForIndex = descendant;
    }
  });
});

describe("the audit on a line with thousands of tool_calls mentions", () => {
  const lists = "(?:tool_?calls|tool_?uses|function_?calls)\\b";
  /** The two tests as they were written before, reading the rest of the line from every match. */
  const before = {
    loop: (t: string) => new RegExp(`\\bfor\\b[^\\n]*${lists}`, "i").test(t),
    slice: (t: string) => new RegExp(`${lists}[^\\n]*\\.slice\\(0,\\s*1\\)`, "i").test(t),
  };
  const now = {
    loop: (t: string) => laterOnALine(t, /\bfor\b/i, new RegExp(lists, "i")),
    slice: (t: string) => laterOnALine(t, new RegExp(lists, "i"), /\.slice\(0,\s*1\)/i),
  };

  it("answers as the line-long regular expressions did", () => {
    const pieces = [
      "for ",
      "FOR(",
      "tool_calls",
      "toolCalls",
      "tool_callsX",
      ".slice(0, 1)",
      ".slice(0,\n1)",
      ".SLICE(0,1)",
      "\n",
      " ",
      "x",
      "formal",
      "function_calls",
      "for",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const text = parts.join("");
        expect(now.loop(text), JSON.stringify(text)).toBe(before.loop(text));
        expect(now.slice(text), JSON.stringify(text)).toBe(before.slice(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads 60,000 loop headers on one line once: a later-calls loop is looked for from each `[1:]`, not each `for`", () => {
    // (each `for` once read the rest of its line: 60,000 of them on one line took minutes)
    const headers = "for c in tool_calls ".repeat(60_000) + "\n";
    expect(mayDropCalls(headers, false)).toBe(false);
    expect(mayDropCalls(headers + "for extra in tool_calls[1:]:\n    skip(extra)\n", false)).toBe(true);
    // (TS/JS: the loop gate says "parse it" after a bounded look at so many open loops; the later-calls gate alone)
    const later = RULE_GATES.find((g) => g.name === "answersLaterCalls")!;
    const ts = "for (const c of toolCalls ".repeat(60_000) + "\n";
    expect(later.admits(ts, true)).toBe(false);
    expect(later.admits(ts + "for (const extra of toolCalls.slice(1)) skip(extra)\n", true)).toBe(true);
  });

  it("gives the same findings on a long line of first-call reads, in TS/JS and Python", () => {
    const ts = "const a = x.tool_calls[0]; ".repeat(300);
    expect(mayDropCalls(ts, true)).toBe(true);
    expect(run("agent.ts", ts, "scan").findings).toHaveLength(1); // one list, one scope: one finding
    // One whole use of the list in the same scope: none of them takes the first call as the only one.
    expect(run("agent.ts", ts + "for (const c of x.tool_calls) g(c);", "scan").findings).toHaveLength(0);
    // The same statements one a line: the same answers.
    const tsLines = "const a = x.tool_calls[0];\n".repeat(200);
    // oxc's audit: one place per list and scope, so 200 reads of the same list at the top level are one finding.
    expect(run("agent.ts", tsLines, "scan").findings).toHaveLength(1);
    expect(run("agent.ts", tsLines + "for (const c of x.tool_calls) g(c);\n", "scan").findings).toHaveLength(0);
    const py = "a = x.tool_calls[0]; ".repeat(2000) + "\n";
    expect(run("agent.py", py, "scan").findings).toHaveLength(1);
    expect(run("agent.py", py + "for c in x.tool_calls:\n    g(c)\n", "scan").findings).toHaveLength(0);
    const mentions = "x.tool_calls; for (;;) {} ".repeat(2000);
    expect(mayDropCalls(mentions, true)).toBe(false);
  });

  it("the loop gate reads a bounded amount and then says yes (parse it) instead of reading nested loops again", () => {
    const depth = 60;
    const nested = "for (const c of toolCalls) { ".repeat(depth) + "g(c); " + "} ".repeat(depth);
    // Shallow, the gate can tell that no loop stops after the first call...
    expect(loopMayStopAfterFirst("for (const c of toolCalls) { for (const d of toolCalls) { g(c, d); } }")).toBe(false);
    // ...deeper than its budget, it stops reading and errs on the side of a parse.
    expect(loopMayStopAfterFirst(nested)).toBe(true);
  });
});

describe("the dry run's diff of a file with tens of thousands of changed lines", () => {
  it("is written by a linear walk that gives a patch that applies, and the same patch as the diff package on our edits", () => {
    const line = fc.oneof(
      fc.constantFrom("a", "b", "", "x = 1", "  c", "\r", "f(parallel_tool_calls=False)"),
      fc.string({ maxLength: 6 }).map((t) => t.replace(/\n/g, "")),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(40), fc.constantFrom("flip", "insert", "delete", "replace2")), { maxLength: 6 }),
        fc.boolean(),
        (lines, edits, finalNewline) => {
          const before = lines.join("\n") + (finalNewline ? "\n" : "");
          const after = [...lines];
          for (const [at, kind] of edits) {
            const k = at % (after.length + 1);
            if (kind === "flip" && k < after.length) after[k] = after[k] + " # flipped";
            else if (kind === "insert") after.splice(k, 0, "# toggle-parallel: was False");
            else if (kind === "delete" && k < after.length) after.splice(k, 1);
            else if (kind === "replace2" && k + 1 < after.length) after.splice(k, 2, "y", "z", "w");
          }
          const text = after.join("\n") + (finalNewline ? "\n" : "");
          const ours = linearPatch("a/f", "b/f", before, text, 3);
          expect(applyPatch(before, ours), JSON.stringify({ before, text })).toBe(text);
          // On lines that are all different, before and after, with one edit, the walk finds the diff the diff package
          // finds. (A line the edit writes that the file already holds, `y` in `["", "a", " ", "y"]` replaced by `y z
          // w`, makes two diffs of the same length: either is right, and the package may pick the other.)
          if (edits.length <= 1 && new Set(lines).size === lines.length && new Set(after).size === after.length)
            expect(formatPatch(ours)).toBe(
              formatPatch(structuredPatch("a/f", "b/f", before, text, undefined, undefined, { context: 3 })),
            );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("applies to give the applied file when every one of thousands of lines changes", () => {
    const before = "f({parallel_tool_calls: false});\n".repeat(5000);
    const after = run("agent.ts", before, "apply").after;
    const patch = filePatch({ path: "agent.ts", before, after });
    expect(applyPatch(before, patch.slice(patch.indexOf("\n") + 1))).toBe(after);
    const py = "import x\n" + "f(parallel_tool_calls=False)\n".repeat(5000);
    const pyAfter = run("agent.py", py, "apply").after;
    const pyPatch = filePatch({ path: "agent.py", before: py, after: pyAfter });
    expect(applyPatch(py, pyPatch.slice(pyPatch.indexOf("\n") + 1))).toBe(pyAfter);
    expect(
      applyPatch(
        pyAfter,
        filePatch({ path: "agent.py", before: pyAfter, after: py }).replace(/^diff --git[^\n]*\n/, ""),
      ),
    ).toBe(py);
  });
});

describe("a long line full of syntax errors", () => {
  it("is not read (oxc-parser would give each error a code frame of the whole line): named, with a short message", () => {
    const long = "return; ".repeat(LONG_LINE_FOR_NATIVE_PARSER / 4);
    expect(run("agent.ts", "const a = 1;\n".repeat(5000), "scan").skipped).toBeUndefined();
    const out = run("agent.ts", `const a = 1;\n${long}\nconst body = { parallel_tool_calls: false };\n`, "scan");
    expect(out.skipped).toMatchObject({
      line: 2,
      why: "not read",
      message: expect.stringMatching(/^line 2 is \d+ characters long/),
    });
    expect(out.skipped!.message.length).toBeLessThan(200);
    // Without errors, too: whether a line holds errors is only known by parsing it.
    const sites = run("agent.ts", `${"f({parallel_tool_calls: false}); ".repeat(2000)}\n`, "apply");
    expect(sites.plan.changed).toHaveLength(0);
    expect(sites.skipped).toMatchObject({
      why: "not read",
      message: expect.stringMatching(/^line 1 is \d+ characters long/),
    });
  });
});

describe("the audit's rules of issue 12 on many reads in one function", () => {
  it("reads a loop over calls with 20,000 exits once: where the call was run is found once, not again at each exit", () => {
    const exits = "    if (c.id === w) break\n".repeat(20000);
    const ts =
      "async function f(toolCalls, w) {\n  for (const c of toolCalls) {\n    await execute(c.function.arguments)\n" +
      exits +
      "  }\n}\n";
    expect(run("agent.ts", ts, "scan").findings).toHaveLength(0); // each exit is a lookup by id
    const leaving = run("agent.ts", ts.replace("if (c.id === w) break\n", "if (c.done) break\n"), "scan").findings;
    expect(leaving.map((f) => `${f.line}:${f.rule}:${f.confidence}`)).toEqual(["4:loop-exits-after-first:likely"]);
    const pyExits = "        if c.id == w:\n            break\n".repeat(20000);
    const py = "def f(tool_calls, w):\n    for c in tool_calls:\n        execute(c.function.arguments)\n" + pyExits;
    expect(run("agent.py", py, "scan").findings).toHaveLength(0);
    expect(run("agent.py", py.replace("if c.id == w:", "if c.done:"), "scan").findings).toHaveLength(1);
  });

  it("reads 20,000 first-call arguments of a one-tool request, and 10,000 single-slot writes, each once", () => {
    const reads = "  const a = r.tool_calls[0].args; use(a)\n".repeat(20000);
    const oneTool =
      "async function f(llm, x) {\n  const r = await llm.bindTools([extract]).invoke(x)\n" + reads + "}\n";
    expect(run("agent.ts", oneTool, "scan").findings).toHaveLength(0); // structured output: its arguments are the answer
    expect(run("agent.ts", oneTool.replace("[extract]", "[extract, search]"), "scan").findings).toHaveLength(1);
    const slots = '    if (b.type === "tool_use") { out.functionCall = { id: b.id } }\n'.repeat(10000);
    const slot = "async function g(blocks, out) {\n  for (const b of blocks) {\n" + slots + "  }\n  return out\n}\n";
    expect(run("agent.ts", slot, "scan").findings).toHaveLength(1); // one slot, one finding
  });

  // Each read that an exclusion excuses asks the exclusions again: what they look up in the function (its names'
  // declarations and uses, its forcing, the other reads of one element) must come from an index read once a function.
  // Quadratic, these took minutes at 8,000 reads; the test's time limit is the bound.
  // Each finding's list origin and each slot's uses were looked for by walking the function again: 5,000 loops took
  // minutes. Both come from indexes read once a function.
  it("reads 5,000 loops that each keep a tool block's fields in one dict, each finding and its list's origin once", () => {
    const loops = Array.from(
      { length: 5000 },
      (_, i) =>
        `    for b in blocks${i}:\n        if b["type"] == "tool_use":\n            action["name"] = b["name"]\n`,
    ).join("");
    const py = run("agent.py", `def f(blocks):\n    action = {}\n${loops}    return run(action)\n`, "scan");
    expect(py.skipped).toBeUndefined();
    expect(py.findings).toHaveLength(5000);
  });

  // A queue read at its head thousands of times in one loop: whether the loop drains it, and whether the list was
  // built as one, are looked up once a loop and once a function (walked again for each read, 4,000 reads took 74 s).
  it("excuses 20,000 reads of the head of a queue drained in one loop, in TS/JS and Python", () => {
    const heads = (line: (i: number) => string) => Array.from({ length: 20000 }, (_, i) => line(i)).join("");
    const py = run(
      "agent.py",
      `def f(tool_calls):\n    while tool_calls:\n${heads((i) => `        x${i} = tool_calls[0].function.name\n`)}        tool_calls.pop(0)\n`,
      "scan",
    );
    expect(py.skipped).toBeUndefined();
    expect(py.findings).toHaveLength(0);
    const ts = run(
      "agent.ts",
      `function f(toolCalls) {\n  while (toolCalls.length) {\n${heads((i) => `    const x${i} = toolCalls[0].function.name\n`)}    toolCalls.shift()\n  }\n}\n`,
      "scan",
    );
    expect(ts.skipped).toBeUndefined();
    expect(ts.findings).toHaveLength(0);
  });

  it("excuses 20,000 reads of one list in one function, each looked at once, in TS/JS and Python", () => {
    const lines = (line: (i: number) => string) => Array.from({ length: 20000 }, (_, i) => line(i)).join("");
    const tsReads = lines((i) => `  const x${i} = toolCalls.at(0)?.function?.name\n`);
    const ts = run("agent.ts", `function f(r) {\n${tsReads}  return toolCalls\n}\n`, "scan");
    expect(ts.skipped).toBeUndefined();
    expect(ts.findings).toHaveLength(0);
    const pyReads = lines((i) => `    x${i} = response.tool_calls[0].function.name\n`);
    const py = run("agent.py", `def f(response):\n${pyReads}    return response.tool_calls\n`, "scan");
    expect(py.skipped).toBeUndefined();
    expect(py.findings).toHaveLength(0);
    const parts = lines((i) => `  const c${i} = response.candidates[0].content.parts.at(0)?.functionCall?.name\n`);
    expect(run("agent.ts", `function g(response) {\n${parts}}\n`, "scan").findings).toHaveLength(1);
  });

  it("reads 20,000 first calls of a response destructured in a JSX hook, and the names they route on, each once", () => {
    const lines = (line: (i: number) => string) => Array.from({ length: 20000 }, (_, i) => line(i)).join("");
    // each read asks where its response came from (a destructured name): the function is read for that once
    const hook = `async function useAgent() {\n  const { data } = await api.invoke("chat")\n${lines((i) => `  const c${i} = data.tool_calls[0]\n`)}  return data.tool_calls\n}\n`;
    const jsx = run("useAgent.tsx", hook, "scan");
    expect(jsx.skipped).toBeUndefined();
    expect(jsx.findings).toHaveLength(0);
    // 20,000 names given the first call's name, ahead of the use that reads the list whole: the router is looked for
    // in a bounded stretch after each read
    const names = `function route(toolCalls) {\n  const first = toolCalls[0]\n${lines((i) => `  const n${i} = first.name\n`)}  return toolCalls.map(run)\n}\n`;
    const routed = run("agent.ts", names, "scan");
    expect(routed.skipped).toBeUndefined();
    expect(routed.findings).toHaveLength(0);
  });

  it("reads 10,000 streamed tool-block slots of one handler, each once, and bounds the lists it looks them up in", () => {
    const lines = (line: (i: number) => string) => Array.from({ length: 10000 }, (_, i) => line(i)).join("");
    const slot = (i: number) =>
      `    if (event.type === "content_block_start" && event.content_block.type === "tool_use") this.p${i} = event.content_block\n`;
    const handler = (body: string) => `class R {\n  read(event) {\n${body}  }\n}\n`;
    expect(run("agent.ts", handler(lines(slot)), "scan").findings).toHaveLength(10000);
    // with as many pushes in the file, the slots are not looked up in them one by one
    const pushed = handler(lines((i) => `${slot(i)}    if (done) calls.push(x${i})\n`));
    expect(run("agent.ts", pushed, "scan").findings).toHaveLength(0);
  });

  it("reads 15,000 first-block reads under a test of 15,000 type checks once each (Python)", () => {
    // (one call of 15,000 arguments: a chain of `and` would nest 15,000 deep, which any read under it climbs)
    const tests = `all([${Array.from({ length: 15000 }, () => 'response.content[0].type == "tool_use"').join(", ")}])`;
    const reads = Array.from({ length: 15000 }, (_, i) => `        v${i} = response.content[0].input\n`).join("");
    const forced =
      'def f(client):\n    response = client.messages.create(tools=TOOLS, tool_choice={"type": "tool", "name": "x"})\n' +
      `    if ${tests}:\n${reads}`;
    const py = run("agent.py", forced, "scan");
    expect(py.skipped).toBeUndefined();
    expect(py.findings).toHaveLength(0);
    // not forced, under one type test: one finding for the list, however many reads
    const single = forced
      .replace(', tool_choice={"type": "tool", "name": "x"}', "")
      .replace(tests, 'response.content[0].type == "tool_use"');
    expect(run("agent.py", single, "scan").findings).toHaveLength(1);
  });

  it("reads 10,000 Python stream block slots, each once, and bounds the lists it looks them up in", () => {
    const lines = (line: (i: number) => string) => Array.from({ length: 10000 }, (_, i) => line(i)).join("");
    const slot = (i: number) =>
      `        if event.type == "content_block_start" and event.content_block.type == "tool_use":\n            self.p${i} = event.content_block\n`;
    const handler = (body: string) => `class R:\n    def read(self, events):\n        for event in events:\n${body}`;
    expect(run("agent.py", handler(lines(slot)), "scan").findings).toHaveLength(10000);
    // one slot set 10,000 times is one finding
    expect(run("agent.py", handler(lines(() => slot(0))), "scan").findings).toHaveLength(1);
    // with as many appends in the file, the slots are not looked up in them one by one
    const kept = handler(lines((i) => `${slot(i)}            calls.append(x${i})\n`));
    expect(run("agent.py", kept, "scan").findings).toHaveLength(0);
  });

  it("reads 10,000 calls replaced per chunk, or kept by name, in one stream loop once a loop and name (TS/JS and Python)", () => {
    const lines = (line: (i: number) => string) => Array.from({ length: 10000 }, (_, i) => line(i)).join("");
    // never read after the loop: each line asks the same question of the loop, answered once
    const ts = `async function f(stream) {\n  let calls\n  for await (const chunk of stream) {\n${lines(() => "    calls = chunk.tool_calls\n")}  }\n}\n`;
    expect(run("agent.ts", ts, "scan").findings).toHaveLength(0);
    expect(run("agent.ts", ts.replace("  }\n}\n", "  }\n  return calls\n}\n"), "scan").findings).toHaveLength(1);
    const py = `async def f(stream):\n    calls = None\n    async for chunk in stream:\n${lines(() => "        calls = chunk.tool_calls\n")}`;
    expect(run("agent.py", py, "scan").findings).toHaveLength(0);
    expect(run("agent.py", py + "    return calls\n", "scan").findings).toHaveLength(1);
    const byName = `def f(message):\n    done = {}\n    for tc in message.tool_calls:\n${lines(() => "        done[tc.function.name] = tc\n")}`;
    expect(run("agent.py", byName, "scan").findings).toHaveLength(0);
    expect(run("agent.py", byName + "    return done\n", "scan").findings).toHaveLength(10000);
    // 10,000 lines keeping a value of each call in one name: each name asked once
    const lastPy = `def f(message):\n    q = None\n    for tc in message.tool_calls:\n        args = json.loads(tc.arguments)\n${lines(() => "        q = args.get('q')\n")}`;
    expect(run("agent.py", lastPy, "scan").findings).toHaveLength(0);
    expect(run("agent.py", lastPy + "    return q\n", "scan").findings).toHaveLength(1);
    const lastTs = `function f(message) {\n  let q\n  for (const tc of message.tool_calls) {\n    const args = JSON.parse(tc.arguments)\n${lines(() => "    q = args.q\n")}  }\n}\n`;
    expect(run("agent.ts", lastTs, "scan").findings).toHaveLength(0);
    expect(run("agent.ts", lastTs.replace("  }\n}\n", "  }\n  return q\n}\n"), "scan").findings).toHaveLength(1);
    // 10,000 pieces glued and as many lines asking whether the loop glues text: the loop read once
    const glued = `async function g(stream) {\n  let calls\n  for (const chunk of stream) {\n${lines(() => "    t += s\n")}    t += chunk.content\n${lines(() => "    calls = chunk.tool_calls\n")}  }\n}\n`;
    expect(run("agent.ts", glued, "scan").findings).toHaveLength(0);
    expect(run("agent.ts", glued.replace("  }\n}\n", "  }\n  return calls\n}\n"), "scan").findings).toHaveLength(1);
  });
});
