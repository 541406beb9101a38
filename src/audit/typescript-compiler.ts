// Audit for TypeScript and JavaScript: walks a parsed file for the patterns of patterns.ts.
import type { ts as tsNamespace } from "ts-morph";
import { FIND_LOST, isAlreadyUsedToolFlag, isToolCallList, TOOL_BLOCK_TYPES, type RawFinding } from "./patterns";

type TS = typeof tsNamespace;
type Node = tsNamespace.Node;

export function auditTypeScript(ts: TS, sf: tsNamespace.SourceFile): RawFinding[] {
  const findings: RawFinding[] = [];
  const at = (node: Node) => node.getStart(sf);

  /** `toolCalls[0]`, `msg.tool_calls?.[0]`: the list expression, or undefined. */
  const firstOfList = (expr: tsNamespace.Expression, bareCalls = false): tsNamespace.Expression | undefined => {
    let e = expr;
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (!ts.isElementAccessExpression(e)) return undefined;
    if (!ts.isNumericLiteral(e.argumentExpression) || e.argumentExpression.text !== "0") return undefined;
    const name = lastName(e.expression);
    return name && isToolCallList(name, bareCalls) ? e.expression : undefined;
  };

  const lastName = (expr: tsNamespace.Expression): string | undefined => {
    let e = expr;
    while (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e)) return e.name.text;
    if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
    return undefined;
  };

  /**
   * Does the function around `node` look past the first element of `list`: a loop, map, spread, another index, a
   * count other than "not empty" (`calls.length !== 1` then `calls[0]` is the only call by construction), or the
   * list handed to another function? Each function is read once, for every list it uses whole (as in
   * typescript-oxc.ts).
   */
  const wholeLists = new Map<Node, Set<string>>();
  const key = (e: Node) => e.getText(sf).replace(/[?!]/g, "");
  const usesWholeList = (node: Node, list: tsNamespace.Expression): boolean => {
    let fn: Node = node;
    while (fn.parent && !ts.isFunctionLike(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
    let lists = wholeLists.get(fn);
    if (!lists) wholeLists.set(fn, (lists = listsUsedWhole(fn)));
    return lists.has(key(list));
  };

  const listsUsedWhole = (fn: Node): Set<string> => {
    const whole = new Set<string>();
    const visit = (n: Node): void => {
      if (ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isSpreadElement(n)) whole.add(key(n.expression));
      else if (ts.isPropertyAccessExpression(n)) {
        if (n.name.text === "length" ? !isEmptinessTest(n) : /^(map|forEach|filter|reduce|flatMap|some|every|slice|entries|values|find|findLast|at)$/.test(n.name.text)) {
          whole.add(key(n.expression));
        }
      } else if (ts.isElementAccessExpression(n)) {
        const index = n.argumentExpression;
        if (!ts.isNumericLiteral(index) || index.text !== "0") whole.add(key(n.expression));
      } else if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        for (const arg of n.arguments ?? []) whole.add(key(arg));
      }
      ts.forEachChild(n, visit);
    };
    visit(fn);
    return whole;
  };

  /** `if (calls.length)`, `!calls.length`, `calls.length > 0`, `calls.length === 0`: only "is it empty?". */
  const isEmptinessTest = (lengthAccess: Node): boolean => {
    const parent = lengthAccess.parent;
    if (ts.isIfStatement(parent) || ts.isPrefixUnaryExpression(parent) || ts.isConditionalExpression(parent)) return true;
    if (!ts.isBinaryExpression(parent)) return false;
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) return true;
    const other = parent.left === lengthAccess ? parent.right : parent.left;
    return ts.isNumericLiteral(other) && other.text === "0";
  };

  /** A find() whose result is only tested (`if (content.find(...))`, `!x.find(...)`, `a && x.find(...)`). */
  const onlyTested = (call: Node): boolean => {
    let n = call;
    while (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
    const parent = n.parent;
    if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isPrefixUnaryExpression(parent)) return true;
    if (ts.isConditionalExpression(parent)) return parent.condition === n;
    if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      return op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken;
    }
    return false;
  };

  const visit = (node: Node): void => {
    // return toolCalls[0]  /  return [toolCalls[0], null]
    if (ts.isReturnStatement(node) && node.expression) {
      const e = node.expression;
      const first = ts.isArrayLiteralExpression(e) && e.elements.length > 0 ? e.elements[0]! : e;
      const list = firstOfList(first);
      if (list && !usesWholeList(node, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: at(node) });
    }
    // toolCalls = [toolCalls[0]]  /  toolCalls = toolCalls.slice(0, 1)
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = lastName(node.left);
      if (target && isToolCallList(target, true) && truncatesToFirst(node.right)) findings.push({ rule: "truncate-to-first", confidence: "certain", start: at(node) });
    }
    // const call = message.tool_calls?.[0]
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const list = firstOfList(node.initializer);
      if (list && !usesWholeList(node, list)) findings.push({ rule: "first-call-only", confidence: "certain", start: at(node.initializer) });
      const target = ts.isIdentifier(node.name) ? node.name.text : undefined;
      if (target && isToolCallList(target, true) && truncatesToFirst(node.initializer)) findings.push({ rule: "truncate-to-first", confidence: "certain", start: at(node) });
    }
    // content.find(b => b.type === "tool_use")
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "find") {
      const callback = node.arguments[0];
      if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && comparesTypeToToolBlock(callback) && !onlyTested(node)) {
        findings.push({ rule: "first-call-only", confidence: "certain", lost: FIND_LOST, start: at(node) });
      }
    }
    // for (const call of toolCalls) { ...; break }
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && isToolCallList(lastName(node.expression) ?? "")) {
      if (endsUnconditionally(node.statement)) findings.push({ rule: "loop-exits-after-first", confidence: "certain", start: at(node) });
    }
    // if (this.didAlreadyUseTool) { ... }
    if (ts.isIfStatement(node) && mentionsAlreadyUsedTool(node.expression) && refuses(node.thenStatement)) {
      findings.push({ rule: "one-tool-per-turn-guard", confidence: "certain", start: at(node) });
    }
    ts.forEachChild(node, visit);
  };

  const truncatesToFirst = (expr: tsNamespace.Expression): boolean => {
    if (ts.isArrayLiteralExpression(expr) && expr.elements.length === 1) return firstOfList(expr.elements[0]!, true) !== undefined;
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "slice") {
      const [from, to] = expr.arguments;
      return !!from && !!to && ts.isNumericLiteral(from) && from.text === "0" && ts.isNumericLiteral(to) && to.text === "1";
    }
    return false;
  };

  const comparesTypeToToolBlock = (fn: tsNamespace.ArrowFunction | tsNamespace.FunctionExpression): boolean => {
    let found = false;
    const visitBody = (n: Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
        const sides = [n.left, n.right];
        const literal = sides.find((s): s is tsNamespace.StringLiteral => ts.isStringLiteralLike(s));
        const typeRead = sides.find((s) => ts.isPropertyAccessExpression(s) && s.name.text === "type");
        if (literal && typeRead && TOOL_BLOCK_TYPES.has(literal.text)) found = true;
      }
      ts.forEachChild(n, visitBody);
    };
    visitBody(fn.body);
    return found;
  };

  /** The loop body's last top-level statement is a break or return: the loop runs once. */
  const endsUnconditionally = (body: tsNamespace.Statement): boolean => {
    const last = ts.isBlock(body) ? body.statements[body.statements.length - 1] : body;
    return !!last && (ts.isBreakStatement(last) || ts.isReturnStatement(last)) && !(ts.isBreakStatement(last) && last.label);
  };

  const mentionsAlreadyUsedTool = (expr: tsNamespace.Expression): boolean => {
    let found = false;
    const visitExpr = (n: Node): void => {
      if (found) return;
      if (ts.isIdentifier(n) && isAlreadyUsedToolFlag(n.text)) found = true;
      ts.forEachChild(n, visitExpr);
    };
    visitExpr(expr);
    return found;
  };

  /** The guarded branch gives up on the call: return, continue, break, throw. */
  const refuses = (stmt: tsNamespace.Statement): boolean => {
    const statements = ts.isBlock(stmt) ? stmt.statements : [stmt];
    return statements.some((s) => ts.isReturnStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s) || ts.isThrowStatement(s));
  };

  visit(sf);
  return findings;
}
