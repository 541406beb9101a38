// audit: code that keeps only the first tool call. Each pattern found, and the look-alikes that are not findings.
import { describe, expect, it } from "vitest";
import { typescript } from "../src/languages/estree/typescript";
import { processText } from "../src/pipeline/process";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false, audit: true };
const audit = (text: string, file = "agent.ts") =>
  processText(file, text, "scan", options)!.findings.map((f) => `${f.line}:${f.rule}`);
const detail = (text: string, file = "agent.ts") =>
  processText(file, text, "scan", options)!.findings.map(
    (f) => `${f.line}:${f.rule}:${f.confidence}${f.listLine ? `:list ${f.listLine}` : ""}`,
  );

describe("TS/JS", () => {
  describe("audit finds", () => {
    it("a return of the first tool call after parsing them all", () => {
      expect(
        audit(
          "function parse(res) {\n  const toolCalls = res.choices[0].message.tool_calls\n  return toolCalls[0]\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      expect(audit("function parse(res) {\n  return [res.tool_calls?.[0], null]\n}\n")).toEqual(["2:first-call-only"]);
    });

    it("a list cut down to its first call", () => {
      expect(
        audit("let calls = parse(res)\nif (calls.length > 1) {\n  warn('one at a time')\n  calls = [calls[0]]\n}\n"),
      ).toEqual(["4:truncate-to-first"]);
      expect(audit("const toolCalls = all.tool_calls.slice(0, 1)\n")).toEqual(["1:truncate-to-first"]);
    });

    it("the first call taken as the only one", () => {
      expect(
        audit(
          "async function step(reply) {\n  const only = reply.choices[0].message.tool_calls[0]\n  return run(only)\n}\n",
        ),
      ).toEqual(["2:first-call-only"]);
    });

    it("find() of the first tool_use block", () => {
      expect(audit('const use = message.content.find((b) => b.type === "tool_use")\nrun(use)\n')).toEqual([
        "1:first-call-only",
      ]);
      expect(audit('const use = content.find(function (b) { return "tool_use" === b.type })\n')).toEqual([
        "1:first-call-only",
      ]);
    });

    it("a loop over tool calls that stops after the first", () => {
      expect(audit("for (const call of message.toolCalls) {\n  await execute(call)\n  break\n}\n")).toEqual([
        "3:loop-exits-after-first",
      ]);
    });

    it("a per-turn guard that refuses later calls", () => {
      expect(
        audit(
          "function present(block) {\n  if (this.didAlreadyUseTool) {\n    pushError('only one tool per message')\n    return\n  }\n}\n",
        ),
      ).toEqual(["2:one-tool-per-turn-guard"]);
    });
  });

  describe("audit leaves", () => {
    it("[0] read only to test that the list is not empty before using them all", () => {
      expect(
        audit(
          "function handle(msg) {\n  const first = msg.tool_calls?.[0]\n  if (!first) return\n  return msg.tool_calls.map(run)\n}\n",
        ),
      ).toEqual([]);
      expect(audit("if (msg.tool_calls?.[0]) {\n  for (const c of msg.tool_calls) run(c)\n}\n")).toEqual([]);
    });

    it("[0] of a list known to hold exactly one call, or handed whole to another function", () => {
      expect(
        audit(
          "for (const pair of pairs) {\n  if (pair.tool_calls.length !== 1) continue\n  const call = pair.tool_calls[0]\n  use(call)\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit("function t(tool_calls) {\n  expect(tool_calls).toHaveLength(1)\n  const call = tool_calls[0]\n}\n"),
      ).toEqual([]);
    });

    it("reads a method named for structured output as asking for it, and a parameter typed for a schema as not", () => {
      const method = [
        "class Client {",
        "  async invokeStructuredViaTools(request, messages) {",
        "    const response = await this.client.messages.create({ messages, tools: request.tools, tool_choice: this.choice });",
        '    const block = response.content.find((b) => b.type === "tool_use");',
        "    return block.input;",
        "  }",
        "}",
        "",
      ].join("\n");
      expect(audit(method)).toEqual([]);
      expect(audit(method.replace("invokeStructuredViaTools", "invokeViaTools"))).toEqual(["4:first-call-only"]);
    });

    it("finds the first call of an Ollama stream chunk's message: each chunk carries whole calls, not fragments", () => {
      const ollama = [
        "async function* stream(ollama, messages) {",
        "  const response = await ollama.chat({ model: 'm', messages, stream: true });",
        "  for await (const chunk of response) {",
        "    const toolCalls = chunk.message.tool_calls;",
        "    if (toolCalls?.length) {",
        "      const call = toolCalls[0];",
        "      yield { name: call.function.name, args: call.function.arguments };",
        "    }",
        "  }",
        "}",
        "",
      ].join("\n");
      expect(audit(ollama)).toEqual(["6:first-call-only"]);
      expect(audit(ollama.replace("chunk.message.tool_calls", "chunk.choices[0].delta.tool_calls"))).toEqual([]);
    });

    it("leaves a loop that runs each call and returns early only when the response holds one call", () => {
      const fast = [
        "async function step(client, messages) {",
        "  const response = await client.chat.completions.create({ messages, tools: TOOLS });",
        "  const toolCalls = response.choices[0].message.tool_calls ?? [];",
        "  const results = [];",
        "  for (const tc of toolCalls) {",
        "    const result = await executeTool(tc.function.name, tc.function.arguments);",
        "    results.push(result);",
        "    if (FAST.has(tc.function.name) && toolCalls.length === 1) return result;",
        "  }",
        "  return summarize(results);",
        "}",
        "",
      ].join("\n");
      expect(audit(fast)).toEqual([]);
      expect(audit(fast.replace(" && toolCalls.length === 1", ""))).toEqual(["8:loop-exits-after-first"]);
    });

    it("finds the first part's call answered alone beside every part copied into the Gemini contents (non-null reads)", () => {
      const gemini = [
        "async function ask(genai, contents) {",
        "  const res = await genai.models.generateContent({ model: 'm', contents, config: { tools } });",
        "  contents.push(...res.candidates!.flatMap((c) => c.content!.parts!));",
        "  contents.push({ functionResponse: { id: res.candidates![0]!.content!.parts![0]!.functionCall!.id!, name: 'get_weather', response: {} } });",
        "  return genai.models.generateContent({ model: 'm', contents, config: { tools } });",
        "}",
        "",
      ].join("\n");
      expect(audit(gemini)).toEqual(["4:first-call-only"]);
      // every part run after
      expect(
        audit(
          gemini.replace(
            "  return genai.models",
            "  for (const p of res.candidates![0]!.content!.parts!) await run(p);\n  return genai.models",
          ),
        ),
      ).toEqual([]);
    });

    it("a bare `calls` list (mocks, recorded calls) unless it is cut to its first element", () => {
      expect(audit("const first = this.calls[0]\n")).toEqual([]);
      expect(audit("calls = [calls[0]]\n")).toEqual(["1:truncate-to-first"]);
    });

    it("find() of a tool_use block only tested for presence", () => {
      expect(audit('if (content.find((c) => c.type === "tool_use") && msg.tool_calls?.length) go()\n')).toEqual([]);
      expect(
        audit('const missing = calls.filter((c) => !content.find((p) => p.type === "tool_use" && p.id === c.id))\n'),
      ).toEqual([]);
    });

    it("loops that run over every call, with a conditional break", () => {
      expect(audit("for (const call of toolCalls) {\n  if (call.done) break\n  await execute(call)\n}\n")).toEqual([]);
    });

    it("find() of other block types, and [0] of unrelated lists", () => {
      expect(
        audit(
          'const text = content.find((b) => b.type === "text")\nconst row = rows[0]\nconst choice = res.choices[0]\n',
        ),
      ).toEqual([]);
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

  describe("audit leaves the false classes (issue 12)", () => {
    it("a lookup of a specific call by id or name, UI message parts too", () => {
      expect(
        audit('const hit = message.content.find((b) => b.type === "tool_use" && b.id === wantedId)\nrun(hit)\n'),
      ).toEqual([]);
      expect(
        audit('const part = msg.parts.find((p) => p.type === "tool-call" && p.toolCallId === id)\nshow(part)\n'),
      ).toEqual([]);
      expect(audit('const part = uiMessage.parts.find((p) => p.type === "tool-call")\nrender(part)\n')).toEqual([]);
      expect(
        audit('const named = blocks.find((b) => b.type === "tool_use" && b.name === "grep_files")\nuse(named)\n'),
      ).toEqual([]);
      expect(
        audit('for (const b of reply.content) {\n  if (b.type === "tool_use" && b.id === pendingId) return b\n}\n'),
      ).toEqual([]);
    });

    it("streamed deltas read per chunk", () => {
      expect(
        audit(
          "for await (const chunk of stream) {\n  const piece = chunk.choices[0].delta.tool_calls[0]\n  buffer.add(piece)\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "async function pump(events) {\n  for await (const ev of events) {\n    const tc = ev.toolCalls?.[0]\n    if (tc) partial.append(tc.argumentsDelta)\n  }\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "function onDelta(delta) {\n  const frag = delta.tool_calls[0]\n  acc[frag.index] += frag.function.arguments\n}\n",
        ),
      ).toEqual([]); // the list taken from the chunk on an earlier line, through a local name
      expect(
        audit(
          "function onText(json, runTools) {\n  const choices = json.choices\n  const tool_calls = choices[0]?.delta?.tool_calls\n  if (tool_calls?.length) runTools.push({ id: tool_calls[0]?.id, args: tool_calls[0]?.function?.arguments })\n}\n",
        ),
      ).toEqual([]);
    });

    it('"already used a tool" guards that refuse nothing', () => {
      // skips text rendering only
      expect(
        audit(
          'function present(task, block) {\n  switch (block.type) {\n    case "text": {\n      if (task.didAlreadyUseTool) break\n      task.render(block.content)\n      break\n    }\n  }\n}\n',
        ),
      ).toEqual([]);
      // drops a duplicate error message
      expect(
        audit(
          'function reportFailure(task, message) {\n  if (task.didAlreadyUseTool) return\n  task.say("error", message)\n}\n',
        ),
      ).toEqual([]);
      // fires only after an invalid call
      expect(
        audit(
          'function present(task, block) {\n  if (task.didAlreadyUseTool) return\n  if (!block.callId) {\n    task.say("error", "no id")\n    task.didAlreadyUseTool = true\n    return\n  }\n  task.executeTool(block)\n}\n',
        ),
      ).toEqual([]);
    });

    it("a list that holds one call by construction", () => {
      expect(
        audit(
          "function fromHistory(entry) {\n  const toolCalls = [{ id: entry.callId, name: entry.name }]\n  return { role: 'assistant', call: toolCalls[0] }\n}\n",
        ),
      ).toEqual([]);
    });

    it("display- or log-only reads", () => {
      expect(audit("function report(res) {\n  console.log('first call', res.toolCalls[0].name)\n}\n")).toEqual([]);
      expect(
        audit(
          "async function demo(agent) {\n  const out = await agent.generate()\n  const first = out.toolCalls[0]\n  if (first?.toolName === 'finish') {\n    console.log(first.input)\n  }\n}\n",
        ),
      ).toEqual([]);
    });

    it("assertions on the first call (expect, assert): they run nothing", () => {
      expect(
        audit(
          "async function check(agent) {\n  const out = await agent.generate()\n  expect(out.toolCalls?.[0]).toMatchObject({ toolName: 'sum' })\n}\n",
        ),
      ).toEqual([]);
    });

    it("the first call's id read while a history message is rebuilt whole", () => {
      expect(
        audit(
          "function tag(messages) {\n  return messages.map((msg) => {\n    const toolCalls = msg.tool_calls\n    if (!toolCalls?.length) return msg\n    return { ...msg, marker: { id: toolCalls[0].id } }\n  })\n}\n",
        ),
      ).toEqual([]);
      // the message kept whole in another branch does not save the call this one drops
      expect(
        audit(
          "function step(msg) {\n  if (msg.done) return { ...msg }\n  const call = msg.tool_calls[0]\n  return execute(call)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
    });

    it("a write into the first call, a list stored whole, the response returned whole, a flag-gated truncation", () => {
      expect(
        audit(
          "function fix(choice, args) {\n  const fixed = clone(choice)\n  fixed.message.tool_calls[0].function.arguments = args\n  return fixed\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "class A {\n  keep(parsedToolCalls) {\n    this.toolCalls = parsedToolCalls\n    this.toolCall = parsedToolCalls[0]\n  }\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "function repair(response) {\n  const raw = response.choices[0].message.tool_calls[0].function.arguments\n  patch(raw)\n  return response\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "function step(toolCalls, parallelToolCalls) {\n  if (!parallelToolCalls) toolCalls = [toolCalls[0]]\n  return toolCalls\n}\n",
        ),
      ).toEqual([]);
    });

    it("type tests (*.test-d.ts)", () => {
      expect(
        audit("const call = result.toolCalls[0]\nexpectTypeOf(call).toEqualTypeOf<Call>()\n", "types.test-d.ts"),
      ).toEqual([]);
    });

    it("element 0 of choices", () => {
      expect(
        audit("function read(res) {\n  const msg = res.choices[0].message\n  return msg.tool_calls.map(run)\n}\n"),
      ).toEqual([]);
    });

    it("a presence check before all calls are handled", () => {
      expect(
        audit(
          "function step(msg) {\n  if (msg.tool_calls[0] == null) return done()\n  return Promise.all(msg.tool_calls.map(run))\n}\n",
        ),
      ).toEqual([]);
    });
  });

  describe("audit finds the shapes it missed (issue 12)", () => {
    it("[0] in one branch while another returns the whole list", () => {
      expect(
        detail(
          "function answer(message, handlers) {\n  if (!handlers) {\n    return [...message.tool_calls]\n  }\n  const call = message.tool_calls[0]\n  return handlers[call.name](call)\n}\n",
        ),
      ).toEqual(["5:first-call-only:certain:list 1"]);
      expect(
        audit(
          "function answer(message, handlers) {\n  if (!handlers) return list(message.tool_calls)\n  else {\n    const call = message.tool_calls[0]\n    return execute(call)\n  }\n}\n",
        ),
      ).toEqual(["4:first-call-only"]);
    });

    it("if (toolCalls) return execute(toolCalls[0])", () => {
      expect(
        detail(
          "function act(reply) {\n  const toolCalls = reply.toolCalls\n  if (toolCalls) return execute(toolCalls[0])\n}\n",
        ),
      ).toEqual(["3:first-call-only:certain:list 2"]);
    });

    it("a loop over content blocks that returns at the first tool block (reported where it leaves)", () => {
      expect(
        audit(
          'async function act(reply) {\n  for (const block of reply.content) {\n    if (block.type === "tool_use") {\n      return await runTool(block)\n    }\n  }\n}\n',
        ),
      ).toEqual(["4:loop-exits-after-first"]);
      // keeping the block and breaking is the same loss
      expect(
        audit(
          'async function act(reply) {\n  let use\n  for (const block of reply.content) {\n    if (block.type === "tool_use") {\n      use = block\n      break\n    }\n  }\n  return runTool(use)\n}\n',
        ),
      ).toEqual(["6:loop-exits-after-first"]);
    });

    it("[0] used after the length was only logged", () => {
      expect(
        audit(
          "function act(toolCalls) {\n  console.log(`model asked for ${toolCalls.length} tools`)\n  return runOne(toolCalls[0])\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
    });

    it("a router that reads only the first call's name and ends the graph on finish", () => {
      expect(
        audit(
          "function route(state) {\n  const last = state.messages.at(-1)\n  if (last.tool_calls[0].name === 'finish') return END\n  return 'tools'\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
    });

    it("a stream handler that keeps the first captured call and logs later ones as discarded", () => {
      expect(
        detail(
          "async function collect(stream) {\n  let captured\n  for await (const ev of stream) {\n    if (ev.kind !== 'tool') continue\n    if (captured) {\n      log.warn('discarding extra tool call', ev.name)\n      continue\n    }\n    captured = ev\n  }\n  return captured\n}\n",
        ),
      ).toEqual(["5:one-tool-per-turn-guard:certain"]);
    });

    it("a guard that throws when a response holds more than one call", () => {
      expect(
        audit(
          "function parse(message) {\n  const toolCalls = message.toolCalls\n  if (toolCalls.length !== 1) {\n    throw new FormatError('expected exactly one tool call')\n  }\n  return run(toolCalls[0])\n}\n",
        ),
      ).toEqual(["3:one-tool-per-turn-guard"]);
    });

    it("a loop whose body leaves on every path (if and else both return)", () => {
      expect(
        audit(
          "function act(toolCalls) {\n  for (const call of toolCalls) {\n    if (call.safe) return run(call)\n    else return refuse(call)\n  }\n}\n",
        ),
      ).toEqual(["3:loop-exits-after-first"]);
    });

    it("a guard gated by a setting is likely, and says so; one set in another file is likely", () => {
      const gated =
        "function present(task, block, multiEnabled) {\n  if (task.didAlreadyUseTool) {\n    task.pushToolResult(block.id, 'not executed: one tool per message')\n    return\n  }\n  task.executeTool(block)\n  if (!multiEnabled) task.didAlreadyUseTool = true\n}\n";
      expect(detail(gated)).toEqual(["2:one-tool-per-turn-guard:likely"]);
      expect(processText("agent.ts", gated, "scan", options)!.findings[0]!.reason).toContain("!multiEnabled");
      const always = gated.replace("if (!multiEnabled) ", "");
      expect(detail(always)).toEqual(["2:one-tool-per-turn-guard:certain"]);
      expect(
        detail(
          "async function pump(stream) {\n  for await (const chunk of stream) {\n    if (this.didAlreadyUseTool) {\n      note('interrupted')\n      break\n    }\n  }\n}\n",
        ),
      ).toEqual(["3:one-tool-per-turn-guard:likely"]);
    });
  });

  describe("audit after the second round of real code (issue 12)", () => {
    it("finds .at(0) of a tool-call list, and a find by type beside a find of the text block", () => {
      expect(
        audit("async function step(res) {\n  const first = res.toolCalls.at(0)\n  return run(first)\n}\n"),
      ).toEqual(["2:first-call-only"]);
      expect(
        audit(
          "async function step(res) {\n  const use = res.content.find((b) => b.type === 'tool_use')\n  const text = res.content.find((b) => b.type === 'text')\n  return run(use, text)\n}\n",
        ),
      ).toEqual(["2:first-call-only"]);
    });

    it("finds a loop that asks the model again until a response holds one call, and says so", () => {
      const text =
        "async function ask(llm, m) {\n  let r\n  for (let i = 0; i < 3; i++) {\n    r = await llm.invoke(m)\n    if (r.tool_calls.length !== 1) {\n      m.push(retry)\n    } else break\n  }\n  return r\n}\n";
      expect(audit(text)).toEqual(["5:one-tool-per-turn-guard"]);
      expect(processText("agent.ts", text, "scan", options)!.findings[0]!.reason).toContain("asks the model again");
    });

    it("leaves the first call of a response to a request forced to one tool (structured output)", () => {
      expect(
        audit(
          "async function route(llm, x) {\n  const model = llm.bindTools([routeTool], { tool_choice: 'route_query' })\n  const r = await model.invoke(x)\n  return r.tool_calls?.[0]?.args\n}\n",
        ),
      ).toEqual([]);
      const required =
        "async function one(llm, x) {\n  const r = await llm.invoke(x, { tools: [extract], tool_choice: 'required' })\n  return r.tool_calls[0].args\n}\n";
      expect(audit(required)).toEqual([]);
      // one tool offered whose arguments are the answer is structured output too, but not when the code dispatches on
      // the name (an agent with one tool still loses the later calls), nor with more than one tool offered
      expect(audit(required.replace("'required'", "'auto'"))).toEqual([]);
      expect(
        audit(
          "async function one(llm, x) {\n  const r = await llm.invoke(x, { tools: [bash] })\n  const call = r.tool_calls[0]\n  return run(call.name, call.args)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      expect(audit(required.replace("[extract]", "[extract, search]"))).toEqual(["3:first-call-only"]);
      // the one tool's call run as a tool (`weather.run(call.args)`), from a getter of the list: a finding
      expect(
        audit(
          "async function f(llm, x) {\n  const r = await llm.bindTools([weather]).invoke(x)\n  const call = r.getToolCalls()[0]\n  return weather.run(call.args)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      // the tool itself given as the choice
      expect(
        audit(
          "async function f(llm, x) {\n  const r = await llm.create({ messages: x, tools: [weatherTool, clockTool], toolChoice: weatherTool })\n  return r.getToolCalls()[0].input\n}\n",
        ),
      ).toEqual([]);
      // a callback in the options of a call that forces one tool
      expect(
        audit(
          "export const router = createRouter({\n  tool_choice: 'select_agent',\n  onRoute: ({ result }) => {\n    const tool = result.toolCalls[0]\n    return pick(tool)\n  },\n})\n",
        ),
      ).toEqual([]);
    });

    it("still finds a first call taken from the state when the function forces a tool for another request", () => {
      expect(
        audit(
          "async function rewrite(state, llm) {\n  const model = llm.withStructuredOutput(Schema)\n  const draft = state.messages.at(-1).tool_calls[0].args\n  return model.invoke(draft)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      // forced after the read: the read is of another response
      expect(
        audit(
          "async function node(state, llm) {\n  const q = state.last.tool_calls[0].args\n  const r = await llm.invoke(q, { tool_choice: 'extract' })\n  return r\n}\n",
        ),
      ).toEqual(["2:first-call-only"]);
    });

    it("leaves a stored conversation converted message by message", () => {
      expect(
        audit(
          "function toProvider(messages) {\n  return messages.map((m) => ({ role: m.role, call: m.tool_calls?.[0] }))\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "function convert(chatHistory) {\n  for (const m of chatHistory.slice(1)) {\n    out.push(m.content.find((b) => b.type === 'tool_use'))\n  }\n}\n",
        ),
      ).toEqual([]);
    });

    it("counts one loss for the same list read through a name for its message", () => {
      expect(
        audit(
          "function step(state) {\n  const call = state.messages.at(-1).tool_calls[0]\n  const last = state.messages.at(-1)\n  last.tool_calls[0].name = last.tool_calls[0].name.trim()\n  return run(call)\n}\n",
        ),
      ).toEqual(["2:first-call-only"]);
    });

    it("leaves [0] after a guard that throws unless the list holds one call (the guard is the finding)", () => {
      expect(
        audit(
          "function step(res) {\n  if (res.tool_calls.length !== 1) throw new Error('one')\n  return run(res.tool_calls[0])\n}\n",
        ),
      ).toEqual(["2:one-tool-per-turn-guard"]);
    });

    it("reads a field of the first call tested for presence as a presence test, and a name compared as a use", () => {
      expect(
        audit(
          "function args(msg) {\n  if (msg.tool_calls != null && msg.tool_calls[0].function != null) {\n    return msg.tool_calls.map(parse)\n  }\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "function route(msg) {\n  if (msg.tool_calls.length && msg.tool_calls[0].name === 'finish') return END\n  return 'tools'\n}\n",
        ),
      ).toEqual(["2:first-call-only"]);
    });

    it("counts one loss for one response read in its dict and its object spelling", () => {
      expect(
        audit(
          "function first(response) {\n  if (isDict(response)) {\n    const toolCalls = response.get('tool_calls')\n    if (toolCalls) return parse(toolCalls[0])\n  }\n  if (response.tool_calls) return parse(response.tool_calls[0])\n}\n",
        ),
      ).toEqual(["4:first-call-only"]);
    });

    it("finds a single slot that each tool block of a stream overwrites, and leaves one added to a list", () => {
      const slot =
        "async function pump(stream, result) {\n  for await (const chunk of stream) {\n    if (chunk.block.type === 'tool_use') {\n      result.functionCall = { id: chunk.block.id, name: chunk.block.name }\n    }\n  }\n  return result\n}\n";
      expect(audit(slot)).toEqual(["4:first-call-only"]);
      expect(processText("agent.ts", slot, "scan", options)!.findings[0]!.reason).toContain("single slot");
      // the usual assembly: the current call is pushed when its block ends
      expect(
        audit(slot.replace("    }\n  }\n  return", "      calls.push(result.functionCall)\n    }\n  }\n  return")),
      ).toEqual([]);
      // or a call built from it
      expect(
        audit(
          slot.replace(
            "    }\n  }\n  return",
            "      calls.push({ ...result.functionCall, done: true })\n    }\n  }\n  return",
          ),
        ),
      ).toEqual([]);
      // read into the history once, after the loop: still the one call that survived
      expect(
        audit(
          slot.replace(
            "  return result",
            "  history.push({ role: 'assistant', call: result.functionCall })\n  return result",
          ),
        ),
      ).toEqual(["4:first-call-only"]);
      // a slot per index is a list
      expect(audit(slot.replace("result.functionCall =", "result.functionCall[chunk.index] ="))).toEqual([]);
      // outside a branch for a tool block (one call set once)
      expect(audit(slot.replace("chunk.block.type === 'tool_use'", "chunk.done"))).toEqual([]);
    });

    it("finds a stream guard that keeps the call captured in a field and logs later ones as discarded", () => {
      expect(
        audit(
          "async function pump(stream, completion) {\n  for await (const chunk of stream) {\n    const calls = chunk.tool_calls\n    if (completion.functionCall) {\n      this.log('Discarding parallel tool call')\n      continue\n    }\n    completion.functionCall = convert(calls)\n  }\n}\n",
        ),
      ).toEqual(["4:one-tool-per-turn-guard"]);
    });

    it("finds a find of the first Gemini call part, beside a map over the parts' text", () => {
      const gemini =
        "function parse(data) {\n  const parts = data.candidates[0].content.parts\n  const text = parts.map((part: Part) => part?.text || '').join('')\n  const call = parts.find((part: Part) => !!part?.functionCall)?.functionCall\n  return { text, call }\n}\n";
      expect(audit(gemini)).toEqual(["4:first-call-only"]);
      expect(processText("agent.ts", gemini, "scan", options)!.findings[0]!.reason).toContain(
        "first function-call part",
      );
      // UI message parts, found by their type, stay left
      expect(
        audit("function show(message) {\n  return message.parts.find((p) => p.type === 'tool-call')\n}\n"),
      ).toEqual([]);
    });

    it("reads a loop that skips calls by id then returns as a lookup, and one that skips by name as a first of a kind", () => {
      const loop =
        "function confirm(toolCalls, wanted) {\n  for (const tc of toolCalls) {\n    if (tc.id !== wanted) continue\n    return run(tc)\n  }\n}\n";
      expect(audit(loop)).toEqual([]);
      expect(audit(loop.replace("tc.id !== wanted", "tc.function.name !== 'show_card'"))).toEqual([
        "4:loop-exits-after-first",
      ]);
    });

    it("finds a first call beside a history message built from the whole response, and in a default", () => {
      expect(
        audit(
          "async function turn(client, history) {\n  const res = await client.create(history)\n  const use = res.content.find((b): b is ToolUse => b.type === 'tool_use')\n  history.push({ role: 'assistant', content: res.content })\n  return run(use)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      expect(
        audit(
          "async function turn(llm, x) {\n  const res = await llm.generate(x, { tools: [{ functionDeclarations: decls }] })\n  const name = res.functionCalls[0].name || ''\n  return run(name, res.functionCalls[0].args)\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
    });

    it("leaves a stored message converted under a test of its role, and a kind test of the first call", () => {
      expect(
        audit(
          "function toItem(msg) {\n  if (msg.role === 'assistant' && msg.tool_calls) {\n    const tc = msg.tool_calls[0]\n    return { type: 'function_call', name: tc.function.name }\n  }\n}\n",
        ),
      ).toEqual([]);
      expect(
        audit(
          "async function run(res) {\n  if (res.tool_calls && res.tool_calls[0].type === 'function') {\n    return handleAll(res)\n  }\n}\n",
        ),
      ).toEqual([]);
    });

    it("finds the first of a filtered list of tool calls, an index-0-only stream loop, and whole calls per chunk", () => {
      expect(
        audit(
          "function done(res) {\n  const tools = res.content.filter((c) => c.type === 'tool_use')\n  const call = tools[0] && convert(tools[0])\n  return call\n}\n",
        ),
      ).toEqual(["3:first-call-only"]);
      expect(
        audit(
          "async function pump(res) {\n  for await (const chunk of res) {\n    for (const tool of chunk.choices[0]?.delta?.tool_calls ?? []) {\n      if (tool.index !== 0) continue\n      name += tool.function?.name ?? ''\n    }\n  }\n}\n",
        ),
      ).toEqual(["4:one-tool-per-turn-guard"]);
      const gemini =
        "async function pump(res) {\n  for await (const chunk of res) {\n    const functionCalls = chunk.functionCalls\n    if (functionCalls && functionCalls.length > 0) {\n      const fc = functionCalls[0]\n      name = fc.name\n    }\n  }\n}\n";
      expect(audit(gemini)).toEqual(["5:first-call-only"]);
      // an OpenAI-style delta's tool_calls are fragments: its [0] is left
      expect(audit(gemini.replace("= chunk.functionCalls", "= chunk.choices[0].delta.tool_calls"))).toEqual([]);
    });

    it("leaves a first element used as a stream fragment: its index read, or held as a chunk", () => {
      const parse =
        "function parse(json, acc) {\n  const tool_calls = json.output.choices[0].message.tool_calls\n  if (tool_calls?.length) {\n    const at = tool_calls[0]?.slot\n    acc.push({ id: tool_calls[0]?.id, name: tool_calls[0]?.function?.name })\n  }\n}\n";
      expect(audit(parse)).toEqual(["4:first-call-only"]);
      // the same element's index is read: a fragment of the call at that index, assembled in acc
      expect(audit(parse.replace("?.slot", "?.index"))).toEqual([]);
      const held = "function take(msg) {\n  const item = msg.extra.tool_calls?.[0]\n  run(item?.function)\n}\n";
      expect(audit(held)).toEqual(["2:first-call-only"]);
      expect(audit(held.replace(/item/g, "chunk"))).toEqual([]);
      expect(audit(held.replace("run(item?.function)", "acc[item.index] = item.function"))).toEqual([]);
    });

    it("leaves a response handed to another function in a file whose every request forces one tool", () => {
      const file =
        'async function nameIt(llm, msgs) {\n  const response = await llm.complete({ messages: msgs, tools: [nameTool], tool_choice: { type: "function", function: { name: "name_it" } } })\n  return pick(response)\n}\nfunction pick(response) {\n  const toolCall = response.message.tool_calls?.[0]\n  return toolCall.function.arguments\n}\n';
      expect(audit(file)).toEqual([]);
      // a free choice somewhere in the file, or a second request offering tools unforced: responses may hold several
      expect(audit(file.replace('{ type: "function", function: { name: "name_it" } }', '"auto"'))).toEqual([
        "6:first-call-only",
      ]);
      expect(
        audit(`${file}async function chat(llm, msgs) {\n  return llm.complete({ messages: msgs, tools: all })\n}\n`),
      ).toEqual(["6:first-call-only"]);
      // a conversation handed over is not that response
      expect(audit(file.replace("response.message.tool_calls", "state.messages.at(-1).tool_calls"))).toEqual([
        "6:first-call-only",
      ]);
    });

    it("finds argument pieces of every streamed call glued into one string, and leaves them routed or reset", () => {
      const glue =
        "async function ask(stream) {\n  let name = ''\n  let args = ''\n  for await (const part of stream) {\n    const delta = part.choices[0].delta\n    if (delta.tool_calls) {\n      const piece = delta.tool_calls[0].function?.arguments\n      args += piece || ''\n    }\n  }\n  return run(name, args)\n}\n";
      expect(audit(glue)).toEqual(["8:first-call-only"]);
      // routed by index, emptied for the next call, added to a list
      expect(audit(glue.replace("const piece =", "const at = delta.tool_calls[0].index\n      const piece ="))).toEqual(
        [],
      );
      expect(audit(glue.replace("  return run(name, args)", "  args = ''\n  return run(name, args)"))).toEqual([]);
      expect(
        audit(glue.replace("      args += piece || ''\n", "      args += piece || ''\n      calls.push(args)\n")),
      ).toEqual([]);
      // added to a list only after the loop: the one call the glued string made
      expect(audit(glue.replace("  return run(name, args)", "  calls.push(args)"))).toEqual(["8:first-call-only"]);
      // a fresh string for each round of an outer loop (a generator per call)
      expect(
        audit(
          "async function read(stream) {\n  while (more) {\n    const one = async function* () {\n      let args = ''\n      for await (const d of stream) args += d.tool_calls[0].function.arguments\n    }\n  }\n}\n",
        ),
      ).toEqual([]);
    });

    it("finds pieces glued over a whole stream when the string is set in a loop further out, and Bedrock's toolUse.input", () => {
      const turns =
        "async function chat(client) {\n  do {\n    let input = ''\n    for await (const event of await client.stream()) {\n      if (event.delta?.type === 'input_json_delta') input += event.delta.partial_json\n    }\n    more = await run(JSON.parse(input))\n  } while (more)\n}\n";
      expect(audit(turns)).toEqual(["5:first-call-only"]);
      // set in the loop of the glue itself: one string a round
      expect(
        audit(
          turns.replace(
            "    let input = ''\n    for await (const event of await client.stream()) {\n",
            "    for await (const event of await client.stream()) {\n      let input = ''\n",
          ),
        ),
      ).toEqual([]);
      const bedrock =
        "async function converse(stream) {\n  let input = ''\n  for await (const chunk of stream) {\n    if (chunk.contentBlockDelta) input += chunk.contentBlockDelta.delta.toolUse.input\n  }\n  return run(JSON.parse(input))\n}\n";
      expect(audit(bedrock)).toEqual(["4:first-call-only"]);
      // routed by the content block's index
      expect(
        audit(
          bedrock.replace(
            "if (chunk.contentBlockDelta)",
            "at = chunk.contentBlockDelta?.contentBlockIndex\n    if (chunk.contentBlockDelta)",
          ),
        ),
      ).toEqual([]);
      expect(
        audit(
          bedrock.replace(
            "if (chunk.contentBlockDelta)",
            "at = chunk.partialResponseIndex\n    if (chunk.contentBlockDelta)",
          ),
        ),
      ).toEqual(["5:first-call-only"]);
      // a plain `.input` is not a piece of arguments
      expect(audit(bedrock.replace("delta.toolUse.input", "delta.text.input"))).toEqual([]);
    });

    it("finds `if (calls && calls.length > 1) return askAgain(...)`, and leaves a branch that runs the calls", () => {
      const guard =
        'async function step(messages) {\n  const response = await client.create({ messages, tools })\n  const toolCalls = response.choices[0].message.tool_calls\n  if (toolCalls && toolCalls.length > 1) {\n    log.warn("several")\n    return step([...messages, ONE_AT_A_TIME])\n  }\n  return run(toolCalls[0])\n}\n';
      expect(audit(guard)).toEqual(["4:one-tool-per-turn-guard"]);
      expect(
        audit(
          guard.replace(
            'log.warn("several")\n    return step([...messages, ONE_AT_A_TIME])',
            "return runAll(toolCalls)",
          ),
        ),
      ).toEqual([]);
    });

    it("finds a loop that keeps each tool block in one slot, and one that skips to the first tool block and returns", () => {
      const slot =
        'async function step(response) {\n  let toolUse = null\n  for (const block of response.content) {\n    if (block.type === "text") show(block.text)\n    else if (block.type === "tool_use") {\n      toolUse = block\n    }\n  }\n  return run(toolUse)\n}\n';
      expect(audit(slot)).toEqual(["6:first-call-only"]);
      // each block kept in a list, or a slot declared inside the loop
      expect(
        audit(slot.replace("      toolUse = block\n", "      toolUse = block\n      uses.push(toolUse)\n")),
      ).toEqual([]);
      expect(
        audit(
          slot
            .replace("  let toolUse = null\n", "")
            .replace("    if (block.type", "    let toolUse\n    if (block.type"),
        ),
      ).toEqual([]);
      // a lookup by id is not a slot for every block
      expect(
        audit(slot.replace('block.type === "tool_use"', 'block.type === "tool_use" && block.id === wanted')),
      ).toEqual([]);
      const skip =
        'async function step(response) {\n  for (const block of response.content) {\n    if (block.type !== "tool_use") continue\n    const result = await run(block.name, block.input)\n    return followUp(block, result)\n  }\n}\n';
      expect(audit(skip)).toEqual(["5:loop-exits-after-first"]);
      expect(audit(skip.replace("return followUp(block, result)", "results.push(result)"))).toEqual([]);
    });

    it("leaves reads in user-interface code: JSX components, ui/ folders, functions named for showing", () => {
      const read = "export function Item({ message }) {\n  const call = message.toolCalls[0]\n  return use(call)\n}\n";
      expect(audit(read, "agent.ts")).toEqual(["2:first-call-only"]);
      expect(audit(read, "Item.tsx")).toEqual([]);
      expect(audit(read, "src/ui/item.ts")).toEqual([]);
      expect(audit(read, "src/gen-ui-agent.ts")).toEqual(["2:first-call-only"]);
      // a Next.js API route is server code
      expect(audit(read, "pages/api/chat.ts")).toEqual(["2:first-call-only"]);
      expect(audit(read.replace("function Item", "function renderItem"), "agent.ts")).toEqual([]);
    });
  });

  describe("audit after the blind sets of 2026-11-28 (issue 12)", () => {
    const run =
      'async function step(response) {\n  for (const call of response.choices[0].message.tool_calls) {\n    if (call.function.name === "execute_python") {\n      const code = JSON.parse(call.function.arguments).code\n      return await interpret(code)\n    }\n  }\n  return []\n}\n';

    it("finds a loop over tool calls that runs one call and then returns, as likely", () => {
      expect(detail(run)).toEqual(["5:loop-exits-after-first:likely:list 1"]);
      expect(processText("agent.ts", run, "scan", options)!.findings[0]!.reason).toContain("(line 2)");
      // a break after running counts the same
      expect(audit(run.replace("return await interpret(code)", "await interpret(code)\n      break"))).toEqual([
        "6:loop-exits-after-first",
      ]);
    });

    it("leaves lookups, finish tools, error paths, stream pieces and loops that run nothing before leaving", () => {
      expect(audit(run.replace("return await interpret(code)", "return call"))).toEqual([]);
      expect(audit(run.replace('"execute_python"', '"final_answer"'))).toEqual([]);
      expect(audit(run.replace('call.function.name === "execute_python"', "call.id === wanted"))).toEqual([]);
      expect(audit(run.replace("return await interpret(code)", 'return "bad arguments"'))).toEqual([]);
      expect(audit(run.replace("message.tool_calls", "delta.tool_calls"))).toEqual([]);
      expect(audit(run.replace("return await interpret(code)", "return code"))).toEqual([]);
      // run for every call: nothing leaves
      expect(audit(run.replace("return await interpret(code)", "results.push(await interpret(code))"))).toEqual([]);
    });

    it("finds the first call of a list named by destructuring, or only logged whole", () => {
      const read =
        "async function step(res) {\n  const { tool_calls } = res.choices[0].message\n  console.log(tool_calls)\n  const {\n    function: { arguments: args },\n  } = tool_calls[0]\n  await run(JSON.parse(args))\n}\n";
      expect(audit(read)).toEqual(["6:first-call-only"]);
      // handed on whole, it is used whole
      expect(audit(read.replace("console.log(tool_calls)", "record(tool_calls)"))).toEqual([]);
    });

    it("finds a message built to hold only the first call: tool_calls: [toolCalls[0]]", () => {
      const built =
        'async function step(res, messages) {\n  const toolCalls = res.choices[0].message.tool_calls\n  messages.push({ role: "assistant", tool_calls: toolCalls.length ? [toolCalls[0]] : undefined })\n  for (const call of toolCalls) messages.push(await run(call))\n}\n';
      expect(audit(built)).toEqual(["3:truncate-to-first"]);
      expect(audit(built.replace("[toolCalls[0]]", "toolCalls"))).toEqual([]);
      // another key, or a one-call list that is not the first of a list of calls
      expect(audit(built.replace("tool_calls: toolCalls.length", "first: toolCalls.length"))).toEqual([]);
      expect(audit(built.replace("[toolCalls[0]]", "[call]"))).toEqual([]);
    });

    it("leaves the arguments of the first call when the one tool offered is a list of one the file defines", () => {
      const named =
        "const tools = [extractTool]\n\nexport async function extract(client, messages) {\n  const message = await client.messages.create({ messages, tools })\n  const use = message.content.find((b) => b.type === 'tool_use')\n  return use.input\n}\n";
      expect(audit(named)).toEqual([]);
      expect(audit(named.replace("[extractTool]", "[extractTool, searchTool]"))).toEqual(["5:first-call-only"]);
      // answered by id without its arguments read: a tool call, run some other way
      expect(
        audit(
          named.replace(
            "return use.input",
            "return client.messages.create({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id }] }] })",
          ),
        ),
      ).toEqual(["5:first-call-only"]);
    });

    it("leaves a refusal of several calls that holds only beside the final answer", () => {
      const narrow =
        'function step(output, message) {\n  if (output.isFinalAnswer) {\n    if (message.toolCalls.length > 1) throw new Error("answer alone")\n  }\n}\n';
      expect(audit(narrow)).toEqual([]);
      expect(audit(narrow.replace("output.isFinalAnswer", "output.isReady"))).toEqual(["3:one-tool-per-turn-guard"]);
    });

    it("leaves the first of the calls when a helper is handed the AI SDK's choice of one tool", () => {
      const helper =
        'async function check(ctx, messages, tools) {\n  const result = await callModel(ctx, messages, tools, { type: "tool", toolName: checkTool.name })\n  const call = result.filter((s) => s.type == "tool-call")[0]\n  return checkTool.execute(call.input)\n}\n';
      expect(audit(helper)).toEqual([]);
      expect(audit(helper.replace('{ type: "tool", toolName: checkTool.name }', '"auto"'))).toEqual([
        "3:first-call-only",
      ]);
    });

    it("finds a stream loop that keeps one call and leaves when the next call's id arrives, at the stop", () => {
      const stream =
        "async function reply(stream) {\n  let call\n  let args = ''\n  for await (const chunk of stream) {\n    const toolCall = chunk.choices[0].delta.tool_calls[0]\n    if (toolCall.id) {\n      if (call) {\n        break\n      } else {\n        call = { id: toolCall.id, name: toolCall.function.name }\n      }\n    } else {\n      args += toolCall.function.arguments || ''\n    }\n  }\n  return run(call, args)\n}\n";
      expect(audit(stream)).toEqual(["8:loop-exits-after-first"]);
      expect(audit(stream.replace("        break\n", "        console.log('next')\n"))).toEqual(["13:first-call-only"]);
    });

    it("leaves a getter that returns the first call, and the raw message beside a structured output", () => {
      const getter = "class Message {\n  get toolCall() {\n    return this.toolCalls[0]\n  }\n}\n";
      expect(audit(getter)).toEqual([]);
      expect(audit(getter.replace("get toolCall()", "toolCall()"))).toEqual(["3:first-call-only"]);
      const raw =
        "async function decide(structured, input) {\n  const response = await structured.invoke(input)\n  const rawResponse = response.raw\n  const call = rawResponse.tool_calls[0]\n  return call.args\n}\n";
      expect(audit(raw)).toEqual([]);
      expect(audit(raw.replace("response.raw", "response.message"))).toEqual(["4:first-call-only"]);
    });

    it("finds the last content block taken as the call, and leaves the block a stream event is about", () => {
      const last =
        "async function act(client, messages) {\n  const response = await client.messages.create({ messages, tools })\n  const toolCall = response.content[response.content.length - 1] as ToolUseBlock\n  return run(toolCall.name, toolCall.input)\n}\n";
      expect(audit(last)).toEqual(["3:first-call-only"]);
      expect(audit(last.replace(" as ToolUseBlock", "").replace("toolCall.input", "toolCall.text"))).toEqual([]);
      // the blocks copied into the conversation (`thread.push(...content.map(...))`) run none of the calls
      expect(
        audit(
          last.replace(
            "  return run(",
            "  thread.push(...response.content.map((c) => ({ role: 'assistant', content: [c] })))\n  return run(",
          ),
        ),
      ).toEqual(["3:first-call-only"]);
      expect(
        audit(last.replace("  return run(", "  keep(...response.content.map((c) => c.id))\n  return run(")),
      ).toEqual([]);
      const streamed =
        "function onEvent(event, snapshot) {\n  switch (event.type) {\n    case 'content_block_delta': {\n      const block = snapshot.content.at(-1)\n      if (block.type === 'tool_use') block.input = parse(event.delta.partial_json)\n    }\n  }\n}\n";
      expect(audit(streamed)).toEqual([]);
    });

    it("finds a loop that runs a call by the function of its name and returns", () => {
      const named =
        'async function route(completion) {\n  for (const toolCall of completion.choices[0].message.tool_calls) {\n    if (toolCall.function.name === "extractIntent") {\n      const args = JSON.parse(toolCall.function.arguments)\n      return extractIntent(args.intent)\n    }\n  }\n}\n';
      expect(audit(named)).toEqual(["5:loop-exits-after-first"]);
      expect(audit(named.replace("return extractIntent(", "return other("))).toEqual([]);
    });

    it("finds a loop that answers every call after the first without running it", () => {
      const skip =
        'export function step(messages, toolCalls) {\n  for (const extra of toolCalls.slice(1)) {\n    messages.push({ role: "tool", tool_call_id: extra.id, content: "Skipped: one command per turn." })\n  }\n  return run(toolCalls[0])\n}\n';
      expect(audit(skip)).toEqual(["2:one-tool-per-turn-guard"]);
      expect(audit(skip.replace('content: "Skipped: one command per turn."', "content: run(extra)"))).toEqual([]);
    });

    it("finds find() of the first call beside a find of a block of another type that also tests other fields", () => {
      const both =
        "function step(response) {\n  const message = response.output.find((item) => item.type === 'message' && item.role === 'assistant')\n  const call = response.output.find((item) => item.type === 'function_call')\n  return run(call.name, call.arguments)\n}\n";
      expect(audit(both)).toEqual(["3:first-call-only"]);
      expect(audit(both.replace("item.type === 'message' && ", ""))).toEqual([]);
    });

    it("finds a first call read in a branch that returns, beside a whole-list use after that branch", () => {
      const early =
        "async function chat(client, thread) {\n  const response = await client.create(thread)\n  if (response.stop === 'tool') {\n    const call = response.tool_calls[0]\n    return run(call)\n  }\n  return response.tool_calls.map((c) => c.id)\n}\n";
      expect(audit(early)).toEqual(["4:first-call-only"]);
      // without the return, the path goes on to the use of every call
      expect(audit(early.replace("    return run(call)\n", "    run(call)\n"))).toEqual([]);
    });

    it("finds the first call read after the count of calls was only logged", () => {
      const logged =
        'function pick(res) {\n  const toolCalls = res.choices[0].message.tool_calls\n  if (toolCalls.length > 1) {\n    console.warn("several calls, using the first")\n  }\n  return toolCalls[0]\n}\n';
      expect(audit(logged)).toEqual(["6:first-call-only"]);
      // a branch that handles the others, or an else, looks past the first
      expect(
        audit(logged.replace('console.warn("several calls, using the first")', "return runAll(toolCalls)")),
      ).toEqual([]);
      expect(audit(logged.replace("  }\n  return", "  } else {\n    note()\n  }\n  return"))).toEqual([]);
    });
  });

  describe("audit after the blind set heldout13 (issue 12)", () => {
    it("an append or push counts as running a call only when it keeps the call, its arguments or its result", () => {
      const search =
        "function matches(messages, q) {\n  const found = []\n  messages.forEach((msg, idx) => {\n    for (const tc of msg.tool_calls) {\n      if (tc.function.arguments.includes(q)) {\n        found.push(idx)\n        return\n      }\n    }\n  })\n  return found\n}\n";
      expect(audit(search)).toEqual([]);
      expect(audit(search.replace("found.push(idx)", "found.push(JSON.parse(tc.function.arguments))"))).toEqual([
        "7:loop-exits-after-first",
      ]);
    });
    it("leaves the first call of an expected answer: an evaluation's fixture is not a model response", () => {
      const scorer =
        "export const match = ({ output, expected }) =>\n  output.tool_calls.length === 1 &&\n  output.tool_calls[0].function.name === expected.tool_calls[0].function.name\n";
      expect(audit(scorer)).toEqual([]);
      expect(audit(scorer.replace("expected", "answer").replace("expected.", "answer."))).toEqual([
        "2:first-call-only",
      ]);
      expect(audit(scorer.replace(/expected/g, "goldenResponse"))).toEqual([]);
    });
  });

  describe("audit after the blind set heldout14 (issue 12)", () => {
    const stream =
      'async function relay(client, send) {\n  const stream = await client.chat.completions.create({ model, tools, stream: true })\n  let args = ""\n  let name = ""\n  for await (const part of stream) {\n    const delta = part.choices[0].delta\n    if (delta.tool_calls) {\n      if (delta.tool_calls[0].function?.name) name = delta.tool_calls[0].function.name\n      args += delta.tool_calls[0].function?.arguments || ""\n    }\n    if (part.choices[0].finish_reason === "tool_calls") {\n      send({ name, args })\n      args = ""\n    }\n  }\n}\n';

    it("finds argument pieces glued across the stream when the string is emptied only once the response is over", () => {
      expect(audit(stream)).toEqual(["9:first-call-only"]);
      // emptied when a new call starts: one string a call
      expect(
        audit(
          stream.replace(
            "if (delta.tool_calls[0].function?.name) name =",
            'if (delta.tool_calls[0].function?.name) args = "", name =',
          ),
        ),
      ).toEqual([]);
    });

    it("leaves the glue of a stream whose request forces one tool", () => {
      expect(
        audit(
          stream.replace(
            "tools, stream: true",
            'tools, tool_choice: { type: "function", function: { name: "render" } }, stream: true',
          ),
        ),
      ).toEqual([]);
    });

    it("finds a loop over a Gemini candidate's parts held in a local name that leaves at the first call part", () => {
      const parts =
        "export async function respond(model, contents) {\n  const response = await model.generateContent({ contents, tools })\n  const cand = response.candidates[0]\n  for (const part of cand.content.parts) {\n    if (part.functionCall) {\n      await run(part.functionCall.name, part.functionCall.args)\n      break\n    }\n  }\n}\n";
      expect(audit(parts)).toEqual(["7:loop-exits-after-first"]);
      // a UI message's parts, not a model response's
      expect(audit(parts.replace("const cand = response.candidates[0]", "const cand = message"))).toEqual([]);
    });

    it("leaves the first call of a stored message in a file that writes its messages' calls, each named by a literal", () => {
      const nodes =
        'export async function executor(state) {\n  const planned = state.messages.findLast((m) => m.tool_calls?.some((tc) => tc.name === "plan"))\n  const args = planned?.tool_calls?.[0]?.args\n  await apply(args)\n  return { messages: [{ type: "ai", content: "", tool_calls: [{ name: "update_file", args: { done: true }, id: uuid() }] }] }\n}\n';
      expect(audit(nodes)).toEqual([]);
      // a message that copies the model's call (its id) is not one this file wrote
      expect(audit(nodes.replace("id: uuid()", "id: planned.tool_calls[0].id"))).toEqual(["3:first-call-only"]);
    });

    it("leaves a loop that stops at a hand-over to another agent, as at a finish", () => {
      const run =
        "async function step(response) {\n  for (const call of response.choices[0].message.tool_calls) {\n    if (isTransferTool(call.function.name)) {\n      await execute(JSON.parse(call.function.arguments))\n      break\n    }\n  }\n}\n";
      expect(audit(run)).toEqual([]);
      expect(audit(run.replace("isTransferTool", "isKnownTool"))).toEqual(["5:loop-exits-after-first"]);
    });

    it("a name compared only with the one tool offered checks the answer, unless the tool is then run", () => {
      const section =
        'export async function write(model, messages) {\n  const res = await model.bindTools([WriteSection]).invoke(messages)\n  const call = res.tool_calls[0]\n  if (call?.name === "WriteSection") return call.args.content\n  return ""\n}\n';
      expect(audit(section)).toEqual([]);
      expect(audit(section.replace('=== "WriteSection"', '=== "Search"'))).toEqual(["3:first-call-only"]);
      const run = section
        .replace("[WriteSection]", "[getAuthor]")
        .replace('=== "WriteSection"', '=== "getAuthor"')
        .replace("return call.args.content", "return getAuthor(call.args)");
      expect(audit(run)).toEqual(["3:first-call-only"]);
    });

    it("finds argument pieces glued in a stream loop whose one call is built after the loop", () => {
      const stream =
        'export async function ask(client, messages) {\n  let args = ""\n  for await (const chunk of await client.chat.completions.create({ messages, tools, stream: true })) {\n    const toolCall = chunk.choices[0].delta.tool_calls?.[0]\n    if (toolCall?.function?.arguments) args += toolCall.function.arguments\n  }\n  if (args) messages.push({ role: "assistant", tool_calls: [{ function: { name, arguments: args } }] })\n}\n';
      expect(audit(stream)).toEqual(["5:first-call-only"]);
      // kept in a list inside the loop: one string a call
      expect(
        audit(
          stream.replace(
            "args += toolCall.function.arguments",
            "{ args += toolCall.function.arguments; pieces.push(args) }",
          ),
        ),
      ).toEqual([]);
      // kept in the loop, but once the response is over: still the one call
      expect(
        audit(
          stream.replace(
            "if (toolCall?.function?.arguments) args += toolCall.function.arguments",
            'if (toolCall?.function?.arguments) args += toolCall.function.arguments\n    if (chunk.choices[0].finish_reason === "tool_calls") pieces.push(args)',
          ),
        ),
      ).toEqual(["5:first-call-only"]);
    });
  });

  describe("audit: the streamed call whose pieces are glued, followed through names (issue 12)", () => {
    it("follows the piece's call back to the chunk's first call, and names that line as the list's", () => {
      const held =
        "async function collect(stream) {\n  const acc = { name: '', arguments: '' }\n  for await (const chunk of stream) {\n    const calls = chunk.choices[0].delta.tool_calls\n    const call = calls && calls[0]\n    const fn = call && call.function\n    if (fn) acc.arguments += fn.arguments ?? ''\n  }\n  return acc\n}\n";
      expect(detail(held)).toEqual(["7:first-call-only:certain:list 5"]);
      // the legacy function_call is one call by the API's design
      expect(
        detail(
          held.replace(
            "const calls = chunk.choices[0].delta.tool_calls",
            "const calls = [chunk.choices[0].delta.function_call]",
          ),
        ),
      ).toEqual([]);
      // routed by the index of each piece
      expect(detail(held.replace("    if (fn)", "    slots[call.index] ??= ''\n    if (fn)"))).toEqual([]);
    });

    it("reads a reset under a test that the piece is the first call's as one a turn", () => {
      const first =
        "async function* read(stream) {\n  let args = ''\n  for await (const chunk of stream) {\n    const tc = chunk.choices[0]?.delta?.tool_calls?.[0]\n    if (!tc) continue\n    if (tc.index === 0 && tc.function?.name) {\n      args = tc.function.arguments || ''\n    } else if (tc.function?.arguments) {\n      args += tc.function.arguments\n    }\n  }\n  yield JSON.parse(args)\n}\n";
      expect(detail(first)).toEqual(["9:first-call-only:certain:list 4"]);
      // emptied whenever a call starts: one string a call
      expect(detail(first.replace("tc.index === 0 && tc.function?.name", "tc.function?.name"))).toEqual([]);
    });
  });

  describe("audit after the blind set heldout17 (issue 12)", () => {
    it("leaves a flag set to true as no capture, and a field of the loop's own call", () => {
      const flag =
        "async function* reasoning(buffer) {\n  let seen = false\n  for await (const event of buffer.iterate()) {\n    if (seen) {\n      log.debug('discarding extra tool call')\n      continue\n    }\n    seen = true\n    yield event\n  }\n}\n";
      expect(audit(flag)).toEqual([]);
      expect(audit(flag.replace("seen = true", "seen = event"))).toEqual(["4:one-tool-per-turn-guard"]);
      // a flag that a call was handled, in a loop over the calls: every later call is skipped
      const handled =
        "function review(message) {\n  let processedOne = false\n  for (const call of message.tool_calls) {\n    if (processedOne) {\n      log.info('discarding extra tool call, one at a time')\n      continue\n    }\n    handle(call)\n    processedOne = true\n  }\n}\n";
      expect(audit(handled)).toEqual(["4:one-tool-per-turn-guard"]);
      const own =
        "async function runAll(pending) {\n  for (const [id, toolCall] of pending.toolCalls) {\n    if (toolCall.executed) {\n      log.debug('discarding tool call already run')\n      continue\n    }\n    toolCall.executed = await run(id, toolCall)\n  }\n}\n";
      expect(audit(own)).toEqual([]);
      // a slot declared before the loop holds across rounds: the first call captured, later ones skipped
      expect(
        audit(
          own
            .replace("  for (const [id, toolCall]", "  const held = {}\n  for (const [id, toolCall]")
            .replaceAll("toolCall.executed", "held.executed"),
        ),
      ).toEqual(["4:one-tool-per-turn-guard"]);
    });

    it("leaves a return that reports the turn failed, and a truncation inside a helper named for the one-call mode", () => {
      const denied =
        "async function turn(toolCalls, results) {\n  for (const call of toolCalls) {\n    const args = JSON.parse(call.function.arguments)\n    if (await approve(call)) {\n      results.push(await execute(call.function.name, args))\n    } else {\n      results.push({ id: call.id, denied: true })\n      return { success: false, error: 'denied' }\n    }\n  }\n}\n";
      expect(audit(denied)).toEqual([]);
      expect(audit(denied.replace("{ success: false, error: 'denied' }", "results"))).toEqual([
        "8:loop-exits-after-first",
      ]);
      const helper =
        "function forceSingleToolCall(response) {\n  const toolCalls = response.message.toolCalls\n  if (toolCalls.length > 1) response.message.toolCalls = toolCalls.slice(0, 1)\n}\n";
      expect(audit(helper)).toEqual([]);
      expect(audit(helper.replace("forceSingleToolCall", "postprocess"))).toEqual(["3:truncate-to-first"]);
    });

    it("counts folders of tests and their helpers as test files", () => {
      expect(typescript.testFile.test("src/agent.ts")).toBe(false);
      expect(typescript.testFile.test("app/attestation/agent.ts")).toBe(false);
      for (const file of [
        "internal/standard-tests/src/chat.ts",
        "libs/core/src/utils/testing/chat_models.ts",
        "e2e-tests/a.ts",
      ])
        expect(typescript.testFile.test(file)).toBe(true);
    });
  });

  describe("audit after the blind set heldout18 (issue 12)", () => {
    it("reads a block's type through a constant named for the key, or a quoted key", () => {
      const find =
        "const TYPE = 'type'\nexport function pick(result) {\n  const use = result.content.find((item) => item[TYPE] === 'tool_use')\n  return use ? run([use]) : undefined\n}\n";
      expect(audit(find)).toEqual(["3:first-call-only"]);
      expect(audit(find.replace("item[TYPE]", "item['type']"))).toEqual(["3:first-call-only"]);
      // another key is no type
      expect(audit(find.replace("item[TYPE]", "item[NAME]"))).toEqual([]);
    });

    it("reads two `.at(0)` reads of one list as one first-call read, as two `[0]` reads are", () => {
      const twice =
        "function g(response) {\n  const c = response.toolCalls.at(0)\n  run(c.name, c.args)\n  const d = response.toolCalls.at(0)\n  log(d.id)\n}\n";
      expect(audit(twice)).toEqual(["2:first-call-only"]);
      expect(audit(twice.replace("response.toolCalls.at(0)\n  log", "response.toolCalls.at(1)\n  log"))).toEqual([]);
    });

    it("reads finds of a text or image part (also through a constant key) as no use of the other calls", () => {
      const parts =
        "function extract(result) {\n  const parts = result.candidates[0].content.parts\n  const call = parts.find((part) => part.functionCall)\n  if (call?.functionCall) return handle([call.functionCall])\n  const text = parts.find((part) => part[TEXT])\n  const image = parts.find((part) => part.inlineData?.mimeType === 'image/png')\n  return { text, image }\n}\n";
      expect(audit(parts)).toEqual(["3:first-call-only"]);
      // a find by another field may find a call: the list is used whole
      expect(audit(parts.replace("part.inlineData?.mimeType === 'image/png'", "part.name === wanted"))).toEqual([]);
    });
  });

  describe("audit: the first part of a Gemini response taken as its call (issue 12)", () => {
    it("finds parts[0].functionCall and parts.at(0)?.functionCall of a candidate, also in a stream's chunk", () => {
      const chunk =
        "function onChunk(text, runTools) {\n  const chunkJson = JSON.parse(text)\n  const functionCall = chunkJson?.candidates?.at(0)?.content.parts.at(0)?.functionCall\n  if (functionCall) runTools.push({ name: functionCall.name, args: functionCall.args })\n}\n";
      expect(audit(chunk)).toEqual(["3:first-call-only"]);
      const named =
        "function parse(data) {\n  const part = data.candidates[0].content.parts[0]\n  return part.functionCall ? [{ name: part.functionCall.name, args: part.functionCall.args }] : []\n}\n";
      expect(audit(named)).toEqual(["2:first-call-only"]);
      // read for its text only
      expect(audit(named.replace(/return part\.functionCall.*\n/, "return part.text\n"))).toEqual([]);
      // parts of a UI message
      expect(audit(named.replace("data.candidates[0].content.parts[0]", "message.parts[0]"))).toEqual([]);
    });
  });

  describe("audit after the blind set heldout19 (issue 12)", () => {
    it("reads `if (parts.some((p) => p.functionCall))` as a presence test, not a use of every call", () => {
      const some =
        "function read(candidate) {\n  const result = {}\n  if (candidate.content.parts.some((part) => part.functionCall)) {\n    const call = candidate.content.parts.find((part) => part.functionCall)\n    result.functionCall = call.functionCall\n  }\n  return result\n}\n";
      expect(audit(some)).toEqual(["4:first-call-only"]);
      // every call kept
      expect(audit(some.replace("if (candidate.content.parts.some(", "if (keepAll(candidate.content.parts, "))).toEqual(
        [],
      );
    });

    it("finds a stream handler's one tool block slot that each block start overwrites and only the end hands on", () => {
      const slot =
        "class Reader {\n  read(event) {\n    if (event.type === 'content_block_start' && event.content_block?.type === 'tool_use') {\n      this.pending = event.content_block\n      this.pending.input = ''\n    } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {\n      this.pending.input += event.delta.partial_json\n    } else if (event.type === 'message_delta' && event.delta.stop_reason === 'tool_use') {\n      return this.run([this.pending])\n    }\n  }\n}\n";
      expect(audit(slot)).toEqual(["4:first-call-only"]);
      // handed on, and emptied, when its own block stops: one call at a time
      const perBlock = slot
        .replace(
          "event.type === 'message_delta' && event.delta.stop_reason === 'tool_use'",
          "event.type === 'content_block_stop' && this.pending",
        )
        .replace("return this.run([this.pending])", "this.calls.push(this.pending)\n      this.pending = null");
      expect(audit(perBlock)).toEqual([]);
      // a text block's slot is no call
      expect(audit(slot.replace("?.type === 'tool_use'", "?.type === 'text'"))).toEqual([]);
      // emptied only when the object is made: still one slot a response
      expect(
        audit(slot.replace("class Reader {\n", "class Reader {\n  constructor() {\n    this.pending = null\n  }\n")),
      ).toEqual(["7:first-call-only"]);
      // its input glued into a name of the same function is the same loss: one finding
      const glued =
        "async function read(stream) {\n  let block\n  let input = ''\n  for await (const event of stream) {\n    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {\n      block = event.content_block\n    } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {\n      input += event.delta.partial_json\n    }\n  }\n  return run(block, input)\n}\n";
      expect(audit(glued)).toEqual(["6:first-call-only"]);
    });

    it("finds a router that leaves the loop when the first call is the finish tool, before a loop over every call", () => {
      const router =
        "async function loop(client, messages) {\n  while (true) {\n    const response = await client.create({ messages, tools })\n    const toolCalls = response.choices[0].message.tool_calls\n    if (toolCalls && toolCalls[0].function.name === 'done') break\n    for (const call of toolCalls) messages.push(await run(call))\n  }\n}\n";
      expect(audit(router)).toEqual(["5:first-call-only"]);
      expect(audit(router.replace("=== 'done') break", "=== 'done') finished = true"))).toEqual([]);
    });
  });

  describe("after the blind set heldout20 (issue 12)", () => {
    const gemini = [
      "async function ask(model, functions) {",
      "  const result = await model.generateContent({ contents: [] });",
      "  const content = result?.response?.candidates?.[0]?.content;",
      "  const functionCall = content?.parts[0].functionCall;",
      "  if (functionCall) {",
      "    const { name, args } = functionCall;",
      "    return functions[name](args);",
      "  }",
      '  const text = content?.parts.map(({ text }) => text).join("");',
      "  return text;",
      "}",
      "",
    ].join("\n");

    it("finds the first Gemini part's call beside a map that takes only each part's text", () => {
      expect(audit(gemini)).toEqual(["4:first-call-only"]);
      // a map that takes the call of each part reads every call
      expect(
        audit(gemini.replace("map(({ text }) => text)", "map(({ text, functionCall }) => text ?? functionCall)")),
      ).toEqual([]);
    });

    it("reads a call's name taken by destructuring as handling the call, beside one tool offered", () => {
      const offered = gemini.replace(
        "generateContent({ contents: [] })",
        "generateContent({ contents: [], tools: [lookup] })",
      );
      expect(audit(offered)).toEqual(["4:first-call-only"]);
      // only its arguments taken: the one tool's answer (structured output)
      expect(
        audit(
          offered.replace(
            "const { name, args } = functionCall;\n    return functions[name](args);",
            "const { args } = functionCall;\n    return args;",
          ),
        ),
      ).toEqual([]);
    });

    it("reads a call run by the function a snake_case tool name is spelt as in camelCase", () => {
      const last = [
        'const tools = [{ name: "get_weather", input_schema: { type: "object" } }];',
        "async function ask(client) {",
        '  const message = await client.messages.create({ model: "m", messages: [], tools });',
        "  const block = message.content[message.content.length - 1];",
        '  if (block.type === "tool_use") return getWeather(block.input);',
        "}",
        "",
      ].join("\n");
      expect(audit(last)).toEqual(["4:first-call-only"]);
      // a function of another name: the one tool's input read as an answer
      expect(audit(last.replace("getWeather(", "formatAnswer("))).toEqual([]);
    });

    it("finds the first content block, asked for here, whose type says it is a call", () => {
      const first = [
        "async function ask(client, messages) {",
        '  const response = await client.messages.create({ model: "m", messages, tools: TOOLS });',
        "  const block = response.content[0];",
        '  if (block.type === "tool_use") return run(block.name, block.input);',
        "  return block.text;",
        "}",
        "",
      ].join("\n");
      expect(audit(first)).toEqual(["3:first-call-only"]);
      expect(audit(first.replace('block.type === "tool_use"', 'block.type === "text"'))).toEqual([]);
      // a response handed in
      expect(
        audit(
          first
            .replace("async function ask(client, messages)", "function ask(response)")
            .replace(/ {2}const response = .*\n/, ""),
        ),
      ).toEqual([]);
      // every block looked at after
      expect(
        audit(first.replace("  return block.text;", "  for (const b of response.content) await handle(b);")),
      ).toEqual([]);
    });

    it("leaves a loop that stops at the first tool block of a response forced to one tool", () => {
      const loop = [
        "async function ask(client, messages) {",
        '  const response = await client.messages.create({ model: "m", messages, tools: [EXTRACT], tool_choice: { type: "tool", name: "extract" } });',
        "  let found;",
        "  for (const block of response.content) {",
        '    if (block.type === "tool_use") {',
        "      found = block;",
        "      break;",
        "    }",
        "  }",
        "  return found.input;",
        "}",
        "",
      ].join("\n");
      expect(audit(loop)).toEqual([]);
      const free = loop.replace('tools: [EXTRACT], tool_choice: { type: "tool", name: "extract" }', "tools: TOOLS");
      expect(audit(free)).toEqual(["7:loop-exits-after-first"]);
    });

    it("reads a response handed to a helper as the assistant's message as history, not a use of its calls", () => {
      const helper = [
        "async function turn(client, history) {",
        '  const { content } = await client.messages.create({ model: "m", messages: history, tools: TOOLS });',
        '  const tool = content.find((item) => "tool_use" == item.type);',
        '  addMessage("assistant", content);',
        "  if (tool) return run(tool.name, tool.input);",
        "}",
        "",
      ].join("\n");
      expect(audit(helper)).toEqual(["3:first-call-only"]);
      expect(audit(helper.replace('"assistant"', '"blocks"'))).toEqual([]);
    });

    it("finds a loop whose tool branch keeps a field of the first block and leaves (the text gate admits it), not in history", () => {
      const asked = [
        "async function next(client, messages) {",
        "  const response = await client.messages.create({ messages, tools: TOOLS });",
        "  let name;",
        "  for (const block of response.content) {",
        '    if (block.type === "tool_use") {',
        "      name = block.name;",
        "      break;",
        "    }",
        "  }",
        "  return run(name);",
        "}",
        "",
      ].join("\n");
      expect(audit(asked)).toEqual(["7:loop-exits-after-first"]);
      // a stored assistant message of the history, shown
      const shown = [
        "function lastTool(history) {",
        "  let name;",
        "  for (const msg of history) {",
        '    if (msg.role === "assistant") {',
        "      for (const block of msg.content) {",
        '        if (block.type === "tool_use") {',
        "          name = block.name;",
        "          break;",
        "        }",
        "      }",
        "    }",
        "  }",
        "  return name;",
        "}",
        "",
      ].join("\n");
      expect(audit(shown)).toEqual([]);
    });

    it("finds the first call of a stream assembled by index: filling and testing the entries is no read of the others", () => {
      const assembled = [
        "async function ask(client, messages) {",
        "  const stream = await client.chat.completions.create({ messages, tools: TOOLS, stream: true });",
        "  const toolCalls = {};",
        "  for await (const chunk of stream) {",
        "    for (const d of chunk.choices[0].delta.tool_calls ?? []) {",
        '      if (!toolCalls[d.index]) toolCalls[d.index] = { id: d.id, name: d.function.name, arguments: "" };',
        '      toolCalls[d.index].arguments += d.function.arguments ?? "";',
        "    }",
        "  }",
        "  const call = toolCalls[0];",
        "  return run(call.name, call.arguments);",
        "}",
        "",
      ].join("\n");
      expect(audit(assembled)).toEqual(["10:first-call-only"]);
      expect(
        audit(
          assembled.replace("  return run(call.name, call.arguments);", "  return Object.values(toolCalls).map(run);"),
        ),
      ).toEqual([]);
    });
  });
});

describe("audit after the blind set heldout24 (issue 12)", () => {
  it("reads a list named as one (`toolCallList`, a voice platform's webhook payload) as a list of calls", () => {
    const hook =
      "export default async function handler(event) {\n  const body = await readBody(event)\n  const toolCall = body.message.toolCallList[0]\n  const result = await book(JSON.parse(toolCall.function.arguments))\n  return { results: [{ toolCallId: toolCall.id, result }] }\n}\n";
    expect(audit(hook)).toEqual(["3:first-call-only"]);
    // a list of something else that ends in List is not one
    expect(audit(hook.replace(/toolCallList/g, "bookingList"))).toEqual([]);
  });

  it("finds a router on the first call's name written through names, which leaves before the other calls are read", () => {
    const router =
      'function parse(toolCalls) {\n  if (!toolCalls.length) return null\n  const first = toolCalls[0]\n  const firstName = first.function.name\n  if (firstName === "final_answer") {\n    return { action: "final_answer", result: first.function.arguments }\n  }\n  return { action: "multi", calls: toolCalls.map(convert) }\n}\n';
    expect(audit(router)).toEqual(["3:first-call-only"]);
    // a test of the call's type is no router on a tool's name
    expect(audit(router.replace('firstName === "final_answer"', 'first.type === "function"'))).toEqual([]);
    // a branch that does not leave reaches the other calls
    expect(
      audit(router.replace('return { action: "final_answer", result: first.function.arguments }', "log(firstName)")),
    ).toEqual([]);
  });

  it("finds the first call taken when every call is only logged beside it (forEach of a log, a length test that logs)", () => {
    const step =
      "async function step(provider, messages) {\n  const response = await provider.generate(messages, TOOLS)\n  response.toolCalls.forEach((toolCall, idx) => {\n    logger.info(`call ${idx}: ${toolCall.name}`)\n  })\n  const toolCall = response.toolCalls[0]\n  if (response.toolCalls.length > 1) {\n    logger.warn('executing only the first one')\n  }\n  return execute(toolCall)\n}\n";
    expect(audit(step)).toEqual(["6:first-call-only"]);
    expect(
      audit(
        step.replace(
          "response.toolCalls.forEach((toolCall, idx) => {\n    logger.info(`call ${idx}: ${toolCall.name}`)\n  })",
          "response.toolCalls.forEach((c) => console.log(c.name))",
        ),
      ),
    ).toEqual(["4:first-call-only"]);
    // a forEach that runs each call uses them all
    expect(audit(step.replace("logger.info(`call ${idx}: ${toolCall.name}`)", "queue.add(toolCall)"))).toEqual([]);
  });

  it("reads a list of one tool handed to a call by position as one tool offered: its call read for the arguments is the answer", () => {
    const classify =
      "async function classify(provider, input) {\n  const result = await provider.generateContent(SYSTEM, prompt(input), [CLASSIFY_ACTION_TOOL], [])\n  const args = result.toolCalls[0]?.args ?? {}\n  return normalize(args)\n}\n";
    expect(audit(classify)).toEqual([]);
    expect(audit(classify.replace("[CLASSIFY_ACTION_TOOL]", "[CLASSIFY_ACTION_TOOL, SEARCH_TOOL]"))).toEqual([
      "3:first-call-only",
    ]);
  });

  it("reads a JSX hook that asks for the response itself as code that runs the calls; one shown from props stays a display", () => {
    const hook =
      "export function useChat() {\n  const send = async (text) => {\n    const { data: chatResponse, error } = await api.invoke('chat', { body: { text } })\n    if (error) throw error\n    const aiMessage = chatResponse.choices[0].message\n    if (aiMessage.tool_calls?.length) {\n      const toolCall = aiMessage.tool_calls[0]\n      return runTool(toolCall)\n    }\n  }\n  return { send }\n}\n";
    expect(audit(hook, "src/hooks/useChat.tsx")).toEqual(["7:first-call-only"]);
    expect(audit(hook, "src/hooks/useChat.ts")).toEqual(["7:first-call-only"]);
    // in a ui/ or components/ folder it is still a display
    expect(audit(hook, "src/components/useChat.tsx")).toEqual([]);
    const shown = "export function Item({ message }) {\n  const call = message.tool_calls[0]\n  return use(call)\n}\n";
    expect(audit(shown, "src/Item.tsx")).toEqual([]);
  });

  it("leaves the first call of a stored turn looked up in the history (`rounds.findLast(...)?.toolCalls[0]`)", () => {
    const lookup =
      "function restore(toolCallRounds) {\n  const previous = toolCallRounds.findLast(\n    (round) => round.toolCalls[0].name === 'log',\n  )?.toolCalls[0]\n  return previous?.input\n}\n";
    expect(audit(lookup)).toEqual([]);
    // the same reads of a response's calls
    expect(
      audit("function restore(response) {\n  const call = response.toolCalls[0]\n  return run(call.input)\n}\n"),
    ).toEqual(["2:first-call-only"]);
  });

  it("finds the first call kept in a slot while it is empty, which every later round passes over", () => {
    const first =
      "async function step(llm, messages) {\n  const result = await llm.chat(messages, TOOLS)\n  const reads = []\n  let write = null\n  for (const tc of result.tool_calls) {\n    if (WRITE_TOOLS.has(tc.name)) {\n      if (!write) write = tc\n    } else {\n      reads.push(tc)\n    }\n  }\n  await runReads(reads)\n  return stage(write)\n}\n";
    expect(audit(first)).toEqual(["7:first-call-only"]);
    expect(audit(first.replace("if (!write) write = tc", "write ??= tc"))).toEqual(["7:first-call-only"]);
    expect(
      audit(first.replace("if (!write) write = tc", "if (write === null) {\n        write = tc\n      }")),
    ).toEqual(["7:first-call-only"]);
    // the call is run beside the slot: the slot only remembers the first
    expect(audit(first.replace("if (!write) write = tc", "if (!write) write = tc\n      await stage(tc)"))).toEqual([]);
    expect(
      audit(first.replace("if (!write) write = tc", "if (!write) write = tc\n      else await stage(tc)")),
    ).toEqual([]);
    // a slot added to a list, or declared in the loop, is one call at a time
    expect(audit(first.replace("  await runReads(reads)", "  reads.push(write)"))).toEqual([]);
    expect(
      audit(first.replace("  let write = null\n", "").replace("    if (WRITE", "    let write = null\n    if (WRITE")),
    ).toEqual([]);
  });

  it("reads a client app's own agent code under frontend/ as code that runs the calls; its components still show", () => {
    const loop =
      "export async function runAgent(messages) {\n  while (true) {\n    const response = await runLLM({ messages, tools })\n    messages.push(response)\n    if (response.content) return response.content\n    const toolCall = response.tool_calls[0]\n    messages.push({ role: 'tool', content: await runTool(toolCall), tool_call_id: toolCall.id })\n  }\n}\n";
    expect(audit(loop, "frontend/lib/agent/agent.ts")).toEqual(["6:first-call-only"]);
    expect(audit(loop, "frontend/components/agent.ts")).toEqual([]);
  });

  it("finds `if (calls.length > 1) return { error }`, a turn with several calls refused without a look at them", () => {
    const guard =
      "async function plan(state) {\n  const aiMessage = await model.invoke(state.messages)\n  if (aiMessage.tool_calls.length > 1) {\n    logger.warn('several calls, retrying')\n    return { retry: state.retry + 1, error: 'expected a single tool call' }\n  }\n  return run(aiMessage.tool_calls[0])\n}\n";
    expect(audit(guard)).toEqual(["3:one-tool-per-turn-guard"]);
    // a branch that runs them all
    expect(
      audit(
        guard.replace(
          "return { retry: state.retry + 1, error: 'expected a single tool call' }",
          "return Promise.all(aiMessage.tool_calls.map(run))",
        ),
      ),
    ).toEqual([]);
  });
});

describe("audit after the blind set heldout27 (issue 12)", () => {
  it("reads a find for a block type named by a constant (`item[TYPE] === TEXT`) as a look for another kind of block", () => {
    const extract =
      "function extract(result) {\n  if (result.content && result.content.length > 0) {\n    const toolUse = result.content.find((item) => item[TYPE] === 'tool_use')\n    if (toolUse) return this.handleTools([toolUse])\n    const text = result.content.find((item) => item[TYPE] === TEXT)\n    if (text) return { text: text[TEXT] }\n  }\n}\n";
    expect(audit(extract)).toEqual(["3:first-call-only"]);
    // a constant named for a tool block is a look for calls: the list is read whole
    expect(audit(extract.replace("item[TYPE] === TEXT", "item[TYPE] === TOOL_USE && item.id === wanted"))).toEqual([]);
  });

  it('finds the first call part of a Gemini stream chunk found with `in` (`parts.find((p) => "functionCall" in p)`)', () => {
    const chunk =
      "export function parseChunk(chunk) {\n  const candidate = chunk.candidates?.[0]\n  const textPart = candidate.content?.parts?.find((part) => 'text' in part)\n  const callPart = candidate.content?.parts?.find((part) => 'functionCall' in part)\n  if (callPart && 'functionCall' in callPart) {\n    return { text: textPart?.text, toolCall: toCall(callPart.functionCall) }\n  }\n  return { text: textPart?.text }\n}\n";
    expect(audit(chunk)).toEqual(["4:first-call-only"]);
    // a delta's pieces of calls (not a Gemini chunk's whole parts) are read one a chunk
    expect(audit(chunk.replace("chunk.candidates?.[0]", "chunk.choices?.[0]"))).toEqual([]);
  });
});

describe("audit: a function named for a summary sums the turn up in words (issue 12)", () => {
  it("leaves the first call read to write a one-line summary, and finds the same read in a step", () => {
    const summary =
      "function extractSummary(content, toolCalls) {\n  if (toolCalls.length > 0) {\n    const tc = toolCalls[0]\n    return `called ${tc.name} with ${JSON.stringify(tc.args)}`\n  }\n  return content.slice(0, 100)\n}\n";
    expect(audit(summary)).toEqual([]);
    expect(audit(summary.replace("extractSummary", "nextStep"))).toEqual(["3:first-call-only"]);
  });
});

describe("audit: a loop left when a guardrail halts (issue 12)", () => {
  it("leaves a loop over the calls that returns when a guardrail's decision says halt, and finds one left after a run", () => {
    const loop =
      "async function step(toolCalls, messages) {\n  for (const tc of toolCalls) {\n    const args = JSON.parse(tc.function.arguments)\n    const decision = guardrails.beforeCall(tc.function.name, args)\n    if (decision.action === 'halt') {\n      await executeFinalTurn(messages, args)\n      return\n    }\n    messages.push(await execute(tc, args))\n  }\n}\n";
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace("decision.action === 'halt'", "decision.action === 'plan'"))).toEqual([
      "7:loop-exits-after-first",
    ]);
  });
});

describe("audit: `calls[0] || {}` gives the first call (issue 12)", () => {
  it("reads `toolCalls[0] || {}` as the first call taken, and `toolCalls[0] && ...` as a test", () => {
    const pick =
      "async function pick(client, messages) {\n  const res = await client.chat(messages, TOOLS)\n  const toolCalls = res.message.tool_calls || []\n  const tc = toolCalls[0] || {}\n  return run(tc.function?.name, tc.function?.arguments)\n}\n";
    expect(audit(pick)).toEqual(["4:first-call-only"]);
    expect(audit(pick.replace("const tc = toolCalls[0] || {}", "const tc = toolCalls[0] && null"))).toEqual([]);
  });
});

describe("audit after the blind sets heldout29 and heldout30 (issue 12)", () => {
  it("reports a cut once: a loop left after the function cut its list of calls to one is the cut's loss", () => {
    const cut =
      "async function turn(msg) {\n  if (msg.tool_calls.length > 1) {\n    msg.tool_calls = [msg.tool_calls[0]]\n  }\n  for (const tc of msg.tool_calls) {\n    if (tc.function.name === 'plan') {\n      await execute(tc.function.name, JSON.parse(tc.function.arguments))\n      return { planned: true }\n    }\n    await execute(tc)\n  }\n}\n";
    expect(audit(cut)).toEqual(["3:truncate-to-first"]);
    // without the cut, the loop is the loss
    expect(
      audit(cut.replace("    msg.tool_calls = [msg.tool_calls[0]]\n", "    log(msg.tool_calls.length)\n")),
    ).toEqual(["8:loop-exits-after-first"]);
  });

  it("leaves a loop that records a failure before it leaves: an error path", () => {
    const loop =
      "async function run(plan, toolCalls) {\n  for (const tc of toolCalls) {\n    const args = JSON.parse(tc.function.arguments)\n    const result = await execute(tc.function.name, args)\n    if (result.needsReview) {\n      plan.markFailed('review')\n      break\n    }\n  }\n}\n";
    expect(audit(loop)).toEqual([]);
    expect(audit(loop.replace("plan.markFailed('review')", "plan.note('review')"))).toEqual([
      "7:loop-exits-after-first",
    ]);
  });
});

describe("audit: a queue of calls drained from its head (issue 12)", () => {
  it("leaves `while (calls.length) { calls[0]; ...; calls.shift() }`, and finds the head read once and left", () => {
    const drain =
      "async function flush(toolCalls) {\n  while (toolCalls.length) {\n    const call = toolCalls[0]\n    await execute(call)\n    toolCalls.shift()\n  }\n}\n";
    expect(audit(drain)).toEqual([]);
    // left after one round, the head is all that is read
    expect(audit(drain.replace("toolCalls.shift()", "break").replace("toolCalls.length", "busy"))).toEqual([
      "3:first-call-only",
    ]);
  });
});

describe("audit: block types written in camel case (issue 12)", () => {
  it("reads `type === 'toolUse'` and `type === 'toolCall'` as a tool block's type", () => {
    const loop =
      "async function step(client, messages) {\n  const res = await client.chat({ messages, tools })\n  const toolUse = res.message.content.find((c) => c.type === 'toolUse')\n  if (!toolUse) return res\n  return runTool(toolUse.name, toolUse.input)\n}\n";
    expect(audit(loop)).toEqual(["3:first-call-only"]);
    expect(audit(loop.replace("'toolUse'", "'toolCall'"))).toEqual(["3:first-call-only"]);
    expect(audit(loop.replace("'toolUse'", "'text'"))).toEqual([]);
  });
});

describe("audit: a response written in the code (issue 12)", () => {
  it("leaves the first call of a response written as a literal (an example, a mock), and finds it in a model's", () => {
    const example =
      "function demo() {\n  const response = {\n    choices: [{ message: { tool_calls: [{ id: 'c1', function: { name: 'search', arguments: '{}' } }] } }],\n  }\n  const call = response.choices[0].message.tool_calls[0]\n  return run(call.function.name, JSON.parse(call.function.arguments))\n}\n";
    expect(audit(example)).toEqual([]);
    expect(
      audit(
        example
          .replace(/const response = \{[\s\S]*?\n {2}\}\n/, "const response = await client.chat(messages)\n")
          .replace("function demo", "async function demo"),
      ),
    ).toEqual(["3:first-call-only"]);
  });
});

describe("audit: the first call destructured (issue 12)", () => {
  it("finds `const [call] = calls` and `const [call] = getFunctionCalls(choice)`, and leaves a pattern that takes more", () => {
    const ext =
      "async function handle(client, messages) {\n  const res = await client.chat.completions.create({ model, messages, tools })\n  const [functionToCall] = getFunctionCalls(res.choices[0])\n  if (!functionToCall) return reply(res)\n  return run(functionToCall.function.name, functionToCall.function.arguments)\n}\n";
    expect(audit(ext)).toEqual(["3:first-call-only"]);
    expect(audit(ext.replace("getFunctionCalls(res.choices[0])", "res.choices[0].message.tool_calls"))).toEqual([
      "3:first-call-only",
    ]);
    // two names, or the rest kept: more than the first is read
    expect(audit(ext.replace("[functionToCall]", "[functionToCall, second]"))).toEqual([]);
    expect(audit(ext.replace("[functionToCall]", "[functionToCall, ...rest]"))).toEqual([]);
    // a list of something else
    expect(audit(ext.replace("getFunctionCalls", "getChoices"))).toEqual([]);
    // after a request that forces one tool, the response holds that one call
    expect(
      audit(
        ext.replace(
          "messages, tools })",
          "messages, tools, tool_choice: { type: 'function', function: { name: 'plan' } } })",
        ),
      ),
    ).toEqual([]);
  });
});

describe("audit after the blind set heldout33 (issue 12)", () => {
  it("finds a streamed Gemini part kept whole in one slot when it holds a call: only the last call is run", () => {
    const stream = [
      "async function ask(body, onText) {",
      "  const res = await fetch(GEMINI_URL, { method: 'POST', body })",
      "  let callPart = null",
      "  for await (const json of readEvents(res.body)) {",
      "    const parts = json.candidates?.[0]?.content?.parts || []",
      "    for (const part of parts) {",
      "      if (part.functionCall) {",
      "        callPart = part",
      "      } else if (part.text) {",
      "        onText(part.text)",
      "      }",
      "    }",
      "  }",
      "  if (callPart) return runTool(callPart.functionCall.name, callPart.functionCall.args)",
      "}",
      "",
    ].join("\n");
    expect(audit(stream, "gemini.js")).toEqual(["8:first-call-only"]);
    // each call part added to a list is the usual assembly
    expect(audit(stream.replace("callPart = part", "callPart = part; calls.push(callPart)"), "gemini.js")).toEqual([]);
    // a part kept for its text is no call
    expect(audit(stream.replace("part.functionCall) {", "part.thought) {"), "gemini.js")).toEqual([]);
  });

  it("reads the calls of a thing named for one call (`toolCall.tool_calls[0]`) as that call", () => {
    const run =
      "async function execute(toolCall) {\n  const call = toolCall.tool_calls[0]\n  return tools[call.name](call.args)\n}\n";
    expect(audit(run)).toEqual([]);
    expect(audit(run.replace(/toolCall\b/g, "message"))).toEqual(["2:first-call-only"]);
  });

  it("leaves a helper handed a response only after its callers' guard refused one with several calls", () => {
    const agent = [
      "class Agent {",
      "  async step(messages) {",
      "    const response = await this.client.chat.completions.create({ model, messages, tools })",
      "    if (response.choices[0].message.tool_calls.length > 1) {",
      "      return this.step([...messages, { role: 'user', content: 'One tool call at a time.' }])",
      "    }",
      "    const result = await this.run(response)",
      "    return this.answer(response, result)",
      "  }",
      "  answer(response, result) {",
      "    const call = response.choices[0].message.tool_calls[0]",
      "    return { role: 'tool', tool_call_id: call.id, content: result }",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(audit(agent)).toEqual(["4:one-tool-per-turn-guard"]);
    // a caller with no guard hands it a response that may hold several calls
    expect(audit(agent.replace("\n}\n", "\n  other(r) {\n    return this.answer(r, null)\n  }\n}\n"))).toEqual([
      "4:one-tool-per-turn-guard",
      "11:first-call-only",
    ]);
    // a call inside the guard's own branch is not behind it
    expect(
      audit(agent.replace("      return this.step(", "      this.answer(response, null)\n      return this.step(")),
    ).toEqual(["4:one-tool-per-turn-guard", "12:first-call-only"]);
  });

  it("reads calls copied into the assistant's message of the history (`tool_calls: calls.map(...)`) as echoed, not used", () => {
    const reply = [
      "async function reply(client, messages) {",
      "  const message = (await client.chat.completions.create({ model, messages, tools })).choices[0].message",
      "  const toolCalls = message.tool_calls",
      "  if (toolCalls) {",
      "    const tool = toolCalls[0]",
      "    const result = await run(tool.function.name, tool.function.arguments)",
      "    messages.push({ role: 'assistant', tool_calls: toolCalls.map((tc) => ({ ...tc })) })",
      "    messages.push({ role: 'tool', tool_call_id: tool.id, content: result })",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(audit(reply)).toEqual(["5:first-call-only"]);
    // the calls mapped into something else are handed on
    expect(
      audit(
        reply.replace(
          "messages.push({ role: 'assistant', tool_calls: toolCalls.map((tc) => ({ ...tc })) })",
          "queue.push(...toolCalls.map((tc) => ({ ...tc })))",
        ),
      ),
    ).toEqual([]);
  });

  it("leaves a first block read while the response is handed back whole in the object returned", () => {
    const query = [
      "async function query(client, messages) {",
      "  const response = await client.messages.create({ model, messages, tools })",
      "  const block = response.content[0]",
      "  const content = block.type === 'tool_use' ? JSON.stringify(block.input) : block.text",
      "  return { content, rawResponse: response }",
      "}",
      "",
    ].join("\n");
    expect(audit(query)).toEqual([]);
    expect(audit(query.replace("return { content, rawResponse: response }", "return { content }"))).toEqual([
      "3:first-call-only",
    ]);
  });

  it("finds a stream's fragments merged by their place in the chunk, not by the call's index", () => {
    const stream = [
      "async function collect(stream) {",
      "  let toolCalls",
      "  for await (const chunk of stream) {",
      "    const delta = chunk.choices[0]?.delta",
      "    if (!delta?.tool_calls) continue",
      "    if (!toolCalls) {",
      "      toolCalls = delta.tool_calls.map((tc) => ({ ...tc, function: { ...tc.function, arguments: tc.function?.arguments ?? '' } }))",
      "    } else {",
      "      for (let i = 0; i < delta.tool_calls.length; i++) {",
      "        const incoming = delta.tool_calls[i]",
      "        const existing = toolCalls[i]",
      "        if (incoming.function?.arguments) existing.function.arguments += incoming.function.arguments",
      "      }",
      "    }",
      "  }",
      "  return toolCalls",
      "}",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["12:first-call-only"]);
    // merged by the call's index: each call keeps its own pieces
    expect(audit(stream.replace("toolCalls[i]", "toolCalls[incoming.index]"))).toEqual([]);
    // a loop over something other than the chunk's calls
    expect(audit(stream.replace("i < delta.tool_calls.length", "i < parts.length"))).toEqual([]);
  });

  it("finds the list of calls set to the first of its copy (`last.tool_calls = [copied[0]]`)", () => {
    const route =
      'function route(state) {\n  const last = state.messages.at(-1)\n  const copied = [...last.tool_calls]\n  if (copied.length > 1) last.tool_calls = [copied[0]]\n  return "tools"\n}\n';
    expect(audit(route)).toEqual(["4:truncate-to-first"]);
    expect(audit(route.replace("[...last.tool_calls]", "[...last.plans]"))).toEqual([]);
  });

  it("reads a tool's own field named like an index (`args.color_index`) as no index that tells calls apart", () => {
    const stream = [
      "async function pump(reader, decode) {",
      "  let name = ''",
      "  let toolCallArgs = ''",
      "  for await (const value of reader) {",
      "    const delta = JSON.parse(decode(value)).choices[0].delta",
      "    if (delta.tool_calls && delta.tool_calls[0]) {",
      "      const tc = delta.tool_calls[0]",
      "      if (tc.function?.name) name = tc.function.name",
      "      if (tc.function?.arguments) toolCallArgs += tc.function.arguments",
      "    }",
      "  }",
      "  const args = JSON.parse(toolCallArgs)",
      "  return save({ name, color: args.color_index })",
      "}",
      "",
    ].join("\n");
    expect(audit(stream)).toEqual(["9:first-call-only"]);
    // the call's own index read: its pieces told apart
    expect(audit(stream.replace("args.color_index", "tc.index"))).toEqual([]);
  });

  it("reads a name given the list of calls (`const call = response.functionCalls()`) as that list", () => {
    const turn = [
      "async function turn(chat, msg) {",
      "  const response = (await chat.sendMessage(msg)).response",
      "  const call = response.functionCalls() // every call, if any",
      "  if (call && call.length > 0) {",
      "    const first = call[0]",
      "    return runTool(first.name, first.args)",
      "  }",
      "  return response.text()",
      "}",
      "",
    ].join("\n");
    expect(audit(turn)).toEqual(["5:first-call-only"]);
    expect(audit(turn.replace("response.functionCalls()", "response.candidates"))).toEqual([]);
  });

  it("leaves a stream state's field that another handler empties at each block's start (`state.json = ''`)", () => {
    const handlers = [
      "class Stream {",
      "  onStart(event, state) {",
      "    if (event.content_block.type === 'tool_use') {",
      "      state.id = event.content_block.id",
      "      state.json = ''",
      "    }",
      "  }",
      "  onDelta(event, state) {",
      "    if (event.delta.type === 'input_json_delta') state.json += event.delta.partial_json || ''",
      "  }",
      "  onStop(state) {",
      "    state.calls.push({ id: state.id, input: JSON.parse(state.json) })",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(audit(handlers)).toEqual([]);
    // emptied nowhere: every call's pieces run into one string
    expect(audit(handlers.replace("      state.json = ''\n", ""))).toEqual(["8:first-call-only"]);
  });

  it("reads a package named for a user interface (`packages/react-ui-base/`) as a display", () => {
    const pick =
      "export async function next(client, messages) {\n  const response = await client.messages.create({ model, messages, tools })\n  const use = response.content.find((b) => b.type === 'tool_use')\n  return use ? run(use.name, use.input) : undefined\n}\n";
    expect(audit(pick, "packages/react-ui-base/src/next.ts")).toEqual([]);
    expect(audit(pick, "packages/agent-core/src/next.ts")).toEqual(["3:first-call-only"]);
  });

  it("finds the last content block taken as a Bedrock tool use (`.toolUse`)", () => {
    const turn = [
      "async function turn(client, messages) {",
      "  const out = await client.send(new ConverseCommand({ modelId, messages, toolConfig }))",
      "  const content = out.output.message.content",
      "  const block = content[content.length - 1]",
      "  return runTool(block.toolUse.name, block.toolUse.input, block.toolUse.toolUseId)",
      "}",
      "",
    ].join("\n");
    expect(audit(turn)).toEqual(["4:first-call-only"]);
    expect(audit(turn.replace(/block\.toolUse\.\w+/g, "block.text"))).toEqual([]);
  });
});

describe("audit after the blind set heldout42 (issue 12)", () => {
  const detail = (text: string) =>
    processText("agent.ts", text, "scan", options)!.findings.map((f) => `${f.line}:${f.rule}:${f.confidence}`);

  it("finds the calls kept across a stream replaced by each chunk's calls, not added to", () => {
    const stream = [
      "export async function collect(client: Client, messages: Message[]) {",
      "  let text = ''",
      "  let calls: Call[] | undefined",
      "  for await (const chunk of client.chat({ messages, tools, stream: true })) {",
      "    if (chunk.message.content) text += chunk.message.content",
      "    if (chunk.message.tool_calls) {",
      "      calls = chunk.message.tool_calls.map((c) => ({ name: c.function.name, args: c.function.arguments }))",
      "    }",
      "  }",
      "  return { text, calls }",
      "}",
      "",
    ].join("\n");
    expect(detail(stream)).toEqual(["7:first-call-only:certain"]);
    // added to what it held: every chunk's calls are kept
    expect(detail(stream.replace("calls = chunk", "calls = [...(calls ?? []), ...chunk"))).toEqual([]);
    expect(
      detail(stream.replace("calls = chunk.message.tool_calls.map(", "all.push(...chunk.message.tool_calls.map(")),
    ).toEqual([]);
    // set from the stream's last chunk only
    expect(detail(stream.replace("if (chunk.message.tool_calls)", "if (chunk.done)"))).toEqual([]);
    // set while it is empty, then merged into: the first chunk's calls are where the rest land
    expect(detail(stream.replace("if (chunk.message.tool_calls)", "if (!calls)"))).toEqual([]);
    // a loop that is not a stream: each round asks the model again, and its calls are run in the loop
    const rounds = [
      "export async function rounds(client: Client, messages: Message[]) {",
      "  let calls: Call[] | undefined",
      "  while (true) {",
      "    const reply = await client.chat({ messages, tools })",
      "    calls = reply.message.tool_calls",
      "    if (!calls?.length) break",
      "    for (const call of calls) messages.push(await run(call))",
      "  }",
      "  return calls",
      "}",
      "",
    ].join("\n");
    expect(detail(rounds)).toEqual([]);
    // a reader's read() loop is a stream too; a name declared in the loop is the chunk's own
    const reader = [
      "export async function pump(reader: Reader) {",
      "  let found: Call[] = []",
      "  while (true) {",
      "    const { done, value } = await reader.read()",
      "    if (done) break",
      "    const parsed = JSON.parse(value)",
      "    if (parsed.message?.tool_calls) found = parsed.message.tool_calls",
      "  }",
      "  return found",
      "}",
      "",
    ].join("\n");
    expect(detail(reader)).toEqual(["7:first-call-only:certain"]);
    expect(
      detail(reader.replace("  let found: Call[] = []\n", "").replace("found = parsed", "const found = parsed")),
    ).toEqual([]);
  });

  it("finds a chunk handler that replaces the calls its state keeps (likely: the state outlives one chunk)", () => {
    const handler = [
      "export function onChunk(chunk: Chunk, state: StreamState): void {",
      "  if (chunk.message.tool_calls) {",
      "    state.lastToolCalls = chunk.message.tool_calls.map(convert)",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(detail(handler)).toEqual(["3:first-call-only:likely"]);
    // a handler of a whole response, not a chunk
    expect(detail(handler.replace(/chunk/g, "response"))).toEqual([]);
  });

  it("finds the calls kept in a map keyed by the tool's name", () => {
    const turn = [
      "export async function turn(client: Client, messages: Message[]) {",
      "  const response = await client.chat.completions.create({ messages, tools })",
      "  const results: Record<string, string> = {}",
      "  for (const call of response.choices[0].message.tool_calls ?? []) {",
      "    results[call.function.name] = await run(call)",
      "  }",
      "  return Object.entries(results)",
      "}",
      "",
    ].join("\n");
    expect(detail(turn)).toEqual(["5:first-call-only:certain"]);
    // keyed by the call's id: each call keeps its place
    expect(detail(turn.replace("results[call.function.name]", "results[call.id]"))).toEqual([]);
    // a registry of tools by name is no list of calls
    expect(
      detail(
        "export function registry(tools: Tool[]) {\n  const byName: Record<string, Tool> = {}\n  for (const tool of tools) byName[tool.name] = tool\n  return byName\n}\n",
      ),
    ).toEqual([]);
    // a Map, set by the name of a call read through its function
    const map = [
      "export async function runAll(message: Message) {",
      "  const pending = new Map<string, Call>()",
      "  for (const tc of message.tool_calls) pending.set(tc.function.name, tc)",
      "  for (const tc of pending.values()) await run(tc)",
      "}",
      "",
    ].join("\n");
    expect(detail(map)).toEqual(["3:first-call-only:certain"]);
    // never read after the loop: nothing is lost from the run
    expect(detail(map.replace("  for (const tc of pending.values()) await run(tc)\n", ""))).toEqual([]);
    // a registry of tool definitions by their function's name (a definition has a `function` too)
    expect(
      detail(
        "export function schemas(defs: Def[]) {\n  const byName = new Map()\n  for (const schema of defs) byName.set(schema.function.name, schema)\n  return [...byName.values()]\n}\n",
      ),
    ).toEqual([]);
    // a count by name adds to what the map held
    expect(
      detail(
        map.replace(
          "pending.set(tc.function.name, tc)",
          "pending.set(tc.function.name, (pending.get(tc.function.name) ?? 0) + 1)",
        ),
      ),
    ).toEqual([]);
  });

  it("finds the first of a list filtered by a type guard (`(b): b is ToolUseBlock =>`), and of `toolUseBlocks`", () => {
    const step = [
      "export function pick(message: Message) {",
      "  const uses = message.content.filter((block): block is ToolUseBlock => block.type === 'tool_use')",
      "  const use = uses[0]",
      "  return { name: use?.name, input: use?.input }",
      "}",
      "",
    ].join("\n");
    expect(detail(step)).toEqual(["3:first-call-only:certain"]);
    const named =
      "export function first(value: Step) {\n  const block = value.toolUseBlocks[0]\n  return run(block)\n}\n";
    expect(detail(named)).toEqual(["2:first-call-only:certain"]);
  });

  it("leaves a stream's stop flag, set from a callback's answer, as no capture of a call", () => {
    const pump = [
      "export async function pump(stream: Stream, callbacks: Callbacks) {",
      "  let stopped = false",
      "  for await (const chunk of stream) {",
      "    if (stopped) break",
      "    if (chunk.type === 'response.output_text.delta') stopped = await callbacks.onProgress(chunk.delta)",
      "    if (chunk.type === 'response.function_call_arguments.done') calls.push(chunk)",
      "  }",
      "  return calls",
      "}",
      "",
    ].join("\n");
    expect(detail(pump)).toEqual([]);
  });
});

describe("audit after the blind set heldout45 (issue 12)", () => {
  const detail = (text: string) =>
    processText("agent.ts", text, "scan", options)!.findings.map((f) => `${f.line}:${f.rule}:${f.confidence}`);

  it("finds a value of each call kept in one name that the next call overwrites, in a loop that runs none", () => {
    const gather = [
      "export function extract(original: string, response: Response) {",
      "  let query: string | undefined",
      "  const filters: string[] = []",
      "  for (const toolCall of response.output.filter((i) => i.type === 'function_call')) {",
      "    const args = JSON.parse(toolCall.arguments)",
      "    query = args.query ?? original",
      "    if (args.brand) filters.push(args.brand)",
      "  }",
      "  return { query, filters }",
      "}",
      "",
    ].join("\n");
    // (a loop over a filtered list of calls is read by the rule only under a name for calls)
    const named = gather.replace(
      "  for (const toolCall of response.output.filter((i) => i.type === 'function_call')) {",
      "  const toolCalls = response.output.filter((i) => i.type === 'function_call')\n  for (const toolCall of toolCalls) {",
    );
    expect(detail(named)).toEqual(["7:first-call-only:likely"]);
    expect(detail(named.replace("  return { query, filters }", "  return { filters }"))).toEqual([]);
    expect(detail(named.replace("query = args.query ?? original", "query = (query ?? '') + args.query"))).toEqual([]);
    expect(
      detail(named.replace("const args = JSON.parse(toolCall.arguments)", "const args = await runTool(toolCall)")),
    ).toEqual([]);
    expect(detail(named.replace("if (args.brand) filters.push(args.brand)", "stage(toolCall)"))).toEqual([]);
    // a lookup that stops at what it wants, or reads the answer of the tool that ends the task
    expect(detail(named.replace("if (args.brand) filters.push(args.brand)", "if (args.brand) break"))).toEqual([]);
    expect(
      detail(
        named.replace(
          "    query = args.query ?? original",
          "    if (toolCall.name === 'final_answer') query = args.query",
        ),
      ),
    ).toEqual([]);
  });
});

describe("audit after the blind set heldout46 (issue 12)", () => {
  it("leaves the first call read as the fallback of a lookup of one call by its id", () => {
    const match = [
      "function callFor(result: Result, toolCalls: ToolCall[]): ToolCall | undefined {",
      "  if (result.tool_call_id) {",
      "    return toolCalls.find((call) => call.id === result.tool_call_id)",
      "  }",
      "  return toolCalls.length > 0 ? toolCalls[0] : undefined",
      "}",
      "",
    ].join("\n");
    expect(audit(match)).toEqual([]);
    // looked up by its name, the first is still taken when the name is missing: a finding as before
    expect(audit(match.replace("call.id === result.tool_call_id", "call.function.name === result.name"))).toEqual([
      "5:first-call-only",
    ]);
  });

  it("reads a singular method beside its plural as an accessor, as a getter is", () => {
    const getter = [
      "class Stream {",
      "  getToolCalls(): ToolCall[] { return [...this.calls.values()] }",
      "  getToolCall(): ToolCall | undefined {",
      "    const calls = this.getToolCalls()",
      "    return calls[0]",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(audit(getter)).toEqual([]);
    expect(
      audit(getter.replace("const calls = this.getToolCalls()", "const calls = this.response.tool_calls")),
    ).toEqual(["5:first-call-only"]);
  });
});
