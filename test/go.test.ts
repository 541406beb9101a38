// Go: which files are Go sources and tests, and how the finder reads the shapes of SHAPES.md that fixtures do not
// pin down on their own (each expectation here is a rule, not one example).
import { beforeAll, describe, expect, it } from "vitest";
import { isTestPath } from "../src/languages/index";
import { go, packageNames } from "../src/languages/tree-sitter/go";
import { isSourcePath } from "../src/pipeline/discover";

beforeAll(async () => {
  await go.prepare!();
});

/** The sites of a Go text: name, shape, value kind and literal. */
function sites(
  body: string,
  imports = `import (\n\t"github.com/openai/openai-go/v3"\n\t"github.com/openai/openai-go/v3/packages/param"\n)\n\n`,
) {
  const text = `package p\n\n${imports}func f() {\n${body}\n}\n`;
  const analysis = go.analyze(text, "p.go");
  expect(analysis.problems).toEqual([]);
  return analysis.sites.map((s) => ({ name: s.name, shape: s.shape, kind: s.valueKind, literal: s.literal?.text }));
}

describe("Go files", () => {
  it("test files: *_test.go, testdata/, test-support packages and test folders", () => {
    for (const p of [
      "relay/relay_test.go",
      "pkg/testdata/req.go",
      "agentstesting/fake.go",
      "internal/testutil/x.go",
      "test/e2e/run.go",
    ]) {
      expect(isTestPath(p), p).toBe(true);
    }
    for (const p of ["relay/relay.go", "latest/client.go", "contest/run.go", "pkg/testing.go", "attest.go"]) {
      expect(isTestPath(p), p).toBe(false);
    }
  });

  it("vendor/ is skipped for Go files only", () => {
    expect(isSourcePath("vendor/github.com/openai/openai-go/client.go")).toBe(false);
    expect(isSourcePath("app/vendor/x/y.go")).toBe(false);
    expect(isSourcePath("vendor/lib.js")).toBe(true);
    expect(isSourcePath("cmd/gateway/main.go")).toBe(true);
  });

  it("names a package by its import path, as Go code uses it", () => {
    expect(packageNames("github.com/openai/openai-go/v3")).toContain("openai");
    expect(packageNames("github.com/anthropics/anthropic-sdk-go")).toContain("anthropic");
    expect(packageNames("github.com/sashabaranov/go-openai")).toContain("openai");
    expect(packageNames("github.com/openai/openai-go/packages/param")).toContain("param");
    expect(packageNames("gopkg.in/yaml.v3")).toContain("yaml");
  });
});

describe("Go values", () => {
  it("a literal passed alone to a package's function or a local function is the value; a method of a value is not", () => {
    expect(sites("\tr.ParallelToolCalls = openai.Bool(false)")[0]).toMatchObject({ kind: "literal", literal: "false" });
    expect(sites("\tr.ParallelToolCalls = boolPtr(false)")[0]).toMatchObject({ kind: "literal", literal: "false" });
    expect(sites("\tr.ParallelToolCalls = cfg.Default(false)")[0]).toMatchObject({ kind: "dynamic" });
    // Without the import, `openai` is a variable of the function: its method reads that value.
    expect(sites("\tr.ParallelToolCalls = openai.Bool(false)", "")[0]).toMatchObject({ kind: "dynamic" });
    expect(sites("\tr.ParallelToolCalls = openai.Bool(false, true)")[0]).toMatchObject({ kind: "dynamic" });
  });

  it("unset values are nullish: nil, a zero Opt, param.Null[bool](); new(bool) has no literal", () => {
    expect(sites("\tr.ParallelToolCalls = nil")[0]!.kind).toBe("nullish");
    expect(sites("\tr.ParallelToolCalls = param.Opt[bool]{}")[0]!.kind).toBe("nullish");
    expect(sites("\tr.ParallelToolCalls = param.Null[bool]()")[0]!.kind).toBe("nullish");
    expect(sites("\tr.ParallelToolCalls = new(bool)")[0]!.kind).toBe("dynamic");
    expect(sites("\tr.ParallelToolCalls = new(false)")[0]).toMatchObject({ kind: "literal", literal: "false" });
  });

  it("Or(false) falls back to its literal", () => {
    expect(sites("\tr.ParallelToolCalls = cfg.Parallel.Or(false)")[0]).toMatchObject({
      kind: "fallback",
      literal: "false",
    });
  });

  it("a literal in a branch that tested a flag passes that flag on: dynamic", () => {
    const body =
      "\tif !s.ParallelToolCalls.Value {\n\t\tp.ParallelToolCalls = param.NewOpt(false)\n\t}\n\tif len(tools) > 0 {\n\t\tq.ParallelToolCalls = param.NewOpt(false)\n\t}";
    expect(sites(body).map((s) => s.kind)).toEqual(["dynamic", "literal"]);
  });

  it("a literal in an if's or a switch's initializer is in no branch: still a literal", () => {
    const body =
      "\tif disableParallelToolUse := true; disableParallelToolUse {\n\t\tuse()\n\t}\n\tswitch parallelToolCalls := false; parallelToolCalls {\n\tcase true:\n\t}";
    expect(sites(body).map((s) => [s.name, s.kind])).toEqual([
      ["disableParallelToolUse", "literal"],
      ["parallelToolCalls", "literal"],
    ]);
  });
});

describe("Go calls", () => {
  it("an option or setter call: With/Set, then a flag name, one argument", () => {
    expect(sites("\tagent.WithParallelToolCalls(false)")).toMatchObject([
      { name: "ParallelToolCalls", shape: "option-call" },
    ]);
    expect(sites("\tb.SetDisableParallelToolUse(true)")).toMatchObject([
      { name: "DisableParallelToolUse", shape: "option-call" },
    ]);
    expect(sites("\tapplyDisableParallelToolUse(true)")).toEqual([]);
    expect(sites("\tconvertParallelToolCalls(false)")).toEqual([]);
    expect(sites("\tagent.WithParallelToolCalls(ctx, false)")).toEqual([]);
    expect(sites("\tWithdrawParallelToolCalls(false)")).toEqual([]);
  });

  it("a string key followed by the value as the last argument; a dotted path names its last segment", () => {
    expect(sites('\tbody, _ = sjson.SetBytes(body, "parallel_tool_calls", false)')).toMatchObject([
      { name: "parallel_tool_calls", shape: "setter-call", literal: "false" },
    ]);
    expect(sites('\tbody, _ = sjson.SetBytes(body, "tool_choice.disable_parallel_tool_use", true)')).toMatchObject([
      { name: "disable_parallel_tool_use" },
    ]);
    expect(sites('\tv := gjson.GetBytes(body, "parallel_tool_calls")')).toEqual([]);
    expect(sites('\tlog.Printf("parallel_tool_calls", false, x)')).toEqual([]);
  });

  it("a key given by a constant of the file that holds a flag's key; prose in a string is not a key", () => {
    const consts =
      'const (\n\treqPathParallel = "parallel_tool_calls"\n\treqPathChoice = "tool_choice.disable_parallel_tool_use"\n\treqPathModel = "model"\n)\n\n';
    expect(
      sites(
        "\t_, _ = p.set(reqPathParallel, false)\n\t_, _ = p.set(reqPathChoice, true)\n\t_, _ = p.set(reqPathModel, true)",
        consts,
      ),
    ).toMatchObject([
      { name: "parallel_tool_calls", shape: "setter-call", literal: "false" },
      { name: "disable_parallel_tool_use", shape: "setter-call", literal: "true" },
    ]);
    expect(sites('\tlogger.Warn(ctx, "failed to disable parallel_tool_calls", err)')).toEqual([]);
  });

  it("strings are never sites: JSON in raw and interpreted strings, keys with escapes", () => {
    expect(sites('\tbody := `{"parallel_tool_calls": false}`\n\t_ = body')).toEqual([]);
    expect(sites('\tm := map[string]any{"x": "\\"parallel_tool_calls\\": false"}\n\t_ = m')).toEqual([]);
    expect(sites('\tm := map[string]any{"parallel_tool_calls\\u0000": false}\n\t_ = m')).toEqual([]);
  });
});

describe("Go grammar limits", () => {
  it("new(expr) of Go 1.26 with a value that is not a type name is a syntax error for tree-sitter-go 0.25.0", () => {
    // When a grammar update reads it, this test fails: the README's Go section then loses its note.
    const text = 'package p\n\nvar o = Options{User: new("user-id"), ParallelToolCalls: new(false)}\n';
    const analysis = go.analyze(text, "p.go");
    expect(analysis.problems.length).toBeGreaterThan(0);
    expect(analysis.sites.map((s) => s.literal?.text)).toEqual(["false"]);
  });
});

describe("Go line ends", () => {
  it("a lone CR is a space in Go: a site after one does not begin a line, so its marker is inline", async () => {
    const { processText } = await import("../src/pipeline/process");
    const opts = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
    const input = "package p\n\nvar v = P{A: 1,\r\tParallelToolCalls: false,\n}\n";
    const applied = processText("p.go", input, "apply", opts)!;
    expect(applied.skipped).toBeUndefined();
    expect(applied.after).toBe(
      "package p\n\nvar v = P{A: 1,\r\tParallelToolCalls: /* toggle-parallel: was false */ true,\n}\n",
    );
    expect(processText("p.go", applied.after, "revert", opts)!.after).toBe(input);
  });
});
