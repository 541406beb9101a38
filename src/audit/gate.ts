// The audit's text gate, one predicate per rule shape: can this file hold that shape? A file none admits is never
// parsed for the audit. Each predicate is a NECESSARY condition of its rule (it may say "yes" too often, never "no"
// where the rule would report). A new rule shape adds one entry to RULE_GATES.
// (A search by git grep -P for a line cue of each shape, so that only files holding such a line are read, was measured
// and dropped: on agent code it cost git more than it saved here, docs/benchmarks.md.)
import { BLOCK_TYPE, laterOnALine, logsADiscardThenSkips, NAME_GIVEN_CALLS, RUNS_IN_THE_LOOP } from "./patterns";
import { loopMayStopAfterFirst } from "./loop-gate";
import { pyLoopMayKeepTheLast, pyLoopMayStopAfterFirst } from "./python-loop-gate";

export interface RuleGate {
  /** The rule shape, as the predicate is named. */
  name: string;
  /**
   * What every text the predicate admits holds one of (a name for a list of calls, a quoted block type): looked for
   * once a text for all the predicates that need it, so a file with neither skips their passes over its text.
   */
  needs?: readonly Need[];
  /** Does the text hold this shape? `braces`: TypeScript or JavaScript, else Python. */
  admits(text: string, braces: boolean): boolean;
}

/** `tool_calls`, `toolUses`, `FUNCTION_CALLS`, `toolCallList`, `toolUseBlocks`: a name for a list of calls, in any case. */
const LIST_NAME = /tools?_?calls|tool_?uses|function_?calls|tool_?call_?list|tool_?(?:use|call)_?blocks/i;
/** `"tool_use"`, `'function_call'`: a quoted block type. */
const QUOTED_TYPE = new RegExp(String.raw`["'\`]${BLOCK_TYPE}["'\`]`);
/**
 * A lookup or filter whose callback compares with a quoted tool block type: `.filter((b) => b.type === "tool_use")`,
 * `.filter((b): b is ToolUseBlock => ...)` (a type guard), `.find(...)`, `next(b for b in ...)`.
 */
const FILTER_BY_TYPE = new RegExp(
  String.raw`\.filter\(\s*(?:\(\s*)?\w+\s*(?::[^)]{0,300})?(?:\)\s*(?::[^=;]{0,120})?)?=>[^;]{0,300}?["']${BLOCK_TYPE}["']`,
);
const FIND_BY_TYPE = new RegExp(
  String.raw`\.find\(\s*(?:\(\s*)?\w+\s*(?::[^)]{0,300})?(?:\)\s*(?::[^=;]{0,120})?)?=>[^;]{0,300}?["']${BLOCK_TYPE}["']`,
);
const FIND_FUNCTION_BY_TYPE = new RegExp(String.raw`\.find\(\s*function\b[^;]{0,300}?["']${BLOCK_TYPE}["']`);
const NEXT_BY_TYPE = new RegExp(String.raw`\bnext\(\s*\(?\s*\w+\s+for\b[^)]{0,300}?["']${BLOCK_TYPE}["']`);
export const NEEDS = {
  listName: (text: string) => LIST_NAME.test(text),
  quotedType: (text: string) => QUOTED_TYPE.test(text),
} as const;
export type Need = keyof typeof NEEDS;

// ---- first-call-only ----------------------------------------------------------------------------------------------

const BEFORE_FIRST =
  /(?:tools?_?calls?|tool_?uses?|function_?calls?|\bcalls)(?:_?(?:list|buffer|array|arr|blocks))?(?:["']\]|\(\))?[?!]?\.?$/i;

/** `toolCalls[0]`, `tool_calls?.[0]`, `toolCalls.at(0)`: each found by indexOf, the name before it read from a short window. */
function firstOfAList(text: string): boolean {
  for (const index of ["[0]", ".at(0)"])
    for (let at = text.indexOf(index); at >= 0; at = text.indexOf(index, at + index.length))
      if (BEFORE_FIRST.test(text.slice(Math.max(0, at - 20), at))) return true;
  return false;
}

/** `call[0]` of such a name (a few names a file: each is one more pass over the text). */
function firstOfANamedList(text: string): boolean {
  if (!text.includes("[0]")) return false;
  const names = new Set<string>();
  NAME_GIVEN_CALLS.lastIndex = 0;
  for (let m = NAME_GIVEN_CALLS.exec(text); m && names.size < 8; m = NAME_GIVEN_CALLS.exec(text)) names.add(m[1]!);
  for (const name of names) if (text.includes(`${name}[0]`)) return true;
  return false;
}

/** `const [call] = toolCalls`, `const [call] = getFunctionCalls(choice)`: the first call destructured (TS/JS). */
const FIRST_DESTRUCTURED =
  /\b(?:const|let|var)[ \t]*\[[ \t]*[\w$]+[ \t]*\][ \t]*=[^;\n]{0,200}?(?:tools?_?calls|tool_?uses|function_?calls)\b/i;

/**
 * `content.filter((b) => b.type === "tool_use")` (then its `[0]`), `[t for t in tool_calls if ...][0]`,
 * `uses = [b for b in content if b.type == "tool_use"]`: the first of a filtered list of tool calls.
 */
function firstOfAFilteredList(text: string): boolean {
  if (!text.includes("[0]")) return false;
  if (text.includes(".filter(") && FILTER_BY_TYPE.test(text)) return true;
  // Each look reads a bounded window of its line before the cue, so a long line costs one pass.
  const windowBefore = (at: number) => text.slice(Math.max(text.lastIndexOf("\n", at) + 1, at - 300), at);
  for (let at = text.indexOf("][0]"); at >= 0; at = text.indexOf("][0]", at + 4))
    if (/\bfor\s+\w+\s+in\s+[\w.]*(?:tools?_?calls|tool_?uses|function_?calls)\b/i.test(windowBefore(at))) return true;
  QUOTED_BLOCK_TYPE.lastIndex = 0;
  for (let m = QUOTED_BLOCK_TYPE.exec(text); m; m = QUOTED_BLOCK_TYPE.exec(text)) {
    const before = windowBefore(m.index);
    const open = before.lastIndexOf("[");
    const forAt = open < 0 ? -1 : before.indexOf(" for ", open);
    if (forAt >= 0 && before.indexOf(" if ", forAt) >= 0) return true;
  }
  return false;
}

const CALL_PART_TEST =
  /\bif[ \t]*\([ \t]*(?:!!)?\w+\??\.(?:functionCall|function_call|toolCall|tool_call|toolUse|tool_use)\b|\bif[ \t]+(?:\w+\.(?:function_call|tool_call|tool_use)\b|(?:has|get)attr\([ \t]*\w+[ \t]*,[ \t]*["'](?:function_call|tool_call|tool_use)["']|\w+\.get\([ \t]*["'](?:function_call|tool_call|tool_use)["']|["'](?:function_call|tool_call|tool_use|functionCall|toolCall|toolUse)["'][ \t]+in\b)/g;

/**
 * parts.find((p) => !!p.functionCall), next(p for p in parts if p.function_call), or `if part.function_call:` (`if
 * (part.functionCall)`) then a `break` or `return` on the next lines: the first Gemini call part.
 */
function firstCallPart(text: string): boolean {
  // candidates[0].content.parts[0].function_call, parts.at(0)?.functionCall, parts![0] (TS non-null)
  if (/\bparts!?(?:\?\.)?(?:\[[ \t]*0[ \t]*\]|\.at\(0\))/.test(text) && /function_?call/i.test(text)) return true;
  CALL_PART_TEST.lastIndex = 0;
  let tested = false;
  for (let m = CALL_PART_TEST.exec(text); m; m = CALL_PART_TEST.exec(text)) {
    // the branch's leave may come after a few lines of checks on the call (a deep indent takes many characters)
    if (/\b(?:break|return)\b/.test(text.slice(m.index, m.index + 400))) return true;
    tested = true;
  }
  return (
    (tested && text.includes("next(")) ||
    ((text.includes(".find(") || text.includes("next(")) &&
      (/(?:\.find\(\s*\(?\s*\w+\s*(?::[^)=]{0,80})?\)?\s*=>\s*(?:!!)?\s*\w+\??|\bif\s+\w+)\.(?:function_?call|tool_?call|tool_?use)\b/i.test(
        text,
      ) ||
        // `parts.find((part) => "functionCall" in part)`
        /\.find\(\s*\(?\s*\w+\s*(?::[^)=]{0,80})?\)?\s*=>\s*["'`](?:function_?call|tool_?call|tool_?use)["'`]\s+in\s+\w+/i.test(
          text,
        )))
  );
}

/** A quoted tool block type, then what a branch on it that returns a call or a name reads like. */
const QUOTED_BLOCK_TYPE = new RegExp(String.raw`["']${BLOCK_TYPE}["']`, "g");
const TYPE_TEST_BEFORE = /(?:\.type|\[["']type["']\]|\.get\(\s*["']type["']\s*\))\s*===?\s*$|\bcase\s+$/;
const RETURN_AFTER = /["'][\w-]+["']\s*\)?\s*[:{]?\s*return\s+(?:await\s+)?[\w$.]+\s*[(;\n]/y;

/**
 * From each quoted tool block type: a branch on it that returns (`if (b.type === "tool_use") return run(b)`,
 * `case "tool_use": return run(b)`), and, when the text has `.find(` or `next(`, a lookup by that type.
 */
function blockTypeCues(text: string, braces: boolean): boolean {
  QUOTED_BLOCK_TYPE.lastIndex = 0;
  let any = false;
  for (let m = QUOTED_BLOCK_TYPE.exec(text); m; m = QUOTED_BLOCK_TYPE.exec(text)) {
    any = true;
    // `if block.type != "tool_use": continue` (then the block is run and the loop left)
    if (
      /(?:\.type|\[["']type["']\])\s*!==?\s*$/.test(text.slice(Math.max(0, m.index - 40), m.index)) &&
      /^["'][\w-]+["']\s*\)?\s*:?\s*\{?\s*continue\b/.test(text.slice(m.index, m.index + 60))
    )
      return true;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!TYPE_TEST_BEFORE.test(before)) continue;
    RETURN_AFTER.lastIndex = m.index;
    if (RETURN_AFTER.test(text)) return true;
    // `selected = block.name` then `break` (or `return`) on the next lines of the branch: it leaves the loop
    const branch = braces
      ? /^["'][\w-]+["'][ \t]*\)[ \t]*\{[ \t]*\n(?:[^\n]*\n){0,3}[ \t]*(?:break|return)\b/
      : /^["'][\w-]+["'][ \t]*:[ \t]*(?:#[^\n]*)?\n(?:[^\n]*\n){0,3}[ \t]*(?:break|return)\b/;
    if (branch.test(text.slice(m.index, m.index + 400))) return true;
    // `use = block` (then `break`, or a single slot each tool block overwrites) on the next lines
    const item = /([A-Za-z_$][\w$]*)(?:\.type|\[["']type["']\])\s*===?\s*$/.exec(before)?.[1];
    const escaped = item?.replace(/\$/g, "\\$");
    if (
      item &&
      new RegExp(`\\n[ \\t]*[A-Za-z_$][\\w$]*[ \\t]*=[ \\t]*${escaped}[ \\t;]*(?:#[^\\n]*)?\\n`).test(
        text.slice(m.index, m.index + 200),
      )
    )
      return true;
    // `action["name"] = block["name"]`: a field of one slot written from the block (Python), on the next lines
    if (
      item &&
      !braces &&
      new RegExp(`\\n[ \\t]*\\w+(?:\\[["']\\w+["']\\]|\\.\\w+)[ \\t]*=[^=\\n][^\\n]*\\b${escaped}\\b`).test(
        text.slice(m.index, m.index + 400),
      )
    )
      return true;
  }
  return (
    any &&
    ((text.includes(".find(") && (FIND_BY_TYPE.test(text) || FIND_FUNCTION_BY_TYPE.test(text))) ||
      (text.includes("next(") && NEXT_BY_TYPE.test(text)))
  );
}

/**
 * `result.functionCall = { ... }`, `tool_call = ToolCall(...)` in a branch for a tool block: a single slot each block
 * overwrites.
 */
function singleSlot(text: string, braces: boolean): boolean {
  // the branch the rule reads tests the block's type (TS/JS: `.type === "tool_use"` or `case "tool_use":`; Python
  // also a call field, `if part.function_call:`)
  if (braces && PART_KEPT_TS.test(text)) return true;
  if (!QUOTED_TYPE.test(text) || !(braces ? TYPE_TESTED_TS : TYPE_TESTED_PY).test(text)) return false;
  return braces
    ? /(?:function_?call|tool_?call|tool_?use)\s*=\s*\{/i.test(text)
    : /(?:function_?call|tool_?call|tool_?use)\s*=\s*(?:\{|[A-Z]\w*\()/i.test(text);
}
/** `if (part.functionCall) { callPart = part`: a part tested for its call, then kept whole in a slot (TS/JS). */
const PART_KEPT_TS =
  /\bif[ \t]*\([ \t]*(?:!!)?[\w$]+\??\.(?:functionCall|function_call|toolCall|tool_call|toolUse|tool_use)[ \t]*\)[ \t]*\{?\s*[\w$]+[ \t]*=[ \t]*[\w$]+[ \t]*[;\n]/;
const TYPE_TESTED_TS = new RegExp(
  String.raw`\.type\s*===?\s*["'\`]${BLOCK_TYPE}["'\`]|\bcase\s+["'\`]${BLOCK_TYPE}["'\`]`,
);
/** Python: the type compared with a tool block's, or a call field tested (`if part.function_call:`). */
const TYPE_TESTED_PY = new RegExp(
  String.raw`(?:\.type|\[["']type["']\]|\.get\(\s*["']type["']\s*\))\s*==\s*["']${BLOCK_TYPE}["']|["']${BLOCK_TYPE}["']\s*==\s*\w|\bif[ \t]+[^\n:]{0,200}?(?:\.|["'])(?:function_?call|tool_?call|tool_?use|functionCall|toolCall|toolUse)\b`,
);

/** `block = response.content[0]`, `item = result.output[0]`: the first block of a response, maybe taken as the call. */
const FIRST_BLOCK = /\b(?:content|output)!?\??\.?\[\s*0\s*\]|\b(?:content|output)!?\??\.at\(\s*0\s*\)/;
/** `.type == "tool_use"`, `["type"] === "function_call"`, `"tool_use" == b.type`: a type compared with a call's. */
const TYPED_AS_A_CALL = new RegExp(
  String.raw`(?:\.type|\[["']?type["']?\])\s*===?\s*["'\`]${BLOCK_TYPE}["'\`]|["'\`]${BLOCK_TYPE}["'\`]\s*===?\s*[\w$.?!()\s]{0,80}(?:\.type\b|\[["']?type["']?\])`,
);
/** `content[0]["toolUse"]`, `content[0].get("toolUse")`: the first block's call read by its key (Bedrock). */
const FIRST_BLOCK_KEYED =
  /\b(?:content|output)(?:["']\])?[ \t]*\[[ \t]*0[ \t]*\][ \t]*(?:\[|\.get\()[ \t]*["']tool_?use["']/i;
function firstBlock(text: string): boolean {
  return (FIRST_BLOCK.test(text) && TYPED_AS_A_CALL.test(text)) || FIRST_BLOCK_KEYED.test(text);
}

/** `this.toolBlock = event.content_block` in a stream handler: a slot each tool block's start overwrites. */
function streamedBlockSlot(text: string): boolean {
  return (
    /content_?block_?start/i.test(text) &&
    /=\s*[\w$.?]*\.content_?block\b(?![\w$])|type:\s*["']tool_use["']|=[ \t]*\w+(?:\[[ \t]*["']toolUse["'][ \t]*\]|\.get\([ \t]*["']toolUse["'])/i.test(
      text,
    )
  );
}

/** `content[content.length - 1]`, `content.at(-1)`, `content[-1]`: the last block of a response, maybe taken as the call. */
const LAST_CONTENT_BLOCK =
  /\bcontent\s*\[\s*[\w.?]*content\??\.length\s*-\s*1\s*\]|\bcontent\??\.at\(\s*-1\s*\)|\bcontent(?:["']\])?\s*\[\s*-1\s*\]/;
function lastContentBlock(text: string): boolean {
  return LAST_CONTENT_BLOCK.test(text) && /tool_use|ToolUse|toolUse/.test(text);
}

// ---- loop-exits-after-first ---------------------------------------------------------------------------------------

/** `for (const c of toolCalls) { run(c); break }`: a loop over the calls whose body may end in a stop. */
function loopOverCalls(text: string, braces: boolean): boolean {
  return (
    laterOnALine(text, /\bfor\b/i, /(?:tools?_?calls|tool_?uses|function_?calls)\b/i) &&
    (braces ? loopMayStopAfterFirst(text) : pyLoopMayStopAfterFirst(text))
  );
}

// ---- one-tool-per-turn-guard --------------------------------------------------------------------------------------

/** `if self.already_used_tool: return`, `didAlreadyUseTool`. */
function alreadyUsedToolFlag(text: string): boolean {
  return (
    (text.includes("lready") || text.includes("LREADY")) &&
    /already_?used?_?(?:a_?)?tool|tool_?already_?used/i.test(text)
  );
}

/** `if len(tool_calls) != 1: raise`, `if (toolCalls.length > 1) throw`. */
function refusesSeveralCalls(text: string): boolean {
  return (
    /(?:!==?|>=?)\s*[12]\b/.test(text) &&
    /len\(\s*[\w.[\]"'-]*(?:tools?_?calls|tool_?uses|function_?calls)["'\]]*\s*\)\s*(?:!=\s*1|>\s*1|>=\s*2)|(?:tools?_?calls|tool_?uses|function_?calls)\??\.length\s*(?:!==?\s*1|>\s*1|>=\s*2)/i.test(
      text,
    )
  );
}

/** `if (tool.index !== 0) continue` in a loop over tool calls. */
function skipsLaterIndexes(text: string): boolean {
  return (
    text.includes("continue") &&
    /\b(?:index|idx)\s*(?:!==?|>)\s*0\b/.test(text) &&
    /(?:tools?_?calls|tool_?uses|function_?calls)\b/i.test(text)
  );
}

// ---- truncate-to-first --------------------------------------------------------------------------------------------

/** `toolCalls.slice(0, 1)`, `tool_calls[:1]` (its brackets maybe on lines of their own, as formatters write it). */
function sliceToFirst(text: string): boolean {
  return (
    // `msg.tool_calls = [copied[0]]`: the list set to one first element (of a copy, maybe)
    (text.includes("[0]") && SET_TO_A_FIRST.test(text)) ||
    (text.includes(".slice(0") &&
      laterOnALine(text, /(?:tools?_?calls|tool_?uses|function_?calls)\b/i, /\.slice\(0,\s*1\)/i)) ||
    (text.includes(":") &&
      /(?:tools?_?calls|tool_?uses|function_?calls)(?:_?(?:list|buffer|array|arr))?\b["']?\]?[ \t]*\[\s*(?:0\s*)?:\s*1\s*\]/i.test(
        text,
      ))
  );
}

const SET_TO_A_FIRST = /(?:tools?_?calls|tool_?uses|function_?calls)[ \t]*=[ \t]*\[[ \t]*\w+\[[ \t]*0[ \t]*\][ \t]*\]/i;

// ---- first-call-only: argument pieces glued into one string ---------------------------------------------------------

/**
 * A piece of a call's arguments read on a line: `.arguments`, `["arguments"]`, `.partial_json`, or a field named by a
 * string (`getattr(fn, "arguments")`, `.get("arguments")`).
 */
const PIECE_READ =
  /(?:\.|\[?["'])(?:arguments|partial_?json|input_?json)\b|tool_?use["'\]]{0,2}(?:\?|\?\.|\.|\[["'])input\b/i;
/** `name = delta.tool_calls[0].function.arguments` (or `const`, `let`): a name given a piece, on its line. */
const NAME_GIVEN_A_PIECE = /^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[^=\n][^\n]*$/gm;

/**
 * `args += delta.tool_calls[0].function.arguments`, or `args += piece` of a name given one on another line; in Python,
 * also `pieces.append(...)` of such a piece (a list of pieces joined later).
 */
function gluesArguments(text: string, braces: boolean): boolean {
  const glues = braces ? ["+="] : ["+=", ".append("];
  if (!glues.some((g) => text.includes(g))) return false;
  // each line read once, from its first glue (an append's argument may be written on the lines below it)
  for (const glue of glues)
    for (let at = text.indexOf(glue); at >= 0;) {
      const end = text.indexOf(glue === "+=" ? "\n" : ")", at);
      const line = text.slice(at, end < 0 ? text.length : end);
      if (PIECE_READ.test(line)) return true;
      at = end < 0 ? -1 : text.indexOf(glue, end);
    }
  const names: string[] = [];
  NAME_GIVEN_A_PIECE.lastIndex = 0;
  for (let m = NAME_GIVEN_A_PIECE.exec(text); m && names.length < 16; m = NAME_GIVEN_A_PIECE.exec(text))
    if (PIECE_READ.test(m[0])) names.push(m[1]!);
  return names.some((name) =>
    new RegExp(`(?:\\+=[ \\t]*|\\.append\\([ \\t]*)${name.replace(/\$/g, "\\$")}\\b`).test(text),
  );
}

// ---- first-call-only: the first call kept in a slot while it is empty --------------------------------------------------

/** `if chosen is None:` (or `if not chosen:`) then `chosen = tc` on the next line (Python). */
const KEPT_WHILE_EMPTY =
  /\bif[ \t]+(?:not[ \t]+([A-Za-z_]\w*)|([A-Za-z_]\w*)[ \t]+is[ \t]+None)[ \t]*:[ \t]*\n[ \t]*(\w+)[ \t]*=[ \t]*[A-Za-z_]\w*[ \t]*(?:#[^\n]*)?$/gm;

/** `if (!chosen) chosen = tc`, `if (chosen === null) {` then `chosen = tc` (TS/JS). */
const KEPT_WHILE_EMPTY_TS =
  /\bif[ \t]*\([ \t]*(?:!([\w$]+)|([\w$]+)[ \t]*===?[ \t]*(?:null|undefined))[ \t]*\)[ \t]*\{?\s*([\w$]+)[ \t]*=[ \t]*[\w$]+[ \t]*;?[ \t]*$/gm;
/** `for tc in tool_calls:`, `for (const tc of toolCalls)`: a loop over a list named for calls. */
const LOOP_OVER_CALLS = /^[ \t]*for\b[^\n]*\b(?:\w+_)?(?:tools?_?calls|tool_?uses|function_?calls)\b/im;
const LOOP_OVER_CALLS_TS = /\bfor[ \t]*\([^)\n]*\bof\b[^)\n]*(?:tools?_?calls|tool_?uses|function_?calls)\b/i;
/** `let query` (TS/JS): a name that may be set again, a few a text. */
const LET_NAME = /\blet[ \t]+([A-Za-z_$][\w$]*)/g;
/** `for (const tc of toolCalls) {`: a loop over calls whose body is a block, from its `for`. */
const LOOP_OVER_CALLS_BLOCK =
  /\bfor[ \t]*\([^)\n]*\bof\b[^)\n]*(?:tools?_?calls|tool_?uses|function_?calls)\b[^)\n]*\)[ \t]*\{/gi;
/**
 * A loop over calls that runs nothing in its body (read to its closing brace) and sets there, by a statement of its
 * own, a name declared with `let` (`query = args.query`): what the rule keepsTheLast reads (TS/JS). Errs on "yes"
 * past a budget of reading.
 */
function tsMayKeepTheLast(text: string): boolean {
  LET_NAME.lastIndex = 0;
  const names = new Set<string>();
  for (let m = LET_NAME.exec(text); m && names.size < 16; m = LET_NAME.exec(text)) names.add(m[1]!);
  if (names.size === 0) return false;
  const set = new RegExp(
    `^[ \\t]*(?:${[...names].map((n) => n.replace(/\$/g, "\\$")).join("|")})[ \\t]*=(?![=>])`,
    "m",
  );
  let budget = 8 * text.length + 10_000;
  LOOP_OVER_CALLS_BLOCK.lastIndex = 0;
  for (let m = LOOP_OVER_CALLS_BLOCK.exec(text); m; m = LOOP_OVER_CALLS_BLOCK.exec(text)) {
    const open = m.index + m[0].length;
    let depth = 1;
    let end = open;
    for (; end < text.length && depth > 0; end++) {
      const c = text[end];
      if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    budget -= end - open;
    if (budget < 0) return true;
    const body = text.slice(open, end);
    if (!RUNS_IN_THE_LOOP.test(body) && set.test(body)) return true;
  }
  return false;
}
/** `chosen ??= tc` (or `||=`), a whole statement (TS/JS). */
const KEPT_ONCE_TS = /[\w$][ \t]*(?:\?\?|\|\|)=[ \t]*[\w$]+[ \t]*;?[ \t]*$/m;

function keepsTheFirst(text: string, braces: boolean): boolean {
  // a loop over a list named for calls (it holds the gate's need, so the predicate says that alone too)
  if (!(braces ? LOOP_OVER_CALLS_TS : LOOP_OVER_CALLS).test(text)) return false;
  if (braces && KEPT_ONCE_TS.test(text)) return true;
  if (!text.includes("if")) return false;
  const pattern = braces ? KEPT_WHILE_EMPTY_TS : KEPT_WHILE_EMPTY;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) if ((m[1] ?? m[2]) === m[3]) return true;
  return false;
}

// ---- every call after the first answered without running it ----------------------------------------------------

const LATER_CALLS_TS = /calls\??\.slice\(\s*1\s*\)/gi;
const LATER_CALLS_PY = /calls[ \t]*\[[ \t]*1[ \t]*:[ \t]*\]/gi;
const FOR_OF_BEFORE = /\bfor\s*\([^)\n]*\bof\s+[\w.?$]*$/i;
/**
 * `for (const extra of toolCalls.slice(1))`, `for extra in tool_calls[1:]:`: from each `slice(1)` or `[1:]`, a `for`
 * header in a bounded window of its line before it (a line of thousands of `for`s costs one pass, not one a `for`).
 */
function loopsOverLaterCalls(text: string, braces: boolean): boolean {
  const later = braces ? LATER_CALLS_TS : LATER_CALLS_PY;
  later.lastIndex = 0;
  for (let m = later.exec(text); m; m = later.exec(text)) {
    const before = text.slice(Math.max(text.lastIndexOf("\n", m.index) + 1, m.index - 300), m.index);
    if (braces ? FOR_OF_BEFORE.test(before) : /\bfor\b/.test(before)) return true;
  }
  return false;
}

// ---- first-call-only: the calls kept across a stream, replaced by each chunk's ---------------------------------------

/** `.tool_calls`, `["toolCalls"]`: a list of calls read from something. */
const LIST_READ = /(?:\.|\[["'])(?:tools?_?calls|tool_?uses|function_?calls)\b/gi;
/** On the line before such a read: a name set there (not declared), `toolCalls = event.`, `calls = [c for c in chunk[`. */
const SET_BEFORE = /(?<![\w$.=!<>]|\b(?:const|let|var)[ \t]+)[A-Za-z_$][\w$.]*[ \t]*=[ \t]*[^=\n][^\n]*$/;
/**
 * What a stream's loop says (`for await`, a reader's `read()`, `async for`, a chunk's text glued: `+= chunk.content`),
 * or a handler of one chunk (a parameter named for a chunk), as the rule reads them.
 */
const STREAM_LOOP_TS = /\bfor[ \t]+await\b|\.read\(\)|\+=[^\n]{0,300}?\.(?:content|text|delta)\b/;
const STREAM_LOOP_PY =
  /\basync[ \t]+for\b|\+=[^\n]{0,300}?(?:\.(?:content|text|delta|response)\b|\[["'](?:content|text|delta)["']\])/;
const CHUNK_PARAMETER_TS = /[(,]\s*[\w$]*(?:chunk|event|delta)[\w$]*\s*\??\s*[:,)=]/i;
const CHUNK_PARAMETER_PY = /\(\s*self\s*,\s*\w*(?:chunk|event|delta)/i;
/**
 * `toolCalls = event.toolCalls`, `state.last = chunk.message.tool_calls.map(...)`, `calls = [c for c in
 * chunk["message"]["tool_calls"]]`: a name set (not declared) from a read of a list of calls on its line, looked for
 * from each read back over a bounded window of its line; in a text with a stream's loop, or (for a field set, `state.`
 * or `this.`) a handler of one chunk.
 */
function replacedPerChunk(text: string, braces: boolean): boolean {
  const loop = (braces ? STREAM_LOOP_TS : STREAM_LOOP_PY).test(text);
  const handler = !loop && (braces ? CHUNK_PARAMETER_TS : CHUNK_PARAMETER_PY).test(text);
  if (!loop && !handler) return false;
  LIST_READ.lastIndex = 0;
  for (let m = LIST_READ.exec(text); m; m = LIST_READ.exec(text)) {
    const before = text.slice(Math.max(text.lastIndexOf("\n", m.index) + 1, m.index - 300), m.index);
    if (!before.includes("=")) continue;
    const set = SET_BEFORE.exec(before);
    if (set && (loop || /^[A-Za-z_$][\w$]*\./.test(set[0]))) return true;
  }
  return false;
}

// ---- first-call-only: the calls kept by their tool's name ----------------------------------------------------------

/**
 * `results[fn.name] = ...`, `calls[tc["name"]] = tc`, `calls.set(tc.function.name, tc)`: a map keyed by a name, the
 * name's owner captured (`fn`, `tc.function`).
 */
const KEYED_BY_A_NAME =
  /\[[ \t]*([\w.$?]+?)(?:\??\.name|\[[ \t]*["']name["'][ \t]*\])[ \t]*\][ \t]*=(?!=)|\.set\([ \t]*([\w.$?]+?)\??\.name\b/g;
/** The rule's key is a call's name: read through a call's field, of a loop over calls, or of a name given a call. */
const THROUGH_A_CALL = /(?:^|\.)(?:item|function_?call|functionCall|tool_?call|toolCall|tool_?use|toolUse)\b/i;
function keyedByName(text: string, braces: boolean): boolean {
  KEYED_BY_A_NAME.lastIndex = 0;
  let looked = 0;
  const loops = braces ? LOOP_OVER_CALLS_TS : LOOP_OVER_CALLS;
  for (let m = KEYED_BY_A_NAME.exec(text); m && looked < 8; m = KEYED_BY_A_NAME.exec(text), looked++) {
    const owner = (m[1] ?? m[2]!).replace(/\?/g, "");
    if (THROUGH_A_CALL.test(owner)) return true;
    const root = /^[A-Za-z_$][\w$]*/.exec(owner)?.[0];
    if (!root) continue;
    if (loops.test(text)) return true;
    // a name given a call: `fn = part.function_call`, `if (fn := part.function_call)`, `const fc = part.functionCall`
    const given = new RegExp(
      `\\b${root.replace(/\$/g, "\\$")}[ \t]*:?=[ \t]*[^\n]{0,200}?(?:function_?call|tool_?call|tool_?use)`,
      "i",
    );
    if (given.test(text)) return true;
  }
  // past the bound, say yes: the rule reads it
  return looked >= 8;
}

// ---- the gates ------------------------------------------------------------------------------------------------------

/**
 * Every rule shape's gate. The order is the order of the tests: the cheap, frequent ones first (most files that
 * reach here are agent code, and each pass over the text costs about as much as the next).
 */
export const RULE_GATES: readonly RuleGate[] = [
  {
    name: "firstOfAList",
    admits: firstOfAList,
  },
  {
    name: "firstOfANamedList",
    needs: ["listName"],
    admits: (text) => firstOfANamedList(text),
  },
  {
    name: "firstDestructured",
    needs: ["listName"],
    admits: (text, braces) => braces && text.includes("[") && FIRST_DESTRUCTURED.test(text),
  },
  {
    name: "loopOverCalls",
    needs: ["listName"],
    admits: loopOverCalls,
  },
  {
    name: "blockTypeCues",
    needs: ["quotedType"],
    admits: (text, braces) => blockTypeCues(text, braces),
  },
  {
    name: "alreadyUsedToolFlag",
    admits: (text) => alreadyUsedToolFlag(text),
  },
  {
    name: "refusesSeveralCalls",
    needs: ["listName"],
    admits: (text) => refusesSeveralCalls(text),
  },
  {
    name: "sliceToFirst",
    needs: ["listName"],
    admits: (text) => sliceToFirst(text),
  },
  {
    name: "logsADiscardThenSkips",
    admits: (text) => logsADiscardThenSkips(text),
  },
  {
    name: "skipsLaterIndexes",
    needs: ["listName"],
    admits: (text) => skipsLaterIndexes(text),
  },
  {
    name: "firstOfAFilteredList",
    needs: ["listName", "quotedType"],
    admits: (text) => firstOfAFilteredList(text),
  },
  {
    name: "firstCallPart",
    admits: (text) => firstCallPart(text),
  },
  {
    name: "singleSlot",
    admits: (text, braces) => singleSlot(text, braces),
  },
  {
    name: "streamedBlockSlot",
    needs: ["quotedType"],
    admits: (text) => streamedBlockSlot(text),
  },
  {
    name: "firstBlock",
    admits: (text) => firstBlock(text),
  },
  {
    name: "lastContentBlock",
    admits: (text) => lastContentBlock(text),
  },
  {
    name: "answersLaterCalls",
    admits: (text, braces) =>
      braces
        ? loopsOverLaterCalls(text, true)
        : loopsOverLaterCalls(text, false) ||
          // a comprehension that answers every later call (`... for b in tool_blocks[1:]]`)
          (/tool_(?:call|use)_id/.test(text) &&
            /\bfor[ \t]+\w+[ \t]+in[ \t]+[\w.]+[ \t]*\[[ \t]*1[ \t]*:[ \t]*\]/.test(text)),
  },
  {
    name: "keepsTheFirst",
    needs: ["listName"],
    admits: (text, braces) => keepsTheFirst(text, braces),
  },
  {
    name: "replacedPerChunk",
    needs: ["listName"],
    admits: (text, braces) => replacedPerChunk(text, braces),
  },
  {
    name: "keepsTheLast",
    needs: ["listName"],
    admits: (text, braces) => (braces ? tsMayKeepTheLast(text) : LIST_NAME.test(text) && pyLoopMayKeepTheLast(text)),
  },
  {
    name: "keyedByName",
    admits: (text, braces) => keyedByName(text, braces),
  },
  {
    name: "gluesArguments",
    admits: (text, braces) => gluesArguments(text, braces),
  },
];

/**
 * Text test before any parse: can this file hold one of the rule shapes? `braces`: TypeScript or JavaScript (loops
 * read by loop-gate.ts), else Python (python-loop-gate.ts).
 */
export function mayDropCalls(text: string, braces: boolean): boolean {
  const held = new Map<Need, boolean>();
  const holds = (need: Need) => {
    let yes = held.get(need);
    if (yes === undefined) held.set(need, (yes = NEEDS[need](text)));
    return yes;
  };
  return RULE_GATES.some((g) => (!g.needs || g.needs.some(holds)) && g.admits(text, braces));
}
