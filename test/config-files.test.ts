// Config files (YAML, TOML, .properties) as targets: which keys and values are sites, which files are test data,
// how markers record the original spelling, and what is never read (JSON).
import { beforeAll, describe, expect, it } from "vitest";
import { isTestPath, languageFor } from "../src/languages/index";
import { properties, logicalLines } from "../src/languages/config/properties";
import { toml } from "../src/languages/config/toml";
import { yaml } from "../src/languages/config/yaml";
import { processText, type Mode } from "../src/pipeline/process";

beforeAll(async () => {
  await Promise.all([yaml.prepare!(), toml.prepare!()]);
});

const OPTIONS = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
const run = (file: string, text: string, mode: Mode = "scan", extra: Partial<typeof OPTIONS> = {}) =>
  processText(file, text, mode, { ...OPTIONS, ...extra })!;
const states = (file: string, text: string) => run(file, text).sites.map((s) => `${s.line}:${s.name}=${s.state}`);

describe("which files are config files, and which are test data", () => {
  it("reads .yaml, .yml, .toml and .properties in any case, and never .json (no comments: no place for a marker)", () => {
    expect(["a.yaml", "b.YML", "c.toml", "application.properties"].map((f) => languageFor(f)?.id)).toEqual([
      "yaml",
      "yaml",
      "toml",
      "properties",
    ]);
    expect(languageFor("response.json")).toBeUndefined();
  });

  it("counts config files under test/, tests/, fixtures/, cassettes/, testdata/ and *.test.yaml as test data", () => {
    for (const p of [
      "tests/agent.yaml",
      "src/test/resources/application.properties",
      "fixtures/a.toml",
      "tests/cassettes/x.yaml",
      "testdata/b.yml",
      "agent.test.yaml",
    ]) {
      expect(isTestPath(p), p).toBe(true);
    }
    for (const p of ["config/agent.yaml", "src/main/resources/application.yml", "pyproject.toml", "latest/a.yaml"])
      expect(isTestPath(p), p).toBe(false);
  });

  it("reports a site in a cassettes/ file and leaves it unless tests are included", () => {
    const text = "agent:\n  parallel_tool_calls: false\n";
    expect(run("tests/cassettes/agent.yaml", text, "apply").after).toBe(text);
    expect(run("tests/cassettes/agent.yaml", text, "scan").sites.map((s) => s.reason)).toEqual([
      "test file (--include-tests to switch it)",
    ]);
  });
});

describe("YAML", () => {
  it("reads the YAML 1.2 core booleans, and not YAML 1.1's yes/no/on/off (loaders disagree on them)", () => {
    const text =
      "a:\n  parallel_tool_calls: False\nb:\n  parallel_tool_calls: no\nc:\n  parallel_tool_calls: Off\nd:\n  parallel_tool_calls: !!bool false\n";
    expect(states("x.yaml", text)).toEqual(["2:parallel_tool_calls=disabled", "8:parallel_tool_calls=disabled"]);
  });

  it("never takes a quoted scalar, a block scalar or a !!str value for a site", () => {
    const text =
      'a:\n  parallel_tool_calls: "false"\nb:\n  parallel_tool_calls: !!str false\nc: |\n  parallel_tool_calls: false\n';
    expect(states("x.yaml", text)).toEqual([]);
  });

  it("reads nothing under a top-level interactions list (a VCR cassette), wherever the file is", () => {
    const text =
      "interactions:\n- request:\n    parsed_body:\n      parallel_tool_calls: false\nsettings:\n  parallel_tool_calls: false\n";
    expect(states("recordings/chat.yaml", text)).toEqual(["6:parallel_tool_calls=disabled"]);
  });

  it("takes the last segment of a dotted key as the flag name, and its enclosing keys as context", () => {
    const [site] = run("application.yml", "spring:\n  ai.openai.chat.options.parallel-tool-calls: false\n").sites;
    expect(site).toMatchObject({ name: "parallel-tool-calls", state: "disabled", context: ["spring"] });
  });

  it("reads a key under capabilities as a description of a model, not a request", () => {
    expect(states("models.yaml", "capabilities:\n  parallel_tool_calls: false\n")).toEqual([
      "2:parallel_tool_calls=capability",
    ]);
  });

  it("skips a file with a syntax error, naming its line", () => {
    const outcome = run("broken.yaml", "a:\n  parallel_tool_calls: false\n  - b\n", "apply");
    expect(outcome.skipped?.why).toBe("syntax error");
    expect(outcome.after).toBe("a:\n  parallel_tool_calls: false\n  - b\n");
  });

  it("restores the original spelling on revert (FALSE stays FALSE), and refuses a marker that records a non-boolean", () => {
    const text = "m:\n  parallel_tool_calls: FALSE\n";
    const applied = run("a.yaml", text, "apply").after;
    expect(applied).toBe("m:\n  # toggle-parallel: was FALSE\n  parallel_tool_calls: true\n");
    expect(run("a.yaml", applied, "revert").after).toBe(text);
    const forged = "m:\n  # toggle-parallel: was nope\n  parallel_tool_calls: true\n";
    const outcome = run("a.yaml", forged, "revert");
    expect(outcome.after).toBe(forged);
    expect(outcome.plan.notes.map((n) => n.message)).toEqual([expect.stringContaining('records "nope"')]);
  });

  it("reads a marker that records TRUE for an inverted name as that name's original", () => {
    const text = "m:\n  disable_parallel_tool_use: TRUE\n";
    const applied = run("a.yaml", text, "apply").after;
    expect(run("a.yaml", applied).sites.map((s) => s.state)).toEqual(["applied"]);
    expect(run("a.yaml", applied, "revert").after).toBe(text);
  });

  it("treats ${VAR:false} as a fallback, flipped only with --include-defaults, and ${VAR} as dynamic", () => {
    const text = "o:\n  parallel-tool-calls: ${SERIAL:false}\n  disable-parallel-tool-use: ${SERIAL}\n";
    expect(states("application.yml", text)).toEqual([
      "2:parallel-tool-calls=dynamic",
      "3:disable-parallel-tool-use=dynamic",
    ]);
    expect(run("application.yml", text, "apply").after).toBe(text);
    expect(run("application.yml", text, "apply", { includeDefaults: true }).after).toContain("${SERIAL:true}");
  });
});

describe("TOML", () => {
  it("reads booleans only: a string, an array or a table named after the flag is not a site", () => {
    const text =
      '[parallel_tool_calls]\nenabled = false\n[m]\nparallel_tool_calls = "false"\ndisable_parallel_tool_use = [true]\nparallel_tool_calls_x = false\n';
    expect(states("a.toml", text)).toEqual(["6:parallel_tool_calls_x=disabled"]);
  });

  it("names the table and the leading segments of a dotted key as context", () => {
    const [site] = run("a.toml", "[agent.model]\nprovider.parallel_tool_calls = false\n").sites;
    expect(site?.context).toEqual(["provider", "model", "agent"]);
  });
});

describe(".properties", () => {
  it("reads key=value, key: value and key value, with the value trimmed", () => {
    const text = "a.parallel-tool-calls=false\nb.parallel-tool-calls : false  \nc.parallel-tool-calls false\n";
    const sites = run("application.properties", text).sites;
    expect(sites.map((s) => [s.line, s.literal?.text, s.state])).toEqual([
      [1, "false", "disabled"],
      [2, "false", "disabled"],
      [3, "false", "disabled"],
    ]);
  });

  it("never continues a comment line, and continues a value line ending in an odd number of backslashes only", () => {
    const text =
      "# note \\\na.parallel-tool-calls=false\nb.parallel-tool-calls=false\\\\\nc.parallel-tool-calls=fa\\\n  lse\n";
    const keys = [...logicalLines(text)].map((e) => (e.kind === "comment" ? "#" : `${e.key}${e.continued ? "+" : ""}`));
    expect(keys).toEqual(["#", "a.parallel-tool-calls", "b.parallel-tool-calls", "c.parallel-tool-calls+"]);
    expect(states("a.properties", text)).toEqual(["2:parallel-tool-calls=disabled"]);
  });

  it("reads escapes in keys (a\\:b is a:b), so an escaped separator does not end the key", () => {
    const [entry] = [...logicalLines("x\\:parallel_tool_calls=false\n")];
    expect(entry).toMatchObject({ kind: "property", key: "x:parallel_tool_calls" });
  });

  it("reads true/false in any case, and leaves yes/no/on/off and quoted values", () => {
    const text = 'a.parallel_tool_calls=False\nb.parallel_tool_calls=off\nc.parallel_tool_calls="false"\n';
    expect(states("a.properties", text)).toEqual(["1:parallel_tool_calls=disabled"]);
  });

  it("has no grammar to load", () => {
    expect(properties.prepare).toBeUndefined();
    expect(properties.grammar).toBeUndefined();
  });
});
