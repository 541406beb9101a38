// The shared tree-sitter base: grammars that load in the pinned web-tree-sitter, the tables built from the language
// modules' facts, and the helpers every tree-sitter language uses (value reader, marker place, flag offsets).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PREFILTER_WORDS, prefilterWordsFor } from "../src/catalog";
import { isTestPath, LANGUAGES, languageFor, skippedDirTest, SOURCE_EXTENSIONS } from "../src/languages/index";
import type { Language } from "../src/model";
import {
  booleanLiteral,
  flagOffsets,
  grammarPath,
  LazyGrammar,
  markerPlaceAt,
  readValue,
  syntaxProblems,
  type ValueSyntax,
} from "../src/languages/tree-sitter/base";
import { LineIndex } from "../src/text";
// @ts-expect-error: a build script, plain JavaScript
import { GRAMMARS } from "../scripts/copy-grammar.mjs";

type GrammarRow = { npmPackage: string; file: string; license: string };
const rows = GRAMMARS as GrammarRow[];

/** A few lines each grammar must read without an error: the pairing of grammar ABI and web-tree-sitter is tested here. */
const SAMPLES: Record<string, string> = {
  "tree-sitter-python.wasm": "x = {'parallel_tool_calls': False}\n",
  "tree-sitter-go.wasm": "package p\n\nvar p = Params{ParallelToolCalls: openai.Bool(false)}\n",
  "tree-sitter-java.wasm": "class A { void f() { b.parallelToolCalls(false).build(); } }\n",
  "tree-sitter-kotlin.wasm": "val r = ChatRequest(model = m, parallelToolCalls = false)\n",
  "tree-sitter-c_sharp.wasm": "class A { void F() { var o = new Options { AllowParallelToolCalls = false }; } }\n",
  "tree-sitter-yaml.wasm": "options:\n  parallel-tool-calls: false\n",
  "tree-sitter-toml.wasm": "[model]\nparallel_tool_calls = false\n",
};

describe("grammars", () => {
  for (const row of rows) {
    it(`${row.file} (${row.npmPackage}) loads in the pinned web-tree-sitter and parses a sample without error`, async () => {
      const grammar = new LazyGrammar({ file: row.file, npmPackage: row.npmPackage, displayName: row.npmPackage });
      await grammar.load();
      const sample = SAMPLES[row.file];
      expect(sample, "a sample for every grammar").toBeDefined();
      const problems = grammar.withTree(sample!, "sample", (tree) =>
        syntaxProblems(tree.rootNode, new LineIndex(sample!), "invalid"),
      );
      expect(problems).toEqual([]);
    });
  }

  it("every grammar is an exact-pinned devDependency, never a dependency", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
    for (const row of rows) {
      expect(manifest.devDependencies[row.npmPackage]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(manifest.dependencies[row.npmPackage]).toBeUndefined();
    }
  });

  it("every language module's grammar is copied by the build", () => {
    for (const language of LANGUAGES.filter((l) => l.grammar)) {
      expect(rows.map((r) => r.file)).toContain(language.grammar!.file);
      expect(fs.existsSync(grammarPath(language.grammar!))).toBe(true);
    }
  });

  it("two grammars share one runtime: loading one after another works, and loading twice is one load", async () => {
    const a = new LazyGrammar({
      file: "tree-sitter-toml.wasm",
      npmPackage: "@tree-sitter-grammars/tree-sitter-toml",
      displayName: "TOML",
    });
    const first = a.load();
    expect(a.load()).toBe(first);
    await first;
    expect(a.loaded).toBe(true);
  });

  it("names the missing grammar in one line", () => {
    expect(() => grammarPath({ file: "nope.wasm", npmPackage: "tree-sitter-nope", displayName: "Nope" })).toThrow(
      /the Nope grammar is missing/,
    );
  });
});

describe("tables built from the language modules", () => {
  it("each extension belongs to one module", () => {
    const all = LANGUAGES.flatMap((l) => l.extensions);
    expect(new Set(all).size).toBe(all.length);
    expect(SOURCE_EXTENSIONS.sort()).toEqual([...all].sort());
    expect(languageFor("a/B.PY")?.id).toBe("python");
  });

  it("test files are each language's own: Python's rules do not make a TS file a test, nor the reverse", () => {
    expect(isTestPath("pkg/test_agent.py")).toBe(true);
    expect(isTestPath("pkg/conftest.py")).toBe(true);
    expect(isTestPath("src/agent.test.ts")).toBe(true);
    expect(isTestPath("tests/agent.py")).toBe(true);
    expect(isTestPath("src/agent.ts")).toBe(false);
    expect(isTestPath("notes/test_plan.md")).toBe(false);
  });

  it("a folder is skipped only for files of the language that declares it", () => {
    const gopher = { id: "go", extensions: [".go"], skipDirs: ["vendor"] } as unknown as Language;
    const script = { id: "typescript", extensions: [".js"] } as unknown as Language;
    const of = (p: string) => (p.endsWith(".go") ? gopher : p.endsWith(".js") ? script : undefined);
    const skipped = skippedDirTest([gopher, script], of);
    expect(skipped("vendor/github.com/x/y.go")).toBe(true);
    expect(skipped("app/vendor/y.go")).toBe(true);
    expect(skipped("vendor/lib.js")).toBe(false);
    expect(skipped("vendors/y.go")).toBe(false);
    expect(skipped("src/vendor.go")).toBe(false);
  });
});

describe("catalog words", () => {
  it("an API key without the name rule's words adds itself to the prefilter and the finders' start words", () => {
    expect(prefilterWordsFor(["parallel_tool_calls", "AllowMultipleToolCalls"])).toEqual([
      ...PREFILTER_WORDS.slice(0, 3),
      "allowmultipletoolcalls",
    ]);
    expect(prefilterWordsFor(["parallel_tool_calls"])).toEqual(PREFILTER_WORDS.slice(0, 3));
  });

  it("flagOffsets finds each flag word in any case and separator style", () => {
    const text = "a parallelToolCalls b PARALLEL_TOOL_USE c parallel-tool-calls d parallel tool";
    expect(flagOffsets(text)).toEqual([2, 22, 42]);
  });
});

describe("markerPlaceAt", () => {
  const text = "x := P{\n\tParallelToolCalls: f(false),\n}\ny := P{ParallelToolCalls: false}\n";
  it("a site that begins its line: a comment line above it", () => {
    const at = text.indexOf("ParallelToolCalls");
    expect(markerPlaceAt(text, at, ["/*", "*/"])).toEqual({ kind: "line", lineStart: text.indexOf("\tParallel") });
  });
  it("elsewhere: inline, where the language has block comments; else no place", () => {
    const at = text.lastIndexOf("ParallelToolCalls");
    expect(markerPlaceAt(text, at, ["/*", "*/"])).toEqual({ kind: "inline" });
    expect(markerPlaceAt(text, at, undefined).kind).toBe("none");
  });
});

describe("readValue", () => {
  // Read over Go's grammar, with a syntax that knows a wrapper call: the same code serves every language.
  const go = new LazyGrammar({ file: "tree-sitter-go.wasm", npmPackage: "tree-sitter-go", displayName: "Go" });
  const syntax: ValueSyntax = {
    booleanOf: (n) => (n.type === "true" ? true : n.type === "false" ? false : undefined),
    parens: new Set(["parenthesized_expression"]),
    nullish: (n) => n.type === "nil",
    wrapped: (n) =>
      n.type === "call_expression" && n.childForFieldName("function")?.text === "W"
        ? (n.childForFieldName("arguments")?.namedChild(0) ?? undefined)
        : undefined,
    fallback: (n) =>
      n.type === "binary_expression" && n.childForFieldName("operator")?.text === "||"
        ? (n.childForFieldName("right") ?? undefined)
        : undefined,
    booleanExpression: new Set(["unary_expression", "binary_expression"]),
    dynamic: new Set(["identifier", "selector_expression", "call_expression"]),
  };
  const read = async (expr: string) => {
    await go.load();
    const text = `package p\n\nvar v = ${expr}\n`;
    return go.withTree(text, "v.go", (tree) => {
      const decl = tree.rootNode.descendantsOfType("expression_list")[0]!.namedChild(0)!;
      const r = readValue(decl, syntax);
      return {
        kind: r.valueKind,
        literal: r.literal && {
          text: r.literal.text,
          value: r.literal.value,
          at: text.slice(r.literal.start, r.literal.end),
        },
      };
    });
  };
  it("reads literals, through parentheses and wrappers", async () => {
    expect(await read("false")).toEqual({ kind: "literal", literal: { text: "false", value: false, at: "false" } });
    expect(await read("((true))")).toEqual({ kind: "literal", literal: { text: "true", value: true, at: "true" } });
    expect(await read("W(false)")).toEqual({ kind: "literal", literal: { text: "false", value: false, at: "false" } });
  });
  it("reads nullish, fallback, boolean expressions, dynamic values, and the rest as other", async () => {
    expect((await read("nil")).kind).toBe("nullish");
    expect(await read("x || false")).toEqual({
      kind: "fallback",
      literal: { text: "false", value: false, at: "false" },
    });
    expect((await read("x && false")).kind).toBe("boolean-expression");
    expect((await read("!x")).kind).toBe("boolean-expression");
    expect((await read("W(x)")).kind).toBe("dynamic");
    expect((await read("cfg.On")).kind).toBe("dynamic");
    expect((await read(`"false"`)).kind).toBe("other");
  });
  it("booleanLiteral gives nothing for a missing node", () => {
    expect(booleanLiteral(undefined, syntax)).toBeUndefined();
  });
});
