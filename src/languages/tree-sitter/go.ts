// Go: text -> raw sites, over tree-sitter's Go grammar. The shapes are those of openai-go and anthropic-sdk-go
// request structs and of Go gateways: keyed fields of composite literals (`ParallelToolCalls: openai.Bool(false)`),
// string-keyed map entries, assignments and declarations, functional options (`WithParallelToolCalls(false)`), and
// setters that take the key as a string and the value last (`sjson.SetBytes(body, "parallel_tool_calls", false)`).
import type { Node } from "web-tree-sitter";
import { PREFILTER_WORDS, readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, Language, RawSite } from "../../model";
import { LineIndex } from "../../text";
import {
  analyzedBy,
  assignedName,
  commentTokens,
  flagOffsets,
  LazyGrammar,
  markerPlaceAt,
  namedChildrenOf,
  readValue,
  syntaxProblems,
  type TargetKinds,
  type ValueSyntax,
} from "./base";
import { C_LIKE } from "../c-like";
import { ancestryOf, type Ancestor } from "./tree-walk";

const grammar = new LazyGrammar({ file: "tree-sitter-go.wasm", npmPackage: "tree-sitter-go", displayName: "Go" });

export const go: Language = {
  id: "go",
  displayName: "Go",
  extensions: [".go"],
  grammar: grammar.source,
  startWords: PREFILTER_WORDS,
  // `go test` reads *_test.go; testdata/ holds inputs of tests, which the go tool never builds.
  // Helper packages for tests, by Go's naming habit (httptest, agentstesting, testutil), and test/ folders.
  testFile: /(^|\/)[^/]+_test\.go$|(^|\/)(testdata|tests?|testutils?|testhelpers?|[a-z0-9]*testing)\//,
  // Vendored copies of other modules: not this project's code.
  skipDirs: ["vendor"],
  loneCrEndsLine: false,
  ...C_LIKE,
  partialParse: true,
  ...analyzedBy(grammar, (text, root, options) =>
    new Finder(text, root, options?.extraFlags).run(options?.comments ?? false),
  ),
};

const STRINGS = new Set(["interpreted_string_literal", "raw_string_literal"]);
const COMMENT = new Set(["comment"]);
/** Every node on the way to a flag word is made a Node object: the finder reads a site's ancestors through them. */
const EVERY_TYPE: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;
const SITE_TYPES = new Set([
  "keyed_element",
  "assignment_statement",
  "short_var_declaration",
  "var_spec",
  "const_spec",
  "call_expression",
]);
/** How far above a flag word the node that gives it a value may be (key -> literal_element -> keyed_element...). */
const CLIMB = 6;
/** Nodes whose parts each begin their own line in usual Go: the marker anchor never climbs past them. */
const LIST_CONTAINERS = new Set([
  "statement_list",
  "block",
  "source_file",
  "literal_value",
  "argument_list",
  "var_spec_list",
]);
const FUNCTION_BOUNDARY = new Set(["function_declaration", "method_declaration", "func_literal"]);
/** Prefixes of functional options and setters: `WithParallelToolCalls(false)`, `SetDisableParallelToolUse(true)`. */
const OPTION_PREFIXES = ["With", "Set"];

class Finder {
  private readonly sites: RawSite[] = [];
  private readonly lines: LineIndex;
  private packages: Set<string> | undefined;
  private constants: Map<string, string> | undefined;
  private readonly values: ValueSyntax;

  constructor(
    private readonly text: string,
    private readonly root: Node,
    private readonly extraFlags?: ExtraFlagNames,
  ) {
    this.lines = new LineIndex(text);
    this.values = goValues((name) => this.importedPackages().has(name));
  }

  run(comments: boolean): Analysis {
    const problems = syntaxProblems(this.root, this.lines, "invalid syntax, or syntax newer than the Go grammar");
    const seen = new Set<string>();
    for (const leaf of ancestryOf(this.root, this.startOffsets(), EVERY_TYPE)) {
      let at: Ancestor | undefined = leaf;
      for (let depth = 0; at && depth < CLIMB; depth++, at = at.parent) {
        if (!at.node || !SITE_TYPES.has(at.type)) continue;
        // Several flag words may lead to one node (a setter's key and its name); it is read once.
        const key = `${at.node.startIndex}:${at.node.type}`;
        if (!seen.has(key)) this.inspect(at);
        seen.add(key);
        break;
      }
    }
    this.sites.sort((a, b) => a.value.start - b.value.start);
    return { sites: this.sites, comments: comments ? commentTokens(this.root, COMMENT, STRINGS) : [], problems };
  }

  /**
   * Where the finder starts: each flag word, and each use of a constant of the file that holds a flag's key
   * (`const reqPathParallelToolCalls = "parallel_tool_calls"`, then `p.set(reqPathParallelToolCalls, false)`).
   */
  private startOffsets(): number[] {
    const offsets = flagOffsets(this.text, go.startWords);
    if (this.keyConstants().size === 0) return offsets;
    for (const name of this.keyConstants().keys()) {
      for (const m of this.text.matchAll(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, "g"))) offsets.push(m.index);
    }
    return [...new Set(offsets)].sort((a, b) => a - b);
  }

  /** File-level constants whose value is a flag's key (or a dotted path ending in one), by name. */
  private keyConstants(): Map<string, string> {
    if (this.constants) return this.constants;
    const found = new Map<string, string>();
    for (const decl of namedChildrenOf(this.root)) {
      if (decl.type !== "const_declaration") continue;
      for (const spec of namedChildrenOf(decl)) {
        const names = spec.childrenForFieldName("name").filter((n): n is Node => n !== null);
        const values = spec.childForFieldName("value");
        const list = values ? namedChildrenOf(values) : [];
        names.forEach((n, i) => {
          const key = list[i] && keyOf(list[i]!);
          if (key && readFlagName(key, this.extraFlags)) found.set(n.text, key);
        });
      }
    }
    return (this.constants = found);
  }

  private inspect(at: Ancestor): void {
    const node = at.node!;
    switch (node.type) {
      case "keyed_element": {
        const [key, value] = namedChildrenOf(node);
        const k = key && namedChildrenOf(key)[0];
        if (!k || !value) return;
        const name = k.type === "identifier" || k.type === "field_identifier" ? k.text : stringValue(k);
        return this.site(name, STRINGS.has(k.type) ? "map-key" : "field", namedChildrenOf(value)[0] ?? null, at);
      }
      case "assignment_statement":
        if (node.childForFieldName("operator")?.text !== "=") return;
        return this.pairs(node.childForFieldName("left"), node.childForFieldName("right"), "assignment", at);
      case "short_var_declaration":
        return this.pairs(node.childForFieldName("left"), node.childForFieldName("right"), "variable", at);
      case "var_spec":
      case "const_spec": {
        const names = node.childrenForFieldName("name").filter((n): n is Node => n !== null);
        const values = node.childForFieldName("value");
        const list = values ? namedChildrenOf(values) : [];
        if (list.length !== names.length) return;
        names.forEach((n, i) => this.site(n.text, node.type === "var_spec" ? "variable" : "constant", list[i]!, at));
        return;
      }
      case "call_expression":
        return this.call(at);
    }
  }

  /** `a, b = x, y`: each target with its own value; a call that returns several values gives none. */
  private pairs(left: Node | null, right: Node | null, shape: string, statement: Ancestor): void {
    if (!left || !right) return;
    const targets = namedChildrenOf(left);
    const values = namedChildrenOf(right);
    if (targets.length !== values.length) return;
    targets.forEach((t, i) => this.site(assignedName(t, TARGETS, stringValue), shape, values[i]!, statement));
  }

  /**
   * A functional option or setter whose name, without its With/Set prefix, is a flag name, with its one argument; or a
   * call that passes a flag name as a string key and the value as its last argument (`sjson.Set(body, "k", v)`; a
   * dotted path names the key by its last segment).
   */
  private call(at: Ancestor): void {
    const node = at.node!;
    const args = node.childForFieldName("arguments");
    const list = args ? namedChildrenOf(args) : [];
    const callee = calleeName(node.childForFieldName("function"));
    const prefix = callee && OPTION_PREFIXES.find((p) => callee.startsWith(p) && /[A-Z_]/.test(callee[p.length] ?? ""));
    if (prefix && list.length === 1) return this.site(callee.slice(prefix.length), "option-call", list[0]!, at);
    const last = list.length - 1;
    const key = list[last - 1];
    if (last < 1 || !key) return;
    const name = key.type === "identifier" ? this.keyConstants().get(key.text) : keyOf(key);
    if (name) this.site(name, "setter-call", list[last]!, at);
  }

  /** `owner`: the node that gives the value, with its ancestors (from one cursor walk: Node.parent would start from the root each time). */
  private site(name: string | undefined, shape: string, value: Node | null, owner: Ancestor): void {
    if (!name || !value || !readFlagName(name, this.extraFlags)) return;
    let read = readValue(value, this.values);
    if (read.valueKind === "other") return;
    // `if !settings.ParallelToolCalls.Value { p = param.NewOpt(false) }`: the literal passes on the value the branch
    // tested, so the switch is that setting, not this line.
    if (read.valueKind === "literal" && this.branchTestsAFlag(owner)) read = { valueKind: "dynamic" };
    this.sites.push({
      name,
      shape,
      value: { start: value.startIndex, end: value.endIndex },
      ...read,
      marker: markerPlaceAt(this.text, anchorOf(this.lines.lineStart(owner.node!.startIndex), owner), go.blockComment),
      context: contextNames(owner),
    });
  }

  /** Is the site inside a branch (not the condition) of the nearest `if` or `switch` whose test reads a flag name? */
  private branchTestsAFlag(owner: Ancestor): boolean {
    const at = owner.node!.startIndex;
    for (let a = owner.parent; a && !FUNCTION_BOUNDARY.has(a.type); a = a.parent) {
      if (a.type !== "if_statement" && a.type !== "expression_switch_statement") continue;
      const test = a.node!.childForFieldName(a.type === "if_statement" ? "condition" : "value");
      // `if disable := true; disable {`: a site in the initializer (or the test itself) is in no branch.
      const initializer = a.node!.childForFieldName("initializer");
      const within = (n: Node | null) => n !== null && n.startIndex <= at && at < n.endIndex;
      if (!test || within(test) || within(initializer)) return false;
      return test
        .descendantsOfType(["identifier", "field_identifier"])
        .some((id) => id !== null && readFlagName(id.text, this.extraFlags) !== undefined);
    }
    return false;
  }

  /** Names a file imports packages under: an alias, or names derived from the path (see packageNames). */
  private importedPackages(): Set<string> {
    if (this.packages) return this.packages;
    const names = new Set<string>();
    for (const decl of namedChildrenOf(this.root)) {
      if (decl.type !== "import_declaration") continue;
      for (const spec of decl.descendantsOfType("import_spec")) {
        if (!spec) continue;
        const alias = spec.childForFieldName("name");
        const path = spec.childForFieldName("path");
        if (alias) names.add(alias.text);
        else if (path) for (const n of packageNames(stringValue(path) ?? "")) names.add(n);
      }
    }
    return (this.packages = names);
  }
}

/**
 * The names a package may be used under when imported without an alias. Its name is declared in its own source, not
 * in the path, but by convention follows the path's last element: without a major-version suffix
 * (openai-go/v3 -> openai-go), without a "go-" prefix or "-go" suffix (go-openai -> openai, openai-go -> openai), or
 * the first word of what remains (anthropic-sdk-go -> anthropic).
 */
export function packageNames(importPath: string): string[] {
  const parts = importPath.split("/");
  let last = parts.pop() ?? "";
  if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop()!;
  const trimmed = last.replace(/^go-/, "").replace(/[-.]go$/, "");
  return [...new Set([last, trimmed, trimmed.split(/[-.]/)[0]!, trimmed.replace(/[-.]/g, "")])].filter(Boolean);
}

/** How Go spells values. */
function goValues(isPackage: (name: string) => boolean): ValueSyntax {
  return {
    // `new(false)` (Go 1.26) reads its argument as a type name.
    booleanOf: (n) =>
      n.type === "true" || (n.type === "type_identifier" && n.text === "true")
        ? true
        : n.type === "false" || (n.type === "type_identifier" && n.text === "false")
          ? false
          : undefined,
    parens: new Set(["parenthesized_expression"]),
    // Unset, so the API default (on): nil, a zero `param.Opt[bool]{}`, `param.Null[bool]()`.
    nullish: (n) =>
      n.type === "nil" ||
      (n.type === "composite_literal" && (n.childForFieldName("body")?.namedChildCount ?? 0) === 0) ||
      (n.type === "call_expression" &&
        calleeName(n.childForFieldName("function")) === "Null" &&
        argumentsOf(n).length === 0),
    // A literal converted (`bool(false)`, `param.NewOpt[bool](false)` as the grammar reads it) or passed alone to a
    // function: a builtin (`new(false)`), a function of this package (`boolPtr(false)`) or of an imported one
    // (`openai.Bool(false)`, `param.NewOpt(false)`, `anthropic.Bool(true)`). A method of a value (`x.Or(false)`)
    // reads that value too: dynamic.
    wrapped: (n) => {
      if (n.type === "type_conversion_expression") return n.childForFieldName("operand") ?? undefined;
      if (n.type !== "call_expression") return undefined;
      const args = argumentsOf(n);
      if (args.length !== 1) return undefined;
      const fn = withoutTypeArguments(n.childForFieldName("function"));
      if (fn?.type === "identifier") return args[0];
      if (fn?.type === "selector_expression") {
        const operand = fn.childForFieldName("operand");
        if (operand?.type === "identifier" && isPackage(operand.text)) return args[0];
      }
      return undefined;
    },
    // `cfg.ParallelToolCalls.Or(false)` (param.Opt): the value when set, else the literal.
    fallback: (n) => {
      if (n.type !== "call_expression") return undefined;
      const fn = n.childForFieldName("function");
      const args = argumentsOf(n);
      return fn?.type === "selector_expression" && fn.childForFieldName("field")?.text === "Or" && args.length === 1
        ? args[0]
        : undefined;
    },
    booleanExpression: new Set(["unary_expression", "binary_expression"]),
    dynamic: new Set([
      "identifier",
      "selector_expression",
      "call_expression",
      "index_expression",
      "composite_literal",
      "type_conversion_expression",
      "type_assertion_expression",
    ]),
  };
}

function argumentsOf(call: Node): Node[] {
  const args = call.childForFieldName("arguments");
  return args ? namedChildrenOf(args) : [];
}

/** `F[bool]` -> `F`, `pkg.F[bool]` -> `pkg.F`: the function of a generic call. */
function withoutTypeArguments(fn: Node | null): Node | null {
  if (fn?.type === "index_expression" || fn?.type === "generic_type")
    return fn.childForFieldName("operand") ?? fn.childForFieldName("type");
  return fn;
}

/** The name a call is made by: `F`, `pkg.F`, `x.y.F`, `F[T]` -> "F". */
function calleeName(fn: Node | null): string | undefined {
  const f = withoutTypeArguments(fn);
  if (!f) return undefined;
  if (f.type === "identifier") return f.text;
  if (f.type === "selector_expression") return f.childForFieldName("field")?.text;
  return undefined;
}

/** `x`, `req.ParallelToolCalls`, `body["parallel_tool_calls"]`. */
const TARGETS: TargetKinds = { member: ["selector_expression", "field"], index: ["index_expression", "index"] };

/**
 * The key a string names, when it reads as one (a name, or a dotted path: its last segment): "parallel_tool_calls",
 * "tool_choice.disable_parallel_tool_use"; not prose such as "failed to disable parallel_tool_calls".
 */
function keyOf(node: Node): string | undefined {
  const text = stringValue(node);
  return text !== undefined && /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(text) ? text.split(".").pop() : undefined;
}

/** The text of a string literal without escapes ("k", `k`), else undefined. */
function stringValue(node: Node): string | undefined {
  if (!STRINGS.has(node.type)) return undefined;
  if (namedChildrenOf(node).some((c) => c.type === "escape_sequence")) return undefined;
  return node.text.slice(1, -1);
}

/**
 * Where the marker of a site is anchored: the site's node, or the largest construct that starts on the same line and
 * holds it (the statement of `body, _ = sjson.SetBytes(...)`, the `var` of `var x = false`), so a site whose statement
 * begins its line gets a comment line above; never past a list whose parts each take their own line.
 */
function anchorOf(lineStart: number, owner: Ancestor): number {
  let anchor = owner.node!;
  for (let p = owner.parent; p?.node && !LIST_CONTAINERS.has(p.type) && p.node.startIndex >= lineStart; p = p.parent)
    anchor = p.node;
  return anchor.startIndex;
}

/** Names around a site, innermost first: keys, composite literal types, assigned names, called functions. */
function contextNames(owner: Ancestor): string[] {
  const out: string[] = [];
  for (let a = owner.parent; a?.node && !FUNCTION_BOUNDARY.has(a.type); a = a.parent) {
    const n = a.node;
    let name: string | undefined;
    if (n.type === "keyed_element") {
      const key = namedChildrenOf(n)[0];
      const k = key && namedChildrenOf(key)[0];
      name = k ? (STRINGS.has(k.type) ? stringValue(k) : k.text) : undefined;
    } else if (n.type === "composite_literal") {
      const type = n.childForFieldName("type");
      name =
        type?.type === "qualified_type"
          ? type.childForFieldName("name")?.text
          : type?.type === "type_identifier"
            ? type.text
            : undefined;
    } else if (n.type === "call_expression") name = calleeName(n.childForFieldName("function"));
    else if (n.type === "short_var_declaration" || n.type === "assignment_statement") {
      const first = n.childForFieldName("left")?.namedChild(0);
      name = assignedName(first ?? null, TARGETS, stringValue);
    }
    if (name) out.push(name);
  }
  return out;
}
