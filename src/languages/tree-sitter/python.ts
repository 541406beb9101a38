// Python: text -> raw sites, with tree-sitter's Python grammar running in web-tree-sitter (WebAssembly shipped in
// the npm packages: nothing to build, nothing downloaded). Offsets are UTF-16 indices, as for TypeScript.
import type { Node, Query as QueryType } from "web-tree-sitter";
import { auditPython } from "../../audit/python";
import { drivesTheToolLoop, isUiPath } from "../../audit/patterns";
import { mayDropCalls } from "../../audit/gate";
import { PREFILTER_WORDS, readFlagName, type ExtraFlagNames } from "../../catalog";
import { TEST_FOLDER } from "../test-folders";
import type { Analysis, Language, MarkerPlace, Range, RawSite } from "../../model";
import { LineIndex, previousLineStart } from "../../text";
import {
  assignedName,
  commentTokens,
  fieldText,
  flagOffsets,
  LazyGrammar,
  readValue as readWith,
  syntaxProblems,
  type TargetKinds,
  type ValueSyntax,
} from "./base";
import { ancestryOf, type Ancestor } from "./tree-walk";

const grammar = new LazyGrammar({
  file: "tree-sitter-python.wasm",
  npmPackage: "tree-sitter-python",
  displayName: "Python",
});
let stringQuery: QueryType | undefined;

/** Loads the runtime and the grammar (about 20 ms): only when a Python file is a candidate. */
async function load(): Promise<void> {
  await grammar.load();
  stringQuery ??= grammar.query("(string) @string");
}

export const python: Language = {
  id: "python",
  displayName: "Python",
  extensions: [".py"],
  grammar: grammar.source,
  startWords: PREFILTER_WORDS,
  testFile: new RegExp(
    `(^|/)(${TEST_FOLDER})/|(^|/)[^/]+\\.(test|spec)\\.[^/]+$|(^|/)test_[^/]+\\.py$|(^|/)[^/]+_test\\.py$|(^|/)conftest\\.py$|(^|/)tests?\\.py$`,
  ),
  // A Python loop over tool calls has no braces for loop-gate.ts to read: it is always parsed.
  auditGate: (text) => mayDropCalls(text, false),
  lineComment: "#",
  spell: (value) => (value ? "True" : "False"),
  partialParse: true,
  prepare: load,
  analyze(text, path, options) {
    return grammar.withTree(text, path, (tree) => {
      const analysis = new Finder(text, tree.rootNode, options?.extraFlags).run(options?.comments ?? false);
      if (options?.audit)
        analysis.findings = auditPython(tree.rootNode, tree.rootNode.text, {
          // a UI file that tests the stop reason for tool calls runs the loop itself (a Streamlit app)
          shows: isUiPath(path) && !drivesTheToolLoop(text),
        });
      return analysis;
    });
  },
};

const FUNCTION_BOUNDARY = new Set(["function_definition", "lambda"]);
const SITE_TYPES = new Set(["keyword_argument", "pair", "default_parameter", "typed_default_parameter", "assignment"]);
const STRING = new Set(["string"]);
const COMMENT = new Set(["comment"]);
/** The nodes the finder reads beyond their type: sites, and the nodes that name a site's context. */
const READ = new Set([...SITE_TYPES, "pair", "assignment", "keyword_argument", "class_definition", "call"]);

class Finder {
  private readonly sites: RawSite[] = [];
  private readonly anchors = new Map<RawSite, number>();
  /** Where the marker of a site whose statement begins on a line goes, by that line's start (shared along a chain). */
  private readonly places = new Map<number, MarkerPlace>();
  /** Context names from a node up to its function, shared by every site below it. */
  private readonly contexts = new Map<Ancestor, Names | undefined>();
  private multiLineStrings: Range[] | undefined;
  private linesIndex: LineIndex | undefined;
  constructor(
    private readonly text: string,
    private readonly root: Node,
    private readonly extraFlags?: ExtraFlagNames,
  ) {}

  /**
   * Walking every node of a tree-sitter tree from JavaScript costs more than the parse, so the finder starts from the
   * places where the text names a flag and climbs to the node that gives it a value. Whole walks happen only where
   * they are needed: a tree with errors (to locate them) and a text that may hold markers (to know its comments).
   */
  run(comments: boolean): Analysis {
    const problems = syntaxProblems(this.root, this.lines, "invalid syntax, or syntax newer than the Python grammar");
    const seen = new Set<Ancestor>();
    const offsets = flagOffsets(this.text, python.startWords);
    for (const leaf of ancestryOf(this.root, offsets, READ)) {
      let node: Ancestor | undefined = leaf;
      for (let depth = 0; node && depth < 5; depth++, node = node.parent) {
        if (!SITE_TYPES.has(node.type)) continue;
        if (!seen.has(node)) this.inspect(node);
        seen.add(node);
        break;
      }
    }
    for (const site of this.sites) site.marker = this.markerPlace(this.anchors.get(site)!);
    this.sites.sort((a, b) => a.value.start - b.value.start);
    const found = comments ? commentTokens(this.root, COMMENT, STRING) : [];
    return { sites: this.sites, comments: found, problems };
  }

  private get lines(): LineIndex {
    return (this.linesIndex ??= new LineIndex(this.text));
  }

  /**
   * The outermost string literal that holds pos strictly inside it (so a line starting there is string content), if
   * any. Only strings over several lines can; they are listed once, by the query engine, outermost first.
   */
  private stringAround(pos: number): Range | undefined {
    if (!this.multiLineStrings) {
      const outer: Range[] = [];
      for (const { node } of stringQuery!.captures(this.root)) {
        if (node.startPosition.row === node.endPosition.row) continue;
        const last = outer[outer.length - 1];
        if (last && node.startIndex < last.end) continue; // inside the previous one (an f-string's hole)
        outer.push({ start: node.startIndex, end: node.endIndex });
      }
      this.multiLineStrings = outer;
    }
    const list = this.multiLineStrings;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid]!;
      if (r.end <= pos) lo = mid + 1;
      else if (r.start >= pos) hi = mid - 1;
      else return r;
    }
    return undefined;
  }

  private inspect(at: Ancestor): void {
    const node = at.node!;
    switch (node.type) {
      case "keyword_argument":
        return this.site(fieldText(node, "name"), "keyword-argument", node.childForFieldName("value"), at);
      case "pair": {
        const key = node.childForFieldName("key");
        return this.site(key ? plainString(key) : undefined, "dict-key", node.childForFieldName("value"), at);
      }
      case "default_parameter":
      case "typed_default_parameter":
        return this.site(fieldText(node, "name"), "parameter", node.childForFieldName("value"), at);
      case "assignment": {
        const value = node.childForFieldName("right");
        if (!value || value.type === "assignment") return;
        const inClass = at.parent?.parent?.parent?.type === "class_definition";
        const shape = node.childForFieldName("type") && inClass ? "field" : "assignment";
        return this.site(assignedName(node.childForFieldName("left"), TARGETS, plainString), shape, value, at);
      }
    }
  }

  private site(name: string | undefined, shape: string, value: Node | null, anchor: Ancestor): void {
    if (!name || !value || !readFlagName(name, this.extraFlags)) return;
    // A pydantic Field(default=False) or dataclasses field(default=False): the default is the value that matters.
    const read = (shape === "field" && fieldDefault(value)) || readValue(value);
    if (read.valueKind === "other") return;
    const site: RawSite = {
      name,
      shape,
      value: { start: value.startIndex, end: value.endIndex },
      ...read,
      marker: { kind: "none", why: "not placed yet" },
      context: this.context(anchor),
    };
    this.sites.push(site);
    this.anchors.set(site, anchor.node!.startIndex);
  }

  /**
   * Python has no inline comment, so the marker is a line of its own above the line where the site begins. A comment
   * line is allowed anywhere between statements and inside brackets, but not inside a string (a keyword argument right
   * after a triple-quoted one: the marker goes above the line where that string begins) and not after a backslash
   * continuation (the comment would end the continued line: the marker goes above the line it continues).
   */
  private markerPlace(anchor: number): MarkerPlace {
    // Each step moves to an earlier line, so the walk ends; the lines it passes are remembered, so sites spread over
    // one statement continued over thousands of lines walk each line once between them.
    const passed: number[] = [];
    let lineStart = this.lines.lineStart(anchor);
    let place = this.places.get(lineStart);
    while (!place) {
      passed.push(lineStart);
      const inString = this.stringAround(lineStart);
      if (inString) lineStart = this.lines.lineStart(inString.start);
      else if (continues(this.text, lineStart)) lineStart = previousLineStart(this.text, lineStart);
      else {
        place = { kind: "line", lineStart };
        break;
      }
      place = this.places.get(lineStart);
    }
    for (const p of passed) this.places.set(p, place);
    return place;
  }

  /** Names of enclosing dict keys, assignments, keyword arguments, calls and classes, innermost first. */
  private context(anchor: Ancestor): string[] {
    // Each node's list is its own name in front of its parent's: kept per node, as sites share their ancestors.
    const pending: Ancestor[] = [];
    let names: Names | undefined;
    for (let n = anchor.parent; n && !FUNCTION_BOUNDARY.has(n.type); n = n.parent) {
      if (this.contexts.has(n)) {
        names = this.contexts.get(n);
        break;
      }
      pending.push(n);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const name = contextName(pending[i]!);
      if (name) names = { name, rest: names };
      this.contexts.set(pending[i]!, names);
    }
    const out: string[] = [];
    for (let n = names; n; n = n.rest) out.push(n.name);
    return out;
  }
}

/** The text of a plain string literal ("k", 'k'), or undefined for f-strings, concatenations and the like. */
function plainString(node: Node): string | undefined {
  if (node.type !== "string") return undefined;
  const parts = node.namedChildren.filter((c): c is Node => c !== null);
  if (parts.some((c) => c.type === "interpolation")) return undefined;
  const start = parts[0];
  if (!start || start.type !== "string_start" || /[fFbB]/.test(start.text)) return undefined;
  return parts
    .filter((c) => c.type === "string_content")
    .map((c) => c.text)
    .join("");
}

/** `x`, `self.parallel_tool_calls`, `body["disable_parallel_tool_use"]`. */
const TARGETS: TargetKinds = { member: ["attribute", "attribute"], index: ["subscript", "subscript"] };

const VALUES: ValueSyntax = {
  booleanOf: (n) => (n.type === "true" ? true : n.type === "false" ? false : undefined),
  parens: new Set(["parenthesized_expression"]),
  nullish: (n) => n.type === "none",
  // `flag or False` falls back to False; `flag and False` is always falsy, so it is an expression, not a fallback.
  fallback: (n) =>
    n.type === "boolean_operator" && n.childForFieldName("operator")?.type === "or"
      ? (n.childForFieldName("right") ?? undefined)
      : undefined,
  booleanExpression: new Set(["boolean_operator", "not_operator", "comparison_operator", "conditional_expression"]),
  dynamic: new Set(["identifier", "attribute", "call", "subscript", "await"]),
};

function readValue(value: Node): Pick<RawSite, "valueKind" | "literal"> {
  return readWith(value, VALUES);
}

/** The literal default of `Field(False)`, `Field(default=False, ...)`, `field(default=False)`. */
function fieldDefault(value: Node): Pick<RawSite, "valueKind" | "literal"> | undefined {
  if (value.type !== "call") return undefined;
  const fn = value.childForFieldName("function");
  const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
  if (name !== "Field" && name !== "field") return undefined;
  const args = value.childForFieldName("arguments")?.namedChildren.filter((a): a is Node => a !== null) ?? [];
  const keyword = args.find((a) => a.type === "keyword_argument" && fieldText(a, "name") === "default");
  const first = args[0] && args[0].type !== "keyword_argument" && name === "Field" ? args[0] : undefined;
  const chosen = keyword?.childForFieldName("value") ?? first;
  if (!chosen) return undefined;
  const read = readValue(chosen);
  return read.valueKind === "other" ? undefined : read;
}

interface Names {
  name: string;
  rest: Names | undefined;
}

/** The name a node gives to the sites inside it, for the kinds of node that name a context. */
function contextName(at: Ancestor): string | undefined {
  const n = at.node;
  if (!n) return undefined;
  if (n.type === "pair") return plainString(n.childForFieldName("key") ?? n);
  if (n.type === "assignment") return assignedName(n.childForFieldName("left"), TARGETS, plainString);
  if (n.type === "keyword_argument" || n.type === "class_definition") return fieldText(n, "name");
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    return fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
  }
  return undefined;
}

/** Does the line before the one at lineStart end with a backslash (a continuation: no comment can end it)? */
function continues(text: string, lineStart: number): boolean {
  if (lineStart < 2 || text[lineStart - 1] !== "\n") return false;
  const end = text[lineStart - 2] === "\r" ? lineStart - 2 : lineStart - 1;
  return text[end - 1] === "\\";
}
