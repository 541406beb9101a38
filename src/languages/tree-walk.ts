// Walking a tree-sitter tree with a cursor: creating a JS Node object for every node costs more than the parse,
// so only nodes of the asked types are materialized.
import type { Node } from "web-tree-sitter";

/** Calls `visit` for each node under (and including) root whose type is in `types`, in document order. */
export function eachNodeOfType(root: Node, types: ReadonlySet<string>, visit: (node: Node) => void, skipInside?: ReadonlySet<string>): void {
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
