// The ESTree tree oxc-parser gives (with TypeScript's additions), as the finders walk it: plain objects with a type,
// UTF-16 start and end offsets, and a parent link that attachParents adds.

/** An oxc-parser node. Fields are read by name after a check of `type`, as ESTree code does. */
export interface EsNode {
  type: string;
  start: number;
  end: number;
  parent?: EsNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** oxc-parser's visitorKeys: the fields of each node type that hold child nodes, in source order. */
export type Keys = Readonly<Record<string, readonly string[]>>;

/**
 * Visits the nodes under root (root included) in document order, parents first, setting each child's parent on the
 * way down, so `visit` may look up at any ancestor. `visit` returning false skips the node's children.
 */
export function walk(root: EsNode, keys: Keys, visit: (node: EsNode) => boolean | void): void {
  const stack: EsNode[] = [root];
  const push = (child: unknown, parent: EsNode) => {
    if (child && typeof child === "object" && typeof (child as EsNode).type === "string") {
      (child as EsNode).parent = parent;
      stack.push(child as EsNode);
    }
  };
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const fields = keys[node.type] ?? [];
    // Pushed in reverse, so the first child is visited first.
    for (let f = fields.length - 1; f >= 0; f--) {
      const child: unknown = node[fields[f]!];
      if (Array.isArray(child)) for (let i = child.length - 1; i >= 0; i--) push(child[i], node);
      else push(child, node);
    }
  }
}

const FUNCTION_TYPES = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "TSDeclareFunction",
  "TSMethodSignature",
  "TSIndexSignature",
  "TSCallSignatureDeclaration",
  "TSConstructSignatureDeclaration",
  "TSFunctionType",
  "TSConstructorType",
]);

/** A function, method body or function type: where the names around a site stop counting. */
export function isFunctionLike(node: EsNode): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** `x`, `"x"`, `` `x` `` (no substitutions): the text a literal-like name or key stands for. */
export function staticText(node: EsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier" || node.type === "PrivateIdentifier") return node.name as string;
  if (
    node.type === "Literal" &&
    (typeof node.value === "string" || typeof node.value === "number") &&
    !node.regex &&
    node.bigint === undefined
  )
    return String(node.value);
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The key of a property, field or signature, as the finder names it: computed keys only when they are strings. */
export function keyName(node: EsNode): string | undefined {
  const key = node.key as EsNode | undefined;
  if (!key) return undefined;
  if (node.computed)
    return key.type === "Literal" && typeof key.value === "string"
      ? key.value
      : key.type === "TemplateLiteral"
        ? staticText(key)
        : undefined;
  return staticText(key);
}

/** Numeric literal 0, as an index. */
export function isZero(node: EsNode | null | undefined): boolean {
  return !!node && node.type === "Literal" && node.value === 0;
}
