// Java's node kinds, as tree-sitter-java names them, for the JVM finder: where a name gets a value, and how a value
// is spelled.
import type { Node } from "web-tree-sitter";
import { childrenOf, namedChildrenOf, tokenStart, type Candidate, type JvmGrammar } from "./jvm-finder";
import { plainStringOf } from "./jvm-values";

const COMMENTS = new Set(["line_comment", "block_comment"]);
const STRING_CONTENT = new Set(["string_fragment"]);

function argumentsOf(node: Node): Node[] {
  return namedChildrenOf(node.childForFieldName("arguments")).filter((a) => !COMMENTS.has(a.type));
}

/** Where a call begins as a site: the `.` before its name in a chain, or its name. */
function callStart(node: Node): number {
  const name = node.childForFieldName("name")!;
  const dot = childrenOf(node).find((c, i, all) => c.type === "." && all[i + 1]?.id === name.id);
  return (dot ?? name).startIndex;
}

/** The name at the root of a call chain: `ChatOptions` in `ChatOptions.builder().model(m)`. */
function receiverOf(node: Node): string | undefined {
  let n: Node | null = node.childForFieldName("object");
  while (n && (n.type === "method_invocation" || n.type === "field_access")) n = n.childForFieldName("object");
  if (!n) return undefined;
  if (n.type === "identifier") return n.text;
  if (n.type === "object_creation_expression") return n.childForFieldName("type")?.text;
  return undefined;
}

/** `x`, `this.x`, `request.x`. */
function targetName(left: Node | null): string | undefined {
  if (!left) return undefined;
  if (left.type === "identifier") return left.text;
  if (left.type === "field_access") return left.childForFieldName("field")?.text;
  return undefined;
}

function readCall(node: Node): Candidate[] {
  const name = node.childForFieldName("name");
  if (!name) return [];
  const args = argumentsOf(node);
  const start = callStart(node);
  const common = { start, statement: tokenStart(node), receiver: receiverOf(node) };
  const out: Candidate[] = [];
  // A builder or setter: its one argument is the value (readSetterName decides whether the name sets a flag).
  if (args.length === 1) out.push({ name: name.text, shape: "setter", setter: true, value: args[0]!, ...common });
  // A string key followed by its value: payload.put("parallel_tool_calls", false), Map.of(..., "k", v).
  args.forEach((arg, i) => {
    const key = arg.type === "string_literal" ? plainStringOf(arg, STRING_CONTENT) : undefined;
    const value = args[i + 1];
    if (key && value) out.push({ name: key, shape: "string-key-argument", value, ...common });
  });
  return out;
}

export const javaGrammar: JvmGrammar = {
  siteTypes: new Set(["method_invocation", "variable_declarator", "assignment_expression", "element_value_pair"]),
  contextTypes: new Set(["method_invocation", "object_creation_expression", "variable_declarator", "assignment_expression", "class_declaration", "record_declaration", "interface_declaration", "enum_declaration", "element_value_pair", "annotation"]),
  boundaries: new Set(["method_declaration", "constructor_declaration", "lambda_expression"]),
  read(node) {
    switch (node.type) {
      case "method_invocation":
        return readCall(node);
      case "variable_declarator": {
        const name = node.childForFieldName("name");
        const value = node.childForFieldName("value");
        if (!name || !value || value.type === "array_initializer") return [];
        const declaration = node.parent;
        const shape = declaration?.type === "field_declaration" || declaration?.type === "constant_declaration" ? "field" : "variable";
        return [{ name: name.text, shape, value, start: tokenStart(node), statement: declaration ? tokenStart(declaration) : undefined }];
      }
      case "assignment_expression": {
        const value = node.childForFieldName("right");
        const name = targetName(node.childForFieldName("left"));
        if (!value || !name || node.childForFieldName("operator")?.type !== "=") return [];
        return [{ name, shape: "assignment", value, start: tokenStart(node), statement: node.parent ? tokenStart(node.parent) : undefined }];
      }
      case "element_value_pair": {
        const key = node.childForFieldName("key");
        const value = node.childForFieldName("value");
        return key && value ? [{ name: key.text, shape: "annotation-argument", value, start: tokenStart(node) }] : [];
      }
    }
    return [];
  },
  contextName(node) {
    switch (node.type) {
      case "method_invocation":
      case "variable_declarator":
      case "class_declaration":
      case "record_declaration":
      case "interface_declaration":
      case "enum_declaration":
      case "annotation":
        return node.childForFieldName("name")?.text;
      case "object_creation_expression":
        return node.childForFieldName("type")?.text;
      case "assignment_expression":
        return targetName(node.childForFieldName("left"));
      case "element_value_pair":
        return node.childForFieldName("key")?.text;
    }
    return undefined;
  },
  booleanOf: (node) => (node.type === "true" ? true : node.type === "false" ? false : undefined),
  isNull: (node) => node.type === "null_literal",
  inner(node) {
    if (node.type === "parenthesized_expression") return namedChildrenOf(node).find((c) => !COMMENTS.has(c.type));
    if (node.type === "cast_expression") return node.childForFieldName("value") ?? undefined;
    return undefined;
  },
  call(node) {
    if (node.type === "method_invocation") return { name: node.childForFieldName("name")?.text ?? "", args: argumentsOf(node) };
    if (node.type === "object_creation_expression") {
      const type = node.childForFieldName("type")?.text ?? "";
      return { name: type.slice(type.lastIndexOf(".") + 1), args: argumentsOf(node) };
    }
    return undefined;
  },
  fallback: () => undefined,
  booleanExpressions: new Set(["unary_expression", "binary_expression", "ternary_expression", "instanceof_expression", "switch_expression"]),
  dynamic: new Set(["identifier", "field_access", "array_access", "method_invocation", "object_creation_expression", "this"]),
};
