// YAML (.yaml, .yml): a mapping key whose last segment names a flag, with a boolean scalar as its value. Read by
// tree-sitter's YAML grammar (core schema), loaded only when a YAML file is a candidate.
import type { Node } from "web-tree-sitter";
import { readFlagName, type ExtraFlagNames } from "../../catalog";
import type { Analysis, Language, Range, RawSite } from "../../model";
import { LineIndex } from "../../text";
import { commentTokens, flagOffsets, LazyGrammar, syntaxProblems } from "../tree-sitter/base";
import { ancestryOf, type Ancestor } from "../tree-sitter/tree-walk";
import { CONFIG_TEST_FILE, configMarkerPlace, lastSegment } from "./facts";
import { placeholder } from "./placeholder";

const grammar = new LazyGrammar({
  file: "tree-sitter-yaml.wasm",
  npmPackage: "@tree-sitter-grammars/tree-sitter-yaml",
  displayName: "YAML",
});

/**
 * The booleans of the YAML 1.2 core schema, the one tree-sitter-yaml reads and most current loaders default to.
 * YAML 1.1's yes/no/on/off are strings under 1.2 (and under the loaders of Go's yaml.v3 and js-yaml's default
 * schema), booleans under PyYAML and SnakeYAML: a value the readers disagree on is not a site.
 */
const CORE_BOOLEANS = new Map<string, boolean>([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);

export const yaml: Language = {
  id: "yaml",
  displayName: "YAML",
  extensions: [".yaml", ".yml"],
  grammar: grammar.source,
  testFile: CONFIG_TEST_FILE,
  lineComment: "#",
  spell: (value) => (value ? "true" : "false"),
  booleanText: (text) => CORE_BOOLEANS.get(text),
  prepare: () => grammar.load(),
  analyze(text, path, options) {
    return grammar.withTree(text, path, (tree) =>
      findSites(text, tree.rootNode, options?.comments ?? false, options?.extraFlags),
    );
  },
};

const PAIRS = new Set(["block_mapping_pair", "flow_pair"]);
/** Scalars that may span lines: a line that begins inside one is string content. */
const MULTI_LINE = new Set(["plain_scalar", "double_quote_scalar", "single_quote_scalar", "block_scalar"]);
const COMMENT = new Set(["comment"]);
/** Tags that keep a scalar a boolean; any other (`!!str false`) makes it something else. */
const BOOLEAN_TAGS = new Set(["!!bool", "!<tag:yaml.org,2002:bool>"]);
/**
 * A VCR cassette (vcrpy, pytest-recording, Ruby's VCR) records HTTP traffic under a top-level `interactions` list:
 * a `parallel_tool_calls: true` in a recorded request body is what was sent, not a switch. Nothing under it is a site.
 */
const RECORDED_TRAFFIC = "interactions";

function findSites(text: string, root: Node, comments: boolean, extraFlags?: ExtraFlagNames): Analysis {
  const problems = syntaxProblems(root, new LineIndex(text), "invalid YAML");
  const sites: RawSite[] = [];
  const seen = new Set<Ancestor>();
  const offsets = flagOffsets(text);
  const leaves = ancestryOf(root, offsets, PAIRS);
  leaves.forEach((leaf, i) => {
    let at: Ancestor | undefined = leaf;
    for (let depth = 0; at && depth < 6 && !PAIRS.has(at.type); depth++) at = at.parent;
    if (!at || seen.has(at)) return;
    const pair = at.node!;
    const key = pair.childForFieldName("key");
    // The word must be in the key: a value or a block scalar that mentions the flag is text.
    if (!key || offsets[i]! < key.startIndex || offsets[i]! >= key.endIndex) return;
    seen.add(at);
    const site = readPair(text, root, key, pair.childForFieldName("value"), at, extraFlags);
    if (site) sites.push(site);
  });
  sites.sort((a, b) => a.value.start - b.value.start);
  return { sites, comments: comments ? commentTokens(root, COMMENT, MULTI_LINE) : [], problems };
}

function readPair(
  text: string,
  root: Node,
  key: Node,
  value: Node | null,
  at: Ancestor,
  extraFlags?: ExtraFlagNames,
): RawSite | undefined {
  const keyText = scalarText(key);
  if (keyText === undefined) return undefined;
  const name = lastSegment(keyText);
  if (!readFlagName(name, extraFlags)) return undefined;
  const context = contextOf(at);
  if (context[context.length - 1] === RECORDED_TRAFFIC) return undefined;
  const read = readValue(value);
  if (!read) return undefined;
  const valueRange = value
    ? { start: value.startIndex, end: value.endIndex }
    : { start: key.endIndex, end: key.endIndex };
  return {
    name,
    shape: "mapping-key",
    value: valueRange,
    ...read,
    marker: configMarkerPlace(text, key.startIndex, (pos) => multiLineScalarAround(root, pos)),
    context,
  };
}

/** How a value reads; undefined when it is not a site (a string, a block scalar, a nested collection). */
function readValue(value: Node | null): Pick<RawSite, "valueKind" | "literal"> | undefined {
  if (!value) return { valueKind: "nullish" }; // `parallel_tool_calls:` with nothing: null, the API default
  if (value.type !== "flow_node") return undefined;
  const parts = value.namedChildren.filter((c): c is Node => c !== null);
  const tag = parts.find((c) => c.type === "tag");
  const content = parts.find((c) => c.type !== "tag" && c.type !== "anchor");
  if (!content) return { valueKind: "nullish" }; // `&a` or `!!bool` alone: null
  if (content.type === "alias") return { valueKind: "dynamic" };
  if (content.type !== "plain_scalar") return undefined; // "false" quoted is a string; {..} and [..] are collections
  if (tag && !BOOLEAN_TAGS.has(tag.text)) return undefined;
  const scalar = content.namedChild(0);
  if (!scalar) return undefined;
  if (scalar.type === "boolean_scalar") {
    return {
      valueKind: "literal",
      literal: {
        start: scalar.startIndex,
        end: scalar.endIndex,
        text: scalar.text,
        value: CORE_BOOLEANS.get(scalar.text)!,
      },
    };
  }
  if (scalar.type === "null_scalar") return { valueKind: "nullish" };
  if (scalar.type === "string_scalar") return placeholder(scalar.text, scalar.startIndex, (t) => CORE_BOOLEANS.get(t));
  return undefined;
}

/** The text of a key: a plain or quoted scalar (unquoted), else undefined (a complex key). */
function scalarText(key: Node): string | undefined {
  const node =
    key.type === "flow_node"
      ? key.namedChildren.find((c) => c !== null && c.type !== "tag" && c.type !== "anchor")
      : undefined;
  if (!node) return undefined;
  if (node.type === "plain_scalar") return node.text;
  if (node.type === "single_quote_scalar") return node.text.slice(1, -1).replace(/''/g, "'");
  if (node.type === "double_quote_scalar") {
    try {
      return JSON.parse(node.text) as string; // YAML's double-quoted escapes are a superset of JSON's; others: not a flag
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Keys of the enclosing mapping pairs, innermost first. */
function contextOf(at: Ancestor): string[] {
  const names: string[] = [];
  for (let a = at.parent; a; a = a.parent) {
    if (!a.node || !PAIRS.has(a.type)) continue;
    const key = a.node.childForFieldName("key");
    const name = key ? scalarText(key) : undefined;
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** The multi-line scalar that holds pos strictly inside it, if any. */
function multiLineScalarAround(root: Node, pos: number): Range | undefined {
  let found: Range | undefined;
  for (let n: Node | null = root.descendantForIndex(pos); n; n = n.parent) {
    if (MULTI_LINE.has(n.type) && n.startIndex < pos && pos < n.endIndex)
      found = { start: n.startIndex, end: n.endIndex };
  }
  return found;
}
