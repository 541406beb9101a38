// Kotlin (@tree-sitter-grammars/tree-sitter-kotlin): builder and setter calls, named arguments, properties, parameter
// defaults, assignments and string keys, read by the JVM finder. This grammar reads `true`, `false` and `null` as
// identifiers (a backquoted `true` keeps its backquotes), and a function parameter's default stands next to the
// parameter node, after its "=".
import type { Node } from "web-tree-sitter";
import {
  booleanConstant,
  childrenOf,
  codeChildrenOf,
  jvmLanguage,
  jvmTestFile,
  JVM_COMMENTS,
  plainKeyOf,
  readsWithDefault,
  WRAPPERS,
  type Candidate,
  type JvmSyntax,
} from "./jvm-finder";

const STRING_CONTENT = new Set(["string_content"]);

/** The node after the "=" among some children (a property's or parameter's initializer); none for a delegate. */
function afterEquals(children: readonly Node[], from = 0): Node | undefined {
  for (let i = from; i < children.length; i++) {
    if (children[i]!.type === "=") return children.slice(i + 1).find((c) => c.isNamed && !JVM_COMMENTS.has(c.type));
    if (children[i]!.type === "by") return undefined; // `by lazy { false }` computes its value
  }
  return undefined;
}

/** The name and value of a named argument; undefined for a positional one. */
function namedArgument(arg: Node): { name: Node; value: Node } | undefined {
  const c = childrenOf(arg).filter((n) => !JVM_COMMENTS.has(n.type));
  return c.length >= 3 && c[0]!.type === "identifier" && c[1]!.type === "=" ? { name: c[0]!, value: c[2]! } : undefined;
}

function positionalValue(arg: Node): Node | undefined {
  if (namedArgument(arg)) return undefined;
  const c = codeChildrenOf(arg);
  return c.length === 1 ? c[0] : undefined;
}

interface CallParts {
  callee: Node;
  name: Node | undefined;
  args: Node[];
  /** A trailing lambda: `apply { ... }` passes more than its parenthesized arguments. */
  lambda: boolean;
}

function callParts(node: Node): CallParts | undefined {
  const children = childrenOf(node);
  const callee = children[0];
  if (!callee) return undefined;
  const args = codeChildrenOf(children.find((c) => c.type === "value_arguments")).filter(
    (a) => a.type === "value_argument",
  );
  const last = callee.type === "navigation_expression" ? codeChildrenOf(callee).at(-1) : callee;
  return {
    callee,
    name: last?.type === "identifier" ? last : undefined,
    args,
    lambda: children.some((c) => c.type === "annotated_lambda"),
  };
}

/** Where a call begins as a site: the `.` (or `?.`) before its name in a chain, or the call. */
function callStart(node: Node, parts: CallParts): number {
  if (parts.callee.type !== "navigation_expression" || !parts.name) return node.startIndex;
  const c = childrenOf(parts.callee);
  const dot = c[c.findIndex((n) => n.id === parts.name!.id) - 1];
  return (dot && !dot.isNamed ? dot : parts.name).startIndex;
}

/** The name at the root of a call chain: `ChatOptions` in `ChatOptions.builder().model(m)`. */
function receiverOf(callee: Node): string | undefined {
  if (callee.type !== "navigation_expression") return undefined;
  let n: Node | undefined = callee;
  while (n && (n.type === "call_expression" || n.type === "navigation_expression")) n = childrenOf(n)[0];
  return n?.type === "identifier" ? n.text : undefined;
}

/** `x`, `this.x`, `request.x`, `body["parallel_tool_calls"]`. */
function targetName(left: Node | null | undefined): string | undefined {
  if (left?.type === "identifier") return left.text;
  if (left?.type === "navigation_expression") {
    const last = codeChildrenOf(left).at(-1);
    return last?.type === "identifier" ? last.text : undefined;
  }
  if (left?.type === "index_expression") {
    const index = codeChildrenOf(left).slice(1);
    return index.length === 1 && index[0]!.type === "string_literal"
      ? plainKeyOf(index[0]!, STRING_CONTENT)
      : undefined;
  }
  return undefined;
}

/** A builder or setter call: its one argument is the value (readSetterName decides whether the name sets a flag). */
function readCall(node: Node): Candidate[] {
  const parts = callParts(node);
  if (!parts?.name || parts.lambda || parts.args.length !== 1) return [];
  const value = positionalValue(parts.args[0]!);
  if (!value) return [];
  return [
    {
      name: parts.name.text,
      shape: "setter",
      setter: true,
      value,
      start: callStart(node, parts),
      statement: node.startIndex,
      receiver: receiverOf(parts.callee),
    },
  ];
}

/** A named argument, or a string key and the value after it: `put("parallel_tool_calls", false)`. */
function readArgument(arg: Node): Candidate[] {
  const named = namedArgument(arg);
  if (named) return [{ name: named.name.text, shape: "named-argument", value: named.value, start: arg.startIndex }];
  const key = positionalValue(arg);
  const name = key?.type === "string_literal" ? plainKeyOf(key, STRING_CONTENT) : undefined;
  const list = arg.parent;
  if (!name || !list) return [];
  const args = codeChildrenOf(list).filter((a) => a.type === "value_argument");
  const next = args[args.findIndex((a) => a.id === arg.id) + 1];
  const value = next && positionalValue(next);
  if (!value) return [];
  const call = list.parent;
  const parts = call?.type === "call_expression" ? callParts(call) : undefined;
  const where = parts ? { start: callStart(call!, parts), statement: call!.startIndex } : { start: arg.startIndex };
  return [
    { name, shape: "string-key-argument", value, readDefault: readsWithDefault(parts?.name?.text ?? ""), ...where },
  ];
}

const syntax: JvmSyntax = {
  siteTypes: new Set([
    "call_expression",
    "value_argument",
    "property_declaration",
    "class_parameter",
    "parameter",
    "assignment",
    "infix_expression",
  ]),
  read(node) {
    switch (node.type) {
      case "call_expression":
        return readCall(node);
      case "value_argument":
        return readArgument(node);
      case "property_declaration": {
        const children = childrenOf(node);
        const name = codeChildrenOf(children.find((c) => c.type === "variable_declaration"))[0];
        const value = afterEquals(children);
        return name && value ? [{ name: name.text, shape: "property", value, start: node.startIndex }] : [];
      }
      case "class_parameter": {
        const children = childrenOf(node);
        const name = children.find((c) => c.type === "identifier");
        const value = afterEquals(children);
        return name && value ? [{ name: name.text, shape: "parameter", value, start: node.startIndex }] : [];
      }
      case "parameter": {
        // fun send(parallelToolCalls: Boolean = false): the default follows the parameter node, after "=".
        const siblings = childrenOf(node.parent);
        const at = siblings.findIndex((c) => c.id === node.id);
        const name = childrenOf(node).find((c) => c.type === "identifier");
        const value = siblings[at + 1]?.type === "=" ? afterEquals(siblings, at + 1) : undefined;
        return name && value ? [{ name: name.text, shape: "parameter", value, start: node.startIndex }] : [];
      }
      case "assignment": {
        const value = node.childForFieldName("right");
        const name = targetName(node.childForFieldName("left"));
        if (!value || !name || node.childForFieldName("operator")?.type !== "=") return [];
        return [{ name, shape: "assignment", value, start: node.startIndex }];
      }
      case "infix_expression": {
        // mapOf("parallel_tool_calls" to false)
        const [key, infix, value] = codeChildrenOf(node);
        if (key?.type !== "string_literal" || infix?.text !== "to" || !value) return [];
        const name = plainKeyOf(key, STRING_CONTENT);
        return name ? [{ name, shape: "string-key-pair", value, start: node.startIndex }] : [];
      }
    }
    return [];
  },
  contextTypes: new Set([
    "call_expression",
    "value_argument",
    "property_declaration",
    "class_parameter",
    "assignment",
    "class_declaration",
    "object_declaration",
  ]),
  contextName(node) {
    switch (node.type) {
      case "call_expression":
        return callParts(node)?.name?.text;
      case "value_argument":
        return namedArgument(node)?.name.text;
      case "property_declaration":
        return codeChildrenOf(childrenOf(node).find((c) => c.type === "variable_declaration"))[0]?.text;
      case "class_parameter":
        return childrenOf(node).find((c) => c.type === "identifier")?.text;
      case "assignment":
        return targetName(node.childForFieldName("left"));
      default:
        return node.childForFieldName("name")?.text;
    }
  },
  boundaries: new Set(["function_declaration", "lambda_literal", "anonymous_function", "getter", "setter"]),
  comments: JVM_COMMENTS,
  strings: new Set(["string_literal", "multiline_string_literal", "character_literal"]),
  booleanOf(node) {
    if (node.type === "identifier") return node.text === "true" ? true : node.text === "false" ? false : undefined;
    return node.type === "navigation_expression" ? booleanConstant(node) : undefined;
  },
  parens: new Set(["parenthesized_expression"]),
  nullish: (node) => node.type === "identifier" && node.text === "null",
  wrapped(node) {
    // JsonPrimitive(false), java.lang.Boolean.valueOf(false), Optional.of(false)
    const parts = node.type === "call_expression" ? callParts(node) : undefined;
    if (!parts?.name || !WRAPPERS.has(parts.name.text) || parts.lambda || parts.args.length !== 1) return undefined;
    return positionalValue(parts.args[0]!);
  },
  fallback(node) {
    // flag ?: false
    if (node.type !== "binary_expression" || node.childForFieldName("operator")?.type !== "?:") return undefined;
    return node.childForFieldName("right") ?? undefined;
  },
  booleanExpression: new Set([
    "prefix_expression",
    "binary_expression",
    "if_expression",
    "when_expression",
    "is_expression",
    "check_expression",
  ]),
  dynamic: new Set([
    "identifier",
    "navigation_expression",
    "call_expression",
    "index_expression",
    "this_expression",
    "as_expression",
  ]),
};

export const kotlin = jvmLanguage(
  {
    id: "kotlin",
    displayName: "Kotlin",
    extensions: [".kt", ".kts"],
    grammar: {
      file: "tree-sitter-kotlin.wasm",
      npmPackage: "@tree-sitter-grammars/tree-sitter-kotlin",
      displayName: "Kotlin",
    },
    testFile: jvmTestFile("\\.kts?"),
  },
  syntax,
);
