// C# on its own: the grammar pairing, what is a site and what is not, the `default` reason, test files, markers in
// odd places, and the prefilter reaching a file that names only a .NET alias of the option.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isTestPath, languageFor } from "../src/languages";
import { csharp } from "../src/languages/tree-sitter/csharp";
import { processText } from "../src/pipeline/process";
import { spawnSync } from "node:child_process";
import { cli, git, gitRepo, tempDir, writeTree } from "./helpers/cli";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
const scan = (text: string, file = "Agent.cs") => processText(file, text, "scan", options)!;
const apply = (text: string, file = "Agent.cs") => processText(file, text, "apply", options)!;
/** "line name state action" for each site of a method body. */
const sitesIn = (body: string) =>
  scan(`class A\n{\n    void M()\n    {\n${body}\n    }\n}\n`).sites.map(
    (s) => `${s.line - 4} ${s.name} ${s.state} ${s.action}`,
  );

beforeAll(async () => {
  await csharp.prepare!();
});

describe("the pinned web-tree-sitter / tree-sitter-c-sharp pair", () => {
  it("loads the grammar's shipped wasm (ABI 15) and parses", () => {
    const pkg = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", name, "package.json"), "utf8")).version;
    expect([pkg("web-tree-sitter"), pkg("tree-sitter-c-sharp")]).toEqual(["0.27.1", "0.23.5"]);
    expect(languageFor("Src/Agent.CS")?.id).toBe("csharp");
    expect(sitesIn("o.AllowParallelToolCalls = false;")).toEqual(["1 AllowParallelToolCalls disabled flip"]);
  });
});

describe("C# sites", () => {
  it("every alias of the option is the same switch; DisableParallelToolUse is inverted", () => {
    const body = [
      "var a = new ChatCompletionOptions { AllowParallelToolCalls = false };",
      "var b = new ResponseCreationOptions { ParallelToolCallsEnabled = false };",
      "var c = new ChatOptions { AllowMultipleToolCalls = false };",
      "var d = new FunctionChoiceBehaviorOptions { AllowParallelCalls = false };",
      "var e = new ToolChoiceAuto { DisableParallelToolUse = true };",
      "var f = new ToolChoiceAuto { DisableParallelToolUse = false };",
    ].join("\n");
    expect(sitesIn(body)).toEqual([
      "1 AllowParallelToolCalls disabled flip",
      "2 ParallelToolCallsEnabled disabled flip",
      "3 AllowMultipleToolCalls disabled flip",
      "4 AllowParallelCalls disabled flip",
      "5 DisableParallelToolUse disabled flip",
      "6 DisableParallelToolUse enabled leave",
    ]);
  });

  it("null and default leave the option unset: enabled, and the reason says why default is not false", () => {
    const sites = scan(
      "class A { bool? AllowParallelToolCalls { get; set; } = null; bool? AllowParallelCalls { get; set; } = default; }\n",
    ).sites;
    expect(sites.map((s) => [s.state, s.action])).toEqual([
      ["enabled", "leave"],
      ["enabled", "leave"],
    ]);
    expect(sites[0]!.reason).toBe("no value: the API default, parallel calls on");
    expect(sites[1]!.reason).toMatch(/^`default` leaves the option unset/);
    expect(sitesIn("o.AllowMultipleToolCalls = default(bool?);")).toEqual(["1 AllowMultipleToolCalls enabled leave"]);
  });

  it("a cast to bool? is the literal it casts; a fallback is dynamic unless --include-defaults", () => {
    expect(sitesIn("o.AllowParallelToolCalls = (bool?)false;")).toEqual(["1 AllowParallelToolCalls disabled flip"]);
    expect(apply("class A { void M() { o.AllowParallelToolCalls = (bool?)false; } }").after).toContain(
      "(bool?)/* toggle-parallel: was false */ true",
    );
    expect(sitesIn("o.AllowParallelToolCalls = other.AllowParallelToolCalls ?? false;")).toEqual([
      "1 AllowParallelToolCalls dynamic leave",
    ]);
    const text = "class A { void M() { o.AllowParallelToolCalls = x ?? false; } }";
    expect(processText("A.cs", text, "apply", { ...options, includeDefaults: true })!.after).toContain(
      "x ?? /* toggle-parallel: was false */ true",
    );
  });

  it("a literal in parentheses mid-line takes its marker inside them, and is read again after apply", () => {
    const text = "class A { void M() { var o = new Options { AllowParallelToolCalls = (false) }; } }\n";
    const applied = apply(text);
    expect(applied.skipped).toBeUndefined();
    expect(applied.after).toContain("AllowParallelToolCalls = (/* toggle-parallel: was false */ true)");
    expect(scan(applied.after).sites.map((s) => s.state)).toEqual(["applied"]);
    expect(processText("Agent.cs", applied.after, "revert", options)!.after).toBe(text);
  });

  it("compound assignments set nothing of their own: ??= and |= are not sites", () => {
    expect(
      sitesIn(
        "o.AllowMultipleToolCalls ??= false;\no.AllowMultipleToolCalls |= false;\no.AllowMultipleToolCalls &= false;",
      ),
    ).toEqual([]);
  });

  it("dynamic values, negations and conditionals are reported, never flipped", () => {
    expect(
      sitesIn(
        "o.AllowParallelToolCalls = settings.Parallel;\no.AllowParallelToolCalls = !serial;\no.AllowParallelToolCalls = serial ? false : true;",
      ),
    ).toEqual([
      "1 AllowParallelToolCalls dynamic leave",
      "2 AllowParallelToolCalls dynamic leave",
      "3 AllowParallelToolCalls dynamic leave",
    ]);
  });

  it("strings are never sites: JSON and YAML in raw, verbatim and interpolated strings, attribute arguments", () => {
    const text = [
      '[JsonPropertyName("parallel_tool_calls")]',
      "public class Body",
      "{",
      '    const string Yaml = """',
      "        allowMultipleToolCalls: false",
      "        AllowParallelToolCalls = false",
      '        """;',
      '    const string Json = @"{ ""parallel_tool_calls"": false }";',
      '    string Text(int n) => $"AllowParallelCalls = false, {n} parallel_tool_calls: false";',
      '    string Raw(int n) => $$"""{"parallel_tool_calls": false, "n": {{n}}}""";',
      "}",
      "",
    ].join("\n");
    expect(scan(text).sites).toEqual([]);
  });

  it("names that merely contain the words are not switches", () => {
    expect(
      sitesIn(
        "ApplyDisableParallelToolUse(true);\nConvertParallelToolCalls(false);\no.AllowConcurrentInvocation = false;\no.AllowParallelCallsCount = 0;\nLastAllowMultipleToolCalls = false;",
      ),
    ).toEqual([]);
  });

  it("a getter body (=> false) is not a default; a verbatim identifier (@AllowParallelCalls) is the name", () => {
    expect(scan("class A { bool AllowParallelToolCalls => false; }\n").sites).toEqual([]);
    expect(sitesIn("var x = new { @AllowParallelCalls = false };")).toEqual(["1 AllowParallelCalls disabled flip"]);
  });

  it("a string-keyed indexer and an indexer initializer are sites, a lone string argument is not", () => {
    expect(
      sitesIn(
        'body["parallel_tool_calls"] = false;\nvar d = new Dictionary<string, object> { ["disable_parallel_tool_use"] = true };\nSend("parallel_tool_calls");',
      ),
    ).toEqual(["1 parallel_tool_calls disabled flip", "2 disable_parallel_tool_use disabled flip"]);
  });

  it("a dictionary entry and a string-key setter (key before the last argument, value last) are sites", () => {
    const body = [
      'var d = new Dictionary<string, object> { { "model", m }, { "parallel_tool_calls", false } };',
      'd.Add("parallel_tool_calls", false);',
      'body = Json.SetBool(body, "disable_parallel_tool_use", true);',
      'writer.WriteBoolean("parallel_tool_calls"u8, false);',
      'd.TryAdd("parallel_tool_calls", null);',
      'd.Add("parallel_tool_calls", settings.Parallel);',
    ].join("\n");
    expect(sitesIn(body)).toEqual([
      "1 parallel_tool_calls disabled flip",
      "2 parallel_tool_calls disabled flip",
      "3 disable_parallel_tool_use disabled flip",
      "4 parallel_tool_calls disabled flip",
      "5 parallel_tool_calls enabled leave",
      "6 parallel_tool_calls dynamic leave",
    ]);
    const text =
      'class A\n{\n    void M()\n    {\n        var d = new Dictionary<string, object>\n        {\n            { "parallel_tool_calls", false },\n        };\n    }\n}\n';
    expect(apply(text).after).toBe(
      text.replace(
        '            { "parallel_tool_calls", false },',
        '            // toggle-parallel: was false\n            { "parallel_tool_calls", true },',
      ),
    );
  });

  it("a string in a call that stores nothing is text, not a key: no site (a read with a default neither)", () => {
    expect(
      sitesIn(
        'Assert.Equal("parallel_tool_calls", property.Name);\nLog("parallel_tool_calls", enabled);\nd.TryGetValue("parallel_tool_calls", out var v);\nvar arr = new object[] { "parallel_tool_calls", false };',
      ),
    ).toEqual([]);
    // A read with a default is not a setter: its false is the fallback of a read, and the assignment around it is dynamic.
    expect(
      sitesIn(
        'var p = config.GetValue<bool>("parallel_tool_calls", false);\no.AllowParallelToolCalls = settings.Get("parallel_tool_calls", false);\nAssert.Equal("parallel_tool_calls", false);',
      ),
    ).toEqual(["2 AllowParallelToolCalls dynamic leave"]);
  });

  it("a capability description is not a request", () => {
    expect(
      sitesIn(
        "var m = new ModelCapabilities { AllowParallelToolCalls = false };\nvar s = new Spec { SupportsParallelToolCalls = false };",
      ),
    ).toEqual(["1 AllowParallelToolCalls capability leave", "2 SupportsParallelToolCalls capability leave"]);
  });

  it("a syntax error skips the file with its line; a file the grammar reads in part is still scanned", () => {
    const out = apply("class A { void M() { o.AllowParallelToolCalls = false; }\n");
    expect(out.skipped).toMatchObject({ why: "syntax error" });
  });

  it("the marker is a whole comment token: a marker-like text in a string is not one", () => {
    const text =
      'class A { void M() { var s = "/* toggle-parallel: was false */"; o.AllowParallelToolCalls = true; } }\n';
    expect(scan(text).sites.map((s) => s.state)).toEqual(["enabled"]);
    expect(processText("A.cs", text, "revert", options)!.after).toBe(text);
  });

  it("a hand-written line marker above an enabled site is reverted", () => {
    const text =
      "class A\n{\n    void M()\n    {\n        // toggle-parallel\n        o.AllowParallelToolCalls = true;\n    }\n}\n";
    expect(processText("A.cs", text, "revert", options)!.after).toBe(
      text.replace("        // toggle-parallel\n", "").replace("= true", "= false"),
    );
  });
});

describe("C# test files", () => {
  it.each([
    ["src/Acme.Tests/AgentTests.cs", true],
    ["tests/Acme.Agent/Agent.cs", true],
    ["test/Libraries/Options.cs", true],
    ["src/Acme.UnitTests/Options.cs", true],
    ["src/Acme.IntegrationTests/Options.cs", true],
    ["dotnet/src/Agents/UnitTests/Options.cs", true],
    ["src/Acme/AgentTests.cs", true],
    ["MyApp.Test/T.cs", true],
    ["src/FooTest.cs", true],
    ["MyApp.Specs/X.cs", true],
    ["src/Acme/AgentSpecs.cs", true],
    ["src/Latest/Agent.cs", false],
    ["src/Acme/Contest.cs", false],
    ["src/Acme/Agent.cs", false],
    ["src/Acme.Testing/Agent.cs", false],
    ["src/Contests/Agent.cs", false],
  ])("%s is a test file: %s", (file, expected) => {
    expect(isTestPath(file)).toBe(expected);
  });

  it("a test file's disabled site is reported and left; --include-tests switches it", () => {
    const text = "class T { void M() { o.AllowParallelToolCalls = false; } }\n";
    expect(apply(text, "src/Acme.Tests/T.cs").after).toBe(text);
    expect(processText("src/Acme.Tests/T.cs", text, "apply", { ...options, includeTests: true })!.after).not.toBe(text);
  });
});

describe("C# files in a tree", () => {
  it("bin/ and obj/ are skipped for .cs files only; a file naming only an alias is a candidate (git grep and the walk)", () => {
    for (const inGit of [true, false]) {
      const dir = gitRepo({
        "src/Agent.cs": "class A { void M() { o.AllowMultipleToolCalls = false; } }\n",
        "src/Kernel.cs":
          "class K { void M() { var f = new FunctionChoiceBehaviorOptions { AllowParallelCalls = false }; } }\n",
        "src/bin/Debug/Copy.cs": "class A { void M() { o.AllowParallelToolCalls = false; } }\n",
        "src/obj/Generated.cs": "class A { void M() { o.AllowParallelToolCalls = false; } }\n",
        "tools/bin/run.js": "export const body = { parallel_tool_calls: false }\n",
        // Enough files for the git grep prefilter to be used (it starts at 200 source files).
        ...Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`src/Filler${i}.cs`, `class F${i} { }\n`])),
      });
      if (!inGit) fs.rmSync(path.join(dir, ".git"), { recursive: true });
      for (const args of [
        ["scan", "--json"],
        ["scan", "--json", "--no-audit"],
      ]) {
        const out = cli(dir, ...args, ".");
        const files = (JSON.parse(out.stdout) as { sites: Array<{ file: string }> }).sites.map((s) => s.file).sort();
        expect(files, `${inGit ? "git" : "walk"} ${args.join(" ")}`).toEqual([
          "src/Agent.cs",
          "src/Kernel.cs",
          "tools/bin/run.js",
        ]);
        if (inGit) expect(out.stats).toContain("prefiltered with git grep");
      }
    }
  });

  it("check fails on a disabled site; --dry-run writes nothing; --patch gives the bytes apply writes", () => {
    const original =
      "class A\n{\n    void M()\n    {\n        var o = new ChatOptions { AllowMultipleToolCalls = false };\n    }\n}\n";
    const dir = gitRepo({ "src/Agent.cs": original });
    expect(cli(dir, "check", ".").code).toBe(1);
    const dry = cli(dir, "apply", "--dry-run", ".");
    expect(dry.stdout).toContain(
      "+        var o = new ChatOptions { AllowMultipleToolCalls = /* toggle-parallel: was false */ true };",
    );
    expect(fs.readFileSync(path.join(dir, "src/Agent.cs"), "utf8")).toBe(original);
    const patch = path.join(tempDir(), "on.patch");
    expect(cli(dir, "apply", "--patch", patch, ".").code).toBe(0);
    git(dir, "apply", patch);
    const patched = fs.readFileSync(path.join(dir, "src/Agent.cs"), "utf8");
    git(dir, "checkout", "--", ".");
    expect(cli(dir, "apply", ".").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "src/Agent.cs"), "utf8")).toBe(patched);
    expect(cli(dir, "check", ".").code).toBe(0);
  });

  it("apply then revert on a CRLF file with a BOM gives back its bytes, and git sees no change", () => {
    const original = "\uFEFFclass A\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\to.AllowParallelToolCalls = false;\r\n\t}\r\n}\r\n";
    const dir = gitRepo({ "Agent.cs": original });
    expect(cli(dir, "apply", ".").code).toBe(0);
    const applied = fs.readFileSync(path.join(dir, "Agent.cs"), "utf8");
    expect(applied).toBe(
      "\uFEFFclass A\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\t// toggle-parallel: was false\r\n\t\to.AllowParallelToolCalls = true;\r\n\t}\r\n}\r\n",
    );
    expect(cli(dir, "revert", ".").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "Agent.cs"), "utf8")).toBe(original);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});

describe("the C# grammar loads lazily", () => {
  /** The grammar files a library scan of dir reads (web-tree-sitter reads each .wasm with fs.promises.readFile). */
  function grammarsRead(dir: string): string[] {
    const script = `
      const fs = require("fs"); const seen = [];
      const read = fs.promises.readFile;
      fs.promises.readFile = function (file, ...rest) { if (/\\.wasm$/.test(String(file)) && !/web-tree-sitter/.test(String(file))) seen.push(require("path").basename(String(file))); return read.call(this, file, ...rest); };
      require(${JSON.stringify(path.join(__dirname, "..", "dist", "index.js"))}).run("scan", ["."], { cwd: ${JSON.stringify(dir)}, audit: true }).then(() => console.log(JSON.stringify(seen)));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as string[];
  }

  it("only when a C# file is a candidate, and then no other grammar", () => {
    const ts = tempDir();
    writeTree(ts, { "a.ts": "export const o = { parallel_tool_calls: false }\n", "B.cs": "class B { int n = 1; }\n" });
    expect(grammarsRead(ts)).toEqual([]);
    const cs = tempDir();
    writeTree(cs, { "A.cs": "class A { void M() { o.AllowMultipleToolCalls = false; } }\n", "b.py": "x = 1\n" });
    expect(grammarsRead(cs)).toEqual(["tree-sitter-c_sharp.wasm"]);
  });
});

describe("C# sites inside a string interpolation", () => {
  it("is reported and left (a comment there is part of the string); the file's other sites are switched", () => {
    const text =
      'class D\n{\n    bool ParallelToolCalls = false;\n    string t = $"{new Opts { AllowParallelToolCalls = false }}";\n}\n';
    const left = scan(text).sites.find((s) => s.name === "AllowParallelToolCalls")!;
    expect([left.state, left.action, left.reason]).toEqual([
      "disabled",
      "leave",
      expect.stringContaining("interpolation"),
    ]);
    const outcome = apply(text);
    expect(outcome.skipped).toBeUndefined();
    expect(outcome.after).toContain("bool ParallelToolCalls = true;");
    expect(outcome.after).toContain("AllowParallelToolCalls = false }}");
  });
});
