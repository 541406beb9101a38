// Java and Kotlin on their own: which files are tests, which folders are skipped, how a Boolean constant is flipped
// and restored, what a setter is, where markers go, and what is never a site.
import { beforeAll, describe, expect, it } from "vitest";
import { inSkippedDirOfItsLanguage, isTestPath } from "../src/languages/index";
import { java } from "../src/languages/tree-sitter/java";
import { kotlin } from "../src/languages/tree-sitter/kotlin";
import { processText, type Mode } from "../src/pipeline/process";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
const run = (file: string, text: string, mode: Mode = "apply") => processText(file, text, mode, options)!;
const sites = (file: string, text: string) =>
  run(file, text, "scan").sites.map((s) => `${s.name} ${s.state} ${s.action}`);

beforeAll(async () => {
  await java.prepare!();
  await kotlin.prepare!();
});

describe("test files and skipped folders", () => {
  it.each([
    "core/src/test/java/com/acme/AgentConfig.java",
    "core/src/it/java/com/acme/AgentFlow.java",
    "app/src/androidTest/kotlin/com/acme/Screen.kt",
    "app/src/integrationTest/kotlin/com/acme/Flow.kt",
    "AgentConfigTest.java",
    "AgentConfigTests.java",
    "AgentFlowIT.java",
    "AgentConfigTest.kt",
    "AgentConfigTests.kt",
  ])("%s is a test file", (path) => {
    expect(isTestPath(path)).toBe(true);
  });

  it.each([
    "core/src/main/java/com/acme/Contest.java",
    "core/src/main/java/com/acme/LatestOptions.java",
    "src/latest/Agent.kt",
    "core/src/main/java/com/acme/TestHarnessFactory.java",
  ])("%s is not", (path) => {
    expect(isTestPath(path)).toBe(false);
  });

  it("target/ and build/ are skipped for JVM files only: a JavaScript build/ script stays scanned", () => {
    expect(inSkippedDirOfItsLanguage("core/target/generated-sources/Options.java")).toBe(true);
    expect(inSkippedDirOfItsLanguage("app/build/generated/Options.kt")).toBe(true);
    expect(inSkippedDirOfItsLanguage("build/release.js")).toBe(false);
    expect(inSkippedDirOfItsLanguage("core/src/main/java/com/acme/Options.java")).toBe(false);
  });
});

describe("Boolean constants", () => {
  it("flip to the other constant, and revert restores the spelling written", () => {
    const text =
      "class A {\n  void f(Options o) {\n    o.parallelToolCalls(Boolean.FALSE);\n    o.disableParallelToolUse(java.lang.Boolean.TRUE);\n  }\n}\n";
    const applied = run("A.java", text).after;
    expect(applied).toContain("o.parallelToolCalls(Boolean.TRUE);");
    expect(applied).toContain("o.disableParallelToolUse(java.lang.Boolean.FALSE);");
    expect(applied).toContain("// toggle-parallel: was Boolean.FALSE\n");
    expect(run("A.java", applied, "revert").after).toBe(text);
  });

  it("are not literals of another language: a TypeScript marker recording one is refused", () => {
    const text = "// toggle-parallel: was Boolean.FALSE\nconst body = { parallel_tool_calls: true };\n";
    const out = run("body.ts", text, "revert");
    expect(out.after).toBe(text);
    expect(out.plan.notes.map((n) => n.message).join("\n")).toMatch(/not a false\/true literal/);
  });

  it("a marker whose constant would not switch the site off belongs to nobody", () => {
    const text =
      "class A {\n  void f(Options o) {\n    // toggle-parallel: was Boolean.TRUE\n    o.parallelToolCalls(Boolean.TRUE);\n  }\n}\n";
    expect(run("A.java", text, "revert").after).toBe(text);
  });
});

describe("setters", () => {
  it("take exactly one argument, named after the flag with a catalog prefix", () => {
    const text = [
      "class A {",
      "  void f(Options o) {",
      "    o.parallelToolCalls(false);",
      "    o.setParallelToolCalls(false);",
      "    o.parallelToolCalls(false, true);",
      "    o.applyParallelToolCalls(false);",
      "    o.settingsParallelToolCalls(false);",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(sites("A.java", text)).toEqual(["parallelToolCalls disabled flip", "setParallelToolCalls disabled flip"]);
  });

  it("inverted names switch on with false, in Kotlin as in Java", () => {
    expect(
      sites(
        "A.kt",
        "fun f(o: Options) {\n    o.disableParallelToolUse(true)\n    o.setDisableParallelToolUse(false)\n}\n",
      ),
    ).toEqual(["disableParallelToolUse disabled flip", "setDisableParallelToolUse enabled leave"]);
  });

  it("a builder for a capability description is read as one", () => {
    const text =
      "class A {\n  Caps caps() {\n    return ModelCapabilities.builder().parallelToolCalls(false).build();\n  }\n}\n";
    expect(sites("A.java", text)).toEqual(["parallelToolCalls capability leave"]);
  });
});

describe("values", () => {
  it("a wrapped literal is the literal; null is the API default; an elvis falls back", () => {
    const kt =
      "fun f(o: Options, w: Boolean?) {\n    o.parallelToolCalls(JsonPrimitive(false))\n    o.setParallelToolCalls(null)\n    o.withParallelToolCalls(w ?: false)\n}\n";
    expect(sites("A.kt", kt)).toEqual([
      "parallelToolCalls disabled flip",
      "setParallelToolCalls enabled leave",
      "withParallelToolCalls dynamic leave",
    ]);
    const java =
      "class A {\n  void f(Options o) {\n    o.parallelToolCalls(Optional.of(false));\n    o.setParallelToolCalls(Boolean.valueOf(false));\n  }\n}\n";
    expect(run("A.java", java).after).toBe(
      "class A {\n  void f(Options o) {\n    // toggle-parallel: was false\n    o.parallelToolCalls(Optional.of(true));\n    // toggle-parallel: was false\n    o.setParallelToolCalls(Boolean.valueOf(true));\n  }\n}\n",
    );
  });

  it("a string key read with a default is a fallback, not a setting: getBoolean, optBoolean, getOrDefault", () => {
    const java = [
      "class A {",
      "  void f(Config c, JSONObject j, Map<String, Boolean> m) {",
      '    boolean a = c.getBoolean("parallel_tool_calls", false);',
      '    boolean b = j.optBoolean("parallel_tool_calls", false);',
      '    boolean d = m.getOrDefault("parallel_tool_calls", false);',
      "  }",
      "}",
      "",
    ].join("\n");
    expect(sites("A.java", java)).toEqual(Array(3).fill("parallel_tool_calls dynamic leave"));
    expect(sites("A.kt", 'fun f(c: Config) = c.getBoolean("parallel_tool_calls", false)\n')).toEqual([
      "parallel_tool_calls dynamic leave",
    ]);
    const flipped = processText("A.java", java, "apply", { ...options, includeDefaults: true })!.after;
    expect(flipped).toContain('c.getBoolean("parallel_tool_calls", /* toggle-parallel: was false */ true);');
  });

  it("a backquoted `false` in Kotlin is a name, not the literal", () => {
    expect(sites("A.kt", "fun f(o: Options) {\n    o.parallelToolCalls(`false`)\n}\n")).toEqual([
      "parallelToolCalls dynamic leave",
    ]);
  });
});

describe("markers", () => {
  it("a comment line above a chained call in Kotlin parses, and the re-parse proves it", () => {
    const text = 'val o = Options.builder()\n    .model("m")\n    .parallelToolCalls(false)\n    .build()\n';
    const out = run("A.kt", text);
    expect(out.skipped).toBeUndefined();
    expect(out.after).toBe(
      'val o = Options.builder()\n    .model("m")\n    // toggle-parallel: was false\n    .parallelToolCalls(true)\n    .build()\n',
    );
  });

  it("an inline marker inside parentheses is read again: apply is verified and revert restores the bytes", () => {
    const text = "class A {\n  void f(Options o) {\n    x = o.parallelToolCalls((false));\n  }\n}\n";
    const out = run("A.java", text);
    expect(out.skipped).toBeUndefined();
    expect(out.after).toContain("x = o.parallelToolCalls((/* toggle-parallel: was false */ true));");
    expect(run("A.java", out.after, "revert").after).toBe(text);
  });

  it("a file with a syntax error is skipped with its line", () => {
    const out = run("A.java", "class A {\n  void f(Options o) {\n    o.parallelToolCalls(false)\n  }\n}\n");
    expect(out.skipped).toMatchObject({ line: 3, why: "syntax error" });
    expect(out.after).toBe("class A {\n  void f(Options o) {\n    o.parallelToolCalls(false)\n  }\n}\n");
  });
});

describe("Kotlin sites inside a string template", () => {
  it("is reported and left (a comment there is part of the string); the file's other sites are switched", () => {
    const text = 'val a = Req(parallelToolCalls = false)\nval t = "${mapOf("parallel_tool_calls" to false)}"\n';
    const left = run("A.kt", text, "scan").sites.find((s) => s.name === "parallel_tool_calls")!;
    expect([left.state, left.action, left.reason]).toEqual([
      "disabled",
      "leave",
      expect.stringContaining("interpolation"),
    ]);
    const outcome = run("A.kt", text);
    expect(outcome.skipped).toBeUndefined();
    expect(outcome.after).toMatch(/parallelToolCalls = \/\* toggle-parallel: was false \*\/ true\)/);
    expect(outcome.after).toContain('"parallel_tool_calls" to false');
  });
});
