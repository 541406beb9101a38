// The tool reads other people's trees: it never runs their code, writes only the files it edits (temp files beside
// them), names only relative paths inside the root in a patch, and takes any file name a file system allows.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, git, gitRepo, tempDir, writeTree, NODE_ARGS } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";

/** Every file under dir, .git included, with its bytes. */
function everything(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else
        out.set(
          path.relative(dir, p),
          e.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : fs.readFileSync(p).toString("base64"),
        );
    }
  };
  walk(dir);
  return out;
}

function changedEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

describe("no code from the target tree is run", () => {
  it("modules, configs, a shadowing node_modules, git hooks and core.fsmonitor in the tree never run, whatever the command", () => {
    const sentinels = tempDir("tp-sentinel-");
    const js = (name: string) =>
      `require("fs").writeFileSync(${JSON.stringify(path.join(sentinels, name))}, "ran")\nmodule.exports = {}\n`;
    const mjs = (name: string) =>
      `import fs from "fs"\nfs.writeFileSync(${JSON.stringify(path.join(sentinels, name))}, "ran")\nexport default {}\n`;
    const sh = (name: string) => `#!/bin/sh\necho ran > ${JSON.stringify(path.join(sentinels, name))}\n`;
    const shadowed = [
      "ts-morph",
      "typescript",
      "commander",
      "diff",
      "fast-glob",
      "ignore",
      "picocolors",
      "@ts-morph/common",
    ];
    const files: Record<string, string> = {
      "package.json": JSON.stringify({
        name: "target",
        main: "evil.js",
        "toggle-parallel": { marker: "x" },
        scripts: { prepare: "node evil.js" },
      }),
      "evil.js": js("evil.js"),
      "index.js": js("index.js"),
      "site.js": `const parallelToolCallsEnabled = false\n${js("site.js")}`,
      "site.mjs": `export const parallel_tool_calls = false\n${mjs("site.mjs")}`,
      "site.ts": `export const disableParallelToolUse = true\n${js("site.ts")}`,
      "toggle-parallel.config.js": js("toggle-parallel.config.js"),
      "toggle-parallel.config.mjs": mjs("toggle-parallel.config.mjs"),
      "toggle-parallel.config.ts": js("toggle-parallel.config.ts"),
      ".toggle-parallelrc.js": js(".toggle-parallelrc.js"),
      "tsconfig.json": JSON.stringify({ extends: "./evil.js", compilerOptions: { plugins: [{ name: "evil" }] } }),
      "hooks/fsmonitor.sh": sh("fsmonitor"),
      ...Object.fromEntries(
        shadowed.flatMap((m) => [
          [`node_modules/${m}/package.json`, JSON.stringify({ name: m, main: "index.js" })],
          [`node_modules/${m}/index.js`, js(`node_modules/${m}`)],
        ]),
      ),
    };
    const repo = gitRepo(files);
    fs.chmodSync(path.join(repo, "hooks/fsmonitor.sh"), 0o755);
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "executable hook");
    git(repo, "config", "core.fsmonitor", path.join(repo, "hooks/fsmonitor.sh"));
    for (const hook of ["post-index-change", "post-checkout", "pre-commit", "post-commit", "reference-transaction"]) {
      fs.writeFileSync(path.join(repo, ".git/hooks", hook), sh(`hook-${hook}`), { mode: 0o755 });
    }

    // The traps work: requiring a module or a plain `git status` does set them off.
    spawnSync(process.execPath, [path.join(repo, "evil.js")]);
    spawnSync("git", ["status"], { cwd: repo });
    expect(fs.readdirSync(sentinels).sort()).toEqual(expect.arrayContaining(["evil.js", "fsmonitor"]));
    for (const f of fs.readdirSync(sentinels)) fs.rmSync(path.join(sentinels, f));

    const commands = [
      ["scan"],
      ["scan", "--json"],
      ["audit"],
      ["check"],
      ["apply", "--dry-run"],
      ["apply", "--patch", "-"],
      ["apply", "--include-tests"],
      ["check", "--no-markers"],
      ["revert"],
      ["apply", "--allow-dirty", "--marker", "other.tag", "site.ts"],
      ["revert", "--allow-dirty", "--marker", "other.tag", "."],
    ];
    for (const args of commands) {
      const r = cli(repo, ...args);
      expect(r.stderr, args.join(" ")).not.toContain("internal error");
      expect(fs.readdirSync(sentinels), args.join(" ")).toEqual([]);
    }
    expect(git(repo, "status", "--porcelain", "--untracked-files=no")).toBe("");
  });
});

describe("the config file is data, never code", () => {
  it("toggle-parallel.config.json is read as JSON (its settings apply) while the .js, .cjs, .mjs and .ts configs beside it never run", () => {
    const sentinels = tempDir("tp-sentinel-");
    const js = (name: string) =>
      `require("fs").writeFileSync(${JSON.stringify(path.join(sentinels, name))}, "ran")\nmodule.exports = { marker: "from_js" }\n`;
    const repo = gitRepo({
      "site.ts": SITE,
      "toggle-parallel.config.json": JSON.stringify({ marker: "from_json", exclude: ["*.config.*"] }),
      "toggle-parallel.config.js": js("config.js"),
      "toggle-parallel.config.cjs": js("config.cjs"),
      "toggle-parallel.config.mjs": js("config.mjs"),
      "toggle-parallel.config.ts": js("config.ts"),
      // A JSON value that looks like code stays a string.
      "package.json": JSON.stringify({ name: "target", main: "toggle-parallel.config.js" }),
    });
    for (const args of [["scan"], ["check"], ["apply"], ["check", "--no-markers"], ["revert"]]) {
      const r = cli(repo, ...args);
      expect(r.stderr, args.join(" ")).not.toContain("error");
      expect(fs.readdirSync(sentinels), args.join(" ")).toEqual([]);
      if (args[0] === "apply")
        expect(fs.readFileSync(path.join(repo, "site.ts"), "utf8")).toContain("from_json: was false");
    }
    expect(git(repo, "status", "--porcelain", "--untracked-files=no")).toBe("");
  });
});

describe("nothing is written outside the roots given", () => {
  it("apply and revert on a subfolder of a repo, from a folder outside it: only the root's files change, .git included", () => {
    const base = tempDir("tp-outside-");
    const repo = path.join(base, "repo");
    fs.mkdirSync(repo);
    writeTree(repo, { "root/a.ts": SITE, "root/deep/b.ts": SITE, "sibling/c.ts": SITE, "top.ts": SITE });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
    writeTree(base, { "outside/d.ts": SITE, "home/.keep": "", "tmp/.keep": "" });
    // Files whose stat no longer matches the index: a plain `git status` would rewrite .git/index to refresh them.
    const later = new Date(Date.now() + 60_000);
    for (const f of ["sibling/c.ts", "top.ts", "root/a.ts"]) fs.utimesSync(path.join(repo, f), later, later);

    const env = {
      ...process.env,
      NO_COLOR: "1",
      HOME: path.join(base, "home"),
      TMPDIR: path.join(base, "tmp"),
      XDG_CONFIG_HOME: path.join(base, "home"),
    };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], {
        cwd: path.join(base, "outside"),
        env,
        encoding: "utf8",
      });
    const start = everything(base);

    for (const args of [
      ["scan", "../repo/root"],
      ["apply", "--dry-run", "../repo/root"],
      ["check", "../repo/root"],
    ]) {
      run(...args);
      expect(changedEntries(start, everything(base)), args.join(" ")).toEqual([]);
    }
    const apply = run("apply", "../repo/root");
    expect(apply.status).toBe(0);
    expect(changedEntries(start, everything(base))).toEqual([
      path.join("repo", "root", "a.ts"),
      path.join("repo", "root", "deep", "b.ts"),
    ]);
    const revert = run("revert", "../repo/root");
    expect(revert.status).toBe(0);
    expect(changedEntries(start, everything(base))).toEqual([]);
  });
});

describe("patch files", () => {
  it("name paths relative to the repository root, from any folder, and `git apply` takes them", () => {
    const repo = gitRepo({ "pkg/a.ts": SITE, "other/b.ts": SITE });
    const r = cli(path.join(repo, "pkg"), "apply", "--patch", "-", "../other", ".");
    expect(r.code).toBe(0);
    const headers = r.stdout.split("\n").filter((l) => /^(diff --git|--- |\+\+\+ )/.test(l));
    expect(headers).toEqual([
      "diff --git a/other/b.ts b/other/b.ts",
      "--- a/other/b.ts",
      "+++ b/other/b.ts",
      "diff --git a/pkg/a.ts b/pkg/a.ts",
      "--- a/pkg/a.ts",
      "+++ b/pkg/a.ts",
    ]);
    fs.writeFileSync(path.join(repo, "..", `${path.basename(repo)}.patch`), r.stdout);
    git(repo, "apply", path.join(repo, "..", `${path.basename(repo)}.patch`));
    expect(fs.readFileSync(path.join(repo, "other/b.ts"), "utf8")).toBe(APPLIED);
  });

  it("outside git, a file above the current folder is left out of the patch with a message, never named with ..", () => {
    const base = tempDir();
    writeTree(base, { "target/a.ts": SITE, "here/b.ts": SITE });
    const r = cli(path.join(base, "here"), "apply", "--patch", "-", "../target", ".");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '../target/a.ts: left out of the patch: path "../target/a.ts" is not a relative path inside the root',
    );
    expect(r.stdout).not.toContain("..");
    expect(r.stdout).toContain("diff --git a/b.ts b/b.ts");
    expect(fs.readFileSync(path.join(base, "target/a.ts"), "utf8")).toBe(SITE);
  });

  it("a file name holding a newline cannot forge patch headers: it is left out of the patch, and still applied in place", () => {
    const evil = "evil\n+++ b.ts"; // one file name: a header line of its own if written as is
    const repo = gitRepo({ "ok.ts": SITE, [evil]: SITE });
    const r = cli(repo, "apply", "--patch", "-");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("holds a control character");
    expect(r.stdout.split("\n").filter((l) => l.startsWith("diff --git"))).toEqual(["diff --git a/ok.ts b/ok.ts"]);
    expect(cli(repo, "apply").code).toBe(0);
    expect(fs.readFileSync(path.join(repo, evil), "utf8")).toBe(APPLIED);
  });
});

describe("file names", () => {
  const NAMES = ["with space.ts", "ünïcödé 文件 🙂.ts", "-x.ts", "--help.ts", "quote'\"s.ts", "semi;$(touch pwned).ts"];

  it("spaces, unicode, a leading dash, quotes and shell characters: apply, revert and patch all work, in git and outside", () => {
    const files = Object.fromEntries(NAMES.map((n) => [`src/${n}`, SITE]));
    for (const dir of [tempDir(), gitRepo(files)]) {
      writeTree(dir, files);
      const patch = cli(dir, "apply", "--patch", "-");
      expect(patch.code).toBe(0);
      if (fs.existsSync(path.join(dir, ".git"))) {
        fs.writeFileSync(path.join(dir, "..", `${path.basename(dir)}.patch`), patch.stdout);
        git(dir, "apply", "--check", path.join(dir, "..", `${path.basename(dir)}.patch`));
      }
      const r = cli(dir, "apply");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      for (const n of NAMES) expect(fs.readFileSync(path.join(dir, "src", n), "utf8")).toBe(APPLIED);
      expect(cli(dir, "revert").code).toBe(0);
      for (const n of NAMES) expect(fs.readFileSync(path.join(dir, "src", n), "utf8")).toBe(SITE);
      expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);
    }
  });

  it("a file named with a leading dash is taken after --, not read as an option", () => {
    const repo = gitRepo({ "-x.ts": SITE, "--marker.ts": SITE });
    const r = cli(repo, "apply", "--", "-x.ts", "--marker.ts");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "-x.ts"), "utf8")).toBe(APPLIED);
    expect(fs.readFileSync(path.join(repo, "--marker.ts"), "utf8")).toBe(APPLIED);
    expect(cli(repo, "revert", "--", "-x.ts", "--marker.ts").code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });
});
