// Walking a tree-sitter tree with a cursor: creating a JS Node object for every node costs more than the parse,
// so only nodes of the asked types are materialized.
import type { Node } from "web-tree-sitter";

/** Calls `visit` for each node under (and including) root whose type is in `types`, in document order. */
export function eachNodeOfType(
  root: Node,
  types: ReadonlySet<string>,
  visit: (node: Node) => void,
  skipInside?: ReadonlySet<string>,
): void {
  const cursor = root.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (types.has(type) || (types.has("MISSING") && cursor.nodeIsMissing)) visit(cursor.currentNode);
      if (!skipInside?.has(type) && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentDepth === 0) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** A node on the way from the root to an offset: its type, the Node object when its type was asked for, its parent. */
export interface Ancestor {
  type: string;
  node?: Node;
  parent?: Ancestor;
}

/**
 * The deepest node that holds each offset (given in ascending order), with its chain of ancestors, from one walk of
 * a cursor. Node.parent and descendantForIndex start from the root each time and scan a node's children one by one,
 * so asking them once per site grows with the square of the file on a line of 60,000 calls or a statement continued
 * over 6,000 lines; the cursor visits each node on the way at most once, and each sibling before it once.
 * Only nodes whose type is in `keep` are made into Node objects (making one costs more than moving the cursor).
 */
export function ancestryOf(root: Node, offsets: readonly number[], keep: ReadonlySet<string>): Ancestor[] {
  const cursor = root.walk();
  const out: Ancestor[] = [];
  const here = (parent: Ancestor | undefined): Ancestor => {
    const type = cursor.nodeType;
    return { type, node: keep.has(type) ? cursor.currentNode : undefined, parent };
  };
  let at = here(undefined);
  try {
    for (const offset of offsets) {
      // Up to the nearest node that holds the offset; the offsets ascend, so only later siblings can.
      while (at.parent && !(cursor.startIndex <= offset && offset < cursor.endIndex)) {
        let moved = false;
        while (cursor.gotoNextSibling()) {
          if (cursor.endIndex <= offset) continue;
          if (cursor.startIndex <= offset) {
            at = here(at.parent);
            moved = true;
          }
          break;
        }
        if (moved) break;
        cursor.gotoParent();
        at = at.parent!;
      }
      // Down to the deepest child that holds it.
      while (cursor.gotoFirstChild()) {
        let found = false;
        do {
          if (cursor.endIndex <= offset) continue;
          found = cursor.startIndex <= offset;
          break;
        } while (cursor.gotoNextSibling());
        if (!found) {
          cursor.gotoParent();
          break;
        }
        at = here(at);
      }
      out.push(at);
    }
  } finally {
    cursor.delete();
  }
  return out;
}

/**
 * eachNodeOfType, also naming for each node the innermost node around it (itself excluded) whose type is in
 * `scopes`, or the root: Node.parent would start from the root again for each step up.
 */
export function eachNodeOfTypeInScope(
  root: Node,
  types: ReadonlySet<string>,
  scopes: ReadonlySet<string>,
  visit: (node: Node, scope: Node) => void,
): void {
  const cursor = root.walk();
  const open: Array<{ depth: number; node: Node }> = [{ depth: -1, node: root }];
  try {
    for (;;) {
      const depth = cursor.currentDepth;
      while (open[open.length - 1]!.depth >= depth) open.pop();
      const type = cursor.nodeType;
      if (types.has(type)) visit(cursor.currentNode, open[open.length - 1]!.node);
      if (scopes.has(type) && depth > 0) open.push({ depth, node: cursor.currentNode });
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentDepth === 0) return;
      }
    }
  } finally {
    cursor.delete();
  }
}
