// A big run parses in worker threads beside the main one (pipeline/analyze-pool.ts): what it prints and writes must be
// what the same run on the main thread alone gives, byte for byte, files that cannot be parsed included.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PARSED_IN_PROCESS } from "../../src/pipeline/analyze-pool";
import { cliWith, copyTree, gitRepo, snapshot, tempDir } from "../helpers/cli";

/** More candidates than the main thread parses alone, in both parsed languages, with sites, findings and errors. */
function bigTree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < PARSED_IN_PROCESS; i++) {
    files[`src/agent${i}.ts`] =
      `export async function step${i}(client: Client) {\n  const res = await client.chat.completions.create({ model, tools, parallel_tool_calls: false });\n` +
      (i % 3 === 0
        ? "  const call = res.choices[0].message.tool_calls[0];\n  return run(call);\n"
        : "  return res;\n") +
      "}\n";
    files[`py/agent${i}.py`] =
      `def step${i}(client):\n    res = client.chat.completions.create(model=m, tools=t, parallel_tool_calls=False)\n` +
      (i % 4 === 0 ? "    call = res.choices[0].message.tool_calls[0]\n    return run(call)\n" : "    return res\n");
  }
  files["src/broken.ts"] = "export const body = { parallel_tool_calls: false,\n";
  files["py/broken.py"] = "def f(:\n    return create(parallel_tool_calls=False)\n";
  return files;
}

const JOBS = (n: number) => ({ TOGGLE_PARALLEL_JOBS: String(n) });

describe("parsing in worker threads", () => {
  it("scan prints the same sites, findings and problems in 3 threads as in one, and says it used them", () => {
    const repo = gitRepo(bigTree());
    const one = cliWith(JOBS(1), repo, "scan", "--json");
    const three = cliWith(JOBS(3), repo, "scan", "--json");
    expect(one.code).toBe(1); // the two broken files
    expect(three.code).toBe(one.code);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
    const report = JSON.parse(one.stdout) as { sites: { action: string }[]; problems: { file: string }[] };
    expect(report.sites.filter((s) => s.action === "audit")).toHaveLength(
      Math.ceil(PARSED_IN_PROCESS / 3) + Math.ceil(PARSED_IN_PROCESS / 4),
    );
    expect(report.problems.map((p) => p.file).sort()).toEqual(["py/broken.py", "src/broken.ts"]);
    expect(one.stats).toMatch(/, \d+ parsed, /);
    expect(three.stats).toMatch(/, \d+ parsed in 3 threads, /);
  });

  it("apply and revert write the same bytes in 3 threads as in one", () => {
    const a = gitRepo(bigTree());
    const b = tempDir("tp-threads-");
    copyTree(a, b);
    const before = snapshot(a);
    const applyOne = cliWith(JOBS(1), a, "apply");
    const applyThree = cliWith(JOBS(3), b, "apply");
    expect(applyThree.stdout).toBe(applyOne.stdout);
    expect(applyThree.stderr).toBe(applyOne.stderr);
    expect(applyOne.stdout).toContain(`${2 * PARSED_IN_PROCESS} sites switched on in ${2 * PARSED_IN_PROCESS} files`);
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(snapshot(a)).not.toEqual(before);
    const revertThree = cliWith(JOBS(3), b, "revert");
    expect(revertThree.stats).toMatch(/ in 3 threads, /);
    expect(cliWith(JOBS(1), a, "revert").stdout).toBe(revertThree.stdout);
    expect(snapshot(a)).toEqual(before);
    expect(snapshot(b)).toEqual(before);
  });

  it("a run no bigger than what the main thread parses alone starts no thread", () => {
    const files = bigTree();
    const small = Object.fromEntries(Object.entries(files).slice(0, PARSED_IN_PROCESS));
    const r = cliWith(JOBS(8), gitRepo(small), "scan");
    expect(r.stats).toMatch(new RegExp(`, ${PARSED_IN_PROCESS} parsed, `));
  });

  it("--help names TOGGLE_PARALLEL_JOBS", () => {
    const help = cliWith({}, tempDir("tp-help-"), "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/TOGGLE_PARALLEL_JOBS=N parse in at\s+most N threads/);
  });

  it("TOGGLE_PARALLEL_JOBS that is not a whole number from 1 is a usage error, nothing read", () => {
    const repo = gitRepo({ "a.ts": "export const body = { parallel_tool_calls: false };\n" });
    for (const bad of ["0", "two", "-1", "1.5"]) {
      const r = cliWith({ TOGGLE_PARALLEL_JOBS: bad }, repo, "apply");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`TOGGLE_PARALLEL_JOBS must be a whole number from 1, not "${bad}"`);
      expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toContain("parallel_tool_calls: false");
    }
  });
});
