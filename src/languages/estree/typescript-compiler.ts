// TypeScript and JavaScript with the TypeScript compiler's parser (the copy ts-morph bundles, loaded by compiler.ts):
// text -> raw sites. The fallback where oxc-parser's native binding does not load, and the second opinion the
// tests hold typescript-oxc.ts to. Offsets are UTF-16 indices into the text given.
import type { ts as tsNamespace } from "ts-morph";
import { auditTypeScript } from "../../audit/typescript-compiler";
import { readFlagName, type ExtraFlagNames } from "../../catalog";
import { loadCompiler } from "./compiler";
import type { Analysis, MarkerPlace, Range, RawSite } from "../../model";
import { beginsLine, lineStartOf } from "../../text";

type TS = typeof tsNamespace;
type Node = tsNamespace.Node;

let loaded: TS | undefined;
/** Loading the compiler costs 60 to 150 ms (compiler.ts), so it happens on the first candidate file, never at start-up. */
function compiler(): TS {
  loaded ??= loadCompiler().ts;
  return loaded;
}

function scriptKind(ts: TS, path: string): tsNamespace.ScriptKind {
  const ext = path.slice(path.lastIndexOf(".")).toLowerCase();
  if (ext === ".tsx") return ts.ScriptKind.TSX;
  if (ext === ".ts" || ext === ".mts" || ext === ".cts") return ts.ScriptKind.TS;
  return ts.ScriptKind.JSX; // .js files often hold JSX; the JSX grammar is a superset for plain JS
}

export function analyzeWithCompiler(text: string, path: string, audit: boolean, comments = false, extraFlags?: ExtraFlagNames): Analysis {
  const ts = compiler();
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(ts, path));
  const analysis = new Finder(ts, sf, text, extraFlags).run();
  if (comments) analysis.comments = commentTokens(ts, sf, text);
  if (audit && analysis.problems.length === 0) analysis.findings = auditTypeScript(ts, sf);
  return analysis;
}

/**
 * Every comment token of the file, in order. The compiler keeps comments as trivia before each token, so the walk
 * visits every token (getChildren builds them) and reads the comments of its leading trivia. JSX text is text, not
 * trivia, and a JSDoc node's own tokens lie inside a comment: neither is read.
 */
function commentTokens(ts: TS, sf: tsNamespace.SourceFile, text: string): Range[] {
  const found: Range[] = [];
  let last = -1;
  const visit = (node: Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (node.kind === ts.SyntaxKind.JsxText || node.kind === ts.SyntaxKind.JsxTextAllWhiteSpaces) return;
    // A token's children are at most the JSDoc it carries (the end-of-file token's, say): its trivia holds that too.
    const children = ts.isToken(node) ? [] : node.getChildren(sf);
    if (children.length > 0) {
      for (const child of children) visit(child);
      return;
    }
    // The compiler splits trivia at its first line break: comments before it trail the token before, the rest lead
    // this one. Both are asked for, and an empty node (which shares its trivia with the token after it) adds none twice.
    const trailing = ts.getTrailingCommentRanges(text, node.pos) ?? [];
    const leading = ts.getLeadingCommentRanges(text, node.pos) ?? [];
    for (const c of [...trailing, ...leading]) {
      if (c.pos > last) found.push({ start: c.pos, end: c.end });
      last = Math.max(last, c.pos);
    }
  };
  visit(sf);
  return found;
}

class Finder {
  private readonly sites: RawSite[] = [];
  constructor(
    private readonly ts: TS,
    private readonly sf: tsNamespace.SourceFile,
    private readonly text: string,
    private readonly extraFlags?: ExtraFlagNames,
  ) {}

  run(): Analysis {
    const ts = this.ts;
    const visit = (node: Node): void => {
      this.inspect(node);
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
    const diagnostics = (this.sf as unknown as { parseDiagnostics?: tsNamespace.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    const problems = diagnostics.map((d) => {
      const { line, character } = this.sf.getLineAndCharacterOfPosition(d.start);
      return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, " ") };
    });
    return { sites: this.sites, comments: [], problems };
  }

  private inspect(node: Node): void {
    const ts = this.ts;
    switch (node.kind) {
      case ts.SyntaxKind.PropertyAssignment: {
        const n = node as tsNamespace.PropertyAssignment;
        return this.site(this.propertyName(n.name), "property", n.initializer, n);
      }
      case ts.SyntaxKind.BinaryExpression: {
        const n = node as tsNamespace.BinaryExpression;
        const op = n.operatorToken.kind;
        const assigns =
          op === ts.SyntaxKind.EqualsToken ||
          op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
          op === ts.SyntaxKind.BarBarEqualsToken;
        if (!assigns) return;
        const anchor = ts.isExpressionStatement(n.parent) ? n.parent : n;
        return this.site(this.targetName(n.left), "assignment", n.right, anchor, op !== ts.SyntaxKind.EqualsToken);
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const n = node as tsNamespace.VariableDeclaration;
        if (!n.initializer || !ts.isIdentifier(n.name)) return;
        const list = n.parent;
        const statement = ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent) ? list.parent : n;
        return this.site(n.name.text, "variable", n.initializer, statement);
      }
      case ts.SyntaxKind.Parameter: {
        const n = node as tsNamespace.ParameterDeclaration;
        if (!n.initializer || !ts.isIdentifier(n.name)) return;
        return this.site(n.name.text, "parameter", n.initializer, n);
      }
      case ts.SyntaxKind.BindingElement: {
        const n = node as tsNamespace.BindingElement;
        if (!n.initializer) return;
        const name = n.propertyName ? this.propertyName(n.propertyName) : ts.isIdentifier(n.name) ? n.name.text : undefined;
        return this.site(name, "destructuring-default", n.initializer, n);
      }
      case ts.SyntaxKind.PropertyDeclaration: {
        const n = node as tsNamespace.PropertyDeclaration;
        if (n.initializer) return this.site(this.propertyName(n.name), "field", n.initializer, n);
        if (n.type) return this.typeSite(this.propertyName(n.name), n.type, n);
        return;
      }
      case ts.SyntaxKind.PropertySignature: {
        const n = node as tsNamespace.PropertySignature;
        if (n.type) return this.typeSite(this.propertyName(n.name), n.type, n);
        return;
      }
      case ts.SyntaxKind.JsxAttribute: {
        const n = node as tsNamespace.JsxAttribute;
        const init = n.initializer;
        if (!init || !ts.isJsxExpression(init) || !init.expression) return;
        return this.site(n.name.getText(this.sf), "jsx-attribute", init.expression, n, false, true);
      }
    }
  }

  private propertyName(name: tsNamespace.PropertyName | tsNamespace.BindingName): string | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
    return undefined;
  }

  /** `body.parallel_tool_calls`, `params["parallel_tool_calls"]`, `parallelToolCallsEnabled`. */
  private targetName(left: tsNamespace.Expression): string | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
    if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) return left.argumentExpression.text;
    return undefined;
  }

  private peel(expr: tsNamespace.Expression): tsNamespace.Expression {
    const ts = this.ts;
    for (;;) {
      if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isNonNullExpression(expr)) {
        expr = expr.expression;
      } else return expr;
    }
  }

  private booleanLiteral(expr: tsNamespace.Expression): RawSite["literal"] | undefined {
    const ts = this.ts;
    const e = this.peel(expr);
    if (e.kind !== ts.SyntaxKind.TrueKeyword && e.kind !== ts.SyntaxKind.FalseKeyword) return undefined;
    const start = e.getStart(this.sf);
    return { start, end: e.end, text: this.text.slice(start, e.end), value: e.kind === ts.SyntaxKind.TrueKeyword };
  }

  private readValue(expr: tsNamespace.Expression, compound: boolean): Pick<RawSite, "valueKind" | "literal"> {
    const ts = this.ts;
    const literal = this.booleanLiteral(expr);
    // `x ??= false` keeps x when it is set: a fallback, like `x ?? false`.
    if (literal) return { valueKind: compound ? "fallback" : "literal", literal };
    const e = this.peel(expr);
    if (e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e) || (ts.isIdentifier(e) && e.text === "undefined")) {
      return { valueKind: "nullish" };
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        const fallback = this.booleanLiteral(e.right);
        if (fallback) return { valueKind: "fallback", literal: fallback };
      }
      return { valueKind: "boolean-expression" };
    }
    if (ts.isPrefixUnaryExpression(e) || ts.isConditionalExpression(e)) return { valueKind: "boolean-expression" };
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isAwaitExpression(e)) {
      return { valueKind: "dynamic" };
    }
    return { valueKind: "other" };
  }

  private site(
    name: string | undefined,
    shape: string,
    valueExpr: tsNamespace.Expression,
    anchor: Node,
    compound = false,
    inlineOnly = false,
  ): void {
    if (!name || !readFlagName(name, this.extraFlags)) return;
    const { valueKind, literal } = this.readValue(valueExpr, compound);
    if (valueKind === "other") return;
    const start = valueExpr.getStart(this.sf);
    this.sites.push({
      name,
      shape,
      value: { start, end: valueExpr.end },
      valueKind,
      literal,
      marker: this.markerPlace(anchor, inlineOnly),
      context: this.context(anchor),
    });
  }

  /** `parallel_tool_calls?: false` in an interface: reported as a type so nobody wonders why it was left. */
  private typeSite(name: string | undefined, type: tsNamespace.TypeNode, anchor: Node): void {
    const ts = this.ts;
    if (!name || !readFlagName(name, this.extraFlags)) return;
    if (!ts.isLiteralTypeNode(type)) return;
    const k = type.literal.kind;
    if (k !== ts.SyntaxKind.TrueKeyword && k !== ts.SyntaxKind.FalseKeyword) return;
    const start = type.getStart(this.sf);
    this.sites.push({
      name,
      shape: "type",
      value: { start, end: type.end },
      valueKind: "other",
      marker: { kind: "none", why: "a type, not a value" },
      context: this.context(anchor),
      typeOnly: true,
    });
  }

  private markerPlace(anchor: Node, inlineOnly: boolean): MarkerPlace {
    const start = anchor.getStart(this.sf);
    if (!inlineOnly && beginsLine(this.text, start)) return { kind: "line", lineStart: lineStartOf(this.text, start) };
    return { kind: "inline" };
  }

  /** Names of the objects, variables and classes around a site, innermost first, up to the enclosing function. */
  private context(anchor: Node): string[] {
    const ts = this.ts;
    const names: string[] = [];
    for (let n: Node | undefined = anchor.parent; n && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isFunctionLike(n)) break;
      if ((ts.isPropertyAssignment(n) || ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isClassLike(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name) {
        const name = ts.isIdentifier(n.name) || ts.isStringLiteralLike(n.name) ? n.name.text : undefined;
        if (name) names.push(name);
      }
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        const callee = n.expression;
        if (ts.isIdentifier(callee)) names.push(callee.text);
        else if (ts.isPropertyAccessExpression(callee)) names.push(callee.name.text);
      }
    }
    return names;
  }
}
