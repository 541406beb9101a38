// The README's "Across many repositories" loop, run as it is written on two local repositories: a JSON report and a
// patch per repository, no source file changed, and each patch applies with git apply.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, git, snapshot, tempDir, writeTree } from "../helpers/cli";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The fenced block right after the `<!-- fleet-loop -->` line. */
function fleetLoop(): string {
  const m = /<!-- fleet-loop -->\n```sh\n([\s\S]*?)\n```/.exec(README);
  if (!m) throw new Error("README.md has no <!-- fleet-loop --> block");
  return m[1]!;
}

function repoAt(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  writeTree(dir, files);
  git(dir, "init", "-q");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
}

describe("across many repositories", () => {
  it("the README's loop over repos/*: a report and a patch per repository, sources untouched, each patch applies", () => {
    const top = tempDir("tp-fleet-");
    repoAt(path.join(top, "repos", "api"), {
      "src/client.ts": "export const body = { parallel_tool_calls: false };\n",
    });
    repoAt(path.join(top, "repos", "worker"), {
      "plan.py": "def plan(c):\n    return c.create(parallel_tool_calls=False)\n",
    });
    // `toggle-parallel` on PATH is the built CLI, as after `npm install -g toggle-parallel`.
    const bin = path.join(top, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, "toggle-parallel"),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
      { mode: 0o755 },
    );
    const sources = ["api", "worker"].map((n) => snapshot(path.join(top, "repos", n)));

    const r = spawnSync("bash", ["-e", "-c", fleetLoop()], {
      cwd: top,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" },
    });
    expect(r.stderr).not.toContain("see above");
    expect(r.status).toBe(0);
    expect(["api", "worker"].map((n) => snapshot(path.join(top, "repos", n)))).toEqual(sources);

    for (const [name, file] of [
      ["api", "src/client.ts"],
      ["worker", "plan.py"],
    ] as const) {
      const report = JSON.parse(fs.readFileSync(path.join(top, "out", `${name}.json`), "utf8")) as {
        sites: Array<{ file: string; action: string }>;
      };
      expect(report.sites.map((s) => [s.file, s.action])).toEqual([[file, "flip"]]);
      const repo = path.join(top, "repos", name);
      git(repo, "apply", `../../out/${name}.patch`);
      expect(fs.readFileSync(path.join(repo, file), "utf8")).toMatch(/toggle-parallel: was (false|False)/);
    }
  });
});
