// The audit as users meet it (issue 12): every finding names its rule, line and confidence; ignore comments and the
// config's audit.ignore silence findings with a reason (counted, listable, kept in JSON and SARIF); apply closes with
// the places that still keep only the first tool call, at their lines in the files as written.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, gitRepo, tempDir, writeTree } from "../helpers/cli";

// An invented agent: a flag apply switches on, a per-turn guard that refuses every later call, a first-call reader.
const AGENT = [
  "export const requestOptions = {",
  "  parallel_tool_calls: false,",
  "};",
  "export class TurnRunner {",
  "  private didAlreadyUseTool = false;",
  "  handle(block: { name: string }): string {",
  "    if (this.didAlreadyUseTool) {",
  "      return `skipped ${block.name}: one tool per message`;",
  "    }",
  "    this.didAlreadyUseTool = true;",
  "    return block.name;",
  "  }",
  "}",
  "",
].join("\n");
const ROUTER = [
  "export function nextStep(reply: { tool_calls: Array<{ name: string }> }): string {",
  "  const call = reply.tool_calls[0];",
  "  return call.name;",
  "}",
  "",
].join("\n");

function findingLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => /\baudit\b/.test(l) && /^\S+:\d+:\d+ /.test(l));
}

describe("audit output", () => {
  it("each finding shows rule, line, confidence and what is lost; audit exits 1 while one stands", () => {
    const dir = gitRepo({ "src/router.ts": ROUTER });
    const r = cli(dir, "audit");
    expect(r.code).toBe(1);
    expect(findingLines(r.stdout)).toEqual([
      expect.stringMatching(
        /^src\/router\.ts:2:16 +audit +certain +first-call-only: takes the first tool call as the only one/,
      ),
    ]);
    expect(r.stdout).toMatch(/^audit: 1 place keeps only the first tool call$/m);
    // --certain: a CI gate on certain findings; this one is certain, so it still fails.
    expect(cli(dir, "audit", "--certain").code).toBe(1);
  });

  it("without git, a folder named below the working directory is judged by its path from there, as `audit .` judges it", () => {
    // tests/ makes a test file, which the audit leaves out; named as `tests` it must not read as a plain `router.ts`
    const dir = tempDir();
    writeTree(dir, { "src/router.ts": ROUTER, "tests/router.ts": ROUTER });
    const whole = cli(dir, "audit");
    const named = cli(dir, "audit", "tests");
    expect(findingLines(whole.stdout)).toEqual([expect.stringMatching(/^src\/router\.ts:2:16 /)]);
    expect(named.code).toBe(0);
    expect(findingLines(named.stdout)).toEqual([]);
    expect(findingLines(cli(path.join(dir, "src"), "audit", ".").stdout)).toEqual([
      expect.stringMatching(/^router\.ts:2:16 /),
    ]);
  });

  it("audit --certain leaves a likely finding out of its list, its exit code and its closing count", () => {
    const gated =
      "function present(task, block, multiEnabled) {\n  if (task.didAlreadyUseTool) {\n    task.pushToolResult(block.id, 'not executed: one tool per message')\n    return\n  }\n  task.executeTool(block)\n  if (!multiEnabled) task.didAlreadyUseTool = true\n}\n";
    const dir = gitRepo({ "src/router.ts": ROUTER, "src/present.ts": gated });
    const all = cli(dir, "audit");
    expect(all.stats).toMatch(/, 2 findings, /);
    const certain = cli(dir, "audit", "--certain");
    expect(findingLines(certain.stdout)).toHaveLength(1);
    expect(certain.stdout).toMatch(/1 likely left out \(--certain\)/);
    expect(certain.stats).toMatch(/, 1 finding, /);
  });

  it("scan --json and audit --format sarif carry rule id and confidence", () => {
    const dir = gitRepo({ "src/router.ts": ROUTER });
    const json = JSON.parse(cli(dir, "audit", "--json").stdout) as { sites: Array<Record<string, unknown>> };
    expect(json.sites).toEqual([
      expect.objectContaining({ rule: "first-call-only", confidence: "certain", line: 2, action: "audit" }),
    ]);
    const sarif = JSON.parse(cli(dir, "audit", "--format", "sarif").stdout) as {
      runs: Array<{ results: Array<Record<string, unknown>> }>;
    };
    expect(sarif.runs[0]!.results).toEqual([
      expect.objectContaining({
        ruleId: "toggle-parallel/audit/first-call-only",
        level: "warning",
        properties: expect.objectContaining({ confidence: "certain" }),
      }),
    ]);
  });
});

describe("silencing", () => {
  const silenced = ROUTER.replace(
    "  const call",
    "  // toggle-parallel-ignore audit first-call-only: the router reads one call by design\n  const call",
  );

  it("a comment with a reason on the line above silences the finding: counted, exit 0, listed on request", () => {
    const dir = gitRepo({ "src/router.ts": silenced });
    const r = cli(dir, "audit");
    expect(r.code, r.stderr).toBe(0);
    expect(findingLines(r.stdout)).toEqual([]);
    expect(r.stdout).toMatch(/^audit: no place keeps only the first tool call; 1 silenced$/m);
    const shown = cli(dir, "audit", "--show-silenced");
    expect(findingLines(shown.stdout)).toEqual([
      expect.stringMatching(/^src\/router\.ts:3:16 .*\[silenced by comment: the router reads one call by design\]$/),
    ]);
    const json = JSON.parse(cli(dir, "audit", "--json").stdout) as { sites: Array<Record<string, unknown>> };
    expect(json.sites).toEqual([
      expect.objectContaining({ line: 3, silenced: { by: "comment", reason: "the router reads one call by design" } }),
    ]);
    const sarif = JSON.parse(cli(dir, "audit", "--format", "sarif").stdout) as {
      runs: Array<{ results: Array<Record<string, unknown>> }>;
    };
    expect(sarif.runs[0]!.results[0]!.suppressions).toEqual([
      { kind: "inSource", justification: "the router reads one call by design" },
    ]);
    expect(cli(dir, "scan").stdout).toMatch(/; 0 audit findings \(1 silenced\)$/m);
  });

  it("a trailing comment on the finding's line silences it; Python's # comments too", () => {
    const ts = ROUTER.replace(
      "tool_calls[0];",
      "tool_calls[0]; // toggle-parallel-ignore audit: one call by construction",
    );
    const py =
      "def route(reply):\n    # toggle-parallel-ignore audit: the planner asks for one call only\n    call = reply.tool_calls[0]\n    return call.name\n";
    const dir = gitRepo({ "src/router.ts": ts, "agent/route.py": py });
    const r = cli(dir, "audit", "--show-silenced");
    expect(r.code, r.stderr).toBe(0);
    expect(findingLines(r.stdout)).toHaveLength(2);
    expect(r.stdout).toMatch(/; 2 silenced$/m);
  });

  it("a comment without a reason, or naming another rule, is not honoured; a reason without a comment token neither", () => {
    const noReason = ROUTER.replace("  const call", "  // toggle-parallel-ignore audit\n  const call");
    const otherRule = ROUTER.replace(
      "  const call",
      "  // toggle-parallel-ignore audit truncate-to-first: not this one\n  const call",
    );
    // On the finding's own line, inside a string: a comment there would silence it.
    const inString = ROUTER.replace(
      "tool_calls[0];",
      'tool_calls[0], note = "// toggle-parallel-ignore audit: in a string";',
    );
    for (const text of [noReason, otherRule, inString]) {
      const r = cli(gitRepo({ "src/router.ts": text }), "audit");
      expect(r.code).toBe(1);
      expect(findingLines(r.stdout)).toHaveLength(1);
    }
    const r = cli(gitRepo({ "src/router.ts": noReason }), "audit");
    expect(r.stderr).toMatch(
      /^src\/router\.ts:2:3: toggle-parallel-ignore comment not honoured: a reason is required after the colon/m,
    );
    const unknown = cli(
      gitRepo({
        "src/router.ts": ROUTER.replace(
          "  const call",
          "  // toggle-parallel-ignore audit first-cal: typo\n  const call",
        ),
      }),
      "audit",
    );
    expect(unknown.stderr).toMatch(/not honoured: unknown rule "first-cal"/);
  });

  it("config audit.ignore: an object needs a reason, and silences (not drops) what it names", () => {
    const config = {
      audit: { ignore: [{ path: "src/router.ts", rule: "first-call-only", reason: "routing reads one call" }] },
    };
    const dir = gitRepo({ "src/router.ts": ROUTER, "toggle-parallel.config.json": JSON.stringify(config) });
    const r = cli(dir, "audit", "--show-silenced");
    expect(r.code, r.stderr).toBe(0);
    expect(findingLines(r.stdout)).toEqual([expect.stringMatching(/\[silenced by config: routing reads one call\]$/)]);
    const bad = gitRepo({
      "src/router.ts": ROUTER,
      "toggle-parallel.config.json": JSON.stringify({ audit: { ignore: [{ rule: "first-call-only" }] } }),
    });
    const refused = cli(bad, "audit");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/"audit\.ignore\[0\]\.reason" is required/);
  });
});

describe("apply closes with the hazards that remain", () => {
  it("names each place at its line in the files as written, after apply and apply --dry-run alike", () => {
    const dir = gitRepo({ "src/agent.ts": AGENT, "src/router.ts": ROUTER });
    const dry = cli(dir, "apply", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/^Switching the flag is not enough while these 2 places stand/m);
    // A dry run's stdout stays the diff alone.
    expect(dry.stdout).not.toMatch(/Switching the flag/);
    const r = cli(dir, "apply");
    expect(r.code, r.stderr).toBe(0);
    const hazards = r.stdout.slice(r.stdout.indexOf("Switching the flag"));
    // The guard is on line 7 before apply; the marker line apply inserts above line 2 moves it to line 8.
    expect(hazards.split("\n").slice(1, 3)).toEqual([
      expect.stringMatching(
        /^ {2}src\/agent\.ts:8 {2}one-tool-per-turn-guard: refuses every tool call after the first one in a turn$/,
      ),
      expect.stringMatching(/^ {2}src\/router\.ts:2 {2}first-call-only: /),
    ]);
    const written = fs.readFileSync(path.join(dir, "src/agent.ts"), "utf8").split("\n");
    expect(written[7]).toContain("this.didAlreadyUseTool");
    // The dry run says the same, at the lines its diff would give.
    expect(dry.stderr).toContain(hazards.split("\n").slice(0, 3).join("\n"));
    expect(cli(dir, "revert").code).toBe(0);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("a file apply refuses (uncommitted changes) keeps its text, so its hazards keep their lines as read", () => {
    const dir = gitRepo({ "src/agent.ts": AGENT });
    fs.appendFileSync(path.join(dir, "src/agent.ts"), "// a change of someone's, not committed\n");
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/src\/agent\.ts: has uncommitted changes; not edited/);
    // The guard is on line 7 of the file, which apply did not write (no marker line moved it to 8).
    expect(r.stdout).toMatch(/^ {2}src\/agent\.ts:7 {2}one-tool-per-turn-guard: /m);
    expect(fs.readFileSync(path.join(dir, "src/agent.ts"), "utf8").split("\n")[6]).toContain("this.didAlreadyUseTool");
  });

  it("a file apply reads only for its audit does not fail apply when it cannot be parsed", () => {
    const dir = gitRepo({ "src/agent.ts": AGENT, "agent/broken.py": "def f(reply:\n    return reply.tool_calls[0]\n" });
    const r = cli(dir, "apply", "--dry-run");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^agent\/broken\.py:\d+: .*\(read for the audit only\)$/m);
    // scan reads it for the same audit and reports it as a problem, as before.
    expect(cli(dir, "scan").code).toBe(1);
  });

  it("a Python file apply skips for a syntax error still has its readable part's findings named", () => {
    const py =
      "parallel_tool_calls = False\n\ndef broken(:\n    pass\n\ndef first(reply):\n    return reply.tool_calls[0]\n";
    const dir = gitRepo({ "agent/run.py": py });
    const r = cli(dir, "apply", "--dry-run");
    expect(r.stderr).toMatch(/^agent\/run\.py:3:\d+: syntax error/m);
    expect(r.stderr).toMatch(/^ {2}agent\/run\.py:7 {2}first-call-only: /m);
  });

  it("apply --no-audit, and a tree with nothing left, close without the section", () => {
    const dir = gitRepo({ "src/agent.ts": AGENT });
    expect(cli(dir, "apply", "--dry-run", "--no-audit").stderr).not.toMatch(/Switching the flag/);
    const clean = gitRepo({ "src/a.ts": "export const o = { parallel_tool_calls: false };\n" });
    const r = cli(clean, "apply");
    expect(r.stdout).not.toMatch(/Switching the flag/);
  });
});
