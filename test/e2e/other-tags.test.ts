// A marker of another tag is never invisible (issue 13): after `apply --marker my_trial`, a plain revert, check
// --no-markers and scan all name it, through the built CLI.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir, writeTree } from "../helpers/cli";

describe("markers another tag left", () => {
  it("revert and check --no-markers exit 1 and say which tag; scan calls the site applied; that tag's revert restores", () => {
    const dir = tempDir();
    const source = "export const o = {\n  parallel_tool_calls: false,\n}\n";
    writeTree(dir, { "a.ts": source, "b.py": "x = f(parallel_tool_calls=False)\n" });
    expect(cli(dir, "apply", "--marker", "my_trial").code).toBe(0);
    const applied = fs.readFileSync(path.join(dir, "a.ts"), "utf8");

    const revert = cli(dir, "revert");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toMatch(
      /^a\.ts:2:1: marker of another tag "my_trial"; left alone \(toggle-parallel revert --marker my_trial restores it\)$/m,
    );
    expect(revert.stdout).toContain("nothing restored: 2 markers left alone (see below)");
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(applied);

    const gate = cli(dir, "check", "--no-markers");
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(
      /check: 2 markers remain, tagged "my_trial"; run toggle-parallel revert --marker TAG for each tag/,
    );

    const json = JSON.parse(cli(dir, "scan", "--json").stdout) as {
      sites: Array<{ file: string; state: string; reason: string }>;
    };
    expect(json.sites.map((s) => [s.file, s.state])).toEqual([
      ["a.ts", "applied"],
      ["b.py", "applied"],
    ]);
    expect(json.sites[0]!.reason).toContain('marker "my_trial"');

    expect(cli(dir, "revert", "--marker", "my_trial").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(source);
    expect(cli(dir, "check", "--no-markers").code).toBe(0);
  });
});
