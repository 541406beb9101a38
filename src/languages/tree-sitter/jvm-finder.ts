// The finder shared by Java and Kotlin: from each place where the text names a flag, up to the node that gives it a
// value (a setter call, a named argument, a field or variable, an assignment, a string key), then its value read the
// JVM way. Each language module gives the node kinds; the rules are the same.
import type { Node } from "web-tree-sitter";
import { readFlagName, readSetterName, type ExtraFlagNames } from "../../catalog";
import type { MarkerPlace, RawSite } from "../../model";
import { beginsLine, lineStartOf } from "../../text";
import { readJvmValue, type ValueGrammar } from "./jvm-values";
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
  /** Where the statement or declaration that holds it begins, if it may begin the same line. */
  statement?: number;
  /** The object a setter is called on, at the root of its chain (`ProviderCapabilities` in `ProviderCapabilities.builder().x(false)`). */
  receiver?: string;
}

export interface JvmGrammar extends ValueGrammar {
  /** Node kinds the finder stops at on its way up from a flag's name. */
  siteTypes: ReadonlySet<string>;
  /** The sites one node of siteTypes holds (a call may hold a setter and a string key). */
  read(node: Node): Candidate[];
  /** The name a node gives the sites inside it (a call, a named argument, a variable, a class), if any. */
  contextName(node: Node): string | undefined;
  /** Node kinds that may name a context (contextName reads them). */
  contextTypes: ReadonlySet<string>;
  /** Node kinds past which context names stop: functions and lambdas. */
  boundaries: ReadonlySet<string>;
}

/** Every flag name holds "parallel" and "tool" next to each other, whatever its case and separators. */
const FLAG_WORDS = /parallel[_-]?tool/gi;

export function findJvmSites(text: string, root: Node, grammar: JvmGrammar, extraFlags?: ExtraFlagNames): RawSite[] {
  const sites: RawSite[] = [];
  const seen = new Set<number>();
  const keep = new Set([...grammar.siteTypes, ...grammar.contextTypes]);
  const offsets = Array.from(text.matchAll(FLAG_WORDS), (m) => m.index);
  for (const leaf of ancestryOf(root, offsets, keep)) {
    // The name is a few nodes below the site: a method name in a call, a key in a string in an argument.
    let at: Ancestor | undefined = leaf;
    for (let depth = 0; at && depth < 6; depth++, at = at.parent) {
      if (!at.node || !grammar.siteTypes.has(at.type)) continue;
      if (seen.has(at.node.id)) break;
      seen.add(at.node.id);
      for (const c of grammar.read(at.node)) {
        const site = toSite(c, text, at, grammar, extraFlags);
        if (site) sites.push(site);
      }
      break;
    }
  }
  // A node reached from two names (a setter whose argument names a flag too) gives each site once.
  const unique = new Map<number, RawSite>();
  for (const s of sites) if (!unique.has(s.value.start)) unique.set(s.value.start, s);
  return [...unique.values()].sort((a, b) => a.value.start - b.value.start);
}

function toSite(c: Candidate, text: string, at: Ancestor, grammar: JvmGrammar, extraFlags?: ExtraFlagNames): RawSite | undefined {
  const flag = c.setter ? readSetterName(c.name, extraFlags) : readFlagName(c.name, extraFlags);
  if (!flag) return undefined;
  const read = readJvmValue(c.value, grammar);
  if (read.valueKind === "other") return undefined;
  return {
    name: c.name,
    shape: c.shape,
    value: { start: c.value.startIndex, end: c.value.endIndex },
    ...read,
    marker: markerPlace(text, c),
    context: [...(c.receiver ? [c.receiver] : []), ...contextOf(at, grammar)],
  };
}

/**
 * A `//` line above a site that begins its line (a chained `.parallelToolCalls(false)`, a named argument, a field),
 * or above a statement that begins its line on the same line as the site (`settings.setParallelToolCalls(false);`);
 * a block comment right before the value everywhere else. Both are comments wherever whitespace may stand.
 */
function markerPlace(text: string, c: Candidate): MarkerPlace {
  if (beginsLine(text, c.start)) return { kind: "line", lineStart: lineStartOf(text, c.start) };
  if (c.statement !== undefined && beginsLine(text, c.statement) && lineStartOf(text, c.statement) === lineStartOf(text, c.start)) {
    return { kind: "line", lineStart: lineStartOf(text, c.statement) };
  }
  return { kind: "inline" };
}

/** Names of enclosing calls, arguments, variables and classes, innermost first, up to the enclosing function. */
function contextOf(at: Ancestor, grammar: JvmGrammar): string[] {
  const out: string[] = [];
  for (let n = at.parent; n && !grammar.boundaries.has(n.type); n = n.parent) {
    const name = n.node ? grammar.contextName(n.node) : undefined;
    if (name) out.push(name);
  }
  return out;
}

/** The children of a node, without the nulls web-tree-sitter's typings allow. */
export function childrenOf(node: Node | null | undefined): Node[] {
  return node ? node.children.filter((c): c is Node => c !== null) : [];
}

export function namedChildrenOf(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((c): c is Node => c !== null) : [];
}

const COMMENT_TYPES = new Set(["line_comment", "block_comment", "comment"]);

/**
 * Where a node's own text begins: a grammar may fold the comment lines above a declaration into it (a marker line
 * above `const val X = false` becomes part of the property's modifiers), and a marker belongs above the code.
 */
export function tokenStart(node: Node): number {
  for (const child of childrenOf(node)) {
    if (COMMENT_TYPES.has(child.type)) continue;
    return child.childCount > 0 ? tokenStart(child) : child.startIndex;
  }
  return node.startIndex;
}
