// The canonical case in miniature: apply changes exactly the three KiloCode shapes, and everything round-trips.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { cli, copyTree, git, snapshot, tempDir } from "../helpers/cli";
import { FIXTURES } from "../helpers/fixtures";

const TAG = "kilocode_temp_parallel_tool_calls";
const THREE = [
  "src/api/providers/kilocode/nativeToolCallHelpers.ts",
  "src/api/providers/openrouter.ts",
  "src/core/task/Task.ts",
];

function miniatureRepo(): string {
  const dir = tempDir("tp-kilo-");
  copyTree(path.join(FIXTURES, "kilocode-miniature"), dir);
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
  return dir;
}

describe("canonical case (miniature)", () => {
  let repo: string;
  beforeEach(() => {
    repo = miniatureRepo();
  });

  it("apply changes exactly the three sites, and the tag is found in exactly those files", () => {
    const r = cli(repo, "apply", "--marker", TAG, ".");
    expect(r.stderr).toBe(""); // no warning
    expect(r.stats).toMatch(
      /^toggle-parallel apply: \d+ files listed, \d+ candidates.*, \d+ parsed, \d+ sites, [\d.]+ s$/,
    );
    expect(r.code).toBe(0);
    expect(git(repo, "diff", "--name-only").trim().split("\n").sort()).toEqual(THREE);
    expect(git(repo, "grep", "-l", TAG).trim().split("\n").sort()).toEqual(THREE);
    const numstat = git(repo, "diff", "--numstat").trim().split("\n");
    for (const line of numstat) expect(line).toMatch(/^2\t1\t/); // one marker line added, one line changed
    expect(r.stdout).toContain("3 sites switched on in 3 files");
  });

  it("a second apply changes nothing", () => {
    cli(repo, "apply", "--marker", TAG, ".");
    const once = snapshot(repo);
    const again = cli(repo, "apply", "--marker", TAG, ".");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing to switch on");
    expect(snapshot(repo)).toEqual(once);
  });

  it("revert after apply leaves git status clean", () => {
    expect(cli(repo, "apply", "--marker", TAG, ".").code).toBe(0);
    const r = cli(repo, "revert", "--marker", TAG, ".");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 sites restored in 3 files");
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("--dry-run shows the diff and leaves the tree clean", () => {
    const r = cli(repo, "apply", "--dry-run", "--marker", TAG, ".");
    expect(r.code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(r.stdout).toContain(
      "+\t\t// kilocode_temp_parallel_tool_calls: was false\n+\t\tconst parallelToolCallsEnabled = true\n",
    );
    expect(r.stdout.match(/^diff --git /gm)).toHaveLength(3);
    expect(r.stderr).toContain("would be switched on; nothing written");
  });

  it("the --patch output passes git apply --check and gives the same tree as apply", () => {
    // Its own folder: a fixed name in the shared temp folder could meet another run's file (--patch never overwrites).
    const patch = path.join(tempDir("tp-kilo-patch-"), "on.patch");
    const r = cli(repo, "apply", "--patch", patch, "--marker", TAG, ".");
    expect(r.code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
    git(repo, "apply", "--check", patch);
    git(repo, "apply", patch);
    const viaPatch = snapshot(repo);
    git(repo, "checkout", "--", ".");
    cli(repo, "apply", "--marker", TAG, ".");
    expect(snapshot(repo)).toEqual(viaPatch);
    fs.rmSync(patch);
  });

  it("check fails while a site is off, and check --no-markers fails while a marker remains", () => {
    expect(cli(repo, "check", ".").code).toBe(1);
    expect(cli(repo, "check", "--no-markers", "--marker", TAG, ".").code).toBe(0);
    cli(repo, "apply", "--marker", TAG, ".");
    expect(cli(repo, "check", ".").code).toBe(0);
    const gate = cli(repo, "check", "--no-markers", "--marker", TAG, ".");
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain("3 markers");
    expect(gate.stats).toMatch(/^toggle-parallel check: \d+ files listed, /);
  });

  it("scan reports the look-alikes with their reasons", () => {
    const r = cli(repo, "scan", "--json", ".");
    expect(r.code).toBe(0);
    const { sites } = JSON.parse(r.stdout) as {
      sites: Array<{ file: string; state: string; action: string; reason: string }>;
    };
    expect(
      sites
        .filter((s) => s.action === "flip")
        .map((s) => s.file)
        .sort(),
    ).toEqual(THREE);
    expect(sites.find((s) => s.file.endsWith("openai.ts"))).toMatchObject({
      state: "dynamic",
      reason: expect.stringMatching(/falls back to false/),
    });
    expect(sites.find((s) => s.file.endsWith(".spec.ts"))).toMatchObject({
      state: "disabled",
      action: "leave",
      reason: expect.stringMatching(/test file/),
    });
    expect(sites.filter((s) => s.state === "capability").length).toBeGreaterThan(0);
  });
});
