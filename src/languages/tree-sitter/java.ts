// Java (tree-sitter-java): builder and setter calls, fields, variables, assignments, annotation arguments and string
// keys, read by the JVM finder from this grammar's node kinds.
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

const STRING_CONTENT = new Set(["string_fragment"]);

function argumentsOf(node: Node): Node[] {
  return codeChildrenOf(node.childForFieldName("arguments"));
}

/** Where a call begins as a site: the `.` before its name in a chain, or its name. */
function callStart(node: Node): number {
  const name = node.childForFieldName("name")!;
  const children = childrenOf(node);
  const dot = children.find((c, i) => c.type === "." && children[i + 1]?.id === name.id);
  return (dot ?? name).startIndex;
}

/** The name at the root of a call chain: `ChatOptions` in `ChatOptions.builder().model(m)`. */
function receiverOf(node: Node): string | undefined {
  let n: Node | null = node.childForFieldName("object");
  while (n && (n.type === "method_invocation" || n.type === "field_access")) n = n.childForFieldName("object");
  if (n?.type === "identifier") return n.text;
  if (n?.type === "object_creation_expression") return n.childForFieldName("type")?.text;
  return undefined;
}

/** `x`, `this.x`, `request.x`. */
function targetName(left: Node | null): string | undefined {
  if (left?.type === "identifier") return left.text;
  if (left?.type === "field_access") return left.childForFieldName("field")?.text;
  return undefined;
}

function readCall(node: Node): Candidate[] {
  const name = node.childForFieldName("name");
  if (!name) return [];
  const args = argumentsOf(node);
  const common = { start: callStart(node), statement: node.startIndex, receiver: receiverOf(node) };
  const out: Candidate[] = [];
  // A builder or setter: its one argument is the value (readSetterName decides whether the name sets a flag).
  if (args.length === 1) out.push({ name: name.text, shape: "setter", setter: true, value: args[0]!, ...common });
  // A string key and the value after it: payload.put("parallel_tool_calls", false), Map.of(..., "key", value).
  args.forEach((arg, i) => {
    const key = arg.type === "string_literal" ? plainKeyOf(arg, STRING_CONTENT) : undefined;
    if (key && args[i + 1])
      out.push({
        name: key,
        shape: "string-key-argument",
        value: args[i + 1]!,
        readDefault: readsWithDefault(name.text),
        ...common,
      });
  });
  return out;
}

const syntax: JvmSyntax = {
  siteTypes: new Set(["method_invocation", "variable_declarator", "assignment_expression", "element_value_pair"]),
  read(node) {
    switch (node.type) {
      case "method_invocation":
        return readCall(node);
      case "variable_declarator": {
        const name = node.childForFieldName("name");
        const value = node.childForFieldName("value");
        if (!name || !value) return [];
        const declaration = node.parent;
        const shape =
          declaration?.type === "field_declaration" || declaration?.type === "constant_declaration"
            ? "field"
            : "variable";
        return [{ name: name.text, shape, value, start: node.startIndex, statement: declaration?.startIndex }];
      }
      case "assignment_expression": {
        const value = node.childForFieldName("right");
        const name = targetName(node.childForFieldName("left"));
        if (!value || !name || node.childForFieldName("operator")?.type !== "=") return [];
        return [{ name, shape: "assignment", value, start: node.startIndex, statement: node.parent?.startIndex }];
      }
      case "element_value_pair": {
        // @AgentDefaults(parallelToolCalls = false)
        const key = node.childForFieldName("key");
        const value = node.childForFieldName("value");
        return key && value ? [{ name: key.text, shape: "annotation-argument", value, start: node.startIndex }] : [];
      }
    }
    return [];
  },
  contextTypes: new Set([
    "method_invocation",
    "object_creation_expression",
    "variable_declarator",
    "assignment_expression",
    "class_declaration",
    "record_declaration",
    "interface_declaration",
    "enum_declaration",
    "element_value_pair",
    "annotation",
  ]),
  contextName(node) {
    switch (node.type) {
      case "object_creation_expression":
        return node.childForFieldName("type")?.text;
      case "assignment_expression":
        return targetName(node.childForFieldName("left"));
      case "element_value_pair":
        return node.childForFieldName("key")?.text;
      default:
        return node.childForFieldName("name")?.text;
    }
  },
  boundaries: new Set(["method_declaration", "constructor_declaration", "lambda_expression"]),
  comments: JVM_COMMENTS,
  // Text blocks are string_literal too: nothing inside one is a comment or a site.
  strings: new Set(["string_literal", "character_literal"]),
  booleanOf(node) {
    if (node.type === "true") return true;
    if (node.type === "false") return false;
    return node.type === "field_access" ? booleanConstant(node) : undefined;
  },
  parens: new Set(["parenthesized_expression"]),
  nullish: (node) => node.type === "null_literal",
  wrapped(node) {
    // Boolean.valueOf(false), Optional.of(false), new JsonPrimitive(false)
    const type = node.type === "object_creation_expression" ? node.childForFieldName("type")?.text : undefined;
    const name =
      node.type === "method_invocation" ? node.childForFieldName("name")?.text : type?.slice(type.lastIndexOf(".") + 1);
    const args = name && WRAPPERS.has(name) ? argumentsOf(node) : [];
    return args.length === 1 ? args[0] : undefined;
  },
  booleanExpression: new Set([
    "unary_expression",
    "binary_expression",
    "ternary_expression",
    "instanceof_expression",
    "switch_expression",
  ]),
  dynamic: new Set([
    "identifier",
    "field_access",
    "array_access",
    "method_invocation",
    "object_creation_expression",
    "this",
    "cast_expression",
  ]),
};

export const java = jvmLanguage(
  {
    id: "java",
    displayName: "Java",
    extensions: [".java"],
    grammar: { file: "tree-sitter-java.wasm", npmPackage: "tree-sitter-java", displayName: "Java" },
    testFile: jvmTestFile("\\.java"),
  },
  syntax,
);
