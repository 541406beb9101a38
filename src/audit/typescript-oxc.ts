// Audit for TypeScript and JavaScript on oxc-parser's ESTree tree: the four rules of patterns.ts (DESIGN.md, audit).
// A finding needs a path that consumes the tool calls of a model response and keeps one of them; reads that lose
// nothing (a presence test, a log line, a lookup by id, a per-chunk stream delta, a list of one by construction) are
// left, whatever their spelling.
import { words } from "../catalog";
import { countWithin } from "./sorted";
import { isFunctionLike, isZero, staticText, walk, type EsNode, type Keys } from "../languages/estree/walk";
import {
  CAPTURE_LOST,
  FIRST_KEPT_LOST,
  LAST_KEPT_LOST,
  MESSAGE_KEEPS_ONE_LOST,
  perTurnGuardFinding,
  firstRoundLeavesLost,
  firstReadLost,
  runThenLeaveLost,
  LATER_CALLS_ANSWERED_LOST,
  KEYED_BY_NAME_LOST,
  REPLACED_PER_CHUNK_LOST,
  SECOND_CALL_STOP_LOST,
  TOOL_BRANCH_LOST,
} from "./assemble";
import {
  BLOCK_TYPE,
  FIND_LOST,
  forcedToolAt,
  forcesEveryToolOffer,
  GLUED_LOST,
  MERGED_BY_POSITION_LOST,
  HANDED_A_CONVERSATION,
  readsAnIndex,
  STREAMED_CALL,
  STRUCTURED_BRANCH,
  runsItAsATool,
  callsADeclaredTool,
  isCallField,
  oneToolOffered,
  namesAnAnswerTool,
  comparedWithTheOfferedTool,
  runsTheOfferedTool,
  namesADisplay,
  namesMessages,
  testsACallKind,
  testsAMessageRole,
  FIND_PART_LOST,
  isAlreadyUsedToolFlag,
  isLogCall,
  isToolCallList,
  namesAnInvalidCall,
  namesASetting,
  namesAStreamPiece,
  namesAnExpectedAnswer,
  TESTS_THE_END,
  ENDS_THE_STREAM,
  RUNS_IN_THE_LOOP,
  TESTS_THE_FIRST_INDEX,
  writesTheCallsItStores,
  readsAStoredMessage,
  namesUiParts,
  runsATool,
  TOOL_BLOCK_TYPES,
  type RawFinding,
  namesAFinishTool,
  namesTheOneCallOption,
  testsAModeOffByDefault,
  testsAHandoff,
  testsForOneCall,
  STREAM_EVENT,
  testsAFinish,
  testsAFailure,
  namesAnArgumentPiece,
  ranBy,
} from "./patterns";
import { escapeRegExp } from "../text";

/** Past this many whole-list reads of one list in one function, the list counts as read whole (a bound on the work). */
const USES_LOOKED_AT = 64;

/** A call's name read: `.name`, `.function.name`, `?.toolName`, `["name"]`. */
const NAME_FIELD = /^\??\.(?:function\??\.)?(?:name|toolName|tool_name)\b|^(?:\??\.function)?\??\.?\[["'`]name["'`]\]/;
/** A call's id read: `.id`, `?.toolCallId`, `["id"]`. */
const ID_FIELD = /^\??\.(?:id|toolCallId|tool_call_id)\b|^\??\.?\[["'`]id["'`]\]/;
/** A content block used as a tool call: its input read, or its type tested for a tool use. */
const TOOL_BLOCK_USE =
  /^\??\.input\b|^\??\.type\s*[!=]==?\s*["'`]tool_use["'`]|^\??\.toolUse\b|^\??\.?\[["'`]toolUse["'`]\]/;
/** A call's arguments read: `.args`, `.input`, `.function.arguments`. */
const ARGUMENTS_FIELD =
  /^\??\.(?:function\??\.)?(?:args|input|arguments|parameters)\b|^(?:\??\.function)?\??\.?\[["'`](?:args|input|arguments)["'`]\]/;

const WRAPPERS = new Set([
  "ParenthesizedExpression",
  "TSNonNullExpression",
  "TSAsExpression",
  "TSSatisfiesExpression",
  "ChainExpression",
]);
/** The statements that leave a loop's body (a `continue` goes on to the next element). */
const EXITS = new Set(["ReturnStatement", "BreakStatement", "ThrowStatement"]);
const LOOPS = new Set(["ForOfStatement", "ForInStatement", "ForStatement", "WhileStatement", "DoWhileStatement"]);
/** `chunk.message.content`, `delta.text`: a piece of a reply's text, glued from each chunk of a stream. */
const TEXT_PIECE = /\.(?:content|text|delta)\b/;
/** A test of a block's type against a tool block type: `block.type === "tool_use"`. */
/** A read of a call's name: `call.name`, `call.function.name`, `call["name"]`. */
const NAME_READ_TS = /\.name\b|\[\s*["'`]name["'`]\s*\]/;
const TOOL_TYPE_TEST = new RegExp(String.raw`\.type\s*===?\s*["'\`]${BLOCK_TYPE}["'\`]`);

/** `[...calls]`, `Array.from(calls)`, `calls.slice()`: a copy of a list of calls. */
const COPY_OF_CALLS =
  /^(?:\[\.\.\.|Array\.from\()?[\w$.?]*(?:tools?_?calls|tool_?uses|function_?calls)(?:\]|\)|\.slice\(\)|\.concat\(\))?$/i;
/** A name for one call: `toolCall`, `tool_call`, `currentCall`, `call`. */
const ONE_CALL_NAME = /^(?:[a-z]+_?)?(?:tool_?call|tool_?use|function_?call|call)$/i;
/**
 * `toolCall.tool_calls[0]`: the calls of a thing named for one call (a message made for each call of a response): it
 * holds that one call.
 */
function ownedByOneCall(list: EsNode): boolean {
  const e = peel(list);
  const owner = e.type === "MemberExpression" ? peel(e.object) : undefined;
  return owner?.type === "Identifier" && ONE_CALL_NAME.test(owner.name);
}

/** Parents must be set: the finder's walk (estree.ts) sets them before the audit runs. */
/**
 * `shows`: a file of a user interface (JSX components, a ui/ folder). It shows a conversation; a model response's calls
 * are run by the code that talks to the model, so a first call read there is a display, not a loss.
 */
export function auditEstree(
  program: EsNode,
  text: string,
  keys: Keys,
  { shows: uiFile = false, jsx = false } = {},
): RawFinding[] {
  const shows = uiFile || jsx;
  const findings: RawFinding[] = [];
  const source = (node: EsNode) => text.slice(node.start, node.end);
  const key = (e: EsNode) =>
    (e.spreadOwner ? "..." : e.returned ? "return:" : "") + source(peel(e)).replace(/[?!]/g, "");

  /** `response.choices[0].message.tool_calls[0]` read while `response` is returned whole on that path: nothing dropped. */
  const ownerReturned = (read: EsNode, list: EsNode): boolean => {
    let root = peel(list);
    while (root.type === "MemberExpression") root = peel(root.object);
    if (root.type !== "Identifier") return false;
    const uses = usesOf(scopeOf(read)).get(`return:${root.name}`);
    return !!uses && uses.some((use) => !excludes(use, read));
  };

  /** `calls[0].function.arguments = fixed`: a write into the first call, not a read of it. */
  const written = (read: EsNode): boolean => {
    let n = read;
    while (n.parent && (WRAPPERS.has(n.parent.type) || (n.parent.type === "MemberExpression" && n.parent.object === n)))
      n = n.parent;
    return n.parent?.type === "AssignmentExpression" && n.parent.left === n;
  };

  /**
   * Inside `if (!parallelToolCalls)`: the parallel flag itself gates it, so switching the flag on removes it. So does a
   * one-call mode the file declares off (`useOnlyFirstToolCall = false`), or a helper named for that mode: the loss is
   * there only when someone asks for one call.
   */
  const gatedByTheFlag = (node: EsNode): boolean => {
    let p = node.parent;
    for (let c: EsNode = node; p && !isFunctionLike(p); c = p, p = p.parent) {
      if (
        (p.type === "IfStatement" || p.type === "ConditionalExpression") &&
        c === p.consequent &&
        (/parallel/i.test(source(p.test)) || testsAModeOffByDefault(source(p.test), text))
      )
        return true;
    }
    // the body of a helper named for the one-call mode (`function forceSingleToolCall(response) {`)
    const named =
      p?.id ??
      (p?.parent?.type === "VariableDeclarator" ||
      p?.parent?.type === "MethodDefinition" ||
      p?.parent?.type === "Property"
        ? (p.parent.id ?? p.parent.key)
        : undefined);
    return named?.type === "Identifier" && namesTheOneCallOption(named.name);
  };

  /** `if (toolCalls.length !== 1) throw ...`: every turn with several calls is refused. */
  const refusesSeveral = (node: EsNode): boolean => {
    const test = source(node.test).trim().replace(/\s+/g, " ");
    const m = /^([\w.$?[\]]+)\.length\s*(!==?\s*1|>\s*1|>=\s*2)$/.exec(test);
    // `calls && calls.length > 1`: present and more than one
    const both = /^([\w.$?[\]]+) && ([\w.$?[\]]+)\.length\s*(?:>\s*1|>=\s*2)$/.exec(test);
    const list = m?.[1] ?? (both && both[1] === both[2] ? both[1] : undefined);
    const name = list?.replace(/\?$/, "").split(".").pop() ?? "";
    if (!list || !isToolCallList(name)) return false;
    const body: EsNode[] = node.consequent.type === "BlockStatement" ? node.consequent.body : [node.consequent];
    if (body.some((s) => s.type === "ThrowStatement")) return true;
    // `if (calls && calls.length > 1) { ...; return askAgain(...) }`, `if (calls.length > 1) return { error }`: the turn
    // is left without a look at the calls (`!== 1` with a return may be a shortcut for one call, the rest run elsewhere)
    const several = !m || /^>/.test(m[2]!);
    if (several && body.some((s) => s.type === "ReturnStatement") && !source(node.consequent).includes(name))
      return true;
    // `while (...) { if (calls.length !== 1) { reAsk(); } else break; }`: asked again until the response holds one call
    let loop = node.parent;
    if (loop?.type === "BlockStatement") loop = loop.parent;
    return !!loop && LOOPS.has(loop.type) && !leavesLoop(node.consequent) && leavesLoop(node.alternate);
  };
  /** `msg` for `msg.tool_calls`, or for a name declared as `msg.tool_calls` in the function. */
  const ownerOf = (list: EsNode, read: EsNode): EsNode | undefined => {
    if (list.spreadOwner) return undefined;
    let l = peel(list);
    if (l.type === "Identifier") {
      const init = initsIn(scopeOf(read)).get(l.name as string);
      if (!init) return undefined;
      l = peel(init);
    }
    return l.type === "MemberExpression" ? peel(l.object) : undefined;
  };
  /** The first value each name is declared with in a function, nested functions included (one walk a function). */
  const inits = new Map<EsNode, Map<string, EsNode>>();
  const initsIn = (fn: EsNode): Map<string, EsNode> => {
    let found = inits.get(fn);
    if (found) return found;
    const byName = new Map<string, EsNode>();
    walk(fn, keys, (m) => {
      if (m.type === "VariableDeclarator" && m.id.type === "Identifier" && m.init && !byName.has(m.id.name))
        byName.set(m.id.name as string, m.init);
      return undefined;
    });
    inits.set(fn, (found = byName));
    return found;
  };
  const sameLine = (a: number, b: number) => !text.slice(Math.min(a, b), Math.max(a, b)).includes("\n");

  /** `list[0]`, `list.at(0)`: the list whose first element is read, or undefined. */
  const firstElementOf = (node: EsNode): EsNode | undefined => {
    const e = peel(node);
    if (e.type === "MemberExpression" && e.computed && isZero(e.property)) return e.object;
    if (e.type === "CallExpression" && isMethod(e.callee, "at") && e.arguments.length === 1 && isZero(e.arguments[0]))
      return e.callee.object;
    return undefined;
  };
  /** `toolCalls[0]`, `msg.tool_calls?.[0]`: the list expression, or undefined. */
  const firstOfList = (expr: EsNode | null | undefined, bareCalls = false): EsNode | undefined => {
    const list = expr ? firstElementOf(expr) : undefined;
    if (!list) return undefined;
    const name = lastName(list);
    if (name && isToolCallList(name, bareCalls)) return list;
    // `content.filter((b) => b.type === "tool_use")[0]`, or a name declared as that filter: the tool calls, filtered
    const l = peel(list);
    const filtered = l.type === "Identifier" ? initializerOf(l.name, l) : l;
    if (filtered && filtersToolCalls(peel(filtered))) return list;
    // `const call = response.functionCalls()` then `call[0]`: a name given the list of calls, whatever it is called
    const given = filtered && filtered !== l ? lastName(peel(filtered)) : undefined;
    return given && isToolCallList(given) ? list : undefined;
  };
  /**
   * `candidates[0].content.parts[0].functionCall`, `parts.at(0)?.functionCall`, or `const part = parts[0]` then
   * `part.functionCall`: the first part of a Gemini response taken as its call. A response with several calls holds
   * one part a call, so the later ones are dropped. The parts, or undefined.
   */
  const firstPartAsTheCall = (node: EsNode): EsNode | undefined => {
    const list = firstElementOf(node);
    if (!list || lastName(list) !== "parts" || !fromCandidates(list)) return undefined;
    // a function that reads no call's name runs no call: its one call's arguments are structured output's answer
    const scope = scopeOf(node);
    let named = nameReads.get(scope);
    if (named === undefined) nameReads.set(scope, (named = /\bname\b/.test(source(scope))));
    if (!named) return undefined;
    // the part's call, read as a call: `part.functionCall.args` alone is structured output's answer (a consumer that
    // runs calls reads which function each names)
    const readsTheCall = (n: EsNode) =>
      n.parent?.type === "MemberExpression" &&
      n.parent.object === n &&
      !n.parent.computed &&
      /^(?:functionCall|function_call)$/.test(n.parent.property.name ?? "") &&
      !(n.parent.parent?.type === "MemberExpression" && n.parent.parent.property?.name === "args");
    let at: EsNode = node;
    while (at.parent && WRAPPERS.has(at.parent.type)) at = at.parent;
    if (readsTheCall(at)) return list;
    // a name given the part, whose call is read after
    const declarator = at.parent?.type === "VariableDeclarator" && at.parent.init === at ? at.parent : undefined;
    if (declarator?.id.type !== "Identifier") return undefined;
    const uses = identifiersIn(scope).get(declarator.id.name as string) ?? [];
    // (in a loop, a use before the read sees the part the read gave in the round before: a follow-up response's part)
    let loop: EsNode | undefined = node.parent;
    while (loop && !isFunctionLike(loop) && !LOOPS.has(loop.type)) loop = loop.parent;
    const around = loop && LOOPS.has(loop.type) ? loop : undefined;
    return uses.some((n) => (n.start > node.end || (around && contains(around, n))) && readsTheCall(n))
      ? list
      : undefined;
  };
  /**
   * `const block = response.content[0]` then `if (block.type === "tool_use")`, `const item = result.output[0]` then
   * `if (item.type === "function_call")`: the first block (or output item) of a response this function asked for,
   * taken as its call when its type says it is one. A response with several calls holds one block a call, so the later
   * ones are dropped. The blocks, or undefined.
   */
  const firstBlockAsTheCall = (node: EsNode): EsNode | undefined => {
    const list = firstElementOf(node);
    if (!list || !/^(?:content|output)$/.test(lastName(list) ?? "") || !fromALocalCall(list)) return undefined;
    // its type compared with a call's (`.type === "tool_use"`)
    const typedAsACall = (n: EsNode): boolean => {
      let at = n;
      while (at.parent && WRAPPERS.has(at.parent.type)) at = at.parent;
      const field = at.parent;
      if (field?.type !== "MemberExpression" || field.object !== at || fieldName(field) !== "type") return false;
      let test: EsNode | undefined = field.parent;
      while (test && WRAPPERS.has(test.type)) test = test.parent;
      return (
        test?.type === "BinaryExpression" &&
        /^===?$/.test(test.operator) &&
        [test.left, test.right].some((side) => TOOL_BLOCK_TYPES.has(staticText(peel(side)) ?? ""))
      );
    };
    if (typedAsACall(node)) return list;
    // a name given the block, whose type is tested after
    let at: EsNode = node;
    while (at.parent && WRAPPERS.has(at.parent.type)) at = at.parent;
    const declarator = at.parent?.type === "VariableDeclarator" && at.parent.init === at ? at.parent : undefined;
    if (declarator?.id.type !== "Identifier") return undefined;
    const scope = scopeOf(node);
    const key = `${scope.start}:${declarator.id.name as string}`;
    let last = lastTypedAsACall.get(key);
    if (last === undefined) {
      last = -1;
      for (const use of identifiersIn(scope).get(declarator.id.name as string) ?? [])
        if (typedAsACall(use)) last = use.start;
      lastTypedAsACall.set(key, last);
    }
    return last > node.end ? list : undefined;
  };
  /** Per function and name, where the name's type is last tested as a call's (firstBlockAsTheCall), or -1. */
  const lastTypedAsACall = new Map<string, number>();
  /** `calls.filter(...)`, `content.filter((b) => b.type === "tool_use")`: a list of tool calls, some of them. */
  const filtersToolCalls = (e: EsNode): boolean => {
    if (e.type !== "CallExpression" || !isMethod(e.callee, "filter")) return false;
    if (isToolCallList(lastName(e.callee.object) ?? "")) return true;
    const callback = e.arguments[0] as EsNode | undefined;
    if (!callback || (callback.type !== "ArrowFunctionExpression" && callback.type !== "FunctionExpression"))
      return false;
    const predicate = predicateOf(callback);
    return !!predicate && testsOnlyToolType(predicate);
  };

  // ---- whole-list reads, per function, with the node that reads them (for the path test) ----
  const wholeLists = new Map<EsNode, Map<string, EsNode[]>>();
  const usesOf = (fn: EsNode): Map<string, EsNode[]> => {
    let uses = wholeLists.get(fn);
    if (!uses) wholeLists.set(fn, (uses = listsUsedWhole(fn)));
    return uses;
  };
  const listsUsedWhole = (fn: EsNode): Map<string, EsNode[]> => {
    const whole = new Map<string, EsNode[]>();
    const add = (e: EsNode, at: EsNode) => {
      if (insideLogCall(at)) return;
      const k = key(e);
      const list = whole.get(k) ?? [];
      if (list.length < USES_LOOKED_AT) list.push(at);
      whole.set(k, list);
    };
    walk(fn, keys, (n) => {
      if (n !== fn && isFunctionLike(n)) return false;
      if (n.type === "ForOfStatement" || n.type === "ForInStatement") add(n.right, n);
      else if (n.type === "SpreadElement") {
        add(n.argument, n);
        // `{ ...msg }`: the message that holds the list is passed on whole (rebuilt history), calls and all
        if (n.parent?.type === "ObjectExpression") add({ ...n.argument, spreadOwner: true }, n);
      } else if (n.type === "MemberExpression" && !n.computed) {
        if (findsAnotherBlockType(n) || rebuildsHistory(n)) return undefined;
        // `calls.at(0)` is another read of the first element, as `calls[0]` is: no use past it; `if (parts.some((p) =>
        // p.functionCall))` asks whether there is a call, and keeps none
        const call = n.parent;
        if (/^(?:some|every)$/.test(n.property.name) && call?.type === "CallExpression" && call.callee === n) {
          let t: EsNode = call;
          while (t.parent && (WRAPPERS.has(t.parent.type) || t.parent.type === "LogicalExpression")) t = t.parent;
          const p = t.parent;
          if ((p?.type === "IfStatement" || p?.type === "ConditionalExpression") && p.test === t) return undefined;
          if (p?.type === "UnaryExpression" && p.operator === "!") return undefined;
        }
        // `{ role: "assistant", tool_calls: toolCalls.map((tc) => ...) }`: the calls copied into the model's own message
        // of the history, each echoed, none run
        if (call?.type === "CallExpression" && call.callee === n && echoedIntoAMessage(call)) return undefined;
        // `calls.forEach((c, i) => logger.info(...))`: each call shown, none run
        const callback =
          call?.type === "CallExpression" && call.callee === n ? (call.arguments[0] as EsNode) : undefined;
        if (
          n.property.name === "forEach" &&
          callback &&
          (callback.type === "ArrowFunctionExpression" || callback.type === "FunctionExpression") &&
          onlyLogs(
            callback.body.type === "BlockStatement"
              ? callback.body
              : { type: "ExpressionStatement", expression: callback.body, start: 0, end: 0 },
          )
        )
          return undefined;
        if (
          n.property.name === "at" &&
          call?.type === "CallExpression" &&
          call.callee === n &&
          call.arguments.length === 1 &&
          isZero(call.arguments[0])
        )
          return undefined;
        if (
          n.property.name === "length"
            ? !isEmptinessTest(n) && !onlyLoggedCount(n)
            : /^(map|forEach|filter|reduce|flatMap|some|every|slice|entries|values|find|findLast|at|join)$/.test(
                n.property.name,
              )
        ) {
          add(n.object, n);
        }
      } else if (n.type === "MemberExpression" && n.computed) {
        // `calls[index] = {...}`, `calls[index].arguments += piece`, `if (!calls[index])`: the list filled by a stream,
        // not read
        if (!isZero(n.property) && !written(n) && !(n.parent?.type === "UnaryExpression" && n.parent.operator === "!"))
          add(n.object, n);
      } else if (n.type === "CallExpression" || n.type === "NewExpression") {
        // `console.log(toolCalls)` shows the list; it runs none of it (`expect(toolCalls)` checks how many it holds)
        const callee = source(n.callee);
        // `addMessage("assistant", content)`: the response kept as the assistant's message of the history, as `{ role:
        // "assistant", content }` is; it runs none of the calls
        const asTheAssistant = (n.arguments as EsNode[]).some((a) => staticText(peel(a)) === "assistant");
        if ((!isLogCall(callee) || /^(?:expect|assert)\b/.test(callee)) && !asTheAssistant)
          for (const arg of n.arguments as EsNode[]) add(arg, n);
      } else if (n.type === "ReturnStatement" && n.argument) {
        add(n.argument, n);
        add({ ...peel(n.argument), returned: true }, n);
        // `return { content, rawResponse: response }`: the response handed back whole, beside what was read of it
        const returned = peel(n.argument);
        if (returned.type === "ObjectExpression")
          for (const p of returned.properties as EsNode[])
            if (p.type === "Property" && peel(p.value).type === "Identifier")
              add({ ...peel(p.value), returned: true }, n);
      } else if (
        n.type === "AssignmentExpression" &&
        n.operator === "=" &&
        (peel(n.right).type === "Identifier" || peel(n.right).type === "MemberExpression")
      ) {
        add(n.right, n); // `this.toolCalls = calls`: the list kept whole
      } else if (
        n.type === "Property" &&
        n.value &&
        !n.computed &&
        // `const { tool_calls } = message` names the list; it hands nothing on
        n.parent?.type !== "ObjectPattern" &&
        !buildsAChatMessage(n.parent)
      ) {
        add(n.value, n); // `{ tool_calls: toolCalls }`: handed on whole
      }
      return undefined;
    });
    return whole;
  };

  /**
   * `thread.push(...response.content.map((c) => ...))`: the response's blocks copied into the conversation, as a
   * history message of the whole content is; it runs none of the calls.
   */
  const rebuildsHistory = (member: EsNode): boolean => {
    if (member.property.name !== "map") return false;
    const call = member.parent;
    const spread = call?.type === "CallExpression" && call.callee === member ? call.parent : undefined;
    const push = spread?.type === "SpreadElement" ? spread.parent : undefined;
    return (
      push?.type === "CallExpression" &&
      isMethod(push.callee, "push") &&
      /messages|thread|history|conversation/i.test(lastName(push.callee.object) ?? "")
    );
  };

  /**
   * `content.find((b) => b.type === "text")`: a lookup of a block of another type (text, thinking) reads no tool call,
   * so it does not make the list a whole-list use beside a find of the first tool block.
   */
  const findsAnotherBlockType = (member: EsNode): boolean => {
    if (!/^(find|findLast|filter|some|map|flatMap)$/.test(member.property.name)) return false;
    const call = member.parent;
    const callback = call?.type === "CallExpression" && call.callee === member ? call.arguments[0] : undefined;
    if (!callback || (callback.type !== "ArrowFunctionExpression" && callback.type !== "FunctionExpression"))
      return false;
    if (readsOnlyOtherFields(callback)) return true;
    const predicate = predicateOf(callback);
    // `b.type === "message" && b.role === "assistant"`: every test of an `&&` holds, so one of another type is enough
    const tests: EsNode[] = [];
    for (const stack = predicate ? [peel(predicate)] : []; stack.length;) {
      const e = stack.pop()!;
      if (e.type === "LogicalExpression" && e.operator === "&&") stack.push(peel(e.left), peel(e.right));
      else tests.push(e);
    }
    return tests.some((test) => {
      if (test.type !== "BinaryExpression" || !/^===?$/.test(test.operator)) return false;
      const typeRead = [test.left, test.right].map(peel).find(readsTheType);
      const kind = [test.left, test.right].map(peel).find((e) => e !== typeRead && blockKind(e) !== undefined);
      return !!kind && !!typeRead && !TOOL_BLOCK_TYPES.has(blockKind(kind)!);
    });
  };

  /**
   * `(part) => part?.text || ""`, `(p) => p.inlineData?.mimeType === "image/png"`, `(p) => p[TEXT]`, `({ text }) =>
   * text`: a callback that reads only fields of each block that hold content, never a call, so no call is read there.
   */
  const readsOnlyOtherFields = (callback: EsNode): boolean => {
    const param = callback.params?.[0];
    if (callback.params?.length !== 1) return false;
    // `({ text }) => text`: only content fields taken from each block
    if (param?.type === "ObjectPattern")
      return (
        param.properties.length > 0 &&
        (param.properties as EsNode[]).every(
          (p) => p.type === "Property" && !p.computed && CONTENT_FIELD.test(staticText(p.key) ?? p.key?.name ?? ""),
        )
      );
    if (param?.type !== "Identifier") return false;
    let onlyOther = true;
    let any = false;
    walk(callback.body, keys, (n) => {
      if (!onlyOther) return false;
      if (n.type !== "Identifier" || n.name !== param.name) return undefined;
      const p = n.parent;
      // `p.text`, or `"text" in p`
      const field =
        p?.type === "MemberExpression" && p.object === n
          ? fieldName(p)
          : p?.type === "BinaryExpression" && p.operator === "in" && p.right === n
            ? staticText(peel(p.left))
            : undefined;
      if (field !== undefined && CONTENT_FIELD.test(field)) any = true;
      else onlyOther = false;
      return undefined;
    });
    return any && onlyOther;
  };

  /**
   * Inside a loop or callback over a list of messages (`messages.map((m) => ...)`, `for (const m of history)`,
   * `rounds.findLast((r) => ...)`), or of a stored turn looked up there: the read converts or finds one stored
   * message of a conversation, which holds what was kept of its turn; it runs nothing.
   */
  const convertsHistory = (read: EsNode): boolean => {
    // `rounds.findLast((r) => ...)?.toolCalls[0]`: the calls of a stored turn looked up in the history
    let owner = peel(read);
    while (owner.type === "MemberExpression" || owner.type === "ChainExpression")
      owner = peel(owner.type === "ChainExpression" ? owner.expression : owner.object);
    if (
      owner.type === "CallExpression" &&
      owner.callee.type === "MemberExpression" &&
      !owner.callee.computed &&
      /^(find|findLast)$/.test(owner.callee.property.name) &&
      namesMessages(source(owner.callee.object))
    )
      return true;
    for (let c: EsNode = read, p = read.parent; p && !isFunctionLike(c); c = p, p = p.parent)
      if (
        (p.type === "IfStatement" || p.type === "ConditionalExpression") &&
        c === p.consequent &&
        testsAMessageRole(text.slice(p.test.start, Math.min(p.test.end, p.test.start + 300)))
      )
        return true;
    for (let c: EsNode = read, p = read.parent; p; c = p, p = p.parent) {
      if ((p.type === "ForOfStatement" || p.type === "ForInStatement") && c === p.body && !p.await)
        return namesMessages(source(p.right));
      if (isFunctionLike(c) && p.type === "CallExpression" && p.arguments.includes(c)) {
        const callee = peel(p.callee);
        if (
          callee.type === "MemberExpression" &&
          !callee.computed &&
          /^(map|flatMap|reduce|forEach|filter|find|findLast|findIndex|some|every)$/.test(callee.property.name)
        )
          return namesMessages(source(callee.object));
        return false;
      }
    }
    return false;
  };

  /**
   * `{ role: "assistant", content: response.content }`: a chat message built for the history. It keeps every call
   * of the response for the next request but runs none, so the list handed there is not used whole.
   */
  const buildsAChatMessage = (object: EsNode | undefined): boolean =>
    object?.type === "ObjectExpression" &&
    (object.properties as EsNode[]).some(
      (p) => p.type === "Property" && !p.computed && (p.key?.name ?? staticText(p.key)) === "role",
    );

  const echoedIntoAMessage = (expr: EsNode): boolean => {
    let at = expr;
    while (at.parent && WRAPPERS.has(at.parent.type)) at = at.parent;
    return at.parent?.type === "Property" && at.parent.value === at && buildsAChatMessage(at.parent.parent);
  };

  /** Does the list reach past its first element on a path through `read` (a use in a branch that excludes it does not)? */
  const usesWholeList = (read: EsNode, list: EsNode): boolean => {
    const owner = ownerOf(list, read);
    if (owner && usesWholeList(read, { ...owner, spreadOwner: true })) return true;
    const uses = usesOf(scopeOf(read)).get(key(list));
    if (!uses) return false;
    if (uses.length >= USES_LOOKED_AT) return true;
    return uses.some((use) => !contains(read, use) && !excludes(use, read));
  };

  /** Is `use` on no path through `read`: in the other branch of an if or switch, or in a branch that leaves before `read`? */
  const excludes = (use: EsNode, read: EsNode): boolean => {
    for (let c: EsNode = use, p = use.parent; p && !isFunctionLike(c); c = p, p = p.parent) {
      if (contains(p, read)) {
        // p is where the two paths meet
        if (p.type === "IfStatement" || p.type === "ConditionalExpression") {
          const other = c === p.consequent ? p.alternate : c === p.alternate ? p.consequent : undefined;
          return !!other && contains(other, read);
        }
        // `if (stop === "tool_use") { ...read...; return done }` then a use after the if: that path has left
        if ((p.type === "BlockStatement" || p.type === "Program") && use.start > read.start) {
          // the statement of the block that holds the read, found from the read up (a block may hold thousands)
          let at: EsNode | undefined = read;
          while (at && at.parent !== p) at = at.parent;
          const branch =
            at?.type !== "IfStatement"
              ? undefined
              : contains(at.consequent, read)
                ? at.consequent
                : at.alternate && contains(at.alternate, read)
                  ? at.alternate
                  : undefined;
          if (branch && exits(branch)) return true;
          // `if (calls[0].name === "finish") break` (a router on the first call): the path that leaves never reaches
          // the use after
          if (at?.type === "IfStatement" && contains(at.test, read) && exits(at.consequent)) return true;
          if (at && at.type !== "IfStatement" && routesOnTheFirstBefore(at, use)) return true;
        }
        return p.type === "SwitchStatement" && c.type === "SwitchCase";
      }
      if (use.start < read.start) {
        if (p.type === "IfStatement" && (c === p.consequent || c === p.alternate) && exits(c)) return true;
        if (p.type === "SwitchCase" && (p.consequent as EsNode[]).some(exits)) return true;
      }
    }
    return false;
  };

  /**
   * `const first = calls[0]`, `const name = first.function.name`, then `if (name === "final_answer") return ...` before
   * `use`: the router on the first call of `if (calls[0].name === "finish") break`, written through names. The path
   * that leaves never reaches the use after it.
   */
  const routesOnTheFirstBefore = (at: EsNode, use: EsNode): boolean => {
    const declared = at.type === "VariableDeclaration" ? (at.declarations[0] as EsNode | undefined) : undefined;
    if (declared?.id.type !== "Identifier") return false;
    const mentionsAny = (n: EsNode, names: Set<string>) =>
      [...names].some((name) => (identifiersIn(n).get(name) ?? []).length > 0);
    const names = new Set<string>([declared.id.name as string]);
    // the names given the call's name (`const firstName = first.function.name`): a router tests the name, not the type
    const named = new Set<string>();
    let looked = 0;
    const block = at.parent!.body as EsNode[];
    // the statement's place in its block, by its start (a block may hold thousands)
    let from = 0;
    for (let hi = block.length; from < hi;) {
      const mid = (from + hi) >> 1;
      if (block[mid]!.start <= at.start) from = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < block.length && looked < 16; i++, looked++) {
      const st = block[i]!;
      if (st.start >= use.start || contains(st, use)) break;
      if (st.type === "VariableDeclaration")
        for (const d of st.declarations as EsNode[])
          if (d.id.type === "Identifier" && d.init && mentionsAny(d.init, names)) {
            names.add(d.id.name as string);
            if (NAME_READ_TS.test(source(d.init))) named.add(d.id.name as string);
          }
      if (st.type !== "IfStatement" || !exits(st.consequent)) continue;
      const test = peel(st.test);
      if (test.type !== "BinaryExpression" || !/^===?$/.test(test.operator)) continue;
      const sides = [peel(test.left), peel(test.right)];
      const literal = sides.find((side) => isStringLike(side));
      const other = sides.find((side) => side !== literal);
      if (
        literal &&
        other &&
        (mentionsAny(other, named) || (mentionsAny(other, names) && NAME_READ_TS.test(source(other))))
      )
        return true;
    }
    return false;
  };

  /** `if (calls.length)`, `!calls.length`, `calls.length > 0`, `calls.length === 0`: only "is it empty?". */
  const isEmptinessTest = (lengthAccess: EsNode): boolean => {
    let n = lengthAccess;
    while (n.parent?.type === "ChainExpression") n = n.parent;
    const parent = n.parent!;
    if (parent.type === "IfStatement" || parent.type === "ConditionalExpression" || isPrefixOperator(parent))
      return true;
    if (parent.type === "LogicalExpression") return parent.operator === "&&" || parent.operator === "||";
    if (parent.type === "TemplateLiteral" || insideLogCall(parent)) return true; // shown, not used: `${calls.length} calls`
    if (parent.type !== "BinaryExpression") return false;
    const other = parent.left === n ? parent.right : parent.left;
    return isZero(other);
  };

  /**
   * `if (calls.length > 1) console.warn("using the first")`: the count decides only a log line, so the list is not
   * looked past its first element there (a branch that does more, or an else, is a use).
   */
  const onlyLoggedCount = (lengthAccess: EsNode): boolean => {
    let n = lengthAccess;
    while (
      n.parent &&
      (n.parent.type === "ChainExpression" ||
        n.parent.type === "BinaryExpression" ||
        n.parent.type === "LogicalExpression")
    )
      n = n.parent;
    const p = n.parent;
    return p?.type === "IfStatement" && p.test === n && !p.alternate && onlyLogs(p.consequent);
  };

  /** Only tested for presence: `if (x)`, `!x`, `a && x`, `x ? .. : ..`, `x == null`. */
  const onlyTested = (expr: EsNode): boolean => {
    let n = expr;
    // `calls[0].function != null`: a field of the first call tested for presence is a presence test too (but
    // `calls[0].name === "finish"` reads it)
    let field = false;
    while (
      n.parent &&
      (WRAPPERS.has(n.parent.type) ||
        (n.parent.type === "MemberExpression" && n.parent.object === n && !n.parent.computed))
    ) {
      if (n.parent.type === "MemberExpression") field = true;
      n = n.parent;
    }
    if (field) {
      // only `calls[0].function != null` and `calls[0].type === "function"` (a kind): `calls[0].name || ""` and
      // `calls[0].name === "x"` read the call
      if (n.parent?.type !== "BinaryExpression" || !/^[!=]==?$/.test(n.parent.operator)) return false;
      const other = n.parent.left === n ? n.parent.right : n.parent.left;
      if (!isNullish(other) && !(lastName(n) === "type" && isStringLike(peel(other)))) return false;
    }
    const parent = n.parent!;
    if (parent.type === "IfStatement" || parent.type === "WhileStatement") return parent.test === n;
    if (isPrefixOperator(parent)) return true;
    if (parent.type === "ConditionalExpression") return parent.test === n;
    // `calls[0] && ...` tests the call; `calls[0] || {}` gives it as the value (unless that value is only tested)
    if (parent.type === "LogicalExpression")
      return (parent.operator === "&&" && parent.left === n) || onlyTested(parent);
    if (parent.type === "BinaryExpression" && /^[!=]==?$/.test(parent.operator)) {
      const other = parent.left === n ? parent.right : parent.left;
      return isNullish(other) || onlyTested(parent);
    }
    return false;
  };

  /** Inside the arguments of a log or display call (console.log, logger.warn, print). */
  const insideLogCall = (node: EsNode): boolean => {
    for (let n: EsNode | undefined = node; n && !isFunctionLike(n) && !n.type.endsWith("Statement"); n = n.parent) {
      const p: EsNode | undefined = n.parent;
      if (
        p &&
        (p.type === "CallExpression" || p.type === "NewExpression") &&
        p.callee !== n &&
        isLogCall(source(p.callee))
      )
        return true;
    }
    return false;
  };

  /** A statement list that only logs (or nothing). */
  const onlyLogs = (stmt: EsNode | null | undefined): boolean => {
    if (!stmt) return true;
    const body: EsNode[] = stmt.type === "BlockStatement" ? stmt.body : [stmt];
    return body.every(
      (s) =>
        s.type === "ExpressionStatement" &&
        (() => {
          let e = peel(s.expression);
          if (e.type === "AwaitExpression") e = peel(e.argument);
          return e.type === "CallExpression" && isLogCall(source(e.callee));
        })(),
    );
  };

  /**
   * A read of the first call that only shows it: in a log call, or kept in a name that is only logged, tested for
   * presence, or tested in an `if` whose branch only logs.
   */
  const displayOnly = (read: EsNode): boolean => {
    if (insideLogCall(read)) return true;
    let n = read;
    while (n.parent && (WRAPPERS.has(n.parent.type) || (n.parent.type === "MemberExpression" && n.parent.object === n)))
      n = n.parent;
    const decl = n.parent;
    if (decl?.type !== "VariableDeclarator" || decl.init !== n || decl.id.type !== "Identifier") return false;
    const name = decl.id.name as string;
    let shownOnly = true;
    let used = false;
    // the name's identifiers, looked up in an index of the function (read once), not found by a walk per read
    for (const m of identifiersIn(scopeOf(decl)).get(name) ?? []) {
      if (!shownOnly) break;
      if (m === decl.id) continue;
      used = true;
      if (m.parent?.type === "MemberExpression" && m.parent.property === m && !m.parent.computed) continue;
      if (insideLogCall(m)) continue;
      let top = m;
      while (
        top.parent &&
        (WRAPPERS.has(top.parent.type) ||
          (top.parent.type === "MemberExpression" && top.parent.object === top) ||
          top.parent.type === "BinaryExpression" ||
          top.parent.type === "LogicalExpression" ||
          isPrefixOperator(top.parent))
      )
        top = top.parent;
      if (
        top.parent?.type === "IfStatement" &&
        top.parent.test === top &&
        onlyLogs(top.parent.consequent) &&
        onlyLogs(top.parent.alternate)
      )
        continue;
      shownOnly = false;
    }
    return used && shownOnly;
  };
  /** A function's identifiers by name, in order (read in one walk when first asked). */
  const identifierIndex = new Map<EsNode, Map<string, EsNode[]>>();
  const identifiersIn = (fn: EsNode): Map<string, EsNode[]> => {
    let found = identifierIndex.get(fn);
    if (found) return found;
    const byName = new Map<string, EsNode[]>();
    walk(fn, keys, (m) => {
      if (m.type === "Identifier") {
        const list = byName.get(m.name as string);
        if (list) list.push(m);
        else byName.set(m.name as string, [m]);
      }
      return undefined;
    });
    identifierIndex.set(fn, (found = byName));
    return found;
  };

  /** `const toolCalls = [one]` in the same function: a list of one call by construction. */
  /** Whether this file writes the calls of the messages it keeps (asked once, when a read needs it). */
  let writesCalls: boolean | undefined;
  /**
   * A stored message's calls (`state.messages.at(-1).tool_calls`, or a name given a message of the conversation) in a
   * file that writes the calls of the messages it keeps: the message is one it wrote, one call by construction.
   */
  const writtenHere = (list: EsNode): boolean =>
    tracedTo(list, (e) => readsAStoredMessage(source(e))) && (writesCalls ??= writesTheCallsItStores(text));
  /**
   * `const response = { choices: [{ message: { tool_calls: [{ ... }] } }] }` then `response.choices[0].message
   * .tool_calls[0]`: a response written in the code (an example, a mock), not one a model returned.
   */
  const writtenAsALiteral = (list: EsNode): boolean => {
    const field = lastName(list);
    return (
      !!field &&
      peel(list).type === "MemberExpression" &&
      tracedTo(list, (e) => {
        const o = peel(e);
        if (o.type !== "ObjectExpression") return false;
        // (each literal and field looked at once: a function may read one literal thousands of times)
        const key = `${o.start}:${field}`;
        let holds = literalFields.get(key);
        if (holds === undefined)
          literalFields.set(
            key,
            (holds = new RegExp(`["'\`]?${field.replace(/\$/g, "\\$")}["'\`]?\\s*:\\s*\\[`).test(source(o))),
          );
        return holds;
      })
    );
  };
  const literalFields = new Map<string, boolean>();
  const oneByConstruction = (read: EsNode, list: EsNode): boolean => {
    if (peel(list).type !== "Identifier") return false;
    const name = peel(list).name as string;
    let one = false;
    walk(scopeOf(read), keys, (m) => {
      if (one) return false;
      if (
        m.type === "VariableDeclarator" &&
        m.id.type === "Identifier" &&
        m.id.name === name &&
        m.init &&
        peel(m.init).type === "ArrayExpression" &&
        peel(m.init).elements.length === 1
      )
        one = true;
      return undefined;
    });
    return one;
  };

  /**
   * Each function's declarations, read in one walk when first asked: by name, the first declarator (`let slot`,
   * `let slot = null`) and the first value given (`const name = value`).
   */
  const declarations = new Map<
    EsNode,
    { declarators: Map<string, EsNode>; values: Map<string, EsNode>; destructured: Map<string, EsNode> }
  >();
  const declarationsIn = (fn: EsNode) => {
    let found = declarations.get(fn);
    if (found) return found;
    const declarators = new Map<string, EsNode>();
    const values = new Map<string, EsNode>();
    // `const { data: chatResponse } = init`: each name destructured, and the value it was taken from
    const destructured = new Map<string, EsNode>();
    walk(fn, keys, (m) => {
      if (m !== fn && isFunctionLike(m)) return false;
      if (m.type === "VariableDeclarator" && m.id.type === "ObjectPattern" && m.init)
        for (const p of m.id.properties as EsNode[])
          if (p.type === "Property" && peel(p.value).type === "Identifier" && !destructured.has(peel(p.value).name))
            destructured.set(peel(p.value).name as string, m.init);
      if (m.type !== "VariableDeclarator" || m.id.type !== "Identifier") return undefined;
      if (!declarators.has(m.id.name)) declarators.set(m.id.name, m);
      if (m.init && !values.has(m.id.name)) values.set(m.id.name, m.init);
      return undefined;
    });
    declarations.set(fn, (found = { declarators, values, destructured }));
    return found;
  };
  const declaredIn = (fn: EsNode): Map<string, EsNode> => declarationsIn(fn).values;
  const declaratorsIn = (fn: EsNode): Map<string, EsNode> => declarationsIn(fn).declarators;
  /** The value a local `const name = ...` (in a function around `from`) was given, if there is one. */
  const initializerOf = (name: string, from: EsNode): EsNode | undefined => {
    for (let fn: EsNode | undefined = scopeOf(from); fn; fn = fn.parent ? scopeOf(fn.parent) : undefined) {
      const init = declaredIn(fn).get(name);
      if (init || fn.type === "Program") return init;
    }
    return undefined;
  };

  /**
   * A per-chunk read of a stream: through a delta or chunk, or in a `for await` loop over a stream. The list may
   * have been taken from the chunk on an earlier line (`const calls = chunk.choices[0].delta.tool_calls`): its origin
   * counts, followed through a few local names.
   */
  const streamPiece = (read: EsNode, list: EsNode): boolean => {
    let e: EsNode | undefined = peel(list);
    for (let hops = 0; e;) {
      const name =
        e.type === "Identifier" ? e.name : e.type === "MemberExpression" && !e.computed ? e.property.name : undefined;
      if (name && namesAStreamPiece(name)) return true;
      const origin: EsNode | undefined = e.type === "Identifier" && hops < 3 ? initializerOf(e.name, e) : undefined;
      if (origin) hops++;
      e =
        origin !== undefined
          ? peel(origin)
          : e.type === "MemberExpression" || WRAPPERS.has(e.type)
            ? peel(e.object ?? e.expression)
            : e.type === "CallExpression"
              ? peel(e.callee)
              : undefined;
    }
    for (let n = read.parent; n && !isFunctionLike(n); n = n.parent)
      if (n.type === "ForOfStatement" && n.await) return true;
    return takenAsAFragment(read);
  };

  /** Per function, the names whose `.index` is read (`name.index`, `name?.index`), found in one pass of its text. */
  const indexReaders = new Map<EsNode, Set<string>>();
  /**
   * The element taken is a stream fragment by the way it is used: its `.index` is read (a fragment names the call it
   * belongs to by index; a complete response's calls carry none), or it is held in a name such as `chunk` or `delta`.
   */
  const takenAsAFragment = (read: EsNode): boolean => {
    let n = read;
    while (n.parent && WRAPPERS.has(n.parent.type)) n = n.parent;
    const p = n.parent;
    if (p?.type === "MemberExpression" && p.object === n && !p.computed && p.property.name === "index") return true;
    const scope = scopeOf(read);
    let names = indexReaders.get(scope);
    if (!names) {
      // `calls[0]?.index` and `call.index` alike: the text before `.index`, without `?` and `!`
      const plain = source(scope).replace(/[?!]/g, "");
      names = new Set([...plain.matchAll(/\.index\b/g)].map((m) => expressionBefore(plain, m.index)));
      indexReaders.set(scope, names);
    }
    if (names.has(source(read).replace(/[?!]/g, ""))) return true;
    if (p?.type !== "VariableDeclarator" || p.init !== n || p.id.type !== "Identifier") return false;
    return namesAStreamPiece(p.id.name) || names.has(p.id.name);
  };

  /**
   * `chunk.functionCalls`: a Gemini-style stream carries whole calls in each chunk, so its first is a loss there too;
   * only the `tool_calls` of an OpenAI-style delta are fragments of calls assembled elsewhere.
   */
  const wholeCallsPerChunk = (list: EsNode): boolean => {
    const w = words(lastName(list) ?? "");
    const l = peel(list);
    const origin = l.type === "Identifier" ? initializerOf(l.name, l) : undefined;
    if (w[0] === "function" && w[1] === "calls")
      return !/delta/i.test(`${source(list)} ${origin ? source(origin) : ""}`);
    // an Ollama chunk's `message.tool_calls`: a stream chunk's message, followed through local names, and no delta
    return (
      isToolCallList(lastName(list) ?? "") &&
      tracedTo(list, (e) => /\bchunk\b[^\n]*\bmessage\b/.test(source(e))) &&
      !tracedTo(list, (e) => /delta|additional_?kwargs|tool_?call_?chunks/i.test(source(e)))
    );
  };

  /** Where the list comes from, when that is another line: its declaration or parameter in the function around it. */
  const listOrigin = (list: EsNode, at: number): number | undefined => {
    let root: EsNode = peel(list);
    while (root.type === "MemberExpression") root = peel(root.object);
    if (root.type !== "Identifier" || root.name === "this") return undefined;
    const name = root.name as string;
    for (let fn: EsNode | undefined = scopeOf(list); fn; fn = fn.parent ? scopeOf(fn.parent) : undefined) {
      let found: number | undefined;
      walk(fn, keys, (m) => {
        if (found !== undefined) return false;
        if (m !== fn && isFunctionLike(m)) return false;
        if (m.type === "VariableDeclarator" && m.id.type === "Identifier" && m.id.name === name)
          found = (m.init ?? m).start;
        return undefined;
      });
      if (found === undefined && isFunctionLike(fn))
        for (const p of (fn.params ?? []) as EsNode[])
          if (
            (p.type === "Identifier" && p.name === name) ||
            (p.type === "TSParameterProperty" && p.parameter?.name === name)
          )
            found = p.start;
      if (found !== undefined) return found < at && !sameLine(found, at) ? found : undefined;
      if (fn.type === "Program") break;
    }
    return undefined;
  };

  // ---- first-call-only: a read of element 0 taken as THE call; one finding per function ----
  const reported = new Set<string>();
  const forced = new Map<EsNode, number>();
  const offered = new Map<EsNode, { at: number; tool: string } | null>();
  /**
   * Before `read`, does the function force one tool, or offer one whose call is read only for its arguments
   * (structured output)? That response holds one call.
   */
  /** A request forcing one tool before `node` in its function (asked once a function). */
  /** Where a function first forces one tool, as an offset into it, or -1 (read once a function). */
  const forcedAt = (scope: EsNode): number => {
    let at = forced.get(scope);
    // a method's or a declared function's name is outside its text: a name for structured output
    // (`invokeStructuredViaTools`) says so from the start
    if (at === undefined)
      forced.set(scope, (at = /structured/i.test(ownName(scope) ?? "") ? 0 : forcedToolAt(source(scope))));
    return at;
  };
  const forcedAbove = (node: EsNode, scope = scopeOf(node)): boolean => {
    const at = forcedAt(scope);
    return at >= 0 && scope.start + at < node.start;
  };
  /** A request forcing one tool before `node` in its function or a function around it (a stream handler's closure). */
  const forcedAround = (node: EsNode): boolean => {
    for (let fn: EsNode | undefined = scopeOf(node); fn; fn = fn.parent ? scopeOf(fn.parent) : undefined)
      if (forcedAbove(node, fn)) return true;
    return false;
  };
  const forcedBefore = (scope: EsNode, read: EsNode): boolean => {
    if (forcedAbove(read, scope)) return true;
    let one = offered.get(scope);
    if (one === undefined) offered.set(scope, (one = oneToolOffered(source(scope), text) ?? null));
    return (
      !!one &&
      scope.start + one.at < read.start &&
      (!handledAsACall(read, scope, one.tool) || namesAnAnswerTool(one.tool))
    );
  };
  /**
   * Is the first call handled as a tool call rather than read as an answer? The code looks at which tool was called
   * (`calls[0].name`, or `const call = calls[0]` then `call.function.name`), or answers the call by its id without
   * reading its arguments (a tool result for a tool it ran some other way), or runs it as a tool.
   */
  const handledAsACall = (read: EsNode, scope: EsNode, tool = ""): boolean => {
    // a name compared only with the one offered tool's checks the answer (it chooses nothing), unless the tool is run
    const later = text.slice(read.end, Math.min(scope.end, read.end + 4000));
    const checksTheAnswer = (after: string) =>
      comparedWithTheOfferedTool(after, tool) && !runsTheOfferedTool(later, tool, text);
    return (
      readsField(read, scope, NAME_FIELD, checksTheAnswer) ||
      (readsField(read, scope, ID_FIELD) && !readsField(read, scope, ARGUMENTS_FIELD))
    );
  };
  /** Is `field` read on the first call, right after the read or on a name given it (in a bounded window after it)? */
  const readsField = (
    read: EsNode,
    scope: EsNode,
    field: RegExp,
    passes: (after: string) => boolean = () => false,
  ): boolean => {
    /** The field at the start of `rest`, and not a read `passes` lets go. */
    const readHere = (rest: string) => {
      const m = field.exec(rest);
      return !!m && !passes(rest.slice(m.index + m[0].length, m.index + m[0].length + 120));
    };
    if (readHere(text.slice(read.end, read.end + 160))) return true;
    let n = read;
    // a Gemini part's call (`parts[0].functionCall`) is the call read
    while (
      n.parent &&
      (WRAPPERS.has(n.parent.type) ||
        (n.parent.type === "MemberExpression" &&
          n.parent.object === n &&
          !n.parent.computed &&
          /^(?:functionCall|function_call)$/.test(n.parent.property?.name ?? "")))
    )
      n = n.parent;
    if (n !== read && readHere(text.slice(n.end, n.end + 160))) return true;
    const holder =
      n.parent?.type === "VariableDeclarator" && n.parent.init === n
        ? n.parent.id
        : n.parent?.type === "AssignmentExpression" && n.parent.right === n
          ? n.parent.left
          : undefined;
    if (holder?.type !== "Identifier") return false;
    const name = holder.name as string;
    // the uses that follow, in a bounded window (a use far down the function is rare; the bound keeps it linear)
    const later = text.slice(n.parent!.end, Math.min(scope.end, n.parent!.end + 4000));
    for (let at = later.indexOf(name); at >= 0; at = later.indexOf(name, at + name.length)) {
      if (/[\w$]/.test(later[at - 1] ?? "")) continue;
      const after = later.slice(at + name.length, at + name.length + 160);
      if (readHere(after)) return true;
      // `const { name, args } = call`: the field destructured
      if (!/^\s*[\w$.?[(]/.test(after) && destructures(later.slice(Math.max(0, at - 200), at), field)) return true;
    }
    // `weatherTool.run(call.input)`: the call is run as a tool, not read as an answer
    return field === NAME_FIELD && (runsItAsATool(later, name) || callsADeclaredTool(later, text));
  };
  /** Does `before` end in a destructuring `{ name, args: a } =` (or `const {...} =`) that takes `field`? */
  const destructures = (before: string, field: RegExp): boolean => {
    const m = /\{([^{}]*)\}\s*=\s*$/.exec(before);
    return !!m && m[1]!.split(",").some((key) => field.test(`.${key.split(":")[0]!.trim()}`));
  };
  /** One key for one list of one response, however it is reached: `state:tool_calls` for `last.tool_calls`. */
  const sameListKey = (list: EsNode): string => {
    // the name the list hangs off, followed back through local names that read it (`const last = msgs.at(-1)`), up to
    // a name given a call's result (one response), with the list's own name
    let e: EsNode = peel(list);
    for (let hops = 0; hops < 4; hops++) {
      while (e.type === "MemberExpression" || (e.type === "CallExpression" && isAccessor(e.callee)))
        e = peel(e.type === "MemberExpression" ? e.object : e.callee.object);
      if (e.type !== "Identifier") return key(list);
      const init = initializerOf(e.name, e);
      if (!init || !/^(Identifier|MemberExpression|CallExpression)$/.test(peel(init).type)) break;
      if (peel(init).type === "CallExpression" && !isAccessor(peel(init).callee)) break;
      e = peel(init);
    }
    return `${source(e)}:${words(lastName(list) ?? "").join("_")}`;
  };
  /**
   * fromALocalCall, and through a name destructured from an awaited call (`const { data: chatResponse } = await
   * supabase.functions.invoke(...)`): the response asked for in this function.
   */
  const askedHere = (list: EsNode): boolean => {
    if (fromALocalCall(list)) return true;
    let e: EsNode | undefined = peel(list);
    for (let hops = 0; e && hops < 4; hops++) {
      while (e.type === "MemberExpression") e = peel(e.object);
      if (e.type !== "Identifier") return false;
      const init = initializerOf(e.name as string, e);
      if (init) {
        e = peel(init);
        continue;
      }
      const found = destructuredIn(scopeOf(list)).get(e.name as string);
      return !!found && (peel(found).type === "AwaitExpression" || peel(found).type === "CallExpression");
    }
    return false;
  };
  const destructuredIn = (fn: EsNode): Map<string, EsNode> => declarationsIn(fn).destructured;

  /** Is the list taken from what a call in this function returned (`const response = await model.invoke(...)`)? */
  const fromALocalCall = (list: EsNode): boolean => {
    let e: EsNode | undefined = peel(list);
    // through a few local names: `const choice = response.choices[0]`, `const response = await llm.invoke(...)`
    for (let hops = 0; e && hops < 4; hops++) {
      // `msgs.at(-1).tool_calls`: an accessor call reads what is already there
      while (e.type === "MemberExpression" || (e.type === "CallExpression" && isAccessor(e.callee)))
        e = peel(e.type === "MemberExpression" ? e.object : e.callee.object);
      if (e.type === "AwaitExpression" || e.type === "CallExpression") return true;
      if (e.type !== "Identifier") return false;
      const init = initializerOf(e.name, e);
      if (!init || scopeOf(init) !== scopeOf(list)) return false;
      e = peel(init);
    }
    return false;
  };
  /**
   * The path from a parameter of the list's function to the list (`response.message.tool_calls`, through a few local
   * names), when the list is read from one: something handed over. Else undefined.
   */
  const pathFromAParameter = (list: EsNode): string | undefined => {
    let e: EsNode | undefined = peel(list);
    let path = source(e);
    for (let hops = 0; e && hops < 4; hops++) {
      while (e.type === "MemberExpression" || (e.type === "CallExpression" && isAccessor(e.callee)))
        e = peel(e.type === "MemberExpression" ? e.object : e.callee.object);
      if (e.type !== "Identifier") return undefined;
      const init = initializerOf(e.name, e);
      if (!init) {
        const name = e.name as string;
        return (scopeOf(list).params ?? []).some((p: EsNode) => paramName(p) === name) ? path : undefined;
      }
      e = peel(init);
      path = `${source(e)} ${path}`;
    }
    return undefined;
  };
  let fileForces: boolean | undefined;
  /**
   * A response handed to this function, in a file whose every request offering tools forces one. Not a conversation
   * handed over (`state.messages`: its last message may come from another request), nor a function that makes its own
   * forced request (forcedBefore decides there).
   */
  const handedAForcedResponse = (list: EsNode, scope: EsNode): boolean => {
    const path = pathFromAParameter(list);
    return (
      path !== undefined &&
      !HANDED_A_CONVERSATION.test(path) &&
      forcedAt(scope) < 0 &&
      (fileForces ??= forcesEveryToolOffer(text))
    );
  };
  /** Is the function (or a class around it) named for showing what it reads: printMessages, render, Formatter? */
  /** The name a function (or class) goes by: its own, the variable's it is given to, or the method's or key's. */
  const ownName = (n: EsNode): string | undefined =>
    n.id?.type === "Identifier"
      ? n.id.name
      : isFunctionLike(n) && n.parent?.type === "VariableDeclarator" && n.parent.id.type === "Identifier"
        ? n.parent.id.name
        : isFunctionLike(n) && (n.parent?.type === "Property" || n.parent?.type === "MethodDefinition")
          ? (n.parent.key?.name as string | undefined)
          : undefined;
  const shownBy = (scope: EsNode): boolean => {
    for (let n: EsNode | undefined = scope; n; n = n.parent) {
      const name = ownName(n);
      if (name && (isFunctionLike(n) || /^Class/.test(n.type) || n.parent?.type === "VariableDeclarator"))
        if (namesADisplay(name)) return true;
    }
    return false;
  };
  const configured = new Map<EsNode, boolean>();
  /**
   * A callback in the options of a call that forces one tool (`createRouter({ tool_choice: "route", onRoute: ({ result
   * }) => result.toolCalls[0] })`): the response it is handed holds one call by construction.
   */
  const configForcesOne = (scope: EsNode): boolean => {
    let yes = configured.get(scope);
    if (yes !== undefined) return yes;
    let p = scope.parent;
    while (p && (p.type === "Property" || p.type === "ObjectExpression" || p.type === "ArrayExpression")) p = p.parent;
    yes = p !== scope.parent && p?.type === "CallExpression" && forcedToolAt(source(p)) >= 0;
    configured.set(scope, yes);
    return yes;
  };
  const guards = new Map<EsNode, EsNode[]>();
  /** Before the read, in its function: `if (calls.length !== 1) throw` (reported itself, as a guard). */
  const checkedToHoldOne = (scope: EsNode, read: EsNode, list: EsNode): boolean => {
    const found = refusingGuards(scope);
    const name = source(peel(list)).replace(/[?!]/g, "");
    return found.some((g) => g.start < read.start && source(g.test).replace(/[?!]/g, "").startsWith(`${name}.length`));
  };
  /** The guards of a function that refuse a response with several calls (read once a function). */
  const refusingGuards = (scope: EsNode): EsNode[] => {
    let found = guards.get(scope);
    if (!found) {
      const all: EsNode[] = [];
      walk(scope, keys, (n) => {
        if (all.length >= USES_LOOKED_AT) return false;
        if (n !== scope && isFunctionLike(n)) return false;
        if (n.type === "IfStatement" && refusesSeveral(n)) all.push(n);
        return undefined;
      });
      guards.set(scope, (found = all));
    }
    return found;
  };
  let callsByName: Map<string, EsNode[]> | undefined;
  const guardedCallers = new Map<EsNode, boolean>();
  /**
   * `toolMessage(response) { const call = response.choices[0].message.tool_calls[0] ... }`, where every call of the
   * function in the file comes after a guard of its caller that refuses a response with several calls: the response it
   * is handed holds one call (the loss is the guard's, reported there). The list must come from a parameter.
   */
  const calledBehindAGuard = (scope: EsNode, list: EsNode): boolean => {
    let root = peel(list);
    while (root.type === "MemberExpression") root = peel(root.object);
    const name = isFunctionLike(scope) ? ownName(scope) : undefined;
    if (root.type !== "Identifier" || !name) return false;
    if (!(scope.params as EsNode[]).some((p) => p.type === "Identifier" && p.name === root.name)) return false;
    let yes = guardedCallers.get(scope);
    if (yes === undefined) {
      if (!callsByName) {
        const index = new Map<string, EsNode[]>();
        walk(program, keys, (n) => {
          if (n.type !== "CallExpression") return undefined;
          const callee = peel(n.callee);
          const called =
            callee.type === "Identifier"
              ? callee.name
              : callee.type === "MemberExpression" && !callee.computed
                ? callee.property.name
                : undefined;
          if (typeof called === "string") {
            const sites = index.get(called);
            if (sites) sites.push(n);
            else index.set(called, [n]);
          }
          return undefined;
        });
        callsByName = index;
      }
      const sites = callsByName.get(name) ?? [];
      yes =
        sites.length > 0 &&
        sites.every((site) => {
          const caller = scopeOf(site);
          return caller !== scope && isFunctionLike(caller) && refusingGuards(caller).some((g) => g.end <= site.start);
        });
      guardedCallers.set(scope, yes);
    }
    return yes;
  };
  /**
   * `result.raw.tool_calls`, or `const rawResponse = response.raw` then `rawResponse.tool_calls`: the raw message beside
   * a structured output (`includeRaw`), whose one call is the answer.
   */
  const fromARawResponse = (list: EsNode): boolean => {
    const RAW = /\[\s*["'`]raw["'`]\s*\]|\braw\??\./;
    if (RAW.test(source(list))) return true;
    let root = peel(list);
    while (root.type === "MemberExpression") root = peel(root.object);
    const init = root.type === "Identifier" ? initializerOf(root.name, root) : undefined;
    return !!init && /(?:\.|\[["'`])raw\b/.test(source(init));
  };
  /** A getter (`get toolCall() { return this.toolCalls[0] }`): a type's accessor; what it loses is its callers' to say. */
  const singularMethods = new Map<EsNode, boolean>();
  const isAnAccessor = (scope: EsNode): boolean => {
    if (scope.parent?.type !== "MethodDefinition") return false;
    if (scope.parent.kind === "get") return true;
    // a singular method beside its plural (`getToolCall()` reading `this.getToolCalls()`): kept for callers that want one
    let beside = singularMethods.get(scope);
    if (beside === undefined) {
      const name = scope.parent.key?.type === "Identifier" ? (scope.parent.key.name as string) : undefined;
      beside = !!name && new RegExp(`\\bthis\\.${name.replace(/\$/g, "\\$")}s\\(\\s*\\)`).test(source(scope));
      singularMethods.set(scope, beside);
    }
    return beside;
  };

  /**
   * `response.content[response.content.length - 1] as ToolUseBlock`, `content.at(-1)` then `.type !== "tool_use"` or
   * `.input`: the last content block of a response taken as THE call. The list, or undefined.
   */
  const lastBlockAsTheCall = (read: EsNode): EsNode | undefined => {
    let list: EsNode;
    if (read.type === "MemberExpression" && read.computed) {
      const index = peel(read.property);
      const ofLength =
        index.type === "BinaryExpression" &&
        index.operator === "-" &&
        peel(index.right).type === "Literal" &&
        peel(index.right).value === 1 &&
        source(peel(index.left)).replace(/\?/g, "") === `${source(peel(read.object)).replace(/\?/g, "")}.length`;
      if (!ofLength) return undefined;
      list = read.object;
    } else if (read.type === "CallExpression" && read.arguments.length === 1) {
      const index = peel(read.arguments[0]);
      const minusOne = index.type === "UnaryExpression" && index.operator === "-" && peel(index.argument).value === 1;
      if (!minusOne) return undefined;
      list = read.callee.object;
    } else return undefined;
    if (lastName(list) !== "content") return undefined;
    // under a stream event's type (`case "content_block_delta"`): the block being streamed is the last one so far
    for (let p: EsNode | undefined = read.parent; p && !isFunctionLike(p); p = p.parent) {
      const test = p.type === "SwitchCase" || p.type === "IfStatement" ? p.test : undefined;
      if (test && STREAM_EVENT.test(source(test))) return undefined;
      if (
        p.type === "SwitchStatement" &&
        (p.cases as EsNode[]).some((c) => c.test && STREAM_EVENT.test(source(c.test)))
      )
        return undefined;
    }
    let n = read;
    while (n.parent && WRAPPERS.has(n.parent.type)) {
      if (n.parent.type === "TSAsExpression" && /ToolUse|ToolCall|FunctionCall/.test(source(n.parent.typeAnnotation)))
        return list;
      n = n.parent;
    }
    return readsField(read, scopeOf(read), TOOL_BLOCK_USE) ? list : undefined;
  };

  const firstRead = (node: EsNode) => {
    let ofCalls = shows ? undefined : firstOfList(node);
    // a JSX hook or component that asks for the response itself (`const res = await invoke(...)`) runs what it reads
    if (jsx && !uiFile) {
      const list = firstOfList(node);
      if (list && askedHere(list)) ofCalls = list;
    }
    // a Gemini stream's chunk holds whole parts, each a whole call: its first part drops the chunk's other calls
    const part = shows || ofCalls ? undefined : firstPartAsTheCall(node);
    const block = shows || ofCalls || part ? undefined : firstBlockAsTheCall(node);
    const first = ofCalls ?? part ?? block;
    const last = first || shows ? undefined : lastBlockAsTheCall(node);
    const list = first ?? last;
    if (!list) return;
    const scope = scopeOf(node);
    // one finding a list and function; a name given the same list's owner (`const last = msgs.at(-1)`) is the same list
    const id = `${scope.start}:${sameListKey(list)}`;
    if (reported.has(id)) return;
    if (
      onlyTested(node) ||
      shownBy(scope) ||
      (forcedBefore(scope, node) && fromALocalCall(list)) ||
      handedAForcedResponse(list, scope) ||
      configForcesOne(scope) ||
      fromARawResponse(list) ||
      namesAnExpectedAnswer(/^[\w$]*/.exec(source(list))![0]) ||
      ownedByOneCall(list) ||
      isAnAccessor(scope) ||
      checkedToHoldOne(scope, node, list) ||
      calledBehindAGuard(scope, list) ||
      convertsHistory(node) ||
      (streamPiece(node, list) && !wholeCallsPerChunk(list) && !part) ||
      written(node) ||
      displayOnly(node) ||
      usesWholeList(node, list) ||
      ownerReturned(node, list) ||
      oneByConstruction(node, list) ||
      writtenHere(list) ||
      gatedByTheFlag(node) ||
      drainsTheList(node, list) ||
      writtenAsALiteral(list) ||
      fallsBackFromALookup(scope, list)
    )
      return;
    if (truncation(node)) return; // reported as truncate-to-first
    reported.add(id);
    findings.push({
      rule: "first-call-only",
      confidence: "certain",
      start: statementStart(node),
      ...firstReadLost({ last, part, block }),
      listStart: listOrigin(list, node.start),
    });
  };

  /**
   * `const [call] = toolCalls`, `const [call] = getToolCalls(choice)`: the first call destructured, and no other. Read
   * as `const call = toolCalls[0]` is, with the exclusions that apply to a name given the first call.
   */
  const firstDestructured = (pattern: EsNode, list: EsNode): void => {
    const elements = pattern.elements as Array<EsNode | null>;
    if (elements.length !== 1 || elements[0]?.type !== "Identifier") return;
    const e = peel(list);
    // a list named for calls, or what a helper named for them hands back (`getFunctionCalls(choice)`)
    const name = e.type === "CallExpression" ? lastName(e.callee) : lastName(e);
    if (!name || !isToolCallList(name)) return;
    const scope = scopeOf(pattern);
    const id = `${scope.start}:${sameListKey(list)}`;
    if (reported.has(id)) return;
    if (
      shownBy(scope) ||
      (forcedBefore(scope, pattern) && fromALocalCall(list)) ||
      handedAForcedResponse(list, scope) ||
      configForcesOne(scope) ||
      isAnAccessor(scope) ||
      checkedToHoldOne(scope, pattern, list) ||
      convertsHistory(pattern) ||
      streamPiece(pattern, list) ||
      usesWholeList(pattern, list) ||
      gatedByTheFlag(pattern)
    )
      return;
    reported.add(id);
    findings.push({
      rule: "first-call-only",
      confidence: "certain",
      start: statementStart(pattern),
      ...firstReadLost({}),
      listStart: listOrigin(list, pattern.start),
    });
  };

  /**
   * `while (queue.length) { const call = queue[0]; ...; queue.shift() }`: a queue drained from its head, each element
   * read first in its turn (also `queue.splice(0, 1)`).
   */
  const drainsTheList = (read: EsNode, list: EsNode): boolean => {
    for (let p = read.parent; p && !isFunctionLike(p); p = p.parent) {
      if (p.type !== "WhileStatement") continue;
      // (each loop and list looked at once: a loop may read the head of its list thousands of times)
      const key = `${p.start}:${source(list)}`;
      let drains = drainedLoops.get(key);
      if (drains === undefined) {
        const name = escapeRegExp(source(list));
        const drained = new RegExp(`${name}\\s*\\.\\s*(?:shift\\(\\s*\\)|splice\\(\\s*0\\s*,\\s*1\\s*\\))`);
        drains = source(p.test).includes(source(list)) && drained.test(source(p.body));
        drainedLoops.set(key, drains);
      }
      if (drains) return true;
    }
    return false;
  };
  const drainedLoops = new Map<string, boolean>();

  /** `[calls[0]]` assigned back to a tool-call list: the truncation rule's, not this one's. */
  const truncation = (read: EsNode): boolean => {
    let n = read;
    while (n.parent && WRAPPERS.has(n.parent.type)) n = n.parent;
    const arr = n.parent;
    if (arr?.type !== "ArrayExpression" || arr.elements.length !== 1) return false;
    const at = arr.parent;
    const target =
      at?.type === "AssignmentExpression"
        ? lastName(at.left)
        : at?.type === "VariableDeclarator" && at.id.type === "Identifier"
          ? at.id.name
          : undefined;
    return (!!target && isToolCallList(target, true)) || !!heldUnderACallsKey(arr);
  };

  /**
   * `{ role: "assistant", tool_calls: [toolCalls[0]] }`, maybe one branch of a conditional: the property that keeps
   * one call where a message holds its calls, or undefined.
   */
  const heldUnderACallsKey = (value: EsNode): EsNode | undefined => {
    let n = value;
    while (n.parent && (WRAPPERS.has(n.parent.type) || n.parent.type === "ConditionalExpression")) n = n.parent;
    const at = n.parent;
    if (at?.type !== "Property" || at.value !== n || at.computed || at.parent?.type !== "ObjectExpression")
      return undefined;
    const name = at.key?.type === "Identifier" ? (at.key.name as string) : staticText(at.key);
    return name && isToolCallList(name, true) ? at : undefined;
  };

  /** The one-element array of a first call in a value, itself or a branch of a conditional. */
  const oneCallKept = (value: EsNode): EsNode | undefined => {
    const e = peel(value);
    if (e.type === "ConditionalExpression") return oneCallKept(e.consequent) ?? oneCallKept(e.alternate);
    return e.type === "ArrayExpression" && truncatesToFirst(e) ? e : undefined;
  };

  /** The start of the statement (or declarator) that holds a read: where a person looks for it. */
  const statementStart = (node: EsNode): number => {
    let n = node;
    while (
      n.parent &&
      !n.parent.type.endsWith("Statement") &&
      n.parent.type !== "VariableDeclarator" &&
      n.parent.type !== "Program" &&
      !isFunctionLike(n.parent) &&
      n.parent.type !== "Property"
    )
      n = n.parent;
    if (n.parent?.type === "ReturnStatement" || n.parent?.type === "IfStatement") return n.parent.start;
    return n.start;
  };

  const truncatesToFirst = (expr: EsNode): boolean => {
    const e = peel(expr);
    if (e.type === "ArrayExpression" && e.elements.length === 1) {
      if (firstOfList(e.elements[0], true) !== undefined) return true;
      // `msg.tool_calls = [copied[0]]` after `const copied = [...msg.tool_calls]` (or `Array.from(...)`, `.slice()`)
      const first = e.elements[0] ? peel(e.elements[0]) : undefined;
      const copy =
        first?.type === "MemberExpression" && first.computed && isZero(first.property) ? peel(first.object) : undefined;
      const init = copy?.type === "Identifier" ? initializerOf(copy.name, first!) : undefined;
      return !!init && COPY_OF_CALLS.test(source(init).replace(/\s+/g, ""));
    }
    if (
      e.type === "CallExpression" &&
      e.callee.type === "MemberExpression" &&
      !e.callee.computed &&
      e.callee.property.name === "slice"
    ) {
      const [from, to] = e.arguments as EsNode[];
      return (
        isZero(from) &&
        !!to &&
        to.type === "Literal" &&
        to.value === 1 &&
        isToolCallList(lastName(e.callee.object) ?? "")
      );
    }
    return false;
  };

  /** The predicate tests the block type against a tool block type, and nothing else (no id, no name). */
  const testsOnlyToolType = (test: EsNode): boolean => {
    if (testsACallField(test)) return true;
    let typeTest = false;
    let other = false;
    walk(test, keys, (n) => {
      if (other) return false;
      if (n.type === "BinaryExpression" && /^[!=]==?$/.test(n.operator)) {
        const sides = [n.left, n.right].map(peel);
        const literal = sides.find(isStringLike);
        const typeRead = sides.find(readsTheType);
        if (literal && typeRead && TOOL_BLOCK_TYPES.has(staticText(literal) ?? "") && !n.operator.startsWith("!"))
          typeTest = true;
        else other = true;
        return false;
      }
      if (
        n.type === "CallExpression" ||
        (n.type === "BinaryExpression" && n.operator !== "in") ||
        n.type === "UnaryExpression"
      )
        other = true;
      return undefined;
    });
    return typeTest && !other;
  };

  /** `part.functionCall`, `!!part.functionCall`, `"functionCall" in part`: a Gemini part tested for being a call. */
  const testsACallField = (test: EsNode): boolean => {
    let t = peel(test);
    while (t.type === "UnaryExpression" && t.operator === "!" && peel(t.argument).type === "UnaryExpression")
      t = peel(peel(t.argument).argument);
    if (t.type === "BinaryExpression" && /^!==?$/.test(t.operator) && isNullish(peel(t.right))) t = peel(t.left);
    if (t.type === "MemberExpression" && !t.computed) return isCallField(t.property.name);
    return t.type === "BinaryExpression" && t.operator === "in" && isCallField(staticText(peel(t.left)) ?? "");
  };

  /** The predicate of a find(): an arrow's expression, or the value its one return statement gives. */
  const predicateOf = (fn: EsNode): EsNode | undefined => {
    if (fn.body.type !== "BlockStatement") return fn.body;
    const body = fn.body.body as EsNode[];
    return body.length === 1 && body[0]!.type === "ReturnStatement" ? body[0]!.argument : undefined;
  };

  /** Every path through the statement leaves the loop or function: return, throw, break (unlabelled) or continue. */
  const exits = (stmt: EsNode | null | undefined): boolean => {
    if (!stmt) return false;
    switch (stmt.type) {
      case "ReturnStatement":
      case "ThrowStatement":
      case "ContinueStatement":
        return true;
      case "BreakStatement":
        return !stmt.label;
      case "BlockStatement":
        return (stmt.body as EsNode[]).some(exits);
      case "IfStatement":
        return exits(stmt.consequent) && exits(stmt.alternate);
      case "TryStatement":
        return exits(stmt.block) && (!stmt.handler || exits(stmt.handler.body));
      default:
        return false;
    }
  };
  /** The loop body leaves the loop on every path (a continue does not). */
  const leavesLoop = (stmt: EsNode | null | undefined): boolean => {
    if (!stmt) return false;
    switch (stmt.type) {
      case "ReturnStatement":
      case "ThrowStatement":
        return true;
      case "BreakStatement":
        return !stmt.label;
      case "BlockStatement": {
        const body = stmt.body as EsNode[];
        const at = body.findIndex(leavesLoop);
        // a `continue` before the exit (`if (c.id !== wanted) continue`) goes on to the next call
        return at >= 0 && !body.slice(0, at).some(continuesLoop);
      }
      case "IfStatement":
        return leavesLoop(stmt.consequent) && leavesLoop(stmt.alternate);
      default:
        return false;
    }
  };
  /** A `continue` of the loop the statement is in (not of a loop or function inside it). */
  const continuesLoop = (stmt: EsNode): boolean => {
    // `if (tc.function.name !== "show") continue`: a filter by kind keeps the first call of that kind (a lookup by
    // id does not: that call is the one wanted)
    if (stmt.type === "IfStatement" && testsACallKind(text.slice(stmt.test.start, stmt.test.end))) return false;
    let found = false;
    walk(stmt, keys, (n) => {
      if (found || LOOPS.has(n.type) || (n !== stmt && isFunctionLike(n))) return false;
      if (n.type === "ContinueStatement" && !n.label) found = true;
      return undefined;
    });
    return found;
  };

  /** `for (const block of content) { if (block.type === "tool_use") return run(block) }`: an if on the tool block type whose branch leaves the loop. */
  const toolBranchLeaves = (loop: EsNode): EsNode | undefined => {
    const item = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
    if (item?.type !== "Identifier") return undefined;
    const body: EsNode[] = loop.body.type === "BlockStatement" ? loop.body.body : [loop.body];
    // `if (block.type !== "tool_use") continue`, then the block is run and the loop left: the same, written the other way
    const skip = body.findIndex((st) => st.type === "IfStatement" && skipsAllButTools(st, item.name));
    if (skip >= 0) {
      const rest = body.slice(skip + 1);
      const exit = rest.find((st) => EXITS.has(st.type));
      if (exit && rest.some((st) => mentions(st, item.name))) return exit;
    }
    for (const s of body) {
      // The branch uses the block (a branch that only notes "there is one" is a presence check).
      if (
        s.type === "IfStatement" &&
        testsOnlyToolType(s.test) &&
        mentions(s.test, item.name) &&
        leavesLoop(s.consequent) &&
        mentions(s.consequent, item.name)
      )
        return s;
      if (s.type === "SwitchStatement" && source(s.discriminant).replace(/\s/g, "") === `${item.name}.type`) {
        for (const c of s.cases as EsNode[])
          if (
            c.test &&
            TOOL_BLOCK_TYPES.has(staticText(c.test) ?? "") &&
            (c.consequent as EsNode[]).some(
              (x) => x.type === "ReturnStatement" && !!x.argument && mentions(x, item.name),
            )
          )
            return c;
      }
    }
    return undefined;
  };

  /** `if (block.type !== "tool_use") continue`: every block but a tool block is skipped. */
  const skipsAllButTools = (node: EsNode, item: string): boolean => {
    if (node.alternate) return false;
    const then = node.consequent.type === "BlockStatement" ? node.consequent.body : [node.consequent];
    if (then.length !== 1 || then[0].type !== "ContinueStatement") return false;
    const m = /^([\w$]+)\??\.type\s*!==?\s*["'`]([\w-]+)["'`]$/.exec(source(node.test).trim());
    return !!m && m[1] === item && TOOL_BLOCK_TYPES.has(m[2]!);
  };

  /** Inside `if (responseSchema)`: the branch asks for one tool call as the answer. */
  const inAStructuredOutputBranch = (node: EsNode): boolean =>
    inABranchWhere(node, (test) => STRUCTURED_BRANCH.test(test));
  /** Is `node` in the consequent of an `if` (up to its function) whose test's text passes `holds`? */
  const inABranchWhere = (node: EsNode, holds: (test: string) => boolean): boolean => {
    for (let c: EsNode = node, p = node.parent; p && !isFunctionLike(p); c = p, p = p.parent)
      if (p.type === "IfStatement" && p.consequent === c && holds(source(p.test))) return true;
    return false;
  };

  /** The first `return`, `break` or `throw` in a branch (not in a loop or function inside it). */
  /**
   * `for (const call of toolCalls) { if (call.function.name === "run") { await run(JSON.parse(call.function.arguments)); return } }`:
   * a `return` or `break` reached after the loop read the call's arguments, so once such a call comes, the calls
   * after it are never run. Not a lookup (`return call`, `return call.id`, a test of the call's id on the way), nor
   * an error path (in a catch clause, or a message returned as a string). The statement that leaves, or undefined.
   */
  const runsThenLeaves = (loop: EsNode): EsNode | undefined => {
    const item = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
    if (item?.type !== "Identifier") return undefined;
    const name: string = item.name;
    const mentionsItem = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
    // where the body has read the call, its arguments, and run something: an exit that ends past it leaves after a run
    const ran = ranBy(source(loop.body), mentionsItem);
    if (ran < 0) return undefined;
    const byId = new RegExp(`${mentionsItem.source}[^=]*\\bid\\b|\\b(?:call|tool_?call)_?id\\b`, "i");
    let exit: EsNode | undefined;
    walk(loop.body, keys, (n) => {
      if (exit || LOOPS.has(n.type) || isFunctionLike(n) || n.type === "CatchClause" || n.type === "SwitchStatement")
        return false;
      // up to the end of the exit: `return run(args)` runs the call in the statement that leaves
      if (
        (n.type === "ReturnStatement" || (n.type === "BreakStatement" && !n.label)) &&
        n.end - loop.body.start >= ran &&
        leavesForGood(n)
      )
        exit = n;
      return undefined;
    });
    return exit;

    /** Not a lookup's, an answer's or a message's return, nor under a test of the call's id, a finish or a failure. */
    function leavesForGood(stop: EsNode): boolean {
      const value = stop.argument ? peel(stop.argument) : undefined;
      if (value) {
        const v = source(value);
        if (v === name || v.startsWith(`${name}.`) || v.startsWith(`${name}[`) || v.startsWith(`${name}?.`))
          return false;
        if (
          value.type === "Literal" ||
          value.type === "TemplateLiteral" ||
          /error/i.test(
            value.type === "CallExpression" || value.type === "NewExpression" ? source(value.callee) : "",
          ) ||
          reportsAFailure(value)
        )
          return false;
      }
      // the branch records a failure before it leaves (`plan.markFailed(...)`, `onTaskFailed(...)`): an error path
      if (
        stop.parent?.type === "BlockStatement" &&
        (stop.parent.body as EsNode[]).some((st) => {
          if (st.start >= stop.start || st.type !== "ExpressionStatement") return false;
          const e = peel(st.expression);
          const call = e.type === "AwaitExpression" ? peel(e.argument) : e;
          return call.type === "CallExpression" && testsAFailure(source(call.callee));
        })
      )
        return false;
      for (let p = stop.parent; p && p !== loop.body; p = p.parent) {
        if (p.type !== "IfStatement") continue;
        const test = source(p.test);
        // found by id; the tool that ends the task; an error path (the call failed or was canceled); or one call in all
        if (
          byId.test(test) ||
          namesAFinishTool(test) ||
          testsAHandoff(test) ||
          testsAFailure(test) ||
          testsForOneCall(test) ||
          testsAModeOffByDefault(test, text)
        )
          return false;
      }
      return true;
    }
  };

  /** The 1-based line of an offset (for a sentence that names a second place). */
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let at = text.indexOf("\n"); at >= 0 && at < offset; at = text.indexOf("\n", at + 1)) line++;
    return line;
  };

  /**
   * `for (const extra of toolCalls.slice(1)) messages.push({ role: "tool", tool_call_id: extra.id, content: "Skipped" })`:
   * every call after the first answered with a message, none run (the body only adds messages or logs).
   */
  const answersWithoutRunning = (loop: EsNode): boolean => {
    const over = peel(loop.right);
    if (over.type !== "CallExpression" || !isMethod(over.callee, "slice") || over.arguments.length !== 1) return false;
    const from = peel(over.arguments[0]);
    if (from.type !== "Literal" || from.value !== 1 || !isToolCallList(lastName(over.callee.object) ?? "", true))
      return false;
    const body: EsNode[] = loop.body.type === "BlockStatement" ? loop.body.body : [loop.body];
    let answers = false;
    for (const st of body) {
      if (onlyLogs(st)) continue;
      const e = st.type === "ExpressionStatement" ? peel(st.expression) : undefined;
      if (e?.type !== "CallExpression" || !isMethod(e.callee, "push")) return false;
      if (!/\btool_?call_?id\b|\btoolCallId\b/i.test(source(e))) return false;
      // a fixed answer: nothing called to make it (`content: run(extra)` runs the call)
      let calls = false;
      for (const a of e.arguments as EsNode[])
        walk(a, keys, (n) => {
          if (n.type === "CallExpression" || n.type === "NewExpression") calls = true;
          return calls ? false : undefined;
        });
      if (calls) return false;
      answers = true;
    }
    return answers;
  };

  /** Inside `if (output.isFinalAnswer)` (the branches around it, up to its function): the call at hand ends the task. */
  const underAFinish = (node: EsNode): boolean => inABranchWhere(node, testsAFinish);

  const exitIn = (branch: EsNode): EsNode | undefined => {
    let exit: EsNode | undefined;
    walk(branch, keys, (n) => {
      if (exit || LOOPS.has(n.type) || isFunctionLike(n)) return false;
      if (EXITS.has(n.type)) exit = n;
      return undefined;
    });
    return exit;
  };

  // ---- one-tool-per-turn-guard ----
  /** The flag's `= true` assignments in the file, each with the tests of the ifs around it. */
  const flagSets = new Map<string, EsNode[][]>();
  const setsOf = (flag: string): EsNode[][] => {
    let sets = flagSets.get(flag);
    if (sets) return sets;
    sets = [];
    const found = sets;
    walk(program, keys, (n) => {
      if (
        n.type === "AssignmentExpression" &&
        n.operator === "=" &&
        lastName(n.left) === flag &&
        n.right.type === "Literal" &&
        n.right.value === true
      ) {
        const tests: EsNode[] = [];
        for (let c: EsNode = n, p = n.parent; p && !isFunctionLike(p); c = p, p = p.parent) {
          if (p.type === "IfStatement" && c !== p.test) tests.push(c === p.consequent ? p.test : negated(p.test));
          if (p.type === "SwitchCase" && p.test) tests.push(p.test);
        }
        found.push(tests);
      }
      return undefined;
    });
    flagSets.set(flag, sets);
    return sets;
  };
  /** A marker object for an else branch: the test read the other way. */
  const negated = (test: EsNode): EsNode => ({ ...test, negated: true });

  /** `if (!toolCallId)`, `if (invalidCall)`: a branch for a call that cannot run. */
  const firesOnInvalid = (test: EsNode): boolean => {
    if (test.negated) return false;
    const t = peel(test);
    if (
      t.type === "UnaryExpression" &&
      t.operator === "!" &&
      /(?:^|[a-z_])(?:id|Id|ID)$/.test(lastName(t.argument) ?? "")
    )
      return true;
    return namesIn(t).some(namesAnInvalidCall);
  };

  /** Names in a test, for its words. */
  const namesIn = (test: EsNode): string[] => {
    const names: string[] = [];
    walk(test, keys, (n) => {
      if (n.type === "Identifier") names.push(n.name);
      else if (isStringLike(n)) names.push(staticText(n) ?? "");
      return undefined;
    });
    return names;
  };

  /** Is the guarded code on a path that handles a tool call? Not in a branch for another block type (text). */
  const onToolPath = (guard: EsNode): boolean => {
    for (let c: EsNode = guard, p = guard.parent; p && !isFunctionLike(p); c = p, p = p.parent) {
      if (p.type === "SwitchCase" && p.test && isStringLike(peel(p.test)))
        return (
          TOOL_BLOCK_TYPES.has(staticText(peel(p.test)) ?? "") ||
          !/^(text|reasoning|thinking|image)$/.test(staticText(peel(p.test)) ?? "")
        );
      if (p.type === "IfStatement" && c === p.consequent) {
        const m = /\.type\s*===?\s*["'`]([\w-]+)["'`]/.exec(source(p.test));
        if (m && /^(text|reasoning|thinking|image)$/.test(m[1]!)) return false;
      }
    }
    return true;
  };

  /** What the guard stops: a tool run after it, a tool result it writes, or the rest of a stream. */
  const refusesACall = (guard: EsNode): boolean => {
    const branch = guard.consequent as EsNode;
    if (!exits(branch)) return false;
    // Leaving a stream loop stops reading the response: every later call in it is never seen.
    const stops = (branch.type === "BlockStatement" ? branch.body : [branch]).find(
      (s: EsNode) => s.type === "BreakStatement" || s.type === "ReturnStatement",
    );
    for (let p = guard.parent; p && !isFunctionLike(p); p = p.parent)
      if (p.type === "ForOfStatement" && p.await && stops) return true;
    if (/tool_result|tool_use_id|not (?:been )?executed|one tool/i.test(source(branch))) return true;
    // Else the code it skips (to the end of its case, or of its function) must run a tool.
    let region: EsNode | undefined = guard.parent;
    while (region && region.type !== "SwitchCase" && !isFunctionLike(region) && region.type !== "Program")
      region = region.parent;
    if (!region) return false;
    let runs = false;
    walk(region, keys, (n) => {
      if (runs || (n !== region && isFunctionLike(n))) return false;
      if (n.start >= guard.end && n.type === "CallExpression" && runsATool(source(n.callee))) runs = true;
      return undefined;
    });
    return runs;
  };

  const guardFinding = (node: EsNode) => {
    const flag = flagIn(node.test);
    if (!flag || !refusesACall(node) || !onToolPath(node)) return;
    const finding = perTurnGuardFinding(node.start, flag, {
      sets: setsOf(flag),
      firesOnInvalid,
      readsASetting: (t) => namesIn(t).some(namesASetting),
      describe: (t) => (t.negated ? `not ${source(t)}` : source(t)),
    });
    if (finding) findings.push(finding);
  };

  /**
   * `for (const tool of delta.tool_calls) { if (tool.index !== 0) continue; ... }`: in a loop over tool calls (or
   * their stream fragments), every call after the first is skipped by its index.
   */
  const skipsLaterIndexes = (node: EsNode): boolean => {
    const test = peel(node.test);
    if (test.type !== "BinaryExpression" || !/^(!==?|>)$/.test(test.operator) || !isZero(peel(test.right)))
      return false;
    if (!/(?:^|[.\s])(?:index|idx)$/.test(source(peel(test.left)))) return false;
    if (!onlyLogsThenSkips(node.consequent) || node.alternate) return false;
    let loop: EsNode | undefined = node.parent;
    if (loop?.type === "BlockStatement") loop = loop.parent;
    return (
      (loop?.type === "ForOfStatement" || loop?.type === "ForInStatement") && isToolCallList(lastName(loop.right) ?? "")
    );
  };

  /**
   * `result.functionCall = { name: block.name, ... }` in a loop over a response's blocks (or its stream), in a branch
   * for a tool block: each tool block overwrites the one slot, and the slot is never added to a list, so one call
   * survives. The slot is named for one call (functionCall, tool_call, toolUse).
   */
  const singleSlot = (node: EsNode): boolean => {
    const left = peel(node.left);
    if (left.type === "MemberExpression" && left.computed) return false;
    const slot = lastName(left);
    const right = peel(node.right);
    // `toolBlock = block`: the loop's own block kept (a branch that then leaves the loop is the loop rule's)
    const keepsTheItem = right.type === "Identifier" && left.type === "Identifier" && !shows;
    if (!slot || (!keepsTheItem && (!isCallField(slot) || right.type !== "ObjectExpression"))) return false;
    let inToolBranch = false;
    let loop: EsNode | undefined;
    for (let p = node.parent; p && !isFunctionLike(p); p = p.parent) {
      // the branch the slot is set in (not an `if` it is the `else` of) tests the type only, and stays in the loop
      if (
        keepsTheItem &&
        p.type === "IfStatement" &&
        p.consequent.start <= node.start &&
        node.end <= p.consequent.end &&
        (exitIn(p.consequent) || !testsOnlyToolType(p.test))
      )
        return false;
      if (p.type === "IfStatement" && TOOL_TYPE_TEST.test(source(p.test))) inToolBranch = true;
      // `if (part.functionCall) callPart = part`: a Gemini part tested for its call (the item kept, not a field)
      if (keepsTheItem && p.type === "IfStatement" && testsACallField(p.test)) inToolBranch = true;
      if (p.type === "SwitchCase" && p.test && TOOL_BLOCK_TYPES.has(staticText(peel(p.test)) ?? ""))
        inToolBranch = true;
      if (LOOPS.has(p.type)) {
        loop = p;
        break;
      }
    }
    if (!inToolBranch || !loop) return false;
    if (keepsTheItem) {
      const item = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
      if (loop.type !== "ForOfStatement" || loop.await || item?.type !== "Identifier" || item.name !== right.name)
        return false;
      // set outside the loop: one slot for the whole response
      const declared = declaratorsIn(scopeOf(node)).get(left.name);
      if (!declared || (loop.start <= declared.start && declared.end <= loop.end)) return false;
    }
    // a slot added to a list (`calls.push(current)`, `[...calls, current]`) is the usual per-block assembly
    // nor anything built from it (`calls.push({ ...current, args })`), in the loop: a slot read into a list per
    // block is assembly; one read into a list after the loop is the one call that survived
    const slotText = source(left).replace(/\?/g, "");
    const key = `${loop.start}:${slotText}`;
    let free = freeSlots.get(key);
    if (free === undefined) {
      free = true;
      for (const text of keptInAList(loop)) if (text.includes(slotText)) free = false;
      freeSlots.set(key, free);
    }
    return free;
  };

  /**
   * `for (const tc of toolCalls) { if (!chosen) chosen = tc }` (or `chosen ??= tc`, in any branch of the body): the
   * first call the loop meets kept in one slot declared before the loop, which every later round passes over. A slot
   * added to a list or set again in the loop is the usual assembly; the call used beside the slot (`run(tc)` after
   * the `if`, or in its `else`) is run anyway. The statement that keeps it, or undefined.
   */
  const keepsTheFirst = (loop: EsNode): EsNode | undefined => {
    const left = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
    if (left?.type !== "Identifier") return undefined;
    const item = left.name as string;
    const emptyTest = (test: EsNode): string | undefined => {
      const t = peel(test);
      if (t.type === "UnaryExpression" && t.operator === "!" && peel(t.argument).type === "Identifier")
        return peel(t.argument).name as string;
      if (t.type === "BinaryExpression" && /^===?$/.test(t.operator)) {
        const [a, b] = [peel(t.left), peel(t.right)];
        if (a.type === "Identifier" && isNullish(b)) return a.name as string;
      }
      return undefined;
    };
    const keeps = (stmt: EsNode, slot: string | undefined): boolean => {
      const e = stmt.type === "ExpressionStatement" ? peel(stmt.expression) : undefined;
      if (e?.type !== "AssignmentExpression" || peel(e.left).type !== "Identifier") return false;
      const right = peel(e.right);
      if (right.type !== "Identifier" || right.name !== item) return false;
      const name = peel(e.left).name as string;
      return e.operator === "=" ? name === slot : (e.operator === "??=" || e.operator === "||=") && slot === undefined;
    };
    let found: { keeper: EsNode; slot: string; branch: EsNode } | undefined;
    walk(loop.body, keys, (n) => {
      if (found || isFunctionLike(n) || LOOPS.has(n.type)) return false;
      if (n.type === "IfStatement") {
        const slot = emptyTest(n.test);
        const body: EsNode[] = n.consequent.type === "BlockStatement" ? n.consequent.body : [n.consequent];
        if (slot && !leavesLoop(n.consequent) && body.some((st) => keeps(st, slot)))
          found = { keeper: n, slot, branch: n.consequent };
      } else if (n.type === "ExpressionStatement" && keeps(n, undefined))
        found = { keeper: n, slot: peel(peel(n.expression).left).name as string, branch: n };
      return undefined;
    });
    if (!found) return undefined;
    const { keeper, slot, branch } = found;
    const fn = scopeOf(loop);
    // one slot for the whole response: declared before the loop, set in the loop only there, added to no list
    const declared = declaratorsIn(fn).get(slot);
    if (!declared || (loop.start <= declared.start && declared.end <= loop.end)) return undefined;
    for (const use of identifiersIn(fn).get(slot) ?? []) {
      const set = use.parent;
      if (
        set?.type === "AssignmentExpression" &&
        set.left === use &&
        loop.start <= set.start &&
        set.end <= loop.end &&
        !(branch.start <= set.start && set.end <= branch.end)
      )
        return undefined;
    }
    for (const text of keptInAList(fn))
      if (new RegExp(`\\b${slot.replace(/\$/g, "\\$")}\\b`).test(text)) return undefined;
    // the call used beside the slot, for the same calls: in the `if`'s other branch, or next to it on the way up
    // the item's uses by start, so that each statement beside the slot is asked about in one search
    const uses = (identifiersIn(fn).get(item) ?? []).map((u) => u.start).sort((a, b) => a - b);
    const mentions = (n: EsNode | null | undefined): boolean => {
      return !!n && countWithin(uses, n.start, n.end) > 0;
    };
    if (keeper.type === "IfStatement" && mentions(keeper.alternate)) return undefined;
    for (let c: EsNode = keeper, p = keeper.parent; p && p !== loop; c = p, p = p.parent)
      if (p.type === "BlockStatement" && (p.body as EsNode[]).some((sib) => sib !== c && mentions(sib)))
        return undefined;
    return keeper;
  };

  /**
   * `for (const tc of toolCalls) { const args = JSON.parse(tc.function.arguments); query = args.query }`, `query`
   * declared before the loop and read after it: a value of each call kept in one slot that the next call overwrites,
   * in a loop that runs none of them (it only gathers what they ask for). A slot added to a list, or set from what it
   * held, gathers; a loop that runs its calls answers each. The assignment, or undefined.
   */
  const keepsTheLast = (loop: EsNode): EsNode | undefined => {
    const item = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
    if (item?.type !== "Identifier" || RUNS_IN_THE_LOOP.test(source(loop.body))) return undefined;
    const fn = scopeOf(loop);
    const fromTheCall = new Set<string>([item.name as string]);
    const mentionsIn = (n: EsNode, names: Iterable<string>): boolean => [...names].some((name) => mentions(n, name));
    // the call itself handed to a function (`stage(call)`) is run there; a loop that leaves (a lookup that stops at
    // what it wants) keeps what it stopped at, not the last
    let handedOn = false;
    walk(loop.body, keys, (n) => {
      if (handedOn || isFunctionLike(n) || (n !== loop.body && LOOPS.has(n.type))) return false;
      if (n.type === "ReturnStatement" || (n.type === "BreakStatement" && !n.label)) handedOn = true;
      if (
        (n.type === "CallExpression" || n.type === "NewExpression") &&
        (n.arguments as EsNode[]).some((a) => peel(a).type === "Identifier" && peel(a).name === item.name)
      )
        handedOn = true;
      return undefined;
    });
    if (handedOn) return undefined;
    let found: EsNode | undefined;
    const asked = new Set<string>();
    walk(loop.body, keys, (n) => {
      if (found || isFunctionLike(n) || LOOPS.has(n.type)) return false;
      if (n.type === "VariableDeclarator" && n.id.type === "Identifier" && n.init && mentionsIn(n.init, fromTheCall))
        fromTheCall.add(n.id.name as string);
      if (n.type !== "AssignmentExpression" || n.operator !== "=" || peel(n.left).type !== "Identifier")
        return undefined;
      const slot = peel(n.left).name as string;
      if (!mentionsIn(n.right, fromTheCall) || mentionsIn(n.right, [slot])) return undefined;
      // under a test of the slot (`if (!chosen) chosen = ...`): the first is kept, keepsTheFirst's to say
      // (or of the tool that carries the answer: the answer read, not a call kept)
      for (let p = n.parent; p && p !== loop; p = p.parent)
        if (p.type === "IfStatement" && (mentionsIn(p.test, [slot]) || namesAFinishTool(source(p.test))))
          return undefined;
      // declared before the loop, added to no list, read after it (each name asked once)
      if (asked.has(slot)) return undefined;
      asked.add(slot);
      const declared = declaratorsIn(fn).get(slot);
      if (!declared || declared.end > loop.start) return undefined;
      const named = new RegExp(`(?<![\\w$.])${slot.replace(/\$/g, "\\$")}(?![\\w$])`);
      if ([...keptInAList(fn)].some((t) => named.test(t))) return undefined;
      if (named.test(source(fn).slice(loop.end - fn.start))) found = n;
      return undefined;
    });
    return found;
  };

  /**
   * `this.toolBlock = event.content_block` (or a `{ type: "tool_use", ... }` built there) under a test for a tool block
   * starting: a stream's one slot, kept across events (a field of this, or a name from outside the loop), that each
   * tool block of the response overwrites, and that the file adds to a list only once the response is over (or
   * never): the last call survives. A slot pushed to a list when its block stops, or pieces routed by an index, are
   * the usual assembly.
   */
  const streamedBlockSlot = (node: EsNode): boolean => {
    const left = peel(node.left);
    const right = peel(node.right);
    const block =
      (right.type === "MemberExpression" && /^content_?block$/i.test(lastName(right) ?? "")) ||
      (right.type === "ObjectExpression" &&
        (right.properties as EsNode[]).some(
          (p) => p.type === "Property" && readsTheKeyType(p) && TOOL_BLOCK_TYPES.has(staticText(peel(p.value)) ?? ""),
        ));
    if (!block || left.type === "ArrayPattern" || left.type === "ObjectPattern") return false;
    let root: EsNode = left;
    while (root.type === "MemberExpression") root = peel(root.object);
    let loop: EsNode | undefined;
    let forATool = false;
    const holder = scopeOf(node);
    for (let p = node.parent; p && p !== holder; p = p.parent) {
      if (p.type === "IfStatement" && /tool_?use/i.test(source(p.test))) forATool = true;
      if (!loop && LOOPS.has(p.type)) loop = p;
    }
    if (!forATool) return false;
    // kept across events: a field of this, or a name declared outside the loop around it
    if (root.type !== "ThisExpression") {
      if (root.type !== "Identifier" || !loop) return false;
      const declared = declaratorsIn(holder).get(root.name as string);
      if (!declared || (loop.start <= declared.start && declared.end <= loop.end)) return false;
    }
    if (readsAnIndexIn(holder)) return false;
    const slotText = source(left).replace(/\?/g, "");
    // (a file that adds more than a bound of things to lists is read as keeping its slot: each slot would look at them all)
    const kept = keptInAList(program, true);
    if (kept.size > KEPT_LOOKED_AT) return false;
    for (const text of kept) if (text.includes(slotText)) return false;
    // emptied once its call is handed on (`delete this.cache.tool_call`, `this.current = null`): one call at a time
    return !clearedSlots().has(slotText);
  };
  /**
   * What the file empties (`delete x.y`, `x.y = null` or `undefined`) between the response's start and its end, as text:
   * read in one walk when first asked.
   */
  let cleared: Set<string> | undefined;
  const clearedSlots = (): Set<string> => {
    if (cleared) return cleared;
    const found = new Set<string>();
    walk(program, keys, (n) => {
      // (emptied when the response starts or is over, it holds the turn's one surviving call)
      if (n.type === "IfStatement" && (TESTS_THE_END.test(source(n.test)) || /message_?start/i.test(source(n.test))))
        return false;
      // (emptied when the object is made: that is where the slot starts, not a call handed on)
      if (n.type === "MethodDefinition" && n.kind === "constructor") return false;
      if (n.type === "UnaryExpression" && n.operator === "delete")
        found.add(source(peel(n.argument)).replace(/\?/g, ""));
      else if (n.type === "AssignmentExpression" && n.operator === "=" && isNullish(peel(n.right)))
        found.add(source(peel(n.left)).replace(/\?/g, ""));
      return undefined;
    });
    return (cleared = found);
  };

  /**
   * `results[call.name] = await run(call)`, `calls.set(tc.function.name, tc)` in a loop: each call kept in a map keyed
   * by its tool's name, so two calls of one tool in a response (the usual parallel case) overwrite each other. The key
   * is the name of a call: of the loop's item when the loop is over calls, or read through a call's field
   * (`part.functionCall.name`, `event.item.name`, a name given `part.functionCall`; `tc.function.name` only in a loop
   * over calls, as a tool's definition has a `function` too). The map is made empty before the loop (`{}`, `new Map()`)
   * and read after it; a value built from what it held (a count) adds to it.
   */
  const keyedByName = (map: EsNode, key: EsNode, at: EsNode): boolean => {
    if (map.type !== "Identifier" || key.type !== "MemberExpression" || lastName(key) !== "name") return false;
    // a value built from what the map held (`counts.set(call.name, (counts.get(call.name) || 0) + 1)`) adds to it
    const value = at.type === "CallExpression" ? at.arguments[1] : at.right;
    const mentionsTheMap = new RegExp(`(?<![\\w$.])${map.name.replace(/\$/g, "\\$")}(?![\\w$])`);
    if (value && mentionsTheMap.test(source(value))) return false;
    const owner = peel(key.object);
    let root: EsNode = owner;
    while (root.type === "MemberExpression") root = peel(root.object);
    if (root.type !== "Identifier") return false;
    const fn = scopeOf(at);
    if (shownBy(fn)) return false;
    let loop: EsNode | undefined;
    for (let p = at.parent; p && p !== fn && !loop; p = p.parent) if (p.type === "ForOfStatement") loop = p;
    if (!loop) return false;
    const item = loop.left?.type === "VariableDeclaration" ? loop.left.declarations[0]?.id : loop.left;
    const ofTheLoop = item?.type === "Identifier" && item.name === root.name;
    const given = ofTheLoop ? undefined : initializerOf(root.name as string, at);
    const ofACall =
      (ofTheLoop && isToolCallList(lastName(loop.right) ?? "", true)) ||
      /^(?:\??\.(?:item|functionCall|function_call|toolCall|tool_call|toolUse|tool_use)\b)/.test(
        source(owner).slice(source(root).length),
      ) ||
      (!!given && /function_?call|tool_?call|tool_?use/i.test(source(given)));
    if (!ofACall) return false;
    const made = declaratorsIn(fn).get(map.name as string);
    const init = made?.init ? peel(made.init) : undefined;
    const empty =
      (init?.type === "ObjectExpression" && init.properties.length === 0) ||
      (init?.type === "NewExpression" && source(init.callee) === "Map" && init.arguments.length === 0);
    if (!made || !empty || made.end > loop.start) return false;
    // read after the loop: asked once a loop and map
    const factKey = `keyed:${loop.start}:${map.name}`;
    let read = streamFacts.get(factKey);
    if (read === undefined)
      streamFacts.set(factKey, (read = mentionsTheMap.test(source(fn).slice(loop.end - fn.start))));
    return read;
  };

  /**
   * `return toolCalls.find((c) => c.id === result.tool_call_id)` and, when there is no id, `toolCalls[0]`: the first
   * call is the fallback of a lookup of one call by its id in the same function, not THE call.
   */
  const fallsBackFromALookup = (scope: EsNode, list: EsNode): boolean => {
    const text = source(list).replace(/\?/g, "");
    const key = `${scope.start}:${text}`;
    let yes = lookups.get(key);
    if (yes === undefined) {
      const escaped = escapeRegExp(text);
      yes = new RegExp(
        `${escaped}\\??\\.find\\([^;]{0,200}?\\.(?:id|tool_?call_?id|toolCallId|call_?id|callId)\\s*===?`,
      ).test(source(scope));
      lookups.set(key, yes);
    }
    return yes;
  };
  /** Per function and list, whether the list is looked up by id there (asked once). */
  const lookups = new Map<string, boolean>();

  /**
   * `toolCalls = event.toolCalls` (or a `.map(...)` of it) in a loop over a stream: each chunk that carries calls
   * replaces the list kept across the loop instead of adding to it, so a provider that streams calls in chunks of
   * their own leaves only the last chunk's. A stream loop: `for await`, a reader's `read()`, or text glued from each
   * chunk in it; the list is a name declared outside it, or a field of this, and read after it. A list merged with
   * what it held, set only once the stream is over (`if (chunk.done)`) or while it is empty, or added to a list in the
   * loop loses nothing.
   * Also `state.lastToolCalls = chunk.message.tool_calls` in a handler of one chunk (likely: its state outlives it).
   * The confidence, or undefined.
   */
  const replacedPerChunk = (node: EsNode): "certain" | "likely" | undefined => {
    const left = peel(node.left);
    let read = peel(node.right);
    if (read.type === "LogicalExpression") read = peel(read.left);
    if (read.type === "CallExpression" && isMethod(read.callee, "map")) read = peel(read.callee.object);
    if (read.type === "LogicalExpression") read = peel(read.left);
    if (read.type !== "MemberExpression" || read.computed || !isToolCallList(lastName(read) ?? "", false)) return;
    let chunk: EsNode = read;
    while (chunk.type === "MemberExpression") chunk = peel(chunk.object);
    if (chunk.type !== "Identifier") return;
    let slot: EsNode = left;
    while (slot.type === "MemberExpression" && !slot.computed) slot = peel(slot.object);
    if (slot.type !== "Identifier" && slot.type !== "ThisExpression") return;
    // (most such lines are in no loop and no chunk's handler: asked first, before any pattern is built)
    let inALoop = false;
    for (let p = node.parent; p && !isFunctionLike(p) && !inALoop; p = p.parent) inALoop = LOOPS.has(p.type);
    if (!inALoop && left.type !== "MemberExpression") return;
    const slotText = source(left).replace(/\?/g, "");
    const mentioned = new RegExp(`(?<![\\w$.])${escapeRegExp(slotText)}(?![\\w$])`);
    if (mentioned.test(source(node.right).replace(/\?/g, ""))) return;
    const fn = scopeOf(node);
    if (shownBy(fn)) return;
    let streamLoop: EsNode | undefined;
    for (let p = node.parent; p && p !== fn; p = p.parent) {
      // (set while it is empty, `if (!toolCalls)`, it is the first chunk's, merged into after)
      if (p.type === "IfStatement" && (ENDS_THE_STREAM.test(source(p.test)) || mentioned.test(source(p.test)))) return;
      if (LOOPS.has(p.type) && (p.await || readsAStream(p))) streamLoop = p;
    }
    if (!streamLoop) {
      // a handler of one chunk, keeping the list in a state handed to it (or in this) across calls
      const params: EsNode[] = fn.params ?? fn.value?.params ?? [];
      const named = (p: EsNode, test: RegExp) => p.type === "Identifier" && test.test(p.name as string);
      const perChunk = params.some((p) => named(p, /chunk|event|delta/i) && p.name === chunk.name);
      const state = slot.type === "ThisExpression" || params.some((p) => named(p, /state/i) && p.name === slot.name);
      return perChunk && state && left.type === "MemberExpression" ? "likely" : undefined;
    }
    const declared = slot.type === "Identifier" ? declaratorsIn(fn).get(slot.name as string) : undefined;
    if (
      slot.type === "Identifier" &&
      (!declared || (streamLoop.start <= declared.start && declared.end <= streamLoop.end))
    )
      return;
    // added to a list in the loop, or never read after it: asked once a loop and slot
    const factKey = `${streamLoop.start}:${slotText}`;
    let kept = streamFacts.get(factKey);
    if (kept === undefined) {
      kept = ![...keptInAList(streamLoop)].some((t) => t.includes(slotText));
      // read after the stream: the calls the turn goes on with
      kept &&= mentioned.test(source(fn).slice(streamLoop.end - fn.start));
      streamFacts.set(factKey, kept);
    }
    return kept ? "certain" : undefined;
  };
  /** Per stream loop and slot (or loop and map), what replacedPerChunk and keyedByName found; per loop, readsAStream. */
  const streamFacts = new Map<string, boolean>();
  const streamLoops = new Map<EsNode, boolean>();
  /** Does a loop read a stream: a reader's `read()` in its test or body, or text glued from each chunk? */
  const readsAStream = (loop: EsNode): boolean => {
    let yes = streamLoops.get(loop);
    if (yes !== undefined) return yes;
    yes = false;
    walk(loop, keys, (n) => {
      if (yes || (n !== loop && isFunctionLike(n))) return false;
      if (n.type === "CallExpression" && isMethod(n.callee, "read") && n.arguments.length === 0) yes = true;
      // (a bounded look at each glued piece: `a += b += c += ...` nests each piece in the one before)
      if (
        n.type === "AssignmentExpression" &&
        n.operator === "+=" &&
        TEXT_PIECE.test(text.slice(n.right.start, Math.min(n.right.end, n.right.start + 300)))
      )
        yes = true;
      return undefined;
    });
    streamLoops.set(loop, yes);
    return yes;
  };

  /**
   * `args += delta.tool_calls[0].function.arguments`, `input += event.delta.partial_json`: a stream's argument
   * fragments glued into one string (a name declared outside the loops around the glue, or a field of this) that is
   * never emptied for the next call, in a function that reads no index to tell one call's fragments from the next and
   * adds the string to no list: every call of the turn runs into one. The read of the streamed call the pieces come
   * from, or undefined.
   */
  const gluedArguments = (node: EsNode): EsNode | undefined => {
    const left = peel(node.left);
    // the slot: a name, a field of this, or a field of a name (`acc.arguments`, `acc["arguments"]`)
    const owner =
      left.type === "MemberExpression" && (!left.computed || staticText(peel(left.property)) !== undefined)
        ? peel(left.object)
        : left;
    if (owner.type !== "Identifier" && !(owner.type === "ThisExpression" && owner !== left)) return undefined;
    const read = argumentFragment(node.right, node);
    if (!read) return undefined;
    // the function that holds the slot (a closure's, or this one for a field of this)
    let holder = scopeOf(node);
    let declaration: EsNode | undefined;
    if (owner.type === "Identifier") {
      for (let fn: EsNode | undefined = holder; fn; fn = fn.parent ? scopeOf(fn.parent) : undefined) {
        declaration = declaredIn(fn).get(owner.name);
        if (declaration || (fn.params ?? []).some((p: EsNode) => paramName(p) === owner.name)) {
          holder = fn;
          break;
        }
      }
      // a fresh string each round: declared inside the innermost loop around the glue, or inside a function made
      // anew in each round of a loop further out. Declared in an outer loop with the glue in an inner one (`do {
      // let args = ""; for await (const event of stream) args += ... }`), it gathers the pieces of a whole stream.
      let innermost = true;
      let crossedAFunction = false;
      for (let p = node.parent; declaration && p; p = p.parent) {
        if (isFunctionLike(p)) crossedAFunction = true;
        else if (LOOPS.has(p.type)) {
          if (p.start <= declaration.start && declaration.end <= p.end && (innermost || crossedAFunction))
            return undefined;
          innermost = false;
        }
      }
    }
    if (readsAnIndexIn(holder)) return undefined;
    const slotText = source(left);
    const ownerText = owner.type === "Identifier" ? source(owner) : slotText;
    // added to a list in the loop around the glue: one string a call (a list built after the loop holds the one call
    // the string made); with no loop in its function (a handler called per event), anywhere in that function
    let around: EsNode | undefined = node.parent;
    while (around && !isFunctionLike(around) && !LOOPS.has(around.type)) around = around.parent;
    const keeper = around && LOOPS.has(around.type) ? around : holder;
    for (const text of keptInAList(keeper, true)) if (text.includes(ownerText)) return undefined;
    let assigned = plainlyAssigned.get(holder);
    if (!assigned) {
      const found = new Set<string>();
      walk(holder, keys, (m) => {
        if (m.type === "AssignmentExpression" && m.operator === "=" && !onceATurn(m, holder))
          found.add(source(peel(m.left)));
        return undefined;
      });
      plainlyAssigned.set(holder, (assigned = found));
    }
    if (assigned.has(slotText) || assigned.has(ownerText)) return undefined;
    // a field of the stream's state (of this, or an object handed to each handler) set again in another handler (not
    // a constructor): the handler of a block's start or stop empties it for the next call
    if (
      left.type === "MemberExpression" &&
      !left.computed &&
      (owner.type === "ThisExpression" || isParameter(owner, holder))
    )
      if (
        (fieldSets().get(left.property.name as string) ?? []).some(
          (set) => !contains(holder, set) && !inAConstructor(set),
        )
      )
        return undefined;
    return read;
  };
  let fieldAssignments: Map<string, EsNode[]> | undefined;
  /** The plain assignments of the file to a named field (`x.field = ...`), by field name (read once a file). */
  const fieldSets = (): Map<string, EsNode[]> => {
    if (fieldAssignments) return fieldAssignments;
    const found = new Map<string, EsNode[]>();
    walk(program, keys, (m) => {
      if (m.type !== "AssignmentExpression" || m.operator !== "=") return undefined;
      const target = peel(m.left);
      if (target.type === "MemberExpression" && !target.computed && typeof target.property.name === "string") {
        const sets = found.get(target.property.name);
        if (sets) sets.push(m);
        else found.set(target.property.name, [m]);
      }
      return undefined;
    });
    return (fieldAssignments = found);
  };
  const isParameter = (name: EsNode, fn: EsNode): boolean =>
    name.type === "Identifier" && (fn.params ?? []).some((p: EsNode) => paramName(p) === name.name);
  const inAConstructor = (node: EsNode): boolean => {
    const fn = scopeOf(node);
    return fn.parent?.type === "MethodDefinition" && fn.parent.kind === "constructor";
  };
  /**
   * `candidates[0].content.parts`, or `cand.content.parts` after `const cand = chunk.candidates[0]` (a few local names
   * followed): a Gemini response's parts, the model's, not a UI message's.
   */
  const fromCandidates = (list: EsNode): boolean => tracedTo(list, (e) => /\bcandidates\b/.test(source(e)));
  /**
   * Does `test` hold for the expression or for what its root name was given, followed through a few local names
   * (`cand.content.parts` after `const cand = response.candidates[0]`)?
   */
  const tracedTo = (expr: EsNode, test: (e: EsNode) => boolean): boolean => {
    let e: EsNode | undefined = expr;
    for (let hops = 0; e && hops < 3; hops++) {
      if (test(e)) return true;
      let root = peel(e);
      while (root.type === "MemberExpression" || root.type === "CallExpression")
        root = peel(root.type === "MemberExpression" ? root.object : root.callee);
      e = root.type === "Identifier" ? initializerOf(root.name, root) : undefined;
    }
    return false;
  };
  /**
   * Under a test, inside `holder`, that the response is over or that the piece is the first call's: done once a turn,
   * so a reset there is not one a call.
   */
  const onceATurn = (node: EsNode, holder: EsNode): boolean => {
    for (let p = node.parent; p && p !== holder; p = p.parent)
      if (
        p.type === "IfStatement" &&
        (TESTS_THE_END.test(source(p.test)) || TESTS_THE_FIRST_INDEX.test(source(p.test)))
      )
        return true;
    return false;
  };
  /** Per function, whether it reads an index to tell calls apart (`x.index`): read once per function. */
  const indexReads = new Map<EsNode, boolean>();
  const readsAnIndexIn = (fn: EsNode): boolean => {
    let routed = indexReads.get(fn);
    if (routed === undefined) indexReads.set(fn, (routed = readsAnIndex(source(fn))));
    return routed;
  };
  /** Per function, whether it reads a name (a call's, to run it): read once per function. */
  const nameReads = new Map<EsNode, boolean>();
  /** Per function, what its plain assignments (`x = ...`) set, as text: read in one walk when first asked. */
  const plainlyAssigned = new Map<EsNode, Set<string>>();
  /**
   * The value is a piece of a call's arguments (`delta.tool_calls[0].function?.arguments || ""`), or a name given one,
   * and the call it belongs to is a streamed one: its path says so, or what its root name was given does, a few local
   * names back (`tc.function.arguments` after `const tc = delta.tool_calls[0]`). Gives the read of the call the pieces
   * come from (its element 0 where one is taken).
   */
  const argumentFragment = (value: EsNode, at: EsNode): EsNode | undefined => {
    let v = valueOf(value);
    for (let hops = 0; v.type === "Identifier"; hops++) {
      const init = hops < 2 ? initializerOf(v.name, at) : undefined;
      if (!init) return undefined;
      v = valueOf(init);
    }
    if (v.type !== "MemberExpression") return undefined;
    const name = v.computed ? staticText(peel(v.property)) : (v.property.name as string);
    if (!name || !namesAnArgumentPiece(name, source(v))) return undefined;
    let read: EsNode | undefined;
    let first: EsNode | undefined;
    // an element 0 taken on the way back to the streamed list (`const call = calls[0]` after `calls = ...tool_calls`)
    let zero: EsNode | undefined;
    let e: EsNode | undefined = v;
    for (let hops = 0; e && hops < 4; hops++) {
      if (STREAMED_CALL.test(source(e))) read = e;
      if (!first && FIRST_OF_THE_CALLS.test(source(e))) first = e;
      let root = valueOf(e);
      if (!zero && !read && root.type === "MemberExpression" && root.computed && peel(root.property).value === 0)
        zero = root;
      while (root.type === "MemberExpression" || root.type === "CallExpression")
        root = peel(root.type === "MemberExpression" ? root.object : root.callee);
      e = root.type === "Identifier" ? initializerOf(root.name, root) : undefined;
    }
    return read && (first ?? zero ?? read);
  };

  /**
   * `for (let i = 0; i < delta.tool_calls.length; i++) { const existing = toolCalls[i]; existing.function.arguments +=
   * delta.tool_calls[i].function.arguments }`: a stream's fragments merged into the list by their place in the chunk,
   * in a function that reads no call index. Each chunk carries one call's fragment at place 0, so every call's pieces
   * run into the first call.
   */
  const mergedByPosition = (node: EsNode): boolean => {
    if (!argumentFragment(node.right, node)) return false;
    // the element the fragment lands on: `list[i]...`, or a name given `list[i]`
    let target = peel(node.left);
    while (target.type === "MemberExpression" && !(target.computed && peel(target.property).type === "Identifier"))
      target = peel(target.object);
    if (target.type === "Identifier") {
      const init = initializerOf(target.name, node);
      target = init ? peel(init) : target;
    }
    if (target.type !== "MemberExpression" || !target.computed) return false;
    const position = peel(target.property);
    if (position.type !== "Identifier") return false;
    // the position is the counter of a loop over the chunk's calls
    let counted = false;
    for (let p = node.parent; p && !isFunctionLike(p); p = p.parent)
      if (
        p.type === "ForStatement" &&
        p.init?.type === "VariableDeclaration" &&
        p.init.declarations.some((d: EsNode) => d.id?.type === "Identifier" && d.id.name === position.name) &&
        p.test &&
        new RegExp(
          `(?<![\\w$])${position.name.replace(/\$/g, "\\$")}\\s*<\\s*[\\w$.?]*tools?_?calls\\??\\.length\\b`,
          "i",
        ).test(source(p.test))
      )
        counted = true;
    return counted && !readsAnIndexIn(scopeOf(node));
  };

  /**
   * `if (toolCall.id) { if (funcCall) break; ... }`: in the stream loop around the glue, a stop taken when a new call's
   * id arrives while one is held (a test of a name alone, whose branch only leaves), under a test that reads an id.
   * The `break` or `return`, or undefined.
   */
  const stopsAtASecondCall = (glue: EsNode): EsNode | undefined => {
    let loop: EsNode | undefined = glue.parent;
    while (loop && !isFunctionLike(loop) && !LOOPS.has(loop.type)) loop = loop.parent;
    if (!loop || isFunctionLike(loop)) return undefined;
    let stop: EsNode | undefined;
    walk(loop.body, keys, (n) => {
      if (stop || isFunctionLike(n)) return false;
      if (n.type !== "IfStatement") return undefined;
      const held = peel(n.test);
      if (held.type !== "Identifier" && !(held.type === "MemberExpression" && !held.computed)) return undefined;
      const then: EsNode[] = n.consequent.type === "BlockStatement" ? n.consequent.body : [n.consequent];
      const leave = then.find((s) => s.type === "ReturnStatement" || (s.type === "BreakStatement" && !s.label));
      if (!leave || then.some((s) => s !== leave && !onlyLogs(s))) return undefined;
      for (let p = n.parent; p && p !== loop; p = p.parent)
        if (p.type === "IfStatement" && /\.id\b|\[["'`]id["'`]\]/.test(source(p.test))) stop = leave;
      return undefined;
    });
    return stop;
  };

  /** Whether a slot is never read into a list in its loop, by loop and slot. */
  const freeSlots = new Map<string, boolean>();
  /** The functions with a single slot reported, and the function of each glue reported. */
  const slotFunctions = new Set<EsNode>();
  /** Every function of the file (where a finding is, for the cut that came before it). */
  const functions: EsNode[] = [];
  const gluesIn = new Map<RawFinding, EsNode>();
  /** The single slots reported, one a function and slot. */
  const slotsReported = new Set<string>();
  /** What a loop (or function) adds to a list (`calls.push(x)`, `[x]`), as text: read in one walk when first asked. */
  const kept = new Map<EsNode, Set<string>>();
  /** The same, leaving out what is kept under a test that the response is over (kept once, after every call). */
  const keptBeforeTheEnd = new Map<EsNode, Set<string>>();
  const keptInAList = (fn: EsNode, beforeTheEnd = false): Set<string> => {
    const cache = beforeTheEnd ? keptBeforeTheEnd : kept;
    let found = cache.get(fn);
    if (found) return found;
    const texts = new Set<string>();
    const add = (a: EsNode | null | undefined) => {
      if (a && a.type !== "SpreadElement") texts.add(source(peel(a)).replace(/\?/g, ""));
    };
    walk(fn, keys, (n) => {
      // what is kept once the response is over (`if (finish_reason === "tool_calls") calls.push(...)`) is kept once
      if (beforeTheEnd && n.type === "IfStatement" && TESTS_THE_END.test(source(n.test))) return false;
      if (
        n.type === "CallExpression" &&
        n.callee.type === "MemberExpression" &&
        /^(push|unshift|set|add|concat)$/.test(n.callee.property?.name ?? "")
      )
        (n.arguments as EsNode[]).forEach(add);
      else if (n.type === "ArrayExpression") (n.elements as EsNode[]).forEach(add);
      return undefined;
    });
    cache.set(fn, (found = texts));
    return found;
  };

  /** `if (captured) { log("discarded"); continue }` then `captured = call` in a loop over calls or a stream. */
  const captureGuard = (node: EsNode): boolean => {
    const test = peel(node.test);
    // the slot: a name or a field (`captured`, `completion.functionCall`), tested for presence
    const slot = (e: EsNode): string | undefined => {
      let r = peel(e);
      while (r.type === "MemberExpression" && !r.computed) r = peel(r.object);
      return r.type === "Identifier" ? source(peel(e)).replace(/\?/g, "") : undefined;
    };
    const name =
      test.type === "Identifier" || test.type === "MemberExpression"
        ? slot(test)
        : test.type === "BinaryExpression" && isNullish(peel(test.right)) && test.operator.startsWith("!")
          ? slot(test.left)
          : undefined;
    if (!name || !onlyLogsThenSkips(node.consequent) || node.alternate) return false;
    const root = name.split(".")[0]!;
    let loop: EsNode | undefined = node.parent;
    while (loop && !LOOPS.has(loop.type) && !isFunctionLike(loop)) loop = loop.parent;
    if (!loop || !LOOPS.has(loop.type)) return false;
    const overTheCalls = loop.type === "ForOfStatement" && isToolCallList(lastName(loop.right) ?? "");
    const overCalls =
      overTheCalls ||
      (loop.type === "ForOfStatement" && loop.await) ||
      /tool_?call|tool_?use/i.test(source(loop.right ?? loop.test ?? loop));
    if (!overCalls) return false;
    let captured = false;
    walk(loop.body, keys, (n) => {
      if (captured) return false;
      // a call kept there, or a flag that a call was handled (`processedOneToolCall = true`), in a loop over the calls
      // or named for them; not any state of a stream (`seenReasoning = true`)
      if (
        n.start > node.end &&
        n.type === "AssignmentExpression" &&
        n.operator === "=" &&
        slot(n.left) === name &&
        (overTheCalls ||
          /tool|call/i.test(name) ||
          // (in a stream's loop, a literal or what a call hands back is the stream's state unless the slot is named
          // for a call: `stopped = await onProgress(...)`, `seenReasoning = true`)
          !/^(?:Literal|AwaitExpression|CallExpression)$/.test(peel(n.right).type))
      )
        captured = true;
      return undefined;
    });
    // ...and the name must be declared outside the loop, so it holds across iterations (a name the loop's head binds,
    // `for (const [id, call] of calls)`, is the call of this round)
    let inside = false;
    if (loop.type === "ForOfStatement" || loop.type === "ForInStatement")
      walk(loop.left, keys, (n) => {
        if (n.type === "Identifier" && n.name === root) inside = true;
        return undefined;
      });
    walk(loop, keys, (n) => {
      if (inside) return false;
      if (n.type === "VariableDeclarator" && n.id.type === "Identifier" && n.id.name === root) inside = true;
      return undefined;
    });
    return captured && !inside;
  };
  const onlyLogsThenSkips = (stmt: EsNode): boolean => {
    const body: EsNode[] = stmt.type === "BlockStatement" ? stmt.body : [stmt];
    const last = body[body.length - 1];
    return (
      !!last &&
      (last.type === "ContinueStatement" ||
        last.type === "BreakStatement" ||
        (last.type === "ReturnStatement" && !last.argument)) &&
      onlyLogs({ type: "BlockStatement", body: body.slice(0, -1), start: 0, end: 0 })
    );
  };

  walk(program, keys, (node) => {
    if (isFunctionLike(node)) functions.push(node);
    switch (node.type) {
      case "MemberExpression":
        if (node.computed) firstRead(node);
        break;
      case "AssignmentExpression": {
        // toolCalls = [toolCalls[0]]  /  toolCalls = toolCalls.slice(0, 1)
        const slotKey = `${scopeOf(node).start}:${source(peel(node.left))}`;
        const glued = node.operator === "+=" && !slotsReported.has(slotKey) ? gluedArguments(node) : undefined;
        // a stream printed or rendered (`printStream`): what is glued there is shown, not run
        if (glued && !forcedAround(node) && !shownBy(scopeOf(node))) {
          slotsReported.add(slotKey);
          // with a stop when the next call's id arrives, the pieces glued are the first call's: the stop loses the rest
          const stop = stopsAtASecondCall(node);
          findings.push(
            stop
              ? {
                  rule: "loop-exits-after-first",
                  confidence: "certain",
                  start: stop.start,
                  lost: SECOND_CALL_STOP_LOST,
                }
              : {
                  rule: "first-call-only",
                  confidence: "certain",
                  start: node.start,
                  lost: GLUED_LOST,
                  ...(glued.start < node.start ? { listStart: glued.start } : {}),
                },
          );
          if (!stop) gluesIn.set(findings[findings.length - 1]!, scopeOf(node));
        }
        if (
          node.operator === "+=" &&
          !glued &&
          !slotsReported.has(slotKey) &&
          mergedByPosition(node) &&
          !shownBy(scopeOf(node))
        ) {
          slotsReported.add(slotKey);
          findings.push({
            rule: "first-call-only",
            confidence: "certain",
            start: node.start,
            lost: MERGED_BY_POSITION_LOST,
          });
        }
        if (node.operator !== "=") break;
        const target = lastName(node.left);
        if (target && isToolCallList(target, true) && truncatesToFirst(node.right) && !gatedByTheFlag(node))
          findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.start });
        else if (
          !slotsReported.has(`${scopeOf(node).start}:${source(peel(node.left))}`) &&
          (singleSlot(node) || streamedBlockSlot(node))
        ) {
          slotsReported.add(`${scopeOf(node).start}:${source(peel(node.left))}`);
          slotFunctions.add(scopeOf(node));
          findings.push({
            rule: "first-call-only",
            confidence: "certain",
            start: node.start,
            lost: "keeps one tool call in a single slot, which each tool block of the response overwrites: one call survives",
          });
        } else if (
          peel(node.left).type === "MemberExpression" &&
          peel(node.left).computed &&
          keyedByName(peel(peel(node.left).object), peel(peel(node.left).property), node)
        ) {
          findings.push({
            rule: "first-call-only",
            confidence: "certain",
            start: node.start,
            lost: KEYED_BY_NAME_LOST,
          });
        } else if (!slotsReported.has(`${scopeOf(node).start}:${source(peel(node.left))}`)) {
          // one finding a slot and function, however many lines replace it
          const replaced = replacedPerChunk(node);
          if (replaced) {
            slotsReported.add(`${scopeOf(node).start}:${source(peel(node.left))}`);
            findings.push({
              rule: "first-call-only",
              confidence: replaced,
              start: node.start,
              lost: REPLACED_PER_CHUNK_LOST,
            });
          }
        }
        break;
      }
      case "Property": {
        // { role: "assistant", tool_calls: [toolCalls[0]] }: the message keeps one call of the response
        const kept = node.value && !node.computed ? oneCallKept(node.value) : undefined;
        if (kept && heldUnderACallsKey(kept) === node && !gatedByTheFlag(node))
          findings.push({
            rule: "truncate-to-first",
            confidence: "certain",
            start: node.start,
            lost: MESSAGE_KEEPS_ONE_LOST,
          });
        break;
      }
      case "VariableDeclarator": {
        if (!node.init) break;
        const target = node.id.type === "Identifier" ? (node.id.name as string) : undefined;
        if (target && isToolCallList(target, true) && truncatesToFirst(node.init))
          findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.start });
        if (node.id.type === "ArrayPattern" && !shows) firstDestructured(node.id, node.init);
        break;
      }
      case "CallExpression": {
        // content.find(b => b.type === "tool_use"): the first tool block, when only its type is tested
        const callee = node.callee as EsNode;
        // calls.set(tc.function.name, tc): the calls kept by their tool's name
        if (isMethod(callee, "set") && node.arguments.length === 2) {
          if (keyedByName(peel(callee.object), peel(node.arguments[0]), node))
            findings.push({
              rule: "first-call-only",
              confidence: "certain",
              start: node.start,
              lost: KEYED_BY_NAME_LOST,
            });
          break;
        }
        if (callee.type === "MemberExpression" && !callee.computed && callee.property.name === "at") {
          firstRead(node); // toolCalls.at(0)
          break;
        }
        if (callee.type !== "MemberExpression" || callee.computed || callee.property.name !== "find") break;
        const callback = node.arguments[0] as EsNode | undefined;
        if (!callback || (callback.type !== "ArrowFunctionExpression" && callback.type !== "FunctionExpression")) break;
        const predicate = predicateOf(callback);
        if (
          shows ||
          !predicate ||
          !testsOnlyToolType(predicate) ||
          // UI message parts are told apart by their type; a part tested for a call field is a model's (Gemini)
          (namesUiParts(lastName(callee.object) ?? "") && !testsACallField(predicate))
        )
          break;
        const scope = scopeOf(node);
        if (
          shownBy(scope) ||
          (forcedBefore(scope, node) && fromALocalCall(callee.object)) ||
          configForcesOne(scope) ||
          convertsHistory(node) ||
          onlyTested(node) ||
          displayOnly(node) ||
          // a Gemini stream's chunk holds whole parts, each a whole call: its first call part drops the chunk's others
          (streamPiece(node, callee.object) && !(testsACallField(predicate) && fromCandidates(callee.object))) ||
          usesWholeList(node, callee.object)
        )
          break;
        findings.push({
          rule: "first-call-only",
          confidence: "certain",
          lost: testsACallField(predicate) ? FIND_PART_LOST : FIND_LOST,
          start: node.start,
          listStart: listOrigin(callee.object, node.start),
        });
        break;
      }
      case "ForOfStatement":
      case "ForInStatement": {
        // for (const call of toolCalls) { ...; break }  /  for (const b of content) { if (b.type === "tool_use") return run(b) }
        let leaves: EsNode | undefined;
        let kept: EsNode | undefined;
        let last: EsNode | undefined;
        if (answersWithoutRunning(node)) {
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.start,
            lost: LATER_CALLS_ANSWERED_LOST,
          });
          break;
        }
        if (isToolCallList(lastName(node.right) ?? "") && leavesLoop(node.body)) {
          findings.push({
            rule: "loop-exits-after-first",
            confidence: "certain",
            // where the loop is first left: what a person changes
            start: (exitIn(node.body) ?? node).start,
            lost: firstRoundLeavesLost(lineAt(node.start)),
            listStart: listOrigin(node.right, node.start),
          });
        } else if (
          !node.await &&
          // a Gemini response's parts (`candidates[0].content.parts`) are the model's, not a UI message's
          (!namesUiParts(lastName(node.right) ?? "") || fromCandidates(node.right)) &&
          !inAStructuredOutputBranch(node) &&
          // after a request forcing one tool, the response holds that one call
          !(forcedAbove(node) && fromALocalCall(node.right)) &&
          // a stored message of the history (under a test of its role, or in a loop over the messages) is read, not run
          !convertsHistory(node) &&
          toolBranchLeaves(node)
        ) {
          findings.push({
            rule: "loop-exits-after-first",
            confidence: "certain",
            // where the loop is left: what a person changes
            start: exitIn(toolBranchLeaves(node)!)?.start ?? node.start,
            lost: TOOL_BRANCH_LOST,
            listStart: listOrigin(node.right, node.start),
          });
        } else if (
          !node.await &&
          isToolCallList(lastName(node.right) ?? "") &&
          !/\b(?:delta|chunk)\b/.test(source(node.right)) &&
          !inAStructuredOutputBranch(node) &&
          !(forcedAbove(node) && fromALocalCall(node.right)) &&
          !convertsHistory(node) &&
          ((kept = keepsTheFirst(node)) || (last = keepsTheLast(node)))
        ) {
          findings.push(
            kept
              ? {
                  rule: "first-call-only",
                  confidence: "certain",
                  start: kept.start,
                  lost: FIRST_KEPT_LOST,
                  listStart: listOrigin(node.right, node.start),
                }
              : {
                  rule: "first-call-only",
                  confidence: "likely",
                  start: last!.start,
                  lost: LAST_KEPT_LOST,
                  listStart: listOrigin(node.right, node.start),
                },
          );
        } else if (
          !node.await &&
          isToolCallList(lastName(node.right) ?? "") &&
          // a stream's pieces (`delta.tool_calls`) come one a chunk: leaving their loop drops nothing
          !/\b(?:delta|chunk)\b/.test(source(node.right)) &&
          !inAStructuredOutputBranch(node) &&
          (leaves = runsThenLeaves(node))
        ) {
          findings.push({
            rule: "loop-exits-after-first",
            // the branch may be taken for one tool only, or not at all: the loss holds when it is
            confidence: "likely",
            // where the loop is left: what a person changes
            start: leaves.start,
            lost: runThenLeaveLost(lineAt(node.start)),
            listStart: listOrigin(node.right, node.start),
          });
        }
        break;
      }
      case "IfStatement":
        if (flagIn(node.test)) guardFinding(node);
        // after a request forcing one tool, the guard refuses nothing a response holds
        else if (refusesSeveral(node) && !underAFinish(node) && !forcedAbove(node) && !convertsHistory(node))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.start,
            lost: (node.consequent.type === "BlockStatement" ? node.consequent.body : [node.consequent]).some(
              (x: EsNode) => x.type === "ThrowStatement",
            )
              ? "throws when a response holds more than one tool call: a turn with several calls is refused"
              : "asks the model again when a response holds more than one tool call: a turn with several calls is refused",
          });
        else if (skipsLaterIndexes(node))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.start,
            lost: "skips every tool call whose index is not 0: only the first call of the response is kept",
          });
        else if (captureGuard(node))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.start,
            lost: CAPTURE_LOST,
          });
        break;
    }
    return undefined;
  });
  findings.sort((a, b) => a.start - b.start);
  // a first call read, or a loop left, after its function cut the list of calls to one: the loss is the cut's,
  // reported there once
  const cuts = findings.filter((f) => f.rule === "truncate-to-first");
  const innermost = (at: number): EsNode | undefined => {
    let found: EsNode | undefined;
    for (const fn of functions) if (fn.start <= at && at < fn.end && (!found || fn.start >= found.start)) found = fn;
    return found;
  };
  const cutAt = new Map<EsNode | undefined, number>();
  for (const cut of cuts) {
    const fn = innermost(cut.start);
    cutAt.set(fn, Math.min(cutAt.get(fn) ?? Infinity, cut.start));
  }
  const afterACut = (f: RawFinding): boolean =>
    cuts.length > 0 &&
    (f.rule === "first-call-only" || f.rule === "loop-exits-after-first") &&
    (cutAt.get(innermost(f.start)) ?? Infinity) < f.start;
  // the block's input glued in a function that keeps the block in one slot: the slot's loss, reported there once
  return findings.filter((f) => !slotFunctions.has(gluesIn.get(f)!) && !afterACut(f));

  function mentions(node: EsNode, name: string): boolean {
    let found = false;
    walk(node, keys, (n) => {
      if (found) return false;
      if (
        n.type === "Identifier" &&
        n.name === name &&
        !(n.parent?.type === "MemberExpression" && n.parent.property === n && !n.parent.computed)
      )
        found = true;
      return undefined;
    });
    return found;
  }

  function flagIn(expr: EsNode): string | undefined {
    let found: string | undefined;
    walk(expr, keys, (n) => {
      if (found) return false;
      if (n.type === "Identifier" && isAlreadyUsedToolFlag(n.name)) found = n.name;
      return undefined;
    });
    return found;
  }

  function lastName(expr: EsNode): string | undefined {
    const e = peel(expr);
    if (e.type === "Identifier") return e.name;
    if (e.type === "MemberExpression") {
      if (!e.computed) return e.property.name;
      return isStringLike(e.property) ? staticText(e.property) : undefined;
    }
    if (e.type === "LogicalExpression") return lastName(e.left); // `calls ?? []`
    // `response.getToolCalls()`: a getter that hands the list back
    if (e.type === "CallExpression" && e.arguments.length === 0) return lastName(e.callee);
    return undefined;
  }
}

/** `x.name(...)`'s callee, for that method name. */
function isMethod(callee: EsNode, name: string): boolean {
  return callee.type === "MemberExpression" && !callee.computed && callee.property.name === name;
}

/** `list.at(-1)`, `map.get(k)`, `xs.slice(1)`: a method that reads a collection, not one that asks a model. */
function isAccessor(callee: EsNode): boolean {
  return (
    callee.type === "MemberExpression" &&
    !callee.computed &&
    /^(at|get|slice|find|findLast|filter|pop|shift|last|first)$/.test(callee.property.name)
  );
}

/** `a.b[0]` of `a.b[0].index`: the names, dots and numeric indexes just before `at` (a bounded walk back). */
function expressionBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && at - i < 200 && /[\w$.[\]]/.test(text[i - 1]!)) i--;
  // `acc[item` of `acc[item.index]`: start after an opening bracket that holds no number
  const before = text.slice(i, at);
  const open = before.lastIndexOf("[");
  return open >= 0 && !/^\[\d+\]/.test(before.slice(open)) ? before.slice(open + 1) : before;
}

/** `response`, `response: LLMResponse`, `response = {}`: the name a parameter binds. */
function paramName(param: EsNode): string | undefined {
  const p = param.type === "TSParameterProperty" ? param.parameter : param;
  const target = p.type === "AssignmentPattern" ? p.left : p;
  return target.type === "Identifier" ? target.name : undefined;
}

/** `{ success: false, ... }`, `{ error: ... }`: an object whose own fields say the turn failed. */
function reportsAFailure(value: EsNode): boolean {
  if (value.type !== "ObjectExpression") return false;
  return (value.properties as EsNode[]).some((p) => {
    if (p.type !== "Property" || p.computed) return false;
    const key = p.key.type === "Identifier" ? p.key.name : p.key.value;
    const v = peel(p.value);
    return key === "error" || (/^(?:success|ok)$/.test(key) && v.type === "Literal" && v.value === false);
  });
}

/**
 * `block.type`, `block["type"]`, or `block[TYPE]` (a constant named for the key, as libraries that share key names
 * write it): a read of that field.
 */
function readsTheField(x: EsNode, field: string): boolean {
  if (x.type !== "MemberExpression") return false;
  const name = fieldName(x);
  // a constant's name (`TYPE`) stands for the key in any case
  return x.computed && peel(x.property).type === "Identifier"
    ? name?.toLowerCase() === field.toLowerCase()
    : name === field;
}
/** The field a member read names: `x.text`, `x["text"]`, or the name of the constant in `x[TEXT]`. */
function fieldName(x: EsNode): string | undefined {
  if (!x.computed) return x.property.name as string | undefined;
  const key = peel(x.property);
  return key.type === "Identifier" ? (key.name as string) : staticText(key);
}
const readsTheType = (x: EsNode): boolean => readsTheField(x, "type");
/**
 * The block type a value names: a string (`"text"`), or a constant named for it (`TEXT`, `TOOL_USE`), as the files that
 * write `block[TYPE]` name the values too. Undefined for anything else.
 */
function blockKind(e: EsNode): string | undefined {
  const name = e.type === "Identifier" ? (e.name as string) : "";
  if (/^[A-Z][A-Z0-9_]*$/.test(name)) return name.toLowerCase();
  return isStringLike(e) ? staticText(e) : undefined;
}
/** `type: "tool_use"` in an object: its key, by name or quoted. */
function readsTheKeyType(p: EsNode): boolean {
  return !p.computed && (p.key.type === "Identifier" ? p.key.name === "type" : p.key.value === "type");
}

/** Fields of a block that hold content and never a call: text, inline data, a thought, generated code's output. */
const CONTENT_FIELD =
  /^(?:text|inline_?data|file_?data|thought|thinking|executable_?code|code_?execution_?result|image|image_?url|audio|refusal)$/i;

/** How many things a file adds to lists before its streamed slots are no longer looked for in them (a bound on the work). */
const KEPT_LOOKED_AT = 1000;

/** An element 0 of a list of calls read: `tool_calls[0]`, `toolCalls?.[0]`. */
const FIRST_OF_THE_CALLS = /tools?_?calls?\W{0,4}\[\s*0\s*\]/i;

/** What an expression gives when it is used: `x || ""` and `x ?? ""` give x, `x && x.y` gives x.y, `t ? a : b` a. */
function valueOf(expr: EsNode): EsNode {
  let v = peel(expr);
  for (;;) {
    if (v.type === "LogicalExpression") v = peel(v.operator === "&&" ? v.right : v.left);
    else if (v.type === "ConditionalExpression") v = peel(v.consequent);
    else return v;
  }
}

function peel(expr: EsNode): EsNode {
  let e = expr;
  while (WRAPPERS.has(e.type)) e = e.expression;
  return e;
}

function contains(outer: EsNode, inner: EsNode): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The function (or program) a node is in. */
function scopeOf(node: EsNode): EsNode {
  let fn: EsNode = node;
  while (fn.parent && !isFunctionLike(fn) && fn.type !== "Program") fn = fn.parent;
  return fn;
}

function isNullish(node: EsNode): boolean {
  return (node.type === "Literal" && node.value === null) || (node.type === "Identifier" && node.name === "undefined");
}

/** A string literal or a template without substitutions. */
function isStringLike(node: EsNode | null | undefined): node is EsNode {
  return (
    !!node &&
    ((node.type === "Literal" && typeof node.value === "string") ||
      (node.type === "TemplateLiteral" && node.expressions.length === 0))
  );
}

/** TypeScript's prefix unary operators (typeof, void and delete are kinds of their own there). */
function isPrefixOperator(node: EsNode): boolean {
  return (
    (node.type === "UnaryExpression" &&
      (node.operator === "!" || node.operator === "-" || node.operator === "+" || node.operator === "~")) ||
    (node.type === "UpdateExpression" && node.prefix)
  );
}
