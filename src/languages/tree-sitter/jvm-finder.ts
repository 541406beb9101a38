// The finder Java and Kotlin share: from each place where the text names a flag, up to the node that gives it a value
// (a builder or setter call, a named argument, a field or variable, an assignment, a string key), then the value read
// the JVM way. Each language module gives its grammar's node kinds; the rules are the same.
import type { Node } from "web-tree-sitter";
import { readFlagName, readSetterName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, AnalyzeOptions, Language, MarkerPlace, RawSite } from "../../model";
import { beginsLine, LineIndex, lineStartOf } from "../../text";
import {
  commentTokens,
  flagOffsets,
  LazyGrammar,
  markerPlaceAt,
  markerPlaceInString,
  readValue,
  syntaxProblems,
  type ValueSyntax,
} from "./base";
import { C_LIKE } from "../c-like";
import { ancestryOf, type Ancestor } from "./tree-walk";

/** A place where a name gets a value, as a language module reads it from one node. */
export interface Candidate {
  name: string;
  shape: string;
  value: Node;
  /** A setter call: its name is read as a method name (readSetterName), not as a property. */
  setter?: boolean;
  /** Where the site begins (the `.` of a chained call, a named argument, a declaration). */
  start: number;
  /** Where the statement or call that holds it begins, when that may begin the site's line. */
  statement?: number;
  /** The value is the default of a read (`config.getBoolean("parallel_tool_calls", false)`): a fallback. */
  readDefault?: boolean;
  /** The object a setter is called on, at the root of its chain (`ProviderCapabilities` in `ProviderCapabilities.builder().x(false)`). */
  receiver?: string;
}

/** A JVM grammar, as the finder needs it. */
export interface JvmSyntax extends ValueSyntax {
  /** Node kinds the finder stops at on its way up from a flag's name. */
  siteTypes: ReadonlySet<string>;
  /** The sites one node of siteTypes holds (a call may hold a setter and a string key). */
  read(node: Node): Candidate[];
  /** Node kinds that may name a context, and the name they give the sites inside them. */
  contextTypes: ReadonlySet<string>;
  contextName(node: Node): string | undefined;
  /** Node kinds past which context names stop: functions and lambdas. */
  boundaries: ReadonlySet<string>;
  /** Comment node kinds: markers are read from them, and parentheses holding one besides the value still peel. */
  comments: ReadonlySet<string>;
  /** String node kinds (text blocks and raw strings too): nothing inside one is a comment. */
  strings: ReadonlySet<string>;
}

/** Comment node kinds: the Java and Kotlin grammars name them alike. */
export const JVM_COMMENTS: ReadonlySet<string> = new Set(["line_comment", "block_comment"]);

/**
 * Test files by the JVM build tools' conventions, for sources whose names end in `extension` (a regular expression):
 * Maven's and Gradle's test roots and source sets (test, it, testFixtures, androidTest, integrationTest...), and the
 * class names of JUnit, TestNG and Failsafe (integration tests): FooTest, FooTests, FooIT.
 */
export function jvmTestFile(extension: string): RegExp {
  return new RegExp(`(^|\\/)src\\/(test|it|testFixtures|[a-z]+Test)\\/|(^|\\/)[^/]+(Test|Tests|IT)${extension}$`);
}

/** `Boolean.FALSE`, `java.lang.Boolean.TRUE`: constants that are literals in all but spelling. */
const BOOLEAN_CONSTANT = /^(?:java\.lang\.)?Boolean\.(TRUE|FALSE)$/;

/** The value of a Boolean constant node (its text is at most `java.lang.Boolean.FALSE`, so long nodes are not read). */
export function booleanConstant(node: Node): boolean | undefined {
  if (node.endIndex - node.startIndex > 23) return undefined;
  const m = BOOLEAN_CONSTANT.exec(node.text);
  return m ? m[1] === "TRUE" : undefined;
}

/** The spellings besides false/true a JVM file may flip, record in a marker and restore. */
export const JVM_SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ["Boolean.FALSE", "Boolean.TRUE"],
  ["java.lang.Boolean.FALSE", "java.lang.Boolean.TRUE"],
];

/**
 * A call that reads a key and passes the value to use when it is unset (`getBoolean(key, false)`,
 * `optBoolean(key, false)`, `getOrDefault(key, false)`): its literal is a fallback, like `x ?? false`, not a setting.
 */
export function readsWithDefault(method: string): boolean {
  return /^(get|opt|read)([A-Z]|$)/.test(method);
}

/** Calls that only box their one argument: `Boolean.valueOf(false)`, `Optional.of(false)`, `JsonPrimitive(false)`. */
export const WRAPPERS: ReadonlySet<string> = new Set(["valueOf", "of", "ofNullable", "JsonPrimitive"]);

/** A JVM language module: Java and Kotlin differ only in their facts and their syntax table. */
export function jvmLanguage(
  facts: Pick<Language, "id" | "displayName" | "extensions" | "testFile" | "grammar">,
  syntax: JvmSyntax,
): Language {
  const grammar = new LazyGrammar(facts.grammar!);
  return {
    ...facts,
    // Build output: Maven's target/, Gradle's build/ (generated sources and copies, not the project's code).
    skipDirs: ["target", "build"],
    ...C_LIKE,
    spellings: JVM_SPELLINGS,
    prepare: () => grammar.load(),
    analyze(text: string, file: string, options?: AnalyzeOptions): Analysis {
      return grammar.withTree(text, file, (tree) => {
        const root = tree.rootNode;
        return {
          sites: findJvmSites(text, root, syntax, options?.extraFlags),
          comments: options?.comments ? commentTokens(root, syntax.comments, syntax.strings) : [],
          problems: syntaxProblems(root, new LineIndex(text), "invalid syntax, or syntax newer than the grammar"),
        };
      });
    },
  };
}

export function findJvmSites(text: string, root: Node, syntax: JvmSyntax, extraFlags?: ExtraFlagNames): RawSite[] {
  const sites = new Map<number, RawSite>();
  const seen = new Set<number>();
  const keep = new Set([...syntax.siteTypes, ...syntax.contextTypes]);
  for (const leaf of ancestryOf(root, flagOffsets(text), keep)) {
    // The name is a few nodes below its site: a method name in a call, a key in a string in an argument.
    let at: Ancestor | undefined = leaf;
    for (let depth = 0; at && depth < 6; depth++, at = at.parent) {
      if (!at.node || !syntax.siteTypes.has(at.type)) continue;
      if (seen.has(at.node.id)) break;
      seen.add(at.node.id);
      for (const c of syntax.read(at.node)) {
        const site = toSite(c, text, at, syntax, extraFlags);
        // A value reached from two names (a setter whose argument names a flag too) is one site.
        if (site && !sites.has(site.value.start)) sites.set(site.value.start, site);
      }
      break;
    }
  }
  return [...sites.values()].sort((a, b) => a.value.start - b.value.start);
}

function toSite(
  c: Candidate,
  text: string,
  at: Ancestor,
  syntax: JvmSyntax,
  extraFlags?: ExtraFlagNames,
): RawSite | undefined {
  const flag = c.setter ? readSetterName(c.name, extraFlags) : readFlagName(c.name, extraFlags);
  if (!flag) return undefined;
  const value = readValue(c.value, syntax);
  if (value.valueKind === "other") return undefined;
  const read = c.readDefault && value.valueKind === "literal" ? { ...value, valueKind: "fallback" as const } : value;
  return {
    name: c.name,
    shape: c.shape,
    value: { start: c.value.startIndex, end: c.value.endIndex },
    ...read,
    marker: markerPlaceInString(c.value) ?? markerPlace(text, c),
    context: [...(c.receiver ? [c.receiver] : []), ...contextOf(at, syntax)],
  };
}

/**
 * A `//` line above a site that begins its line (a chained `.parallelToolCalls(false)`, a named argument, a field),
 * or above a call or statement that begins the site's line (`settings.setParallelToolCalls(false);`); a block comment
 * right before the value elsewhere. Java and Kotlin take a comment wherever whitespace may stand.
 */
function markerPlace(text: string, c: Candidate): MarkerPlace {
  const own = markerPlaceAt(text, c.start, ["/*", "*/"]);
  if (own.kind === "line" || c.statement === undefined) return own;
  if (beginsLine(text, c.statement) && lineStartOf(text, c.statement) === lineStartOf(text, c.start)) {
    return { kind: "line", lineStart: lineStartOf(text, c.statement) };
  }
  return own;
}

/** Names of enclosing calls, arguments, variables and classes, innermost first, up to the enclosing function. */
function contextOf(at: Ancestor, syntax: JvmSyntax): string[] {
  const out: string[] = [];
  for (let n = at.parent; n && !syntax.boundaries.has(n.type); n = n.parent) {
    const name = n.node ? syntax.contextName(n.node) : undefined;
    if (name) out.push(name);
  }
  return out;
}

/** The children of a node, without the nulls web-tree-sitter's typings allow. */
export function childrenOf(node: Node | null | undefined): Node[] {
  return node ? node.children.filter((c): c is Node => c !== null) : [];
}

/** The named children of a node that are not comments. */
export function codeChildrenOf(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((c): c is Node => c !== null && !JVM_COMMENTS.has(c.type)) : [];
}

/** The content of a plain string literal naming a key ("parallel_tool_calls"); undefined for templates and prose. */
export function plainKeyOf(node: Node, contentTypes: ReadonlySet<string>): string | undefined {
  const parts = codeChildrenOf(node);
  if (parts.length !== 1 || !contentTypes.has(parts[0]!.type)) return undefined;
  const text = parts[0]!.text;
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text) ? text : undefined;
}
