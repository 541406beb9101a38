// Help texts and messages say what the tool does, in plain words (issue 13: "Help and messages").
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, cli, gitRepo, tempDir, writeTree, NODE_ARGS } from "../helpers/cli";
import { count } from "../../src/render/plural";

const help = (...args: string[]) =>
  spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args, "--help"], {
    encoding: "utf8",
    env: { ...process.env, COLUMNS: "200" },
  }).stdout;
const COMMANDS = ["scan", "audit", "apply", "revert", "check", "init", "trial"];

describe("help", () => {
  it("every --help line fits 80 columns, whatever the terminal says", () => {
    for (const command of ["", ...COMMANDS]) {
      const text = help(...(command ? [command] : []));
      expect(text.length).toBeGreaterThan(100);
      const long = text.split("\n").filter((l) => l.length > 80);
      expect({ command, long }).toEqual({ command, long: [] });
    }
  });

  it("--include-tests says what each command does with test files: only apply switches", () => {
    const option = (command: string) =>
      /--include-tests\s+([\s\S]*?)\n {2}-/.exec(help(command))![1]!.replace(/\s+/g, " ");
    expect(option("apply")).toMatch(/^also switch sites in test files/);
    for (const command of ["scan", "audit", "check"]) expect(option(command)).not.toMatch(/switch sites/);
    expect(option("audit")).toMatch(/^also audit test files/);
    expect(option("check")).toMatch(/^also fail on sites in test files/);
    expect(option("scan")).toMatch(
      /^mark sites in test files .* flip, as apply --include-tests would switch them, and audit those files$/,
    );
  });

  it("scan --help describes the JSON with name and problems", () => {
    const text = help("scan").replace(/\s+/g, " ");
    expect(text).toContain(
      "{file, line, column, language, family, name, state, action, reason}], problems: [{file, line, column, message}]}",
    );
  });
});

describe("plurals", () => {
  it("count() says 1 file, 2 files, 0 files", () => {
    expect([count(0, "file"), count(1, "file"), count(2, "file"), count(1, "place keeps", "places keep")]).toEqual([
      "0 files",
      "1 file",
      "2 files",
      "1 place keeps",
    ]);
  });

  it("one file and one site read in the singular, in every line of a run", () => {
    const dir = gitRepo({ "a.ts": "const body = { parallel_tool_calls: false }\n" });
    const scan = cli(dir, "scan");
    expect(scan.stdout).toContain("1 site in 1 file: 1 to switch on");
    expect(scan.stats).toMatch(/^toggle-parallel scan: 1 file listed, 1 candidate, 1 parsed, 1 site, [\d.]+ s$/);
    expect(cli(dir, "check").stdout).toContain(
      "check: 1 site still switches parallel tool calls off; run toggle-parallel apply\n",
    );
    expect(cli(dir, "apply", "--dry-run").stderr).toBe(
      "dry run: 1 site in 1 file would be switched on; nothing written\n",
    );
    const all = [scan, cli(dir, "apply"), cli(dir, "check", "--no-markers")]
      .map((r) => r.stdout + r.stderr + r.stats)
      .join("");
    expect(all).not.toMatch(/\(s\)|\b1 (files|sites|candidates|markers)\b/);
  });

  it("scan prints the files listed and the time once, on its closing stderr line", () => {
    const dir = gitRepo({ "a.ts": "const body = { parallel_tool_calls: false }\n" });
    const scan = cli(dir, "scan");
    expect(scan.stdout).not.toMatch(/listed/);
    expect(scan.stats).toMatch(/listed/);
  });
});

describe("messages", () => {
  it("a parser's message ending in a period is not followed by a second mark: `'}' expected; skipped`", () => {
    const dir = tempDir();
    writeTree(dir, { "b.ts": "const x = { parallel_tool_calls: false\n" });
    const r = cli(dir, "scan");
    expect(r.stderr).toMatch(/^b\.ts:2:1: syntax error: .*\S; skipped$/m);
    expect(r.stderr).not.toMatch(/\.; skipped/);
  });

  it("check does not advise apply for a site in a file apply skips (a Python file with a syntax error)", () => {
    const dir = gitRepo({
      "a.py": "client.chat(parallel_tool_calls=False)\ndef f(:\n  pass\n",
      "c.ts": "const c = { parallel_tool_calls: false }\n",
    });
    const apply = cli(dir, "apply", "--dry-run", "a.py");
    expect(apply.stderr).toMatch(/^dry run: 0 sites/);
    const one = cli(dir, "check", "a.py");
    expect(one.code).toBe(1);
    expect(one.stdout).toContain(
      "check: 1 site still switches parallel tool calls off; apply skips its file until the syntax error named above is fixed\n",
    );
    expect(one.stdout).not.toContain("run toggle-parallel apply");
    const both = cli(dir, "check");
    expect(both.stdout).toContain(
      "check: 2 sites still switch parallel tool calls off; run toggle-parallel apply (it skips 1 site in files with a syntax error, named above)\n",
    );
  });

  it("a named file of another language is named back, whatever it holds (exit 1)", () => {
    const dir = tempDir();
    writeTree(dir, { "notes.json": "{}\n", "flags.txt": "parallel_tool_calls: false\n" });
    const why = {
      "notes.json": "JSON has no comments, so no marker: not read",
      "flags.txt": "not a TypeScript, JavaScript, Python, Go, Java, Kotlin, C#, YAML, TOML or .properties file",
    };
    for (const [file, reason] of Object.entries(why)) {
      const r = cli(dir, "scan", file);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${file}: ${reason}; skipped\n`);
    }
  });

  it("--dry-run with --patch is a usage error (exit 2), nothing written", () => {
    const dir = gitRepo({ "a.ts": "const body = { parallel_tool_calls: false }\n" });
    for (const mode of ["apply", "revert"]) {
      const r = cli(dir, mode, "--dry-run", "--patch", "on.patch");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--dry-run and --patch do not go together");
      expect(r.stdout).toBe("");
    }
    expect(spawnSync("git", ["status", "--porcelain"], { cwd: dir, encoding: "utf8" }).stdout).toBe("");
  });

  it("the audit's reason speaks Python to a Python file: next(...), not find()", () => {
    const dir = tempDir();
    writeTree(dir, {
      "d.py": 'block = next(b for b in response.content if b.type == "tool_use")\nrun(block)\n',
      "d.ts": 'const block = response.content.find((b) => b.type === "tool_use")\nrun(block)\n',
    });
    const r = cli(dir, "audit");
    expect(r.stdout).toMatch(
      /^d\.py:1:\d+ +audit +certain +first-call-only: next\(\.\.\.\) returns the first tool call block only/m,
    );
    expect(r.stdout).toMatch(
      /^d\.ts:1:\d+ +audit +certain +first-call-only: find\(\) returns the first tool call block only/m,
    );
    expect(
      r.stdout
        .split("\n")
        .filter((l) => l.startsWith("d.py"))
        .join("\n"),
    ).not.toContain("find()");
  });
});
