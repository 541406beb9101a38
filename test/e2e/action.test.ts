// The GitHub Action: action.yml is read as YAML and checked for the wiring a runner relies on; its script
// (scripts/action-run.mjs) runs here on fixture repositories with the environment a runner gives it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, gitRepo, tempDir } from "../helpers/cli";
import { expectValidSarif } from "../helpers/sarif";

const ROOT = path.join(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "action-run.mjs");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  "working-directory"?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionFile {
  name: string;
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const DISABLED = "export const body = { parallel_tool_calls: false };\n";
const FIRST_CALL =
  "export function pick(message) {\n  const toolCalls = message.tool_calls;\n  return toolCalls[0];\n}\n";

/** Runs the action's script as the runner would: workspace, action path and inputs in the environment. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const output = path.join(tempDir("tp-action-out-"), "github_output");
  fs.writeFileSync(output, "");
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NO_COLOR: "1",
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_OUTPUT: output,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  // The runner's step runs from the workspace; the script must not depend on that, so run it from elsewhere.
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: tempDir("tp-action-cwd-"), env, encoding: "utf8" });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

function readSarif(file: string): {
  runs: Array<{
    results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
  }>;
} {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  expectValidSarif(log);
  return log;
}

describe("action.yml", () => {
  const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionFile;
  const steps = action.runs.steps;
  const runStep = steps.find((s) => s.id === "run")!;

  it("is a composite action with the inputs command (default check), paths, marker, sarif and upload-sarif", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.inputs.command!.default).toBe("check");
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(["command", "paths", "marker", "sarif", "upload-sarif"]),
    );
    expect(action.outputs["exit-code"]!.value).toBe("${{ steps.run.outputs.exit-code }}");
  });

  it("installs and runs the tool from the action's own folder, passing every input to the script", () => {
    const install = steps[0]!;
    expect(install["working-directory"]).toBe("${{ github.action_path }}");
    expect(install.run).toMatch(/npm ci/);
    expect(runStep.run).toContain('node "$GITHUB_ACTION_PATH/scripts/action-run.mjs"');
    expect(fs.existsSync(SCRIPT)).toBe(true);
    for (const name of ["command", "paths", "marker", "sarif"])
      expect(runStep.env![`INPUT_${name.toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
    for (const step of steps.filter((s) => s.run)) expect(step.shell).toBe("bash");
  });

  it("uploads the SARIF with codeql-action/upload-sarif only when asked, then fails the job on findings", () => {
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload.if).toContain("!cancelled()");
    expect(upload.with!.sarif_file).toBe("${{ steps.run.outputs.sarif }}");
    const last = steps[steps.length - 1]!;
    expect(steps.indexOf(upload)).toBeLessThan(steps.indexOf(last));
    expect(last.run).toContain("steps.run.outputs.exit-code");
  });
});

describe("the action's script on a fixture repository", () => {
  it("check: exit 1 on a disabled site, SARIF written (valid, URIs relative to the repository), outputs set", () => {
    const repo = gitRepo({ "src/client.ts": DISABLED, "src/ok.ts": "export const x = 1;\n" });
    const r = runAction(repo, { command: "check", sarif: "reports/toggle-parallel.sarif" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/check: 1 site still switches parallel tool calls off/);
    const file = path.join(repo, "reports", "toggle-parallel.sarif");
    expect(r.outputs).toEqual({ "exit-code": "1", sarif: file });
    const results = readSarif(file).runs[0]!.results;
    expect(results.map((x) => `${x.ruleId} ${x.locations[0]!.physicalLocation.artifactLocation.uri}`)).toEqual([
      "toggle-parallel/disabled/openai src/client.ts",
    ]);
  });

  it("check on a clean repository: exit 0; no SARIF asked, none written", () => {
    const repo = gitRepo({ "src/client.ts": "export const body = { parallel_tool_calls: true };\n" });
    const r = runAction(repo, {});
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ "exit-code": "0" });
  });

  it("audit: exit 1 on a finding, SARIF holds the audit rule", () => {
    const repo = gitRepo({ "src/pick.ts": FIRST_CALL });
    const r = runAction(repo, { command: "audit", sarif: "audit.sarif" });
    expect(r.code).toBe(1);
    expect(readSarif(path.join(repo, "audit.sarif")).runs[0]!.results.map((x) => x.ruleId)).toEqual([
      "toggle-parallel/audit/first-call-only",
    ]);
  });

  it("paths: only the paths given are looked at", () => {
    const repo = gitRepo({ "a/x.ts": DISABLED, "b/y.ts": DISABLED, "c/z.ts": DISABLED });
    const r = runAction(repo, { paths: "a\nb", sarif: "out.sarif" });
    expect(r.code).toBe(1);
    const uris = readSarif(path.join(repo, "out.sarif")).runs[0]!.results.map(
      (x) => x.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(["a/x.ts", "b/y.ts"]);
  });

  it("marker: check and its SARIF use the tag given (a site applied with another tag is named so)", () => {
    const repo = gitRepo({ "src/client.ts": DISABLED });
    expect(cli(repo, "apply", "--allow-dirty", "--marker", "team_trial").code).toBe(0);
    const message = (file: string) => {
      const results = readSarif(path.join(repo, file)).runs[0]!.results as Array<{
        ruleId: string;
        message: { text: string };
      }>;
      expect(results.map((x) => x.ruleId)).toEqual(["toggle-parallel/applied/openai"]);
      return results[0]!.message.text;
    };
    expect(runAction(repo, { sarif: "a.sarif" }).code).toBe(0);
    expect(message("a.sarif")).toMatch(/another tag/);
    const ours = runAction(repo, { marker: "team_trial", sarif: "b.sarif" });
    expect(ours.code).toBe(0);
    expect(ours.stdout).toContain("$ toggle-parallel check --marker team_trial -- .");
    expect(message("b.sarif")).not.toMatch(/another tag/);
  });

  it("a command other than check or audit: exit 2 with an error annotation", () => {
    const repo = gitRepo({ "a.ts": DISABLED });
    const r = runAction(repo, { command: "apply" });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error::toggle-parallel action: input command must be check or audit/m);
    expect(r.outputs["exit-code"]).toBe("2");
  });

  it("a path that does not exist: exit 2 and no SARIF file", () => {
    const repo = gitRepo({ "a.ts": DISABLED });
    const r = runAction(repo, { paths: "missing", sarif: "out.sarif" });
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(repo, "out.sarif"))).toBe(false);
    expect(r.stdout).toMatch(/::error::toggle-parallel action: no SARIF written/);
  });
});
