// apply --interactive through a pseudo-terminal (python3's pty module drives the built CLI, as a person at a terminal
// would): accepted hunks are written, skipped ones are not, q stops with nothing more written; without a terminal
// on stdin it is a usage error.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, git, gitRepo, snapshot, tempDir, NODE_ARGS } from "../helpers/cli";

// Runs argv in a new pty, types the answers (typed ahead: the terminal keeps them until read), then ^D (end of input),
// reads everything until the program closes the terminal, and prints {code, output} as JSON.
const DRIVER = `
import json, os, pty, sys
argv, answers = json.loads(sys.argv[1]), sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["NO_COLOR"] = "1"
    os.execv(argv[0], argv)
os.write(fd, answers.encode() + b"\\x04")
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "output": out.decode("utf-8", "replace")}))
`;

function interactive(cwd: string, answers: string, ...args: string[]): { code: number; output: string } {
  const r = spawnSync(
    "python3",
    ["-c", DRIVER, JSON.stringify([process.execPath, BIN, "apply", "--interactive", ...args]), answers],
    { cwd, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`pty driver failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout) as { code: number; output: string };
  return { ...result, output: result.output.replace(/\r\n/g, "\n") };
}

// Three files, three hunks, in path order: a.ts, b.ts, c.py.
const FILES = {
  "a.ts": "export const a = { parallel_tool_calls: false };\n",
  "b.ts": "export const b = { parallel_tool_calls: false };\n",
  "c.py": "def c(client):\n    return client.create(parallel_tool_calls=False)\n",
};
const switched = (dir: string, file: string) =>
  / true };|parallel_tool_calls=True/.test(fs.readFileSync(path.join(dir, file), "utf8"));

describe("apply --interactive", () => {
  it("y writes the hunk, n leaves it: only the accepted sites are switched on", () => {
    const dir = gitRepo(FILES);
    const r = interactive(dir, "y\nn\ny\n");
    expect(r.output).toContain(
      "diff a.ts\n@@ -1,1 +1,1 @@\n-export const a = { parallel_tool_calls: false };\n+export const a = { parallel_tool_calls: /* toggle-parallel: was false */ true };\n",
    );
    expect(r.output).toContain("(1/3) Switch on 1 site [y,n,a,q,?]? ");
    expect(r.output).toContain(
      "switched on  a.ts:1:41  parallel_tool_calls  false -> true\nswitched on  c.py:2:46  parallel_tool_calls  False -> True\n",
    );
    expect(r.output).toContain("2 sites switched on in 2 files; 1 site left as it was. Undo: toggle-parallel revert\n");
    expect(r.code).toBe(0);
    expect([switched(dir, "a.ts"), switched(dir, "b.ts"), switched(dir, "c.py")]).toEqual([true, false, true]);
    // What was written is what apply writes: revert gives back every byte.
    expect(cli(dir, "revert").code).toBe(0);
    expect(Object.fromEntries([...snapshot(dir)].map(([k, v]) => [k, v.toString()]))).toEqual(FILES);
  });

  it("q stops asking: what was accepted before it is written, nothing after it (answers typed after q are not read)", () => {
    const dir = gitRepo(FILES);
    const r = interactive(dir, "y\nq\ny\ny\n");
    expect(r.output).not.toContain("(3/3)");
    expect(r.output).toContain("1 site switched on in 1 file; 2 sites left as they were.");
    expect([switched(dir, "a.ts"), switched(dir, "b.ts"), switched(dir, "c.py")]).toEqual([true, false, false]);
    expect(r.code).toBe(0);
  });

  it("a switches this hunk and every later one without asking; ? shows the keys and asks again", () => {
    const dir = gitRepo(FILES);
    const r = interactive(dir, "n\n?\na\n");
    expect(r.output).toContain("y - switch on this hunk\n");
    expect(r.output).not.toContain("(3/3)");
    expect([switched(dir, "a.ts"), switched(dir, "b.ts"), switched(dir, "c.py")]).toEqual([false, true, true]);
  });

  it("the end of input (^D) stops like q: nothing is written when nothing was accepted", () => {
    const dir = gitRepo(FILES);
    const before = snapshot(dir);
    const r = interactive(dir, "");
    expect(r.output).toContain("nothing switched on; 3 sites left as they were\n");
    expect(snapshot(dir)).toEqual(before);
  });

  it("without a terminal on stdin: a usage error (exit 2), nothing written", () => {
    const dir = gitRepo(FILES);
    const before = snapshot(dir);
    const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, "apply", "--interactive"], {
      cwd: dir,
      input: "a\n",
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: apply --interactive asks about each change and needs a terminal on stdin");
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("the README's interactive session", () => {
  it("is the output of a real run through a terminal, answers as typed", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const m = /<!-- interactive-review -->\n```\n\$ toggle-parallel (apply --interactive [^\n]*)\n([\s\S]*?)\n```/.exec(
      readme,
    );
    expect(m).not.toBeNull();
    const [, command, shown] = m!;
    const PROMPT = /(\[y,n,a,q,\?\]\? )([ynaq?])$/gm;
    const answers = [...shown!.matchAll(PROMPT)].map((a) => a[2]);
    const dir = tempDir("tp-readme-i-");
    fs.cpSync(path.join(__dirname, "..", "..", "examples"), path.join(dir, "examples"), { recursive: true });
    git(dir, "init", "-q");
    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "examples");
    const r = interactive(dir, answers.map((a) => `${a}\n`).join(""), ...command!.split(" ").slice(2));
    expect(r.code).toBe(0);
    // Typed ahead, the answers are echoed before the first hunk; in the README each follows its prompt.
    const real = r.output
      .split("\n")
      .slice(answers.length)
      .join("\n")
      .replace(/(\[y,n,a,q,\?\]\? )/g, "$1\n")
      .replace(/\n$/, "");
    const timing = (t: string) => t.replace(/\b\d+\.\d\d s\b/g, "#.## s");
    expect(timing(shown!.replace(PROMPT, "$1"))).toBe(timing(real));
  });
});
