// TOML (.toml): a key whose last segment names a flag (`parallel_tool_calls = false` under a table, in an inline
// table, or as a dotted key), with a boolean as its value. Read by tree-sitter's TOML grammar, loaded only when a
// TOML file is a candidate.
import type { Node } from "web-tree-sitter";
import { readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, Language, Range, RawSite } from "../../model";
import { LineIndex } from "../../text";
import { commentTokens, flagOffsets, LazyGrammar, syntaxProblems } from "../tree-sitter/base";
import { ancestryOf, type Ancestor } from "../tree-sitter/tree-walk";
import { CONFIG_TEST_FILE, configMarkerPlace } from "./facts";

const grammar = new LazyGrammar({
  file: "tree-sitter-toml.wasm",
  npmPackage: "@tree-sitter-grammars/tree-sitter-toml",
  displayName: "TOML",
});

export const toml: Language = {
  id: "toml",
  displayName: "TOML",
  extensions: [".toml"],
  grammar: grammar.source,
  testFile: CONFIG_TEST_FILE,
  lineComment: "#",
  // TOML has one spelling of each boolean.
  spell: (value) => (value ? "true" : "false"),
  prepare: () => grammar.load(),
  analyze(text, path, options) {
    return grammar.withTree(text, path, (tree) =>
      findSites(text, tree.rootNode, options?.comments ?? false, options?.extraFlags),
    );
  },
};

const KEEP = new Set(["pair", "table", "table_array_element"]);
const KEYS = new Set(["bare_key", "quoted_key", "dotted_key"]);
const STRING = new Set(["string"]);
const COMMENT = new Set(["comment"]);

function findSites(text: string, root: Node, comments: boolean, extraFlags?: ExtraFlagNames): Analysis {
  const problems = syntaxProblems(root, new LineIndex(text), "invalid TOML");
  const sites: RawSite[] = [];
  const seen = new Set<Ancestor>();
  const offsets = flagOffsets(text);
  ancestryOf(root, offsets, KEEP).forEach((leaf, i) => {
    let at: Ancestor | undefined = leaf;
    for (let depth = 0; at && depth < 5 && at.type !== "pair"; depth++) at = at.parent;
    if (at?.type !== "pair" || !at.node || seen.has(at)) return;
    const pair = at.node;
    const key = pair.namedChild(0);
    const value = pair.namedChild(pair.namedChildCount - 1);
    // The word must be in the key: a string value that mentions the flag is text.
    if (
      !key ||
      !KEYS.has(key.type) ||
      !value ||
      value === key ||
      offsets[i]! < key.startIndex ||
      offsets[i]! >= key.endIndex
    )
      return;
    seen.add(at);
    const name = lastKey(key);
    if (name === undefined || !readFlagName(name, extraFlags)) return;
    if (value.type !== "boolean") return; // a string "false" is a string; arrays and tables are not switches
    sites.push({
      name,
      shape: "key",
      value: { start: value.startIndex, end: value.endIndex },
      valueKind: "literal",
      literal: { start: value.startIndex, end: value.endIndex, text: value.text, value: value.text === "true" },
      marker: configMarkerPlace(text, pair.startIndex, (pos) => multiLineStringAround(root, pos)),
      context: contextOf(at, key),
    });
  });
  sites.sort((a, b) => a.value.start - b.value.start);
  return { sites, comments: comments ? commentTokens(root, COMMENT, STRING) : [], problems };
}

/** The last segment of a key (`a.b.parallel_tool_calls`), unquoted. */
function lastKey(key: Node): string | undefined {
  const last = key.type === "dotted_key" ? key.namedChild(key.namedChildCount - 1) : key;
  if (!last) return undefined;
  if (last.type === "bare_key") return last.text;
  if (last.type === "quoted_key") {
    if (last.text.startsWith("'")) return last.text.slice(1, -1); // a literal string: no escapes
    try {
      return JSON.parse(last.text) as string;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The key's own leading segments, then the enclosing pairs' and table headers' keys, innermost first. */
function contextOf(at: Ancestor, key: Node): string[] {
  const names: string[] = [];
  const segments = (k: Node | null) =>
    k
      ? k.text
          .split(".")
          .map((s) => s.trim().replace(/^["']|["']$/g, ""))
          .reverse()
      : [];
  if (key.type === "dotted_key") names.push(...segments(key).slice(1));
  for (let a = at.parent; a; a = a.parent) {
    if (a.node && KEEP.has(a.type)) names.push(...segments(a.node.namedChild(0)));
  }
  return names;
}

/** The multi-line string that holds pos strictly inside it, if any. */
function multiLineStringAround(root: Node, pos: number): Range | undefined {
  for (let n: Node | null = root.descendantForIndex(pos); n; n = n.parent) {
    if (STRING.has(n.type) && n.startIndex < pos && pos < n.endIndex) return { start: n.startIndex, end: n.endIndex };
  }
  return undefined;
}
