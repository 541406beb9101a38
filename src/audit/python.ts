// Audit for Python: walks a tree-sitter tree for the patterns of patterns.ts.
import type { Node } from "web-tree-sitter";
import { eachNodeOfTypeInScope } from "../languages/tree-sitter/tree-walk";
import { NEXT_LOST, isAlreadyUsedToolFlag, isToolCallList, TOOL_BLOCK_TYPES, type RawFinding } from "./patterns";

const FUNCTION = new Set(["function_definition", "lambda"]);

const AUDITED = new Set(["return_statement", "assignment", "call", "for_statement", "if_statement"]);

export function auditPython(root: Node): RawFinding[] {
  const findings: RawFinding[] = [];
  const wholeLists = new Map<number, Set<string>>();
  const usesWholeList = (scope: Node, list: Node): boolean => {
    let lists = wholeLists.get(scope.id);
    if (!lists) wholeLists.set(scope.id, (lists = listsUsedWhole(scope)));
    return lists.has(list.text);
  };
  eachNodeOfTypeInScope(root, AUDITED, FUNCTION, (node, scope) => {
    switch (node.type) {
      case "return_statement": {
        // return tool_calls[0], None, None
        const value = node.namedChild(0);
        const first = value && (value.type === "expression_list" || value.type === "tuple") ? value.namedChild(0) : value;
        const list = first && firstOfList(first);
        if (list && !usesWholeList(scope, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: node.startIndex });
        break;
      }
      case "assignment": {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (!left || !right) break;
        // calls = [calls[0]]
        if (isToolCallList(lastName(left) ?? "", true) && truncatesToFirst(right)) {
          findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.startIndex });
          break;
        }
        // only = reply.choices[0].message.tool_calls[0]
        const list = firstOfList(right);
        if (list && !usesWholeList(scope, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: right.startIndex });
        break;
      }
      case "call": {
        // next(b for b in content if b.type == "tool_use")
        const fn = node.childForFieldName("function");
        const args = node.childForFieldName("arguments");
        if (fn?.text === "next" && args?.type === "generator_expression" && comparesToToolBlock(args)) {
          findings.push({ rule: "first-call-only", confidence: "certain", lost: NEXT_LOST, start: node.startIndex });
        }
        break;
      }
      case "for_statement": {
        const over = node.childForFieldName("right");
        const body = node.childForFieldName("body");
        if (over && body && isToolCallList(lastName(over) ?? "") && endsUnconditionally(body)) {
          findings.push({ rule: "loop-exits-after-first", confidence: "certain", start: node.startIndex });
        }
        break;
      }
      case "if_statement": {
        const condition = node.childForFieldName("condition");
        const body = node.childForFieldName("consequence");
        if (condition && body && mentionsAlreadyUsedTool(condition) && refuses(body)) {
          findings.push({ rule: "one-tool-per-turn-guard", confidence: "certain", start: node.startIndex });
        }
        break;
      }
    }
  });
  return findings;
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

function lastName(node: Node): string | undefined {
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text;
  return undefined;
}

/** `tool_calls[0]`: the list node, or undefined. */
function firstOfList(node: Node, bareCalls = false): Node | undefined {
  if (node.type !== "subscript") return undefined;
  const index = node.childForFieldName("subscript");
  const list = node.childForFieldName("value");
  if (!index || index.type !== "integer" || index.text !== "0" || !list) return undefined;
  return isToolCallList(lastName(list) ?? "", bareCalls) ? list : undefined;
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
 * The lists a function (or the module) looks past the first element of: a loop, comprehension, len() test, another
 * index, or the list passed on. Read once per function, for every list in it: reading the function again for each
 * `calls[0]` made a module of 60,000 of them take minutes.
 */
function listsUsedWhole(scope: Node): Set<string> {
  const whole = new Set<string>();
  const stack: Array<[Node, Node | undefined]> = [[scope, undefined]];
  while (stack.length) {
    const [n, parent] = stack.pop()!;
    if (n.type === "for_statement" || n.type === "for_in_clause") {
      const over = n.childForFieldName("right");
      if (over) whole.add(over.text);
    } else if (n.type === "subscript") {
      const list = n.childForFieldName("value");
      const index = n.childForFieldName("subscript");
      if (list && (!index || index.text !== "0")) whole.add(list.text);
    } else if (n.type === "argument_list") {
      if (parent?.childForFieldName("function")?.text !== "len") for (const a of n.namedChildren) if (a) whole.add(a.text);
    } else if (n.type === "call" && n.childForFieldName("function")?.text === "len") {
      // len(calls) == 1 guards a single call; a bare `if len(calls):` only asks "is it empty?".
      const arg = n.childForFieldName("arguments")?.namedChild(0);
      if (arg && parent?.type === "comparison_operator" && !/[=!<>]=?\s*0\s*$|^\s*0\s*[=!<>]/.test(parent.text.replace(n.text, ""))) whole.add(arg.text);
    }
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push([children[i]!, n]);
  }
  return whole;
}

function comparesToToolBlock(generator: Node): boolean {
  for (const n of descendants(generator)) {
    if (n.type !== "comparison_operator") continue;
    const strings = n.namedChildren.filter((c) => c?.type === "string");
    if (strings.some((s) => TOOL_BLOCK_TYPES.has(s!.text.slice(1, -1))) && /\.type\b|\[["']type["']\]|get\(["']type["']\)/.test(n.text)) return true;
  }
  return false;
}

function endsUnconditionally(body: Node): boolean {
  const last = body.namedChild(body.namedChildCount - 1);
  return !!last && (last.type === "break_statement" || last.type === "return_statement");
}

function mentionsAlreadyUsedTool(condition: Node): boolean {
  for (const n of descendants(condition)) if (n.type === "identifier" && isAlreadyUsedToolFlag(n.text)) return true;
  return false;
}

function refuses(body: Node): boolean {
  return body.namedChildren.some((s) => s !== null && /^(return|continue|break|raise)_statement$/.test(s.type));
}
