// TypeScript and JavaScript with oxc-parser: text -> raw sites, read off its ESTree tree. The one TS/JS finder.
// Offsets are UTF-16 indices into the text given: oxc-parser's JavaScript API converts its own UTF-8 offsets.
import { isUiPath } from "../../audit/patterns";
import { auditEstree } from "../../audit/typescript-oxc";
import { readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, MarkerPlace, RawSite } from "../../model";
import { beginsLine, LineIndex, lineStartOf } from "../../text";
import { isFunctionLike, keyName, staticText, walk, type EsNode, type Keys } from "./walk";

/** What is used of oxc-parser (an ES module, loaded with require: Node 20.19 and later can). */
export interface Oxc {
  parseSync(
    filename: string,
    text: string,
    options?: {
      lang?: "js" | "jsx" | "ts" | "tsx";
      sourceType?: "script" | "module" | "unambiguous" | "commonjs";
      preserveParens?: boolean;
    },
  ): {
    program: unknown;
    comments: ReadonlyArray<{ start: number; end: number }>;
    errors: ReadonlyArray<{ message: string; labels: ReadonlyArray<{ start: number }> }>;
  };
  visitorKeys: Keys;
}

/** The grammar for a path: .js and friends may hold JSX, as TypeScript's JSX script kind allows. */
function langOf(path: string): { lang: "jsx" | "ts" | "tsx"; sourceType: "unambiguous" | "module" } {
  const ext = path.slice(path.lastIndexOf(".")).toLowerCase();
  if (ext === ".tsx") return { lang: "tsx", sourceType: "module" };
  if (ext === ".ts" || ext === ".mts" || ext === ".cts") return { lang: "ts", sourceType: "module" };
  // A .js or .cjs file may be either kind (and one that is neither may be CommonJS: see parse).
  return { lang: "jsx", sourceType: ext === ".mjs" ? "module" : "unambiguous" };
}

/**
 * Parses as the path says. A script oxc-parser rejects is read once more as CommonJS, which allows what Node's module
 * wrapper allows (a top-level `return`) and what "unambiguous" does not; `export` in a .cjs file needs "unambiguous".
 */
function parse(oxc: Oxc, text: string, path: string): ReturnType<Oxc["parseSync"]> {
  const kind = langOf(path);
  const result = oxc.parseSync(path, text, { ...kind, preserveParens: true });
  if (result.errors.length === 0 || kind.sourceType !== "unambiguous") return result;
  const asCommonJs = oxc.parseSync(path, text, { lang: kind.lang, sourceType: "commonjs", preserveParens: true });
  return asCommonJs.errors.length === 0 ? asCommonJs : result;
}

export function analyzeWithOxc(
  oxc: Oxc,
  text: string,
  path: string,
  audit: boolean,
  comments = false,
  extraFlags?: ExtraFlagNames,
): Analysis {
  const result = parse(oxc, text, path);
  const errors = result.errors;
  if (errors.length > 0) {
    const lines = new LineIndex(text);
    const problems = errors.map((e) => {
      const at = e.labels[0]?.start ?? 0;
      return { ...lines.at(at), message: e.message };
    });
    return { sites: [], comments: [], problems };
  }
  const program = result.program as unknown as EsNode;
  const finder = new Finder(text, extraFlags);
  walk(program, oxc.visitorKeys, (node) => finder.inspect(node));
  const analysis: Analysis = {
    sites: finder.sites,
    comments: comments ? result.comments.map(({ start, end }) => ({ start, end })) : [],
    problems: [],
  };
  if (audit)
    analysis.findings = auditEstree(program, text, oxc.visitorKeys, {
      shows: isUiPath(path),
      jsx: /\.[jt]sx$/i.test(path),
    });
  return analysis;
}

const PEELED = new Set([
  "ParenthesizedExpression",
  "TSAsExpression",
  "TSSatisfiesExpression",
  "TSTypeAssertion",
  "TSNonNullExpression",
]);
const LOOPS_WITH_INIT = new Set(["ForStatement", "ForInStatement", "ForOfStatement"]);

class Finder {
  readonly sites: RawSite[] = [];
  constructor(
    private readonly text: string,
    private readonly extraFlags?: ExtraFlagNames,
  ) {}

  inspect(node: EsNode): void {
    switch (node.type) {
      case "Property": {
        if (node.kind !== "init" || node.method) return;
        const parent = node.parent!;
        if (parent.type === "ObjectExpression") {
          if (node.shorthand) return;
          return this.site(keyName(node), "property", node.value, node);
        }
        // `{ parallel_tool_calls = false } = options`, `{ parallel_tool_calls: on = false }`
        if (parent.type === "ObjectPattern" && node.value?.type === "AssignmentPattern") {
          return this.site(keyName(node), "destructuring-default", node.value.right, node);
        }
        return;
      }
      case "AssignmentPattern": {
        const parent = node.parent!;
        if (parent.type === "Property") return; // read with its property, above
        if (node.left.type !== "Identifier") return;
        const parameter = parent.type === "TSParameterProperty" ? parent : isFunctionLike(parent) ? node : undefined;
        if (parameter) return this.site(node.left.name, "parameter", node.right, parameter);
        if (parent.type === "ArrayPattern") return this.site(node.left.name, "destructuring-default", node.right, node);
        return;
      }
      case "AssignmentExpression": {
        const op = node.operator as string;
        if (op !== "=" && op !== "??=" && op !== "||=") return;
        const anchor = node.parent?.type === "ExpressionStatement" ? node.parent : node;
        return this.site(targetName(node.left), "assignment", node.right, anchor, op !== "=");
      }
      case "VariableDeclarator": {
        if (!node.init || node.id.type !== "Identifier") return;
        const list = node.parent!;
        let statement: EsNode = node;
        if (
          list.declarations.length === 1 &&
          !(LOOPS_WITH_INIT.has(list.parent?.type ?? "") && (list.parent!.init === list || list.parent!.left === list))
        ) {
          // `export const x = false` begins at `export`, as a line marker needs.
          statement = list.parent?.type === "ExportNamedDeclaration" ? list.parent : list;
        }
        return this.site(node.id.name, "variable", node.init, statement);
      }
      case "PropertyDefinition":
      case "AccessorProperty":
      case "TSAbstractPropertyDefinition": // `abstract parallelToolCalls: false`: no value, only its type
      case "TSAbstractAccessorProperty": {
        if (node.value) return this.site(keyName(node), "field", node.value, node);
        if (node.typeAnnotation) return this.typeSite(keyName(node), node.typeAnnotation.typeAnnotation, node);
        return;
      }
      case "TSPropertySignature":
        if (node.typeAnnotation) return this.typeSite(keyName(node), node.typeAnnotation.typeAnnotation, node);
        return;
      case "JSXAttribute": {
        const value = node.value as EsNode | null;
        if (!value || value.type !== "JSXExpressionContainer" || value.expression.type === "JSXEmptyExpression") return;
        return this.site(
          this.text.slice(node.name.start, node.name.end),
          "jsx-attribute",
          value.expression,
          node,
          false,
          true,
        );
      }
    }
  }

  private site(
    name: string | undefined,
    shape: string,
    valueExpr: EsNode,
    anchor: EsNode,
    compound = false,
    inlineOnly = false,
  ): void {
    if (!name || !readFlagName(name, this.extraFlags)) return;
    const { valueKind, literal } = this.readValue(valueExpr, compound);
    if (valueKind === "other") return;
    this.sites.push({
      name,
      shape,
      value: { start: valueExpr.start, end: valueExpr.end },
      valueKind,
      literal,
      marker: this.markerPlace(anchor, inlineOnly),
      context: context(anchor),
    });
  }

  /** `parallel_tool_calls?: false` in an interface: reported as a type so nobody wonders why it was left. */
  private typeSite(name: string | undefined, type: EsNode, anchor: EsNode): void {
    if (!name || !readFlagName(name, this.extraFlags)) return;
    if (type.type !== "TSLiteralType" || typeof type.literal.value !== "boolean") return;
    this.sites.push({
      name,
      shape: "type",
      value: { start: type.start, end: type.end },
      valueKind: "other",
      marker: { kind: "none", why: "a type, not a value" },
      context: context(anchor),
      typeOnly: true,
    });
  }

  private booleanLiteral(expr: EsNode): RawSite["literal"] | undefined {
    const e = peel(expr);
    if (e.type !== "Literal" || typeof e.value !== "boolean") return undefined;
    return { start: e.start, end: e.end, text: this.text.slice(e.start, e.end), value: e.value };
  }

  private readValue(expr: EsNode, compound: boolean): Pick<RawSite, "valueKind" | "literal"> {
    const literal = this.booleanLiteral(expr);
    // `x ??= false` keeps x when it is set: a fallback, like `x ?? false`.
    if (literal) return { valueKind: compound ? "fallback" : "literal", literal };
    const e = peel(expr);
    switch (e.type) {
      case "Literal":
        return e.value === null && e.raw === "null" ? { valueKind: "nullish" } : { valueKind: "other" };
      case "Identifier":
        return e.name === "undefined" ? { valueKind: "nullish" } : { valueKind: "dynamic" };
      case "LogicalExpression": {
        if (e.operator === "??" || e.operator === "||") {
          const fallback = this.booleanLiteral(e.right);
          if (fallback) return { valueKind: "fallback", literal: fallback };
        }
        return { valueKind: "boolean-expression" };
      }
      case "UnaryExpression":
        if (e.operator === "void") return { valueKind: "nullish" };
        return e.operator === "typeof" || e.operator === "delete"
          ? { valueKind: "other" }
          : { valueKind: "boolean-expression" };
      case "UpdateExpression":
        return e.prefix ? { valueKind: "boolean-expression" } : { valueKind: "other" };
      // Binary in TypeScript's sense: comparisons, arithmetic, assignments and the comma.
      case "BinaryExpression":
      case "AssignmentExpression":
      case "SequenceExpression":
      case "ConditionalExpression":
        return { valueKind: "boolean-expression" };
      case "MemberExpression":
      case "ChainExpression":
      case "CallExpression":
      case "AwaitExpression":
        return { valueKind: "dynamic" };
      default:
        return { valueKind: "other" };
    }
  }

  private markerPlace(anchor: EsNode, inlineOnly: boolean): MarkerPlace {
    if (!inlineOnly && beginsLine(this.text, anchor.start))
      return { kind: "line", lineStart: lineStartOf(this.text, anchor.start) };
    return { kind: "inline" };
  }
}

function peel(expr: EsNode): EsNode {
  let e = expr;
  while (PEELED.has(e.type)) e = e.expression;
  return e;
}

/** `body.parallel_tool_calls`, `params["parallel_tool_calls"]`, `parallelToolCallsEnabled`. */
function targetName(left: EsNode): string | undefined {
  if (left.type === "Identifier") return left.name;
  if (left.type === "MemberExpression") {
    if (!left.computed) return left.property.name;
    const p = left.property as EsNode;
    return (p.type === "Literal" && typeof p.value === "string") || p.type === "TemplateLiteral"
      ? staticText(p)
      : undefined;
  }
  return undefined;
}

/** An identifier's name or a string key's text: the names TypeScript's finder took (not numbers, not #private). */
function plainName(node: EsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier") return node.name;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  return undefined;
}

/** The node's own name, for the kinds of node whose names make a site's context. */
function nameInContext(n: EsNode): string | undefined {
  switch (n.type) {
    case "Property":
      return n.parent?.type === "ObjectExpression" && n.kind === "init" && !n.shorthand && !n.method && !n.computed
        ? plainName(n.key)
        : undefined;
    case "VariableDeclarator":
      return plainName(n.id);
    case "PropertyDefinition":
      return n.computed ? undefined : plainName(n.key);
    case "ClassDeclaration":
    case "ClassExpression":
    case "TSInterfaceDeclaration":
    case "TSTypeAliasDeclaration":
      return plainName(n.id);
    default:
      return undefined;
  }
}

/** Names of the objects, variables and classes around a site, innermost first, up to the enclosing function. */
function context(anchor: EsNode): string[] {
  const names: string[] = [];
  for (let n = anchor.parent; n && n.type !== "Program"; n = n.parent) {
    if (isFunctionLike(n)) break;
    const name = nameInContext(n);
    if (name) names.push(name);
    if (n.type === "CallExpression" || n.type === "NewExpression") {
      const callee = n.callee as EsNode;
      if (callee.type === "Identifier") names.push(callee.name);
      else if (callee.type === "MemberExpression" && !callee.computed) names.push(callee.property.name);
    }
  }
  return names;
}
