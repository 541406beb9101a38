// Kotlin's node kinds, as @tree-sitter-grammars/tree-sitter-kotlin names them, for the JVM finder. This grammar reads
// `true`, `false` and `null` as identifiers (a backquoted `true` keeps its backquotes), and a parameter's default
// stands next to the parameter node, after its "=".
import type { Node } from "web-tree-sitter";
import { childrenOf, namedChildrenOf, tokenStart, type Candidate, type JvmGrammar } from "./jvm-finder";
import { plainStringOf } from "./jvm-values";

const COMMENTS = new Set(["line_comment", "block_comment"]);
const STRING_CONTENT = new Set(["string_content"]);

/** The node after the "=" among a node's children (a property's or class parameter's initializer). */
function afterEquals(children: readonly Node[], from = 0): Node | undefined {
  for (let i = from; i < children.length; i++) {
    if (children[i]!.type === "=") return children.slice(i + 1).find((c) => c.isNamed && !COMMENTS.has(c.type));
    if (children[i]!.type === "by") return undefined; // a delegated property: `by lazy { false }` computes its value
  }
  return undefined;
}

/** `(name, =, value)` for a named argument, or undefined for a positional one. */
function namedArgument(arg: Node): { name: Node; value: Node } | undefined {
  const c = childrenOf(arg).filter((n) => !COMMENTS.has(n.type));
  if (c.length >= 3 && c[0]!.type === "identifier" && c[1]!.type === "=") return { name: c[0]!, value: c[2]! };
  return undefined;
}

function positionalValue(arg: Node): Node | undefined {
  if (namedArgument(arg)) return undefined;
  const c = namedChildrenOf(arg).filter((n) => !COMMENTS.has(n.type));
  return c.length === 1 ? c[0] : undefined;
}

function callParts(node: Node): { callee: Node; name: Node | undefined; args: Node[]; lambda: boolean } | undefined {
  const children = childrenOf(node);
  const callee = children[0];
  if (!callee) return undefined;
  const argsNode = children.find((c) => c.type === "value_arguments");
  const args = namedChildrenOf(argsNode).filter((a) => a.type === "value_argument");
  const lambda = children.some((c) => c.type === "annotated_lambda");
  const name = callee.type === "identifier" ? callee : callee.type === "navigation_expression" ? namedChildrenOf(callee).at(-1) : undefined;
  return { callee, name: name?.type === "identifier" ? name : undefined, args, lambda };
}

/** Where a call begins as a site: the `.` (or `?.`) before its name in a chain, or its name. */
function callStart(node: Node): number {
  const parts = callParts(node)!;
  if (parts.callee.type !== "navigation_expression" || !parts.name) return tokenStart(node);
  const c = childrenOf(parts.callee);
  const dot = c[c.findIndex((n) => n.id === parts.name!.id) - 1];
  return (dot && !dot.isNamed ? dot : parts.name).startIndex;
}

/** The name at the root of a call chain: `ChatOptions` in `ChatOptions.builder().model(m)`. */
function receiverOf(node: Node): string | undefined {
  let n: Node | undefined = node;
  while (n && (n.type === "call_expression" || n.type === "navigation_expression")) n = childrenOf(n)[0];
  return n?.type === "identifier" && n.id !== node.id ? n.text : undefined;
}

/** `x`, `this.x`, `request.x`, `body["parallel_tool_calls"]`. */
function targetName(left: Node | null | undefined): string | undefined {
  if (!left) return undefined;
  if (left.type === "identifier") return left.text;
  if (left.type === "navigation_expression") {
    const last = namedChildrenOf(left).at(-1);
    return last?.type === "identifier" ? last.text : undefined;
  }
  if (left.type === "index_expression") {
    const index = namedChildrenOf(left).slice(1);
    return index.length === 1 && index[0]!.type === "string_literal" ? plainStringOf(index[0]!, STRING_CONTENT) : undefined;
  }
  return undefined;
}

function readCall(node: Node): Candidate[] {
  const parts = callParts(node);
  if (!parts?.name || parts.lambda || parts.args.length !== 1) return [];
  const value = positionalValue(parts.args[0]!);
  if (!value) return [];
  return [{ name: parts.name.text, shape: "setter", setter: true, value, start: callStart(node), statement: tokenStart(node), receiver: receiverOf(parts.callee) }];
}

/** A named argument, or a string key followed by its value in a call: `put("parallel_tool_calls", false)`. */
function readArgument(arg: Node): Candidate[] {
  const named = namedArgument(arg);
  if (named) return [{ name: named.name.text, shape: "named-argument", value: named.value, start: tokenStart(arg) }];
  const key = positionalValue(arg);
  const name = key?.type === "string_literal" ? plainStringOf(key, STRING_CONTENT) : undefined;
  if (!name) return [];
  const args = namedChildrenOf(arg.parent).filter((a) => a.type === "value_argument");
  const next = args[args.findIndex((a) => a.id === arg.id) + 1];
  const value = next && positionalValue(next);
  const call = arg.parent?.parent;
  if (!value || !call) return [];
  const start = call.type === "call_expression" ? callStart(call) : tokenStart(arg);
  return [{ name, shape: "string-key-argument", value, start, statement: tokenStart(call) }];
}

export const kotlinGrammar: JvmGrammar = {
  siteTypes: new Set(["call_expression", "value_argument", "property_declaration", "class_parameter", "parameter", "assignment", "infix_expression"]),
  contextTypes: new Set(["call_expression", "value_argument", "property_declaration", "class_parameter", "assignment", "class_declaration", "object_declaration"]),
  boundaries: new Set(["function_declaration", "lambda_literal", "anonymous_function", "getter", "setter"]),
  read(node) {
    switch (node.type) {
      case "call_expression":
        return readCall(node);
      case "value_argument":
        return readArgument(node);
      case "property_declaration": {
        const children = childrenOf(node);
        const name = namedChildrenOf(children.find((c) => c.type === "variable_declaration"))[0];
        const value = afterEquals(children);
        return name && value ? [{ name: name.text, shape: "property", value, start: tokenStart(node) }] : [];
      }
      case "class_parameter": {
        const children = childrenOf(node);
        const name = children.find((c) => c.type === "identifier");
        const value = afterEquals(children);
        return name && value ? [{ name: name.text, shape: "parameter", value, start: tokenStart(node) }] : [];
      }
      case "parameter": {
        // fun f(parallelToolCalls: Boolean = false): the default follows the parameter node, after "=".
        const siblings = childrenOf(node.parent);
        const at = siblings.findIndex((c) => c.id === node.id);
        const name = childrenOf(node).find((c) => c.type === "identifier");
        const value = siblings[at + 1]?.type === "=" ? afterEquals(siblings, at + 1) : undefined;
        return name && value ? [{ name: name.text, shape: "parameter", value, start: tokenStart(node) }] : [];
      }
      case "assignment": {
        const value = node.childForFieldName("right");
        const name = targetName(node.childForFieldName("left"));
        if (!value || !name || node.childForFieldName("operator")?.type !== "=") return [];
        return [{ name, shape: "assignment", value, start: tokenStart(node) }];
      }
      case "infix_expression": {
        // mapOf("parallel_tool_calls" to false)
        const [key, infix, value] = namedChildrenOf(node).filter((c) => !COMMENTS.has(c.type));
        if (!key || infix?.text !== "to" || !value || key.type !== "string_literal") return [];
        const name = plainStringOf(key, STRING_CONTENT);
        return name ? [{ name, shape: "string-key-pair", value, start: tokenStart(node) }] : [];
      }
    }
    return [];
  },
  contextName(node) {
    switch (node.type) {
      case "call_expression":
        return callParts(node)?.name?.text;
      case "value_argument":
        return namedArgument(node)?.name.text;
      case "property_declaration":
        return namedChildrenOf(childrenOf(node).find((c) => c.type === "variable_declaration"))[0]?.text;
      case "class_parameter":
        return childrenOf(node).find((c) => c.type === "identifier")?.text;
      case "assignment":
        return targetName(node.childForFieldName("left"));
      case "class_declaration":
      case "object_declaration":
        return node.childForFieldName("name")?.text;
    }
    return undefined;
  },
  booleanOf: (node) => (node.type === "identifier" && node.text === "true" ? true : node.type === "identifier" && node.text === "false" ? false : undefined),
  isNull: (node) => node.type === "identifier" && node.text === "null",
  inner(node) {
    if (node.type === "parenthesized_expression") return namedChildrenOf(node).find((c) => !COMMENTS.has(c.type));
    if (node.type === "as_expression") return node.childForFieldName("left") ?? undefined;
    return undefined;
  },
  call(node) {
    if (node.type !== "call_expression") return undefined;
    const parts = callParts(node);
    if (!parts) return undefined;
    return { name: parts.name?.text ?? "", args: parts.args.map((a) => positionalValue(a)).filter((v): v is Node => v !== undefined) };
  },
  fallback(node) {
    if (node.type !== "binary_expression" || node.childForFieldName("operator")?.type !== "?:") return undefined;
    return node.childForFieldName("right") ?? undefined;
  },
  booleanExpressions: new Set(["prefix_expression", "binary_expression", "if_expression", "when_expression", "is_expression", "check_expression"]),
  dynamic: new Set(["identifier", "navigation_expression", "call_expression", "index_expression", "this_expression"]),
};
