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
    const pkg = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", name, "package.json"), "utf8")).version;
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
    expect(applied).toBe(
      '# toggle-parallel: was False\ngreeting = "héllo 🙂"; agent = Agent(parallel_tool_calls=True)\n',
    );
  });

  it("a syntax error skips the file with its line", () => {
    const out = processText("agent.py", "def f(:\n    return Agent(parallel_tool_calls=False)\n", "apply", options)!;
    expect(out.skipped).toMatchObject({ line: 1, why: "syntax error" });
  });

  it("syntax the grammar cannot read: scan still reports the rest with a warning, apply skips the file", () => {
    const text =
      "def types(a, b):\n    return Union[*(a + b)]\n\n\ndef run(tool_calls):\n    return tool_calls[0], None\n\n\nx = Agent(parallel_tool_calls=False)\n";
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
    expect(
      audit(
        "def run(result):\n    tool_calls = parse(result)\n    if tool_calls:\n        return tool_calls[0], None, None\n    return None\n",
      ),
    ).toEqual(["4:first-call-only"]);
    // a count of some other list says nothing about the tool calls
    expect(
      audit(
        "def run(result):\n    tool_calls = parse(result)\n    if len(result) == 2:\n        pass\n    return tool_calls[0], None, None\n",
      ),
    ).toEqual(["5:first-call-only"]);
  });
  it("finds calls = [calls[0]], next(... tool_use), a loop that breaks, a per-turn guard", () => {
    expect(audit("if len(calls) > 1:\n    calls = [calls[0]]\n")).toEqual(["2:truncate-to-first"]);
    expect(audit('use = next(b for b in content if b.type == "tool_use")\n')).toEqual(["1:first-call-only"]);
    expect(audit("for call in message.tool_calls:\n    run(call)\n    break\n")).toEqual(["3:loop-exits-after-first"]);
    expect(
      audit("def on(self, call):\n    if self.already_used_tool:\n        return\n    self.execute_tool(call)\n"),
    ).toEqual(["2:one-tool-per-turn-guard"]);
  });
  it("leaves [0] used to test for emptiness, a single-call branch, and every-call loops", () => {
    expect(audit("def f(msg):\n    if msg.tool_calls[0]:\n        return [run(c) for c in msg.tool_calls]\n")).toEqual(
      [],
    );
    expect(
      audit(
        "def f(pairs):\n    if len(pairs.tool_calls) == 1:\n        call = pairs.tool_calls[0]\n        return run(call)\n",
      ),
    ).toEqual([]);
    expect(audit("for call in tool_calls:\n    if call.done:\n        break\n    run(call)\n")).toEqual([]);
  });
});

describe("python audit: the false classes of issue 12", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("a lookup of a specific call by id or name", () => {
    expect(
      audit(
        'def pick(reply, wanted):\n    hit = next((b for b in reply.content if b.type == "tool_use" and b.id == wanted), None)\n    return run(hit)\n',
      ),
    ).toEqual([]);
    expect(
      audit(
        'def pick(reply):\n    for b in reply.content:\n        if b.type == "tool_use" and b.name == "lookup_city":\n            return b\n',
      ),
    ).toEqual([]);
  });
  it("streamed deltas read per chunk", () => {
    expect(
      audit(
        "def pump(stream, acc):\n    for chunk in stream:\n        frag = chunk.choices[0].delta.tool_calls[0]\n        acc.add(frag)\n",
      ),
    ).toEqual([]);
    expect(
      audit(
        "async def pump(events, acc):\n    async for ev in events:\n        tc = ev.tool_calls[0]\n        acc.add(tc)\n",
      ),
    ).toEqual([]); // the list taken from the chunk on an earlier line, through a local name
    expect(
      audit(
        "def on_chunk(chunk, acc):\n    tool_calls = chunk.choices[0].delta.tool_calls\n    if tool_calls:\n        acc.add(tool_calls[0].id, tool_calls[0].function.arguments)\n",
      ),
    ).toEqual([]);
  });
  it('"already used a tool" guards that refuse nothing', () => {
    expect(
      audit(
        'def show(self, block):\n    if block.type == "text":\n        if self.already_used_tool:\n            return\n        self.render(block.text)\n',
      ),
    ).toEqual([]);
    expect(
      audit(
        'def report_failure(self, message):\n    if self.already_used_tool:\n        return\n    self.say("error", message)\n',
      ),
    ).toEqual([]);
    expect(
      audit(
        'def present(self, block):\n    if self.already_used_tool:\n        return\n    if not block.call_id:\n        self.say("error", "no id")\n        self.already_used_tool = True\n        return\n    self.execute_tool(block)\n',
      ),
    ).toEqual([]);
  });
  it("a list that holds one call by construction", () => {
    expect(
      audit(
        'def from_history(entry):\n    tool_calls = [{"id": entry.call_id, "name": entry.name}]\n    return {"role": "assistant", "call": tool_calls[0]}\n',
      ),
    ).toEqual([]);
  });
  it("display- or log-only reads", () => {
    expect(audit('def report(res):\n    logger.info("first call %s", res.tool_calls[0].name)\n')).toEqual([]);
    expect(
      audit(
        'def demo(out):\n    first = out.tool_calls[0]\n    if first.name == "finish":\n        print(first.args)\n',
      ),
    ).toEqual([]);
  });
  it("element 0 of choices, and a presence check before all calls are handled", () => {
    expect(
      audit("def read(res):\n    msg = res.choices[0].message\n    return [run(c) for c in msg.tool_calls]\n"),
    ).toEqual([]);
    expect(
      audit(
        "def step(msg):\n    if msg.tool_calls[0] is None:\n        return done()\n    return [run(c) for c in msg.tool_calls]\n",
      ),
    ).toEqual([]);
  });
});

describe("python audit: reads that drop nothing, and a guard on the count", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("a write into the first call, a list stored whole, the response returned whole", () => {
    expect(
      audit(
        "def fix(choice, args):\n    fixed = choice.copy()\n    fixed.message.tool_calls[0].function.arguments = args\n    return fixed\n",
      ),
    ).toEqual([]);
    expect(
      audit(
        "def keep(self, parsed_tool_calls):\n    self.tool_calls = parsed_tool_calls\n    self.tool_call = parsed_tool_calls[0] if parsed_tool_calls else None\n",
      ),
    ).toEqual([]);
    expect(
      audit(
        "def repair(response):\n    raw = response.choices[0].message.tool_calls[0].function.arguments\n    patch(raw)\n    return response\n",
      ),
    ).toEqual([]);
  });
  it("a truncation that the parallel flag itself switches off", () => {
    expect(
      audit(
        "def step(tool_calls, parallel_tool_calls):\n    if not parallel_tool_calls:\n        tool_calls = [tool_calls[0]]\n    return tool_calls\n",
      ),
    ).toEqual([]);
  });
  it("a field that keeps the whole list, read for its first call: the object keeps them all", () => {
    expect(
      audit(
        "def extract(self, response):\n    self.tool_calls = list(response.tool_calls or [])\n    self.tool_call = self.tool_calls[0] if self.tool_calls else None\n",
      ),
    ).toEqual([]);
  });
  it("a bare `calls` whose value visibly holds tool calls", () => {
    expect(
      audit(
        "def one(self):\n    calls = self.collect_tool_calls()\n    if not calls:\n        raise ValueError('none')\n    return calls[0]\n",
      ),
    ).toEqual(["5:first-call-only"]);
    expect(audit("def one(self):\n    calls = self.recorded()\n    return calls[0]\n")).toEqual([]);
  });
  it("a guard that raises when a response holds more than one call", () => {
    expect(
      audit(
        'def parse(message):\n    tool_calls = message.tool_calls\n    if tool_calls is None or len(tool_calls) != 1:\n        raise FormatError("expected exactly one tool call")\n    return run(tool_calls[0])\n',
      ),
    ).toEqual(["3:one-tool-per-turn-guard"]);
    expect(
      audit(
        'def parse(message):\n    tool_calls = message.tool_calls\n    if len(tool_calls) != 1:\n        raise FormatError("expected exactly one tool call")\n    tool_call = tool_calls[0]\n    return run(tool_call)\n',
      ),
    ).toEqual(["3:one-tool-per-turn-guard"]);
  });
});

describe("python audit: the shapes issue 12 saw missed", () => {
  const detail = (text: string) =>
    scan(text).findings.map((f) => `${f.line}:${f.rule}:${f.confidence}${f.listLine ? `:list ${f.listLine}` : ""}`);
  it("[0] in one branch while another returns the whole list", () => {
    expect(
      detail(
        "def answer(message, handlers):\n    if message.tool_calls and not handlers:\n        return list(message.tool_calls)\n    if message.tool_calls and handlers:\n        call = message.tool_calls[0]\n        return handlers[call.name](call)\n",
      ),
    ).toEqual(["5:first-call-only:certain:list 1"]);
  });
  it("if tool_calls: return execute(tool_calls[0])", () => {
    expect(
      detail(
        "def act(reply):\n    tool_calls = reply.tool_calls\n    if tool_calls:\n        return execute(tool_calls[0])\n",
      ),
    ).toEqual(["4:first-call-only:certain:list 2"]);
  });
  it("for block in content: if block.type == 'tool_use': return run(block)", () => {
    expect(
      detail(
        'def act(reply):\n    for block in reply.content:\n        if block.type == "tool_use":\n            return run_tool(block)\n    return None\n',
      ),
    ).toEqual(["4:loop-exits-after-first:certain:list 1"]);
    // keeping the block and breaking is the same loss; a test of its name too is a lookup
    const keep =
      'def act(reply):\n    use = None\n    for block in reply.content:\n        if block.type == "tool_use":\n            use = block\n            break\n    return run_tool(use)\n';
    expect(detail(keep)).toEqual(["6:loop-exits-after-first:certain:list 1"]);
    expect(detail(keep.replace('== "tool_use":', '== "tool_use" and block.name == "final":'))).toEqual([]);
    // a branch taken only when structured output is asked for: its one tool call is the answer
    const schema =
      'def act(reply, response_schema):\n    use = None\n    if response_schema:\n        for block in reply.content:\n            if block.type == "tool_use":\n                use = block\n                break\n    return use\n';
    expect(detail(schema)).toEqual([]);
    expect(detail(schema.replace("if response_schema:", "if reply:"))).toEqual([
      "7:loop-exits-after-first:certain:list 1",
    ]);
  });
  it("[0] used after the length was only logged", () => {
    expect(
      detail(
        'def act(tool_calls):\n    logger.debug(f"{len(tool_calls)} calls asked")\n    return run_one(tool_calls[0])\n',
      ),
    ).toEqual(["3:first-call-only:certain:list 1"]);
  });
  it("a router that reads only the first call's name and ends the graph on finish", () => {
    expect(
      detail(
        'def route(state):\n    last = state["messages"][-1]\n    if last.tool_calls[0]["name"] == "finish":\n        return END\n    return "tools"\n',
      ),
    ).toEqual(["3:first-call-only:certain:list 2"]);
  });
  it("a stream handler that keeps the first captured call and logs later ones as discarded", () => {
    expect(
      detail(
        'async def collect(stream):\n    captured = None\n    async for ev in stream:\n        if ev.kind != "tool":\n            continue\n        if captured:\n            log.warning("discarding extra tool call %s", ev.name)\n            continue\n        captured = ev\n    return captured\n',
      ),
    ).toEqual(["6:one-tool-per-turn-guard:certain"]);
  });
  it("a guard gated by a setting is likely", () => {
    expect(
      detail(
        'def present(self, block):\n    if self.already_used_tool:\n        self.push_tool_result(block.id, "not executed")\n        return\n    self.execute_tool(block)\n    if not self.multiple_enabled:\n        self.already_used_tool = True\n',
      ),
    ).toEqual(["2:one-tool-per-turn-guard:likely"]);
  });
});

describe("mixed TypeScript + Python trees, end to end", () => {
  it("scan, apply, check, revert, dry-run and patch all cover both languages", () => {
    const repo = gitRepo({
      "web/request.ts": "export const body = { parallel_tool_calls: false }\n",
      "svc/agent.py": 'def build():\n    return Agent(name="x", parallel_tool_calls=False)\n',
    });
    const scanned = JSON.parse(cli(repo, "scan", "--json").stdout) as {
      sites: Array<{ language: string; action: string }>;
    };
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

describe("python audit after the second round of real code (issue 12)", () => {
  const audit = (text: string, file = "agent.py") => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);

  it('finds ["tool_calls"][0] of a response read as a dict', () => {
    expect(
      audit("def step(data):\n    call = data['choices'][0]['message']['tool_calls'][0]\n    return run(call)\n"),
    ).toEqual(["2:first-call-only"]);
  });

  it("finds a loop that asks the model again until a response holds one call", () => {
    const text =
      "async def draft(model, messages):\n    i = 0\n    while i < 5:\n        response = await model.ainvoke(messages)\n        if len(response.tool_calls) != 1:\n            i += 1\n            messages.append(retry)\n        else:\n            break\n    return response\n";
    expect(audit(text)).toEqual(["5:one-tool-per-turn-guard"]);
    expect(scan(text).findings[0]!.reason).toContain("asks the model again");
    // a branch that leaves the loop is not a re-ask
    expect(audit(text.replace("            messages.append(retry)\n", "            break\n"))).toEqual([]);
  });

  it("leaves the first call of a response to a request forced to one tool (structured output)", () => {
    const forced =
      'async def extract(client, msgs):\n    response = await client.create(messages=msgs, tools=TOOLS, tool_choice={"type": "function", "function": {"name": "render"}})\n    choice = response.choices[0]\n    return json.loads(choice.message.tool_calls[0].function.arguments)\n';
    expect(audit(forced)).toEqual([]);
    expect(audit(forced.replace(/tool_choice=\{.*\}\}/, 'tool_choice="auto"'))).toEqual(["4:first-call-only"]);
    expect(
      audit(
        'async def gen(state):\n    queries = await chain.ainvoke(state)\n    return queries["raw"].tool_calls[0]["args"]\n',
      ),
    ).toEqual([]);
    expect(
      audit(
        "def parse(message):\n    assert len(message.tool_calls or []) == 1, 'one only'\n    return message.tool_calls[0]\n",
      ),
    ).toEqual([]);
  });

  it("still finds a first call taken from the state when the function forces a tool for another request", () => {
    expect(
      audit(
        "async def rewrite(state, llm):\n    model = llm.with_structured_output(Schema)\n    prev = cast(AIMessage, state['messages'][-1])\n    draft = prev.tool_calls[0]['args']\n    return await model.ainvoke(draft)\n",
      ),
    ).toEqual(["4:first-call-only"]);
  });

  it("leaves a stored conversation converted message by message, and UI code", () => {
    expect(
      audit(
        "def to_prompt(messages):\n    out = []\n    for m in messages[1:]:\n        if m.get('tool_calls'):\n            out.append(fmt(m['tool_calls'][0]['function']))\n    return out\n",
      ),
    ).toEqual([]);
    const read = "def step(message):\n    call = message.tool_calls[0]\n    return use(call)\n";
    expect(audit(read)).toEqual(["2:first-call-only"]);
    expect(audit(read, "app/gradio_ui.py")).toEqual([]);
    expect(audit(read.replace("def step", "def print_step"))).toEqual([]);
  });

  it("counts one loss for the same list read through a name for its message", () => {
    expect(
      audit(
        "def bad_name(state):\n    call = state['messages'][-1].tool_calls[0]\n    last = state['messages'][-1]\n    last.tool_calls[0]['name'] = last.tool_calls[0]['name'].strip()\n    return run(call)\n",
      ),
    ).toEqual(["2:first-call-only"]);
  });
});

describe("python audit: filtered lists, index-0-only loops, manual checks (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds the first of a filtered list of tool calls", () => {
    expect(
      audit(
        "def act(run):\n    tool_calls = run.required_action.tool_calls\n    fn = [t for t in tool_calls if t.type == FUNCTION][0]\n    return handle(fn)\n",
      ),
    ).toEqual(["3:first-call-only"]);
    expect(
      audit(
        "def act(response):\n    uses = [b for b in response.content if b.type == 'tool_use']\n    return run(uses[0])\n",
      ),
    ).toEqual(["3:first-call-only"]);
  });
  it("finds a stream loop that keeps index 0 only", () => {
    expect(
      audit(
        "def pump(delta):\n    for tc in delta.tool_calls:\n        if tc.index != 0:\n            continue\n        name += tc.function.name\n",
      ),
    ).toEqual(["3:one-tool-per-turn-guard"]);
  });
  it('leaves a read under if __name__ == "__main__": (a manual check)', () => {
    expect(
      audit(
        "if __name__ == '__main__':\n    r = client.create()\n    print_it(r.tool_calls[0])\n    run(r.tool_calls[0])\n",
      ),
    ).toEqual([]);
  });
});

describe("python audit: one tool offered, presence of a field, one response in two spellings (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("leaves the arguments of the one tool offered (structured output) but not a dispatch on its name", () => {
    const one =
      "def extract(llm, x):\n    r = llm.bind_tools([Schema]).invoke(x)\n    return r.tool_calls[0]['args']\n";
    expect(audit(one)).toEqual([]);
    expect(
      audit(
        one.replace(
          "return r.tool_calls[0]['args']",
          "call = r.tool_calls[0]\n    return TOOLS[call['name']](**call['args'])",
        ),
      ),
    ).toEqual(["3:first-call-only"]);
    expect(audit(one.replace("[Schema]", "[Schema, Other]"))).toEqual(["3:first-call-only"]);
    expect(
      audit(
        "def _structured_output_using_tool(client, m):\n    r = client.create(m)\n    return parse(r.choices[0].message.tool_calls[0].function.arguments)\n",
      ),
    ).toEqual([]);
  });
  it("reads a field of the first call tested for None as a presence test, and a name compared as a use", () => {
    expect(
      audit(
        "def args(m):\n    if m.tool_calls is not None and m.tool_calls[0].function is not None:\n        return [parse(c) for c in m.tool_calls]\n",
      ),
    ).toEqual([]);
    expect(
      audit(
        "def route(m):\n    if m.tool_calls and m.tool_calls[0].function.name == 'finish':\n        return END\n    return 'tools'\n",
      ),
    ).toEqual(["2:first-call-only"]);
  });
  it("counts one loss for one response read in its dict and its object spelling", () => {
    expect(
      audit(
        "def first(response):\n    if isinstance(response, dict):\n        tool_calls = response.get('tool_calls')\n        if tool_calls:\n            return parse(tool_calls[0])\n    if response.tool_calls:\n        return parse(response.tool_calls[0])\n",
      ),
    ).toEqual(["5:first-call-only"]);
  });
});

describe("python audit: the first Gemini call part", () => {
  it("finds next(p for p in parts if p.function_call)", () => {
    expect(
      scan(
        "def parse(response):\n    parts = response.candidates[0].content.parts\n    call = next(p for p in parts if p.function_call)\n    return run(call)\n",
      ).findings.map((f) => `${f.line}:${f.rule}`),
    ).toEqual(["3:first-call-only"]);
  });
});

describe("python audit: loops that look up a call, and history read by index", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("reads a loop that skips calls by id then returns as a lookup, and one that skips by name as a first of a kind", () => {
    const loop =
      "def confirm(tool_calls, wanted):\n    for tc in tool_calls:\n        if tc.id != wanted:\n            continue\n        return run(tc)\n";
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace("tc.id != wanted", "tc.function.name != 'show_card'"))).toEqual([
      "5:loop-exits-after-first",
    ]);
  });
  it("leaves a stored message read by index in a loop", () => {
    expect(
      audit(
        "def merge(messages, i, j):\n    out = []\n    for k in range(i, j):\n        m = messages[k]\n        out.append(m['tool_calls'][0])\n    return out\n",
      ),
    ).toEqual([]);
  });
});

describe("python audit: history messages built or converted, text read beside the first tool block", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds next() of the first tool block beside a history message of the whole content and a text read", () => {
    expect(
      audit(
        'async def chat(history):\n    response = await call(history)\n    while response.stop_reason == "tool_use":\n        use = next(b for b in response.content if b.type == "tool_use")\n        history.append({"role": "assistant", "content": response.content})\n        response = await call(history)\n    return next((b.text for b in response.content if hasattr(b, "text")), None)\n',
      ),
    ).toEqual(["4:first-call-only"]);
  });
  it("leaves a stored message converted under a test of its role", () => {
    expect(
      audit(
        'def to_item(msg):\n    if msg.get("role") == "assistant" and msg.get("tool_calls"):\n        tc = msg["tool_calls"][0]\n        return Item(name=tc["function"]["name"])\n',
      ),
    ).toEqual([]);
  });
});

describe("python audit: the one tool's call run as a tool, from a getter", () => {
  it("finds get_tool_calls()[0] passed to the tool's run", () => {
    expect(
      scan(
        "async def demo(llm, weather):\n    r = await llm.run([m], tools=[weather])\n    call = r.get_tool_calls()[0]\n    return await weather.run(call.args)\n",
      ).findings.map((f) => `${f.line}:${f.rule}`),
    ).toEqual(["3:first-call-only"]);
  });
});

describe("python audit: a list named by an assignment expression", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("reads `if tool_calls := completion...` as the list's origin (structured output through one required tool)", () => {
    const extract =
      'def extract(client, text):\n    completion = client.create(messages=[text], tools=[BOOK], tool_choice="required")\n    if tool_calls := completion.choices[0].message.tool_calls:\n        return Book.model_validate_json(tool_calls[0].function.arguments)\n';
    expect(audit(extract)).toEqual([]);
    expect(audit(extract.replace("tools=[BOOK]", "tools=[BOOK, AUTHOR]"))).toEqual(["4:first-call-only"]);
    // a comment between the arguments (highlighting in a docs snippet) changes nothing
    expect(
      audit(extract.replace("messages=[text], ", "messages=[text],\n        # [!code highlight]\n        ")),
    ).toEqual([]);
  });
});

describe("python audit: a first element used as a stream fragment", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("leaves it when its index is read, when it is held as a chunk, or when the list comes from a delta a few names back", () => {
    const parse =
      "def parse(data, acc):\n    calls = data.output.tool_calls\n    first = calls[0]\n    acc.append((first.slot, first.function.name))\n";
    expect(audit(parse)).toEqual(["3:first-call-only"]);
    expect(audit(parse.replace("first.slot", "first.index"))).toEqual([]);
    expect(audit(parse.replace("first.slot", 'first["index"]'))).toEqual([]);
    expect(audit(parse.replace(/first/g, "chunk"))).toEqual([]);
    // another read of the same element names the index
    expect(audit(parse.replace("first = calls[0]", "first = calls[0]\n    slot = calls[0].index"))).toEqual([]);
    const hops =
      'def to_content(update):\n    message = update["message"]\n    calls = message["tool_calls"]\n    call = calls[0]\n    return Action(call["function"]["name"])\n';
    expect(audit(hops)).toEqual(["4:first-call-only"]);
    expect(audit(hops.replace(/update/g, "content_delta"))).toEqual([]);
  });
});

describe("python audit: structured output forced in another function, or by Gemini's allowed function names", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("leaves a response handed over in a file whose every request forces one tool", () => {
    const file =
      'def params(ctx):\n    return {"messages": ctx, "tools": [UI_TOOL], "tool_choice": {"type": "function", "function": {"name": "render"}}}\n\ndef result(response):\n    call = response.choices[0].message.tool_calls[0]\n    return json.loads(call.function.arguments)\n';
    expect(audit(file)).toEqual([]);
    expect(audit(file.replace('{"type": "function", "function": {"name": "render"}}', '"auto"'))).toEqual([
      "5:first-call-only",
    ]);
    expect(
      audit(file.replace("def result(response):", "def result(state):\n    response = state['messages'][-1]")),
    ).toEqual(["6:first-call-only"]);
  });
  it("reads allowed_function_names of one function as forcing it, through a filtered comprehension", () => {
    const ask =
      'def ask(client, text):\n    response = client.generate(contents=text, config={"tools": [BOOK, AUTHOR], "tool_config": {"function_calling_config": {"mode": "any", "allowed_function_names": ["Book"]}}})\n    if calls := [c for c in (response.function_calls or []) if c.args]:\n        return Book.model_validate(calls[0].args)\n';
    expect(audit(ask)).toEqual([]);
    expect(audit(ask.replace('["Book"]', '["Book", "Author"]'))).toEqual(["4:first-call-only"]);
  });
});

describe("python audit: argument pieces of every streamed call glued into one string", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds the glue in a stream loop, and leaves index routing, a string set per call, and the legacy function_call", () => {
    const glue =
      'def ask(stream):\n    name = ""\n    args = ""\n    for chunk in stream:\n        delta = chunk.choices[0].delta\n        if delta.tool_calls:\n            piece = delta.tool_calls[0].function.arguments\n            args += piece if piece else ""\n    return name, args\n';
    expect(audit(glue)).toEqual(["8:first-call-only"]);
    // fragments routed by their index: assembled per call
    expect(
      audit(
        glue.replace(
          "        if delta.tool_calls:",
          "        if delta.tool_calls and delta.tool_calls[0].index != last:",
        ),
      ),
    ).toEqual([]);
    // an index read only to single out the first call tells no other call apart
    expect(
      audit(
        glue.replace("        if delta.tool_calls:", "        if delta.tool_calls and delta.tool_calls[0].index == 0:"),
      ),
    ).toEqual(["8:first-call-only"]);
    // a fresh string for each call, inside the loop; a string added to a list
    expect(
      audit(glue.replace("        if delta.tool_calls:\n", '        if delta.tool_calls:\n            args = ""\n')),
    ).toEqual([]);
    expect(audit(glue.replace("    return name, args", "        parts.append(args)\n    return name, args"))).toEqual(
      [],
    );
    // the legacy function_call is one call by the API's design
    expect(audit(glue.replace("delta.tool_calls[0].function.arguments", "delta.function_call.arguments"))).toEqual([]);
    // a handler called per event, with no loop of its own
    expect(
      audit(
        'def on_event(self, event):\n    if event.type == "input_json_delta":\n        self.acc += event.delta.partial_json\n',
      ),
    ).toEqual([]);
  });
});

describe("python audit: one tool block kept in a single slot by a loop over the response", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds the slot each tool block overwrites, and leaves a slot added to a list or set inside the loop", () => {
    const loop =
      'def step(response):\n    tool_block = None\n    for block in response.content:\n        if block.type == "text":\n            show(block.text)\n        elif block.type == "tool_use":\n            tool_block = block\n    return run(tool_block)\n';
    expect(audit(loop)).toEqual(["7:first-call-only"]);
    expect(
      audit(
        loop.replace(
          "            tool_block = block\n",
          "            tool_block = block\n            blocks.append(tool_block)\n",
        ),
      ),
    ).toEqual([]);
    expect(audit(loop.replace("    tool_block = None\n", ""))).toEqual([]);
    // a test of the name as well: a lookup of one call
    expect(audit(loop.replace('== "tool_use":', '== "tool_use" and block.name == "done":'))).toEqual([]);
  });
});

describe("python audit: loops that skip to the first tool block, and the first Gemini call part", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds `if block.type != 'tool_use': continue` then a return in the loop, and `if part.function_call: ... break`", () => {
    const skip =
      'def step(completion):\n    for block in completion.content:\n        if block.type != "tool_use":\n            continue\n        result = run(block.name, block.input)\n        return follow_up(block, result)\n';
    expect(audit(skip)).toEqual(["6:loop-exits-after-first"]);
    // every tool block run, nothing returned in the loop
    expect(
      audit(skip.replace("        return follow_up(block, result)\n", "        results.append(result)\n")),
    ).toEqual([]);
    const part =
      "def ask(response):\n    call = None\n    for part in response.candidates[0].content.parts:\n        if part.function_call:\n            call = part.function_call\n            break\n    return run(call)\n";
    expect(audit(part)).toEqual(["6:loop-exits-after-first"]);
    // a UI message's parts are a display, not the model's response
    expect(audit(part.replace("response.candidates[0].content.parts", "message.parts"))).toEqual([]);
  });
});

describe("python audit: a turn left when a response holds several calls", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  it("finds `if calls and len(calls) > 1: return ask_again(...)`, and leaves a branch that runs the calls (the read after it takes the one there is)", () => {
    const guard =
      'def step(self, messages):\n    response = self.client.create(messages=messages, tools=TOOLS)\n    if (\n        response.choices[0].message.tool_calls\n        and len(response.choices[0].message.tool_calls) > 1\n    ):\n        log.warning("several calls")\n        return self.step(messages + [ONE_AT_A_TIME])\n    return run(response.choices[0].message.tool_calls[0])\n';
    expect(audit(guard)).toEqual(["3:one-tool-per-turn-guard"]);
    expect(
      audit(
        guard.replace(
          "        return self.step(messages + [ONE_AT_A_TIME])",
          "        return run_all(response.choices[0].message.tool_calls)",
        ),
      ),
    ).toEqual([]);
  });
});

describe("python audit after the blind sets of 2026-11-28 (issue 12)", () => {
  const audit = (text: string, file = "agent.py") => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);
  const run =
    'async def plan(self, response):\n    for tool_call in response.tool_calls:\n        if tool_call.function.name == "planning":\n            args = json.loads(tool_call.function.arguments)\n            await self.tool.execute(**args)\n            return\n    self.default_plan()\n';

  it("finds a loop over tool calls that runs one call and then returns, as likely", () => {
    const found = scan(run).findings;
    expect(found.map((f) => `${f.line}:${f.rule}:${f.confidence}`)).toEqual(["6:loop-exits-after-first:likely"]);
    expect(found[0]!.reason).toContain("(line 2)");
    expect(audit(run.replace("            return\n", "            break\n"))).toEqual(["6:loop-exits-after-first"]);
  });

  it("finds a loop that keeps the first valid call for running and breaks", () => {
    const keep =
      "def select(self, tool_calls):\n    chosen = []\n    for call in tool_calls:\n        args = json.loads(call.function.arguments)\n        if call.function.name in self.tools:\n            chosen.append(ToolCall(call.function.name, args))\n            break\n    return chosen\n";
    expect(audit(keep)).toEqual(["7:loop-exits-after-first"]);
    expect(audit(keep.replace("            break\n", ""))).toEqual([]);
  });

  it("leaves lookups, finish tools, yes/no answers, error paths and loops that run nothing before leaving", () => {
    expect(audit(run.replace("            return\n", "            return tool_call\n"))).toEqual([]);
    expect(audit(run.replace('"planning"', '"final_answer"'))).toEqual([]);
    expect(audit(run.replace('tool_call.function.name == "planning"', "tool_call.id == wanted"))).toEqual([]);
    expect(audit(run.replace("            return\n", "            return True\n"))).toEqual([]);
    expect(audit(run.replace("            return\n", '            return "failed"\n'))).toEqual([]);
    expect(audit(run.replace("            await self.tool.execute(**args)\n", ""))).toEqual([]);
    expect(audit(run.replace("response.tool_calls", "delta.tool_calls"))).toEqual([]);
    // in an except clause: the error path
    expect(
      audit(
        run.replace(
          "            args = json.loads(tool_call.function.arguments)\n            await self.tool.execute(**args)\n            return\n",
          "            try:\n                await self.tool.execute(**json.loads(tool_call.function.arguments))\n            except ValueError:\n                return\n",
        ),
      ),
    ).toEqual([]);
  });

  it("finds next() of the first tool block with a default, next((b for ...), None)", () => {
    const text =
      'def step(self, response):\n    block = next((b for b in response.content if b.type == "tool_use"), None)\n    return self.run(block.name, block.input)\n';
    expect(audit(text)).toEqual(["2:first-call-only"]);
    expect(audit(text.replace('b.type == "tool_use"', 'b.type == "tool_use" and b.id == wanted'))).toEqual([]);
  });

  it('finds a message built to hold only the first call: "tool_calls": [tool_calls[0]]', () => {
    const built =
      'def step(res, messages):\n    tool_calls = res.choices[0].message.tool_calls\n    messages.append({"role": "assistant", "tool_calls": tool_calls if not tool_calls else [tool_calls[0]]})\n    for call in tool_calls:\n        messages.append(run(call))\n';
    expect(audit(built)).toEqual(["3:truncate-to-first"]);
    expect(
      audit(
        built
          .replace('{"role": "assistant", "tool_calls": ', 'Message(role="assistant", tool_calls=')
          .replace("]})", "]))"),
      ),
    ).toEqual(["3:truncate-to-first"]);
    expect(audit(built.replace("[tool_calls[0]]", "tool_calls"))).toEqual([]);
    expect(audit(built.replace('"tool_calls": tool_calls if', '"first": tool_calls if'))).toEqual([]);
  });

  it("leaves a first call read by the code that records a response for tracing (span attributes)", () => {
    const traced =
      'def add_llm_span_attributes(span, response):\n    calls = response.tool_calls\n    span.set_attribute("calls.first", calls[0].name)\n';
    expect(audit(traced)).toEqual([]);
    expect(audit(traced.replace("add_llm_span_attributes", "add_llm_results"))).toEqual(["3:first-call-only"]);
  });

  it("leaves the arguments of the first call when the one tool offered is a list of one the file defines", () => {
    const named =
      'EVALUATE = [\n    {"type": "function", "function": {"name": "evaluate"}},\n]\n\ndef judge(client, msgs):\n    response = client.chat(messages=msgs, tools=EVALUATE)\n    args = response.tool_calls[0].arguments\n    return args.get("ok")\n';
    expect(audit(named)).toEqual([]);
    // two tools, or a list that grows, or the call answered by id without its arguments read
    expect(
      audit(named.replace("]\n\ndef", '    {"type": "function", "function": {"name": "other"}},\n]\n\ndef')),
    ).toEqual(["8:first-call-only"]);
    expect(audit(named.replace("\ndef judge", "\nEVALUATE.append(OTHER)\ndef judge"))).toEqual(["8:first-call-only"]);
    expect(
      audit(
        named.replace(
          'args = response.tool_calls[0].arguments\n    return args.get("ok")',
          'call = response.tool_calls[0]\n    return {"role": "tool", "tool_call_id": call.id, "content": "done"}',
        ),
      ),
    ).toEqual(["7:first-call-only"]);
  });

  it("leaves the arguments of the first tool block when the one tool offered is a field of one, checked but not run", () => {
    const field =
      'class Classifier:\n    def __init__(self):\n        self.tools: List[dict] = [\n            {"name": "classify"},\n        ]\n\n    def classify(self, text):\n        response = self.client.messages.create(messages=[text], tools=self.tools)\n        use = next((c for c in response.content if c.type == "tool_use"), None)\n        if not is_tool_input(use.input):\n            raise ValueError("bad input")\n        return use.input["label"]\n';
    expect(audit(field)).toEqual([]);
    // run as a tool, it is a call dispatched: the rest of the response is lost
    expect(audit(field.replace("is_tool_input(use.input)", "run_tool(use.input)"))).toEqual(["9:first-call-only"]);
  });

  it("leaves a refusal of several calls that holds only beside the final answer", () => {
    const narrow =
      'def step(self, message):\n    for output in self.run_calls(message):\n        if output.is_final_answer:\n            if len(message.tool_calls) > 1:\n                raise AgentError("answer alone")\n';
    expect(audit(narrow)).toEqual([]);
    expect(audit(narrow.replace("output.is_final_answer", "output.is_ready"))).toEqual(["4:one-tool-per-turn-guard"]);
  });

  it("leaves a loop left on an error path: the call failed or was canceled", () => {
    const canceled =
      "def run_all(self, response):\n    for call in response.tool_calls:\n        result = self.execute(call.function.arguments)\n        if result.canceled:\n            break\n";
    expect(audit(canceled)).toEqual([]);
    expect(audit(canceled.replace("result.canceled", "result.done"))).toEqual(["5:loop-exits-after-first"]);
  });

  it("finds a stream loop that keeps one call and leaves when the next call's id arrives, at the stop", () => {
    const stream =
      'async def reply(stream):\n    call = None\n    args = ""\n    async for chunk in stream:\n        tool_call = chunk.choices[0].delta.tool_calls[0]\n        if tool_call.id:\n            if call:\n                # another call started\n                break\n            call = {"id": tool_call.id, "name": tool_call.function.name}\n        else:\n            args += tool_call.function.arguments or ""\n    return call, args\n';
    const found = scan(stream).findings;
    expect(found.map((f) => `${f.line}:${f.rule}`)).toEqual(["9:loop-exits-after-first"]);
    expect(found[0]!.reason).toContain("second tool call starts");
    // without the stop, the tool_calls of every call run into one string
    expect(
      audit(
        stream.replace("                # another call started\n                break\n", "                pass\n"),
      ),
    ).toEqual(["11:first-call-only"]);
  });

  it("leaves a property that returns the first call (a type's accessor beside its list)", () => {
    const accessor =
      "class Message:\n    @property\n    def tool_call(self):\n        return self.tool_calls[0] if self.tool_calls else None\n";
    expect(audit(accessor)).toEqual([]);
    expect(audit(accessor.replace("    @property\n", ""))).toEqual(["3:first-call-only"]);
  });

  it("finds the last content block taken as the call, and leaves the block a stream event is about", () => {
    const last =
      'def act(client, msgs):\n    response = client.messages.create(messages=msgs, tools=TOOLS)\n    block = response.content[-1]\n    if block.type != "tool_use":\n        return None\n    return run(block.name, block.input)\n';
    expect(audit(last)).toEqual(["3:first-call-only"]);
    expect(scan(last).findings[0]!.reason).toContain("last content block");
    // a text block read last, or the block a delta event extends
    expect(
      audit(
        last.replace(
          '    if block.type != "tool_use":\n        return None\n    return run(block.name, block.input)\n',
          "    return block.text\n",
        ),
      ),
    ).toEqual([]);
    expect(
      audit(
        'def on_event(self, event):\n    if event.type == "content_block_delta":\n        block = self.snapshot.content[-1]\n        if block.type == "tool_use":\n            block.input = parse(event.delta.partial_json)\n',
      ),
    ).toEqual([]);
  });

  it("reports the read that takes the first call, not a test that a key of it is there", () => {
    const keyed =
      'def to_action(message):\n    if (\n        message["tool_calls"]\n        and message["tool_calls"][0]["function"] is not None\n    ):\n        call = message["tool_calls"][0]\n        return Action(call["function"]["name"])\n';
    expect(audit(keyed)).toEqual(["6:first-call-only"]);
  });

  it("finds a loop that runs a call by the function of its name and returns", () => {
    const named =
      'def route(completion, user):\n    for tool_call in completion.choices[0].message.tool_calls:\n        if tool_call.function.name == "extract_intent":\n            arguments = json.loads(tool_call.function.arguments)\n            return extract_intent(arguments["intent"], user)\n';
    expect(audit(named)).toEqual(["5:loop-exits-after-first"]);
    expect(audit(named.replace("return extract_intent(", "return other("))).toEqual([]);
  });

  it("finds `if len(calls) > 1: return` (the turn ended), and leaves it after a request forcing one tool", () => {
    const guard =
      "async def run(chat, messages, tools):\n    message = await chat(messages, tools)\n    if len(message.tool_calls) > 1:\n        return\n    call = message.tool_calls[0]\n    return call.function.arguments\n";
    const found = scan(guard).findings;
    expect(found.map((f) => `${f.line}:${f.rule}`)).toEqual(["3:one-tool-per-turn-guard"]);
    expect(found[0]!.reason).toContain("ends the turn");
    const forced = guard.replace(
      "chat(messages, tools)",
      'chat(messages, tools, {"type": "function", "function": {"name": "summarize"}})',
    );
    expect(audit(forced)).toEqual([]);
    // `!= 1` holds with no call too: leaving is then the way out
    expect(audit(guard.replace("> 1:", "!= 1:"))).toEqual([]);
  });

  it("finds a loop that answers every call after the first without running it", () => {
    const skip =
      'def step(self, messages, tool_calls):\n    for extra in tool_calls[1:]:\n        messages.append({"role": "tool", "tool_call_id": extra.id, "content": "Skipped: one command per turn."})\n    call = tool_calls[0]\n    return self.run(call)\n';
    const found = scan(skip).findings;
    expect(found.map((f) => `${f.line}:${f.rule}`)).toEqual(["2:one-tool-per-turn-guard"]);
    expect(found[0]!.reason).toContain("without running it");
    // answered by running them, the later calls are not refused
    expect(audit(skip.replace('"content": "Skipped: one command per turn."', '"content": self.run(extra)'))).toEqual(
      [],
    );
  });

  it("finds next() of the first call beside a lookup of a block of another type that also tests other fields", () => {
    const both =
      'def step(response):\n    message = next((m for m in response.output if m.type == "message" and m.role == "assistant"), None)\n    call = next((o for o in response.output if o.type == "function_call"), None)\n    return run(call.name, call.arguments)\n';
    expect(audit(both)).toEqual(["3:first-call-only"]);
    // without the type test, the lookup may read a call: the list is used whole
    expect(audit(both.replace('m.type == "message" and ', ""))).toEqual([]);
  });

  it("finds a first call read in a branch that returns, beside a whole-list use after that branch", () => {
    const early =
      'def chat(client, thread):\n    response = client.create(thread)\n    if response.stop == "tool":\n        call = response.tool_calls[0]\n        return run(call)\n    return [c.id for c in response.tool_calls]\n';
    expect(audit(early)).toEqual(["4:first-call-only"]);
    expect(audit(early.replace("        return run(call)\n", "        run(call)\n"))).toEqual([]);
  });

  it("finds the first call read after the count of calls was only logged", () => {
    const logged =
      'def pick(self, response):\n    tool_calls = self.get_tool_calls(response)\n    if len(tool_calls) > 1:\n        logger.warning("several calls, using the first")\n    tool_call = tool_calls[0]\n    return tool_call["function"]["name"]\n';
    expect(audit(logged)).toEqual(["5:first-call-only"]);
    expect(
      audit(logged.replace('logger.warning("several calls, using the first")', "return run_all(tool_calls)")),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout13 (issue 12)", () => {
  const audit = (text: string, file = "agent.py") => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds a loop over parts that keeps the first call part, tested by hasattr, getattr, get() or `in`", () => {
    const part =
      "def ask(model, prompt):\n    response = model.generate_content(prompt, tools=tools)\n    call = None\n    for part in response.candidates[0].content.parts:\n        if hasattr(part, 'function_call'):\n            call = part.function_call\n            break\n    if call:\n        return run(call.name, call.args)\n";
    expect(audit(part)).toEqual(["7:loop-exits-after-first"]);
    for (const test of [
      'getattr(part, "function_call", None)',
      'part.get("function_call")',
      '"function_call" in part',
      "part.function_call",
    ])
      expect(audit(part.replace("hasattr(part, 'function_call')", test))).toEqual(["7:loop-exits-after-first"]);
    // another field, or a test of the call's name too: a lookup, not the first call
    expect(audit(part.replace("'function_call'", "'text'"))).toEqual([]);
    expect(
      audit(
        part.replace(
          "hasattr(part, 'function_call')",
          "hasattr(part, 'function_call') and part.function_call.name == 'x'",
        ),
      ),
    ).toEqual([]);
  });

  it("leaves the first call of an expected answer: an evaluation's fixture is not a model response", () => {
    const scorer =
      "def score(output, expected):\n    call = expected.tool_calls[0]\n    return grade(output, call.function.name, call.function.arguments)\n";
    expect(audit(scorer)).toEqual([]);
    expect(audit(scorer.replace(/expected/g, "response"))).toEqual(["2:first-call-only"]);
    expect(audit(scorer.replace(/expected/g, "ground_truth"))).toEqual([]);
  });
});

describe("python audit after the blind set heldout14 (issue 12)", () => {
  const audit = (text: string, file = "agent.py") => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds the first of a filtered list whose name is then given that first element", () => {
    const rebound =
      'def generate(self, params):\n    response = self.client.messages.create(**params)\n    uses = [b for b in response.content if b.type == "tool_use"]\n    uses = uses[0] if uses else None\n    return self.parse(uses)\n';
    expect(audit(rebound)).toEqual(["4:first-call-only"]);
    // kept under another name, a later use of the list's own name is the whole list
    expect(audit(rebound.replace("    uses = uses[0]", "    use = uses[0]"))).toEqual([]);
  });

  it("finds argument pieces glued across the stream when the string is emptied only once the response is over", () => {
    const stream =
      'def relay(client, send):\n    stream = client.chat.completions.create(model=m, tools=t, stream=True)\n    args = ""\n    for part in stream:\n        delta = part.choices[0].delta\n        if delta.tool_calls:\n            args += delta.tool_calls[0].function.arguments or ""\n        if part.choices[0].finish_reason == "tool_calls":\n            send(args)\n            args = ""\n';
    expect(audit(stream)).toEqual(["7:first-call-only"]);
    // emptied when a new call starts: one string a call
    expect(
      audit(
        stream.replace(
          "        if delta.tool_calls:\n",
          '        if delta.tool_calls:\n            if delta.tool_calls[0].id:\n                args = ""\n',
        ),
      ),
    ).toEqual([]);
    // a request that forces one tool: one call by construction
    expect(
      audit(stream.replace("tools=t,", 'tools=t, tool_choice={"type": "function", "function": {"name": "render"}},')),
    ).toEqual([]);
  });

  it("finds a loop over a Gemini candidate's parts held in a local name that leaves at the first call part", () => {
    const parts =
      'def respond(self, dialogue, tools):\n    stream = self.model.generate_content(contents=dialogue, tools=tools, stream=True)\n    for chunk in stream:\n        cand = chunk.candidates[0]\n        for part in cand.content.parts:\n            if getattr(part, "function_call", None):\n                yield None, [convert(part.function_call)]\n                return\n            yield part.text\n';
    expect(audit(parts)).toEqual(["8:loop-exits-after-first"]);
    // a UI message's parts, not a model response's
    expect(audit(parts.replace("cand = chunk.candidates[0]", "cand = chunk.message"))).toEqual([]);
  });

  it("leaves the first call of a stored message in a file that writes its messages' calls, each named by a literal", () => {
    const graph =
      'async def call_model(state):\n    response = await model.ainvoke(state["messages"])\n    if any(tc["name"] == "Info" for tc in response.tool_calls):\n        response.tool_calls = [next(tc for tc in response.tool_calls if tc["name"] == "Info")]\n    return {"messages": [response]}\n\ndef route(state):\n    last = state["messages"][-1]\n    if last.tool_calls and last.tool_calls[0]["name"] == "Info":\n        return "reflect"\n    return "tools"\n';
    expect(audit(graph)).toEqual([]);
    // a file that only copies the model's call into a message of one (the loss echoed) still loses the others
    const echo = graph.replace(
      '        response.tool_calls = [next(tc for tc in response.tool_calls if tc["name"] == "Info")]\n',
      '        history.append({"role": "assistant", "tool_calls": [{"id": response.tool_calls[0]["id"], "name": "Info"}]})\n',
    );
    expect(audit(echo)).toEqual(["9:first-call-only"]);
  });

  it("a function's own list of one tool counts, though other functions of the file define theirs", () => {
    const agents =
      'def route(query):\n    tools = [{"type": "function", "function": {"name": "route_to", "parameters": schema}}]\n    response = client.chat.completions.create(messages=m, tools=tools, tool_choice="required")\n    calls = response.choices[0].message.tool_calls\n    return json.loads(calls[0].function.arguments)["agent"]\n\ndef other(query):\n    tools = [a, b]\n    return client.chat.completions.create(messages=m, tools=tools)\n';
    expect(audit(agents)).toEqual([]);
    // the call run by the function of the tool's name: a tool run, one of possibly several
    const run = agents
      .replace('"route_to"', '"search_docs"')
      .replace(', tool_choice="required"', "")
      .replace(
        'return json.loads(calls[0].function.arguments)["agent"]',
        "call = calls[0]\n    return search_docs(**json.loads(call.function.arguments))",
      );
    expect(audit(run)).toEqual(["5:first-call-only"]);
  });

  it("leaves a loop that stops at a hand-over to another agent, as at a finish", () => {
    const run =
      "async def plan(self, response):\n    for tool_call in response.tool_calls:\n        if self.router.is_handoff(tool_call.function.name):\n            args = json.loads(tool_call.function.arguments)\n            await self.execute_handoff(args)\n            break\n    self.default_plan()\n";
    expect(audit(run)).toEqual([]);
    expect(audit(run.replace("is_handoff", "is_known"))).toEqual(["6:loop-exits-after-first"]);
  });

  it("a name compared only with the one tool offered checks the answer, unless the tool is then run", () => {
    const section =
      'async def write(model, messages):\n    response = await model.bind_tools([WriteSection]).ainvoke(messages)\n    if response.tool_calls and response.tool_calls[0]["name"] == "WriteSection":\n        return response.tool_calls[0]["args"]["content"]\n    return ""\n';
    expect(audit(section)).toEqual([]);
    // another tool's name: a choice among tools
    expect(audit(section.replace('== "WriteSection"', '== "Search"'))).toEqual(["3:first-call-only"]);
    // the one tool, run: a second call to it is lost
    const run = section
      .replace("[WriteSection]", "[get_author]")
      .replace('== "WriteSection"', '== "get_author"')
      .replace(
        'return response.tool_calls[0]["args"]["content"]',
        'return get_author(**response.tool_calls[0]["args"])',
      );
    expect(audit(run)).toEqual(["3:first-call-only"]);
    // a name held in a variable is not the tool because a schema written in the list has a "name" key
    const schema =
      'def pick(client, messages, name):\n    response = client.chat.completions.create(messages=messages, tools=[{"type": "function", "function": {"name": "lookup", "parameters": p}}])\n    call = response.choices[0].message.tool_calls[0]\n    if call.function.name == name:\n        return json.loads(call.function.arguments)\n';
    expect(audit(schema)).toEqual(["3:first-call-only"]);
    expect(audit(schema.replace("== name:", '== "lookup":'))).toEqual([]);
  });

  it("finds argument pieces glued in a stream loop whose one call is built after the loop", () => {
    const stream =
      'async def ask(client, messages):\n    name = ""\n    args = ""\n    async for chunk in await client.chat.completions.create(messages=messages, tools=t, stream=True):\n        if chunk.choices[0].delta.tool_calls:\n            tool_call = chunk.choices[0].delta.tool_calls[0]\n            if tool_call.function.arguments:\n                args += tool_call.function.arguments\n    if args:\n        messages.append({"role": "assistant", "tool_calls": [{"function": {"name": name, "arguments": args}}]})\n';
    expect(audit(stream)).toEqual(["8:first-call-only"]);
    // kept in a list inside the loop: one string a call
    expect(
      audit(
        stream.replace(
          "                args += tool_call.function.arguments\n",
          "                args += tool_call.function.arguments\n                pieces.append(args)\n",
        ),
      ),
    ).toEqual([]);
    // kept in the loop, but once the response is over: still the one call
    expect(
      audit(
        stream.replace(
          "                args += tool_call.function.arguments\n",
          '                args += tool_call.function.arguments\n        if chunk.choices[0].finish_reason == "tool_calls":\n            pieces.append(args)\n',
        ),
      ),
    ).toEqual(["8:first-call-only"]);
  });
});

describe("python audit: the streamed call whose pieces are glued, followed through names and field reads (issue 12)", () => {
  const audit = (text: string) =>
    scan(text).findings.map((f) => `${f.line}:${f.rule}${f.listLine ? `:list ${f.listLine}` : ""}`);

  it("follows the piece's call to the chunk's first call, and names that line as the list's", () => {
    const held =
      'def stream_out(response):\n    acc = {"name": None, "arguments": ""}\n    for chunk in response:\n        delta = chunk.choices[0].delta\n        if delta.tool_calls:\n            tc = delta.tool_calls[0]\n            acc["name"] = tc.function.name\n            acc["arguments"] += tc.function.arguments\n        if chunk.choices[0].finish_reason == "tool_calls":\n            yield acc\n';
    expect(audit(held)).toEqual(["8:first-call-only:list 6"]);
    // the legacy function_call is one call by the API's design, under any name
    expect(audit(held.replace("tc = delta.tool_calls[0]", "tc = delta.function_call"))).toEqual([]);
    // a call that is no stream's: nothing says the pieces are a streamed call's
    expect(audit(held.replace("tc = delta.tool_calls[0]", "tc = lookup(name)"))).toEqual([]);
  });

  it("reads getattr(..., 'arguments'), `.get('arguments')` and `x and x.y` as pieces of the call", () => {
    const guarded =
      'async def consume(stream):\n    state = State()\n    async for part in stream:\n        new_delta = part.choices[0].delta\n        call = new_delta.tool_calls and new_delta.tool_calls[0]\n        fn = call and call.function\n        if fn:\n            state.args += getattr(fn, "arguments", None) or ""\n    return state\n';
    expect(audit(guarded)).toEqual(["8:first-call-only:list 5"]);
    expect(audit(guarded.replace('getattr(fn, "arguments", None)', 'fn.get("arguments", "")'))).toEqual([
      "8:first-call-only:list 5",
    ]);
    // another field of the call is no argument piece
    expect(audit(guarded.replace('getattr(fn, "arguments", None)', 'getattr(fn, "name", None)'))).toEqual([]);
  });

  it("finds a handler per chunk that glues the chunk's first call into a string kept across calls", () => {
    const handler =
      'class CallStream:\n    def feed(self, chunk):\n        calls = chunk.output.choices[0].message.tool_calls\n        call = calls[0]\n        piece = call.get("function", {}).get("arguments", "")\n        if piece:\n            self.args += piece\n';
    expect(audit(handler)).toEqual(["7:first-call-only:list 4"]);
    // a string emptied in the handler itself is one a call
    expect(
      audit(
        handler.replace(
          "        if piece:\n",
          '        if call.get("id"):\n            self.args = ""\n        if piece:\n',
        ),
      ),
    ).toEqual([]);
    // a local string dies with the call
    expect(audit(handler.replace("self.args += piece", "args += piece"))).toEqual([]);
    const nested =
      'def run(lines):\n    args = ""\n    def on_line(delta):\n        nonlocal args\n        if safe_get(delta, "tool_calls"):\n            args += safe_get(delta, "tool_calls", 0, "function", "arguments", default="")\n    for line in lines:\n        on_line(line)\n    return args\n';
    expect(audit(nested)).toEqual(["6:first-call-only"]);
    expect(audit(nested.replace("        nonlocal args\n", ""))).toEqual([]);
  });

  it("reads a reset under a test that the piece is the first call's as one a turn", () => {
    const first =
      'def collect(stream):\n    args = ""\n    for chunk in stream:\n        tc = chunk.choices[0].delta.tool_calls[0]\n        if tc.index == 0 and tc.function.name:\n            args = tc.function.arguments or ""\n        else:\n            args += tc.function.arguments\n    return args\n';
    expect(audit(first)).toEqual(["8:first-call-only:list 4"]);
    // a reset whenever a call starts is one a call
    expect(audit(first.replace("tc.index == 0 and tc.function.name", "tc.function.name"))).toEqual([]);
  });
});

describe("python audit after the blind set heldout17 (issue 12)", () => {
  const audit = (text: string, file = "agent.py") => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);

  it("leaves a first-call loss gated by an option named for the one-call mode, or inside a helper named for it", () => {
    const option =
      "class Model:\n  use_only_first_toolcall: bool = False\n\ndef collect(self, response):\n    calls = []\n    for tc in response.choices[0].message.tool_calls:\n        calls.append(run(tc.function.name, json.loads(tc.function.arguments)))\n        if self.use_only_first_toolcall:\n            break\n    return calls\n";
    expect(audit(option)).toEqual([]);
    expect(audit(option.replace("if self.use_only_first_toolcall:", "if self.done:"))).toEqual([
      "9:loop-exits-after-first",
    ]);
    // a mode not declared off (computed, or on for some models) still drops calls when it is on: reported
    expect(audit(option.replace(": bool = False", ""))).toEqual(["9:loop-exits-after-first"]);
    const helper =
      'def force_single_tool_call(response):\n    tool_calls = response.message.additional_kwargs.get("tool_calls", [])\n    if len(tool_calls) > 1:\n        response.message.additional_kwargs["tool_calls"] = [tool_calls[0]]\n';
    expect(audit(helper)).toEqual([]);
    expect(audit(helper.replace("force_single_tool_call", "postprocess"))).toEqual(["4:truncate-to-first"]);
  });

  it("finds a cut written over lines, and reports a later first-call read of that function once, at the cut", () => {
    const cut =
      'def step(self, response):\n    message = response.choices[0].message.dict()\n    if message.get("tool_calls"):\n        message["tool_calls"] = message["tool_calls"][\n            :1\n        ]\n    self.history.append(message)\n    name = response.choices[0].message.tool_calls[0].function.name\n    return name\n';
    expect(audit(cut)).toEqual(["4:truncate-to-first"]);
    // with no cut, the read is the loss
    expect(
      audit(
        cut.replace(
          '    if message.get("tool_calls"):\n        message["tool_calls"] = message["tool_calls"][\n            :1\n        ]\n',
          "",
        ),
      ),
    ).toEqual(["4:first-call-only"]);
  });

  it("reads a choice object naming one function as forcing it", () => {
    const forced =
      "async def extract(self, model, session):\n    tool = Tool(function=model)\n    self.tools = [tool]\n    self.tool_choice = ToolChoice(function=tool.function)\n    result = await self.request(session)\n    call = result.choices[0].message.tool_calls[0]\n    return model.model_validate(call.function.arguments)\n";
    expect(audit(forced)).toEqual([]);
    expect(audit(forced.replace("ToolChoice(function=tool.function)", 'ToolChoice(mode="auto")'))).toEqual([
      "6:first-call-only",
    ]);
  });

  it("leaves the first call written into the legacy function_call field, which holds one call", () => {
    const legacy =
      'def adapt(completion, data):\n    if data.tools:\n        calls = [convert(fc) for fc in completion.message.function_calls]\n        return {"tool_calls": calls}\n    function_call = {\n        "name": completion.message.function_calls[0].name,\n        "arguments": completion.message.function_calls[0].arguments,\n    }\n    return {"function_call": function_call}\n';
    expect(audit(legacy)).toEqual([]);
    // a name that only holds the first call is no field
    expect(
      audit(
        "def ask(client, text):\n    response = client.generate(text)\n    if response.function_calls:\n        function_call = response.function_calls[0]\n        return run(function_call.name, function_call.args)\n",
      ),
    ).toEqual(["4:first-call-only"]);
    expect(
      audit(
        legacy
          .replace("    function_call = {", "    call = {")
          .replace('{"function_call": function_call}', '{"tool_calls": [call]}'),
      ),
    ).toEqual(["6:first-call-only"]); // the dict entry that reads it, not the statement's first line
  });

  it("leaves a flag set to True as no capture, and a debug recorder's read as display", () => {
    const flag =
      'async def watch(stream):\n    seen = None\n    async for event in stream:\n        if seen:\n            logger.info("discarding extra tool call")\n            continue\n        seen = True\n';
    expect(audit(flag)).toEqual([]);
    expect(audit(flag.replace("seen = True", "seen = event"))).toEqual(["4:one-tool-per-turn-guard"]);
    const debug =
      "def record_debug_info(self, output):\n    tool_calls = self.client.chat(output).choices[0].message.tool_calls\n    call = tool_calls[0] if tool_calls else None\n    self.recorder.add(call)\n";
    expect(audit(debug)).toEqual([]);
    expect(audit(debug.replace("record_debug_info", "record_info"))).toEqual(["3:first-call-only"]);
  });

  it("counts folders of tests and their helpers as test files", () => {
    expect(python.testFile.test("src/agent.py")).toBe(false);
    expect(python.testFile.test("src/contest/agent.py")).toBe(false);
    for (const file of [
      "integration_tests/agent.py",
      "libs/standard-tests/agent.py",
      "src/utils/testing/agent.py",
      "test_utils/agent.py",
    ])
      expect(python.testFile.test(file)).toBe(true);
  });
});

describe("python audit after the blind set heldout18 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("reads tools_to_call_from=[one] and available_tools=[one] as one tool offered", () => {
    const one =
      'async def optimize(self, query):\n    tools = [\n        QueryTool()\n    ]\n    response = await self.model(messages=m, tools_to_call_from=tools)\n    args = json.loads(response.tool_calls[0].function.arguments)\n    return args.get("query")\n';
    expect(audit(one)).toEqual([]);
    expect(audit(one.replace("        QueryTool()\n", "        QueryTool(),\n        SearchTool()\n"))).toEqual([
      "7:first-call-only",
    ]);
    expect(audit(one.replace("tools_to_call_from=tools", "available_tools=tools"))).toEqual([]);
    // a list of tools turned off is no offer
    expect(audit(one.replace("tools_to_call_from=tools", "disabled_tools=tools"))).toEqual(["6:first-call-only"]);
  });

  it("leaves argument pieces glued in a stream that a function named for printing shows", () => {
    const printed =
      'def print_and_process_stream(response):\n    data = {"name": None, "arguments": ""}\n    for chunk in response:\n        for tool_call in chunk["message"]["tool_calls"]:\n            data["arguments"] += tool_call["function"]["arguments"]\n    return data\n';
    expect(audit(printed)).toEqual([]);
    expect(audit(printed.replace("print_and_process_stream", "process_stream"))).toEqual(["5:first-call-only"]);
  });
});

describe("python audit: the first part of a Gemini response taken as its call (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds parts[0].function_call of a response's candidate, directly or through a name, past a presence test", () => {
    const direct =
      'def ask(model, prompt):\n    response = model.generate_content(prompt, tools=[weather, news])\n    if hasattr(response.candidates[0].content.parts[0], "function_call") and response.candidates[0].content.parts[0].function_call:\n        call = response.candidates[0].content.parts[0].function_call\n        return run(call.name, call.args)\n';
    expect(audit(direct)).toEqual(["4:first-call-only"]);
    expect(scan(direct).findings[0]!.reason).toContain("one part a call");
    const named =
      "def ask(model, prompt):\n    response = model.generate_content(prompt)\n    part = response.candidates[0].content.parts[0]\n    if part.function_call:\n        return run(part.function_call.name, part.function_call.args)\n    return part.text\n";
    expect(audit(named)).toEqual(["3:first-call-only"]);
    // only the one call's arguments, and no function's name read: structured output's answer
    expect(
      audit(
        named.replace("run(part.function_call.name, part.function_call.args)", "Answer(**part.function_call.args)"),
      ),
    ).toEqual([]);
    // the first part read for its text is no call
    expect(audit(named.replace(/ {4}if part\.function_call:\n.*\n/, ""))).toEqual([]);
    // parts that are no candidate's (a UI message's) are not the model's
    expect(audit(named.replace("response.candidates[0].content.parts[0]", "message.parts[0]"))).toEqual([]);
  });

  it("reads a Gemini Tool named for many (`tools=[tools]`) as no one tool offered, and a lone tool as one", () => {
    const offered =
      "def ask(model, prompt, tools):\n    response = model.generate_content(prompt, tools=[tools])\n    call = response.candidates[0].content.parts[0].function_call\n    return run(call.name, call.args)\n";
    expect(audit(offered)).toEqual(["3:first-call-only"]);
    expect(
      audit(
        offered
          .replace("tools=[tools]", "tools=[weather]")
          .replace("return run(call.name, call.args)", "return Weather(**call.args)"),
      ),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout19 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds a call built from each tool block into one slot named for a call, in a loop over the response", () => {
    const built =
      'def parse(response):\n    tool_call = None\n    for block in response.content:\n        if block.type == "text":\n            text = block.text\n        elif block.type == "tool_use":\n            tool_call = ToolCall(id=block.id, name=block.name, arguments=block.input)\n    return text, tool_call\n';
    expect(audit(built)).toEqual(["7:first-call-only"]);
    // one call a block, kept in a list
    expect(
      audit(
        built.replace("    return text, tool_call\n", "            calls.append(tool_call)\n    return text, calls\n"),
      ),
    ).toEqual([]);
    // a slot not named for a call holds something else built from the block
    expect(audit(built.replace(/tool_call/g, "summary"))).toEqual([]);
  });

  it("finds a router that leaves the loop when the first call is the finish tool, before a loop over every call", () => {
    const router =
      'def loop(client, messages):\n    while True:\n        response = client.chat.completions.create(messages=messages, tools=TOOLS)\n        if response.choices[0].message.tool_calls and response.choices[0].message.tool_calls[0].function.name == "done":\n            break\n        for tool in response.choices[0].message.tool_calls:\n            messages.append(run(tool))\n';
    expect(audit(router)).toEqual(["4:first-call-only"]);
    // the router's branch goes on to run every call: nothing left behind
    expect(audit(router.replace("            break\n", "            finished = True\n"))).toEqual([]);
  });
});

describe("python audit: a stream's one slot for a tool block (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const stream = [
    "async def relay(self, stream):",
    "    calls = []",
    "    block = None",
    '    pieces = ""',
    "    async for event in stream:",
    '        if event.type == "content_block_start":',
    '            if event.content_block.type == "tool_use":',
    "                block = event.content_block",
    '                pieces = ""',
    '        elif event.type == "content_block_delta" and block:',
    "            pieces += event.delta.partial_json",
    '        elif event.type == "message_delta" and event.delta.stop_reason == "tool_use":',
    "            calls.append(Call(block.id, block.name, json.loads(pieces)))",
    "    return calls",
    "",
  ].join("\n");

  it("finds the slot each tool block's start overwrites, handed on only when the response ends", () => {
    expect(audit(stream)).toEqual(["8:first-call-only"]);
    // a field of self is the same slot
    expect(audit(stream.replace(/\bblock\b(?=[ .:)])/g, "self.block"))).toEqual(["8:first-call-only"]);
  });

  it("leaves the usual assembly: a call kept when its block stops, pieces routed by index, a slot emptied", () => {
    // kept in the list when its block stops
    const kept = stream.replace(
      '        elif event.type == "message_delta" and event.delta.stop_reason == "tool_use":\n',
      '        elif event.type == "content_block_stop" and block:\n',
    );
    expect(audit(kept)).toEqual([]);
    // an index read tells the blocks apart
    expect(
      audit(stream.replace("block = event.content_block", "blocks[event.index] = block = event.content_block")),
    ).toEqual([]);
    // emptied once its call is handed on, in the loop
    expect(
      audit(
        stream.replace(
          "            pieces += event.delta.partial_json\n",
          "            pieces += event.delta.partial_json\n            block = None\n",
        ),
      ),
    ).toEqual([]);
    // a text block's slot
    expect(
      audit(stream.replace('.type == "tool_use":\n                block', '.type == "text":\n                block')),
    ).toEqual([]);
    // a name made anew in each round holds one event's block
    expect(audit(stream.replace("    block = None\n", ""))).toEqual([]);
  });

  it("leaves a field of self emptied by another handler", () => {
    const method = "class Relay:\n" + stream.replace(/\bblock\b(?=[ .:)])/g, "self.block").replace(/^/gm, "    ");
    const handler = method + "\n    def on_stop(self):\n        self.block = None\n";
    expect(audit(handler)).toEqual([]);
    // emptied only when the object is made: still one slot a response
    const init = method + "\n    def __init__(self):\n        self.block = None\n";
    expect(audit(init)).toEqual(["9:first-call-only"]);
  });

  it("finds a field of self set by a handler called per event, kept until the response ends", () => {
    const handler = [
      "class Relay:",
      "    def on_event(self, event):",
      '        if event.type == "content_block_start" and event.content_block.type == "tool_use":',
      "            self.block = event.content_block",
      '        elif event.type == "message_delta" and event.delta.stop_reason == "tool_use":',
      "            self.calls.append(self.block)",
      "",
    ].join("\n");
    expect(audit(handler)).toEqual(["4:first-call-only"]);
    // handed on when its block stops, and emptied: one call at a time
    const stops = handler.replace(
      '        elif event.type == "message_delta" and event.delta.stop_reason == "tool_use":\n            self.calls.append(self.block)\n',
      '        elif event.type == "content_block_stop" and self.block:\n            self.calls.append(self.block)\n            self.block = None\n',
    );
    expect(audit(stops)).toEqual([]);
    // a local name in a handler with no loop holds one event's block
    expect(audit(handler.replace(/self\.block/g, "block"))).toEqual([]);
  });
});

describe("python audit: one tool offered by a list's name, whose name the answer is checked against (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const pick = [
    "def pick(client):",
    '    pick_tools = [{"type": "function", "function": {"name": "attach", "parameters": {}}}]',
    "    response = client.chat(messages=[], tools=pick_tools)",
    "    if response.tool_calls:",
    "        call = response.tool_calls[0]",
    '        if call.function.name == "attach":',
    '            return json.loads(call.function.arguments)["ids"]',
    "",
  ].join("\n");

  it("reads the check of the one tool's name as a check of the answer", () => {
    expect(audit(pick)).toEqual([]);
    // a name the list does not hold
    expect(audit(pick.replace('call.function.name == "attach"', 'call.function.name == "other"'))).toEqual([
      "5:first-call-only",
    ]);
  });
});

describe("python audit: the first block of a response taken as its call (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const responses = [
    "async def loop(client, messages):",
    "    while True:",
    '        result = await client.responses.create(model="m", input=messages, tools=TOOLS)',
    "        item = result.output[0]",
    '        if item.type == "function_call":',
    '            messages.append({"type": "function_call_output", "call_id": item.call_id, "output": run(item.name, item.arguments)})',
    "        else:",
    "            return result.output_text",
    "",
  ].join("\n");

  it("finds the first output item or content block, asked for here, whose type says it is a call", () => {
    expect(audit(responses)).toEqual(["4:first-call-only"]);
    const anthropic =
      'def ask(client, messages):\n    response = client.messages.create(model="m", messages=messages, tools=TOOLS)\n    if response.content[0].type == "tool_use":\n        return run(response.content[0].name, response.content[0].input)\n    return response.content[0].text\n';
    expect(audit(anthropic)).toEqual(["4:first-call-only"]);
  });

  it("finds a loop over the blocks whose tool branch keeps a field of the first and leaves (the text gate admits it)", () => {
    const pick =
      'def pick(client, query):\n    response = client.messages.create(model="m", messages=[query], tools=TOOLS)\n    selected = None\n    for block in response.content:\n        if block.type == "tool_use":\n            selected = block.name\n            break\n    return run(selected)\n';
    expect(audit(pick)).toEqual(["7:loop-exits-after-first"]);
    expect(audit(pick.replace("            break\n", ""))).toEqual([]);
  });

  it("leaves a first block of another type, one handed in, and a response read whole", () => {
    expect(audit(responses.replace('item.type == "function_call"', 'item.type == "message"'))).toEqual([]);
    expect(audit(responses.replace('item.type == "function_call"', 'item.type != "function_call"'))).toEqual([]);
    // a response handed in: maybe one of a conversation's stored messages
    const handed = responses
      .replace("async def loop(client, messages):", "def handle(result, messages):")
      .replace("    while True:\n", "    if True:\n")
      .replace('        result = await client.responses.create(model="m", input=messages, tools=TOOLS)\n', "");
    expect(audit(handed)).toEqual([]);
    // every item looked at after
    expect(
      audit(
        responses.replace(
          "        else:\n",
          "        for extra in result.output:\n            handle(extra)\n        if not item:\n",
        ),
      ),
    ).toEqual([]);
  });
});

describe("python audit: a choice that comes from the one offered tool's own spec forces it (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const forced = [
    "def query(client, messages, func_spec):",
    "    kwargs = {}",
    "    if func_spec is not None:",
    '        kwargs["tools"] = [func_spec.as_openai_tool_dict]',
    '        kwargs["tool_choice"] = func_spec.openai_tool_choice_dict',
    "    response = client.chat.completions.create(messages=messages, **kwargs)",
    "    tool_call = response.choices[0].message.tool_calls[0]",
    "    if tool_call.function.name == func_spec.name:",
    "        return json.loads(tool_call.function.arguments)",
    "",
  ].join("\n");

  it("reads the first call of a request forced through the spec's own choice as its answer", () => {
    expect(audit(forced)).toEqual([]);
    // two tools offered: the spec's choice is not known to name the one read
    const two = forced.replace("[func_spec.as_openai_tool_dict]", "[func_spec.as_openai_tool_dict, other.as_tool]");
    expect(audit(two)).toEqual(["7:first-call-only"]);
  });

  it("leaves a loop over the output items that stops at the first call after such a request", () => {
    const loop = forced
      .replace("client.chat.completions.create(messages=messages", "client.responses.create(input=messages")
      .replace(
        "    tool_call = response.choices[0].message.tool_calls[0]\n",
        '    tool_call = None\n    for item in response.output:\n        if item.type == "function_call":\n            tool_call = item\n            break\n',
      )
      .replace("tool_call.function.name", "tool_call.name")
      .replace("tool_call.function.arguments", "tool_call.arguments");
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace('        kwargs["tool_choice"] = func_spec.openai_tool_choice_dict\n', ""))).toEqual([
      "10:loop-exits-after-first",
    ]);
  });
});

describe("python audit after the blind set heldout21 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds a loop that returns the first output item whose type, read with get, is a call's", () => {
    const extract =
      'def extract(response):\n    for item in response.get("output", []):\n        if isinstance(item, dict) and item.get("type") == "function_call":\n            return item\n    return None\n';
    expect(audit(extract)).toEqual(["4:loop-exits-after-first"]);
    expect(audit(extract.replace('"function_call"', '"message"'))).toEqual([]);
  });

  it("reads a response handed to a helper as the assistant's message as history, not a use of its calls", () => {
    const helper = [
      "def turn(client, history):",
      '    response = client.messages.create(model="m", messages=history, tools=TOOLS)',
      '    tool = next((b for b in response.content if b.type == "tool_use"), None)',
      '    add_message(history, "assistant", response.content)',
      "    if tool:",
      "        return run(tool.name, tool.input)",
      "",
    ].join("\n");
    expect(audit(helper)).toEqual(["3:first-call-only"]);
    // handed to a helper in another role: the blocks may be read there
    expect(audit(helper.replace('"assistant"', '"blocks"'))).toEqual([]);
  });

  it("leaves a loop over a stored assistant message's blocks that stops at its first tool block (history shown)", () => {
    const shown = [
      "def last_tool(history):",
      "    name = None",
      "    for msg in reversed(history):",
      '        if msg.get("role") == "assistant":',
      '            for block in msg["content"]:',
      '                if block.get("type") == "tool_use":',
      '                    name = block.get("name")',
      "                    break",
      "    return name",
      "",
    ].join("\n");
    expect(audit(shown)).toEqual([]);
    const asked = [
      "def next_tool(client, messages):",
      '    response = client.messages.create(model="m", messages=messages, tools=TOOLS)',
      "    name = None",
      "    for block in response.content:",
      '        if block.get("type") == "tool_use":',
      '            name = block.get("name")',
      "            break",
      "    return run(name)",
      "",
    ].join("\n");
    expect(audit(asked)).toEqual(["7:loop-exits-after-first"]);
  });

  it("reads an offer handed on from a kwargs dict as the offer built there, forced", () => {
    const bench = [
      "def tool_kwargs():",
      '    return {"tools": [RECORD_TOOL], "tool_choice": {"type": "function", "function": {"name": "record"}}}',
      "",
      "def call(client, messages):",
      "    kwargs = tool_kwargs()",
      '    return client.chat.completions.create(messages=messages, tools=kwargs["tools"], tool_choice=kwargs["tool_choice"])',
      "",
      "def parse(response):",
      "    tool_calls = response.choices[0].message.tool_calls",
      "    return json.loads(tool_calls[0].function.arguments)",
      "",
    ].join("\n");
    expect(audit(bench)).toEqual([]);
    // a second offer, not forced: the response handed in may hold several calls
    expect(audit(bench.replace('tools=kwargs["tools"]', "tools=TOOLS"))).toEqual(["10:first-call-only"]);
  });
});

describe("python audit after the blind set heldout22 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds the first call of a stream assembled by index: filling the entries is no read of the others", () => {
    const assembled = [
      "async def reply(client, messages):",
      "    stream = await client.chat.completions.create(messages=messages, tools=TOOLS, stream=True)",
      "    tool_calls = {}",
      "    async for chunk in stream:",
      "        for d in chunk.choices[0].delta.tool_calls or []:",
      "            if d.index not in tool_calls:",
      '                tool_calls[d.index] = {"id": d.id, "name": d.function.name, "arguments": ""}',
      '            tool_calls[d.index]["arguments"] += d.function.arguments or ""',
      "    if tool_calls:",
      "        tool_call = tool_calls[0]",
      '        return run(tool_call["name"], tool_call["arguments"])',
      "",
    ].join("\n");
    expect(audit(assembled)).toEqual(["10:first-call-only"]);
    // every entry read after
    expect(
      audit(
        assembled.replace(
          '        tool_call = tool_calls[0]\n        return run(tool_call["name"], tool_call["arguments"])',
          "        return [run(tool_calls[i]) for i in sorted(tool_calls)]",
        ),
      ),
    ).toEqual([]);
  });

  it("reads a check of the one tool's name followed by a function named for running a tool call as running it", () => {
    const auto = [
      "def reply(client, messages):",
      '    completion = client.chat.completions.create(messages=messages, tools=[check_time], tool_choice="auto")',
      "    message = completion.choices[0].message",
      "    if message.tool_calls:",
      "        call = message.tool_calls[0]",
      '        if call.function.name == "check_time":',
      "            return handle_tool_call(call_sid)",
      "",
    ].join("\n");
    expect(audit(auto)).toEqual(["5:first-call-only"]);
    // nothing run after the check: the one tool's call, its name checked, is read as the answer
    expect(audit(auto.replace("handle_tool_call(call_sid)", "json.loads(call.function.arguments)"))).toEqual([]);
  });

  it("finds the last content block taken as the call when a formatter splits the subscript over lines", () => {
    const split =
      'def turn(client, messages):\n    response = client.messages.create(model="m", messages=messages, tools=TOOLS)\n    if response.stop_reason == "tool_use":\n        tool_use = response.content[\n            -1\n        ]\n        return run(tool_use.name, tool_use.input)\n';
    expect(audit(split)).toEqual(["4:first-call-only"]);
  });
});

describe("python audit after the blind set heldout23 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds the first call of an Ollama stream chunk's message: each chunk carries whole calls, not fragments", () => {
    const ollama = [
      "def stream(self, messages):",
      '    response = self.client.chat(model="m", messages=messages, stream=True)',
      "    for chunk in response:",
      '        message = chunk.get("message", {})',
      '        tool_calls = message.get("tool_calls", [])',
      "        if tool_calls:",
      "            tc = tool_calls[0]",
      '            yield ToolCall(name=tc["function"]["name"], params=tc["function"]["arguments"])',
      "",
    ].join("\n");
    expect(audit(ollama)).toEqual(["7:first-call-only"]);
    // an OpenAI-style delta carries fragments: its first is each chunk's one piece
    expect(audit(ollama.replace('chunk.get("message", {})', "chunk.choices[0].delta"))).toEqual([]);
    // a LangChain chunk's additional_kwargs hold the provider's delta
    expect(
      audit(ollama.replace('message.get("tool_calls", [])', 'message.additional_kwargs.get("tool_calls", [])')),
    ).toEqual([]);
  });

  it("leaves a loop that runs each call and returns early only when the response holds one call", () => {
    const fast = [
      "def step(client, messages):",
      "    response = client.chat.completions.create(messages=messages, tools=TOOLS)",
      "    tool_calls = response.choices[0].message.tool_calls or []",
      "    results = []",
      "    for tc in tool_calls:",
      "        result = execute_tool(tc.function.name, tc.function.arguments)",
      "        results.append(result)",
      "        if tc.function.name in FAST and len(tool_calls) == 1:",
      "            return result",
      "    return summarize(results)",
      "",
    ].join("\n");
    expect(audit(fast)).toEqual([]);
    expect(audit(fast.replace(" and len(tool_calls) == 1", ""))).toEqual(["9:loop-exits-after-first"]);
  });

  it("reads a parameter or a test of a schema named structured_output as no request for structured output", () => {
    const stream = [
      "def stream(self, messages, tools=None, structured_output: BaseModel | None = None):",
      "    params = {'messages': messages, 'stream': True}",
      "    if structured_output:",
      "        params['response_format'] = {'type': 'json_object'}",
      "    response = self.client.chat.completions.create(**params)",
      '    tool_call_args = ""',
      "    for chunk in response:",
      "        delta = chunk.choices[0].delta",
      "        if delta.tool_calls:",
      "            tc = delta.tool_calls[0]",
      "            if tc.function and tc.function.arguments:",
      "                tool_call_args += tc.function.arguments",
      "    return tool_call_args",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["12:first-call-only"]);
    // structured output asked for through the call that makes it: the one call is the answer
    expect(
      audit(
        stream.replace(
          "    response = self.client.chat.completions.create(**params)",
          "    response = self.llm.with_structured_output(Schema).stream(messages)",
        ),
      ),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout24 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("reads a list named as one (`tool_call_list`) as a list of calls", () => {
    const hook =
      'def webhook(payload):\n    call = payload["message"]["tool_call_list"][0]\n    return {"toolCallId": call["id"], "result": run(call)}\n';
    expect(audit(hook)).toEqual(["2:first-call-only"]);
    expect(audit(hook.replace("tool_call_list", "booking_list"))).toEqual([]);
  });

  it("reads the response of a helper of the file that forces one tool, or offers one for its arguments, as one call", () => {
    const helper = [
      "class Backend:",
      "    @staticmethod",
      "    def get_completion(messages, schema=None):",
      "        return client.chat.completions.create(",
      "            messages=messages,",
      '            tools=[{"type": "function", "function": schema}] if schema else omit,',
      '            tool_choice={"type": "function", "function": {"name": schema["name"]}} if schema else omit,',
      "        )",
      "",
      "    @staticmethod",
      "    def get_dict(messages, schema):",
      "        completion = Backend.get_completion(messages, schema=schema)",
      "        return json.loads(completion.choices[0].message.tool_calls[0].function.arguments)",
      "",
    ].join("\n");
    expect(audit(helper)).toEqual([]);
    // one tool offered with "required": the arguments of its call are the answer
    const required = helper.replace(
      '{"type": "function", "function": {"name": schema["name"]}} if schema else omit',
      '"required" if schema else None',
    );
    expect(audit(required)).toEqual([]);
    // ... but a call run by its name is a tool call, and the others are lost
    expect(
      audit(
        required.replace(
          "return json.loads(completion.choices[0].message.tool_calls[0].function.arguments)",
          "call = completion.choices[0].message.tool_calls[0]\n        return run_tool(call.function.name, call.function.arguments)",
        ),
      ),
    ).toEqual(["13:first-call-only"]);
    // a helper that offers every tool and forces none
    expect(
      audit(
        helper
          .replace('[{"type": "function", "function": schema}] if schema else omit', "TOOLS")
          .replace('{"type": "function", "function": {"name": schema["name"]}} if schema else omit', '"auto"'),
      ),
    ).toEqual(["13:first-call-only"]);
  });

  it("finds a held call that logs 'keeping only the first' and skips the next tool block, past a comment line", () => {
    const held = [
      "def parse(response):",
      "    tool_command = None",
      "    for block in response.content:",
      "        block_type = getattr(block, 'type', 'unknown')",
      '        if block_type == "tool_use":',
      "            if tool_command is not None:",
      "                # keeps the pairing valid",
      '                logger.warning("Multiple tool_use blocks in one turn; keeping only the first")',
      "                continue",
      '            tool_command = block.input.get("command")',
      "    return tool_command",
      "",
    ].join("\n");
    expect(audit(held)).toEqual(["6:one-tool-per-turn-guard"]);
    // outside the branch for a tool block, the loop over blocks holds no call
    expect(audit(held.replace('if block_type == "tool_use":', 'if block_type == "text":'))).toEqual([]);
    // a log line that keeps nothing back is no discard
    expect(audit(held.replace("keeping only the first", "several in one turn"))).toEqual([]);
  });

  it("finds a router on the first call's name written through names, which leaves before the other calls are read", () => {
    const router = [
      "def parse(tool_calls):",
      "    if not tool_calls:",
      "        return None",
      "    first = tool_calls[0]",
      '    first_name = first.get("name", "")',
      '    first_args = first.get("arguments", {})',
      '    if first_name == "final_answer":',
      '        return {"action": "final_answer", "result": first_args.get("result")}',
      "    if len(tool_calls) == 1:",
      '        return {"action": "tool_call", "tool": first_name, "args": first_args}',
      '    return {"action": "multi", "calls": [convert(tc) for tc in tool_calls]}',
      "",
    ].join("\n");
    expect(audit(router)).toEqual(["4:first-call-only"]);
    // a test of the call's type is no router on a tool's name
    expect(audit(router.replace('first_name == "final_answer"', 'first.get("type") == "function"'))).toEqual([]);
    // a branch that does not leave reaches the other calls
    expect(
      audit(router.replace('return {"action": "final_answer", "result": first_args.get("result")}', "log(first_args)")),
    ).toEqual([]);
  });

  it("reads a loop over the stored turns of a conversation as history, and a count of turns as no list", () => {
    const turns = [
      "def query(self, chat_history):",
      "    for _ in range(MAX_TOOL_TURNS):",
      "        response = self.client.generate_content(chat_history, tools=self.tools)",
      "        function_call = None",
      "        for part in response.candidates[0].content.parts:",
      "            if part.function_call:",
      "                function_call = part.function_call",
      "                break",
      "        if not function_call:",
      "            return response.text",
      "        chat_history.append(self.run(function_call))",
      "",
    ].join("\n");
    expect(audit(turns)).toEqual(["8:loop-exits-after-first"]);
    expect(audit(turns.replace("range(MAX_TOOL_TURNS)", "range(self.max_rounds)"))).toEqual([
      "8:loop-exits-after-first",
    ]);
    // the calls of each stored turn, converted for a request
    expect(
      audit(
        "def convert(turns):\n    out = []\n    for turn in turns:\n        call = turn.tool_calls[0]\n        out.append({'name': call.name})\n    return out\n",
      ),
    ).toEqual([]);
  });

  it('reads `hasattr(part, "function_call") and part.function_call` as a test for a call part, its leave a few lines on', () => {
    const parts = [
      "def ask(model, prompt):",
      "    response = model.generate_content(prompt, tools=TOOLS)",
      "    candidate = response.candidates[0]",
      "    if candidate.content and candidate.content.parts:",
      "        for part in candidate.content.parts:",
      "            # the SDK puts the call on the part",
      "            if hasattr(part, 'function_call') and part.function_call:",
      "                function_call = part.function_call",
      "",
      "                if not function_call.name:",
      '                    logger.warning("GeminiAdapter received a tool call with an empty name, so it is skipped.")',
      '                    return {"tool_calls": []}',
      "",
      '                return {"tool_calls": [{"name": function_call.name, "args": dict(function_call.args)}]}',
      '    return {"text": response.text}',
      "",
    ].join("\n");
    expect(audit(parts)).toEqual(["14:loop-exits-after-first"]);
    // a test of the part's text is no call part's
    expect(audit(parts.replace("and part.function_call:", "and part.text:"))).toEqual([]);
  });

  it("leaves next() over enumerate() that yields the position of the first tool block, not the block", () => {
    const pick = [
      "def pick(client, messages):",
      "    response = client.messages.create(messages=messages, tools=TOOLS)",
      '    block = next(b for i, b in enumerate(response.content) if b.type == "tool_use")',
      "    return run(block)",
      "",
    ].join("\n");
    expect(audit(pick)).toEqual(["3:first-call-only"]);
    expect(audit(pick.replace("next(b for i, b", "next(i for i, b"))).toEqual([]);
  });

  it("finds the first call kept in a slot while it is empty, which every later round passes over", () => {
    const first = [
      "def run_loop(llm, messages):",
      "    result = llm.chat(messages, TOOLS)",
      "    read_calls = []",
      "    write_call = None",
      '    for tc in result["tool_calls"]:',
      '        if tc["name"] in WRITE_TOOLS:',
      "            if write_call is None:",
      "                write_call = tc",
      "        else:",
      "            read_calls.append(tc)",
      "    run_reads(read_calls)",
      "    return stage(write_call)",
      "",
    ].join("\n");
    expect(audit(first)).toEqual(["7:first-call-only"]);
    expect(audit(first.replace("if write_call is None:", "if not write_call:"))).toEqual(["7:first-call-only"]);
    // the call is run beside the slot: the slot only remembers the first
    expect(
      audit(first.replace("                write_call = tc", "                write_call = tc\n            stage(tc)")),
    ).toEqual([]);
    expect(
      audit(
        first.replace(
          "                write_call = tc",
          "                write_call = tc\n            else:\n                stage(tc)",
        ),
      ),
    ).toEqual([]);
    // a slot added to a list, or emptied, in the loop is one call at a time
    expect(
      audit(
        first.replace(
          "            read_calls.append(tc)",
          "            read_calls.append(tc)\n        write_call = None",
        ),
      ),
    ).toEqual([]);
    expect(audit(first.replace("    run_reads(read_calls)", "    read_calls.append(write_call)"))).toEqual([]);
    // a loop that leaves after the first is the loop rule's
    expect(
      audit(first.replace("                write_call = tc", "                write_call = tc\n                break")),
    ).not.toContain("7:first-call-only");
  });

  it("names the line of a keyword argument that reads the first call, inside a call written over lines", () => {
    const leave = [
      "def leave_skill(state):",
      "    messages = []",
      '    if state["messages"][-1].tool_calls:',
      "        messages.append(",
      "            ToolMessage(",
      '                content="Resuming the main dialog.",',
      '                tool_call_id=state["messages"][-1].tool_calls[0]["id"],',
      "            )",
      "        )",
      '    return {"messages": messages}',
      "",
    ].join("\n");
    expect(audit(leave)).toEqual(["7:first-call-only"]);
  });

  it("finds the argument pieces of a stream appended to one list, which glues every call into one", () => {
    const pieces = [
      "async def chat(client, messages):",
      "    func_name = None",
      "    func_args = []",
      "    response = await client.chat.completions.create(messages=messages, tools=TOOLS, stream=True)",
      "    async for chunk in response:",
      "        delta = chunk.choices[0].delta",
      "        if delta.tool_calls:",
      "            tool_call = delta.tool_calls[0]",
      "            if tool_call.function.name:",
      "                func_name = tool_call.function.name",
      "            if tool_call.function.arguments:",
      "                func_args.append(",
      "                    tool_call.function.arguments",
      "                )",
      '    return func_name, "".join(func_args)',
      "",
    ].join("\n");
    expect(audit(pieces)).toEqual(["12:first-call-only"]);
    // routed by each piece's index: one list of pieces a call
    expect(
      audit(
        pieces.replace(
          "func_args.append(\n                    tool_call.function.arguments",
          "pieces[tool_call.index].append(\n                    tool_call.function.arguments",
        ),
      ),
    ).toEqual([]);
    // a list named for calls holds whole calls, not pieces of one
    expect(
      audit(pieces.replace(/func_args/g, "tool_calls_args").replace("tool_calls_args.append(", "tool_calls.append(")),
    ).toEqual([]);
    // a fresh list for each piece's call, started when its name arrives
    expect(
      audit(
        pieces.replace(
          "                func_name = tool_call.function.name",
          "                func_name = tool_call.function.name\n                func_args = []",
        ),
      ),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout27 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const step = [
    "async def step(self, messages):",
    "    response = await self.model.create(messages=messages, tools=TOOLS)",
    "    action = {}",
    "    thoughts = ''",
    "    for block in response.content:",
    "        if block['type'] == 'text':",
    "            thoughts += block['text']",
    "        elif block['type'] == 'tool_use':",
    "            if block['name'] == 'screen':",
    "                action['name'] = 'screenshot'",
    "            else:",
    "                action['name'] = block['name']",
    "                action['args'] = block['input']",
    "    result = await self.run(action['name'], action['args'])",
    "    history.append(action)",
    "    return result",
    "",
  ].join("\n");

  it("finds the fields of one dict that each tool block writes over (only the last call is run)", () => {
    expect(audit(step)).toEqual(["12:first-call-only"]);
    expect(audit(step.replace(/action\['(\w+)'\]/g, "action.$1"))).toEqual(["12:first-call-only"]);
  });

  it("leaves a slot used in the round that wrote it, a dict keyed by the call, and a fresh dict for each block", () => {
    // run in each round
    expect(
      audit(
        step.replace(
          "                action['args'] = block['input']",
          "                action['args'] = block['input']\n                self.queue(action)",
        ),
      ),
    ).toEqual([]);
    // one entry a call
    expect(
      audit(
        step.replace(
          "action['name'] = block['name']\n                action['args'] = block['input']",
          "action[block['id']] = block['input']",
        ),
      ),
    ).toEqual([]);
    // a new dict for each block, made in the loop
    expect(
      audit(
        step.replace(
          "        elif block['type'] == 'tool_use':",
          "        elif block['type'] == 'tool_use':\n            action = {}",
        ),
      ),
    ).toEqual([]);
  });
  it("reports one loss for one response: a fallback loop over the same response's parts is not a second place", () => {
    const helper = [
      "def first_call(response):",
      "    if getattr(response, 'function_calls', None):",
      "        fc = response.function_calls[0]",
      "        return fc.name, dict(fc.args or {})",
      "    parts = response.candidates[0].content.parts or []",
      "    for p in parts:",
      "        if p.function_call:",
      "            return p.function_call.name, dict(p.function_call.args or {})",
      "    return None",
      "",
    ].join("\n");
    expect(audit(helper)).toEqual(["3:first-call-only"]);
    // another response's parts are another place
    expect(audit(helper.replace("parts = response.candidates", "parts = retry.candidates"))).toEqual([
      "3:first-call-only",
      "8:loop-exits-after-first",
    ]);
  });

  it('finds a loop that runs the first block keyed as a tool use (`"toolUse" in block`, Bedrock) and returns', () => {
    const node = [
      "def supervisor(state):",
      "    response = client.converse(modelId=MODEL, messages=msgs, toolConfig=TOOLS)",
      "    for block in response['output']['message']['content']:",
      "        if 'toolUse' in block:",
      "            use = block['toolUse']",
      "            result = run_tool(use)",
      "            return {'messages': [result]}",
      "    return {'messages': []}",
      "",
    ].join("\n");
    expect(audit(node)).toEqual(["7:loop-exits-after-first"]);
    // a loop that runs each and goes on
    expect(
      audit(node.replace("            return {'messages': [result]}", "            results.append(result)")),
    ).toEqual([]);
  });
  it("finds the first block's call read by its key (`content[0]['toolUse']`, Bedrock), and leaves another key", () => {
    const parse = [
      "def parse(client, messages):",
      "    response = client.converse(modelId=MODEL, messages=messages, toolConfig=TOOLS)",
      "    name = response['output']['message']['content'][0]['toolUse']['name']",
      "    args = response['output']['message']['content'][0]['toolUse']['input']",
      "    return run_tool(name, args)",
      "",
    ].join("\n");
    expect(audit(parse)).toEqual(["3:first-call-only"]);
    expect(audit(parse.replace(/\['toolUse'\]/g, "['text']"))).toEqual([]);
  });
  it("reads a list named for calls with a collection word after it (`tool_calls_buffer`) as a list of calls", () => {
    const turn = [
      "def turn(stream):",
      "    tool_calls_buffer = collect(stream)",
      "    if len(tool_calls_buffer) > 1:",
      "        logger.warning('keeping only the first')",
      "        tool_calls_buffer = tool_calls_buffer[:1]",
      "    return [run(tc) for tc in tool_calls_buffer]",
      "",
    ].join("\n");
    expect(audit(turn)).toEqual(["5:truncate-to-first"]);
    // a buffer of something else
    expect(audit(turn.replace(/tool_calls_buffer/g, "line_buffer"))).toEqual([]);
  });
  it("reads `calls[0] or {}` as the first call taken (a value), and `calls[0] and ...` as a test", () => {
    const groq = [
      "def pick(data):",
      "    tool_calls = data['choices'][0]['message'].get('tool_calls') or []",
      "    if tool_calls:",
      "        tc = tool_calls[0] or {}",
      "        fn = tc.get('function') or {}",
      "        return {'name': fn.get('name'), 'arguments': fn.get('arguments')}",
      "    return None",
      "",
    ].join("\n");
    expect(audit(groq)).toEqual(["4:first-call-only"]);
    expect(audit(groq.replace("tc = tool_calls[0] or {}", "ok = tool_calls[0] and True"))).toEqual([]);
  });
});

describe("python audit after the blind sets heldout29 and heldout30 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds a guard on a stored message's calls that refuses the turn in words, while it lists the calls it refuses", () => {
    const guard = [
      "def execute(messages):",
      "    if len(messages[-1]['tool_calls']) > 1:",
      "        text = 'Multiple tool calls detected:\\n'",
      "        for i, tc in enumerate(messages[-1]['tool_calls']):",
      "            text += f'{i}. {tc.function}\\n'",
      "        text += 'You MUST call exactly ONE tool per turn.'",
      "        return [*messages, error_result(text)]",
      "    return run_all(messages[-1]['tool_calls'])",
      "",
    ].join("\n");
    expect(audit(guard)).toEqual(["2:one-tool-per-turn-guard"]);
    // a branch that lists the calls and runs them is no refusal
    expect(
      audit(
        guard
          .replace("Multiple tool calls detected:", "Calls:")
          .replace("You MUST call exactly ONE tool per turn.", "Running them now."),
      ),
    ).toEqual([]);
  });

  it("reads the calls written into a stored message (`messages[-1].update(...)`) and a type check as no use of them", () => {
    const app = [
      "def answer(state):",
      "    tool_calls = collect_stream_calls()",
      "    state.messages[-1].update({'tool_calls': tool_calls})",
      "    if not isinstance(tool_calls, list):",
      "        return None",
      "    tool_call = tool_calls[0]",
      "    return handle(tool_call['function']['name'], tool_call['function']['arguments'])",
      "",
    ].join("\n");
    expect(audit(app)).toEqual(["6:first-call-only"]);
    // handed on whole to another function, they may all be run there
    expect(
      audit(app.replace("state.messages[-1].update({'tool_calls': tool_calls})", "queue_all(tool_calls)")),
    ).toEqual([]);
  });

  it("reads a comprehension of tools as many tools offered, not one", () => {
    const agent = [
      "def step(messages, names):",
      "    tools = [tool for tool in ALL_TOOLS if tool['function']['name'] in names]",
      "    response = chat(messages=messages, tools=tools)",
      "    call = response['message']['tool_calls'][0]",
      "    return call['function']['arguments']",
      "",
    ].join("\n");
    expect(audit(agent)).toEqual(["4:first-call-only"]);
    // a list of one tool read for its arguments is structured output
    expect(
      audit(agent.replace("[tool for tool in ALL_TOOLS if tool['function']['name'] in names]", "[SUMMARY_TOOL]")),
    ).toEqual([]);
  });

  it("reports a cut once: a loop left after the function cut its list of calls to one is the cut's loss", () => {
    const cut = [
      "def turn(response):",
      "    tool_calls = response.tool_calls",
      "    if len(tool_calls) > 1:",
      "        tool_calls = tool_calls[:1]",
      "    for call in tool_calls:",
      "        if call.function.name == 'done':",
      "            finish(call.function.arguments)",
      "            return",
      "        run(call)",
      "",
    ].join("\n");
    expect(audit(cut)).toEqual(["4:truncate-to-first"]);
  });

  it("leaves a loop that records a failure (or an interrupt) before it leaves: an error path", () => {
    const loop = [
      "def execute(plan, response):",
      "    for call in response.tool_calls:",
      "        args = json.loads(call.function.arguments)",
      "        result = run_tool(call.function.name, args)",
      "        if result.needs_review:",
      "            plan.mark_failed('review')",
      "            break",
      "",
    ].join("\n");
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace("plan.mark_failed('review')", "plan.note('review')"))).toEqual([
      "7:loop-exits-after-first",
    ]);
    const interrupted = loop
      .replace("if result.needs_review:", "if get_escape_interrupt():")
      .replace("plan.mark_failed('review')", "plan.note('esc')");
    expect(interrupted).toContain("get_escape_interrupt");
    expect(audit(interrupted)).toEqual([]);
  });
  it("leaves the head of a queue of calls drained in a loop (`while calls: c = calls[0]; ...; calls.pop(0)`)", () => {
    const drain = [
      "def flush(tool_calls_buffer, out):",
      "    while tool_calls_buffer:",
      "        msg = tool_calls_buffer[0]",
      "        out.append(run(msg))",
      "        tool_calls_buffer.pop(0)",
      "    return out",
      "",
    ].join("\n");
    expect(audit(drain)).toEqual([]);
    // popped from its end, the head is read again and again: only the first is run
    expect(audit(drain.replace("tool_calls_buffer.pop(0)", "tool_calls_buffer.pop()"))).toEqual(["3:first-call-only"]);
  });
  it("finds a guard whose branch answers each call with the refusal and goes on to the next turn (`continue`)", () => {
    const loop = [
      "def run(self, messages):",
      "    while True:",
      "        msg = self.client.chat(messages=messages, tools=TOOLS)",
      "        if msg.tool_calls and len(msg.tool_calls) > 1:",
      "            for tc in msg.tool_calls:",
      "                messages.append({'role': 'tool', 'tool_call_id': tc.id, 'content': 'Error: only one tool call per turn allowed'})",
      "            continue",
      "        if not msg.tool_calls:",
      "            return msg.content",
      "        messages.append(self.execute(msg.tool_calls[0]))",
      "",
    ].join("\n");
    expect(audit(loop)).toEqual(["4:one-tool-per-turn-guard"]);
    // a branch that runs each call and goes on refuses nothing
    expect(
      audit(
        loop.replace(
          "{'role': 'tool', 'tool_call_id': tc.id, 'content': 'Error: only one tool call per turn allowed'}",
          "self.execute(tc)",
        ),
      ),
    ).toEqual([]);
  });
  it("finds every later call answered with a fixed result in a comprehension (`... for b in tool_blocks[1:]]`)", () => {
    const plan = [
      "def step(content_blocks, context):",
      "    tool_blocks = [b for b in content_blocks if b.get('type') == 'tool_use']",
      "    first = tool_blocks[0] if tool_blocks else None",
      "    if len(tool_blocks) > 1:",
      "        stubs = [",
      "            {'type': 'tool_result', 'tool_use_id': b['id'], 'content': 'Skipped: one tool call per turn.'}",
      "            for b in tool_blocks[1:]",
      "        ]",
      "        context = context + [{'role': 'user', 'content': stubs}]",
      "    return first, context",
      "",
    ].join("\n");
    expect(audit(plan)).toEqual(["5:one-tool-per-turn-guard"]);
    // a result made by running each call answers it
    expect(audit(plan.replace("'content': 'Skipped: one tool call per turn.'", "'content': run(b)"))).toEqual([]);
  });
});

describe("python audit after the blind set heldout33 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("finds the last content block read by its quoted key path and taken as the tool use (Bedrock)", () => {
    const turn = [
      "def turn(client, messages):",
      "    response = client.converse(modelId=MODEL, messages=messages, toolConfig=TOOLS)",
      "    if response['stopReason'] == 'tool_use':",
      "        block = response['output']['message']['content'][-1]",
      "        call_id = block['toolUse']['toolUseId']",
      "        return run_tool(block['toolUse']['name'], block['toolUse']['input'], call_id)",
      "",
    ].join("\n");
    expect(audit(turn)).toEqual(["4:first-call-only"]);
    // the last block read for its text is the answer, not a call
    expect(audit(turn.replace(/block\['toolUse'\]\['\w+'\]/g, "block['text']"))).toEqual([]);
  });

  it("finds a Bedrock stream whose tool use's fields each block start writes over (only the last call is run)", () => {
    const stream = [
      "def respond(client, messages):",
      "    tool_id = None",
      "    tool_name = None",
      "    pieces = ''",
      "    for event in client.converse_stream(messages=messages)['stream']:",
      "        if 'contentBlockStart' in event:",
      "            start = event['contentBlockStart']['start']",
      "            if 'toolUse' in start:",
      "                tool_use = start['toolUse']",
      "                tool_id = tool_use['toolUseId']",
      "                tool_name = tool_use['name']",
      "        elif 'contentBlockDelta' in event:",
      "            pieces = add_piece(event['contentBlockDelta']['delta'], pieces)",
      "        elif 'messageStop' in event:",
      "            if event['messageStop'].get('stopReason') == 'tool_use':",
      "                messages.append({'role': 'assistant', 'content': [{'toolUse': {'toolUseId': tool_id, 'name': tool_name}}]})",
      "                return run_tool(tool_name, pieces)",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["9:first-call-only"]);
    // each block kept in a list when it starts is the usual assembly
    expect(
      audit(
        stream.replace(
          "tool_id = tool_use['toolUseId']",
          "uses.append(tool_use)\n                tool_id = tool_use['toolUseId']",
        ),
      ),
    ).toEqual([]);
    // a block keyed as a tool use outside a block start's test is a stored message's, read as history
    expect(
      audit(
        stream
          .replace("if 'contentBlockStart' in event:", "if 'stored' in event:")
          .replace("event['contentBlockStart']['start']", "event['stored']"),
      ),
    ).toEqual([]);
    // the fields set per block only, never carried to another event: nothing is kept across blocks
    expect(audit(stream.replace("    tool_id = None\n    tool_name = None\n", ""))).toEqual([]);
  });

  it("reads the calls of a thing named for one call (`tool_call.tool_calls[0]`, a message made per call) as that call", () => {
    const run = [
      "async def execute(self, tool_call):",
      "    name = tool_call.tool_calls[0]['name']",
      "    return await self.tools[name](**tool_call.tool_calls[0]['args'])",
      "",
    ].join("\n");
    expect(audit(run)).toEqual([]);
    // a message is not named for one call: its first call is taken as THE call
    expect(audit(run.replace(/tool_call\b(?!s)/g, "message"))).toEqual(["2:first-call-only"]);
  });

  it("leaves a helper handed a response only after its callers' guard refused one with several calls", () => {
    const agent = [
      "class Agent:",
      "    def step(self, messages):",
      "        response = self.client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)",
      "        if len(response.choices[0].message.tool_calls) > 1:",
      "            return self.step(messages + [{'role': 'user', 'content': 'One tool call at a time.'}])",
      "        result = self.run(response)",
      "        return self.answer(response, result)",
      "",
      "    def answer(self, response, result):",
      "        call = response.choices[0].message.tool_calls[0]",
      "        return {'role': 'tool', 'tool_call_id': call.id, 'content': result}",
      "",
    ].join("\n");
    expect(audit(agent)).toEqual(["4:one-tool-per-turn-guard"]);
    // a caller with no guard hands it a response that may hold several calls
    expect(audit(agent + "\n    def other(self, r):\n        return self.answer(r, None)\n")).toEqual([
      "4:one-tool-per-turn-guard",
      "10:first-call-only",
    ]);
    // a call inside the guard's own branch is not behind it
    expect(
      audit(
        agent.replace(
          "            return self.step(",
          "            self.answer(response, None)\n            return self.step(",
        ),
      ),
    ).toEqual(["4:one-tool-per-turn-guard", "11:first-call-only"]);
    // a call before the guard is not behind it
    expect(audit(agent.replace("        if len(", "        self.answer(response, None)\n        if len("))).toEqual([
      "5:one-tool-per-turn-guard",
      "11:first-call-only",
    ]);
  });

  it("reads calls copied into the model's own message of the history as echoed, not used (a later call is unanswered)", () => {
    const reply = [
      "def reply(client, messages):",
      "    message = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS).choices[0].message",
      "    tools_calls = message.tool_calls",
      "    if tools_calls:",
      "        tool = tools_calls[0]",
      "        result = TOOLS_BY_NAME[tool.function.name](**json.loads(tool.function.arguments))",
      "        messages.append(AssistantMessage(role='assistant', tool_calls=[tc.model_dump() for tc in tools_calls]))",
      "        messages.append({'role': 'tool', 'tool_call_id': tool.id, 'content': result})",
      "",
    ].join("\n");
    expect(audit(reply)).toEqual(["5:first-call-only"]);
    // the same copy into a dict message
    expect(
      audit(
        reply.replace(
          "AssistantMessage(role='assistant', tool_calls=[tc.model_dump() for tc in tools_calls])",
          "{'role': 'assistant', 'tool_calls': [tc.model_dump() for tc in tools_calls]}",
        ),
      ),
    ).toEqual(["5:first-call-only"]);
    // each call answered in a loop is a use
    expect(
      audit(
        reply.replace(
          "        messages.append({'role': 'tool'",
          "        for tc in tools_calls: answer(tc)\n        messages.append({'role': 'tool'",
        ),
      ),
    ).toEqual([]);
    // a Gemini model turn kept whole in the history (`Content(role="model", parts=parts)`) echoes its parts
    const gemini = [
      "def step(client, history):",
      "    response = client.models.generate_content(model=MODEL, contents=history, config=CONFIG)",
      "    parts = response.candidates[0].content.parts",
      "    call = next((p.function_call for p in parts if p.function_call), None)",
      "    if not call:",
      "        return None",
      "    history.append(types.Content(role='model', parts=parts))",
      "    return execute(call.name, call.args)",
      "",
    ].join("\n");
    expect(audit(gemini)).toEqual(["4:first-call-only"]);
    expect(audit(gemini.replace("types.Content(role='model', parts=parts)", "handle_all(parts)"))).toEqual([]);
  });

  it("leaves a first block read while the response is handed back whole in a dict or a tuple", () => {
    const query = [
      "def query(client, messages):",
      "    response = client.messages.create(model=MODEL, messages=messages, tools=TOOLS)",
      "    block = response.content[0]",
      "    content = json.dumps(block.input) if block.type == 'tool_use' else block.text",
      "    return {'content': content, 'raw': response}",
      "",
    ].join("\n");
    expect(audit(query)).toEqual([]);
    expect(audit(query.replace("return {'content': content, 'raw': response}", "return content, response"))).toEqual(
      [],
    );
    expect(audit(query.replace("return {'content': content, 'raw': response}", "return {'content': content}"))).toEqual(
      ["3:first-call-only"],
    );
  });

  it("finds a stream's fragments merged by their place in the chunk, not by the call's index", () => {
    const stream = [
      "def stream(client, messages):",
      "    calls = None",
      "    for chunk in client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS, stream=True):",
      "        delta = chunk.choices[0].delta",
      "        if not delta.tool_calls:",
      "            continue",
      "        if calls is None:",
      "            calls = [{'id': tc.id, 'name': tc.function.name, 'arguments': tc.function.arguments or ''} for tc in delta.tool_calls]",
      "        else:",
      "            for i, piece in enumerate(delta.tool_calls):",
      "                calls[i]['arguments'] += piece.function.arguments or ''",
      "    return [run(c) for c in calls]",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["11:first-call-only"]);
    expect(
      audit(
        stream
          .replace("for i, piece in enumerate(delta.tool_calls):", "for i in range(len(delta.tool_calls)):")
          .replace("piece.function", "delta.tool_calls[i].function"),
      ),
    ).toEqual(["11:first-call-only"]);
    // merged by the call's index: each call keeps its own pieces
    expect(audit(stream.replace("calls[i]['arguments']", "calls[piece.index]['arguments']"))).toEqual([]);
    expect(
      audit(
        stream.replace(
          "for i, piece in enumerate(delta.tool_calls):",
          "for piece in delta.tool_calls:\n                i = piece.index",
        ),
      ),
    ).toEqual([]);
  });

  it("finds the list of calls set to the first of its copy (`msg.tool_calls = [copied[0]]`)", () => {
    const node = [
      "def tools_node(state):",
      "    last = state['messages'][-1]",
      "    tool_calls = getattr(last, 'tool_calls', [])",
      "    if tool_calls and len(tool_calls) > 1:",
      "        copied = list(tool_calls)",
      "        last.tool_calls = [copied[0]]",
      "    return tool_node.invoke(state)",
      "",
    ].join("\n");
    expect(audit(node)).toEqual(["6:truncate-to-first"]);
    // the first of a list of something else
    expect(audit(node.replace("copied = list(tool_calls)", "copied = list(plans)"))).toEqual([]);
  });

  it("reports the first part of each new response in a follow-up loop, whose call the next round reads", () => {
    const page = [
      "def chat_page(chat, prompt):",
      "    response = chat.send_message(prompt)",
      "    response = response.candidates[0].content.parts[0]",
      "    busy = True",
      "    while busy:",
      "        if response.function_call:",
      "            result = lookup(**dict(response.function_call.args))",
      "            reply = Part.from_function_response(name=response.function_call.name, response={'content': result})",
      "            response = chat.send_message(reply)",
      "            response = response.candidates[0].content.parts[0]",
      "        else:",
      "            busy = False",
      "    return response.text",
      "",
    ].join("\n");
    expect(audit(page)).toEqual(["3:first-call-only", "10:first-call-only"]);
    // the same response read twice is one loss
    const twice = [
      "def once(chat, prompt):",
      "    response = chat.send_message(prompt)",
      "    name = response.candidates[0].content.parts[0].function_call.name",
      "    args = response.candidates[0].content.parts[0].function_call.args",
      "    return run(name, args)",
      "",
    ].join("\n");
    expect(audit(twice)).toEqual(["3:first-call-only"]);
  });

  it("reads a name given the list of calls (`fc = response.function_calls`) as that list, whatever it is called", () => {
    const turn = [
      "def turn(client, contents):",
      "    response = client.models.generate_content(model=MODEL, contents=contents, config=CONFIG)",
      "    fc = response.function_calls  # the calls, if any",
      "    if fc:",
      "        call = fc[0]",
      "        return run(call.name, call.args)",
      "    return response.text",
      "",
    ].join("\n");
    expect(audit(turn)).toEqual(["5:first-call-only"]);
    expect(audit(turn.replace("response.function_calls", "response.candidates"))).toEqual([]);
  });

  it("reads a first part kept under a name for a truth value (`has_call = (... and parts[0].function_call)`) as a test", () => {
    const loop = [
      "def run(chat, response):",
      "    while True:",
      "        has_call = (response.candidates and response.candidates[0].content.parts[0].function_call)",
      "        if not has_call:",
      "            break",
      "        call = response.candidates[0].content.parts[0].function_call",
      "        response = chat.send_message(answer(call.name, call.args))",
      "",
    ].join("\n");
    // reported where the call is taken, not where it is tested
    expect(audit(loop)).toEqual(["6:first-call-only"]);
  });

  it("reads a file named for logging (`logging_utils.py`) as a display of what it is handed", () => {
    const log =
      "def step(response):\n    call = response.choices[0].message.tool_calls[0]\n    return TOOLS[call.function.name](call.function.arguments)\n";
    expect(scan(log, "app/logging_utils.py").findings).toEqual([]);
    expect(scan(log, "app/step.py").findings.map((f) => `${f.line}:${f.rule}`)).toEqual(["2:first-call-only"]);
  });

  it("reads a __main__ block that asks the model with tools as the script's agent loop, not a manual check", () => {
    const script = [
      "if __name__ == '__main__':",
      "    while True:",
      "        response = ollama.chat(model=MODEL, messages=[{'role': 'user', 'content': input()}],",
      "            # the tools the agent may use",
      "            tools = [{'type': 'function', 'function': {'name': 'faq', 'parameters': FAQ}}, {'type': 'function', 'function': {'name': 'client', 'parameters': CLIENT}}])",
      "        name = response['message']['tool_calls'][0]['function']['name']",
      "        answer = TOOLS[name]()",
      "        print(answer)",
      "",
    ].join("\n");
    expect(audit(script)).toEqual(["6:first-call-only"]);
    // a manual check of the module's functions offers no tools
    expect(audit(script.replace(/,\n {12}# the tools the agent may use\n {12}tools = \[.*\]\)/, ")"))).toEqual([]);
  });

  it("reads a file under components/ that tests the stop reason for tool use as the agent's loop, not a display", () => {
    const chat = [
      "class Chat:",
      "    def run(self, prompt):",
      "        response = self.llm.generate(self.history + [prompt])",
      "        message = response['output']['message']",
      "        while response['stopReason'] == 'tool_use':",
      "            args = self.pick_tool(message)",
      "            self.history.append(self.execute_tool(args))",
      "            response = self.llm.generate(self.history)",
      "            message = response['output']['message']",
      "",
      "    def pick_tool(self, message):",
      "        return next((c['toolUse'] for c in message['content'] if 'toolUse' in c), None)",
      "",
    ].join("\n");
    const at = (text: string, file: string) => scan(text, file).findings.map((f) => `${f.line}:${f.rule}`);
    expect(at(chat, "app/components/chat.py")).toEqual(["12:first-call-only"]);
    // a component that only shows a stored message's first call drives nothing
    expect(
      at(chat.replace("while response['stopReason'] == 'tool_use':", "while self.busy:"), "app/components/chat.py"),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout42 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}:${f.confidence}`);

  it("finds the calls kept across a stream replaced by each chunk's calls, not added to", () => {
    const stream = [
      "async def generate(client, messages):",
      "    text = ''",
      "    collected = None",
      "    async for chunk in client.stream(messages):",
      "        if chunk.response:",
      "            text += chunk.response",
      "        if chunk.tool_calls:",
      "            collected = chunk.tool_calls",
      "    return text, collected",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["8:first-call-only:certain"]);
    // merged with what it held
    expect(
      audit(stream.replace("collected = chunk.tool_calls", "collected = (collected or []) + chunk.tool_calls")),
    ).toEqual([]);
    expect(audit(stream.replace("collected = chunk.tool_calls", "collected.extend(chunk.tool_calls)"))).toEqual([]);
    // set from the last chunk only, or while it is empty
    expect(audit(stream.replace("if chunk.tool_calls:", "if chunk.done:"))).toEqual([]);
    expect(audit(stream.replace("if chunk.tool_calls:", "if collected is None:"))).toEqual([]);
    // under a test of the item's kind: the one item of that kind (the assembled message)
    expect(audit(stream.replace("if chunk.tool_calls:", "if hasattr(chunk, 'tool_calls'):"))).toEqual([]);
    // first set inside the loop: the chunk's own calls, not a list kept across it
    expect(
      audit(stream.replace("    collected = None\n", "").replace("return text, collected", "return text")),
    ).toEqual([]);
    // a comprehension over a plain loop's chunks that glues their text
    const plain = [
      "def stream_chat(client, messages):",
      "    content = ''",
      "    calls = []",
      "    for chunk in client.chat(model=MODEL, messages=messages, tools=TOOLS, stream=True):",
      "        content += chunk['message']['content']",
      "        if chunk['message'].get('tool_calls'):",
      "            calls = [c for c in chunk['message']['tool_calls']]",
      "    return content, calls",
      "",
    ].join("\n");
    expect(audit(plain)).toEqual(["7:first-call-only:certain"]);
    // an agent loop asks again each round: no stream
    const rounds = [
      "def agent(client, messages):",
      "    tool_calls = None",
      "    while True:",
      "        response = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)",
      "        tool_calls = response.choices[0].message.tool_calls",
      "        if not tool_calls:",
      "            break",
      "        for call in tool_calls:",
      "            messages.append(run(call))",
      "    return tool_calls",
      "",
    ].join("\n");
    expect(audit(rounds)).toEqual([]);
  });

  it("finds the calls kept in a dict keyed by the tool's name", () => {
    const gemini = [
      "def ask(chat, tools_map, prompt):",
      "    response = chat.send_message(prompt)",
      "    responses = {}",
      "    for part in response.parts:",
      "        if fn := part.function_call:",
      "            responses[fn.name] = tools_map[fn.name](**fn.args)",
      "    return [make_part(name, value) for name, value in responses.items()]",
      "",
    ].join("\n");
    expect(audit(gemini)).toEqual(["6:first-call-only:certain"]);
    // keyed by the call's id
    expect(audit(gemini.replace("responses[fn.name]", "responses[fn.id]"))).toEqual([]);
    // a count by name adds to what the dict held
    expect(audit(gemini.replace("tools_map[fn.name](**fn.args)", "responses.get(fn.name, 0) + 1"))).toEqual([]);
    const events = [
      "def collect(events):",
      "    tool_calls = {}",
      "    for event in events:",
      "        if event.type == 'response.output_item.done' and event.item.type == 'function_call':",
      "            tool_calls[event.item.name] = event",
      "    for name, event in tool_calls.items():",
      "        run(event)",
      "",
    ].join("\n");
    expect(audit(events)).toEqual(["5:first-call-only:certain"]);
    // never read after the loop
    expect(audit(events.replace("    for name, event in tool_calls.items():\n        run(event)\n", ""))).toEqual([]);
    // a registry of tool definitions by name
    expect(
      audit(
        "def registry(tools):\n    by_name = {}\n    for tool in tools:\n        by_name[tool.name] = tool\n    return by_name\n",
      ),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout43 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);
  const gemini = [
    "from google.genai import types",
    "light = {'name': 'set_light', 'parameters': {'type': 'object'}}",
    "tools = types.Tool(function_declarations=[light])",
    "config = types.GenerateContentConfig(tools=[tools])",
    "response = client.models.generate_content(model=MODEL, config=config, contents=contents)",
    "call = response.candidates[0].content.parts[0].function_call",
    "if call.name == 'set_light':",
    "    result = set_light(**call.args)",
    "",
  ].join("\n");

  it("reads a request whose one declared function carries the answer (a formatting tool) as one call by design", () => {
    // one tool declared and run as a tool: a second call of it is dropped
    expect(audit(gemini)).toEqual(["6:first-call-only"]);
    // the one tool declared formats the answer: the response holds one call by design
    const formatted = gemini.replace(/set_light/g, "format_evaluation").replace(/\blight\b/g, "format_evaluation_decl");
    expect(audit(formatted)).toEqual([]);
    const openai = [
      "def judge(client, messages):",
      "    response = client.chat.completions.create(model=MODEL, messages=messages, tools=[format_verdicts_tool])",
      "    call = response.choices[0].message.tool_calls[0]",
      "    return execute_tool_call(call)",
      "",
    ].join("\n");
    expect(audit(openai)).toEqual([]);
    expect(audit(openai.replace("format_verdicts_tool", "search_tool"))).toEqual(["3:first-call-only"]);
    // a tool written out goes by its name, not by the words of its description
    const written = [
      "tools = [{'name': 'execute_python', 'description': 'Run the code and return the result', 'input_schema': SCHEMA}]",
      "message = client.messages.create(model=MODEL, messages=messages, tools=tools)",
      "use = next(block for block in message.content if block.type == 'tool_use')",
      "if use.name == 'execute_python':",
      "    messages.append({'role': 'user', 'content': [{'type': 'tool_result', 'tool_use_id': use.id, 'content': run(use.input)}]})",
      "",
    ].join("\n");
    expect(audit(written)).toEqual(["3:first-call-only"]);
    expect(audit(written.replace(/execute_python/g, "submit_answer"))).toEqual([]);
  });

  it("leaves a loop left at the tool that formats the final answer", () => {
    const loop = [
      "def run(client, messages):",
      "    while True:",
      "        response = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)",
      "        for call in response.choices[0].message.tool_calls:",
      "            output = execute(call.function.arguments)",
      "            if call.function.name == 'get_formatted_result':",
      "                return json.loads(output)",
      "            else:",
      "                messages.append(output)",
      "",
    ].join("\n");
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace("get_formatted_result", "get_weather"))).toEqual(["7:loop-exits-after-first"]);
  });

  it("follows a Gemini part kept at the end of a round to its use in the next round", () => {
    const chat = [
      "def chat_loop(chat, prompt):",
      "    response = chat.send_message(prompt).candidates[0].content.parts[0]",
      "    while True:",
      "        if response.function_call.name == 'get_location':",
      "            api_response = get_location_coords(dict(response.function_call.args))",
      "        else:",
      "            return response.text",
      "        response = chat.send_message(to_part(api_response)).candidates[0].content.parts[0]",
      "",
    ].join("\n");
    const tools =
      "location_tool = Tool(function_declarations=[get_location_func])\nmodel = GenerativeModel(MODEL, tools=[location_tool])\n";
    expect(audit(tools + chat)).toEqual(["4:first-call-only", "10:first-call-only"]);
  });
});

describe("python audit after the blind set heldout45 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}:${f.confidence}`);

  it("finds a value of each call kept in one name that the next call overwrites, in a loop that runs none", () => {
    const gather = [
      "def extract(original, response):",
      "    query = None",
      "    filters = []",
      "    tool_calls = [item for item in response.output if item.type == 'function_call']",
      "    for tool_call in tool_calls:",
      "        args = json.loads(tool_call.arguments)",
      "        query = args.get('query', original)",
      "        if 'brand' in args:",
      "            filters.append(args['brand'])",
      "    return query, filters",
      "",
    ].join("\n");
    expect(audit(gather)).toEqual(["7:first-call-only:likely"]);
    // gathered into a list, built from what it held, or never read after the loop: nothing lost
    expect(audit(gather.replace("query = args.get('query', original)", "filters.append(args.get('query'))"))).toEqual(
      [],
    );
    expect(
      audit(gather.replace("query = args.get('query', original)", "query = (query or '') + args['query']")),
    ).toEqual([]);
    expect(audit(gather.replace("    return query, filters", "    return filters"))).toEqual([]);
    // a loop that runs each call answers each one
    expect(
      audit(
        gather.replace("        args = json.loads(tool_call.arguments)", "        args = execute(tool_call.arguments)"),
      ),
    ).toEqual([]);
    expect(audit(gather.replace("            filters.append(args['brand'])", "            stage(tool_call)"))).toEqual(
      [],
    );
    // a lookup that stops at what it wants, or reads the answer of the tool that ends the task
    expect(audit(gather.replace("            filters.append(args['brand'])", "            break"))).toEqual([]);
    expect(
      audit(
        gather.replace(
          "        query = args.get",
          "        if tool_call.name == 'final_answer':\n            query = args.get",
        ),
      ),
    ).toEqual([]);
    // set while it is empty: the first is kept (keepsTheFirst's)
    expect(
      audit(gather.replace("        query = args", "        if query is None:\n            query = args")),
    ).toEqual([]);
  });
});

describe("python audit after the blind set heldout46 (issue 12)", () => {
  const audit = (text: string) => scan(text).findings.map((f) => `${f.line}:${f.rule}`);

  it("reads a singular method beside its plural as an accessor, as a property is", () => {
    const getter = [
      "class Stream:",
      "    def get_tool_call_objects(self):",
      "        return list(self.calls.values())",
      "",
      "    def get_tool_call_object(self):",
      "        calls = self.get_tool_call_objects()",
      "        return calls[0] if calls else None",
      "",
    ].join("\n");
    expect(audit(getter)).toEqual([]);
    // not beside its own plural: a method that takes the first of another list still loses the rest
    expect(audit(getter.replace("calls = self.get_tool_call_objects()", "calls = self.response.tool_calls"))).toEqual([
      "7:first-call-only",
    ]);
  });
});
