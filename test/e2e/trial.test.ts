// `trial -- <command>`: the command sees the switched files, and the tree is put back byte for byte after success,
// after failure (the status passed on), and after Ctrl-C (sent on to the command, waited for). Bound by events: the
// interrupted run is signalled once the command has written its start file, polled for while the trial is alive.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, git, gitRepo, snapshot, NODE_ARGS } from "../helpers/cli";

const SOURCE = "export const body = {\n  model: 'gpt',\n  parallel_tool_calls: false,\n};\n";
const PY = "def create(client):\n    return client.create(parallel_tool_calls=False)\n";

function repo(): string {
  return gitRepo({ "src/agent.ts": SOURCE, "worker/plan.py": PY, "README.md": "# x\n" });
}

/** A node -e script that exits 0 when both files are switched on, 5 when they are not. */
const SEES_SWITCHED =
  "const fs=require('fs');const ts=fs.readFileSync('src/agent.ts','utf8');const py=fs.readFileSync('worker/plan.py','utf8');" +
  "process.exit(/parallel_tool_calls: true/.test(ts)&&/parallel_tool_calls=True/.test(py)?0:5)";

function expectRestored(dir: string, before: Map<string, Buffer>): void {
  expect(snapshot(dir)).toEqual(before);
  expect(git(dir, "status", "--porcelain")).toBe("");
}

describe("trial", () => {
  it("the command sees the switched files; afterwards the tree is restored byte for byte and git status is clean", () => {
    const dir = repo();
    const before = snapshot(dir);
    const r = cli(dir, "trial", "--", process.execPath, "-e", SEES_SWITCHED);
    expect(r.stderr).toContain("trial: 2 sites switched on in 2 files; running:");
    expect(r.stderr).toContain(
      "trial: switched on during the run:\n  src/agent.ts:3:24  parallel_tool_calls  false -> true\n  worker/plan.py:2:46  parallel_tool_calls  False -> True\n",
    );
    expect(r.stderr).toContain(
      "trial: reverted; 2 files back to their original bytes\ntrial: the command exited with status 0\n",
    );
    expect(r.code).toBe(0);
    expectRestored(dir, before);
  });

  it("a failing command: its exit status is passed on, and the tree is restored all the same", () => {
    const dir = repo();
    const before = snapshot(dir);
    const r = cli(dir, "trial", "--", process.execPath, "-e", "process.exit(3)");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("trial: the command exited with status 3");
    expectRestored(dir, before);
  });

  it("paths and options go before --; everything after the first -- is the command's, options and -- included", () => {
    const dir = repo();
    const before = snapshot(dir);
    // Only src/ is switched: the script exits 5 because the Python file is not.
    const r = cli(dir, "trial", "src", "--", process.execPath, "-e", SEES_SWITCHED, "--", "--marker", "x");
    expect(r.stderr).toContain("trial: 1 site switched on in 1 file;");
    expect(r.code).toBe(5);
    expectRestored(dir, before);
  });

  it("without a command after --: a usage error (exit 2), nothing written", () => {
    const dir = repo();
    const before = snapshot(dir);
    const r = cli(dir, "trial", "src");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("trial needs a command after --");
    expectRestored(dir, before);
  });

  it("apply refuses a file (uncommitted changes): the command is not run, the files apply wrote are put back, exit 1", () => {
    const dir = repo();
    fs.appendFileSync(path.join(dir, "worker/plan.py"), "# edited\n");
    const before = snapshot(dir);
    const ran = path.join(dir, "ran");
    const r = cli(
      dir,
      "trial",
      "--",
      process.execPath,
      "-e",
      `require('fs').writeFileSync(${JSON.stringify(ran)}, '')`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("worker/plan.py: has uncommitted changes; not edited");
    expect(r.stderr).toContain("trial: apply did not switch every site cleanly (see above); the command was not run");
    expect(r.stderr).toContain("trial: put back the 1 file apply had written, byte for byte");
    expect(fs.existsSync(ran)).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  it("nothing to switch: the command runs on the tree as it is, and says so", () => {
    const dir = gitRepo({ "a.ts": "export const x = 1;\n" });
    const r = cli(dir, "trial", "--", process.execPath, "-e", "process.exit(4)");
    expect(r.stderr).toContain("trial: nothing to switch on; running the command on the tree as it is");
    expect(r.code).toBe(4);
  });

  it("a file the command changed is not overwritten: it is named loudly, and the trial exits 1", () => {
    const dir = repo();
    const r = cli(
      dir,
      "trial",
      "--",
      process.execPath,
      "-e",
      "require('fs').appendFileSync('src/agent.ts', '// more\\n')",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("trial: NOT REVERTED: src/agent.ts (the command changed it during the trial)");
    expect(r.stderr).toContain("trial: 1 file left switched on (named above)");
    expect(fs.readFileSync(path.join(dir, "src/agent.ts"), "utf8")).toContain("// more\n");
    expect(git(dir, "status", "--porcelain")).toBe(" M src/agent.ts\n"); // the Python file was put back
  });

  it("SIGINT while the command runs: sent on to the command, waited for, then the tree is restored; exit 130", async () => {
    const dir = repo();
    const before = snapshot(dir);
    const started = path.join(dir, "..", `${path.basename(dir)}.started`);
    const forwarded = path.join(dir, "..", `${path.basename(dir)}.forwarded`);
    // The command says it started, then waits for SIGINT (only the trial is signalled: it reaches the command only if
    // forwarded), notes it and exits after checking it still sees the switched file.
    const script =
      `const fs=require('fs');fs.writeFileSync(${JSON.stringify(started)},'');` +
      `process.on('SIGINT',()=>{fs.writeFileSync(${JSON.stringify(forwarded)},fs.readFileSync('src/agent.ts','utf8'));process.exit(9)});setInterval(()=>{},1000);`;
    const child = spawn(process.execPath, [...NODE_ARGS, BIN, "trial", "--", process.execPath, "-e", script], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let alive = true;
    void exited.then(() => (alive = false));
    // Poll for the start file while the trial lives: the loop ends on an event (the file, or the trial's exit).
    while (alive && !fs.existsSync(started)) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(started)).toBe(true);
    child.kill("SIGINT");
    const code = await exited;
    expect(code).toBe(130);
    expect(fs.readFileSync(forwarded, "utf8")).toContain("parallel_tool_calls: true");
    expect(stderr).toContain("trial: reverted; 2 files back to their original bytes\ntrial: interrupted (SIGINT)\n");
    fs.rmSync(started);
    fs.rmSync(forwarded);
    expectRestored(dir, before);
  });
});
