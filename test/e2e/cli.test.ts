// The CLI as a user meets it: exit codes, messages naming the file and line, git safety, and bad input.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, gitRepo, snapshot, tempDir, writeTree } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";

describe("exit codes and usage", () => {
  it("--help teaches each subcommand with an example, --version prints the version", () => {
    const dir = tempDir();
    const help = cli(dir, "apply", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--dry-run/);
    expect(help.stdout).toMatch(/Examples:\n\s+\$ toggle-parallel apply/);
    const version = cli(dir, "--version");
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version,
    );
  });

  it("a missing path is a usage error (2) that names the path", () => {
    const r = cli(tempDir(), "scan", "no/such/dir");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("path not found: no/such/dir");
  });

  it("an unknown option and a bad marker tag are usage errors (2)", () => {
    const dir = tempDir();
    expect(cli(dir, "scan", "--frobnicate").code).toBe(2);
    const bad = cli(dir, "apply", "--marker", "a(b", ".");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid marker tag");
  });

  it("scan exits 0 with findings; check exits 1 while a site is off, 0 when none", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": SITE });
    expect(cli(dir, "scan").code).toBe(0);
    expect(cli(dir, "check").code).toBe(1);
    writeTree(dir, { "a.ts": "export const x = 1\n" });
    const ok = cli(dir, "check");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("no disabled site found");
  });

  it("check --no-markers counts a marker whose switch was edited away, and revert reports it (exit 1)", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": "// toggle-parallel: was false\nexport const unrelated = 1\n" });
    const gate = cli(dir, "check", "--no-markers");
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain("1 marker");
    const revert = cli(dir, "revert");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toMatch(
      /^a\.ts:1:1: marker toggle-parallel is not next to a switch it can restore; left alone$/m,
    );
  });

  it("audit exits 1 on findings and names the pattern; scan --json carries them with action audit", () => {
    const dir = tempDir();
    writeTree(dir, {
      "src/parse.ts":
        "export function parse(res: Res) {\n  const toolCalls = res.tool_calls\n  return toolCalls[0]\n}\n",
    });
    const r = cli(dir, "audit");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^src\/parse\.ts:3:3 +audit +certain +first-call-only: takes the first tool call as the only one/m,
    );
    expect(r.stats).toMatch(/^toggle-parallel audit: 1 file listed, 1 candidate, 1 parsed, 1 finding, [\d.]+ s$/);
    const json = JSON.parse(cli(dir, "scan", "--json").stdout) as { sites: Array<{ action: string; name: string }> };
    expect(json.sites).toEqual([expect.objectContaining({ action: "audit", name: "first-call-only" })]);
    const quiet = JSON.parse(cli(dir, "scan", "--json", "--no-audit").stdout) as { sites: unknown[] };
    expect(quiet.sites).toEqual([]);
    writeTree(dir, { "src/parse.ts": "export const parse = (res: Res) => res.tool_calls.map(run)\n" });
    expect(cli(dir, "audit").code).toBe(0);
  });

  it("scan prints path:line:col, family, state, action and reason, then a summary", () => {
    const dir = tempDir();
    writeTree(dir, { "src/a.ts": SITE });
    const r = cli(dir, "scan");
    expect(r.stdout).toMatch(
      /^src\/a\.ts:2:24 +openai +disabled +flip +parallel_tool_calls: apply sets true \(was false\)$/m,
    );
    expect(r.stdout).toMatch(/1 site in 1 file: 1 to switch on/);
  });

  it("a named file of another language is skipped with a message, not a crash", () => {
    const dir = tempDir();
    writeTree(dir, { "notes.txt": "parallel_tool_calls: false\n" });
    const r = cli(dir, "apply", "notes.txt");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "notes.txt: not a TypeScript, JavaScript, Python, Go, Java, Kotlin, C#, YAML, TOML or .properties file; skipped",
    );
  });

  it("a file path instead of a folder processes that file only", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": SITE, "b.ts": SITE });
    expect(cli(dir, "apply", "a.ts").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
    expect(fs.readFileSync(path.join(dir, "b.ts"), "utf8")).toBe(SITE);
  });
});

describe("git safety", () => {
  it("a file with uncommitted changes is refused (exit 1), untouched, unless --allow-dirty", () => {
    const repo = gitRepo({ "a.ts": SITE, "b.ts": SITE });
    fs.appendFileSync(path.join(repo, "a.ts"), "// work in progress\n");
    const before = fs.readFileSync(path.join(repo, "a.ts"), "utf8");
    const r = cli(repo, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a.ts: has uncommitted changes; not edited");
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(before);
    expect(fs.readFileSync(path.join(repo, "b.ts"), "utf8")).toBe(APPLIED); // the clean file is done
    expect(cli(repo, "apply", "--allow-dirty").code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(APPLIED + "// work in progress\n");
  });

  it("revert accepts a tree whose only changes are apply's own", () => {
    const repo = gitRepo({ "a.ts": SITE });
    expect(cli(repo, "apply").code).toBe(0);
    expect(cli(repo, "revert").code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("revert refuses a file with other changes besides the markers", () => {
    const repo = gitRepo({ "a.ts": SITE });
    cli(repo, "apply");
    fs.appendFileSync(path.join(repo, "a.ts"), "export const more = 1\n");
    const r = cli(repo, "revert");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has uncommitted changes");
    expect(cli(repo, "revert", "--allow-dirty").code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(SITE + "export const more = 1\n");
  });

  it("outside git, apply and revert work without a dirty check", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": SITE });
    expect(cli(dir, "apply").code).toBe(0);
    expect(cli(dir, "revert").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(SITE);
  });

  it("honours .gitignore and skips node_modules, dist, *.min.js and *.d.ts, in git and outside it", () => {
    const files = {
      ".gitignore": "generated/\n",
      "generated/a.ts": SITE,
      "node_modules/x/a.js": SITE,
      "dist/a.js": SITE,
      "lib/a.min.js": SITE,
      "types/a.d.ts": SITE,
      "src/kept.ts": SITE,
    };
    const outside = tempDir();
    writeTree(outside, files);
    const repo = gitRepo(files);
    for (const dir of [outside, repo]) {
      const r = cli(dir, "scan", "--json");
      const sites = (JSON.parse(r.stdout) as { sites: Array<{ file: string }> }).sites.map((s) => s.file);
      expect(sites).toEqual(["src/kept.ts"]);
    }
  });
});

describe("bad input: each skipped with a message naming the file, nothing lost", () => {
  it("a syntax error skips that file (file:line:col), the rest is processed, exit 1", () => {
    const dir = tempDir();
    writeTree(dir, { "broken.ts": "const x = {\n  parallel_tool_calls: false,\n", "good.ts": SITE });
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.ts:3:1: syntax error: .*; skipped$/m);
    expect(fs.readFileSync(path.join(dir, "broken.ts"), "utf8")).toBe("const x = {\n  parallel_tool_calls: false,\n");
    expect(fs.readFileSync(path.join(dir, "good.ts"), "utf8")).toBe(APPLIED);
  });

  it("a binary file with a .ts name is skipped", () => {
    const dir = tempDir();
    writeTree(dir, {
      "blob.ts": Buffer.concat([Buffer.from("parallel_tool_calls: false"), Buffer.from([0, 1, 2, 255])]),
    });
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("blob.ts: binary file");
  });

  it("invalid UTF-8 is skipped, the bytes untouched", () => {
    const dir = tempDir();
    const bytes = Buffer.concat([
      Buffer.from("const s = '"),
      Buffer.from([0xc3, 0x28]),
      Buffer.from("'\nconst o = { parallel_tool_calls: false }\n"),
    ]);
    writeTree(dir, { "latin.ts": bytes });
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("latin.ts: not valid UTF-8; skipped");
    expect(fs.readFileSync(path.join(dir, "latin.ts"))).toEqual(bytes);
  });

  it("a read-only file is not changed, and says so", () => {
    const dir = tempDir();
    writeTree(dir, { "ro.ts": SITE });
    fs.chmodSync(path.join(dir, "ro.ts"), 0o444);
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ro.ts: read-only file; not changed");
    expect(fs.readFileSync(path.join(dir, "ro.ts"), "utf8")).toBe(SITE);
  });

  it("keeps the file mode of an edited file", () => {
    const dir = tempDir();
    writeTree(dir, { "run.js": "#!/usr/bin/env node\nconst parallelToolCallsEnabled = false\n" });
    fs.chmodSync(path.join(dir, "run.js"), 0o751);
    expect(cli(dir, "apply").code).toBe(0);
    expect(fs.statSync(path.join(dir, "run.js")).mode & 0o777).toBe(0o751);
  });

  it("a symlink leading out of the root is not followed; the outside file is untouched", () => {
    const outside = tempDir();
    writeTree(outside, { "secret.ts": SITE });
    const root = tempDir();
    writeTree(root, { "inside.ts": SITE });
    fs.symlinkSync(path.join(outside, "secret.ts"), path.join(root, "link.ts"));
    fs.symlinkSync(outside, path.join(root, "linked-dir"));
    const r = cli(root, "apply");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(outside, "secret.ts"), "utf8")).toBe(SITE);
    expect(fs.lstatSync(path.join(root, "link.ts")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(root, "inside.ts"), "utf8")).toBe(APPLIED);
  });

  it("a dry run writes nothing anywhere and prints an uncoloured diff when not on a terminal", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": SITE, "sub/b.tsx": "export const X = () => <A parallelToolCalls={false} />\n" });
    const before = snapshot(dir);
    const r = cli(dir, "apply", "--dry-run");
    expect(r.code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stdout).toContain("+  parallel_tool_calls: true,");
  });
});

describe("without oxc-parser", () => {
  it("where it cannot load (an ES module refused by require, as before Node 20.19), each TS/JS file is named as not read", () => {
    const dir = tempDir();
    writeTree(dir, {
      "a.ts": SITE,
      "b.tsx": "export const A = () => <Agent parallelToolCalls={false} />\n",
      "c.js": "module.exports = { disable_parallel_tool_use: true }\n",
      "d.ts": "export function first(res: Res) {\n  return res.tool_calls[0]\n}\n",
      "e.py": "agent = Agent(parallel_tool_calls=False)\n",
    });
    const bin = path.join(__dirname, "..", "..", "bin", "toggle-parallel.js");
    const scan = (env: Record<string, string>) =>
      spawnSync(process.execPath, [bin, "scan", "--json", "."], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    // The condition this test needs: with this option, oxc-parser does not load.
    const load = spawnSync(
      process.execPath,
      [
        "--no-experimental-require-module",
        "-e",
        'try { require("oxc-parser") } catch (e) { process.stdout.write(e.code) }',
      ],
      { cwd: path.join(__dirname, "..", ".."), encoding: "utf8" },
    );
    expect(load.stdout).toBe("ERR_REQUIRE_ESM");
    const without = scan({ NODE_OPTIONS: "--no-experimental-require-module" });
    expect(without.status).toBe(1);
    const out = JSON.parse(without.stdout) as {
      sites: Array<{ file: string }>;
      problems: Array<{ file: string; message: string }>;
    };
    expect(out.problems.map((p) => p.file).sort()).toEqual(["a.ts", "b.tsx", "c.js", "d.ts"]);
    for (const p of out.problems) expect(p.message).toMatch(/^not read: oxc-parser does not load on [^\n]+; skipped$/);
    expect(out.sites.map((s) => s.file)).toEqual(["e.py"]); // the other languages are still read
    expect(without.stderr).not.toMatch(/\n\s+at /);
  });
});
