// scan --format sarif and audit --format sarif: valid SARIF 2.1.0 (checked against the schema that
// @microsoft/jest-sarif ships, draft-04, with ajv), stable rule ids, artifact URIs relative to the repository root,
// and fingerprints that survive lines inserted above a site.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyTree, git, gitRepo } from "../helpers/cli";
import { expectValidSarif as expectValid, validateSarif as validate } from "../helpers/sarif";

const ROOT = path.join(__dirname, "..", "..");

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
  }>;
  partialFingerprints: Record<string, string>;
}
interface Log {
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } };
    results: Result[];
    invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }>;
  }>;
}

function sarifOf(cwd: string, ...args: string[]): { log: Log; code: number } {
  const r = cli(cwd, ...args);
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  return { log: JSON.parse(r.stdout) as Log, code: r.code };
}

/** A git repository holding a copy of examples/, as the project's own README runs use it. */
function examplesRepo(): string {
  const dir = gitRepo({ "README.md": "fixture\n" });
  copyTree(path.join(ROOT, "examples"), path.join(dir, "examples"));
  git(dir, "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "examples");
  return dir;
}

describe("SARIF output", () => {
  it("the schema validator rejects a broken log (it is really checking)", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
  });

  it("scan --format sarif on examples/ validates against the SARIF 2.1.0 schema, with stable rule ids", () => {
    const dir = examplesRepo();
    const { log, code } = sarifOf(dir, "scan", "--format", "sarif", "examples");
    expect(code).toBe(0);
    expectValid(log);
    const run = log.runs[0]!;
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run.tool.driver).toMatchObject({ name: "toggle-parallel", version: pkg.version });
    expect(
      run.results.map(
        (r) =>
          `${r.ruleId} ${r.level} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`,
      ),
    ).toEqual([
      "toggle-parallel/disabled/name error examples/agent/src/agent.ts:5",
      "toggle-parallel/disabled/anthropic error examples/agent/src/providers/anthropic.ts:6",
      "toggle-parallel/disabled/openai error examples/agent/src/providers/openai.ts:6",
      "toggle-parallel/disabled/openai error examples/agent/src/providers/openai.ts:9",
      "toggle-parallel/dynamic/openai note examples/agent/src/providers/openai.ts:11",
      "toggle-parallel/disabled/openai error examples/agent/src/ui/AgentPanel.tsx:2",
      "toggle-parallel/disabled/name error examples/agent/worker/planner.py:4",
      "toggle-parallel/disabled/openai error examples/agent/worker/planner.py:11",
      "toggle-parallel/audit/first-call-only warning examples/agent/worker/planner.py:19",
    ]);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe("SRCROOT");
    }
    // The rule list is the whole catalog, whatever was found: ruleIndex means the same in every log.
    expect(run.tool.driver.rules.map((r) => r.id)).toContain("toggle-parallel/audit/one-tool-per-turn-guard");
    expect(run.tool.driver.rules.map((r) => r.id)).toContain("toggle-parallel/applied/name-inverted");
  });

  it("audit --format sarif validates, holds the findings only, and keeps audit's exit code", () => {
    const dir = examplesRepo();
    const { log, code } = sarifOf(dir, "audit", "--format", "sarif");
    expect(code).toBe(1);
    expectValid(log);
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(["toggle-parallel/audit/first-call-only"]);
  });

  it("URIs are relative to the repository root, also when run from a subfolder", () => {
    const dir = examplesRepo();
    const { log } = sarifOf(path.join(dir, "examples", "agent"), "scan", "--format", "sarif", "worker");
    expectValid(log);
    expect(new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(
      new Set(["examples/agent/worker/planner.py"]),
    );
  });

  it("a site's fingerprint is unchanged when a line is inserted above it; its line number moves", () => {
    const dir = gitRepo({
      "src/a.ts":
        "const body = { parallel_tool_calls: false };\nexport const other = { parallel_tool_calls: false };\n",
    });
    const before = sarifOf(dir, "scan", "--format", "sarif").log.runs[0]!.results;
    fs.writeFileSync(
      path.join(dir, "src/a.ts"),
      "// a new first line\n\nconst body = { parallel_tool_calls: false };\nexport const other = { parallel_tool_calls: false };\n",
    );
    const after = sarifOf(dir, "scan", "--format", "sarif").log.runs[0]!.results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual([3, 4]);
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    // Two sites, two alerts: their fingerprints differ.
    expect(new Set(after.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(2);
  });

  it("two sites on identical lines of one file keep distinct fingerprints", () => {
    const line = "f({ parallel_tool_calls: false });\n";
    const dir = gitRepo({ "a.ts": line + line });
    const results = sarifOf(dir, "scan", "--format", "sarif").log.runs[0]!.results;
    expect(results).toHaveLength(2);
    expect(new Set(results.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(2);
  });

  it("a file that cannot be parsed is a tool execution notification; the log stays valid and the exit code is 1", () => {
    const dir = gitRepo({
      "bad.ts": "const x = { parallel_tool_calls: false ;;; }}}\n",
      "ok.ts": "f({ parallel_tool_calls: false });\n",
    });
    const { log, code } = sarifOf(dir, "scan", "--format", "sarif");
    expect(code).toBe(1);
    expectValid(log);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text).join("\n")).toMatch(
      /bad\.ts/,
    );
  });

  it("--json still prints JSON; --format json is the same; --json with --format sarif is a usage error", () => {
    const dir = examplesRepo();
    const json = cli(dir, "scan", "--json", "examples");
    const format = cli(dir, "scan", "--format", "json", "examples");
    expect(JSON.parse(json.stdout).version).toBe(1);
    expect(format.stdout).toBe(json.stdout);
    const both = cli(dir, "scan", "--json", "--format", "sarif", "examples");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json and --format sarif/);
    expect(cli(dir, "scan", "--format", "xml").code).toBe(2);
  });
});
