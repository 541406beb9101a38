// The audit catalog: code that keeps only the first tool call of a model response. Switching parallel tool calls on
// is useless while such code drops every call after the first. Reported, never rewritten.
import { words } from "../catalog";
import type { AuditRule, RawFinding } from "../model";

export type { AuditRule, Confidence, RawFinding } from "../model";

/** What each rule loses, in one sentence: the reason a finding gives unless its finder says more. */
export const WHY: Record<AuditRule, string> = {
  "first-call-only": "takes the first tool call as the only one; every later call of the response is dropped",
  "truncate-to-first": "cuts the list of tool calls down to the first one",
  "loop-exits-after-first": "the loop over tool calls stops after the first one",
  "one-tool-per-turn-guard": "refuses every tool call after the first one in a turn",
};

/** The first-call-only sentences of a lookup by block type, in the words of the file's language. */
export const FIND_LOST = "find() returns the first tool call block only; later ones in the same response are ignored";
export const FIND_PART_LOST =
  "find() returns the first function-call part only; later calls in the same response are ignored";
export const NEXT_LOST =
  "next(...) returns the first tool call block only; later ones in the same response are ignored";
export const NEXT_PART_LOST =
  "next(...) returns the first function-call part only; later calls in the same response are ignored";

/** The reason a finding is reported: its finder's own sentence when it gave one, else its rule's. */
export function whyFor(finding: RawFinding): string {
  return finding.lost ?? WHY[finding.rule];
}

/**
 * A name that holds a list of tool calls: tool_calls, toolCalls, toolUses, function_calls, toolCallList. A bare
 * `calls` is too common (mock.calls, recorded model calls) to count, except in `calls = [calls[0]]`, which says it all
 * by itself.
 */
export function isToolCallList(name: string, bareCalls = false): boolean {
  let w = words(name);
  if (w.length === 1 && w[0] === "calls") return bareCalls;
  // `toolCallList`, `tool_call_list` (a voice platform's webhook payload), `tool_calls_buffer`, `toolUseBlocks`: a
  // list named as one
  if (w.length > 2 && /^(?:list|buffer|array|arr|blocks)$/.test(w[w.length - 1]!)) w = w.slice(0, -1);
  const last = w[w.length - 1];
  const before = w[w.length - 2];
  return (
    // (`tools_calls`: a plural first word, as some write it)
    (before === "tool" || before === "function" || before === "tools" || before === "functions") &&
    (last === "calls" || last === "uses" || last === "use" || last === "call")
  );
}

/** Calls whose arguments are only shown or logged: a tool call read there is not lost from execution. */
export function isLogCall(callee: string): boolean {
  const w = words(callee);
  if (w.length === 0) return false;
  const first = w[0]!;
  const last = w[w.length - 1]!;
  // an assertion (expect, assert) checks the call; it runs nothing either
  if (first === "expect" || first === "assert" || first === "assert_that") return true;
  return (
    first === "console" ||
    first === "logger" ||
    first === "log" ||
    first === "logging" ||
    first === "print" ||
    first === "printf" ||
    (w.length <= 3 && /^(log|debug|info|warn|warning|error|trace|print|println|display|emit_log)$/.test(last))
  );
}

/**
 * What running a call reads: its arguments (`call.function.arguments`, `tc["parameters"]`, `tc.input`, `tc.args`,
 * `getattr(fn, "arguments")`). A loop that reads them and then leaves has run a call.
 */
export const READS_ARGUMENTS = /\b(?:arguments|parameters)\b|["']args["']|\.args\b|\.input\b|["']input["']/;
/** A loop body that runs the calls it goes over (or asks a model, or sends results back): it answers each one. */
export const RUNS_IN_THE_LOOP =
  /\b(?:run|exec|execute|invoke|handle|call|dispatch|perform|process)\w*\s*\(|\bawait\b|tool_call_id|["']role["']\s*:\s*["']tool["']|\.(?:create|send_message|generate_content|chat)\s*\(/i;
/**
 * A call that runs something, or keeps the call for running: `tool.run(...)`, `self._handle_tool_execution(...)`,
 * `await execute(args)`, `selected.append(ToolCall(...))`.
 */
const RUNS_SOMETHING = /(?:run|execute|exec|invoke|handle|dispatch|interpret|perform|(append|push))\w*[ \t]*\(/gi;
/**
 * The offset in a loop's body by which it has mentioned the call (`item`), read arguments and run something (the
 * end of the last of the three first matches), or -1 if it never does all three.
 */
export function ranBy(body: string, item: RegExp): number {
  let by = 0;
  for (const pattern of [item, READS_ARGUMENTS]) {
    const m = pattern.exec(body);
    if (!m) return -1;
    by = Math.max(by, m.index + m[0].length);
  }
  const ran = runsSomething(body, item) ?? dispatchedByName(body);
  return ran ? Math.max(by, ran.index + ran[0].length) : -1;
}

/** What an append or push keeps when it keeps a call or its answer: its arguments, or a tool result for its id. */
const KEEPS_A_CALL = /(?:args|input|arguments|parameters)\b|tool_?call_?id|tool_?use_?id|["']tool["']/i;

/**
 * The first call that runs something; an append or push counts when what it keeps is the call, its arguments or
 * its result (`chosen.append(ToolCall(call.name, args))`, `messages.append({"role": "tool", ...})`), not something
 * else (`matches.push(index)`), read in a bounded window.
 */
function runsSomething(body: string, item: RegExp): RegExpExecArray | null {
  RUNS_SOMETHING.lastIndex = 0;
  for (let m = RUNS_SOMETHING.exec(body); m; m = RUNS_SOMETHING.exec(body)) {
    if (!m[1]) return m;
    const kept = body.slice(m.index + m[0].length, m.index + m[0].length + 400);
    if (item.test(kept) || KEEPS_A_CALL.test(kept)) return m;
  }
  return null;
}

/** A name the call's is compared with (`== "lookup_order"`), a few a body. */
const COMPARED_NAME = /[=!]==?\s*["'`]([A-Za-z_$][\w$]{0,60})["'`]/g;

/** `if call.name == "lookup_order": return lookup_order(**args)`: the function of that name called, run by its name. */
function dispatchedByName(body: string): RegExpExecArray | null {
  COMPARED_NAME.lastIndex = 0;
  let looked = 0;
  for (let m = COMPARED_NAME.exec(body); m && looked < 8; m = COMPARED_NAME.exec(body), looked++) {
    const call = new RegExp(`(?<![\\w$.])${m[1]!.replace(/\$/g, "\\$")}\\s*\\(`).exec(body);
    if (call) return call;
  }
  return null;
}

const FINISH_WORDS = new Set([
  "finish",
  "final",
  "complete",
  "done",
  "submit",
  "answer",
  "respond",
  "stop",
  "end",
  "exit",
  "terminate",
  "return",
  "question",
  "ask",
]);
/**
 * The one tool a request offers is the answer's carrier (`format_sentence_verdicts`, `submit_response`,
 * `final_answer`): the response holds one call by design, even when the code runs it as a tool.
 */
export function namesAnAnswerTool(tool: string): boolean {
  // a tool written out (`{"name": "execute_python", "description": "... return the result"}`) goes by its name alone
  const name = /^\s*[{(]/.test(tool) ? /\bname["']?\s*[:=]\s*["'`]([\w.-]+)["'`]/.exec(tool)?.[1] : tool;
  return !!name && words(name).some((w) => FINISH_WORDS.has(w) || ANSWER_FORM_WORDS.has(w));
}
const ANSWER_FORM_WORDS = new Set(["format", "formatted", "formatting", "structured"]);
/**
 * A test that the call at hand ends the task (`output.is_final_answer`, `if call.name == "finish"`): a guard under it
 * refuses other calls only beside that one.
 */
export function testsAFinish(test: string): boolean {
  return namesAFinishTool(test) || words(test).some((w) => /^(?:final|finish|finished|submit)$/.test(w));
}

/**
 * A test naming the tool that ends the task (`"final_answer"`, `"complete_task"`, `"askUser"`: a quoted name with one
 * of those words), or the tool that carries a structured answer (`"get_formatted_result"`): leaving the loop at it is
 * the agent finishing, not a call dropped.
 */
export function namesAFinishTool(test: string): boolean {
  if (/structured/i.test(test)) return true;
  for (const m of test.matchAll(/["']([\w-]{1,80})["']/g)) if (namesAnAnswerTool(m[1]!)) return true;
  return false;
}

/**
 * A test that the response holds one call (`len(tool_calls) == 1`, `toolCalls.length === 1`): leaving the loop under it
 * leaves no other call behind.
 */
export function testsForOneCall(test: string): boolean {
  return /\blen\(\s*[\w.]+\s*\)\s*==\s*1\b|\.length\s*===?\s*1\b/.test(test.slice(0, 300));
}

/**
 * A test that the call hands the conversation to another agent (`is_handoff(name)`, `name in transfer_tools`,
 * `"transfer_to_billing"`): leaving the loop there is the hand-over, by design, as a finish is.
 */
export function testsAHandoff(test: string): boolean {
  return words(test.slice(0, 300)).some((w) => /^(handoff|handoffs|transfer|transfers)$/.test(w));
}

/**
 * A setting or helper named for the one-call behaviour itself (`use_only_first_toolcall`, `force_single_tool_call`,
 * `singleToolCall`): the code it gates, or its body, keeps one call only when that mode is asked for.
 */
export function namesTheOneCallOption(text: string): boolean {
  for (const name of text.slice(0, 300).match(/[A-Za-z_$][\w$]*/g) ?? []) {
    const w = words(name);
    if (
      w.some((x) => x === "single" || x === "only") &&
      w.some((x) => /^(?:tool|tools|call|calls|toolcall|toolcalls|function)$/.test(x))
    )
      return true;
  }
  return false;
}

/**
 * Does `test` read a setting named for the one-call mode that the file declares off by default
 * (`use_only_first_toolcall: bool = False`, `singleToolCall = false`, `{ singleToolCall: false }`)? The code it gates
 * runs only when someone turns the mode on. (One computed, or on by default, still drops calls: that is reported.)
 */
export function testsAModeOffByDefault(test: string, file: string): boolean {
  if (file !== modesFile) {
    modesFile = file;
    modesOff.clear();
  }
  for (const name of test.slice(0, 300).match(/[A-Za-z_$][\w$]*/g) ?? []) {
    if (!namesTheOneCallOption(name)) continue;
    // each mode's declaration looked for once a file, however many tests read it
    let off = modesOff.get(name);
    if (off === undefined) {
      const declared = new RegExp(
        `(?<![\\w$])${name.replace(/\$/g, "\\$")}["']?\\s*(?::\\s*(?:bool|boolean)\\s*)?[=:]\\s*(?:False|false)\\b`,
      );
      modesOff.set(name, (off = declared.test(file)));
    }
    if (off) return true;
  }
  return false;
}
let modesFile: string | undefined;
const modesOff = new Map<string, boolean>();

/** Words of a test that make a guard depend on a setting or experiment (then it is only likely to hold). */
export function namesASetting(name: string): boolean {
  return words(name).some((w) =>
    /^(enabled?|disabled?|experiments?|experimental|settings?|config|options?|feature|features|protocol|mode|allow|allowed|multiple|parallel)$/.test(
      w,
    ),
  );
}

/**
 * A test under which leaving the loop is an error path, not a call run and the rest dropped: the call failed, was
 * canceled, denied or halted by a guardrail (`if (canceled) break`, `if result.is_error: return`, `if (decision.action
 * === "halt")`).
 */
export function testsAFailure(test: string): boolean {
  // a status compared with a string says it as well as a name does (`status === "failed"`)
  return words(test.replace(/["'`]/g, " ")).some((w) =>
    /^(invalid|error|errors|failed|failure|fail|cancel|canceled|cancelled|abort|aborted|denied|deny|rejected|interrupted|exception|halt|halted|blocked|interrupt|interrupts)$/.test(
      w,
    ),
  );
}

/** Words of a test that says the call at hand is invalid: a flag set only there fires after an invalid call. */
export function namesAnInvalidCall(name: string): boolean {
  return words(name).some((w) =>
    /^(invalid|error|errors|missing|malformed|unknown|failed|failure|mistake|mistakes)$/.test(w),
  );
}

/** A callee that runs a tool: what a guard skips, when it refuses a call. */
export function runsATool(callee: string): boolean {
  return words(callee).some((w) => /^(execute|exec|run|invoke|handle|call|dispatch|perform|use|tool|tools)$/.test(w));
}

/** The first word of a callee that tests something (`isToolInput`, `validate_tool_args`): it runs nothing. */
const TESTS_SOMETHING = /^(?:is|has|check|validate|assert|should|can|verify)$/;

/** `"name": "search_docs"`, `name: "search_docs"`, `name="search_docs"` in a file: the names it declares (tools among them), a few a file. */
const DECLARED_NAME = /\b["']?name["']?\s*[:=]\s*["']([A-Za-z_]\w{2,60})["']/g;
let declaredNames: { file: string; called: RegExp | undefined } | undefined;

/**
 * Does `text` call a function named as the file declares a tool (`search_knowledge_base(**arguments)` after
 * `"name": "search_knowledge_base"`, or `getWeather(args)` after `name: "get_weather"`)? The code runs the call it
 * read, by its own function.
 */
export function callsADeclaredTool(text: string, file: string): boolean {
  if (declaredNames?.file !== file) {
    const names = new Set<string>();
    DECLARED_NAME.lastIndex = 0;
    for (let m = DECLARED_NAME.exec(file); m && names.size < 32; m = DECLARED_NAME.exec(file)) {
      names.add(m[1]!);
      // `get_weather` run by a function spelt `getWeather`, as TS/JS names its functions
      names.add(m[1]!.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    }
    // one pattern a file: a call of any of the names
    const called = names.size ? new RegExp(`(?<![\\w$.])(?:${[...names].join("|")})\\s*\\(`) : undefined;
    declaredNames = { file, called };
  }
  return declaredNames.called?.test(text) === true;
}

/**
 * Is `name` (a call held in a local) passed into a call that runs a tool, in `text`: `weatherTool.run(call.input)`,
 * `await execute(call)`? Each argument list is read up to its first `)` (at most 300 characters).
 */
export function runsItAsATool(text: string, name: string): boolean {
  const arg = new RegExp(`(?:^|[^\\w$.])${name.replace(/\$/g, "\\$")}\\b`);
  for (let open = text.indexOf("("); open >= 0; open = text.indexOf("(", open + 1)) {
    // the callee before the paren, read backwards (at most 100 characters), then the arguments to the first `)`
    let from = open;
    while (from > 0 && text[from - 1] === " ") from--;
    let start = from;
    while (start > 0 && from - start < 100 && /[\w$.]/.test(text[start - 1]!)) start--;
    const callee = text.slice(start, from);
    // `is_tool_input(call.input)`, `validateToolArgs(...)`: a test of the call runs nothing
    if (start === from || !runsATool(callee) || TESTS_SOMETHING.test(words(callee)[0] ?? "")) continue;
    const close = text.indexOf(")", open);
    const args = text.slice(open + 1, close < 0 ? Math.min(text.length, open + 300) : Math.min(close, open + 300));
    if (arg.test(args)) return true;
  }
  return false;
}

/**
 * A test that the response is over (`finish_reason == "tool_calls"`, `stopReason`, `message_stop`): a string emptied
 * under it is emptied once a turn, after every call's pieces, not between two calls.
 */
export const TESTS_THE_END = /finish_?reason|stop_?reason|message_?stop|\[DONE\]/i;
/** A test that a stream is over (its end, or its last chunk: `chunk.done`, `is_final`), which carries what it keeps. */
export const ENDS_THE_STREAM = new RegExp(
  String.raw`${TESTS_THE_END.source}|\bdone\b|is_?final|is_?last|\bfinal\b`,
  "i",
);
/**
 * A test that a streamed piece belongs to the first call (`tc.index === 0`): what is done under it is done once a
 * turn, not once a call.
 */
export const TESTS_THE_FIRST_INDEX = /\bindex\b["'\]]?\s*===?\s*0(?![\w.])/i;

/** Stream pieces: a list read through one of these is a per-chunk delta, not a complete response. */
export function namesAStreamPiece(name: string): boolean {
  return words(name).some((w) => /^(delta|deltas|chunk|chunks|fragment|fragments|partial|event|events)$/.test(w));
}

/**
 * An expression for a conversation's stored messages: `messages`, `this.chatHistory`, `enumerate(messages)`,
 * `history.slice(1)`, `toolCallRounds`: some name in it ends in messages, history, conversation, rounds or turns.
 */
export function namesMessages(expr: string): boolean {
  const head = expr.slice(0, 200);
  if (/(?:messages|history|conversations?)\b/i.test(head)) return true;
  // the stored turns of a conversation, not a count of them (`range(MAX_TOOL_TURNS)`, `self.max_rounds`)
  return !/^\s*range\(/.test(head) && /(?:^|[^\w$])(?!(?:max|min|num|n|total)_?)[\w$]*(?:rounds|turns)\b/i.test(head);
}

/**
 * `const call = response.functionCalls()`, `fc = response.function_calls  # the calls`: a name given a list of calls
 * (TS/JS or Python; a trailing comment allowed). Its `[0]` is the first call, whatever the name says.
 */
export const NAME_GIVEN_CALLS =
  /^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*[^=\n][^\n]{0,200}?(?:tools?_?calls|tool_?uses|function_?calls)(?:\(\))?[ \t;]*(?:(?:\/\/|#)[^\n]*)?$/gim;

/**
 * A file of a user interface (`gradio_ui.py`, `app/ui/chat.py`, `components/`, `views/`): it shows a conversation; a
 * model response's calls are run by the code that talks to the model, so a first call read there is a display.
 */
export function isUiPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const file = parts.pop() ?? "";
  // (not pages/: a Next.js pages/api/ route is server code that may run the calls; not frontend/: a client app's own
  // lib/ and services/ talk to the model and run its calls, as a browser agent does)
  // (`react-ui-base/`, `chat_ui/`: a package named for a user interface)
  if (parts.some((d) => /^(ui|tui|gui|components|views)$/i.test(d) || d.split(/[-_.]/).some((w) => /^ui$/i.test(w))))
    return true;
  // gradio_ui.py, chat_view.ts; not gen-ui-agent.ts (an agent that makes a user interface)
  const w = words(file.replace(/\.\w+$/, ""));
  return (
    /^(ui|view|views)$/.test(w[w.length - 1] ?? "") ||
    // (a logger formats what it is handed: `utils/logger.ts`, `logging_utils.py`)
    w.some((x) => /^(tui|gui|gradio|streamlit|printer|renderer|logger|logging)$/.test(x))
  );
}

/**
 * `while response["stopReason"] == "tool_use":`, `if finish_reason == "tool_calls":`: the file tests the model's stop
 * reason for tool calls, so it drives the tool loop itself (a Streamlit or Gradio app is often the whole agent, in a
 * file under `components/` or named for its UI); what it reads of a response it runs, not only shows.
 */
const TESTS_THE_STOP_REASON =
  /(?:stop_?reason|stopReason|finish_?reason|finishReason)\b["'\]]*\)?\s*[!=]==?\s*["'](?:tool_use|tool_calls|function_call)["']/;
export function drivesTheToolLoop(text: string): boolean {
  return TESTS_THE_STOP_REASON.test(text);
}

/**
 * A function or class whose name says it shows what it reads: printMessages, render_step, format_call, __repr__,
 * extractSummary.
 */
export function namesADisplay(name: string): boolean {
  if (name === "__str__" || name === "__repr__") return true;
  const w = words(name);
  return (
    /^(print|pprint|render|display|show|format|pretty|dump|describe)$/.test(w[0] ?? "") ||
    // and the code that records a response for observability (`add_span_attributes`, `trace_llm_call`,
    // `record_debug_info`)
    w.some((x) => /^(printer|renderer|formatter|display|view|span|spans|tracing|telemetry|metrics|debug)$/.test(x)) ||
    // and the code that sums a turn up in words (`extractSummary`, `summarize_step`)
    w.some((x) => /^(summary|summarize|summarise)$/.test(x))
  );
}

/**
 * `expected.tool_calls`, `golden_calls`, `ground_truth["tool_calls"]`: the answer an evaluation expects, written by
 * hand, not a model response whose later calls could be lost.
 */
export function namesAnExpectedAnswer(name: string): boolean {
  return words(name).some((w) => /^(expected|golden|gold|truth)$/.test(w));
}

/** A name for one call: functionCall, tool_call, toolUse (the slot a stream handler keeps the call in). */
export function isCallField(name: string): boolean {
  const w = words(name);
  return w.length === 2 && (w[0] === "tool" || w[0] === "function") && (w[1] === "call" || w[1] === "use");
}

/** `msg.role === "assistant"`, `message.get("role") == "tool"`: a test of a stored chat message's role (TS or Python). */
export function testsAMessageRole(condition: string): boolean {
  return /\brole["'`]?\)?\s*(?:===?|!==?|\bin\b)\s*["'`([]/.test(condition.slice(0, 300));
}

/** A test of a call's name or type against a literal, with no id in it: a filter by kind, not a lookup. */
export function testsACallKind(condition: string): boolean {
  return (
    condition.length < 300 &&
    /^(?![^\n]*(?:\bid\b|_id\b|Id\b))[^\n]*\b(?:name|type)\b[^\n]*(?:===?|!==?|\bin\b)\s*["'`([]/.test(condition)
  );
}

/** UI message parts (a chat UI's record), not the tool calls of a model response. */
export function namesUiParts(name: string): boolean {
  const w = words(name);
  return w[w.length - 1] === "parts";
}

/** The block types a response marks tool calls with. */
export const TOOL_BLOCK_TYPES = new Set([
  "tool_use",
  "tool_call",
  "tool-call",
  "function_call",
  "toolUse",
  "toolCall",
  "functionCall",
]);
/** The same types as a regular expression's group (`(?:tool_use|tool_call|...)`), for the patterns that look for them in text. */
export const BLOCK_TYPE = `(?:${[...TOOL_BLOCK_TYPES].join("|")})`;

/**
 * What a refusal of several calls tells the model: `"call exactly ONE tool per turn"`, `"Multiple tool calls
 * detected"`, `"use a single tool call"`. A branch that says it and leaves refuses the turn, even when it lists the
 * calls in its message.
 */
export const REFUSES_SEVERAL_IN_WORDS =
  /\b(?:one|single)\s+tool(?:\s+call)?s?\s+(?:per|at a time|each)\b|\bmultiple\s+tool\s+calls?\b|\b(?:a|one)\s+single\s+tool\s+call\b/i;

/** A name for a per-turn "a tool was already used" flag: didAlreadyUseTool, already_used_tool, toolAlreadyUsed. */
export function isAlreadyUsedToolFlag(name: string): boolean {
  const w = words(name);
  return w.includes("already") && w.includes("tool") && w.some((x) => x === "used" || x === "use" || x === "called");
}

/**
 * Words every pattern needs one of, in any ASCII case: git grep looks for them when scan audits, and so does the byte
 * test. Every flag name holds one of them too (parallel_tool_calls, parallelToolUse, PARALLEL-TOOL-CALLS), so
 * scan's flags and audit come from one search over the tree: a second one read every file again. Keep them rare in
 * ordinary code: a hint such as "slice(0" made scan read most files of a monorepo. And keep them few: git grep
 * searches each file once per word (about 17 ms a word at 60,000 files), so `toolCalls?.[0]` is found by its
 * "toolcall" and a bare `calls?.[0]`, which is only a finding when cut down as `calls = [calls[0]]`, has no word.
 */
export const AUDIT_HINTS = [
  "tool_call",
  "toolcall",
  "tool-call",
  "tool_use",
  "tooluse",
  "tool-use",
  "function_call",
  "functioncall",
  "already",
  "calls[0]",
];

const HINT = new RegExp(AUDIT_HINTS.map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|"), "i");

/** Does the file hold an audit hint, in any ASCII case? Bytes are read as Latin-1, as by the flag prefilter. */
export function holdsAuditHint(latin1: string): boolean {
  return HINT.test(latin1);
}

/**
 * Words a log line uses for a call it leaves (`keeping only the first`): `ignore` alone (type: ignore, @ts-ignore) is
 * too common to look at.
 */
const DISCARD = /[dD]iscard|[iI]gnor(?:ing|ed)|[sS]kipp|[dD]ropp|[oO]nly (?:the )?first\b/g;
const LOG_OF_A_CALL = /\b(?:log\w*|warn\w*|debug|info|print\w*|console\.\w+|logger\.\w+|logging\.\w+)\s*\(/i;
/** What follows the log line: a skip of this call (a bare return: one that hands back a value is a function's end). */
const SKIP = /^\s*(?:continue|break|return\s*;?\s*$)/;
/** What comes before it: `if captured:`, `if (captured) {`, `if x is not None:` (the guard on a call already held). */
const HELD_TEST =
  /^\s*(?:\}\s*)?(?:el)?if\s*\(?\s*[\w.$]+(?:\s+is\s+not\s+None|\s*!==?\s*(?:null|undefined))?\s*\)?\s*[:{]\s*$/;

/**
 * A log line that says a tool call is discarded (or ignored, skipped, dropped), first in an `if` on a held name, with
 * continue, break or a bare return as the next statement. Each line is read once, from the first discard word on it.
 */
export function logsADiscardThenSkips(text: string): boolean {
  return discardLines(text, true).length > 0;
}

/** The offsets of the discard words of such log lines (all of them, or the first only). */
export function discardLines(text: string, first = false): number[] {
  const out: number[] = [];
  DISCARD.lastIndex = 0;
  for (let m = DISCARD.exec(text); m; m = DISCARD.exec(text)) {
    const end = text.indexOf("\n", m.index);
    if (end < 0) break;
    DISCARD.lastIndex = end; // one look a line
    if (!discardThenSkip(text, m.index)) continue;
    out.push(m.index);
    if (first) break;
  }
  return out;
}

/** Is the discard word at `at` on a log line about a tool call, followed by continue, break or return? */
function discardThenSkip(text: string, at: number): boolean {
  // type: ignore, pyright: ignore[...], @ts-ignore, prettier-ignore: directives, not log lines
  if (text[at - 1] === "-" || text[at - 2] === ":") return false;
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  if (end < 0) return false;
  const line = text.slice(start, end);
  if (!LOG_OF_A_CALL.test(line) || !/tool|call/i.test(line)) return false;
  // the line before, past blank lines and a few comment lines (`# keeps the pairing valid`)
  let before = start - 1;
  let held = "";
  for (let looked = 0; looked < 4; looked++) {
    while (before > 0 && (text[before - 1] === "\n" || text[before - 1] === "\r")) before--;
    if (before <= 0) return false;
    held = text.slice(text.lastIndexOf("\n", before - 1) + 1, before).replace(/\r$/, "");
    if (!/^\s*(?:#|\/\/)/.test(held)) break;
    before = text.lastIndexOf("\n", before - 1);
  }
  if (!HELD_TEST.test(held)) return false;
  let next = end + 1;
  while (next < text.length && (text[next] === "\n" || text[next] === "\r")) next++;
  const nextEnd = text.indexOf("\n", next);
  return SKIP.test(text.slice(next, nextEnd < 0 ? text.length : nextEnd));
}

/**
 * Is there a match of `first` with a match of `then` after it on the same line? One pass over the matches of both, in
 * place of /first[^\n]*then/: that form reads the rest of the line again from every match of `first`, so a long line
 * with tens of thousands of them took minutes. Neither pattern may match a line break; a `then` that overlaps a
 * `first` is found all the same (a match of `then` is looked for from every offset past a `first`).
 */
export function laterOnALine(text: string, first: RegExp, then: RegExp): boolean {
  const firsts = new RegExp(first.source, first.flags.replace("g", "") + "g");
  const thens = new RegExp(then.source, then.flags.replace("g", "") + "g");
  // The first `then` at or after the end of the last `first` looked at; each stretch of text is searched once.
  let next: RegExpExecArray | null | undefined;
  for (let f = firsts.exec(text); f; f = firsts.exec(text)) {
    const from = f.index + f[0].length;
    if (next === undefined || (next !== null && next.index < from)) {
      thens.lastIndex = from;
      next = thens.exec(text);
    }
    if (next === null) return false;
    const lineEnd = text.indexOf("\n", f.index);
    if (lineEnd < 0 || next.index < lineEnd) return true;
    // No `then` after this `first` on its line: none after any later `first` of the line either.
    firsts.lastIndex = lineEnd + 1;
  }
  return false;
}

const TOOL_CHOICE = /\btool_?choice["']?\]?\s*[:=]\s*/gi;
/** `func_spec.openai_tool_choice_dict`: a choice read from an object (its root name), maybe the one offered tool's own. */
const CHOICE_OF_A_SPEC = /^([A-Za-z_$][\w$]*)\.[\w$]*tool_?choice[\w$]*\b(?!\s*\()/i;
const FREE_CHOICE = /^["'`](?:auto|none|required|any|)["'`]/i;
const FORCED_CHOICE = /^["'`][\w.-]+["'`]/;
/** `toolChoice: weatherTool`, `tool_choice=extract_schema`: a tool itself given as the choice. */
const FORCED_TOOL_NAME = /^[A-Za-z_$][\w$]*(?:Tool|_tool|Schema|_schema)\b(?!\s*\()/;
/** `tool_choice = ToolChoice(function=tool.function)`: a choice object built naming the one function to call. */
const FORCED_CHOICE_OBJECT = /^[A-Za-z_$][\w$.]*\(\s*(?:type\s*=\s*["']function["']\s*,\s*)?function\s*=/;
const STRUCTURED_OUTPUT =
  /with_?structured_?output|structured_?output\w*\s*\(|include_?raw|force_?tool_?call|forced_?tool/gi;
/**
 * `{ type: "tool", toolName: check.name }`: the AI SDK's choice of one tool, also when handed to a helper without its
 * `toolChoice` key (a tool's definition is never of type "tool"); and OpenAI's `{"type": "function", "function":
 * {"name": "summarize"}}`, whose function holds a name alone (a definition also describes it).
 */
const CHOICE_OF_ONE_TOOL =
  /\{\s*["']?type["']?\s*:\s*["'`]tool["'`]\s*,\s*["']?toolName["']?\s*:|\{\s*["']?type["']?\s*:\s*["'`]function["'`]\s*,\s*["']?function["']?\s*:\s*\{\s*["']?name["']?\s*:\s*["'`][\w.-]+["'`]\s*\}\s*\}/;
/** Gemini's `allowed_function_names: ["Book"]`: the model may call that one function only. */
const ONE_ALLOWED_FUNCTION = /allowed_?function_?names["']?\s*[:=]\s*\[\s*["'`][\w.-]+["'`]\s*,?\s*\]/i;
/** A stream event's type: `content_block_delta`, `content_block_stop`, `input_json_delta`. */
export const STREAM_EVENT = /_delta\b|content_block_(?:start|stop)/;
/** The field of a stream piece that holds a piece of a call's arguments. */
const ARGUMENT_PIECE = /^(?:arguments|partial_?json|input_?json)$/i;
/**
 * Does the field `name`, read by `text`, hold a piece of a call's arguments: `.arguments`, `.partial_json`, and
 * Bedrock's `delta.toolUse.input` (a plain `.input` is too common a name to count alone)?
 */
export function namesAnArgumentPiece(name: string, text: string): boolean {
  return ARGUMENT_PIECE.test(name) || (name === "input" && /tool_?use\W{0,4}input\W{0,2}$/i.test(text));
}
/**
 * ...of a tool call: the path names one (the legacy `function_call` is one call by the API's design: gluing its
 * pieces loses nothing).
 */
export const STREAMED_CALL = /tools?_?calls?|partial_?json|input_?json|tool_?use/i;
/**
 * An index read (`.index`, `.contentBlockIndex`, `["content_block_index"]`): stream fragments told apart by the call
 * they belong to.
 */
// (the prefix names what the index counts: a call, a block, an output item; `args.color_index` is a tool's own field)
export const READS_AN_INDEX =
  /\.(?:(?:tool_?call|content_?block|block|tool|call|output|item|part)_)?index\b|\.(?:contentBlock|block|tool|toolCall|call)Index\b|\[\s*["'](?:(?:tool_?call|content_?block|block|tool|call|output|item|part)_)?index["']\s*\]|\.get\(\s*["'](?:(?:tool_?call|content_?block|block|tool|call|output|item|part)_)?index["']/;
const EVERY_INDEX_READ = new RegExp(READS_AN_INDEX.source, "g");
/**
 * The text reads an index to tell calls apart: an index read that is only compared with 0 (`tc.index === 0`) singles
 * out the first call, and tells no other apart.
 */
export function readsAnIndex(text: string): boolean {
  EVERY_INDEX_READ.lastIndex = 0;
  for (let m = EVERY_INDEX_READ.exec(text); m; m = EVERY_INDEX_READ.exec(text)) {
    const end = m.index + m[0].length;
    if (!/^\)?\s*===?\s*0(?![\w.])/.test(text.slice(end, end + 12))) return true;
  }
  return false;
}
export const SLOT_LOST =
  "keeps one tool block in a single slot, which each later tool block of the response overwrites: one call survives";
export const GLUED_LOST =
  "glues the argument fragments of every streamed tool call into one string, with nothing to tell the calls apart: one call survives";
export const MERGED_BY_POSITION_LOST =
  "merges each chunk's streamed call fragments by their place in the chunk, not by the call's index: every call's arguments run into the first";
/** A branch taken only when structured output is asked for (`elif response_schema:`): its one tool call is the answer. */
export const STRUCTURED_BRANCH = /schema|structured|response_?format|json_?mode/i;
/** A conversation handed over, not one response: its last message may come from any request. */
export const HANDED_A_CONVERSATION = /\b(?:messages|history|state|conversation)\b/i;
/** Where tools are handed to the model: `tools=`, `tools:`, `"tools":` in a call or an object, `bindTools(`. */
const TOOL_OFFER = /[(,{]\s*["']?tools["']?\s*[:=](?!=)|\bbind_?tools\s*\(/gi;

/**
 * Does every request of this file that offers tools force one (as many forcing choices as places offering tools, and
 * no free choice)? Then a response handed to another function of the file holds one call, whatever that function is
 * (`extractName(response)` after a request forcing `generate_name`): the file asks for structured output only.
 */
export function forcesEveryToolOffer(fileText: string): boolean {
  let forced = ONE_ALLOWED_FUNCTION.test(fileText) ? 1 : 0;
  TOOL_CHOICE.lastIndex = 0;
  for (let m = TOOL_CHOICE.exec(fileText); m; m = TOOL_CHOICE.exec(fileText)) {
    const value = fileText.slice(TOOL_CHOICE.lastIndex, TOOL_CHOICE.lastIndex + 300);
    if (FREE_CHOICE.test(value)) return false;
    if (
      value.startsWith("{")
        ? /^\{[^}]*\b(?:tool_?)?name\b/i.test(value)
        : FORCED_CHOICE.test(value) || FORCED_TOOL_NAME.test(value)
    )
      forced++;
  }
  if (forced === 0) return false;
  let offers = 0;
  TOOL_OFFER.lastIndex = 0;
  for (let m = TOOL_OFFER.exec(fileText); m; m = TOOL_OFFER.exec(fileText)) {
    // `tools=kwargs["tools"]`: an offer built elsewhere in the file, handed on (counted where it was built)
    if (/^\s*[\w.]+\[\s*["']tools["']\s*\]/.test(fileText.slice(TOOL_OFFER.lastIndex, TOOL_OFFER.lastIndex + 80)))
      continue;
    if (++offers > forced) return false;
  }
  return true;
}

/**
 * Where a function's text first forces the model to one tool, or asks for structured output through one, or -1. The
 * response holds one call by construction (its arguments are the answer), and reading the first is all there is:
 * `tool_choice: "route_query"`, `tool_choice={"type": "function", "function": {"name": ...}}`,
 * `withStructuredOutput(...)`, `include_raw=True`, a function named `_structured_output_using_tool`.
 */
export function forcedToolAt(fnText: string): number {
  const structured =
    structuredOutputAsked(fnText) ?? ONE_ALLOWED_FUNCTION.exec(fnText) ?? CHOICE_OF_ONE_TOOL.exec(fnText);
  const first = structured ? structured.index : -1;
  TOOL_CHOICE.lastIndex = 0;
  for (let m = TOOL_CHOICE.exec(fnText); m; m = TOOL_CHOICE.exec(fnText)) {
    if (first >= 0 && m.index > first) break;
    const value = fnText.slice(TOOL_CHOICE.lastIndex, TOOL_CHOICE.lastIndex + 300);
    const forced = value.startsWith("{")
      ? /^\{[^}]*\b(?:tool_?)?name\b/i.test(value)
      : (!FREE_CHOICE.test(value) && FORCED_CHOICE.test(value)) ||
        FORCED_TOOL_NAME.test(value) ||
        FORCED_CHOICE_OBJECT.test(value) ||
        choiceOfTheOfferedSpec(value, fnText);
    if (forced) return m.index;
  }
  return first;
}

/**
 * The first place a function's text asks for structured output (`with_structured_output(...)`, `include_raw=True`),
 * or the function's own name saying it is for that (`def _structured_output_using_tool(`, `invokeStructuredViaTools(`).
 * A name that merely may hold a schema (`structured_output: BaseModel | None = None`, `if structured_output:`) asks
 * for nothing: a function that takes one may still run tools (a branch taken only for it is read as such:
 * STRUCTURED_BRANCH).
 */
function structuredOutputAsked(fnText: string): RegExpExecArray | null {
  // a function's header (`def name(`, `async function name<T>(`, an arrow's or a method's bare `(`): its name, and the
  // parameter list from its `(` to the `)` that closes it; a module's text has neither
  const open = fnText.indexOf("(");
  const header =
    open >= 0
      ? /^\s*(?:export\s+)?(?:async\s+)?(?:(?:def|function\*?)\s+([\w$]+))?\s*(?:<[^(]*>)?\s*$/.exec(
          fnText.slice(0, open),
        )
      : null;
  if (header?.[1] && /structured/i.test(header[1])) return header;
  let close = -1;
  for (let i = open, depth = 0; header && i < fnText.length; i++) {
    const c = fnText[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && --depth === 0) {
      close = i;
      break;
    }
  }
  STRUCTURED_OUTPUT.lastIndex = 0;
  for (let m = STRUCTURED_OUTPUT.exec(fnText); m; m = STRUCTURED_OUTPUT.exec(fnText))
    if (!(m.index > open && m.index < close)) return m;
  return null;
}

/**
 * `tool_choice = func_spec.openai_tool_choice_dict` beside `tools = [func_spec.as_openai_tool_dict]`: the choice comes
 * from the same object as the one tool offered, its own forced choice.
 */
function choiceOfTheOfferedSpec(value: string, fnText: string): boolean {
  const spec = CHOICE_OF_A_SPEC.exec(value)?.[1];
  if (!spec) return false;
  const escaped = spec.replace(/\$/g, "\\$");
  return new RegExp(`["']?tools["']?\\]?\\s*[:=]\\s*\\[\\s*${escaped}\\.[\\w$]+\\s*,?\\s*\\]`).test(fnText);
}

/**
 * `tools=[...]` or `tools: [...]` handed to a call or an object, comments between the arguments allowed (not
 * `tools = [...]`, which may grow), `kwargs["tools"] = [...]` (the arguments built as a dict), `bindTools([`, or a
 * list of one name for a tool handed to a call by position (`generateContent(prompt, [CLASSIFY_TOOL])`); Gemini's
 * `function_declarations=[...]` too.
 */
const TOOLS_LIST =
  /(?:[(,{](?:\s|#[^\n]*\n|\/\/[^\n]*\n)*["']?(?:tools|available_?tools|tools_?to_?call_?from|function_?declarations)["']?\s*[:=]|\[\s*["']tools["']\s*\]\s*=|\bbind_?tools\s*\(|[(,](?=\s*\[\s*[A-Za-z_$][\w$.]*tool\s*,?\s*\]))\s*\[/gi;

/**
 * `tools=EVALUATE_TOOL`, `tools: this.tools`, `{ tools }`, `tools_to_call_from=tools` (smolagents), `available_tools`:
 * a list of tools offered by its name (or a field's).
 */
const TOOLS_BY_NAME =
  /[(,{]\s*["']?(?:tools|available_?tools|tools_?to_?call_?from)["']?(?:\s*[:=]\s*(?:self\.|this\.)?([A-Za-z_$][\w$]*))?\s*(?=[,)}\n])/gi;
/** How many lists offered by name are looked up in one text (a bound on the work). */
const NAMED_LISTS_LOOKED_AT = 8;

/**
 * `bindTools([extract])`, `tools=[schema]`, or `tools=EVALUATE_TOOL` (`tools=self.tools`) of a list of one that
 * `file` defines once and never grows: where one tool is offered to the model, with the tool's text when the list writes it
 * (`[WriteSection]`, also for a list offered by its name), or undefined. When the code then reads only
 * the arguments of the first call (never its name), that call is the answer (structured output); an agent that
 * dispatches on the name still runs what the model asked for, and loses the rest.
 */
export function oneToolOffered(text: string, file = text): { at: number; tool: string } | undefined {
  TOOLS_LIST.lastIndex = 0;
  for (let m = TOOLS_LIST.exec(text); m; m = TOOLS_LIST.exec(text)) {
    const list = listAt(text, TOOLS_LIST.lastIndex);
    if (list.one) return { at: m.index, tool: text.slice(TOOLS_LIST.lastIndex, list.end) };
    TOOLS_LIST.lastIndex = list.end;
  }
  TOOLS_BY_NAME.lastIndex = 0;
  let looked = 0;
  for (let m = TOOLS_BY_NAME.exec(text); m && looked < NAMED_LISTS_LOOKED_AT; m = TOOLS_BY_NAME.exec(text)) {
    looked++;
    const name = m[1] ?? "tools";
    // the function's own `tools = [...]` first (each function of a file may define its own), then the file's
    const tool = (file !== text ? definesAListOfOne(text, name) : undefined) ?? namesAListOfOne(file, name);
    if (tool !== undefined) return { at: m.index, tool };
  }
  return undefined;
}

/**
 * Does `later` run the one tool offered: a call of the function the list names (`get_weather(**args)` after
 * `tools=[get_weather]`), or of a function named as the file declares a tool, or a tool result sent back for it?
 */
export function runsTheOfferedTool(later: string, tool: string, file: string): boolean {
  const root = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(tool)?.[1];
  return (
    (!!root && new RegExp(`(?<![\\w$.])${root.replace(/\$/g, "\\$")}\\s*\\(`).test(later)) ||
    RUNS_A_TOOL_CALL.test(later) ||
    ANSWERS_THE_CALL.test(later) ||
    callsADeclaredTool(later, file)
  );
}

/** `handle_tool_call(...)`, `executeTool(...)`, `session.call_tool(...)`: a function named for running a tool call. */
/**
 * A tool's result sent back to the model (`"type": "tool_result"`, `role: "tool"`, `tool_call_id`, a function
 * response): the call was run as a tool; an answer read from a forced call is not answered.
 */
const ANSWERS_THE_CALL =
  /["'`]tool_result["'`]|["'`]?role["'`]?\s*[:=]\s*["'`]tool["'`]|\btool_?call_?id\b|\bfunction_?response\b|\bFunctionResponse\b/i;
const RUNS_A_TOOL_CALL = /(?<![\w$])(?:run|exec|execute|handle|invoke|call|dispatch|process)_?tool(?:_?call)?s?\s*\(/i;

/**
 * After a call's name is read: is it only compared with the name of the one tool offered (`== "WriteSection"` after
 * `bind_tools([WriteSection])`, `== func_spec.name` after `tools=[func_spec.as_tool]`)? With one tool offered, that
 * checks the answer; it chooses nothing among tools.
 */
export function comparedWithTheOfferedTool(after: string, tool: string): boolean {
  const m = /^\s*[!=]==?\s*(?:["'`](\w+)["'`]|([A-Za-z_$][\w$]*)(?:\.[\w$]+)*)/.exec(after);
  if (!m || !tool) return false;
  // a literal names the tool anywhere in its text (`"WriteSection"`, `name="lookup"`); a name must be one of its code
  // (`func_spec` of `func_spec.as_tool`), not a key of a schema written in it (`== name` beside `{"name": "lookup"}`)
  const [name, where] = m[1] ? [m[1], tool] : [m[2]!, tool.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, " ")];
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(where);
}

/** The names of the last file asked about, each with whether it names a list of one (each name read once a file). */
let listsOfOne: { file: string; byName: Map<string, string | null> } | undefined;

/**
 * `state["messages"][-1]`, `messages.at(-1)`, `this.messages.find(...)`, `history[i]`: a message read from a stored
 * conversation (the conversation's name right before an index or a lookup, not handed to a model call).
 */
export function readsAStoredMessage(expr: string): boolean {
  return (
    /(?:messages|history)["']?\]?\s*(?:\??\.)?(?:\[|at\(|find(?:Last)?\(|filter\()/.test(expr.slice(0, 120)) &&
    !/\b(?:invoke|ainvoke|create|generate\w*|complete|chat|stream)\s*\(/.test(expr)
  );
}

/** `tool_calls: [`, `tool_calls=[`, `toolCalls = [`: a message given a literal list of calls. */
const CALLS_LITERAL = /\b(?:tools?_?calls|toolCalls)["']?\s*[:=]\s*\[/g;
/** `response.tool_calls = `, `msg["tool_calls"] = `: the calls of a message set by the code. */
const CALLS_SET = /(?:\.(?:tools?_?calls|toolCalls)|\[["'](?:tools?_?calls|toolCalls)["']\])\s*=(?!=)/g;
/** A call named by a literal: `name: "plan"`, `"name": "Info"`, `name="Info"`. */
const NAMED_BY_A_LITERAL = /\bname["']?\s*[:=]\s*["'`]/;
/** An id taken from another call: `"id": tool_call["id"]`, `id: call.id`. */
const COPIES_AN_ID = /\bid["']?\s*[:=]\s*[^,\n}]{0,80}?(?:\.id\b|\[["']id["']\])/;
/** A test of a call's name against a literal: `tc.name === "Info"`, `tc["name"] == "Info"`. */
const NAME_TESTED = /\bname["']?\]?\s*===?\s*["'`]/;

/**
 * Does the file write the calls of the messages it keeps, each a call of a tool it names: a message built with one call
 * named by a literal (`tool_calls: [{ name: "plan", args, id }]`), or a message's calls set to those of one name
 * (`response.tool_calls = [next(tc for tc in calls if tc["name"] == "Info")]`, `= calls.filter((tc) => tc.name ===
 * "Info")`)? A graph whose nodes write such messages reads the first call of a stored message as the one it wrote. (A
 * message that copies a call the model made, `tool_calls: [toolCall]`, is not such a write: it is how a loss is echoed.)
 */
export function writesTheCallsItStores(file: string): boolean {
  CALLS_SET.lastIndex = 0;
  for (let m = CALLS_SET.exec(file); m; m = CALLS_SET.exec(file))
    if (NAME_TESTED.test(file.slice(m.index, m.index + 300).split("\n\n")[0]!)) return true;
  CALLS_LITERAL.lastIndex = 0;
  for (let m = CALLS_LITERAL.exec(file); m; m = CALLS_LITERAL.exec(file)) {
    const list = listAt(file, CALLS_LITERAL.lastIndex);
    const item = file.slice(CALLS_LITERAL.lastIndex, list.end).trimStart();
    // a call of its own, not one that answers or replaces a call the model made (`"id": tool_call["id"]`)
    if (list.one && /^[{(]|^new\b|^\w+\(/.test(item) && NAMED_BY_A_LITERAL.test(item) && !COPIES_AN_ID.test(item))
      return true;
    CALLS_LITERAL.lastIndex = Math.max(CALLS_LITERAL.lastIndex, list.end);
  }
  return false;
}

/** Does `file` define `name` once, as a list of one tool, and never add to it? (Cached: a file is asked many times.) */
function namesAListOfOne(file: string, name: string): string | undefined {
  if (listsOfOne?.file !== file) listsOfOne = { file, byName: new Map() };
  let one = listsOfOne.byName.get(name);
  if (one === undefined) listsOfOne.byName.set(name, (one = definesAListOfOne(file, name) ?? null));
  return one ?? undefined;
}

/** Where `text` defines `name` once, as a list of one tool, and never adds to it: the tool's text, or undefined. */
function definesAListOfOne(file: string, name: string): string | undefined {
  const escaped = name.replace(/\$/g, "\\$");
  const definitions = [
    ...file.matchAll(
      new RegExp(
        `^[ \\t]*(?:(?:export|private|public|protected|readonly|static)[ \\t]+)*(?:(?:const|let|var)[ \\t]+)?(?:self\\.|this\\.)?${escaped}(?:[ \\t]*:[^=\\n]+)?[ \\t]*=[ \\t]*\\[`,
        "gm",
      ),
    ),
  ];
  if (
    definitions.length !== 1 ||
    new RegExp(`\\b${escaped}\\s*(?:\\.\\s*(?:append|push|extend|concat|insert|unshift)\\b|\\+=)`).test(file)
  )
    return undefined;
  const start = definitions[0]!.index + definitions[0]![0].length;
  const list = listAt(file, start);
  return list.one ? file.slice(start, list.end) : undefined;
}

/** The list literal whose `[` is just before `start`: does it hold one item, and where does it end? */
function listAt(text: string, start: number): { one: boolean; end: number } {
  let depth = 0;
  let commas = 0;
  let i = start;
  // the items' text outside any bracket, strings left out (where a comprehension's `for ... in` is)
  let outer = "";
  let quote = "";
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      // (a quote left open at a line's end was an apostrophe in a comment, not a string)
      if (c === quote || c === "\n") quote = "";
      else if (c === "\\") i++;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "[" || c === "(" || c === "{") depth++;
    else if (c === "]" || c === ")" || c === "}") {
      if (depth === 0) break;
      depth--;
    } else if (c === "," && depth === 0) commas++;
    else if (depth === 0) outer += c;
  }
  const items = text.slice(start, i);
  // a trailing comma (`[tool,]`) still offers one; `[]` and `[...more]` do not
  const one =
    text[i] === "]" &&
    /\S/.test(items) &&
    !items.trimStart().startsWith("...") &&
    // `[{ functionDeclarations: tools }]`: Gemini's one entry holds every function; `[tools]`, `[self.tools]`: one
    // entry named for many (a Gemini Tool of several declarations)
    !/function_?declarations/i.test(items) &&
    !/^\s*(?:[\w$]+\.)*[\w$]*(?:tools|Tools|functions|Functions)\s*,?\s*$/.test(items) &&
    // `[tool for tool in all_tools if ...]`: a comprehension holds as many as it finds
    !/\bfor\b[^\n]*?\bin\b/.test(outer) &&
    (commas === 0 || (commas === 1 && /,\s*$/.test(items)));
  return { one, end: i };
}
