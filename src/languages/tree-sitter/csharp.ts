// C#: text -> raw sites, with tree-sitter's C# grammar (the wasm that tree-sitter-c-sharp ships) in web-tree-sitter.
// Sites: object and `with` initializers, assignments (also in switch sections and lambdas), named arguments,
// property, field, local and parameter defaults, anonymous-object members, string-keyed indexers, dictionary entries
// and string-key setters.
import type { Node } from "web-tree-sitter";
import { readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, Language, RawSite } from "../../model";
import { LineIndex } from "../../text";
import {
  analyzedBy,
  commentTokens,
  flagOffsets,
  LazyGrammar,
  markerPlaceAt,
  markerPlaceInString,
  namedChildrenOf,
  peel,
  readValue,
  syntaxProblems,
  type ValueSyntax,
} from "./base";
import { C_LIKE } from "../c-like";
import { ancestryOf, type Ancestor } from "./tree-walk";

const grammar = new LazyGrammar({
  file: "tree-sitter-c_sharp.wasm",
  npmPackage: "tree-sitter-c-sharp",
  displayName: "C#",
});
const BLOCK_COMMENT: [string, string] = ["/*", "*/"];

export const csharp: Language = {
  id: "csharp",
  displayName: "C#",
  extensions: [".cs"],
  grammar: grammar.source,
  // Test projects and folders (*Test, *Tests, *.UnitTests, *.IntegrationTests, *Specs), test/ and tests/, and their
  // files (*Test.cs, *Tests.cs, *Specs.cs), in .NET's naming (PascalCase: "Contest" or "Latest" are not tests).
  testFile: /(^|\/)([^/]*(Tests?|Specs)|tests?)\/|(^|\/)[^/]*(Tests?|Specs)\.cs$/,
  // Build output of `dotnet build`: copies, not sources. Skipped for .cs files only (a JS repository's bin/ is source).
  skipDirs: ["bin", "obj"],
  ...C_LIKE,
  // The grammar (0.23.5) may lag the language (C# 13/14 syntax): scan reports what it reads; apply skips such a file.
  partialParse: true,
  ...analyzedBy(grammar, (text, root, options) =>
    new Finder(text, root, options?.extraFlags).run(options?.comments ?? false),
  ),
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
  "initializer_expression",
  "invocation_expression",
]);
/** Nodes whose names give a site its context (a capabilities object, a Supports... property). */
const CONTEXT_TYPES = new Set([
  "object_creation_expression",
  "property_declaration",
  "class_declaration",
  "record_declaration",
  "struct_declaration",
]);
const FUNCTION_BOUNDARY = new Set([
  "method_declaration",
  "local_function_statement",
  "lambda_expression",
  "constructor_declaration",
  "accessor_declaration",
]);
const READ = new Set([...SITE_TYPES, ...CONTEXT_TYPES, ...FUNCTION_BOUNDARY]);
const COMMENT = new Set(["comment"]);
/** Strings whose text could look like a comment to a walk that did not know them. */
const STRINGS = new Set([
  "string_literal",
  "verbatim_string_literal",
  "raw_string_literal",
  "interpolated_string_expression",
  "character_literal",
]);
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
  constructor(
    private readonly text: string,
    private readonly root: Node,
    private readonly extraFlags?: ExtraFlagNames,
  ) {}

  /** Starts from the places where the text names a flag and climbs to the node that gives it a value. */
  run(comments: boolean): Analysis {
    const problems = syntaxProblems(
      this.root,
      new LineIndex(this.text),
      "invalid syntax, or syntax newer than the C# grammar",
    );
    const seen = new Set<number>();
    for (const leaf of ancestryOf(this.root, flagOffsets(this.text), READ)) {
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
    return { sites: this.sites, comments: comments ? commentTokens(this.root, COMMENT, STRINGS) : [], problems };
  }

  private site(found: Found, at: Ancestor): void {
    const name = nameText(found.name);
    if (!name || !readFlagName(name, this.extraFlags)) return;
    const read = readValue(found.value, SYNTAX);
    if (read.valueKind === "other") return;
    this.sites.push({
      name,
      shape: found.shape,
      value: { start: found.value.startIndex, end: found.value.endIndex },
      ...read,
      ...(read.valueKind === "nullish" && isDefault(found.value) ? { nullishNote: DEFAULT_NOTE } : {}),
      // A `//` line above a site that begins its line; a block comment right before the value elsewhere.
      marker: markerPlaceInString(found.value) ?? markerPlaceAt(this.text, found.anchor.startIndex, BLOCK_COMMENT),
      context: contextOf(at),
    });
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
      // `=> false` is a getter's body (an arrow_expression_clause, which reads as no value): not a default.
      if (!name || !value) return [];
      return [{ name, value, shape: "property", anchor: afterAttributes(node) }];
    }
    case "variable_declarator": {
      const name = node.childForFieldName("name");
      const value = valueAfterEquals(node);
      if (!name || !value) return [];
      const declaration = node.parent?.type === "variable_declaration" ? node.parent : undefined;
      const statement = declaration?.parent;
      const first = declaration
        ? named(declaration).find((c) => c.type === "variable_declarator")?.id === node.id
        : false;
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
      return name?.type === "identifier" && value && valueAfterEquals(node)?.id === value.id
        ? [{ name, value, shape: "initializer", anchor: node }]
        : [];
    }
    case "initializer_expression": {
      // A collection initializer's entry `{ "parallel_tool_calls", false }` is Dictionary.Add(key, value).
      const parts = named(node);
      if (node.parent?.type !== "initializer_expression" || parts.length !== 2 || parts[0]!.type !== "string_literal")
        return [];
      return [{ name: parts[0]!, value: parts[1]!, shape: "dictionary-entry", anchor: node }];
    }
    case "invocation_expression": {
      // A string-key setter: the key is the argument before the last, the value the last
      // (`d.Add("parallel_tool_calls", false)`, `SetBool(body, "parallel_tool_calls", false)`, `writer.WriteBoolean(...)`).
      if (!SETTER.test(calledName(node))) return [];
      const args = named(node.childForFieldName("arguments") ?? node).filter(
        (a) => a.type === "argument" && !a.childForFieldName("name"),
      );
      const key = args.length >= 2 ? named(args[args.length - 2]!)[0] : undefined;
      const value = args.length >= 2 ? named(args[args.length - 1]!)[0] : undefined;
      if (key?.type !== "string_literal" || !value) return [];
      return [{ name: key, value, shape: "string-key-setter", anchor: node }];
    }
    case "anonymous_object_creation_expression": {
      // Its members are flat children: `name = value` is an identifier, a "=" token and an expression.
      const out: Found[] = [];
      const children = tokens(node);
      for (let i = 0; i + 2 < children.length; i++) {
        const [name, eq, value] = [children[i]!, children[i + 1]!, children[i + 2]!];
        if (name.type === "identifier" && eq.type === "=" && value.isNamed)
          out.push({ name, value, shape: "initializer", anchor: name });
      }
      return out;
    }
  }
  return [];
}

/**
 * Calls that store a value under a key: Add, TryAdd, Set..., Put..., Write... (Utf8JsonWriter.WriteBoolean). A read
 * with a default (`config.GetValue("parallel_tool_calls", false)`) is not one: its literal is a fallback of a read.
 */
const SETTER = /^(Add|TryAdd|Set|Put|Write|Append|Insert|Upsert)(?![a-z])/;

/** The name a call invokes: `Add` of `d.Add(...)`, `SetBool` of `Json.SetBool<T>(...)`. */
function calledName(call: Node): string {
  let fn = call.childForFieldName("function");
  if (fn?.type === "member_access_expression") fn = fn.childForFieldName("name");
  if (fn?.type === "generic_name") fn = named(fn)[0] ?? null;
  return fn?.type === "identifier" ? fn.text : "";
}

/** A node's named children, comments left out (the grammar lets them in anywhere: a marker sits before a value). */
const named = namedChildrenOf;

/** A node's children without comments, which the grammar lets in anywhere (a marker sits between "=" and its value). */
function tokens(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null && !c.isExtra);
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
  return (
    node.children.find((c): c is Node => c !== null && c.type !== "attribute_list" && c.type !== "comment") ?? node
  );
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
  const parts = named(node).filter((p) => p.type !== "string_literal_encoding"); // "parallel_tool_calls"u8
  if (parts.some((p) => p.type !== "string_literal_content")) return undefined; // escapes: not a plain key
  return parts.map((p) => p.text).join("");
}

/** How C# spells values, for the base's value reader. */
const SYNTAX: ValueSyntax = {
  booleanOf: (n) => (n.type === "boolean_literal" ? n.text === "true" : undefined),
  parens: new Set(["parenthesized_expression"]),
  // `null` and `default` leave the option unset: the service's default, which is parallel calls on.
  nullish: (n) => n.type === "null_literal" || n.type === "default_expression",
  // A cast to bool or bool? does not change which literal a value is: `(bool?)false`.
  wrapped: (n) =>
    n.type === "cast_expression" && /^bool\??$/.test(n.childForFieldName("type")?.text ?? "")
      ? (n.childForFieldName("value") ?? undefined)
      : undefined,
  // `options.X ?? false` falls back to false; `a && false`, `a == b` are expressions, not fallbacks.
  fallback: (n) =>
    n.type === "binary_expression" && n.childForFieldName("operator")?.type === "??"
      ? (n.childForFieldName("right") ?? undefined)
      : undefined,
  booleanExpression: new Set([
    "binary_expression",
    "prefix_unary_expression",
    "conditional_expression",
    "is_expression",
    "is_pattern_expression",
    "switch_expression",
  ]),
  dynamic: new Set([
    "identifier",
    "member_access_expression",
    "invocation_expression",
    "element_access_expression",
    "conditional_access_expression",
    "await_expression",
    "this_expression",
    "cast_expression",
  ]),
};

/**
 * `default` is the option's own default: null for the SDKs' `bool?` options, so the request leaves the field out and
 * the service's default (parallel calls on) applies. Left alone like `null`; said so, since `default` reads like false.
 */
const DEFAULT_NOTE = "`default` leaves the option unset (null for bool?): the API default, parallel calls on";

function isDefault(value: Node): boolean {
  return peel(value, SYNTAX).type === "default_expression";
}

/** Names of enclosing object creations (their type), properties and types, innermost first, up to the function. */
function contextOf(at: Ancestor): string[] {
  const out: string[] = [];
  for (let n = at.parent; n && !FUNCTION_BOUNDARY.has(n.type); n = n.parent) {
    const node = n.node;
    if (!node || !CONTEXT_TYPES.has(n.type)) continue;
    const name =
      n.type === "object_creation_expression" ? node.childForFieldName("type") : node.childForFieldName("name");
    if (name) out.push(name.text);
  }
  return out;
}
