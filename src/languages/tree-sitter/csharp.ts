// C#: text -> raw sites, with tree-sitter's C# grammar (the wasm that tree-sitter-c-sharp ships) in web-tree-sitter.
// Sites: object and `with` initializers, assignments (also in switch sections and lambdas), named arguments,
// property, field, local and parameter defaults, anonymous-object members and string-keyed indexers.
import fs from "node:fs";
import path from "node:path";
import type { Language as GrammarType, Node, Parser as ParserType } from "web-tree-sitter";
import { finderWordPattern, readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, Language, MarkerPlace, ParseProblem, Range, RawSite } from "../../model";
import { beginsLine, LineIndex, lineStartOf } from "../../text";
import { ancestryOf, eachNodeOfType, type Ancestor } from "./tree-walk";

let parser: ParserType | undefined;

/** Loads the runtime and the grammar: only when a C# file is a candidate. */
async function load(): Promise<void> {
  if (parser) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require("web-tree-sitter") as typeof import("web-tree-sitter");
  await Parser.init();
  const grammar: GrammarType = await Language.load(grammarPath());
  const p = new Parser();
  p.setLanguage(grammar);
  parser = p;
}

const GRAMMAR = "tree-sitter-c_sharp.wasm";

/** The copy the build puts in dist/grammars/ (the package ships no tree-sitter-c-sharp); from the sources, the devDependency's. */
function grammarPath(): string {
  const copy = path.join(__dirname, "..", "..", "grammars", GRAMMAR);
  if (fs.existsSync(copy)) return copy;
  try {
    return require.resolve(`tree-sitter-c-sharp/${GRAMMAR}`);
  } catch {
    throw new Error(`the C# grammar is missing: ${copy} (npm run build copies it there; an installed package: reinstall it)`);
  }
}

export const csharp: Language = {
  id: "csharp",
  lineComment: "//",
  blockComment: ["/*", "*/"],
  spell: (value) => (value ? "true" : "false"),
  // The grammar (0.23.5) may lag the language (C# 13/14 syntax): report what it reads, never edit such a file.
  partialParse: true,
  prepare: load,
  analyze(text, file, options) {
    if (!parser) throw new Error("the C# parser is not loaded: await csharp.prepare() first");
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse ${file}`);
    try {
      return new Finder(text, tree.rootNode, options?.extraFlags).run(options?.comments ?? false);
    } finally {
      tree.delete(); // the tree lives in WebAssembly memory, outside the garbage collector
    }
  },
};

/** Nodes that give a name a value. */
const SITE_TYPES = new Set([
  "assignment_expression",
  "argument",
  "property_declaration",
  "variable_declarator",
  "parameter",
  "with_initializer",
  "anonymous_object_creation_expression",
]);
/** Nodes whose names give a site its context (a capabilities object, a Supports... property). */
const CONTEXT_TYPES = new Set(["object_creation_expression", "property_declaration", "class_declaration", "record_declaration", "struct_declaration"]);
const FUNCTION_BOUNDARY = new Set(["method_declaration", "local_function_statement", "lambda_expression", "constructor_declaration", "accessor_declaration"]);
const READ = new Set([...SITE_TYPES, ...CONTEXT_TYPES, ...FUNCTION_BOUNDARY]);
const PROBLEMS = new Set(["ERROR", "MISSING"]);
const COMMENT = new Set(["comment"]);
/** Strings whose text could look like a comment to a walk that did not know them. */
const STRINGS = new Set(["string_literal", "verbatim_string_literal", "raw_string_literal", "interpolated_string_expression", "character_literal"]);
/** How far above the matched word a site's node may be: `body["parallel_tool_calls"] = false` is the deepest shape. */
const CLIMB = 6;

interface Found {
  name: Node;
  value: Node;
  shape: string;
  /** The node that must begin its line for the marker to take a line of its own. */
  anchor: Node;
}

class Finder {
  private readonly sites: RawSite[] = [];
  private readonly problems: ParseProblem[] = [];
  private linesIndex: LineIndex | undefined;
  constructor(
    private readonly text: string,
    private readonly root: Node,
    private readonly extraFlags?: ExtraFlagNames,
  ) {}

  /** Starts from the places where the text names a flag and climbs to the node that gives it a value. */
  run(comments: boolean): Analysis {
    if (this.root.hasError) eachNodeOfType(this.root, PROBLEMS, (node) => this.problem(node));
    const seen = new Set<number>();
    const offsets = Array.from(this.text.matchAll(finderWordPattern()), (m) => m.index);
    for (const leaf of ancestryOf(this.root, offsets, READ)) {
      let at: Ancestor | undefined = leaf;
      for (let depth = 0; at && depth < CLIMB; depth++, at = at.parent) {
        if (!SITE_TYPES.has(at.type) || !at.node) continue;
        // A positional argument gives nothing a name: the indexer or call around it may (`body["..."] = false`).
        const found = sitesOf(at.node);
        if (found.length === 0) continue;
        if (!seen.has(at.node.id)) for (const f of found) this.site(f, at);
        seen.add(at.node.id);
        break;
      }
    }
    this.sites.sort((a, b) => a.value.start - b.value.start);
    const found: Range[] = [];
    if (comments) eachNodeOfType(this.root, COMMENT, (n) => found.push({ start: n.startIndex, end: n.endIndex }), STRINGS);
    return { sites: this.sites, comments: found, problems: this.problems };
  }

  private get lines(): LineIndex {
    return (this.linesIndex ??= new LineIndex(this.text));
  }

  private problem(node: Node): void {
    const where = this.lines.at(node.startIndex);
    const message = node.isMissing ? `missing ${node.type}` : "invalid syntax, or syntax newer than the C# grammar";
    this.problems.push({ ...where, message, range: { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1) } });
  }

  private site(found: Found, at: Ancestor): void {
    const name = nameText(found.name);
    if (!name || !readFlagName(name, this.extraFlags)) return;
    const read = readValue(found.value);
    if (read.valueKind === "other") return;
    this.sites.push({
      name,
      shape: found.shape,
      value: { start: found.value.startIndex, end: found.value.endIndex },
      ...read,
      marker: this.markerPlace(found.anchor),
      context: contextOf(at),
    });
  }

  /** A `//` line above a site that begins its line; a block comment right before the value elsewhere. */
  private markerPlace(anchor: Node): MarkerPlace {
    if (beginsLine(this.text, anchor.startIndex)) return { kind: "line", lineStart: lineStartOf(this.text, anchor.startIndex) };
    return { kind: "inline" };
  }
}

/** The (name, value) pairs a site node holds; most hold one, an anonymous object one per member. */
function sitesOf(node: Node): Found[] {
  switch (node.type) {
    case "assignment_expression": {
      // `x ??= true` and `x |= false` keep or combine a value: they set nothing of their own.
      if (node.childForFieldName("operator")?.type !== "=") return [];
      const left = node.childForFieldName("left");
      const value = node.childForFieldName("right");
      const name = left && assignedName(left);
      if (!name || !value) return [];
      const shape = node.parent?.type === "initializer_expression" ? "initializer" : "assignment";
      return [{ name, value, shape, anchor: node }];
    }
    case "argument": {
      const name = node.childForFieldName("name");
      const value = name ? named(node).find((c) => c.id !== name.id) : undefined;
      return name && value ? [{ name, value, shape: "named-argument", anchor: node }] : [];
    }
    case "property_declaration": {
      const name = node.childForFieldName("name");
      const value = node.childForFieldName("value");
      // `=> false` is a getter's body, not a default: it cannot be switched on from outside.
      if (!name || !value || value.type === "arrow_expression_clause") return [];
      return [{ name, value, shape: "property", anchor: afterAttributes(node) }];
    }
    case "variable_declarator": {
      const name = node.childForFieldName("name");
      const value = valueAfterEquals(node);
      if (!name || !value) return [];
      const declaration = node.parent?.type === "variable_declaration" ? node.parent : undefined;
      const statement = declaration?.parent;
      const first = declaration ? named(declaration).find((c) => c.type === "variable_declarator")?.id === node.id : false;
      const shape = statement?.type === "field_declaration" ? "field" : "variable";
      return [{ name, value, shape, anchor: first && statement ? afterAttributes(statement) : node }];
    }
    case "parameter": {
      const name = node.childForFieldName("name");
      const value = valueAfterEquals(node);
      return name && value ? [{ name, value, shape: "parameter", anchor: afterAttributes(node) }] : [];
    }
    case "with_initializer": {
      const [name, value] = named(node);
      return name?.type === "identifier" && value && valueAfterEquals(node)?.id === value.id ? [{ name, value, shape: "initializer", anchor: node }] : [];
    }
    case "anonymous_object_creation_expression": {
      // Its members are flat children: `name = value` is an identifier, a "=" token and an expression.
      const out: Found[] = [];
      const children = tokens(node);
      for (let i = 0; i + 2 < children.length; i++) {
        const [name, eq, value] = [children[i]!, children[i + 1]!, children[i + 2]!];
        if (name.type === "identifier" && eq.type === "=" && value.isNamed) out.push({ name, value, shape: "initializer", anchor: name });
      }
      return out;
    }
  }
  return [];
}

/** A node's named children, comments left out. */
function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
}

/** A node's children without comments, which the grammar lets in anywhere (a marker sits between "=" and its value). */
function tokens(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null && c.type !== "comment");
}

/** The expression after a node's own "=" token: a declarator's initializer, a parameter's default. */
function valueAfterEquals(node: Node): Node | undefined {
  const children = tokens(node);
  const eq = children.findIndex((c) => c.type === "=");
  const value = eq >= 0 ? children[eq + 1] : undefined;
  return value?.isNamed ? value : undefined;
}

/** A declaration without its leading attributes (`[JsonPropertyName(...)]` lines): where its marker may go. */
function afterAttributes(node: Node): Node {
  return node.children.find((c): c is Node => c !== null && c.type !== "attribute_list" && c.type !== "comment") ?? node;
}

/** The node naming what an assignment sets: `X`, `a.b.X`, `this.X`, `body["x"]`, `["x"]` in an initializer. */
function assignedName(left: Node): Node | undefined {
  switch (left.type) {
    case "identifier":
      return left;
    case "member_access_expression":
      return left.childForFieldName("name") ?? undefined;
    case "element_access_expression":
      return onlyStringArgument(left.childForFieldName("subscript"));
    case "element_binding_expression":
      return onlyStringArgument(left);
  }
  return undefined;
}

function onlyStringArgument(list: Node | null): Node | undefined {
  const args = list ? named(list).filter((c) => c.type === "argument") : [];
  const value = args.length === 1 ? named(args[0]!)[0] : undefined;
  return value?.type === "string_literal" ? value : undefined;
}

/** An identifier's text, or a plain string literal's content ("parallel_tool_calls"); undefined for anything else. */
function nameText(node: Node): string | undefined {
  if (node.type === "identifier") return node.text.startsWith("@") ? node.text.slice(1) : node.text;
  if (node.type !== "string_literal") return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type !== "string_literal_content")) return undefined; // escapes: not a plain key
  return parts.map((p) => p.text).join("");
}

/** Parentheses, `(bool)` / `(bool?)` casts and the null-forgiving `!` do not change which literal a value is. */
function peel(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === "parenthesized_expression" && n.namedChildCount === 1) n = n.namedChild(0)!;
    else if (n.type === "cast_expression" && /^bool\??$/.test(n.childForFieldName("type")?.text ?? "")) n = n.childForFieldName("value")!;
    else if (n.type === "postfix_unary_expression" && n.text.endsWith("!")) n = n.namedChild(0)!;
    else return n;
  }
}

function booleanLiteral(node: Node | null): RawSite["literal"] | undefined {
  if (!node) return undefined;
  const n = peel(node);
  if (n.type !== "boolean_literal") return undefined;
  return { start: n.startIndex, end: n.endIndex, text: n.text, value: n.text === "true" };
}

const DYNAMIC = new Set([
  "identifier",
  "member_access_expression",
  "invocation_expression",
  "element_access_expression",
  "conditional_access_expression",
  "await_expression",
  "this_expression",
]);
const BOOLEAN_EXPRESSIONS = new Set(["prefix_unary_expression", "conditional_expression", "is_expression", "is_pattern_expression", "switch_expression"]);

function readValue(value: Node): Pick<RawSite, "valueKind" | "literal"> {
  const literal = booleanLiteral(value);
  if (literal) return { valueKind: "literal", literal };
  const n = peel(value);
  // `null` and `default` leave the option unset: the service's default, which is parallel calls on.
  if (n.type === "null_literal" || n.type === "default_expression") return { valueKind: "nullish" };
  if (n.type === "binary_expression") {
    // `options.X ?? false` falls back to false; `a && false`, `a == b` are expressions, not fallbacks.
    const fallback = n.childForFieldName("operator")?.type === "??" ? booleanLiteral(n.childForFieldName("right")) : undefined;
    return fallback ? { valueKind: "fallback", literal: fallback } : { valueKind: "boolean-expression" };
  }
  if (BOOLEAN_EXPRESSIONS.has(n.type)) return { valueKind: "boolean-expression" };
  if (DYNAMIC.has(n.type)) return { valueKind: "dynamic" };
  return { valueKind: "other" };
}

/** Names of enclosing object creations (their type), properties and types, innermost first, up to the function. */
function contextOf(at: Ancestor): string[] {
  const out: string[] = [];
  for (let n = at.parent; n && !FUNCTION_BOUNDARY.has(n.type); n = n.parent) {
    const node = n.node;
    if (!node || !CONTEXT_TYPES.has(n.type)) continue;
    const name = n.type === "object_creation_expression" ? node.childForFieldName("type") : node.childForFieldName("name");
    if (name) out.push(name.text);
  }
  return out;
}
