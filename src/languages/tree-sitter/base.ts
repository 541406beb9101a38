// What every tree-sitter language shares: loading its grammar lazily (one web-tree-sitter runtime for all of them),
// parsing with syntax-error problems, listing comment tokens, reading a value (literal, wrapped literal, nullish,
// fallback, dynamic), placing a marker, and finding where the text names a flag. A language module keeps only its
// grammar's node kinds and its own rules.
import fs from "node:fs";
import path from "node:path";
import type { Language as GrammarType, Node, Parser as ParserType, Tree } from "web-tree-sitter";
import { flagWordPattern } from "../../catalog";
import type { Analysis, AnalyzeOptions, Language, MarkerPlace, ParseProblem, Range, RawSite } from "../../model";
import { beginsLine, LineIndex, lineStartOf } from "../../text";
import { eachNodeOfType } from "./tree-walk";

type WebTreeSitter = typeof import("web-tree-sitter");

let runtime: Promise<WebTreeSitter> | undefined;

/** web-tree-sitter's WebAssembly runtime, started once for every grammar. */
function startRuntime(): Promise<WebTreeSitter> {
  runtime ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wts = require("web-tree-sitter") as WebTreeSitter;
    await wts.Parser.init();
    return wts;
  })();
  return runtime;
}

/** Where a grammar comes from: its .wasm file and the pinned devDependency that ships it (scripts/copy-grammar.mjs). */
export interface GrammarSource {
  /** The .wasm file name, as the package ships it and as the build copies it into dist/grammars/. */
  file: string;
  /** The npm package that holds it (a devDependency: the published package ships only the copy). */
  npmPackage: string;
  /** For messages: "the Go grammar is missing". */
  displayName: string;
}

/**
 * The grammar of one language, loaded on first use: only when a file of that language is a candidate. The build copies
 * each .wasm next to the compiled modules (dist/grammars/), so the published package needs no grammar package (whose
 * install may build native code the tool never uses). Run from the sources (the tests), the devDependency's own file
 * serves.
 */
export class LazyGrammar {
  private parserInstance: ParserType | undefined;
  private loading: Promise<void> | undefined;
  grammar: GrammarType | undefined;

  constructor(readonly source: GrammarSource) {}

  /** Loads the runtime (once for all grammars) and this grammar; awaiting it again costs nothing. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const wts = await startRuntime();
      const grammar = await wts.Language.load(grammarPath(this.source));
      const parser = new wts.Parser();
      parser.setLanguage(grammar);
      this.grammar = grammar;
      this.parserInstance = parser;
    })();
    return this.loading;
  }

  get loaded(): boolean {
    return this.parserInstance !== undefined;
  }

  /** A new Query on this grammar (the grammar must be loaded). */
  query(source: string): import("web-tree-sitter").Query {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Query } = require("web-tree-sitter") as WebTreeSitter;
    return new Query(this.loadedGrammar(), source);
  }

  /**
   * Parses text and hands the tree to `use`; the tree lives in WebAssembly memory, outside the garbage collector, so
   * it is freed when `use` returns.
   */
  withTree<T>(text: string, file: string, use: (tree: Tree) => T): T {
    if (!this.parserInstance)
      throw new Error(`the ${this.source.displayName} parser is not loaded: await its language's prepare() first`);
    const tree = this.parserInstance.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse ${file}`);
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  }

  private loadedGrammar(): GrammarType {
    if (!this.grammar) throw new Error(`the ${this.source.displayName} grammar is not loaded`);
    return this.grammar;
  }
}

/** The copy in dist/grammars/ (next to the compiled module), else the devDependency's own file. */
export function grammarPath(source: GrammarSource): string {
  const copy = path.join(__dirname, "..", "..", "grammars", source.file);
  if (fs.existsSync(copy)) return copy;
  try {
    return require.resolve(`${source.npmPackage}/${source.file}`);
  } catch {
    throw new Error(
      `the ${source.displayName} grammar is missing: ${copy} (npm run build copies it there; an installed package: reinstall it)`,
    );
  }
}

const PROBLEMS = new Set(["ERROR", "MISSING"]);

/**
 * Every syntax error of a tree, located: a file with any is skipped by apply and revert (its edits could not be
 * verified). `invalid` words the message for an ERROR node (the grammar may lag the language).
 */
export function syntaxProblems(root: Node, lines: LineIndex, invalid: string): ParseProblem[] {
  const problems: ParseProblem[] = [];
  if (!root.hasError) return problems;
  eachNodeOfType(root, PROBLEMS, (node) => {
    const where = lines.at(node.startIndex);
    const message = node.isMissing ? `missing ${node.type}` : invalid;
    problems.push({
      ...where,
      message,
      range: { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1) },
    });
  });
  return problems;
}

/**
 * Every comment token of a tree (a marker is a whole comment token); nodes of the types in `skipInside` (strings) are
 * not entered, so nothing inside a string is taken for a comment.
 */
export function commentTokens(
  root: Node,
  commentTypes: ReadonlySet<string>,
  skipInside?: ReadonlySet<string>,
): Range[] {
  const found: Range[] = [];
  eachNodeOfType(root, commentTypes, (n) => found.push({ start: n.startIndex, end: n.endIndex }), skipInside);
  return found;
}

/**
 * The offsets where the text names a flag: the finder climbs from each to the node that gives it a value, so it never
 * walks the whole tree. The words are the language's Language.startWords, which come from the catalog.
 */
export function flagOffsets(text: string, words?: readonly string[]): number[] {
  return Array.from(text.matchAll(flagWordPattern(words)), (m) => m.index);
}

/** prepare and analyze of a language that reads each file from its tree: the grammar loads on prepare; each file is
 * parsed, and `find` reads its tree. */
export function analyzedBy(
  grammar: LazyGrammar,
  find: (text: string, root: Node, options: AnalyzeOptions | undefined) => Analysis,
): Pick<Language, "prepare" | "analyze"> {
  return {
    prepare: () => grammar.load(),
    analyze: (text, file, options) => grammar.withTree(text, file, (tree) => find(text, tree.rootNode, options)),
  };
}

/** The node kinds an assignment's target may take besides a plain identifier, each with the field its name is in. */
export interface TargetKinds {
  /** `req.field`: the member access kind, and the field that holds the member's name. */
  member: readonly [kind: string, field: string];
  /** `body["key"]`: the index kind, and the field that holds the index. */
  index: readonly [kind: string, field: string];
}

/** The name an assignment gives a value to: `x`, `req.field`, or `body["key"]` (the key as `keyOf` reads it: a plain
 * string only). */
export function assignedName(
  target: Node | null,
  kinds: TargetKinds,
  keyOf: (index: Node) => string | undefined,
): string | undefined {
  if (!target) return undefined;
  if (target.type === "identifier") return target.text;
  if (target.type === kinds.member[0]) return target.childForFieldName(kinds.member[1])?.text;
  if (target.type === kinds.index[0]) {
    const index = target.childForFieldName(kinds.index[1]);
    return index ? keyOf(index) : undefined;
  }
  return undefined;
}

/** How a language spells values, as node kinds of its grammar: what readValue needs to know. */
export interface ValueSyntax {
  /** true or false when the node is a boolean literal, else undefined. */
  booleanOf(node: Node): boolean | undefined;
  /** Wrappers that hold one expression and mean it: parentheses (peeled when they hold one named child). */
  parens: ReadonlySet<string>;
  /** Comment node kinds, which parentheses may hold besides their expression (an inline marker apply wrote). */
  comments?: ReadonlySet<string>;
  /** "No value": the API default, parallel calls on (None, nil, null...). */
  nullish?(node: Node): boolean;
  /** A call that wraps a literal and means it (openai.Bool(false), Optional.of(false)): the literal inside, else undefined. */
  wrapped?(node: Node): Node | undefined;
  /** An expression that falls back to its operand when the rest is unset (`x or False`, `x ?? false`): that operand. */
  fallback?(node: Node): Node | undefined;
  /** Node kinds whose value is a boolean computed from other values (not, comparisons, conditionals). */
  booleanExpression: ReadonlySet<string>;
  /** Node kinds whose value is read at run time (names, members, calls...). */
  dynamic: ReadonlySet<string>;
}

/** Peels the wrappers of ValueSyntax.parens off a node. */
export function peel(node: Node, syntax: ValueSyntax): Node {
  let n = node;
  while (syntax.parens.has(n.type)) {
    const inner = namedChildrenOf(n).filter((c) => !syntax.comments?.has(c.type));
    if (inner.length !== 1) break;
    n = inner[0]!;
  }
  return n;
}

/** The boolean literal a node is, through parentheses, as a RawSite literal. */
export function booleanLiteral(node: Node | null | undefined, syntax: ValueSyntax): RawSite["literal"] | undefined {
  if (!node) return undefined;
  const n = peel(node, syntax);
  const value = syntax.booleanOf(n);
  if (value === undefined) return undefined;
  return { start: n.startIndex, end: n.endIndex, text: n.text, value };
}

/** How a value reads: literal (also wrapped), fallback, nullish, boolean expression, dynamic, or other (not a site). */
export function readValue(value: Node, syntax: ValueSyntax): Pick<RawSite, "valueKind" | "literal"> {
  const literal = booleanLiteral(value, syntax);
  if (literal) return { valueKind: "literal", literal };
  const n = peel(value, syntax);
  const inner = syntax.wrapped?.(n);
  const wrapped = inner && booleanLiteral(inner, syntax);
  if (wrapped) return { valueKind: "literal", literal: wrapped };
  const fallback = booleanLiteral(syntax.fallback?.(n), syntax);
  if (fallback) return { valueKind: "fallback", literal: fallback };
  if (syntax.nullish?.(n)) return { valueKind: "nullish" };
  if (syntax.booleanExpression.has(n.type)) return { valueKind: "boolean-expression" };
  if (syntax.dynamic.has(n.type)) return { valueKind: "dynamic" };
  return { valueKind: "other" };
}

/**
 * Where the marker of a site goes in a language with line comments: a comment line above the site when the site
 * begins its line (anchor: where the site's text starts, e.g. the key of a field), else a block comment inline before
 * the new value; a language without block comments has no place then (the site is reported, not applied).
 */
export function markerPlaceAt(
  text: string,
  anchor: number,
  blockComment: readonly [string, string] | undefined,
): MarkerPlace {
  if (beginsLine(text, anchor)) return { kind: "line", lineStart: lineStartOf(text, anchor) };
  if (blockComment) return { kind: "inline" };
  return { kind: "none", why: "the site does not begin its line, and the language has no inline comment" };
}

/**
 * A site inside a string's interpolation (C#'s `$"{...}"`, Kotlin's `"${...}"`): the grammars read a comment written
 * there as part of the string, so a marker could not be found again. Such a site is reported, never switched.
 */
export function markerPlaceInString(value: Node): MarkerPlace | undefined {
  for (let n = value.parent; n; n = n.parent)
    if (n.type === "interpolation")
      return { kind: "none", why: "inside a string interpolation, where a comment is not one" };
  return undefined;
}

/** The text of a node's field, if it has that field. */
export function fieldText(node: Node, field: string): string | undefined {
  return node.childForFieldName(field)?.text;
}

/**
 * The named children of a node, without comments (extras, which may stand between any two tokens: an inline marker
 * inside `f(<comment> true)` must not make the call look like one of two arguments).
 */
export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && !c.isExtra);
}

/** A node's range (UTF-16 offsets into the text the tree was parsed from). */
export function rangeOf(node: Node): Range {
  return { start: node.startIndex, end: node.endIndex };
}
