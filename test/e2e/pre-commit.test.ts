// The pre-commit hook (.pre-commit-hooks.yaml): it parses, its entry is this package's command, and that command on
// the staged files fails while one holds a marker (a trial edit) and passes once it is reverted.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, git, gitRepo, NODE_ARGS } from "../helpers/cli";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The block YAML subset the hook file keeps to: a list of maps whose values are plain scalars or flow lists. Any
 * other line fails the parse, so a change that leaves the subset is noticed (and this reader is extended).
 */
function parseHooks(text: string): Array<Record<string, string | string[] | boolean>> {
  const hooks: Array<Record<string, string | string[] | boolean>> = [];
  for (const line of text.split("\n")) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = /^(- | {2})([a-z_]+): (.+)$/.exec(line);
    if (!m) throw new Error(`not in the YAML subset: ${JSON.stringify(line)}`);
    if (m[1] === "- ") hooks.push({});
    const raw = m[3]!.trim();
    const list = /^\[(.*)\]$/.exec(raw);
    hooks[hooks.length - 1]![m[2]!] = list
      ? list[1]!.split(",").map((s) => s.trim())
      : raw === "true"
        ? true
        : raw === "false"
          ? false
          : raw;
  }
  return hooks;
}

const hooks = parseHooks(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8"));
const hook = hooks.find((h) => h.id === "toggle-parallel-check")!;

describe("pre-commit hook", () => {
  it("the hook file names toggle-parallel-check, a node hook whose entry is this package's bin, check --no-markers", () => {
    expect(hooks.map((h) => h.id)).toEqual(["toggle-parallel-check"]);
    expect(hook).toMatchObject({ language: "node", entry: "toggle-parallel check --no-markers", pass_filenames: true });
    const bin = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }
    ).bin;
    const [command, ...args] = String(hook.entry).split(" ");
    expect(Object.keys(bin)).toContain(command);
    expect(fs.existsSync(path.join(ROOT, bin[command!]!))).toBe(true);
    expect(args).toEqual(["check", "--no-markers"]);
    // Every file kind the tool reads, by pre-commit's identify tags.
    expect(hook.types_or).toEqual(["javascript", "jsx", "ts", "tsx", "python"]);
  });

  it("the entry, run as pre-commit runs it (the staged file names), fails on a trial edit and passes after revert", () => {
    const dir = gitRepo({ "src/a.ts": "export const body = { parallel_tool_calls: false };\n", "src/b.py": "x = 1\n" });
    const [, ...args] = String(hook.entry).split(" ");
    const entry = (...files: string[]) =>
      spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args, ...files], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    expect(entry("src/a.ts", "src/b.py").status).toBe(0);
    expect(cli(dir, "apply").code).toBe(0);
    git(dir, "add", "-A");
    const staged = git(dir, "diff", "--cached", "--name-only").trim().split("\n");
    const blocked = entry(...staged);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('check: 1 marker "toggle-parallel" remains; run toggle-parallel revert');
    // Only the staged files are looked at: a marker in a file not being committed does not block this commit.
    expect(entry("src/b.py").status).toBe(0);
    expect(cli(dir, "revert", "--allow-dirty").code).toBe(0);
    expect(entry("src/a.ts").status).toBe(0);
  });
});
