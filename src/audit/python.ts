// Audit for Python on a tree-sitter tree: the four rules of patterns.ts (DESIGN.md, audit), as typescript-oxc.ts reads
// them on TS/JS. A finding needs a path that consumes the tool calls of a model response and keeps one of them; reads
// that lose nothing (a presence test, a log line, a lookup by id, a per-chunk stream delta, a list of one by
// construction) are left, whatever their spelling.
import type { Node } from "web-tree-sitter";
import { words } from "../catalog";
import { ancestryOf } from "../languages/tree-sitter/tree-walk";
import { countWithin, firstAtOrAfter } from "./sorted";
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
  discardLines,
  REFUSES_SEVERAL_IN_WORDS,
  forcedToolAt,
  forcesEveryToolOffer,
  GLUED_LOST,
  MERGED_BY_POSITION_LOST,
  HANDED_A_CONVERSATION,
  NAME_GIVEN_CALLS,
  readsAnIndex,
  SLOT_LOST,
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
  NEXT_PART_LOST,
  logsADiscardThenSkips,
  NEXT_LOST,
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

const FUNCTION = new Set(["function_definition", "lambda"]);
/** `tool_calls[0]`: where a first-call read may be (found in the text, so no other subscript is made a Node). */
const FIRST_READ =
  /(?:tools?_?calls?|tool_?uses?|function_?calls?|\bcalls)(?:_?(?:list|buffer|array|arr))?(?:["']\]|\(\))?[ \t]*\[[ \t]*0[ \t]*\]/gi;
const KEEP = new Set([
  "subscript",
  "call",
  "assignment",
  "pair",
  "keyword_argument",
  "augmented_assignment",
  "for_statement",
  "if_statement",
  "list_comprehension",
  ...FUNCTION,
]);
const LOOP_TYPES = new Set(["for_statement", "while_statement"]);

/**
 * Where each other rule's node may be, found in the text: the node is the innermost one of its type around the
 * offset. Making a Node of every statement of a file (or moving a cursor over all of it) cost more than the parse;
 * the walk to these few offsets does not.
 */
const TEXT_CUES: ReadonlyArray<[RegExp, string]> = [
  // next(b for b in content if b.type == "tool_use")
  [/\bnext[ \t]*\(/g, "call"],
  // candidates[0].content.parts[0].function_call: a Gemini response's first part taken as its call
  [/\bparts[ \t]*\[[ \t]*0[ \t]*\]/g, "subscript"],
  // calls = [calls[0]], calls = calls[:1]
  [/\[\s*(?:0\s*)?:\s*1\s*\]|\[[ \t]*[\w.]+\[[ \t]*0[ \t]*\][ \t]*\]/g, "assignment"],
  // {"role": "assistant", "tool_calls": [tool_calls[0]]}, Message(tool_calls=[calls[0]]): a message keeping one call
  [/\[[ \t]*[\w.]+\[[ \t]*0[ \t]*\][ \t]*\]/g, "pair"],
  [/\[[ \t]*[\w.]+\[[ \t]*0[ \t]*\][ \t]*\]/g, "keyword_argument"],
  // response.content[-1]: the last content block, maybe taken as the call
  // (a formatter may split a long subscript over lines: `content[\n    -1\n]`)
  // (`response["output"]["message"]["content"][-1]`: the key quoted)
  [/\bcontent(?:["']\])?[ \t]*\[\s*-[ \t]*1(?=\s*\])/g, "subscript"],
  // for call in tool_calls: (the `for` keyword at a line's start)
  [/^[ \t]*(?:async[ \t]+)?for\b(?=[^\n]*(?:tools?_?calls|tool_?uses|function_?calls)\b)/gim, "for_statement"],
  // for extra in calls[1:]: (every call after the first)
  [/^[ \t]*for\b(?=[^\n]*calls[ \t]*\[[ \t]*1[ \t]*:[ \t]*\])/gim, "for_statement"],
  // [{"tool_use_id": b["id"], "content": "Skipped"} for b in tool_blocks[1:]]
  [/\bfor[ \t]+\w+[ \t]+in[ \t]+[\w.]+[ \t]*\[[ \t]*1[ \t]*:[ \t]*\]/g, "list_comprehension"],
  // for block in content: if block.type == "tool_use": return ...
  [new RegExp(String.raw`["']${BLOCK_TYPE}["']`, "g"), "for_statement"],
  // for part in parts: if part.function_call: ... break
  [/\bif[ \t]+\w+\.(?:function_call|tool_call|tool_use)\b/g, "for_statement"],
  // for block in message["content"]: if "toolUse" in block: ... return (a Bedrock block, keyed by its kind)
  [/["'](?:functionCall|toolCall|toolUse)["'][ \t]+in\b/g, "for_statement"],
  // tool_args += delta.tool_calls[0].function.arguments; pieces.append(tc["function"]["arguments"])
  [/\+=/g, "augmented_assignment"],
  [/\.append\((?=[^)]{0,200}arg)/g, "call"],
  // block = response.content[0] / item = result.output[0]: the first block, maybe taken as the call
  [/\b(?:content|output)(?:["']\])?[ \t]*\[\s*0(?=\s*\])/g, "subscript"],
  // tool_block = event.content_block (a stream's one slot for a tool block)
  [/=[ \t]*[\w.]*\.content_?block(?=[ \t]*(?:#[^\n]*)?$)/gm, "assignment"],
  // results[fn.name] = ... (calls kept by their tool's name)
  [/^[ \t]+[\w.]+[ \t]*\[[ \t]*[\w.]+(?:\.name|\[[ \t]*["']name["'][ \t]*\])[ \t]*\][ \t]*=(?!=)/gm, "assignment"],
  // collected = chunk.tool_calls (a list kept across a stream, replaced by each chunk's; a bounded look along the
  // line), and results[fn.name] = ... above: indented, as a statement in a loop or a method is
  [
    /^[ \t]+[\w.]+[ \t]*=[ \t]*[^=\n][^\n]{0,300}?(?:\.|\[[ \t]*["'])(?:tools?_?calls|tool_?uses|function_?calls)\b/gm,
    "assignment",
  ],
  // tool_use = start["toolUse"] (Bedrock's content block start)
  [
    /=[ \t]*\w+(?:\[[ \t]*["']toolUse["'][ \t]*\]|\.get\([ \t]*["']toolUse["'][ \t]*\))(?=[ \t]*(?:#[^\n]*)?$)/gm,
    "assignment",
  ],
  // if self.already_used_tool:
  [/already_?used?_?(?:a_?)?tool|tool_?already_?used/gi, "if_statement"],
  // if len(tool_calls) != 1: raise ...
  [/len\(\s*[\w.[\]"'-]*(?:tools?_?calls|tool_?uses|function_?calls)["'\]]*\s*\)\s*(?:!=|>)/gi, "if_statement"],
  // if tc.index != 0: continue
  [/\b(?:index|idx)[ \t]*(?:!=|>)[ \t]*0\b/g, "if_statement"],
  // [t for t in tool_calls if ...][0]
  [/\bfor\b[^\n\]]{0,200}\][ \t]*\[[ \t]*0[ \t]*\]/g, "subscript"],
];
/** `uses = [b for b in content if ...]`: a name given a filtered list, whose `[0]` reads are looked at too. */
const FILTERED_NAME = /^[ \t]*(\w+)[ \t]*=[ \t]*\[[^\n\]]{0,200}?\bfor\b[^\n\]]{0,200}?\bif\b/gm;

/** `== "tool_use"`: a type compared with a tool block's. */
const TYPE_COMPARED = new RegExp(String.raw`==\s*["']${BLOCK_TYPE}["']`);

/** Builtins that look at a value without using it: the list handed to them is not used whole. */
const INSPECTS = new Set(["len", "isinstance", "type", "bool", "id", "callable", "hasattr"]);

/** Past this many whole-list reads of one list in one function, the list counts as read whole (a bound on the work). */
const USES_LOOKED_AT = 64;
const EXIT = /^(return|raise|continue|break)_statement$/;
const LEAVE = /^(return|raise|break)_statement$/;

/**
 * `shows`: a file of a user interface (gradio_ui.py, a ui/ folder). It shows a conversation; a model response's calls
 * are run by the code that talks to the model, so a first call read there is a display, not a loss.
 */
export function auditPython(root: Node, text = root.text, { shows = false } = {}): RawFinding[] {
  /** Per function, the roots of the lists whose first call it takes (`response` of `response.function_calls[0]`). */
  const readRoots = new Map<number, Set<string>>();
  assignments = new Map();
  slotUses = new Map();
  parameters = new Map();
  drainedLoops = new Map();
  identifiers = new Map();
  subscripts = new Map();
  callNodes = new Map();
  appends = new Map();
  indexReads = new Map();
  nameReads = new Map();
  elementIndexReads = new Map();
  outliving = new Map();
  definitions = new Map();
  forcingHelpers = new Map();
  freeBlockSlots = new Map();
  streamFacts = new Map();
  singularMethods = new Map();
  keptTexts = new Map();
  lastTypedAsACall = new Map();
  typedInTest = new Map();
  auditedText = text;
  const findings: RawFinding[] = [];
  const wholeLists = new Map<number, Map<string, Node[]>>();
  const usesOf = (scope: Node): Map<string, Node[]> => {
    let uses = wholeLists.get(scope.id);
    if (!uses) wholeLists.set(scope.id, (uses = listsUsedWhole(scope)));
    return uses;
  };
  /** Does the list reach past its first element on a path through `read`? */
  /** Whether this file writes the calls of the messages it keeps (asked once, when a read needs it). */
  let writesCalls: boolean | undefined;
  /**
   * A stored message's calls (`state["messages"][-1].tool_calls`, or a name given a message of the conversation) in a
   * file that writes the calls of the messages it keeps: the message is one it wrote, one call by construction.
   */
  const writtenHere = (list: Node, read: Node): boolean =>
    tracedTo(list, read, (e) => readsAStoredMessage(e.text)) && (writesCalls ??= writesTheCallsItStores(text));
  const usesWholeList = (scope: Node, read: Node, list: Node): boolean => {
    const uses = usesOf(scope).get(list.text);
    if (!uses) return false;
    if (uses.length >= USES_LOOKED_AT) return true;
    const rebound = reboundAt(read, list);
    return uses.some((use) => !contains(read, use) && !excludes(use, read) && use.startIndex < rebound);
  };
  /** `response.choices[0].message.tool_calls[0]` read while `response` is returned whole on that path: nothing dropped. */
  const ownerReturned = (scope: Node, read: Node, list: Node): boolean => {
    let root = list;
    while (root.type === "attribute" || root.type === "subscript")
      root = root.childForFieldName(root.type === "attribute" ? "object" : "value")!;
    if (root?.type !== "identifier" || root.text === "self") return false;
    const uses = usesOf(scope).get(`return:${root.text}`);
    return !!uses && uses.some((use) => !excludes(use, read));
  };
  const reported = new Set<string>();
  /** Per function, where it first cuts the list of calls to one; and the function of each first-call read reported. */
  const cutIn = new Map<number, number>();
  const readsIn = new Map<number, number>();
  const forced = new Map<number, number>();
  const checks = new Map<number, Array<[number, string, number]>>();
  /** Is the list checked to hold one call before the read, in the same function? */
  const checkedToHoldOne = (scope: Node, list: Node, read: Node): boolean => {
    let found = checks.get(scope.id);
    if (!found) checks.set(scope.id, (found = oneCallChecks(scope)));
    return found.some(([at, text]) => at < read.startIndex && text.includes(`len(${list.text}`));
  };
  const guardedCallers = new Map<number, boolean>();
  /**
   * `def tool_message(self, response): call = response.choices[0].message.tool_calls[0]`, where every call of the
   * function in the file comes after a guard of its caller that refuses a response with several calls: the response
   * it is handed holds one call (the loss is the guard's, reported there). The list must come from a parameter.
   */
  const calledBehindAGuard = (scope: Node, list: Node): boolean => {
    const param = rootName(list)?.text;
    const name = scope.type === "function_definition" ? scope.childForFieldName("name")?.text : undefined;
    if (!param || !name || !parametersIn(scope).has(param)) return false;
    let yes = guardedCallers.get(scope.id);
    if (yes === undefined) {
      const sites = callsIn(root).get(name) ?? [];
      yes =
        sites.length > 0 &&
        sites.every((site) => {
          let caller: Node | null = site.parent;
          while (caller && !FUNCTION.has(caller.type)) caller = caller.parent;
          if (!caller || caller.id === scope.id) return false;
          let found = checks.get(caller.id);
          if (!found) checks.set(caller.id, (found = oneCallChecks(caller)));
          return found.some(([, , end]) => end <= site.startIndex);
        });
      guardedCallers.set(scope.id, yes);
    }
    return yes;
  };
  const offered = new Map<number, { at: number; tool: string } | null>();
  /** Whether every request of the file offering tools forces one (asked once, when a read needs it). */
  let fileForces: boolean | undefined;
  /**
   * Before `read`, does the function force one tool, or offer one whose call is read only for its arguments
   * (structured output)? That response holds one call.
   */
  /** A request forcing one tool before `node` in its function (asked once a function). */
  /** Where a function first forces one tool, as an offset into it, or -1 (read once a function). */
  const forcedAt = (scope: Node): number => {
    let at = forced.get(scope.id);
    if (at === undefined) forced.set(scope.id, (at = forcedToolAt(scope.text)));
    return at;
  };
  const forcedAbove = (scope: Node, node: Node): boolean => {
    const at = forcedAt(scope);
    return at >= 0 && scope.startIndex + at < node.startIndex;
  };
  const forcedBefore = (scope: Node, read: Node): boolean => {
    if (forcedAbove(scope, read)) return true;
    let one = offered.get(scope.id);
    if (one === undefined) offered.set(scope.id, (one = oneToolOffered(scope.text, text) ?? null));
    return (
      !!one &&
      scope.startIndex + one.at < read.startIndex &&
      (!handledAsACall(read, scope, text, one.tool) || namesAnAnswerTool(one.tool))
    );
  };

  // Each cue: an offset and the type of the node around it to read.
  const cues: Array<[number, string]> = [];
  FIRST_READ.lastIndex = 0;
  for (let m = FIRST_READ.exec(text); m; m = FIRST_READ.exec(text))
    cues.push([m.index + m[0].lastIndexOf("0"), "subscript"]);
  for (const [pattern, type] of TEXT_CUES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      cues.push([m.index + m[0].length - 1, type]);
      if (m[0].length === 0) pattern.lastIndex++;
    }
  }
  // `uses[0]` of a name given a filtered list (a few names a file: each is one more pass over the text)
  const filteredNames = new Set<string>();
  FILTERED_NAME.lastIndex = 0;
  for (let m = FILTERED_NAME.exec(text); m && filteredNames.size < 8; m = FILTERED_NAME.exec(text))
    filteredNames.add(m[1]!);
  NAME_GIVEN_CALLS.lastIndex = 0;
  for (let m = NAME_GIVEN_CALLS.exec(text); m && filteredNames.size < 16; m = NAME_GIVEN_CALLS.exec(text))
    filteredNames.add(m[1]!);
  for (const name of filteredNames) {
    const read = new RegExp(`\\b${name}[ \\t]*\\[[ \\t]*0[ \\t]*\\]`, "g");
    for (let m = read.exec(text); m; m = read.exec(text)) cues.push([m.index + m[0].lastIndexOf("0"), "subscript"]);
  }
  // a stream handler's log line that discards a call: the `if` around it
  if (logsADiscardThenSkips(text)) for (const at of discardLines(text)) cues.push([at, "if_statement"]);
  cues.sort((x, y) => x[0] - y[0]);
  const ancestries = cues.length
    ? ancestryOf(
        root,
        cues.map((c) => c[0]),
        KEEP,
      )
    : [];
  const seen = new Set<number>();
  ancestries.forEach((at, i) => {
    const type = cues[i]![1];
    let node: Node | undefined;
    let scope: Node = root;
    for (let a: typeof at | undefined = at; a; a = a.parent) {
      if (!node && a.type === type) node = a.node;
      if (FUNCTION.has(a.type) && a.node && a !== at) {
        scope = a.node;
        break;
      }
    }
    if (!node || seen.has(node.id)) return;
    seen.add(node.id);
    visit(node, scope);
  });
  findings.sort((a, b) => a.start - b.start);
  // a first-call read, or a loop left, after its function cut the list of calls to one: the loss is the cut's,
  // reported there once
  return findings.filter((f) => {
    const scope =
      f.rule === "first-call-only" || f.rule === "loop-exits-after-first" ? readsIn.get(f.start) : undefined;
    return scope === undefined || !((cutIn.get(scope) ?? Infinity) < f.start);
  });

  /**
   * `tool_args += delta.tool_calls[0].function.arguments`, `pieces.append(tc["function"]["arguments"])`: every call's
   * arguments glued into one.
   */
  function glue(node: Node, scope: Node): void {
    const slot = glueParts(node)?.left.text ?? "";
    if (reported.has(`glue:${scope.id}:${slot}`)) return;
    if (mergedByPosition(node, scope) && !shownBy(node)) {
      reported.add(`glue:${scope.id}:${slot}`);
      findings.push({
        rule: "first-call-only",
        confidence: "certain",
        start: node.startIndex,
        lost: MERGED_BY_POSITION_LOST,
      });
      return;
    }
    const read = gluedArguments(node, scope);
    // a stream printed or rendered (`print_and_process_stream`): what is glued there is shown, not run
    if (!read || forcedAbove(scope, node) || shownBy(node)) return;
    reported.add(`glue:${scope.id}:${slot}`);
    // with a stop when the next call's id arrives, the pieces glued are the first call's: the stop loses the rest
    const stop = stopsAtASecondCall(node, scope);
    findings.push(
      stop
        ? {
            rule: "loop-exits-after-first",
            confidence: "certain",
            start: stop.startIndex,
            lost: SECOND_CALL_STOP_LOST,
          }
        : {
            rule: "first-call-only",
            confidence: "certain",
            start: node.startIndex,
            lost: GLUED_LOST,
            ...(read.startIndex < node.startIndex ? { listStart: read.startIndex } : {}),
          },
    );
  }

  /**
   * Is the loop's list (or what its name was given before the loop: `parts = response.candidates[0].content.parts`)
   * from a response whose first call the function already took? One response, one loss.
   */
  function ofAResponseRead(scope: Node, over: Node, loop: Node): boolean {
    const roots = readRoots.get(scope.id);
    if (!roots) return false;
    let source = over.text;
    if (over.type === "identifier")
      for (const set of assignmentsIn(scope).get(over.text) ?? [])
        if (set.startIndex < loop.startIndex) source += ` ${set.childForFieldName("right")?.text ?? ""}`;
    // (each name of the source looked up in the set: as many roots as there are do not make it slower)
    for (const m of source.matchAll(/[A-Za-z_]\w*/g)) if (roots.has(m[0])) return true;
    return false;
  }

  function visit(node: Node, scope: Node): void {
    const before = findings.length;
    matchRules(node, scope);
    // where each loop left is, for the cut that may come before it in its function
    for (let i = before; i < findings.length; i++)
      if (findings[i]!.rule === "loop-exits-after-first") readsIn.set(findings[i]!.start, scope.id);
  }

  function matchRules(node: Node, scope: Node): void {
    switch (node.type) {
      case "subscript": {
        // tool_calls[0], taken as THE call
        const read = node;
        const ofCalls = shows ? undefined : (firstOfList(read) ?? bareCallsOfToolCalls(read, scope));
        // a Gemini stream's chunk holds whole parts, each a whole call: its first part drops the chunk's other calls
        const part = shows || ofCalls ? undefined : firstPartAsTheCall(read, scope);
        const block = shows || ofCalls || part ? undefined : firstBlockAsTheCall(read, scope);
        const first = ofCalls ?? part ?? block;
        const last = first || shows ? undefined : lastBlockAsTheCall(read, scope, text);
        const list = first ?? last;
        if (!list) break;
        // one finding a list and function; a name given the same list's owner (`last = msgs[-1]`) is the same list
        const id = `${scope.id}:${sameListKey(list, read)}`;
        if (reported.has(id)) break;
        if (
          onlyTested(read) ||
          shownBy(read) ||
          inMainBlock(read) ||
          (forcedBefore(scope, read) && fromALocalCall(list, read)) ||
          fromAForcingHelper(list, read, root, (tool) => !handledAsACall(read, scope, text, tool)) ||
          handedAForcedResponse(
            list,
            read,
            scope,
            () => forcedAt(scope) < 0 && (fileForces ??= forcesEveryToolOffer(text)),
          ) ||
          /\[\s*["']raw["']\s*\]/.test(list.text) ||
          namesAnExpectedAnswer(rootName(list)?.text ?? "") ||
          ownedByOneCall(list) ||
          isAnAccessor(scope) ||
          checkedToHoldOne(scope, list, read) ||
          calledBehindAGuard(scope, list) ||
          convertsHistory(read, list) ||
          written(read) ||
          (streamPiece(read, list) && !wholeCallsPerChunk(list, read) && !part) ||
          displayOnly(read, scope) ||
          usesWholeList(scope, read, list) ||
          ownerReturned(scope, read, list) ||
          oneByConstruction(scope, list) ||
          writtenHere(list, read) ||
          truncation(read) ||
          gatedByTheFlag(read) ||
          intoTheLegacyField(read) ||
          drainsTheList(read, list)
        )
          break;
        reported.add(id);
        const readRoot = rootName(list)?.text;
        if (readRoot && readRoot !== "self")
          readRoots.set(scope.id, (readRoots.get(scope.id) ?? new Set()).add(readRoot));
        readsIn.set(statementStart(read), scope.id);
        findings.push({
          rule: "first-call-only",
          confidence: "certain",
          start: statementStart(read),
          ...firstReadLost({ last, part, block }),
          listStart: listOrigin(scope, list, read),
        });
        break;
      }
      case "assignment": {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        // calls = [calls[0]]  /  tool_calls = tool_calls[:1]
        if (
          left &&
          right &&
          isToolCallList(lastName(left) ?? "", true) &&
          (truncatesToFirst(right) || firstOfACopy(right, node, scope)) &&
          !gatedByTheFlag(node)
        ) {
          findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.startIndex });
          cutIn.set(scope.id, Math.min(cutIn.get(scope.id) ?? Infinity, node.startIndex));
        } else if (!shows && !reported.has(`slot:${scope.id}:${left?.text}`) && streamedBlockSlot(node, scope, root)) {
          // one finding a slot and function: each tool block's start overwrites the same slot
          reported.add(`slot:${scope.id}:${left?.text}`);
          findings.push({ rule: "first-call-only", confidence: "certain", start: node.startIndex, lost: SLOT_LOST });
        } else if (!shows && left?.type === "subscript" && keyedByName(node, left, scope)) {
          findings.push({
            rule: "first-call-only",
            confidence: "certain",
            start: node.startIndex,
            lost: KEYED_BY_NAME_LOST,
          });
        } else if (!shows && !reported.has(`slot:${scope.id}:${left?.text}`)) {
          const replaced = replacedPerChunk(node, scope);
          if (replaced) {
            reported.add(`slot:${scope.id}:${left?.text}`);
            findings.push({
              rule: "first-call-only",
              confidence: replaced,
              start: node.startIndex,
              lost: REPLACED_PER_CHUNK_LOST,
            });
          }
        }
        break;
      }
      case "pair":
      case "keyword_argument": {
        // {"role": "assistant", "tool_calls": [tool_calls[0]]}: the message keeps one call of the response
        const value = node.childForFieldName("value");
        const kept = value ? oneCallKept(value) : undefined;
        if (kept && heldUnderACallsKey(kept)?.id === node.id && !gatedByTheFlag(node))
          findings.push({
            rule: "truncate-to-first",
            confidence: "certain",
            start: node.startIndex,
            lost: MESSAGE_KEEPS_ONE_LOST,
          });
        break;
      }
      case "augmented_assignment":
        glue(node, scope);
        break;
      case "call": {
        if (node.childForFieldName("function")?.type === "attribute") {
          glue(node, scope);
          break;
        }
        // next(b for b in content if b.type == "tool_use"): the first tool block, when only its type is tested
        const fn = node.childForFieldName("function");
        const list = node.childForFieldName("arguments");
        // `next(b for b in ...)`, or with a default: `next((b for b in ...), None)`
        const args = list?.type === "argument_list" ? list.namedChild(0) : list;
        if (shows || fn?.text !== "next" || args?.type !== "generator_expression" || shownBy(node)) break;
        const clause = args.namedChildren.find((c) => c?.type === "for_in_clause");
        const over = clause?.childForFieldName("right");
        if (!over || !testsOnlyToolType(args)) break;
        // `next(i for i, p in enumerate(parts) if ...)`: the position of the first call part, not the call
        const element = args.namedChild(0);
        const items = clause?.childForFieldName("left");
        const item = items?.type === "identifier" ? items : items?.namedChild(items.namedChildCount - 1);
        if (element && item && !mentions(element, item.text)) break;
        if (namesUiParts(lastName(over) ?? "") && !testsACallField(args)) break;
        if (
          onlyTested(node) ||
          displayOnly(node, scope) ||
          usesWholeList(scope, node, over) ||
          (forcedBefore(scope, node) && fromALocalCall(over, node))
        )
          break;
        findings.push({
          rule: "first-call-only",
          confidence: "certain",
          lost: testsACallField(args) ? NEXT_PART_LOST : NEXT_LOST,
          start: node.startIndex,
          listStart: listOrigin(scope, over, node),
        });
        break;
      }
      case "list_comprehension": {
        // [{"tool_use_id": b["id"], "content": "Skipped"} for b in uses[1:]]: every later call answered, none run
        if (answersInAComprehension(node, scope))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: statementStart(node),
            lost: LATER_CALLS_ANSWERED_LOST,
          });
        break;
      }
      case "for_statement": {
        const over = node.childForFieldName("right");
        const body = node.childForFieldName("body");
        if (!over || !body) break;
        const overCalls = isToolCallList(lastName(over) ?? "");
        if (answersWithoutRunning(over, body)) {
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.startIndex,
            lost: LATER_CALLS_ANSWERED_LOST,
          });
          break;
        }
        if (overCalls && leaves(body)) {
          findings.push({
            rule: "loop-exits-after-first",
            confidence: "certain",
            // where the loop is first left: what a person changes
            start: (firstLeave(body) ?? node).startIndex,
            lost: firstRoundLeavesLost(node.startPosition.row + 1),
            listStart: listOrigin(scope, over, node),
          });
        } else if (
          !isAsync(node) &&
          // a Gemini response's parts (`candidates[0].content.parts`) are the model's, not a UI message's
          (!namesUiParts(lastName(over) ?? "") || fromCandidates(over, node)) &&
          !inAStructuredOutputBranch(node) &&
          // after a request forcing one tool, the response holds that one call
          !(forcedAbove(scope, node) && fromALocalCall(over, node)) &&
          // a stored message of the history (under a test of its role, or in a loop over the messages) is read, not run
          !convertsHistory(node, over) &&
          // the response whose first call the function already took: the same loss, reported there
          !ofAResponseRead(scope, over, node)
        ) {
          const exit = toolBranchLeaves(node);
          const slot = exit ? undefined : keepsOneBlock(node, scope);
          const kept = exit || slot || !overCalls ? undefined : keepsTheFirst(node, scope);
          const last = exit || slot || !overCalls || kept ? undefined : keepsTheLast(node, scope);
          if (kept || last) {
            findings.push({
              rule: "first-call-only",
              // (the last kept is a value of each call, which the loop may mean to overwrite)
              confidence: kept ? "certain" : "likely",
              start: (kept ?? last)!.startIndex,
              lost: kept ? FIRST_KEPT_LOST : LAST_KEPT_LOST,
              listStart: listOrigin(scope, over, node),
            });
            break;
          }
          // a stream's pieces (`delta.tool_calls`) come one a chunk: leaving their loop drops nothing
          const runThenLeave =
            exit || slot || !overCalls || /\b(?:delta|chunk)\b/.test(over.text) ? undefined : runsThenLeaves(node);
          if (exit || slot)
            findings.push({
              rule: exit ? "loop-exits-after-first" : "first-call-only",
              confidence: "certain",
              // where the loop is left, or the slot overwritten: what a person changes
              start: (exit ?? slot)!.startIndex,
              lost: exit ? TOOL_BRANCH_LOST : SLOT_LOST,
              listStart: listOrigin(scope, over, node),
            });
          else if (runThenLeave)
            findings.push({
              rule: "loop-exits-after-first",
              // the branch may be taken for one tool only, or not at all: the loss holds when it is
              confidence: "likely",
              // where the loop is left: what a person changes
              start: runThenLeave.startIndex,
              lost: runThenLeaveLost(node.startPosition.row + 1),
              listStart: listOrigin(scope, over, node),
            });
        }
        break;
      }
      case "if_statement": {
        const condition = node.childForFieldName("condition");
        if (!condition) break;
        const flag = flagIn(condition);
        if (flag) guard(node, flag, scope);
        // after a request forcing one tool, the guard refuses nothing a response holds
        // (a stored message of the history converted, under a test of its role or in a loop over the messages, is
        // refused nothing: the model's response is not read there)
        else if (
          refusesSeveral(node) &&
          !underAFinish(node) &&
          !forcedAbove(scope, node) &&
          !convertsHistory(node, condition)
        ) {
          const then = node.childForFieldName("consequence")!.namedChildren;
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.startIndex,
            lost: then.some((st) => st?.type === "raise_statement")
              ? "raises when a response holds more than one tool call: a turn with several calls is refused"
              : then.every(
                    (st) => !st || st.type === "comment" || (st.type === "return_statement" && !st.namedChild(0)),
                  )
                ? "ends the turn when a response holds more than one tool call: a turn with several calls is refused"
                : "asks the model again when a response holds more than one tool call: a turn with several calls is refused",
          });
        } else if (skipsLaterIndexes(node))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.startIndex,
            lost: "skips every tool call whose index is not 0: only the first call of the response is kept",
          });
        else if (captureGuard(node, scope))
          findings.push({
            rule: "one-tool-per-turn-guard",
            confidence: "certain",
            start: node.startIndex,
            lost: CAPTURE_LOST,
          });
        break;
      }
    }
  }

  function guard(node: Node, flag: string, scope: Node): void {
    const body = node.childForFieldName("consequence");
    if (!body || !exits(body) || !onToolPath(node) || !refusesACall(node, body, scope)) return;
    const finding = perTurnGuardFinding(node.startIndex, flag, {
      sets: setsOf(root, flag),
      firesOnInvalid,
      readsASetting: (t) => namesIn(t.node).some(namesASetting),
      describe: (t) => `${t.negated ? "not " : ""}${t.node.text}`,
    });
    if (finding) findings.push(finding);
  }
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function lastName(node: Node): string | undefined {
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text;
  if (node.type === "boolean_operator") return lastName(node.childForFieldName("left")!); // `calls or []`
  if (node.type === "parenthesized_expression") return node.namedChild(0) ? lastName(node.namedChild(0)!) : undefined;
  // response.get_tool_calls(): a getter that hands the list back
  if (node.type === "call" && node.childForFieldName("arguments")?.namedChildCount === 0)
    return lastName(node.childForFieldName("function")!);
  // delta["tool_calls"]
  if (node.type === "subscript") {
    const key = node.childForFieldName("subscript");
    if (key?.type === "string") return key.namedChildren.find((c) => c?.type === "string_content")?.text;
  }
  return undefined;
}

/** `tool_calls[0]`: the list node, or undefined. */
function firstOfList(node: Node, bareCalls = false): Node | undefined {
  if (node.type !== "subscript") return undefined;
  const index = node.childForFieldName("subscript");
  const list = node.childForFieldName("value");
  if (!index || index.type !== "integer" || index.text !== "0" || !list) return undefined;
  if (isToolCallList(lastName(list) ?? "", bareCalls)) return list;
  // [t for t in tool_calls if t.type == "function"][0], or a name given that list: the tool calls, filtered
  const filtered = list.type === "identifier" ? assignedBefore(list, node) : list;
  if (filtered && filtersToolCalls(filtered)) return list;
  // `fc = response.function_calls` then `fc[0]`: a name given the list of calls, whatever it is called
  return filtered && filtered !== list && isToolCallList(lastName(filtered) ?? "") ? list : undefined;
}

/** The field of a Gemini part that holds its function call. */
const CALL_FIELD = /^(?:function_call|functionCall)$/;

/**
 * `candidates[0].content.parts[0].function_call`, or `part = parts[0]` then `part.function_call`: the first part of a
 * Gemini response taken as its call. A response with several calls holds one part a call, so the later ones are
 * dropped. The parts, or undefined.
 */
function firstPartAsTheCall(read: Node, scope: Node): Node | undefined {
  const list = read.childForFieldName("value");
  if (!list || lastName(list) !== "parts" || read.childForFieldName("subscript")?.text !== "0") return undefined;
  // a function that reads no call's name runs no call: its one call's arguments are structured output's answer
  if (!fromCandidates(list, read)) return undefined;
  let named = nameReads.get(scope.id);
  if (named === undefined) nameReads.set(scope.id, (named = /\bname\b/.test(scope.text)));
  if (!named) return undefined;
  // the part's call, read as a call: `part.function_call.args` alone is structured output's answer (a consumer that
  // runs calls reads which function each names)
  const readsTheCall = (n: Node) =>
    n.parent?.type === "attribute" &&
    n.parent.childForFieldName("object")?.id === n.id &&
    CALL_FIELD.test(n.parent.childForFieldName("attribute")?.text ?? "") &&
    !(n.parent.parent?.type === "attribute" && n.parent.parent.childForFieldName("attribute")?.text === "args");
  if (readsTheCall(read)) return list;
  // a name given the part, whose call is read after
  const name = nameGiven(read);
  if (name?.type !== "identifier") return undefined;
  // (in a loop, a use before the read sees the part the read gave in the round before: a follow-up response's part)
  let loop: Node | null = read.parent;
  while (loop && loop.id !== scope.id && !LOOP_TYPES.has(loop.type)) loop = loop.parent;
  const around = loop && loop.id !== scope.id ? loop : undefined;
  for (const use of identifiersIn(scope).get(name.text) ?? [])
    if ((use.startIndex > read.endIndex || (around && contains(around, use))) && readsTheCall(use)) return list;
  return undefined;
}

/**
 * `block = response.content[0]` then `if block.type == "tool_use":`, `item = result.output[0]` then `if item.type ==
 * "function_call":`: the first block (or output item) of a response this function asked for, taken as its call when
 * its type says it is one. A response with several calls holds one block a call, so the later ones are dropped. The
 * blocks, or undefined.
 */
function firstBlockAsTheCall(read: Node, scope: Node): Node | undefined {
  const list = read.childForFieldName("value");
  if (!list || !/^(?:content|output)$/.test(lastName(list) ?? "") || read.childForFieldName("subscript")?.text !== "0")
    return undefined;
  if (!fromALocalCall(list, read)) return undefined;
  // its type compared with a call's (`.type == "tool_use"`, `["type"] == "function_call"`)
  const typedAsACall = (n: Node): boolean => {
    const field = n.parent;
    const typeRead =
      (field?.type === "attribute" && field.childForFieldName("attribute")?.text === "type") ||
      (field?.type === "subscript" && /^["']type["']$/.test(field.childForFieldName("subscript")?.text ?? ""));
    const test = typeRead ? field!.parent : null;
    return (
      test?.type === "comparison_operator" &&
      /==/.test(test.text) &&
      !/!=|\bnot\b/.test(test.text) &&
      test.namedChildren.some((c) => c?.type === "string" && TOOL_BLOCK_TYPES.has(c.text.slice(1, -1)))
    );
  };
  if (typedAsACall(read)) return list;
  // `content[0]["toolUse"]`, `content[0].get("toolUse")`: the first block's call read by its key (Bedrock's blocks)
  const field = read.parent;
  const keyed =
    field?.type === "subscript" && field.childForFieldName("value")?.id === read.id
      ? field.childForFieldName("subscript")
      : field?.type === "attribute" && field.childForFieldName("attribute")?.text === "get"
        ? field.parent?.type === "call"
          ? field.parent.childForFieldName("arguments")?.namedChild(0)
          : undefined
        : undefined;
  if (keyed?.type === "string" && isCallField(stringText(keyed))) return list;
  // `if response.content[0].type == "tool_use": run(response.content[0].name, ...)`: read under that test
  for (let c: Node = read, p = read.parent; p && p.id !== scope.id; c = p, p = p.parent) {
    if ((p.type !== "if_statement" && p.type !== "elif_clause") || p.childForFieldName("consequence")?.id !== c.id)
      continue;
    // (what each test types as a call, read once a test)
    let typed = typedInTest.get(p.id);
    if (!typed) {
      typed = new Set();
      for (const n of descendants(p.childForFieldName("condition")!))
        if (n.type === "subscript" && typedAsACall(n)) typed.add(n.text);
      typedInTest.set(p.id, typed);
    }
    if (typed.has(read.text)) return list;
  }
  // a name given the block, whose type is tested after
  const name = nameGiven(read);
  if (name?.type !== "identifier") return undefined;
  // (where the name's type is last tested as a call's, read once a name and function)
  const key = `${scope.id}:${name.text}`;
  let last = lastTypedAsACall.get(key);
  if (last === undefined) {
    last = -1;
    for (const use of identifiersIn(scope).get(name.text) ?? []) if (typedAsACall(use)) last = use.startIndex;
    lastTypedAsACall.set(key, last);
  }
  return last > read.endIndex ? list : undefined;
}

/** `part = parts[0]`: the name a read is given, or null. */
function nameGiven(read: Node): Node | null {
  const given = read.parent;
  return given?.type === "assignment" && given.childForFieldName("right")?.id === read.id
    ? given.childForFieldName("left")
    : null;
}

/** `[t for t in tool_calls if ...]`, `[b for b in content if b.type == "tool_use"]`: a list of tool calls, some of them. */
function filtersToolCalls(node: Node): boolean {
  if (node.type !== "list_comprehension") return false;
  const over = node.namedChildren.find((c) => c?.type === "for_in_clause")?.childForFieldName("right");
  const test = node.namedChildren.find((c) => c?.type === "if_clause");
  return (!!over && isToolCallList(lastName(over) ?? "")) || (!!test && testsOnlyToolType(test));
}

/** The one-element list of a first call in a value, itself or a branch of a conditional: `x if c else [calls[0]]`. */
function oneCallKept(value: Node): Node | undefined {
  if (value.type === "parenthesized_expression" && value.namedChild(0)) return oneCallKept(value.namedChild(0)!);
  if (value.type === "conditional_expression") {
    for (const branch of value.namedChildren) {
      const kept = branch && oneCallKept(branch);
      if (kept) return kept;
    }
    return undefined;
  }
  return value.type === "list" && truncatesToFirst(value) ? value : undefined;
}

function truncatesToFirst(node: Node): boolean {
  if (node.type === "list" && node.namedChildCount === 1) return firstOfList(node.namedChild(0)!, true) !== undefined;
  // calls[:1]
  if (node.type === "subscript") {
    const index = node.childForFieldName("subscript");
    return index?.type === "slice" && /^\s*(?:0\s*)?:\s*1\s*$/.test(index.text);
  }
  return false;
}

/**
 * `msg.tool_calls = [copied[0]]` after `copied = list(msg.tool_calls)` (or `.copy()`, `[:]`): the list of calls set to
 * the first of a copy of a list of calls.
 */
function firstOfACopy(right: Node, at: Node, scope: Node): boolean {
  const element = right.type === "list" && right.namedChildCount === 1 ? right.namedChild(0) : null;
  const copy = element?.type === "subscript" ? element.childForFieldName("value") : null;
  if (copy?.type !== "identifier" || element?.childForFieldName("subscript")?.text !== "0") return false;
  return (assignmentsIn(scope).get(copy.text) ?? []).some(
    (set) =>
      set.startIndex < at.startIndex &&
      COPY_OF_CALLS.test(set.childForFieldName("right")?.text.replace(/\s+/g, "") ?? ""),
  );
}
const COPY_OF_CALLS =
  /^(?:list\(|tuple\(|\[\*)?[\w.]*(?:tools?_?calls|tool_?uses|function_?calls)(?:\)|\]|\.copy\(\)|\[:\])?$/i;

/** `calls = self.get_tool_call_objects()` then `calls[0]`: a bare `calls` whose value visibly holds tool calls. */
function bareCallsOfToolCalls(read: Node, scope: Node): Node | undefined {
  const list = read.childForFieldName("value");
  const index = read.childForFieldName("subscript");
  if (list?.type !== "identifier" || list.text !== "calls" || index?.text !== "0") return undefined;
  for (const m of descendants(scope)) {
    if (m.startIndex >= read.startIndex) break;
    if (
      m.type === "assignment" &&
      m.childForFieldName("left")?.text === "calls" &&
      /tool_?call|function_?call/i.test(m.childForFieldName("right")?.text ?? "")
    )
      return list;
  }
  return undefined;
}

/** `calls[0].function.arguments = fixed`: a write into the first call, not a read of it. */
function written(read: Node): boolean {
  let n = read;
  while (
    n.parent &&
    (n.parent.type === "attribute" || n.parent.type === "subscript") &&
    n.parent.namedChild(0)?.id === n.id
  )
    n = n.parent;
  const p = n.parent;
  return (
    !!p && (p.type === "assignment" || p.type === "augmented_assignment") && p.childForFieldName("left")?.id === n.id
  );
}

/**
 * Inside `if not parallel_tool_calls:`: the parallel flag itself gates it, so switching the flag on removes it. So does
 * a one-call mode the file declares off (`use_only_first_toolcall: bool = False`), or a helper named for that mode: the
 * loss is there only when someone asks for one call.
 */
function gatedByTheFlag(node: Node): boolean {
  let p = node.parent;
  for (let c: Node = node; p && !FUNCTION.has(p.type); c = p, p = p.parent) {
    const condition = p.childForFieldName("condition")?.text ?? "";
    if (
      (p.type === "if_statement" || p.type === "elif_clause") &&
      p.childForFieldName("consequence")?.id === c.id &&
      (/parallel/i.test(condition) ||
        // the file's text only when the test names such a mode (rare): it is read whole
        (namesTheOneCallOption(condition) && testsAModeOffByDefault(condition, auditedText)))
    )
      return true;
  }
  // the body of a helper named for the one-call mode (`def force_single_tool_call(response):`)
  return !!p && namesTheOneCallOption(p.childForFieldName("name")?.text ?? "");
}

/**
 * `for tc in delta.tool_calls: if tc.index != 0: continue`: in a loop over tool calls (or their stream fragments),
 * every call after the first is skipped by its index.
 */
function skipsLaterIndexes(node: Node): boolean {
  const condition = node.childForFieldName("condition");
  const body = node.childForFieldName("consequence");
  if (condition?.type !== "comparison_operator" || !body || node.childrenForFieldName("alternative").length > 0)
    return false;
  if (!/^[\w.]*\b(?:index|idx)\s*(?:!=|>)\s*0$/.test(condition.text)) return false;
  const last = body.namedChildren[body.namedChildCount - 1];
  if (last?.type !== "continue_statement" || !onlyLogs({ namedChildren: body.namedChildren.slice(0, -1) } as Node))
    return false;
  const loop = node.parent?.parent;
  return loop?.type === "for_statement" && isToolCallList(lastName(loop.childForFieldName("right")!) ?? "");
}

/** `if len(tool_calls) != 1: raise ...`: every turn with several calls is refused. */
function refusesSeveral(node: Node): boolean {
  let condition = node.childForFieldName("condition");
  const body = node.childForFieldName("consequence");
  if (condition?.type === "parenthesized_expression") condition = condition.namedChild(0);
  if ((condition?.type !== "comparison_operator" && condition?.type !== "boolean_operator") || !body) return false;
  // the comparison itself, or one side of an `or` (`if calls is None or len(calls) != 1:`)
  const m = /(?:^|\bor\s+)len\(\s*([\w.[\]"'-]+)\s*\)\s*(!=\s*1|>\s*1|>=\s*2)(?:$|\s+or\b)/.exec(condition.text);
  // `calls and len(calls) > 1`: present and more than one
  const both = /^([\w.[\]"'-]+)\s+and\s+len\(\s*([\w.[\]"'-]+)\s*\)\s*(?:>\s*1|>=\s*2)$/.exec(
    condition.text.replace(/\s+/g, " "),
  );
  const list = m?.[1] ?? (both && both[1] === both[2] ? both[1] : undefined);
  // the last name of `msg.tool_calls`, `messages[-1]["tool_calls"]`
  const name = /(\w+)\W*$/.exec(list ?? "")?.[1] ?? "";
  if (!list || !isToolCallList(name)) return false;
  if (body.namedChildren.some((st) => st?.type === "raise_statement")) return true;
  // `if len(calls) > 1: ... return self.ask_again(...)`: the turn is left without a look at the calls, or with a
  // message that says one call is what it takes (listing the calls it refuses)
  // (`if len(calls) > 1: return` too; `!= 1` also holds with no call, where leaving is the way out)
  // (a branch that says so may also go on to the next turn, `continue`, after it answered each call with the refusal)
  if (
    (!m || m[2]!.startsWith(">")) &&
    ((exits(body, LEAVE) && !body.text.includes(name)) ||
      (exits(body, EXIT) && REFUSES_SEVERAL_IN_WORDS.test(body.text)))
  )
    return true;
  // `while ...: if len(calls) != 1: re-ask ... else: break`: the response is asked for again until it holds one call
  const alternative = node.childrenForFieldName("alternative").find((a) => a?.type === "else_clause");
  const loop = node.parent?.parent;
  return (
    (loop?.type === "while_statement" || loop?.type === "for_statement") &&
    !leaves(body) &&
    !!alternative &&
    exits(alternative.childForFieldName("body"), LEAVE)
  );
}

/** `[calls[0]]` assigned to a tool-call list: the truncation rule's. */
function truncation(read: Node): boolean {
  const list = read.parent;
  if (list?.type !== "list" || list.namedChildCount !== 1) return false;
  const at = list.parent;
  if (at?.type === "assignment") return isToolCallList(lastName(at.childForFieldName("left")!) ?? "", true);
  return !!heldUnderACallsKey(list);
}

/**
 * `function_call = {"name": calls[0].name, ...}`, `{"function_call": ...}`: the first call written into the legacy
 * `function_call` field, which holds one call by the API's design (the answer to a request made with `functions`).
 */
/**
 * `while tool_calls: call = tool_calls[0]; ...; tool_calls.pop(0)`: a queue drained from its head, each element read
 * first in its turn (also `del calls[0]`, `calls = calls[1:]`).
 */
function drainsTheList(read: Node, list: Node): boolean {
  for (let p = read.parent; p && !FUNCTION.has(p.type); p = p.parent) {
    if (p.type !== "while_statement") continue;
    // (each loop and list looked at once: a loop may read the head of its list thousands of times)
    const key = `${p.id}:${list.text}`;
    let drains = drainedLoops.get(key);
    if (drains === undefined) {
      const name = escapeRegExp(list.text);
      const drained = new RegExp(
        `\\b${name}\\.pop\\(\\s*0\\s*\\)|\\bdel\\s+${name}\\[\\s*0\\s*\\]|\\b${name}\\s*=\\s*${name}\\[\\s*1\\s*:\\s*\\]|\\b${name}\\.popleft\\(\\)`,
      );
      const condition = p.childForFieldName("condition")?.text ?? "";
      drains = condition.includes(list.text) && drained.test(p.childForFieldName("body")?.text ?? "");
      drainedLoops.set(key, drains);
    }
    if (drains) return true;
  }
  return false;
}

function intoTheLegacyField(read: Node): boolean {
  // a name given the read itself (`function_call = response.function_calls[0]`) is only a name: a dict must be built
  let built = false;
  for (let p = read.parent; p && p.type !== "block" && !p.type.endsWith("statement"); p = p.parent) {
    if (p.type === "dictionary") built = true;
    const key =
      p.type === "pair"
        ? p.childForFieldName("key")
        : p.type === "keyword_argument"
          ? p.childForFieldName("name")
          : p.type === "assignment" && built
            ? p.childForFieldName("left")
            : null;
    if (key && /^(?:[\w.]*\.)?["']?function_call["']?$/.test(key.text)) return true;
    if (p.type === "assignment") return false;
  }
  return false;
}

/**
 * `"tool_calls": [tool_calls[0]]` in a dict, `tool_calls=[calls[0]]` as an argument, either maybe one branch of a
 * conditional: the pair or argument that keeps one call where a message holds its calls, or undefined.
 */
function heldUnderACallsKey(value: Node): Node | undefined {
  let n = value;
  while (n.parent && (n.parent.type === "conditional_expression" || n.parent.type === "parenthesized_expression"))
    n = n.parent;
  const at = n.parent;
  if (at?.type === "pair" && at.childForFieldName("value")?.id === n.id) {
    const key = at.childForFieldName("key");
    const name = key?.type === "string" ? key.text.slice(1, -1) : undefined;
    return name && isToolCallList(name, true) ? at : undefined;
  }
  if (at?.type === "keyword_argument" && at.childForFieldName("value")?.id === n.id)
    return isToolCallList(at.childForFieldName("name")?.text ?? "", true) ? at : undefined;
  return undefined;
}

/**
 * The start of the statement that holds a read (the value of an assignment, as before), or of the keyword argument or
 * dict entry that holds it (`tool_call_id=calls[0]["id"]` inside a call written over lines): where a person looks.
 */
function statementStart(node: Node): number {
  let n = node;
  while (
    n.parent &&
    !n.parent.type.endsWith("statement") &&
    n.parent.type !== "assignment" &&
    n.parent.type !== "keyword_argument" &&
    n.parent.type !== "pair" &&
    n.parent.type !== "block" &&
    n.parent.type !== "module"
  )
    n = n.parent;
  if (n.parent?.type === "return_statement") return n.parent.startIndex;
  if (n.parent?.type === "if_statement") return n.parent.startIndex;
  return n.startIndex;
}

/**
 * The lists a function (or the module) looks past the first element of, each with the node that does: a loop,
 * comprehension, len() compared with something other than 0, another index or a slice, the list passed on or returned.
 */
function listsUsedWhole(scope: Node): Map<string, Node[]> {
  const whole = new Map<string, Node[]>();
  const addKey = (key: string, at: Node) => {
    if (insideLogCall(at)) return;
    const uses = whole.get(key) ?? [];
    if (uses.length < USES_LOOKED_AT) uses.push(at);
    whole.set(key, uses);
  };
  const add = (list: Node, at: Node) => addKey(list.text, at);
  const stack: Array<[Node, Node | undefined]> = [[scope, undefined]];
  while (stack.length) {
    const [n, parent] = stack.pop()!;
    if (n !== scope && FUNCTION.has(n.type)) continue;
    if (n.type === "for_statement" || n.type === "for_in_clause") {
      const over = n.childForFieldName("right");
      if (over && !(n.type === "for_in_clause" && (readsOnlyText(n) || keepsAnotherType(n) || echoedIntoAMessage(n))))
        add(over, n);
    } else if (n.type === "subscript") {
      const list = n.childForFieldName("value");
      const index = n.childForFieldName("subscript");
      // `calls[index] = {...}`, `calls[index]["arguments"] += piece`: the list filled by a stream, not read
      if (list && (!index || index.text !== "0") && !written(n)) add(list, n);
    } else if (n.type === "argument_list") {
      const fn = parent?.childForFieldName("function")?.text;
      // `add_message("assistant", response.content)`: the response kept as the assistant's message of the history, as
      // `{"role": "assistant", "content": ...}` is; it runs none of the calls
      const asTheAssistant = speaksAsTheAssistant(n);
      // (`len(calls)`, `isinstance(calls, list)`: a look at the list, not a use of its calls)
      if (!INSPECTS.has(fn ?? "") && !asTheAssistant)
        for (const a of n.namedChildren)
          if (a) add(a.type === "keyword_argument" ? (a.childForFieldName("value") ?? a) : a, n);
    } else if (n.type === "call" && n.childForFieldName("function")?.text === "len") {
      // len(calls) == 1 guards a single call; a bare `if len(calls):` only asks "is it empty?".
      const arg = n.childForFieldName("arguments")?.namedChild(0);
      if (
        arg &&
        parent?.type === "comparison_operator" &&
        !/[=!<>]=?\s*0\s*$|^\s*0\s*[=!<>]/.test(parent.text.replace(n.text, "")) &&
        !onlyLoggedCount(parent)
      )
        add(arg, n);
    } else if (n.type === "return_statement" || n.type === "list_splat" || n.type === "yield") {
      const value = n.namedChild(0);
      if (value) add(value, n);
      if (value && n.type === "return_statement") {
        addKey(`return:${value.text}`, n);
        // `return {"content": text, "raw": response}`, `return text, response`: the response handed back whole
        const held =
          value.type === "dictionary"
            ? value.namedChildren.map((p) => (p?.type === "pair" ? p.childForFieldName("value") : null))
            : value.type === "expression_list"
              ? value.namedChildren
              : [];
        for (const v of held) if (v?.type === "identifier") addKey(`return:${v.text}`, n);
      }
    } else if (n.type === "assignment") {
      // `self.tool_calls = calls`: the list kept whole, both the value and the field that holds it
      const right = n.childForFieldName("right");
      const left = n.childForFieldName("left");
      if (right && (right.type === "identifier" || right.type === "attribute")) add(right, n);
      if (left?.type === "attribute" && right && !truncatesToFirst(right)) add(left, n);
    } else if (n.type === "pair" && !buildsAChatMessage(parent)) {
      const value = n.childForFieldName("value");
      if (value) add(value, n);
    }
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push([children[i]!, n]);
  }
  return whole;
}

/** The branches of an if: its consequence, each elif and the else. */
function branchesOf(ifNode: Node): Node[] {
  const out: Node[] = [];
  const c = ifNode.childForFieldName("consequence");
  if (c) out.push(c);
  for (const a of ifNode.childrenForFieldName("alternative")) if (a) out.push(a);
  return out;
}

/** Is `use` on no path through `read`: in another branch of an if, or in a branch that leaves before `read`? */
function excludes(use: Node, read: Node): boolean {
  for (let c: Node = use, p = use.parent; p && !FUNCTION.has(c.type); c = p, p = p.parent) {
    if (contains(p, read)) {
      // `if stop == "tool_use": ...read...; return done` then a use after the if: that path has left
      if ((p.type === "block" || p.type === "module") && use.startIndex > read.startIndex) {
        // the statement of the block that holds the read, found from the read up (a block may hold thousands)
        let at: Node | null = read;
        while (at && at.parent && at.parent.id !== p.id) at = at.parent;
        const branch = at?.type === "if_statement" ? branchesOf(at).find((b) => contains(b, read)) : undefined;
        if (branch) return exits(branch);
        // `if calls[0].function.name == "finish": break` (a router on the first call): the path that leaves never
        // reaches the use after
        const test = at?.type === "if_statement" ? at.childForFieldName("condition") : null;
        if (test) return contains(test, read) && exits(at!.childForFieldName("consequence"));
        return !!at && routesOnTheFirstBefore(at, use);
      }
      if (p.type !== "if_statement") return false;
      const branches = branchesOf(p);
      const mine = branches.find((b) => contains(b, use));
      return !!mine && branches.some((b) => b !== mine && b.id !== mine.id && contains(b, read));
    }
    if (
      use.startIndex < read.startIndex &&
      (c.type === "block" || c.type === "else_clause" || c.type === "elif_clause") &&
      (p.type === "if_statement" || p.type === "elif_clause" || p.type === "else_clause") &&
      exits(c)
    )
      return true;
  }
  return false;
}

/** A read of a call's name: `call.name`, `call["name"]`, `call.get("name")`. */
const NAME_READ = /\.name\b|\[\s*["']name["']\s*\]|\.get\(\s*["']name["']/;

/**
 * `first = calls[0]`, `name = first.get("name")`, then `if name == "final_answer": return ...` before `use`: the same
 * router on the first call as `if calls[0].name == "finish": break`, written through names. The path that leaves
 * never reaches the use after it.
 */
function routesOnTheFirstBefore(at: Node, use: Node): boolean {
  const assignment = at.type === "expression_statement" ? at.namedChild(0) : null;
  const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
  if (left?.type !== "identifier") return false;
  const names = new Set([left.text]);
  // the names given the call's name (`first_name = first.get("name")`): a router tests the name, not the type
  const named = new Set<string>();
  let looked = 0;
  for (let st = at.nextNamedSibling; st && st.startIndex < use.startIndex && looked < 16; st = st.nextNamedSibling) {
    looked++;
    if (contains(st, use)) break;
    const a = st.type === "expression_statement" ? st.namedChild(0) : null;
    const target = a?.type === "assignment" ? a.childForFieldName("left") : null;
    const value = a?.type === "assignment" ? a.childForFieldName("right") : null;
    if (target?.type === "identifier" && value && [...names].some((n) => mentions(value, n))) {
      names.add(target.text);
      if (NAME_READ.test(value.text)) named.add(target.text);
    }
    if (st.type !== "if_statement") continue;
    const test = st.childForFieldName("condition");
    if (
      test?.type === "comparison_operator" &&
      /==/.test(test.text) &&
      test.namedChildren.some((c) => c?.type === "string") &&
      test.namedChildren.some(
        (c) =>
          !!c &&
          c.type !== "string" &&
          ([...named].some((n) => mentions(c, n)) ||
            ([...names].some((n) => mentions(c, n)) && NAME_READ.test(c.text))),
      ) &&
      exits(st.childForFieldName("consequence"), LEAVE)
    )
      return true;
  }
  return false;
}

/** Every path through the block leaves the loop or function: return, raise, break or continue. */
/** A `continue` of the loop the statement is in (not of a loop inside it). */
function continuesLoop(statement: Node): boolean {
  if (statement.type === "continue_statement") return true;
  // `if tc.function.name != "show": continue`: a filter by kind keeps the first call of that kind (a lookup by id
  // does not: that call is the one wanted)
  if (statement.type === "if_statement" && testsACallKind(statement.childForFieldName("condition")?.text ?? ""))
    return false;
  if (/^(for|while)_statement$/.test(statement.type) || FUNCTION.has(statement.type)) return false;
  return statement.namedChildren.some((c) => !!c && continuesLoop(c));
}

function exits(node: Node | null | undefined, leave = EXIT): boolean {
  if (!node) return false;
  if (leave.test(node.type)) return true;
  if (node.type === "block" || node.type === "else_clause" || node.type === "elif_clause") {
    const body =
      node.type === "block" ? node : node.childForFieldName(node.type === "else_clause" ? "body" : "consequence");
    if (!body) return false;
    const statements = body.namedChildren.filter((s): s is Node => !!s);
    const at = statements.findIndex((s) => exits(s, leave));
    // leaving the loop: a `continue` before the exit (`if c.id != wanted: continue`) goes on to the next call
    return at >= 0 && (leave !== LEAVE || !statements.slice(0, at).some(continuesLoop));
  }
  if (node.type === "if_statement") {
    const branches = branchesOf(node);
    return branches.some((b) => b.type === "else_clause") && branches.every((b) => exits(b, leave));
  }
  return false;
}
const leaves = (node: Node) => exits(node, LEAVE);

/** The first statement, in the order written, that leaves the loop whose body this is (not one of a loop or function inside). */
function firstLeave(body: Node): Node | undefined {
  const stack: Node[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (LEAVE.test(node.type)) return node;
    if (node !== body && (LOOP_TYPES.has(node.type) || FUNCTION.has(node.type) || node.type === "class_definition"))
      continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i]!);
  }
  return undefined;
}

function isAsync(node: Node): boolean {
  return node.child(0)?.type === "async";
}

/** Only tested for presence: `if x:`, `not x`, `a and x`, `x if .. else ..` (its test), `x is None`. */
function onlyTested(node: Node): boolean {
  let n = node;
  // `calls[0].function is not None`: a field of the first call tested for presence is a presence test too (but
  // `calls[0].function.name == "finish"` reads it)
  let field = false;
  while (
    n.parent?.type === "parenthesized_expression" ||
    (n.parent?.type === "attribute" && n.parent.childForFieldName("object")?.id === n.id) ||
    // `calls[0]["function"] is not None`: the field read by its key
    (n.parent?.type === "subscript" &&
      n.parent.childForFieldName("value")?.id === n.id &&
      n.parent.childForFieldName("subscript")?.type === "string")
  ) {
    if (n.parent.type !== "parenthesized_expression") field = true;
    n = n.parent;
  }
  // only `calls[0].function is not None` and `calls[0].type == "function"` (a kind): `calls[0].name or ""` and
  // `calls[0].name == "x"` read the call
  if (field) {
    const rest = n.parent?.type === "comparison_operator" ? n.parent.text.replace(n.text, "") : undefined;
    const presence = rest !== undefined && /\bNone\b/.test(rest);
    const kind = rest !== undefined && lastName(n) === "type" && /^\s*[!=]=\s*["']/.test(rest);
    // `if parts[0].function_call:`, `... and calls[0].function`: a field's truth, taken only as a test
    // (`x.name or ""` gives the field as a value: read)
    const up = n.parent;
    const truth =
      /^(?:if_statement|elif_clause|while_statement|not_operator)$/.test(up?.type ?? "") ||
      (up?.type === "boolean_operator" &&
        ((up.childForFieldName("operator")?.text === "and" && up.childForFieldName("left")?.id === n.id) ||
          onlyTested(up)));
    if (!presence && !kind && !truth) return false;
  }
  const p = n.parent;
  if (!p) return false;
  if (p.type === "if_statement" || p.type === "elif_clause" || p.type === "while_statement")
    return p.childForFieldName("condition")?.id === n.id;
  if (p.type === "not_operator") return true;
  // `calls[0] and ...` tests the call; `calls[0] or {}` gives it as the value (unless that value is only tested)
  if (p.type === "boolean_operator")
    return (
      (p.childForFieldName("operator")?.text === "and" && p.childForFieldName("left")?.id === n.id) || onlyTested(p)
    );
  if (p.type === "conditional_expression") return p.namedChild(1)?.id === n.id;
  if (p.type === "comparison_operator") return /\bNone\b/.test(p.text.replace(n.text, "")) || onlyTested(p);
  // `has_call = (... and parts[0].function_call)`: kept under a name for a truth value, a test written in two steps
  if (p.type === "assignment" && p.childForFieldName("right")?.id === n.id)
    return TRUTH_NAME.test(p.childForFieldName("left")?.text ?? "");
  return false;
}
const TRUTH_NAME = /^(?:has|is|should|needs?|can|wants?)_\w+$/;

function calleeOf(call: Node): string {
  return call.childForFieldName("function")?.text ?? "";
}

/** Inside the arguments of a log or display call (print, logger.info, logging.warning). */
function insideLogCall(node: Node): boolean {
  for (let n: Node | null = node; n && !FUNCTION.has(n.type) && !n.type.endsWith("statement"); n = n.parent) {
    if (n.type === "argument_list" && n.parent?.type === "call" && isLogCall(calleeOf(n.parent))) return true;
  }
  return false;
}

/**
 * `if len(calls) > 1: logger.warning("using the first")`: the count decides only a log line, so the list is not
 * looked past its first element there (a branch that does more, or an else, is a use).
 */
function onlyLoggedCount(comparison: Node): boolean {
  let n = comparison;
  while (n.parent && (n.parent.type === "boolean_operator" || n.parent.type === "parenthesized_expression"))
    n = n.parent;
  const p = n.parent;
  return (
    p?.type === "if_statement" &&
    p.childForFieldName("condition")?.id === n.id &&
    p.childrenForFieldName("alternative").length === 0 &&
    onlyLogs(p.childForFieldName("consequence"))
  );
}

/** A block that only logs (or nothing). */
function onlyLogs(block: Node | null | undefined): boolean {
  if (!block) return true;
  return block.namedChildren.every((s) => !s || logs(s));
}

/** A statement that only logs, or does nothing (a comment, `pass`). */
function logs(s: Node): boolean {
  if (s.type === "comment" || s.type === "pass_statement") return true;
  let e = s.type === "expression_statement" ? s.namedChild(0) : null;
  if (e?.type === "await") e = e.namedChild(0);
  return e?.type === "call" && isLogCall(calleeOf(e));
}

/** A read that only shows the call: in a log call, or kept in a name that is only logged or tested before a log. */
function displayOnly(read: Node, scope: Node): boolean {
  if (insideLogCall(read)) return true;
  let n = read;
  while (
    n.parent &&
    (n.parent.type === "attribute" ||
      (n.parent.type === "subscript" && n.parent.childForFieldName("value")?.id === n.id))
  )
    n = n.parent;
  const at = n.parent;
  if (at?.type !== "assignment" || at.childForFieldName("right")?.id !== n.id) return false;
  const name = at.childForFieldName("left");
  if (name?.type !== "identifier") return false;
  let used = false;
  const named = identifiersIn(scope).get(name.text) ?? [];
  // the uses after the assignment, found by a binary search (a file of many such reads stays linear)
  let from = 0;
  for (let to = named.length; from < to;) {
    const mid = (from + to) >> 1;
    if (named[mid]!.startIndex <= name.startIndex) from = mid + 1;
    else to = mid;
  }
  for (let k = from; k < named.length; k++) {
    const m = named[k]!;
    if (m.parent?.type === "attribute" && m.parent.childForFieldName("attribute")?.id === m.id) continue;
    used = true;
    if (insideLogCall(m)) continue;
    let top = m;
    while (
      top.parent &&
      /^(attribute|subscript|comparison_operator|boolean_operator|not_operator|parenthesized_expression)$/.test(
        top.parent.type,
      )
    )
      top = top.parent;
    const p = top.parent;
    if (
      p &&
      (p.type === "if_statement" || p.type === "elif_clause") &&
      p.childForFieldName("condition")?.id === top.id &&
      onlyLogs(p.childForFieldName("consequence")) &&
      p.type === "if_statement" &&
      p.childrenForFieldName("alternative").length === 0
    )
      continue;
    return false;
  }
  return used;
}

/**
 * Under `if __name__ == "__main__":`: a module's manual check, run by hand, not by the agent; unless the block asks the
 * model itself, offering tools (`ollama.chat(..., tools=[...])`): then it is the script's own agent loop.
 */
function inMainBlock(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent)
    if (
      n.type === "if_statement" &&
      /^__name__\s*==\s*["']__main__["']$/.test(n.childForFieldName("condition")?.text ?? "")
    )
      return !OFFERS_TOOLS.test(n.text);
  return false;
}
/** `tools=[...]`, `"tools": [...]` in a request: the code asks the model, offering tools. */
const OFFERS_TOOLS = /\btools\s*=(?!=)|["']tools["']\s*:/;

/** Is a function or class around the node named for showing what it reads: print_messages, render, Formatter? */
function shownBy(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent)
    if (
      (n.type === "function_definition" || n.type === "class_definition") &&
      namesADisplay(n.childForFieldName("name")?.text ?? "")
    )
      return true;
  return false;
}

/**
 * One step from a list towards what holds it: `response` of `response.tool_calls`, `data` of `data.get("calls")`,
 * `response.function_calls` of `[c for c in (response.function_calls or []) if c.args]`; undefined at a name or a call.
 */
function towardsOwner(e: Node): Node | undefined {
  if (e.type === "attribute" || e.type === "subscript")
    return e.childForFieldName(e.type === "attribute" ? "object" : "value") ?? undefined;
  if (e.type === "call") return readsACollection(e);
  if (e.type === "list_comprehension" || e.type === "generator_expression")
    return e.namedChildren.find((c) => c?.type === "for_in_clause")?.childForFieldName("right") ?? undefined;
  if (e.type === "parenthesized_expression") return e.namedChild(0) ?? undefined;
  if (e.type === "boolean_operator") return e.childForFieldName("left") ?? undefined;
  return undefined;
}

/** One key for one list of one response, however it is reached: `state:tool_calls` for `last.tool_calls`. */
function sameListKey(list: Node, read: Node): string {
  // the name the list hangs off, followed back through local names that read it (`calls = response.get("tool_calls")`,
  // `last = state["messages"][-1]`), up to a name given a call's result (one response), with the list's own name
  let e: Node = list;
  // where that name was given the call's result: a name given a new response (`response = chat.send_message(...)` in
  // a follow-up loop) is another response, and its first call another loss
  let given = "";
  for (let hops = 0; hops < 4; hops++) {
    for (let up = towardsOwner(e); up; up = towardsOwner(e)) e = up;
    if (e?.type !== "identifier") return list.text;
    const value = assignedBefore(e, read);
    if (value && (value.type === "await" || (value.type === "call" && !readsACollection(value))))
      given = `@${value.startIndex}`;
    if (
      !value ||
      value.type === "await" ||
      value.type === "list" ||
      (value.type === "call" && !readsACollection(value))
    )
      break;
    e = value;
  }
  return `${e.text}${given}:${words(lastName(list) ?? "").join("_")}`;
}

/** A call's name read: `.name`, `.function.name`, a Gemini part's `.function_call.name`, `["function"]["name"]`. */
const NAME_FIELD =
  /^(?:\.function(?:_?call|Call)?)?(?:\.(?:name|tool_name)\b|\[["']name["']\])|^(?:\[["']function["']\])?\[["']name["']\]/;
/** A call's id read: `.id`, `["id"]`. */
const ID_FIELD = /^(?:\.id\b|\[["']id["']\])/;
/** A call's arguments read: `.args`, `.input`, `.function.arguments`, `["function"]["arguments"]`. */
const ARGUMENTS_FIELD =
  /^(?:\.function)?(?:\.(?:args|input|arguments|parameters)\b|\[["'](?:args|input|arguments|parameters)["']\])|^\[["']function["']\]\[["']arguments["']\]/;

/**
 * Is the first call handled as a tool call rather than read as an answer? The code looks at which tool was called
 * (`calls[0].name`, or `call = calls[0]` then `call.function.name`), or answers the call by its id without reading
 * its arguments (a tool result for a tool it ran some other way), or runs it as a tool.
 */
function handledAsACall(read: Node, scope: Node, text: string, tool = ""): boolean {
  // a name compared only with the one offered tool's checks the answer (it chooses nothing), unless the tool is run
  const later = text.slice(read.endIndex, Math.min(scope.endIndex, read.endIndex + 4000));
  const checksTheAnswer = (after: string) =>
    comparedWithTheOfferedTool(after, tool) && !runsTheOfferedTool(later, tool, text);
  if (readsField(read, scope, text, NAME_FIELD, checksTheAnswer)) return true;
  return readsField(read, scope, text, ID_FIELD) && !readsField(read, scope, text, ARGUMENTS_FIELD);
}

/** A content block used as a tool call: its input read, its type tested for a tool use, or its call read by its key (Bedrock's `["toolUse"]`). */
const TOOL_BLOCK_USE =
  /^(?:\.input\b|\[["']input["']\]|(?:\.type|\[["']type["']\])\s*[!=]=\s*["']tool_use["']|\[["']toolUse["']\]|\.get\(\s*["']toolUse["'])/;

/**
 * `block = response.content[-1]` then `block.input` or `block.type == "tool_use"`: the last content block of a
 * response taken as THE call. The list, or undefined.
 */
function lastBlockAsTheCall(read: Node, scope: Node, text: string): Node | undefined {
  const index = read.childForFieldName("subscript");
  const list = read.childForFieldName("value");
  if (!list || index?.type !== "unary_operator" || index.text.replace(/\s/g, "") !== "-1") return undefined;
  if (lastName(list) !== "content") return undefined;
  // under a stream event's type (`if event.type == "content_block_delta":`): the block being streamed is the last one
  for (let p = read.parent; p && !FUNCTION.has(p.type); p = p.parent)
    if (
      (p.type === "if_statement" || p.type === "elif_clause" || p.type === "case_clause") &&
      STREAM_EVENT.test(p.childForFieldName("condition")?.text ?? p.text.slice(0, p.text.indexOf(":") + 1))
    )
      return undefined;
  return readsField(read, scope, text, TOOL_BLOCK_USE) ? list : undefined;
}

/**
 * `uses = uses[0] if uses else None`: the read gives the list's own name its first element, so from the end of that
 * assignment on the name is the call, not the list. Where that is, or Infinity.
 */
function reboundAt(read: Node, list: Node): number {
  if (list.type !== "identifier") return Infinity;
  for (let p = read.parent; p && !FUNCTION.has(p.type) && p.type !== "block"; p = p.parent)
    if (p.type === "assignment") return p.childForFieldName("left")?.text === list.text ? p.endIndex : Infinity;
  return Infinity;
}

/**
 * A property (`@property def tool_call(self): return self.tool_calls[0]`), or a method beside its plural that reads it
 * (`def get_tool_call_object(self): return self.get_tool_call_objects()[0]`): a type's accessor; what it loses is its
 * callers' to say.
 */
function isAnAccessor(scope: Node): boolean {
  if (scope.type !== "function_definition") return false;
  // a singular method beside its plural (`def get_tool_call_object(self)` reading `self.get_tool_call_objects()`): kept
  // for callers that want one, as a property is
  let beside = singularMethods.get(scope.id);
  if (beside === undefined) {
    const name = scope.childForFieldName("name")?.text;
    beside = !!name && new RegExp(`\\bself\\.${name}s\\(\\s*\\)`).test(scope.text);
    singularMethods.set(scope.id, beside);
  }
  if (beside) return true;
  if (scope.parent?.type !== "decorated_definition") return false;
  return scope.parent.namedChildren.some(
    (d) => d?.type === "decorator" && /^@(?:functools\.)?(?:property|cached_property)\s*$/.test(d.text),
  );
}

/** Is `field` read on the first call, right after the read or on a name given it (in a bounded window after it)? */
function readsField(
  read: Node,
  scope: Node,
  text: string,
  field: RegExp,
  passes: (after: string) => boolean = () => false,
): boolean {
  /** The field at the start of `rest`, and not a read `passes` lets go. */
  const readHere = (rest: string) => {
    const m = field.exec(rest);
    return !!m && !passes(rest.slice(m.index + m[0].length, m.index + m[0].length + 120));
  };
  if (readHere(text.slice(read.endIndex, read.endIndex + 160))) return true;
  // a Gemini part's call (`parts[0].function_call`) is the call read
  let call = read;
  while (
    call.parent?.type === "attribute" &&
    call.parent.childForFieldName("object")?.id === call.id &&
    CALL_FIELD.test(call.parent.childForFieldName("attribute")?.text ?? "")
  )
    call = call.parent;
  if (call !== read && readHere(text.slice(call.endIndex, call.endIndex + 160))) return true;
  const at = call.parent;
  if (at?.type !== "assignment" || at.childForFieldName("right")?.id !== call.id) return false;
  const name = at.childForFieldName("left");
  if (name?.type !== "identifier") return false;
  // the uses that follow, in a bounded window (a use far down the function is rare; the bound keeps it linear); in a
  // loop, also its uses from the loop's start (`response = ...parts[0]` at the end of a round is read by the next one)
  let loop = at.parent;
  while (loop && loop.id !== scope.id && !LOOP_TYPES.has(loop.type)) loop = loop.parent;
  const carried =
    loop && loop.id !== scope.id ? text.slice(Math.max(loop.startIndex, at.startIndex - 4000), at.startIndex) : "";
  const later = text.slice(at.endIndex, Math.min(scope.endIndex, at.endIndex + 4000)) + "\n" + carried;
  for (let i = later.indexOf(name.text); i >= 0; i = later.indexOf(name.text, i + name.text.length))
    if (!/\w/.test(later[i - 1] ?? "") && readHere(later.slice(i + name.text.length, i + name.text.length + 160)))
      return true;
  // `weather_tool.run(call.args)`: the call is run as a tool, not read as an answer
  return field === NAME_FIELD && (runsItAsATool(later, name.text) || callsADeclaredTool(later, text));
}

/** `cast(T, x)`, `getattr(m, "tool_calls")`, `state.get("messages")`: a call that reads what is already there; the node it reads, if so. */
function readsACollection(call: Node): Node | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (fn?.type === "identifier" && fn.text === "cast" && args.length === 2) return args[1] ?? undefined;
  if (fn?.type === "identifier" && fn.text === "getattr" && args.length >= 2) return args[0] ?? undefined;
  if (
    fn?.type === "attribute" &&
    /^(get|pop|copy)$/.test(fn.childForFieldName("attribute")?.text ?? "") &&
    args.length > 0
  )
    return fn.childForFieldName("object") ?? undefined;
  return undefined;
}

/** Is the list taken from what a call in this function returned (`response = llm.invoke(...)`)? */
function fromALocalCall(list: Node, read: Node): boolean {
  return localCallOf(list, read) !== undefined;
}

/** The call (or await) in this function the list was taken from, through a few local names, or undefined. */
function localCallOf(list: Node, read: Node): Node | undefined {
  let e: Node | undefined = list;
  // through a few local names: `choice = response.choices[0]`, `response = client.create(...)`
  for (let hops = 0; e && hops < 4; hops++) {
    for (let up = towardsOwner(e); up; up = towardsOwner(e)) e = up;
    if (e?.type === "call" || e?.type === "await") return e;
    if (e?.type !== "identifier") return undefined;
    e = assignedBefore(e, read);
  }
  return undefined;
}

/**
 * `completion = OpenaiAI.getChatCompletion(messages, schema=schema)` then `completion.choices[0].message.tool_calls[0]`,
 * where the file's own `getChatCompletion` forces one tool (`tool_choice={"type": "function", "function": {"name":
 * ...}}`): the response of a helper that forces one tool holds one call by construction. So does one that offers one
 * tool (`tools=[schema]`, maybe with `tool_choice="required"`) when the call is read only for its arguments
 * (`argsOnly`: structured output), or when that tool is named for the answer it carries (`format_evaluation`).
 */
function fromAForcingHelper(list: Node, read: Node, root: Node, argsOnly: (tool: string) => boolean): boolean {
  let call = localCallOf(list, read);
  if (call?.type === "await") call = call.namedChild(0) ?? undefined;
  if (call?.type !== "call") return false;
  const fn = call.childForFieldName("function");
  const name =
    fn?.type === "attribute"
      ? fn.childForFieldName("attribute")?.text
      : fn?.type === "identifier"
        ? fn.text
        : undefined;
  if (!name) return false;
  return (functionsByName(root).get(name) ?? []).some((def) => {
    let helper = forcingHelpers.get(def.id);
    if (helper === undefined) {
      const forces = forcedToolAt(def.text) >= 0;
      forcingHelpers.set(
        def.id,
        (helper = { forces, offers: forces ? undefined : oneToolOffered(def.text, root.text)?.tool }),
      );
    }
    return (
      helper.forces || (helper.offers !== undefined && (argsOnly(helper.offers) || namesAnAnswerTool(helper.offers)))
    );
  });
}

/** The file's function definitions by name (read once a file). */
function functionsByName(root: Node): Map<string, Node[]> {
  let found = definitions.get(root.id);
  if (found) return found;
  found = new Map();
  for (const n of descendants(root))
    if (n.type === "function_definition") {
      const name = n.childForFieldName("name")?.text;
      if (!name) continue;
      const same = found.get(name);
      if (same) same.push(n);
      else found.set(name, [n]);
    }
  definitions.set(root.id, found);
  return found;
}

/**
 * `tool_args += delta.tool_calls[0].function.arguments`, `json_acc += event.delta.partial_json`: a stream's argument
 * fragments glued into one string (a name, a field of self, `acc["arguments"]`) that is not set again where the next
 * call's pieces would need it, in a function that reads no index to tell one call's fragments from the next and adds
 * the string to no list: every call of the turn runs into one. Either in a loop over the stream, or in a handler
 * called per chunk (no loop) that takes the chunk's first call into a string kept across calls (a field of self, a
 * nonlocal or global name). The read of the streamed call the pieces come from, or undefined.
 */
function gluedArguments(node: Node, scope: Node): Node | undefined {
  const { left, right } = glueParts(node) ?? {};
  if (!left || !right) return undefined;
  // the slot: a name, a field of self, or a field of a name (`acc["arguments"]`, `acc.arguments`)
  const owner =
    left.type === "attribute"
      ? left.childForFieldName("object")
      : left.type === "subscript" && left.childForFieldName("subscript")?.type === "string"
        ? left.childForFieldName("value")
        : left.type === "identifier"
          ? left
          : null;
  if (owner?.type !== "identifier") return undefined;
  const fragment = argumentFragment(right, node);
  if (!fragment) return undefined;
  let routed = indexReads.get(scope.id);
  if (routed === undefined) indexReads.set(scope.id, (routed = readsAnIndex(scope.text)));
  if (routed) return undefined;
  const slot = left.text;
  // in a loop over the stream (a handler called per event may reset the string in a branch or method we cannot see),
  // and not set again inside it: a fresh string for each call (set in a loop around that one, it is one per turn)
  let loop: Node | null = node.parent;
  while (loop && loop.id !== scope.id && !LOOP_TYPES.has(loop.type)) loop = loop.parent;
  const inALoop = !!loop && loop.id !== scope.id;
  // with no loop, a handler per chunk: only the chunk's first call read, into a string that outlives the call
  if (!inALoop && !(fragment.first && outlivesTheCall(owner, scope))) return undefined;
  const around = inALoop ? loop! : scope;
  for (const name of new Set([slot, owner.text]))
    for (const set of assignmentsIn(scope).get(name) ?? [])
      if (contains(around, set) && !(inALoop && onceATurn(set, around))) return undefined;
  // added to a list in the loop: one string a call (a list built after the loop, or once the response is over, holds
  // the one call the string made)
  const kept = owner.text === "self" ? slot : owner.text;
  for (const call of [...(callsIn(scope).get("append") ?? []), ...(callsIn(scope).get("extend") ?? [])])
    if (
      contains(around, call) &&
      !(inALoop && onceATurn(call, around)) &&
      (call.childForFieldName("arguments")?.text ?? "").includes(kept)
    )
      return undefined;
  return fragment.read;
}

/**
 * `for i, piece in enumerate(delta.tool_calls): calls[i]["function"]["arguments"] += piece.function.arguments` (or `for
 * i in range(len(delta.tool_calls))`, or a name given `calls[i]`): a stream's fragments merged by their place in the
 * chunk, in a function that reads no call index. Each chunk carries one call's fragment at place 0, so every call's
 * pieces run into the first call.
 */
function mergedByPosition(node: Node, scope: Node): boolean {
  if (node.type !== "augmented_assignment") return false;
  const { left, right } = glueParts(node) ?? {};
  if (!left || !right) return false;
  // a piece of a call's arguments (of the loop's own element, or traced to a streamed call)
  const value = valueOf(right);
  const piece = pieceOf(value);
  if (!piece || !namesAnArgumentPiece(piece.name, value.text)) return false;
  // the element the fragment lands on: `calls[i]...`, or a name given `calls[i]`
  let target: Node | null = left;
  while (
    target &&
    (target.type === "attribute" || target.type === "subscript") &&
    !(target.type === "subscript" && target.childForFieldName("subscript")?.type === "identifier")
  )
    target = target.childForFieldName(target.type === "attribute" ? "object" : "value");
  if (target?.type === "identifier") {
    // the last assignment before the glue (the function's assignments are in order: searched by halves)
    const sets = assignmentsIn(scope).get(target.text) ?? [];
    target = sets[firstAtOrAfter(sets, node.startIndex, (s) => s.startIndex) - 1]?.childForFieldName("right") ?? null;
  }
  const position = target?.type === "subscript" ? target.childForFieldName("subscript") : null;
  if (position?.type !== "identifier") return false;
  // the position counts the chunk's calls: `for i, x in enumerate(<calls>)`, `for i in range(len(<calls>))`
  let counted = false;
  for (let p = node.parent; p && p.id !== scope.id; p = p.parent) {
    if (p.type !== "for_statement") continue;
    const over = p.childForFieldName("right")?.text ?? "";
    const counter = p.childForFieldName("left");
    const first =
      counter?.type === "pattern_list" || counter?.type === "tuple_pattern" ? counter.namedChild(0) : counter;
    if (
      first?.text === position.text &&
      /^(?:enumerate\(|range\(\s*len\()\s*[\w.[\]"']*tools?_?calls["'\]]*\s*\)/i.test(over)
    )
      counted = true;
  }
  if (!counted) return false;
  let routed = indexReads.get(scope.id);
  if (routed === undefined) indexReads.set(scope.id, (routed = readsAnIndex(scope.text)));
  return !routed;
}

/**
 * The slot and the piece of a glue: `slot += piece`, or `pieces.append(piece)` (a list of argument pieces joined later
 * is one string written in parts; a list named for calls holds calls, not pieces).
 */
function glueParts(node: Node): { left: Node; right: Node } | undefined {
  if (node.type === "augmented_assignment") {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    return left && right && node.childForFieldName("operator")?.text === "+=" ? { left, right } : undefined;
  }
  const fn = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "append") return undefined;
  const left = fn.childForFieldName("object");
  const right = args?.type === "argument_list" && args.namedChildCount === 1 ? args.namedChild(0) : null;
  if (!left || right?.type === "keyword_argument" || !right || isToolCallList(lastName(left) ?? "", true))
    return undefined;
  return { left, right };
}

/** A name that keeps its value from one call of the function to the next: `self`, or one declared nonlocal or global. */
function outlivesTheCall(owner: Node, scope: Node): boolean {
  if (owner.text === "self") return true;
  // the function's nonlocal and global names, read once a function (a handler may glue into many)
  let names = outliving.get(scope.id);
  if (!names) {
    names = new Set();
    for (const n of descendants(scope))
      if (n.type === "nonlocal_statement" || n.type === "global_statement")
        for (const c of n.namedChildren) if (c) names.add(c.text);
    outliving.set(scope.id, names);
  }
  return names.has(owner.text);
}

/**
 * `candidates[0].content.parts`, or `cand.content.parts` after `cand = chunk.candidates[0]` (a few local names
 * followed): a Gemini response's parts, the model's, not a UI message's.
 */
function fromCandidates(over: Node, at: Node): boolean {
  return tracedTo(over, at, (e) => /\bcandidates\b/.test(e.text));
}

/**
 * Does `test` hold for the expression or for what its root name was given before `at`, followed through a few local
 * names (`cand.content.parts` after `cand = chunk.candidates[0]`)?
 */
function tracedTo(expr: Node, at: Node, test: (e: Node) => boolean): boolean {
  let e: Node | undefined = expr;
  for (let hops = 0; e && hops < 3; hops++) {
    if (test(e)) return true;
    const root = rootName(e);
    e = root ? assignedBefore(root, at) : undefined;
  }
  return false;
}

/**
 * Under a test, inside `loop`, that the response is over or that the piece is the first call's: done once a turn, so
 * a reset there is not one a call, and a list kept there holds one call.
 */
function onceATurn(node: Node, loop: Node): boolean {
  for (let p = node.parent; p && p.id !== loop.id; p = p.parent) {
    if (p.type !== "if_statement" && p.type !== "elif_clause") continue;
    const test = p.childForFieldName("condition")?.text ?? "";
    if (TESTS_THE_END.test(test) || TESTS_THE_FIRST_INDEX.test(test)) return true;
  }
  return false;
}

/**
 * `if tool_call.id: if func_call: break`: in the stream loop around the glue, a stop taken when a new call's id arrives
 * while one is held (a test of a name alone, whose branch only leaves), under a test that reads an id. The `break` or
 * `return`, or undefined.
 */
function stopsAtASecondCall(glue: Node, scope: Node): Node | undefined {
  let loop: Node | null = glue.parent;
  while (loop && loop.id !== scope.id && !LOOP_TYPES.has(loop.type)) loop = loop.parent;
  if (!loop || loop.id === scope.id) return undefined;
  for (const n of descendants(loop)) {
    if (n.type !== "if_statement" || FUNCTION.has(n.type)) continue;
    const held = n.childForFieldName("condition");
    const then = n.childForFieldName("consequence");
    if (!held || !then || (held.type !== "identifier" && held.type !== "attribute")) continue;
    const statements = then.namedChildren.filter((s): s is Node => !!s);
    const stop = statements.find((s) => s.type === "break_statement" || s.type === "return_statement");
    if (!stop || statements.some((s) => s !== stop && !logs(s))) continue;
    for (let p = n.parent; p && p.id !== loop.id; p = p.parent)
      if (
        (p.type === "if_statement" || p.type === "elif_clause") &&
        /\.id\b|\[["']id["']\]/.test(p.childForFieldName("condition")?.text ?? "")
      )
        return stop;
  }
  return undefined;
}

/** An element 0 of a list of calls read: `tool_calls[0]`, or a path `safe_get(delta, "tool_calls", 0, ...)`. */
const FIRST_OF_THE_CALLS = /tools?_?calls?\W{0,3}\[\s*0\s*\]|tools?_?calls?["']\s*,\s*0\b/i;

/**
 * The value is a piece of a call's arguments (`delta.tool_calls[0].function.arguments or ""`,
 * `getattr(tc.function, "arguments", None)`, `tc.get("arguments")`, `safe_get(delta, "tool_calls", 0, "function",
 * "arguments")`), or a name given one, and the call it belongs to is a streamed one: its path says so, or what its
 * root name was given does, a few local names back (`tc.function.arguments` after `tc = delta.tool_calls[0]`).
 * Gives the read of the call the pieces come from (its element 0 where one is taken), and whether element 0 is taken.
 */
function argumentFragment(value: Node, at: Node): { read: Node; first: boolean } | undefined {
  let v = valueOf(value);
  for (let hops = 0; v.type === "identifier"; hops++) {
    const given = hops < 2 ? assignedBefore(v, at) : undefined;
    if (!given) return undefined;
    v = valueOf(given);
  }
  const piece = pieceOf(v);
  if (!piece || !namesAnArgumentPiece(piece.name, v.text)) return undefined;
  let read: Node | undefined;
  let first: Node | undefined;
  // an element 0 taken on the way back to the streamed list (`call = calls[0]` after `calls = ...tool_calls`)
  let zero: Node | undefined;
  let e: Node | undefined = v;
  for (let hops = 0; e && hops < 4; hops++) {
    if (STREAMED_CALL.test(e.text)) read = e;
    if (!first && FIRST_OF_THE_CALLS.test(e.text)) first = e;
    const value = valueOf(hops === 0 ? piece.of : e);
    if (!zero && !read && value.type === "subscript" && value.childForFieldName("subscript")?.text === "0")
      zero = value;
    const root = rootName(value);
    e = root ? assignedBefore(root, at) : undefined;
  }
  first ??= read && zero;
  return read ? { read: first ?? read, first: !!first } : undefined;
}

/** What an expression gives when it is used: `x or ""` gives x, `x and x.y` gives x.y, `a if t else b` gives a. */
function valueOf(node: Node): Node {
  let v = node;
  for (;;) {
    const next =
      v.type === "parenthesized_expression" || v.type === "conditional_expression"
        ? v.namedChild(0)
        : v.type === "boolean_operator"
          ? v.childForFieldName(v.childForFieldName("operator")?.text === "and" ? "right" : "left")
          : null;
    // (a node the parser could not read whole may lack the child: what is there is the value)
    if (!next) return v;
    v = next;
  }
}

/**
 * The field a path reads last, and what it is read from: `x.arguments`, `x["arguments"]`, `getattr(x, "arguments")`,
 * `x.get("arguments")`, or the last string of a path helper's arguments (`safe_get(x, "function", "arguments")`).
 */
function pieceOf(v: Node): { name: string; of: Node } | undefined {
  const text = (s: Node | null | undefined) =>
    s?.type === "string" ? (s.namedChildren.find((c) => c?.type === "string_content")?.text ?? "") : undefined;
  const field = (name: string | undefined, of: Node | null | undefined) => (name && of ? { name, of } : undefined);
  if (v.type === "attribute") return field(v.childForFieldName("attribute")?.text, v.childForFieldName("object"));
  if (v.type === "subscript") return field(text(v.childForFieldName("subscript")), v.childForFieldName("value"));
  if (v.type !== "call") return undefined;
  const fn = v.childForFieldName("function");
  const args = (v.childForFieldName("arguments")?.namedChildren ?? []).filter(
    (a): a is Node => !!a && a.type !== "keyword_argument",
  );
  if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get")
    return field(text(args[0]), fn.childForFieldName("object"));
  if (fn?.text === "getattr") return field(text(args[1]), args[0]);
  const path = args.slice(1);
  if (path.length < 2 || !path.every((a) => a.type === "string" || a.type === "integer")) return undefined;
  return field(text(path[path.length - 1]), args[0]);
}

/** What a function appends to a list (`calls.append(x)`), as text: read once per function. */
function appendedIn(scope: Node): string[] {
  let found = appends.get(scope.id);
  if (found) return found;
  found = [];
  for (const call of callsIn(scope).get("append") ?? []) found.push(call.childForFieldName("arguments")?.text ?? "");
  for (const call of callsIn(scope).get("extend") ?? []) found.push(call.childForFieldName("arguments")?.text ?? "");
  appends.set(scope.id, found);
  return found;
}

/**
 * A response handed to this function (the list read from a parameter, through a few local names), in a file whose
 * every request offering tools forces one. Not a conversation handed over (`state["messages"]`: its last message may
 * come from another request), nor a function that makes its own forced request (forcedBefore decides there).
 * `forcedElsewhere`: the function forces no tool itself and every request of the file forces one (asked last).
 */
function handedAForcedResponse(list: Node, read: Node, scope: Node, forcedElsewhere: () => boolean): boolean {
  let e: Node | undefined = list;
  let path = list.text;
  for (let hops = 0; e && hops < 4; hops++) {
    for (let up = towardsOwner(e); up; up = towardsOwner(e)) e = up;
    if (e.type !== "identifier") return false;
    const value = assignedBefore(e, read);
    if (!value) {
      const params = scope.type === "function_definition" ? scope.childForFieldName("parameters")!.namedChildren : [];
      const name = e.text;
      return (
        params.some((p) => (p?.type === "identifier" ? p : p?.namedChildren[0])?.text === name) &&
        !HANDED_A_CONVERSATION.test(path) &&
        forcedElsewhere()
      );
    }
    e = value;
    path = `${value.text} ${path}`;
  }
  return false;
}

/**
 * The checks of a function that a list holds one call: `assert len(calls) == 1`, or a guard that raises unless it does
 * (reported itself, as one-tool-per-turn-guard). A read after one takes all there is. Each with its offset and text.
 */
function oneCallChecks(scope: Node): Array<[number, string, number]> {
  const out: Array<[number, string, number]> = [];
  for (const m of descendants(scope)) {
    if (m.type === "assert_statement" && /len\([^)]*\)\s*==\s*1\b/.test(m.text))
      out.push([m.startIndex, m.text, m.endIndex]);
    else if (m.type === "if_statement" && refusesSeveral(m))
      out.push([m.startIndex, m.childForFieldName("condition")!.text, m.endIndex]);
    if (out.length >= USES_LOOKED_AT) break;
  }
  return out;
}

/**
 * Inside a loop or comprehension over a list of messages (`for m in messages:`, `[... for m in history]`): the read
 * converts one stored message of a conversation, which holds what was kept of its turn; it runs nothing.
 */
function convertsHistory(read: Node, list: Node): boolean {
  if (inABranchWhere(read, testsAMessageRole)) return true;
  for (let c: Node = read, p = read.parent; p && !FUNCTION.has(p.type); c = p, p = p.parent) {
    if (p.type === "for_statement" && p.childForFieldName("body")?.id === c.id && !isAsync(p))
      return namesMessages(p.childForFieldName("right")!.text) || ownerIsAStoredMessage(list, read);
    if (/comprehension|generator_expression/.test(p.type)) {
      const over = p.namedChildren.find((x) => x?.type === "for_in_clause")?.childForFieldName("right");
      return !!over && namesMessages(over.text);
    }
  }
  return false;
}

/**
 * `next((b.text for b in content if hasattr(b, "text")), None)`: a comprehension that reads only the text of each
 * block reads no call, so it does not make the list a whole-list use beside a `next(...)` of the first tool block.
 */
/**
 * `next((m for m in output if m.type == "message" and m.role == "assistant"), None)`: a comprehension that keeps only
 * blocks of another type than a call (its `if` requires one, maybe among other tests) reads no call.
 */
function keepsAnotherType(clause: Node): boolean {
  const item = clause.childForFieldName("left");
  const test = clause.parent?.namedChildren.find((c) => c?.type === "if_clause")?.namedChild(0);
  if (item?.type !== "identifier" || !test) return false;
  const tests: Node[] = [];
  for (const stack = [test]; stack.length;) {
    const e = stack.pop()!;
    if (e.type === "boolean_operator" && e.childForFieldName("operator")?.text === "and")
      stack.push(e.childForFieldName("left")!, e.childForFieldName("right")!);
    else if (e.type === "parenthesized_expression" && e.namedChild(0)) stack.push(e.namedChild(0)!);
    else tests.push(e);
  }
  return tests.some((t) => {
    const m = /^(\w+)(?:\.type|\[["']type["']\])\s*==\s*["']([\w-]+)["']$/.exec(t.text.trim());
    return !!m && m[1] === item.text && !TOOL_BLOCK_TYPES.has(m[2]!);
  });
}

function readsOnlyText(clause: Node): boolean {
  const item = clause.childForFieldName("left");
  const around = clause.parent;
  if (item?.type !== "identifier" || !around || around.text.length > 500) return false;
  const name = item.text.replace(/\W/g, "");
  const rest = around.text
    .replace(clause.text, "")
    .replace(
      new RegExp(
        `\\b${name}\\.text\\b|hasattr\\(\\s*${name}\\s*,\\s*["']text["']\\s*\\)|\\b${name}\\.type\\s*==\\s*["']text["']`,
        "g",
      ),
      "",
    );
  return !new RegExp(`\\b${name}\\b`).test(rest);
}

/**
 * `{"role": "assistant", "content": response.content}`: a chat message built for the history. It keeps every call of
 * the response for the next request but runs none, so the list handed there is not used whole.
 */
/**
 * `add("assistant", ...)`, `AssistantMessage(role="assistant", ...)`, Gemini's `Content(role="model", parts=parts)`:
 * the arguments of the model's own message of the history.
 */
function speaksAsTheAssistant(args: Node): boolean {
  return args.namedChildren.some(
    (a) =>
      (a?.type === "string" && /^["']assistant["']$/.test(a.text)) ||
      (a?.type === "keyword_argument" &&
        a.childForFieldName("name")?.text === "role" &&
        /^["'](?:assistant|model)["']$/.test(a.childForFieldName("value")?.text ?? "")),
  );
}

/**
 * `{"role": "assistant", "tool_calls": [tc.dict() for tc in calls]}`, `AssistantMessage(role="assistant",
 * tool_calls=[... for tc in calls])`: the calls copied into the assistant's message of the history, each echoed, none
 * run (a call left unanswered there is still lost).
 */
function echoedIntoAMessage(clause: Node): boolean {
  const holder = clause.parent?.parent;
  if (holder?.type === "pair") return buildsAChatMessage(holder.parent ?? undefined);
  const args = holder?.type === "keyword_argument" ? holder.parent : undefined;
  return args?.type === "argument_list" && speaksAsTheAssistant(args);
}

function buildsAChatMessage(dict: Node | undefined): boolean {
  if (dict?.type !== "dictionary") return false;
  if (
    dict.namedChildren.some((p) => p?.type === "pair" && /^["']role["']$/.test(p.childForFieldName("key")?.text ?? ""))
  )
    return true;
  // `messages[-1].update({"tool_calls": tool_calls})`: fields written into a stored message of the history
  const call = dict.parent?.type === "argument_list" ? dict.parent.parent : undefined;
  const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
  return (
    fn?.type === "attribute" &&
    fn.childForFieldName("attribute")?.text === "update" &&
    namesMessages(fn.childForFieldName("object")?.text ?? "")
  );
}

/** `m = messages[k]` then `m["tool_calls"]`: the list hangs off an element of a list of messages. */
function ownerIsAStoredMessage(list: Node, read: Node): boolean {
  let root = list;
  while (root.type === "attribute" || root.type === "subscript")
    root = root.childForFieldName(root.type === "attribute" ? "object" : "value")!;
  if (root?.type !== "identifier") return false;
  const value = assignedBefore(root, read);
  return value?.type === "subscript" && namesMessages(value.childForFieldName("value")?.text ?? "");
}

/** `tool_calls = [one]` in the same function: a list of one call by construction. */
function oneByConstruction(scope: Node, list: Node): boolean {
  if (list.type !== "identifier") return false;
  // (the function's assignments, indexed once: a function of thousands of reads is not walked again for each)
  return (assignmentsIn(scope).get(list.text) ?? []).some((m) => {
    const right = m.type === "assignment" ? m.childForFieldName("right") : null;
    return right?.type === "list" && right.namedChildCount === 1;
  });
}

/**
 * `chunk.function_calls`, `chunk["message"]["tool_calls"]`: a Gemini- or Ollama-style stream carries whole calls in
 * each chunk, so its first is a loss there too; only the `tool_calls` of an OpenAI-style delta are fragments of calls
 * assembled elsewhere.
 */
function wholeCallsPerChunk(list: Node, read: Node): boolean {
  const w = words(lastName(list) ?? "");
  const origin = list.type === "identifier" ? assignedBefore(list, read) : undefined;
  if (w[0] === "function" && w[1] === "calls") return !/delta/i.test(`${list.text} ${origin?.text ?? ""}`);
  // an Ollama chunk's `message["tool_calls"]`: a stream chunk's message, followed through local names, and no delta
  // (nor a LangChain chunk's `additional_kwargs`, which holds the provider's delta)
  return (
    isToolCallList(lastName(list) ?? "") &&
    tracedTo(list, read, (e) => /\bchunk\b[^\n]*\bmessage\b/.test(e.text)) &&
    !tracedTo(list, read, (e) => /delta|additional_?kwargs|tool_?call_?chunks/i.test(e.text))
  );
}

/**
 * A per-chunk read of a stream: through a delta or chunk, or in an `async for` over a stream. A list held in a local
 * name counts by what that name was given earlier in the function (`tool_calls = chunk.choices[0].delta.tool_calls`).
 */
function streamPiece(read: Node, list: Node): boolean {
  // followed through a few local names: `message = content_delta["message"]`, `calls = message["tool_calls"]`
  for (let part: Node | undefined = list, hops = 0; part && hops < 4; hops++) {
    for (const m of descendants(part))
      if ((m.type === "identifier" || m.type === "string_content") && namesAStreamPiece(m.text)) return true;
    const root = rootName(part);
    part = root ? assignedBefore(root, read) : undefined;
  }
  for (let n = read.parent; n && !FUNCTION.has(n.type); n = n.parent)
    if (n.type === "for_statement" && isAsync(n)) return true;
  return takenAsAFragment(read);
}

/** `message` of `message["tool_calls"]` or `message.tool_calls.get()`: the local name a value is read from. */
function rootName(node: Node): Node | undefined {
  let n: Node | null = node;
  while (n && n.type !== "identifier") {
    if (n.type === "attribute" || n.type === "subscript")
      n = n.childForFieldName(n.type === "attribute" ? "object" : "value");
    else if (n.type === "call") n = n.childForFieldName("function");
    else return undefined;
  }
  return n ?? undefined;
}

/**
 * The element taken is a stream fragment by the way it is used: its index is read (`call.index`, `call["index"]`: a
 * fragment names the call it belongs to by index; a complete response's calls carry none), or it is held in a name
 * such as `chunk` or `delta`.
 */
function takenAsAFragment(read: Node): boolean {
  const p = read.parent;
  if (readsIndexOf(read)) return true;
  let scope: Node = read;
  while (scope.parent && !FUNCTION.has(scope.type)) scope = scope.parent;
  // another read of the same element, `calls[0].index` beside `calls[0].id` (asked once a text and function: a
  // function of many reads of one element would look at each of them again for each)
  const key = `${scope.id}:${read.text}`;
  let indexed = elementIndexReads.get(key);
  if (indexed === undefined)
    elementIndexReads.set(key, (indexed = (subscriptsIn(scope).get(read.text) ?? []).some(readsIndexOf)));
  if (indexed) return true;
  if (p?.type !== "assignment" || p.childForFieldName("right")?.id !== read.id) return false;
  const left = p.childForFieldName("left");
  if (left?.type !== "identifier") return false;
  return namesAStreamPiece(left.text) || (identifiersIn(scope).get(left.text) ?? []).some(readsIndexOf);
}

/** `x.index`, `x["index"]`, `x.get("index")`. */
function readsIndexOf(x: Node): boolean {
  const p = x.parent;
  if (p?.type === "attribute" && p.childForFieldName("object")?.id === x.id) {
    const name = p.childForFieldName("attribute")?.text;
    if (name === "index") return true;
    const call = p.parent;
    return (
      name === "get" &&
      call?.type === "call" &&
      /^\(\s*["']index["']/.test(call.childForFieldName("arguments")?.text ?? "")
    );
  }
  return (
    p?.type === "subscript" &&
    p.childForFieldName("value")?.id === x.id &&
    /^["']index["']$/.test(p.childForFieldName("subscript")?.text ?? "")
  );
}

/** The value last assigned to `name` before `at`, in the function (or module) around it. */
function assignedBefore(name: Node, at: Node): Node | undefined {
  let scope: Node = at;
  while (scope.parent && !FUNCTION.has(scope.type)) scope = scope.parent;
  let value: Node | undefined;
  for (const m of assignmentsIn(scope).get(name.text) ?? []) {
    if (m.startIndex >= at.startIndex) break;
    // `uses = uses[0] if uses else None`: an assignment around the read gives its value only after it
    if (m.endIndex > at.startIndex) continue;
    value = m.childForFieldName(m.type === "named_expression" ? "value" : "right") ?? value;
  }
  return value;
}

/**
 * A function's (or module's) nodes of one type by a key, in order: read in one pass when first asked, so a file of
 * many reads does not walk its function again for each (the caches live for one audit).
 */
let assignments = new Map<number, Map<string, Node[]>>();
let identifiers = new Map<number, Map<string, Node[]>>();
let subscripts = new Map<number, Map<string, Node[]>>();
let parameters = new Map<number, Map<string, Node[]>>();
/** Per `while` loop and list, whether the loop drains the list from its head (drainsTheList). */
let drainedLoops = new Map<string, boolean>();
let callNodes = new Map<number, Map<string, Node[]>>();
let appends = new Map<number, string[]>();
/** Per function, whether it reads an index (`x.index`): read once per function. */
let indexReads = new Map<number, boolean>();
/** Per function, whether it reads a name (a call's, to run it): read once per function. */
let nameReads = new Map<number, boolean>();
/** Per function and element read (`calls[0]`), whether any read of that element reads its index. */
let elementIndexReads = new Map<string, boolean>();
/** Per function, the names it declares nonlocal or global. */
let outliving = new Map<number, Set<string>>();
/** Per file, its function definitions by name; per definition, whether it forces one tool, or the one it offers. */
let definitions = new Map<number, Map<string, Node[]>>();
let forcingHelpers = new Map<number, { forces: boolean; offers?: string }>();
/** Per function and name, where the name's type is last tested as a call's (firstBlockAsTheCall), or -1. */
let lastTypedAsACall = new Map<string, number>();
/** Per if or elif, the subscripts its test types as a call's (firstBlockAsTheCall). */
let typedInTest = new Map<number, Set<string>>();
/** Per function, loop and slot, whether a stream's block slot is kept alone (streamedBlockSlot). */
let freeBlockSlots = new Map<string, boolean>();
/** Per loop and name, what the stream rules found there (replacedPerChunk, keyedByName), and per loop whether it glues text. */
let streamFacts = new Map<string, boolean>();
/** Per function, whether it is a singular method reading its plural (isAnAccessor). */
let singularMethods = new Map<number, boolean>();
/** Per function (or module), what it adds to lists before the response is over. */
let keptTexts = new Map<number, string[]>();
/** The text of the file under audit (a setting's declaration is looked for in it). */
let auditedText = "";
function indexed(
  cache: Map<number, Map<string, Node[]>>,
  scope: Node,
  types: ReadonlySet<string>,
  key: (n: Node) => string,
): Map<string, Node[]> {
  let found = cache.get(scope.id);
  if (found) return found;
  found = new Map();
  for (const m of descendants(scope)) {
    if (!types.has(m.type)) continue;
    const k = key(m);
    const list = found.get(k) ?? [];
    list.push(m);
    found.set(k, list);
  }
  cache.set(scope.id, found);
  return found;
}
/** The assignments of a function (`x = ...`, and `if (x := ...)`), by the text of their left side. */
const assignmentsIn = (scope: Node) =>
  indexed(
    assignments,
    scope,
    new Set(["assignment", "named_expression"]),
    (m) => m.childForFieldName(m.type === "named_expression" ? "name" : "left")?.text ?? "",
  );
/** The parameters of a function and of the functions in it (`calls`, `calls: list`, `calls=None`), by name. */
function parametersIn(scope: Node): Map<string, Node[]> {
  let found = parameters.get(scope.id);
  if (found) return found;
  found = new Map();
  for (const m of descendants(scope)) {
    if (m.type !== "parameters") continue;
    for (const p of m.namedChildren) {
      if (!p) continue;
      for (const name of new Set([p.text, p.namedChild(0)?.text ?? ""])) {
        const list = found.get(name) ?? [];
        list.push(p);
        found.set(name, list);
      }
    }
  }
  parameters.set(scope.id, found);
  return found;
}
/** The subscripts of a function (`calls[0]`), by their text. */
const subscriptsIn = (scope: Node) => indexed(subscripts, scope, new Set(["subscript"]), (m) => m.text);
/** The calls of a function, by the last name of what is called (`append` for `calls.append(x)`). */
const callsIn = (scope: Node) =>
  indexed(callNodes, scope, new Set(["call"]), (m) => {
    const fn = m.childForFieldName("function");
    return fn?.type === "attribute" ? (fn.childForFieldName("attribute")?.text ?? "") : (fn?.text ?? "");
  });
/** The identifiers of a function, by name. */
const identifiersIn = (scope: Node) => indexed(identifiers, scope, new Set(["identifier"]), (m) => m.text);

/** Where the list comes from, when on another line: its assignment or parameter in the function. */
function listOrigin(scope: Node, list: Node, at: Node): number | undefined {
  let root = list;
  while (root.type === "attribute" || root.type === "subscript" || root.type === "call")
    root = root.childForFieldName(root.type === "call" ? "function" : root.type === "attribute" ? "object" : "value")!;
  if (root?.type !== "identifier" || root.text === "self") return undefined;
  // the last assignment of the name, or parameter of that name, before the read (both indexed once a function: a
  // function of thousands of findings is not walked again for each)
  let found: number | undefined;
  let foundAt = -1;
  for (const m of assignmentsIn(scope).get(root.text) ?? []) {
    if (m.startIndex >= at.startIndex) break;
    if (m.type !== "assignment") continue;
    found = m.childForFieldName("right")?.startIndex;
    foundAt = m.startIndex;
  }
  for (const p of parametersIn(scope).get(root.text) ?? []) {
    if (p.startIndex >= at.startIndex) break;
    if (p.startIndex > foundAt) found = p.startIndex;
  }
  if (found === undefined || found >= at.startIndex) return undefined;
  return auditedText.slice(found, at.startIndex).includes("\n") ? found : undefined;
}

/** `next(p for p in parts if p.function_call)`: a Gemini part tested for being a call, and for nothing else. */
function testsACallField(generator: Node): boolean {
  // the condition of a comprehension's `if`, or an `if` statement's own condition (`if part.function_call:`)
  const test =
    generator.type === "generator_expression" || generator.type === "list_comprehension"
      ? generator.namedChildren.find((c) => c?.type === "if_clause")?.namedChild(0)
      : generator;
  if (!test) return false;
  // `hasattr(part, "function_call") and part.function_call`: each side tests the call field (or a field of the call)
  if (test.type === "boolean_operator" && test.childForFieldName("operator")?.text === "and") {
    const sides = [test.childForFieldName("left"), test.childForFieldName("right")];
    return sides.every(
      (side) =>
        !!side &&
        (testsACallField(side) || /^\w+\.(?:function_call|tool_call|tool_use|functionCall)\.\w+$/.test(side.text)),
    );
  }
  const t = test.type === "comparison_operator" && /\bis\s+not\s+None$/.test(test.text) ? test.namedChild(0) : test;
  if (t?.type === "attribute") return isCallField(t.childForFieldName("attribute")?.text ?? "");
  // hasattr(part, "function_call"), getattr(part, "function_call", None), part.get("function_call"),
  // "function_call" in part: the same test, by the field's name as a string
  if (t?.type === "comparison_operator" && /^\S+\s+in\s+\w+$/.test(t.text))
    return t.namedChild(0)?.type === "string" && isCallField(stringText(t.namedChild(0)!));
  if (t?.type !== "call") return false;
  const callee = t.childForFieldName("function");
  const args = t.childForFieldName("arguments")?.namedChildren ?? [];
  const name =
    callee?.type === "identifier" && /^(?:has|get)attr$/.test(callee.text)
      ? args[1]
      : callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "get"
        ? args[0]
        : undefined;
  return name?.type === "string" && isCallField(stringText(name));
}

/** The text of a string literal, without its quotes (tree-sitter's string_content). */
function stringText(node: Node): string {
  return node.namedChildren.find((c) => c?.type === "string_content")?.text ?? "";
}

/** The comparisons test the block type against a tool block type, and nothing else (no id, no name). */
function testsOnlyToolType(node: Node): boolean {
  if (testsACallField(node)) return true;
  // `b.type == "tool_use" and b.name.startswith("return_")`: a lookup of one call by its name or id
  if (/\.(?:name|id)\b|\[["'](?:name|id)["']\]/.test(node.text)) return false;
  let typeTest = false;
  for (const n of descendants(node)) {
    if (n.type !== "comparison_operator") continue;
    const strings = n.namedChildren.filter((c) => c?.type === "string");
    const isType =
      strings.some((s) => TOOL_BLOCK_TYPES.has(s!.text.slice(1, -1))) &&
      /\.type\b|\[["']type["']\]|get\(["']type["']\)/.test(n.text) &&
      /==/.test(n.text) &&
      !/!=|\bnot\b/.test(n.text);
    if (!isType) return false;
    typeTest = true;
  }
  return typeTest;
}

/**
 * `for block in response.content: ... elif block.type == "tool_use": tool_block = block`: each tool block overwrites
 * the one slot (a name set outside the loop and added to no list), so the last call is all that is kept. The
 * assignment, or undefined.
 */
function keepsOneBlock(loop: Node, scope: Node): Node | undefined {
  const item = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (item?.type !== "identifier" || !body) return undefined;
  for (const s of body.namedChildren) {
    if (s?.type !== "if_statement") continue;
    const branches: Array<[Node | null, Node | null]> = [
      [s.childForFieldName("condition"), s.childForFieldName("consequence")],
    ];
    for (const c of s.namedChildren)
      if (c?.type === "elif_clause")
        branches.push([c.childForFieldName("condition"), c.childForFieldName("consequence")]);
    for (const [test, then] of branches) {
      if (!test || !then || !testsOnlyToolType(test) || !mentions(test, item.text) || exits(then, LEAVE)) continue;
      const fields = fieldsKeptOfEachBlock(loop, then, item.text, scope);
      if (fields) return fields;
      for (const st of then.namedChildren) {
        const a = st?.type === "expression_statement" ? st.namedChild(0) : null;
        const right = a?.type === "assignment" ? a.childForFieldName("right") : null;
        const slot = a?.childForFieldName("left");
        if (!right || slot?.type !== "identifier") continue;
        // the block itself, or a call built from it into a slot named for one (`tool_call = ToolCall(name=block.name)`)
        const built =
          (right.type === "call" || right.type === "dictionary") &&
          ONE_CALL_SLOT.test(slot.text) &&
          mentions(right, item.text);
        if (right.text !== item.text && !built) continue;
        if (appendedIn(scope).some((text) => new RegExp(`\\b${slot.text}\\b`).test(text))) continue;
        // set outside the loop (`tool_block = None` before it): one slot for the whole response
        if (!(assignmentsIn(scope).get(slot.text) ?? []).some((set) => !contains(loop, set))) continue;
        return a ?? undefined;
      }
    }
  }
  return undefined;
}

/**
 * `action = {}` before the loop, then `action["name"] = block.name` in the branch for a tool block (maybe under a
 * nested `if`): the fields of one dict (or object) each tool block writes over. The slot is read nowhere in the loop
 * but where it is written, so only the last call's fields reach the code after the loop. The first such assignment,
 * or undefined.
 */
function fieldsKeptOfEachBlock(loop: Node, branch: Node, item: string, scope: Node): Node | undefined {
  let first: Node | undefined;
  let owner: string | undefined;
  for (const n of descendants(branch)) {
    if (n.type === "for_statement" || n.type === "while_statement" || n.type === "function_definition")
      return undefined;
    if (n.type !== "assignment") continue;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (!left || !right || (left.type !== "subscript" && left.type !== "attribute")) continue;
    const object = left.childForFieldName(left.type === "subscript" ? "value" : "object");
    const key = left.type === "subscript" ? left.childForFieldName("subscript") : left.childForFieldName("attribute");
    // a field named in the code (`["name"]`, `.args`), of a plain name that is not the block
    if (object?.type !== "identifier" || object.text === item || object.text === "self") continue;
    if (key?.type !== "string" && key?.type !== "identifier") continue;
    if (left.type === "subscript" && key.type !== "string") continue;
    if (owner !== undefined && owner !== object.text) continue;
    if (!mentions(right, item)) continue;
    owner = object.text;
    first ??= n;
  }
  if (!first || !owner) return undefined;
  const name = owner;
  // set before the loop (`action = {}`), once for the whole response
  if (!(assignmentsIn(scope).get(name) ?? []).some((set) => !contains(loop, set) && set.startIndex < loop.startIndex))
    return undefined;
  // in the loop, the slot is only written: read there (run, handed on, added to a list), each call is used in its
  // round; after the loop it is one call, wherever it goes. Each write of a named field holds one use of the name, so
  // the loop holds no other use when the two counts agree (a key the round computes, `action[block.id] = ...`, is no
  // such write: an entry a call).
  const { uses, writes } = slotUsesIn(scope, name);
  if (countWithin(uses, loop.startIndex, loop.endIndex) !== countWithin(writes, loop.startIndex, loop.endIndex))
    return undefined;
  return first;
}

/** Per function and name: where the name is used, and where a field of it named in the code is written (sorted). */
let slotUses = new Map<string, { uses: number[]; writes: number[] }>();
function slotUsesIn(scope: Node, name: string): { uses: number[]; writes: number[] } {
  const key = `${scope.id}:${name}`;
  let found = slotUses.get(key);
  if (found) return found;
  const uses = (identifiersIn(scope).get(name) ?? []).map((n) => n.startIndex).sort((a, b) => a - b);
  const namedField = new RegExp(`^${name}(?:\\[[ \\t]*(?:"[^"\\n]*"|'[^'\\n]*')[ \\t]*\\]|\\.\\w+)$`);
  const writes: number[] = [];
  for (const [left, sets] of assignmentsIn(scope))
    if (namedField.test(left)) for (const set of sets) if (set.type === "assignment") writes.push(set.startIndex);
  writes.sort((a, b) => a - b);
  slotUses.set(key, (found = { uses, writes }));
  return found;
}

/**
 * `for tc in tool_calls: if chosen is None: chosen = tc` (in any branch of the body): the first call the loop meets
 * kept in one slot set before the loop, which every later round passes over. A slot added to a list or set again in
 * the loop is the usual assembly; the call used beside the slot (`run(tc)` after the `if`, or in its `else`) is run
 * anyway. The `if`, or undefined.
 */
function keepsTheFirst(loop: Node, scope: Node): Node | undefined {
  const item = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (item?.type !== "identifier" || !body) return undefined;
  for (const s of descendants(body)) {
    if (s.type !== "if_statement") continue;
    const m = /^(?:not\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s+is\s+None)$/.exec(
      s.childForFieldName("condition")?.text ?? "",
    );
    const slot = m?.[1] ?? m?.[2];
    const then = s.childForFieldName("consequence");
    if (!slot || !then || exits(then, LEAVE)) continue;
    const keeps = then.namedChildren.some((st) => {
      const a = st?.type === "expression_statement" ? st.namedChild(0) : null;
      return (
        a?.type === "assignment" &&
        a.childForFieldName("left")?.text === slot &&
        a.childForFieldName("right")?.text === item.text
      );
    });
    if (!keeps) continue;
    // inside the loop itself (not a function or loop nested in it)
    let inner = false;
    for (let p = s.parent; p && p.id !== loop.id; p = p.parent)
      if (FUNCTION.has(p.type) || LOOP_TYPES.has(p.type)) inner = true;
    if (inner) continue;
    // one slot for the whole response: set before the loop, and in the loop only here
    const sets = assignmentsIn(scope).get(slot) ?? [];
    if (!sets.some((set) => !contains(loop, set)) || sets.some((set) => contains(loop, set) && !contains(then, set)))
      continue;
    if (appendedIn(scope).some((text) => new RegExp(`\\b${slot}\\b`).test(text))) continue;
    // the call used beside the slot, for the same calls: in the `if`'s other branches, or next to it on the way up
    const test = s.childForFieldName("condition");
    let usedBeside = s.namedChildren.some((c) => c && c.id !== then.id && c.id !== test?.id && mentions(c, item.text));
    for (let c: Node = s, p = s.parent; !usedBeside && p && p.id !== loop.id; c = p, p = p.parent)
      if (p.type === "block")
        usedBeside = p.namedChildren.some((sib) => sib !== null && sib.id !== c.id && mentions(sib, item.text));
    if (!usedBeside) return s;
  }
  return undefined;
}

/**
 * `for tc in tool_calls: args = json.loads(tc.arguments); query = args["query"]`, `query` set before the loop and read
 * after it: a value of each call kept in one slot that the next call overwrites, in a loop that runs none of them (it
 * only gathers what the calls ask for), so the last call's value is all the code goes on with. A slot added to a list,
 * or set from what it held (`total = total + ...`), gathers; a loop that runs its calls answers each. The assignment, or
 * undefined.
 */
function keepsTheLast(loop: Node, scope: Node): Node | undefined {
  const item = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (item?.type !== "identifier" || !body || RUNS_IN_THE_LOOP.test(body.text)) return undefined;
  // the call and the names given from it in the loop (`args = json.loads(tc.arguments)`)
  const fromTheCall = new Set([item.text]);
  const readsTheCall = (n: Node) => [...fromTheCall].some((name) => mentions(n, name));
  // a loop that leaves (a lookup that stops at what it wants) keeps what it stopped at, not the last
  if (leavesSomewhere(body)) return undefined;
  // the call itself handed to a function (`stage(tc)`) is run there
  const handedOn = (n: Node) =>
    n.type === "call" &&
    (n.childForFieldName("arguments")?.namedChildren ?? []).some(
      (a) => a?.type === "identifier" && a.text === item.text,
    );
  for (const n of descendants(body)) {
    if (FUNCTION.has(n.type) || (LOOP_TYPES.has(n.type) && n.id !== loop.id) || handedOn(n)) return undefined;
  }
  // (each name asked once: many lines setting one name read the rest of the function once)
  const asked = new Set<string>();
  for (const n of descendants(body)) {
    if (n.type !== "assignment") continue;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type !== "identifier" || !right || asked.has(left.text) || !readsTheCall(right)) continue;
    const sets = assignmentsIn(scope).get(left.text) ?? [];
    if (!sets.some((set) => set.endIndex <= loop.startIndex)) {
      fromTheCall.add(left.text);
      continue;
    }
    // set before the loop, from a value of the call, never from what it held (nor under a test of it: `if slot is
    // None:` keeps the first), added to no list, read after the loop
    const slot = new RegExp(`(?<![\\w.])${left.text}(?!\\w)`);
    let tested = false;
    for (let p = n.parent; p && p.id !== loop.id && !tested; p = p.parent) {
      const condition = p.type === "if_statement" || p.type === "elif_clause" ? p.childForFieldName("condition") : null;
      // (or of the tool that carries the answer: the answer read, not a call kept)
      if (condition && (mentions(condition, left.text) || namesAFinishTool(condition.text))) tested = true;
    }
    if (tested) continue;
    if (mentions(right, left.text)) continue;
    asked.add(left.text);
    if (appendedIn(scope).some((text) => slot.test(text))) continue;
    if (slot.test(auditedText.slice(loop.endIndex, scope.endIndex))) return n;
  }
  return undefined;
}

/** Does a loop body hold a `break` or `return` of its own (not of a function or loop nested in it)? */
function leavesSomewhere(body: Node): boolean {
  for (const n of descendants(body)) {
    if (n.type === "break_statement" || n.type === "return_statement") {
      let own = true;
      for (let p = n.parent; p && p.id !== body.id; p = p.parent)
        if (FUNCTION.has(p.type) || LOOP_TYPES.has(p.type)) own = false;
      if (own) return true;
    }
  }
  return false;
}

/**
 * `tool_use_block = event.content_block` under a test for a tool block, in a loop over a stream (or a handler called
 * per event, for a field of self): one slot kept across events (a name set before the loop, or a field of self) that
 * each tool block of the response overwrites, added to a list only once the response is over (or never), and not
 * emptied inside the loop: the last call survives. A slot added to a list when its block stops, or pieces routed by an
 * index, are the usual assembly.
 */
function streamedBlockSlot(node: Node, scope: Node, root: Node): boolean {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  const contentBlock =
    right?.type === "attribute" && /^content_?block$/i.test(right.childForFieldName("attribute")?.text ?? "");
  // Bedrock's `start["toolUse"]` (or `.get("toolUse")`), under a test for a `contentBlockStart` event (a block of a
  // stored message keyed the same way is history, not a stream)
  const bedrockStart = !contentBlock && !!right && BEDROCK_TOOL_USE.test(right.text);
  if (!contentBlock && !bedrockStart) return false;
  const ofSelf = left?.type === "attribute" && left.childForFieldName("object")?.text === "self";
  if (!left || (left.type !== "identifier" && !ofSelf)) return false;
  // in the branch for a tool block (the branch the slot is set in, not an `if` it is an `elif` of), in a loop
  let forATool = false;
  let ofAStart = !bedrockStart;
  let loop: Node | undefined;
  for (let c: Node = node, p = node.parent; p && p.id !== scope.id; c = p, p = p.parent) {
    const governs =
      p.type === "elif_clause" || (p.type === "if_statement" && p.childForFieldName("consequence")?.id === c.id);
    const condition = governs ? (p.childForFieldName("condition")?.text ?? "") : "";
    if (/tool_?use/i.test(condition)) forATool = true;
    if (/content_?block_?start/i.test(condition)) ofAStart = true;
    if (!loop && LOOP_TYPES.has(p.type)) loop = p;
  }
  // a field of self outlives the call: a handler called per event (no loop) keeps it across events too
  if (!forATool || !ofAStart || (!loop && !ofSelf)) return false;
  const region = loop ?? scope;
  // a name set before the loop: one slot for the whole response
  // (the function's assignments are in order: the first is the earliest)
  const setBefore = (name: string) => (assignmentsIn(scope).get(name)?.[0]?.endIndex ?? Infinity) <= region.startIndex;
  let slot = left.text;
  // `tool_use = start["toolUse"]; tool_id = tool_use["toolUseId"]`: the block's fields copied into names set before
  // the loop are the slot
  const block = left.text;
  if (!ofSelf && !setBefore(slot)) slot = fieldCopiedAcross(node, slot, setBefore) ?? "";
  if (!slot) return false;
  const key = `${scope.id}:${region.id}:${slot}:${block}`;
  let free = freeBlockSlots.get(key);
  if (free === undefined) freeBlockSlots.set(key, (free = keptAlone(slot, ofSelf, region, scope, root, block)));
  return free;
}

/**
 * `results[fn.name] = run(fn)`, `tool_calls[event.item.name] = event` in a loop: each call kept in a dict keyed by its
 * tool's name, so two calls of one tool in a response (the usual parallel case: two cities' weather) overwrite each
 * other. The key is the name of a call: of the loop's item when the loop is over calls, or read through a call's field
 * (`part.function_call.name`, `event.item.name`, a name given `part.function_call`; `tc.function.name` only in a
 * loop over calls, as a tool's definition has a `function` too). The dict is made empty before the loop and read after
 * it; a value built from what it held (a count) adds to it.
 */
function keyedByName(node: Node, left: Node, scope: Node): boolean {
  const dict = left.childForFieldName("value");
  const key = left.childForFieldName("subscript");
  if (!dict || !key || shownBy(node)) return false;
  if (dict.type !== "identifier" && !(dict.type === "attribute" && dict.childForFieldName("object")?.text === "self"))
    return false;
  // a value built from what the dict held (`counts[c.name] = counts.get(c.name, 0) + 1`) adds to it
  const mentionsTheDict = new RegExp(`(?<![\\w.])${dict.text.replace(/\./g, "\\.")}(?!\\w)`);
  if (mentionsTheDict.test(node.childForFieldName("right")?.text ?? "")) return false;
  const named =
    (key.type === "attribute" && key.childForFieldName("attribute")?.text === "name") ||
    (key.type === "subscript" && lastName(key) === "name");
  if (!named) return false;
  const owner = key.childForFieldName(key.type === "attribute" ? "object" : "value")!;
  let root = owner;
  while (root.type === "attribute" || root.type === "subscript")
    root = root.childForFieldName(root.type === "attribute" ? "object" : "value")!;
  let loop: Node | undefined;
  for (let p = node.parent; p && p.id !== scope.id && !loop; p = p.parent) if (p.type === "for_statement") loop = p;
  if (!loop || root.type !== "identifier") return false;
  const item = loop.childForFieldName("left")?.text;
  const overCalls = isToolCallList(lastName(loop.childForFieldName("right")!) ?? "");
  const throughACall = (text: string) => /(?:^|\.|\[["'])(?:item|function_?call|tool_?call|tool_?use)\b/i.test(text);
  const ofACall =
    (root.text === item && overCalls) ||
    throughACall(owner.text.slice(root.text.length)) ||
    (root.text !== item &&
      /function_?call|functionCall|tool_?call|tool_?use/i.test(assignedBefore(root, node)?.text ?? ""));
  if (!ofACall) return false;
  // made empty before the loop, read after it (asked once a loop and dict)
  const factKey = `keyed:${loop.id}:${dict.text}`;
  let kept = streamFacts.get(factKey);
  if (kept === undefined) {
    const made = assignedBefore(dict, loop);
    kept =
      !!made &&
      /^(?:\{\s*\}|dict\(\s*\))$/.test(made.text) &&
      mentionsTheDict.test(auditedText.slice(loop.endIndex, scope.endIndex));
    streamFacts.set(factKey, kept);
  }
  return kept;
}

/**
 * `collected = chunk.tool_calls` (or a comprehension over it) in a loop over a stream: each chunk that carries calls
 * replaces the list kept across the loop instead of adding to it, so a provider that streams calls in chunks of their
 * own leaves only the last chunk's. A stream loop: `async for`, or text glued from each chunk in it; the list is set
 * before the loop (or a field of self) and read after it. A list merged with what it held, set only once the stream is over (`if chunk.done:`) or while it is
 * empty, or added to a list in the loop loses nothing. Also `self.last_calls = chunk.tool_calls` in a handler of one
 * chunk (likely: the object outlives it). The confidence, or undefined.
 */
function replacedPerChunk(node: Node, scope: Node): "certain" | "likely" | undefined {
  const left = node.childForFieldName("left");
  let read = node.childForFieldName("right");
  if (!left || !read || shownBy(node)) return undefined;
  if (read.type === "list_comprehension") {
    const clause = read.namedChildren.find((c) => c?.type === "for_in_clause");
    read = clause?.childForFieldName("right") ?? read;
  }
  if (read.type === "boolean_operator") read = read.childForFieldName("left") ?? read;
  if ((read.type !== "attribute" && read.type !== "subscript") || !isToolCallList(lastName(read) ?? ""))
    return undefined;
  const ofSelf = left.type === "attribute" && left.childForFieldName("object")?.text === "self";
  if (left.type !== "identifier" && !ofSelf) return undefined;
  // (most such lines are in no stream loop and no chunk's handler: asked first, before any pattern is built)
  let inALoop = false;
  for (let p = node.parent; p && p.id !== scope.id && !inALoop; p = p.parent) inALoop = LOOP_TYPES.has(p.type);
  if (!inALoop && !ofSelf) return undefined;
  const mentioned = new RegExp(`(?<![\\w.])${left.text.replace(/\./g, "\\.")}(?!\\w)`);
  if (mentioned.test(read.text)) return undefined;
  let streamLoop: Node | undefined;
  let inLoop = false;
  for (let c: Node = node, p = node.parent; p && p.id !== scope.id; c = p, p = p.parent) {
    const governs =
      p.type === "elif_clause" || (p.type === "if_statement" && p.childForFieldName("consequence")?.id === c.id);
    // (set while it is empty, `if collected is None:`, it is the first chunk's, merged into after)
    const condition = governs ? (p.childForFieldName("condition")?.text ?? "") : "";
    // (or, inside the loop, a test of the item's kind, `hasattr(item, "tool_calls")`: the one item of its kind, the
    // assembled message)
    const kindTest = !inLoop && /\b(?:hasattr|isinstance)\(/.test(condition);
    if (ENDS_THE_STREAM.test(condition) || mentioned.test(condition) || kindTest) return undefined;
    if (LOOP_TYPES.has(p.type)) inLoop = true;
    if (LOOP_TYPES.has(p.type) && (isAsync(p) || gluesText(p))) streamLoop = p;
  }
  if (!streamLoop) {
    // a handler of one chunk (`def on_chunk(self, chunk)`), keeping the list in a field of self across calls
    const params = scope.childForFieldName("parameters")?.namedChildren ?? [];
    let root = read;
    while (root.type === "attribute" || root.type === "subscript")
      root = root.childForFieldName(root.type === "attribute" ? "object" : "value")!;
    const perChunk = params.some(
      (p) => p?.type === "identifier" && p.text === root.text && /chunk|event|delta/i.test(p.text),
    );
    return ofSelf && perChunk ? "likely" : undefined;
  }
  // a name kept across the loop: first set before it (`collected = None`); one first set in the loop is the chunk's own
  const first = assignmentsIn(scope).get(left.text)?.[0];
  if (!ofSelf && (!first || first.endIndex > streamLoop.startIndex)) return undefined;
  // (asked once a loop and name: many such lines in one loop read it once)
  const factKey = `replaced:${streamLoop.id}:${left.text}`;
  let kept = streamFacts.get(factKey);
  if (kept === undefined) {
    const name = left.text.replace(/\./g, "\\.");
    // merged, or kept in a list, in the loop; or never read after it
    const merged = new RegExp(
      `(?<![\\w.])${name}\\s*(?:\\+=|\\.(?:extend|append)\\()|(?:append|extend)\\(\\s*${name}\\b`,
    ).test(streamLoop.text);
    kept = !merged && mentioned.test(auditedText.slice(streamLoop.endIndex, scope.endIndex));
    streamFacts.set(factKey, kept);
  }
  return kept ? "certain" : undefined;
}
/** Does a loop glue text from each chunk (`text += chunk.content`, `out += delta["text"]`)? */
function gluesText(loop: Node): boolean {
  const key = `glues:${loop.id}`;
  let yes = streamFacts.get(key);
  if (yes === undefined)
    streamFacts.set(
      key,
      (yes = /\+=[^\n]{0,300}?(?:\.(?:content|text|delta|response)\b|\[["'](?:content|text|delta)["']\])/.test(
        loop.text,
      )),
    );
  return yes;
}

/** `start["toolUse"]`, `start.get("toolUse")`: a Bedrock content block start's tool use. */
const BEDROCK_TOOL_USE = /^[\w.]+(?:\[\s*["']toolUse["']\s*\]|\.get\(\s*["']toolUse["']\s*\))$/;

/**
 * After `tool_use = start["toolUse"]`, the first name of the same block given a field of it (`tool_id =
 * tool_use["toolUseId"]`) that `setBefore` says was set before the loop; or undefined.
 */
function fieldCopiedAcross(node: Node, slot: string, setBefore: (name: string) => boolean): string | undefined {
  const statement = node.parent?.type === "expression_statement" ? node.parent : node;
  const ofTheSlot = new RegExp(`^${slot}\\s*(?:\\[|\\.)`);
  for (let s = statement.nextNamedSibling; s; s = s.nextNamedSibling) {
    const set = s.type === "expression_statement" ? s.namedChild(0) : undefined;
    if (set?.type !== "assignment") continue;
    const name = set.childForFieldName("left");
    if (
      name?.type === "identifier" &&
      ofTheSlot.test(set.childForFieldName("right")?.text ?? "") &&
      setBefore(name.text)
    )
      return name.text;
  }
  return undefined;
}

/**
 * Is the stream's slot the only place its block is kept: the function reads no index to tell blocks apart, the slot
 * is not emptied inside `region` (the loop over the stream, or the handler called per event; nor, for a field of
 * self, by another handler), and it is added to a list only once the response is over?
 */
function keptAlone(slot: string, ofSelf: boolean, region: Node, scope: Node, root: Node, block = slot): boolean {
  let routed = indexReads.get(scope.id);
  if (routed === undefined) indexReads.set(scope.id, (routed = readsAnIndex(scope.text)));
  if (routed) return false;
  const emptied = (set: Node) => set.childForFieldName("right")?.text === "None";
  // emptied inside the loop, or the handler (`tool_block = None` once its call is handed on), or for a field of self
  // in another handler (not the constructor): one call at a time
  if (
    (assignmentsIn(scope).get(slot) ?? []).some(
      (set) => emptied(set) && contains(region, set) && !onceATurn(set, region) && !underTheEnd(set, region),
    )
  )
    return false;
  if (
    ofSelf &&
    (assignmentsIn(root).get(slot) ?? []).some(
      (set) =>
        emptied(set) && !contains(scope, set) && enclosingFunctionName(set) !== "__init__" && !underTheEnd(set, root),
    )
  )
    return false;
  // added to a list before the response is over (a field of self: anywhere in the file); a file adding more than a
  // bound of things to lists is read as keeping its slots (each slot would look at them all)
  const kept = keptBeforeTheEnd(ofSelf ? root : scope);
  if (kept.length > KEPT_LOOKED_AT) return false;
  // (the slot, or the block it was copied from)
  const mentions = new RegExp(`(?<![\\w.])(?:${slot.replace(/\./g, "\\.")}|${block.replace(/\./g, "\\.")})\\b`);
  return !kept.some((text) => mentions.test(text));
}

/** What a function (or the module) appends or extends to lists outside the tests that the response is over. */
function keptBeforeTheEnd(holder: Node): string[] {
  let found = keptTexts.get(holder.id);
  if (found) return found;
  found = [];
  for (const call of [...(callsIn(holder).get("append") ?? []), ...(callsIn(holder).get("extend") ?? [])])
    if (!underTheEnd(call, holder)) found.push(call.childForFieldName("arguments")?.text ?? "");
  keptTexts.set(holder.id, found);
  return found;
}
/** Past this many things added to lists, a file's stream slots count as kept (a bound on the work). */
const KEPT_LOOKED_AT = 1000;

/** Under a test, up to `outer`, that the response is over (or starts): what is done there is done once a turn. */
function underTheEnd(node: Node, outer: Node): boolean {
  for (let p = node.parent; p && p.id !== outer.id; p = p.parent)
    if (
      (p.type === "if_statement" || p.type === "elif_clause") &&
      (TESTS_THE_END.test(p.childForFieldName("condition")?.text ?? "") ||
        /message_?(?:start|delta)/i.test(p.childForFieldName("condition")?.text ?? ""))
    )
      return true;
  return false;
}

/** The name of the function a node is in, or "". */
function enclosingFunctionName(node: Node): string {
  for (let p = node.parent; p; p = p.parent)
    if (p.type === "function_definition") return p.childForFieldName("name")?.text ?? "";
  return "";
}

/** A name for one call: `tool_call`, `function_call`, `tool_use`, `current_call`. */
const ONE_CALL_SLOT = /(?:^|_)(?:tool_?call|tool_?use|function_?call|call)$/i;

/**
 * `tool_call.tool_calls[0]`: the calls of a thing named for one call (a message made for each call of a response,
 * `for tool_call in per_call_messages`): it holds that one call.
 */
function ownedByOneCall(list: Node): boolean {
  const owner = list.type === "attribute" ? list.childForFieldName("object") : undefined;
  return owner?.type === "identifier" && ONE_CALL_SLOT.test(owner.text);
}

/**
 * `for extra in calls[1:]: messages.append({"role": "tool", "tool_call_id": extra.id, "content": "Skipped"})`: every
 * call after the first answered with a message, none run (the body only adds messages or logs).
 */
function answersWithoutRunning(over: Node, body: Node): boolean {
  if (over.type !== "subscript" || !/^\s*1\s*:\s*$/.test(over.childForFieldName("subscript")?.text ?? "")) return false;
  if (!isToolCallList(lastName(over.childForFieldName("value")!) ?? "", true)) return false;
  let answers = false;
  for (const st of body.namedChildren) {
    if (!st || logs(st)) continue;
    const e = st.type === "expression_statement" ? st.namedChild(0) : null;
    if (e?.type !== "call" || !/\.(?:append|extend)$/.test(calleeOf(e))) return false;
    if (!/["']tool_call_id["']|\btool_call_id\s*=/.test(e.text)) return false;
    // a fixed answer: nothing called to make it (`"content": run(extra)` runs the call)
    for (const d of descendants(e.childForFieldName("arguments")!)) if (d.type === "call") return false;
    answers = true;
  }
  return answers;
}

/**
 * `[{"type": "tool_result", "tool_use_id": b["id"], "content": "Skipped"} for b in tool_blocks[1:]]`: each call after
 * the first answered with a fixed result, none run (the list named for calls, or a name given a list of tool blocks).
 */
function answersInAComprehension(node: Node, scope: Node): boolean {
  const clause = node.namedChildren.find((c) => c?.type === "for_in_clause");
  const over = clause?.childForFieldName("right");
  const element = node.namedChild(0);
  if (over?.type !== "subscript" || element?.type !== "dictionary") return false;
  if (!/^\s*1\s*:\s*$/.test(over.childForFieldName("subscript")?.text ?? "")) return false;
  const list = over.childForFieldName("value")!;
  const named = isToolCallList(lastName(list) ?? "", true);
  const filtered =
    !named &&
    list.type === "identifier" &&
    (assignmentsIn(scope).get(list.text) ?? []).some((a) => filtersToolCalls(a.childForFieldName("right") ?? a));
  if (!named && !filtered) return false;
  if (!/["'](?:tool_call_id|tool_use_id)["']/.test(element.text)) return false;
  // a fixed answer: nothing called to make it (`"content": run(b)` runs the call)
  for (const d of descendants(element)) if (d.type === "call") return false;
  return true;
}

/** Inside `if output.is_final_answer:` (the branches around it, up to its function): the call at hand ends the task. */
function underAFinish(node: Node): boolean {
  return inABranchWhere(node, testsAFinish);
}

/** Is `node` in the branch of an `if` or `elif` (up to its function) whose condition's text passes `holds`? */
function inABranchWhere(node: Node, holds: (condition: string) => boolean): boolean {
  for (let c: Node = node, p = node.parent; p && !FUNCTION.has(p.type); c = p, p = p.parent)
    if (
      (p.type === "if_statement" || p.type === "elif_clause") &&
      p.childForFieldName("consequence")?.id === c.id &&
      holds(p.childForFieldName("condition")?.text ?? "")
    )
      return true;
  return false;
}

/** `if block.type != "tool_use": continue`: every block but a tool block is skipped. */
function skipsAllButTools(ifNode: Node, item: string): boolean {
  const test = ifNode.childForFieldName("condition");
  const then = ifNode.childForFieldName("consequence");
  if (!test || !then || ifNode.namedChildren.some((c) => c?.type === "elif_clause" || c?.type === "else_clause"))
    return false;
  if (then.namedChildCount !== 1 || then.namedChild(0)?.type !== "continue_statement") return false;
  const m = /^(\w+)(?:\.type|\[["']type["']\])\s*!=\s*["']([\w-]+)["']$/.exec(test.text.trim());
  return !!m && m[1] === item && TOOL_BLOCK_TYPES.has(m[2]!);
}

/** Inside `if response_schema:` / `elif structured_output:`: the branch asks for one tool call as the answer. */
function inAStructuredOutputBranch(node: Node): boolean {
  return inABranchWhere(node, (condition) => STRUCTURED_BRANCH.test(condition));
}

/**
 * `for call in tool_calls: if call.function.name == "plan": run(json.loads(call.function.arguments)); return`: a
 * `return` or `break` reached after the loop read the call's arguments, so once such a call comes, the calls after
 * it are never run. Not a lookup (`return call`, `return call.id`, a test of the call's id on the way), nor an error
 * path (in an except clause, or a message returned as a string). The statement that leaves, or undefined.
 */
function runsThenLeaves(loop: Node): Node | undefined {
  const item = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (item?.type !== "identifier" || !body) return undefined;
  const name = item.text;
  // where the body has read the call, its arguments, and run something: an exit that ends past it leaves after a run
  const ran = ranBy(body.text, new RegExp(`\\b${name}\\b`));
  if (ran < 0) return undefined;
  const byId = new RegExp(`\\b${name}\\b[^=]*\\bid\\b|\\bcall_id\\b`);
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "return_statement" || n.type === "break_statement") {
      // up to the end of the exit: `return run(args)` runs the call in the statement that leaves
      if (n.endIndex - body.startIndex >= ran && leavesAfterRunning(n, body, name, byId)) return n;
      continue;
    }
    if (
      FUNCTION.has(n.type) ||
      LOOP_TYPES.has(n.type) ||
      n.type === "except_clause" ||
      !n.type.match(/statement|block|clause$/)
    )
      continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return undefined;
}

/** Does the exit leave the loop for good: not a lookup's, an answer's or a message's return, nor under a test of the call's id, of a finish or of a failure? */
function leavesAfterRunning(exit: Node, body: Node, item: string, byId: RegExp): boolean {
  const value = exit.namedChild(0);
  if (value) {
    const v = value.text;
    if (v === item || v.startsWith(`${item}.`) || v.startsWith(`${item}[`)) return false; // the call looked up
    // a message, or a yes/no answer (`return True`: the loop asks whether some call is there)
    if (/^(?:string|concatenated_string|true|false|none)$/.test(value.type) || /error/i.test(calleeOf(value)))
      return false;
  }
  // the branch records a failure before it leaves (`plan.mark_failed(...)`, `on_task_failed(...)`): an error path
  for (const st of exit.parent?.namedChildren ?? []) {
    if (!st || st.startIndex >= exit.startIndex || st.type !== "expression_statement") continue;
    const call = st.namedChild(0);
    if (call?.type === "call" && testsAFailure(calleeOf(call))) return false;
  }
  for (let p = exit.parent; p && p.id !== body.id; p = p.parent) {
    const test = p.type === "if_statement" || p.type === "elif_clause" ? p.childForFieldName("condition")?.text : "";
    // found by id; the tool that ends the task; an error path (the call failed or was canceled); or one call in all
    if (
      test &&
      (byId.test(test) ||
        namesAFinishTool(test) ||
        testsAHandoff(test) ||
        testsAFailure(test) ||
        testsForOneCall(test) ||
        (namesTheOneCallOption(test) && testsAModeOffByDefault(test, auditedText)))
    )
      return false;
  }
  return true;
}

/** `for block in content: if block.type == "tool_use": return run(block)`: the statement that leaves the loop. */
function toolBranchLeaves(loop: Node): Node | undefined {
  const item = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (item?.type !== "identifier" || !body) return undefined;
  // `if block.type != "tool_use": continue`, then the block is run and the loop left: the same, written the other way
  const statements = body.namedChildren.filter((c): c is Node => !!c);
  const skip = statements.findIndex((st) => st.type === "if_statement" && skipsAllButTools(st, item.text));
  if (skip >= 0) {
    const rest = statements.slice(skip + 1);
    const exit = rest.find((st) => LEAVE.test(st.type));
    if (exit && rest.some((st) => mentions(st, item.text))) return exit;
  }
  for (const s of body.namedChildren) {
    if (s?.type !== "if_statement") continue;
    const test = s.childForFieldName("condition");
    const then = s.childForFieldName("consequence");
    if (!test || !then || !testsOnlyToolType(test) || !mentions(test, item.text)) continue;
    if (leaves(then) && mentions(then, item.text))
      return then.namedChildren.find((c) => !!c && LEAVE.test(c.type)) ?? s;
  }
  return undefined;
}

function mentions(node: Node, name: string): boolean {
  for (const m of descendants(node))
    if (
      m.type === "identifier" &&
      m.text === name &&
      !(m.parent?.type === "attribute" && m.parent.childForFieldName("attribute")?.id === m.id)
    )
      return true;
  return false;
}

function flagIn(condition: Node): string | undefined {
  for (const n of descendants(condition)) if (n.type === "identifier" && isAlreadyUsedToolFlag(n.text)) return n.text;
  return undefined;
}

/** Not in a branch for another block type: `if block.type == "text":`, `case "text":`. */
function onToolPath(node: Node): boolean {
  for (let c: Node = node, p = node.parent; p && !FUNCTION.has(p.type); c = p, p = p.parent) {
    if ((p.type === "if_statement" || p.type === "elif_clause") && p.childForFieldName("consequence")?.id === c.id) {
      const m = /(?:\.type|\[["']type["']\])\s*==\s*["']([\w-]+)["']/.exec(
        p.childForFieldName("condition")?.text ?? "",
      );
      if (m && /^(text|reasoning|thinking|image)$/.test(m[1]!)) return false;
    }
    if (p.type === "case_clause" && /^case\s+["'](text|reasoning|thinking|image)["']/.test(p.text)) return false;
  }
  return true;
}

/** What the guard stops: a tool run after it, a tool result it writes, or the rest of a stream. */
function refusesACall(guard: Node, body: Node, scope: Node): boolean {
  for (let p = guard.parent; p && !FUNCTION.has(p.type); p = p.parent)
    if (p.type === "for_statement" && isAsync(p) && leaves(body)) return true;
  if (/tool_result|tool_use_id|not (?:been )?executed|one tool/i.test(body.text)) return true;
  for (const n of descendants(scope)) {
    if (n.startIndex < guard.endIndex || n.type !== "call") continue;
    if (runsATool(calleeOf(n))) return true;
  }
  return false;
}

interface Test {
  node: Node;
  negated: boolean;
}

/** The flag's `= True` assignments in the file, each with the tests of the ifs around it. */
function setsOf(root: Node, flag: string): Test[][] {
  const sets: Test[][] = [];
  for (const n of descendants(root)) {
    if (
      n.type !== "assignment" ||
      lastName(n.childForFieldName("left")!) !== flag ||
      n.childForFieldName("right")?.text !== "True"
    )
      continue;
    const tests: Test[] = [];
    for (let c: Node = n, p = n.parent; p && !FUNCTION.has(p.type); c = p, p = p.parent) {
      if (p.type === "if_statement" || p.type === "elif_clause") {
        const condition = p.childForFieldName("condition");
        if (condition && p.childForFieldName("consequence")?.id === c.id)
          tests.push({ node: condition, negated: false });
        else if (condition && p.type === "if_statement") tests.push({ node: condition, negated: true });
      }
    }
    sets.push(tests);
  }
  return sets;
}

/** `if not tool_call_id:`, `if invalid:`: a branch for a call that cannot run. */
function firesOnInvalid(test: Test): boolean {
  if (test.negated) return false;
  if (test.node.type === "not_operator" && /(?:^|_)id$/.test(lastName(test.node.namedChild(0)!) ?? "")) return true;
  return namesIn(test.node).some(namesAnInvalidCall);
}

function namesIn(node: Node): string[] {
  const names: string[] = [];
  for (const n of descendants(node)) if (n.type === "identifier" || n.type === "string_content") names.push(n.text);
  return names;
}

/** `if captured: log(...); continue` in a loop that later sets `captured`, set before the loop. */
function captureGuard(node: Node, scope: Node): boolean {
  const condition = node.childForFieldName("condition");
  const body = node.childForFieldName("consequence");
  if (!condition || !body || node.childrenForFieldName("alternative").length > 0) return false;
  const name =
    condition.type === "identifier"
      ? condition.text
      : condition.type === "comparison_operator" && /^\w+\s+is\s+not\s+None$/.test(condition.text)
        ? condition.namedChild(0)!.text
        : undefined;
  if (!name) return false;
  const statements = body.namedChildren.filter((s) => s && s.type !== "comment");
  const last = statements[statements.length - 1];
  if (
    !last ||
    (!/^(continue|break)_statement$/.test(last.type) &&
      !(last.type === "return_statement" && last.namedChildCount === 0))
  )
    return false;
  const logs = statements.slice(0, -1);
  if (
    !logs.every((s) => {
      const e = s!.type === "expression_statement" ? s!.namedChild(0) : null;
      return e?.type === "call" && isLogCall(calleeOf(e));
    })
  )
    return false;
  let loop = node.parent;
  while (loop && loop.type !== "for_statement" && loop.type !== "while_statement" && !FUNCTION.has(loop.type))
    loop = loop.parent;
  if (!loop || FUNCTION.has(loop.type)) return false;
  const over = loop.childForFieldName("right") ?? loop.childForFieldName("condition");
  // a loop over the calls, a stream, or over a response's blocks in the branch for a tool block
  // (`for block in response.content: if block.type == "tool_use": if command is not None: ...; continue`)
  let inToolBranch = false;
  for (let p = node.parent; p && p.id !== loop.id; p = p.parent)
    if (
      (p.type === "if_statement" || p.type === "elif_clause") &&
      TYPE_COMPARED.test(p.childForFieldName("condition")?.text ?? "")
    )
      inToolBranch = true;
  if (!(
    isAsync(loop) ||
    isToolCallList(lastName(over!) ?? "") ||
    /tool_?call|tool_?use/i.test(over?.text ?? "") ||
    inToolBranch
  ))
    return false;
  // a call kept there, or a flag that a call was handled, in a loop over the calls or named for them; not any state
  // of a stream (`seen = True`)
  const flagCounts = isToolCallList(lastName(over!) ?? "") || /tool|call/i.test(name);
  let setInLoop = false;
  for (const m of descendants(loop))
    if (
      m.type === "assignment" &&
      m.startIndex > node.endIndex &&
      m.childForFieldName("left")?.text === name &&
      (flagCounts || !/^(?:true|false|none|integer|float|string)$/.test(m.childForFieldName("right")?.type ?? ""))
    )
      setInLoop = true;
  let setBefore = false;
  for (const m of descendants(scope))
    if (m.type === "assignment" && m.endIndex <= loop.startIndex && m.childForFieldName("left")?.text === name)
      setBefore = true;
  return setInLoop && setBefore;
}

function* descendants(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    // namedChildren in one call: namedChild(i) counts from the first child each time.
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i]!);
  }
}
