// What a value means on the JVM, for Java and Kotlin alike: a boolean literal, a Boolean constant (Boolean.FALSE is
// a literal: it flips to Boolean.TRUE), a literal wrapped in a call that only boxes it, null, or something computed.
import type { Node } from "web-tree-sitter";
import type { RawSite } from "../../model";

/** `Boolean.FALSE`, `java.lang.Boolean.TRUE`: constants that are literals in all but spelling. */
const BOOLEAN_CONSTANT = /^(?:java\.lang\.)?Boolean\.(TRUE|FALSE)$/;

/** The spellings of false and true a JVM file may use: a marker records one of them, revert restores it. */
export const JVM_SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ["false", "true"],
  ["Boolean.FALSE", "Boolean.TRUE"],
  ["java.lang.Boolean.FALSE", "java.lang.Boolean.TRUE"],
];

/**
 * Calls that only box their one argument: `Boolean.valueOf(false)`, `Optional.of(false)`, `JsonPrimitive(false)`.
 * The literal inside is the value, as for Go's `openai.Bool(false)`.
 */
const WRAPPERS = new Set(["valueOf", "of", "ofNullable", "JsonPrimitive"]);

export type ValueRead = Pick<RawSite, "valueKind" | "literal">;

/** How one grammar spells the nodes the reader needs. */
export interface ValueGrammar {
  /** The boolean literal a node is (Java's `false` node, Kotlin's identifier `false`), if it is one. */
  booleanOf(node: Node): boolean | undefined;
  isNull(node: Node): boolean;
  /** Parentheses and casts that leave the value as it is: the node inside, or undefined. */
  inner(node: Node): Node | undefined;
  /** A call's callee name and its arguments, when the node is a call. */
  call(node: Node): { name: string; args: Node[] } | undefined;
  /** `x ?: false` (Kotlin's elvis): the fallback, when the node is one. */
  fallback(node: Node): Node | undefined;
  /** Node kinds that compute a boolean (`!x`, `a == b`, `a && b`, `c ? a : b`). */
  booleanExpressions: ReadonlySet<string>;
  /** Node kinds whose value is known only at run time (names, member reads, calls). */
  dynamic: ReadonlySet<string>;
}

export function peel(node: Node, g: ValueGrammar): Node {
  let n = node;
  for (let inner = g.inner(n); inner; inner = g.inner(n)) n = inner;
  return n;
}

/** The literal a value node is, as written: `false`, `Boolean.FALSE`, `(false)` (the literal inside). */
export function literalOf(node: Node, g: ValueGrammar): RawSite["literal"] | undefined {
  const n = peel(node, g);
  const value = g.booleanOf(n);
  if (value !== undefined) return { start: n.startIndex, end: n.endIndex, text: n.text, value };
  const constant = BOOLEAN_CONSTANT.exec(n.text);
  if (constant) return { start: n.startIndex, end: n.endIndex, text: n.text, value: constant[1] === "TRUE" };
  return undefined;
}

export function readJvmValue(value: Node, g: ValueGrammar): ValueRead {
  const literal = literalOf(value, g);
  if (literal) return { valueKind: "literal", literal };
  const n = peel(value, g);
  if (g.isNull(n)) return { valueKind: "nullish" };
  const call = g.call(n);
  if (call && WRAPPERS.has(call.name) && call.args.length === 1) {
    const wrapped = literalOf(call.args[0]!, g);
    if (wrapped) return { valueKind: "literal", literal: wrapped };
    if (g.isNull(peel(call.args[0]!, g))) return { valueKind: "nullish" };
  }
  const fallback = g.fallback(n);
  if (fallback) {
    const literal = literalOf(fallback, g);
    return literal ? { valueKind: "fallback", literal } : { valueKind: "boolean-expression" };
  }
  if (g.booleanExpressions.has(n.type)) return { valueKind: "boolean-expression" };
  if (call || g.dynamic.has(n.type)) return { valueKind: "dynamic" };
  return { valueKind: "other" };
}

/** The content of a plain string literal ("parallel_tool_calls"), or undefined for templates, escapes and the like. */
export function plainStringOf(node: Node, contentTypes: ReadonlySet<string>): string | undefined {
  const parts = node.namedChildren.filter((c): c is Node => c !== null);
  if (parts.length !== 1 || !contentTypes.has(parts[0]!.type)) return undefined;
  const text = parts[0]!.text;
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text) ? text : undefined;
}
