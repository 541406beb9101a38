// Audit for TypeScript and JavaScript on oxc-parser's ESTree tree: the patterns of patterns.ts, as
// typescript-compiler.ts finds them on TypeScript's tree (a test holds the two to the same findings).
import { isFunctionLike, isZero, staticText, walk, type EsNode, type Keys } from "../languages/estree/walk";
import { FIND_LOST, isAlreadyUsedToolFlag, isToolCallList, TOOL_BLOCK_TYPES, type RawFinding } from "./patterns";

/** Parents must be set: the finder's walk (estree.ts) sets them before the audit runs. */
export function auditEstree(program: EsNode, text: string, keys: Keys): RawFinding[] {
  const findings: RawFinding[] = [];
  const source = (node: EsNode) => text.slice(node.start, node.end);

  /** `toolCalls[0]`, `msg.tool_calls?.[0]`: the list expression, or undefined. */
  const firstOfList = (expr: EsNode | null | undefined, bareCalls = false): EsNode | undefined => {
    if (!expr) return undefined;
    let e = expr;
    while (e.type === "ParenthesizedExpression" || e.type === "TSNonNullExpression" || e.type === "TSAsExpression" || e.type === "ChainExpression") e = e.expression;
    if (e.type !== "MemberExpression" || !e.computed || !isZero(e.property)) return undefined;
    const name = lastName(e.object);
    return name && isToolCallList(name, bareCalls) ? e.object : undefined;
  };

  const lastName = (expr: EsNode): string | undefined => {
    let e = expr;
    while (e.type === "TSNonNullExpression" || e.type === "ParenthesizedExpression") e = e.expression;
    if (e.type === "Identifier") return e.name;
    if (e.type === "MemberExpression") {
      if (!e.computed) return e.property.name;
      return isStringLike(e.property) ? staticText(e.property) : undefined;
    }
    return undefined;
  };

  /**
   * Does the function around `node` look past the first element of `list`: a loop, map, spread, another index, a
   * count other than "not empty" (`calls.length !== 1` then `calls[0]` is the only call by construction), or the
   * list handed to another function? Each function is read once, for every list it uses whole: reading it again for
   * each `calls[0]` in it made a file of 60,000 of them take minutes.
   */
  const wholeLists = new Map<EsNode, Set<string>>();
  const key = (e: EsNode) => source(e).replace(/[?!]/g, "");
  const usesWholeList = (node: EsNode, list: EsNode): boolean => {
    let fn: EsNode = node;
    while (fn.parent && !isFunctionLike(fn) && fn.type !== "Program") fn = fn.parent;
    let lists = wholeLists.get(fn);
    if (!lists) wholeLists.set(fn, (lists = listsUsedWhole(fn)));
    return lists.has(key(list));
  };

  const listsUsedWhole = (fn: EsNode): Set<string> => {
    const whole = new Set<string>();
    walk(fn, keys, (n) => {
      if (n.type === "ForOfStatement" || n.type === "ForInStatement") whole.add(key(n.right));
      else if (n.type === "SpreadElement") whole.add(key(n.argument));
      else if (n.type === "MemberExpression" && !n.computed) {
        if (n.property.name === "length" ? !isEmptinessTest(n) : /^(map|forEach|filter|reduce|flatMap|some|every|slice|entries|values|find|findLast|at)$/.test(n.property.name)) {
          whole.add(key(n.object));
        }
      } else if (n.type === "MemberExpression" && n.computed) {
        if (!isZero(n.property)) whole.add(key(n.object));
      } else if (n.type === "CallExpression" || n.type === "NewExpression") {
        for (const arg of n.arguments as EsNode[]) whole.add(key(arg));
      }
      return undefined;
    });
    return whole;
  };

  /** `if (calls.length)`, `!calls.length`, `calls.length > 0`, `calls.length === 0`: only "is it empty?". */
  const isEmptinessTest = (lengthAccess: EsNode): boolean => {
    let n = lengthAccess;
    while (n.parent?.type === "ChainExpression") n = n.parent;
    const parent = n.parent!;
    if (parent.type === "IfStatement" || parent.type === "ConditionalExpression" || isPrefixOperator(parent)) return true;
    if (parent.type === "LogicalExpression") return parent.operator === "&&" || parent.operator === "||";
    if (parent.type !== "BinaryExpression") return false;
    const other = parent.left === n ? parent.right : parent.left;
    return isZero(other);
  };

  /** A find() whose result is only tested (`if (content.find(...))`, `!x.find(...)`, `a && x.find(...)`). */
  const onlyTested = (call: EsNode): boolean => {
    let n = call;
    while (n.parent && (n.parent.type === "ParenthesizedExpression" || n.parent.type === "TSNonNullExpression" || n.parent.type === "ChainExpression")) n = n.parent;
    const parent = n.parent!;
    if (parent.type === "IfStatement" || parent.type === "WhileStatement" || isPrefixOperator(parent)) return true;
    if (parent.type === "ConditionalExpression") return parent.test === n;
    if (parent.type === "LogicalExpression") return parent.operator === "&&" || parent.operator === "||";
    if (parent.type === "BinaryExpression") return parent.operator === "!==" || parent.operator === "===";
    return false;
  };

  const truncatesToFirst = (expr: EsNode): boolean => {
    const e = expr.type === "ChainExpression" ? expr.expression : expr;
    if (e.type === "ArrayExpression" && e.elements.length === 1) return firstOfList(e.elements[0], true) !== undefined;
    if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && !e.callee.computed && e.callee.property.name === "slice") {
      const [from, to] = e.arguments as EsNode[];
      return isZero(from) && !!to && to.type === "Literal" && to.value === 1;
    }
    return false;
  };

  const comparesTypeToToolBlock = (fn: EsNode): boolean => {
    let found = false;
    walk(fn.body, keys, (n) => {
      if (found) return false;
      if (n.type === "BinaryExpression" && (n.operator === "===" || n.operator === "==")) {
        const sides = [n.left, n.right].map((s: EsNode) => (s.type === "ChainExpression" ? s.expression : s));
        const literal = sides.find(isStringLike);
        const typeRead = sides.find((s) => s.type === "MemberExpression" && !s.computed && s.property.name === "type");
        if (literal && typeRead && TOOL_BLOCK_TYPES.has(staticText(literal) ?? "")) found = true;
      }
      return undefined;
    });
    return found;
  };

  /** The loop body's last top-level statement is a break or return: the loop runs once. */
  const endsUnconditionally = (body: EsNode): boolean => {
    const last = body.type === "BlockStatement" ? body.body[body.body.length - 1] : body;
    return !!last && ((last.type === "BreakStatement" && !last.label) || last.type === "ReturnStatement");
  };

  const mentionsAlreadyUsedTool = (expr: EsNode): boolean => {
    let found = false;
    walk(expr, keys, (n) => {
      if (found) return false;
      if (n.type === "Identifier" && isAlreadyUsedToolFlag(n.name)) found = true;
      return undefined;
    });
    return found;
  };

  /** The guarded branch gives up on the call: return, continue, break, throw. */
  const refuses = (stmt: EsNode): boolean => {
    const statements: EsNode[] = stmt.type === "BlockStatement" ? stmt.body : [stmt];
    return statements.some((s) => s.type === "ReturnStatement" || s.type === "ContinueStatement" || s.type === "BreakStatement" || s.type === "ThrowStatement");
  };

  walk(program, keys, (node) => {
    switch (node.type) {
      case "ReturnStatement": {
        // return toolCalls[0]  /  return [toolCalls[0], null]
        const e = node.argument as EsNode | null;
        if (!e) break;
        const first = e.type === "ArrayExpression" && e.elements.length > 0 ? e.elements[0] : e;
        const list = firstOfList(first);
        if (list && !usesWholeList(node, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: node.start });
        break;
      }
      case "AssignmentExpression": {
        // toolCalls = [toolCalls[0]]  /  toolCalls = toolCalls.slice(0, 1)
        if (node.operator !== "=") break;
        const target = lastName(node.left);
        if (target && isToolCallList(target, true) && truncatesToFirst(node.right)) findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.start });
        break;
      }
      case "VariableDeclarator": {
        // const call = message.tool_calls?.[0]
        if (!node.init) break;
        const list = firstOfList(node.init);
        if (list && !usesWholeList(node, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: node.init.start });
        const target = node.id.type === "Identifier" ? (node.id.name as string) : undefined;
        if (target && isToolCallList(target, true) && truncatesToFirst(node.init)) findings.push({ rule: "truncate-to-first", confidence: "certain", start: node.start });
        break;
      }
      case "CallExpression": {
        // content.find(b => b.type === "tool_use")
        const callee = node.callee as EsNode;
        if (callee.type !== "MemberExpression" || callee.computed || callee.property.name !== "find") break;
        const callback = node.arguments[0] as EsNode | undefined;
        if (callback && (callback.type === "ArrowFunctionExpression" || callback.type === "FunctionExpression") && comparesTypeToToolBlock(callback) && !onlyTested(node)) {
          findings.push({ rule: "first-call-only", confidence: "certain", lost: FIND_LOST, start: node.start });
        }
        break;
      }
      case "ForOfStatement":
      case "ForInStatement":
        // for (const call of toolCalls) { ...; break }
        if (isToolCallList(lastName(node.right) ?? "") && endsUnconditionally(node.body)) findings.push({ rule: "loop-exits-after-first", confidence: "certain", start: node.start });
        break;
      case "IfStatement":
        // if (this.didAlreadyUseTool) { ... }
        if (mentionsAlreadyUsedTool(node.test) && refuses(node.consequent)) findings.push({ rule: "one-tool-per-turn-guard", confidence: "certain", start: node.start });
        break;
    }
    return undefined;
  });
  return findings;
}

/** A string literal or a template without substitutions. */
function isStringLike(node: EsNode | null | undefined): node is EsNode {
  return !!node && ((node.type === "Literal" && typeof node.value === "string") || (node.type === "TemplateLiteral" && node.expressions.length === 0));
}

/** TypeScript's prefix unary operators (typeof, void and delete are kinds of their own there). */
function isPrefixOperator(node: EsNode): boolean {
  return (node.type === "UnaryExpression" && (node.operator === "!" || node.operator === "-" || node.operator === "+" || node.operator === "~")) || (node.type === "UpdateExpression" && node.prefix);
}
