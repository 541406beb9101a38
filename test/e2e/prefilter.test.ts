// The two ways of finding candidates give the same results: git grep in a git work tree, and reading every file
// (small git trees, trees outside git). Also: what start-up does and does not load.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mayHoldFlag, mayHoldFlagBytes } from "../../src/catalog";
import { GIT_GREP_MIN_FILES } from "../../src/pipeline/discover";
import { run, type PrefilterMethod, type RunResult } from "../../src/index";
import type { Mode } from "../../src/pipeline/process";
import { BIN, git, gitRepo, tempDir, writeTree } from "../helpers/cli";

const TAG = "trial_tag";

/** A tree with every kind of file the prefilter meets. */
const TREE: Record<string, string | Buffer> = {
  ".gitignore": "ignored/\n",
  "src/openai.ts": "export const body = {\n  model: 'é😀',\n  parallel_tool_calls: false,\n}\n",
  "src/upper.ts": "export const PARALLEL_TOOL_CALLS_ENABLED = false\n",
  "src/Class.tsx": "export class ParallelToolCallsPanel {}\nexport const x = <P disableParallelToolUse={true} />\n",
  "src/weird-case.ts": "// pArAlLeL_ToOl: odd case, still a candidate, no site\nexport const a = 1\n",
  "src/comment-only.ts": "// TODO: parallel_tool_calls once the executor is concurrent\nexport const b = 2\n",
  "src/ordinary.ts": "// run these in parallel\nexport const c = 3\n",
  "src/plain.js": "module.exports = { a: 1 }\n",
  "src/UPPER.TS": "export const k = { parallelToolCalls: false }\n",
  "src/broken.ts": "export const body = { parallel_tool_calls: false,\n",
  "src/binary.ts": Buffer.from("parallel_tool_calls\0\0\0"),
  "src/latin.ts": Buffer.from([
    0x2f,
    0x2f,
    0x20,
    0xe9,
    0x0a,
    ...Buffer.from("export const parallel_tool_calls = false\n"),
  ]),
  "src/marked.ts": `export const body = {\n  // ${TAG}: was false\n  parallel_tool_calls: true,\n}\n`,
  "src/orphan-marker.ts": `// ${TAG}: was false\nexport const renamed = true\n`,
  "src/other-case-tag.ts": `// ${TAG.toUpperCase()}: was false\nexport const renamed = true\n`,
  "src/__tests__/a.test.ts": "export const body = { parallel_tool_calls: false }\n",
  "node_modules/pkg/index.ts": "export const body = { parallel_tool_calls: false }\n",
  "ignored/x.ts": "export const body = { parallel_tool_calls: false }\n",
  "src/deep/a/b/c.mts": "export const cfg = { disable_parallel_tool_use: true }\n",
  "src/notes.md": "parallel_tool_calls: false\n",
};

function tree(extra: Record<string, string | Buffer> = {}): string {
  const repo = gitRepo({ ...TREE, ...extra });
  fs.symlinkSync(path.join(repo, "src", "openai.ts"), path.join(repo, "src", "link.ts"));
  // After the commit: an untracked file, a tracked file edited in the work tree, a tracked file deleted.
  writeTree(repo, {
    "src/untracked.ts": "export const u = { parallel_tool_calls: false }\n",
    "src/plain.js": "module.exports = { a: 1, parallel_tool_calls: false }\n",
  });
  fs.rmSync(path.join(repo, "src", "upper.ts"));
  return repo;
}

/** What a run shows a user, without the timing. */
function visible(r: RunResult) {
  const { ms: _ms, gitGrep: _g, read: _r, ...stats } = r.stats;
  return { sites: r.sites, problems: r.problems, changes: r.changes, stats };
}

async function both(repo: string, mode: Mode, paths: string[] = []) {
  const options = { cwd: repo, tag: TAG, write: false };
  const viaGit = await run(mode, paths, { ...options, prefilter: "git-grep" as PrefilterMethod });
  const viaRead = await run(mode, paths, { ...options, prefilter: "read" as PrefilterMethod });
  return { viaGit, viaRead };
}

describe("git grep and in-process reading find the same files", () => {
  it.each<Mode>(["scan", "apply", "revert"])("%s: same sites, problems, changes and counts", async (mode) => {
    const repo = tree();
    const { viaGit, viaRead } = await both(repo, mode);
    expect(viaGit.stats.gitGrep).toBe(true);
    expect(viaRead.stats.gitGrep).toBe(false);
    expect(viaGit.stats.read).toBeLessThan(viaRead.stats.read);
    expect(visible(viaGit)).toEqual(visible(viaRead));
    expect(viaGit.sites.length).toBeGreaterThan(0);
  });

  it("scan with the audit: the same sites and findings either way, also from files that name no flag (one search for the audit's words)", async () => {
    const repo = tree({
      "src/consumer.ts":
        "export function pick(res: Res) {\n  const toolCalls = res.tool_calls\n  return toolCalls[0]\n}\n",
      "src/guard.py":
        "def on(self, call):\n    if self.already_used_tool:\n        return\n    self.execute_tool(call)\n",
    });
    const options = { cwd: repo, tag: TAG, write: false, audit: true };
    const viaGit = await run("scan", [], { ...options, prefilter: "git-grep" });
    const viaRead = await run("scan", [], { ...options, prefilter: "read" });
    expect(viaGit.stats.gitGrep).toBe(true);
    expect(viaGit.findings).toEqual(viaRead.findings);
    expect(viaGit.findings.map((f) => `${f.file}:${f.rule}`).sort()).toEqual([
      "src/consumer.ts:first-call-only",
      "src/guard.py:one-tool-per-turn-guard",
    ]);
    expect(visible(viaGit)).toEqual(visible(viaRead));
  });

  it("extra flag names (the config's flags) are found either way, with the audit's search too (config, issue 14)", async () => {
    const repo = tree({
      "src/extra.ts": "export const cfg = { teamParallelToolsOn: false }\n",
      "src/extra.py": "TEAM_PARALLEL_TOOL_GATE = False\n",
    });
    const extraFlags = new Map([
      ["teamParallelToolsOn", "name"],
      ["TEAM_PARALLEL_TOOL_GATE", "name"],
    ] as const);
    for (const audit of [false, true]) {
      const options = { cwd: repo, tag: TAG, write: false, audit, extraFlags };
      const viaGit = await run("scan", [], { ...options, prefilter: "git-grep" });
      const viaRead = await run("scan", [], { ...options, prefilter: "read" });
      expect(viaGit.stats.gitGrep).toBe(true);
      expect(visible(viaGit)).toEqual(visible(viaRead));
      expect(viaGit.sites.filter((s) => extraFlags.has(s.name)).map((s) => `${s.file} ${s.action}`)).toEqual([
        "src/extra.py flip",
        "src/extra.ts flip",
      ]);
    }
  });

  it("finds what it should: odd case, untracked and edited files; not ignored, vendored, deleted or linked ones", async () => {
    const { viaGit } = await both(tree(), "scan");
    const files = new Set(viaGit.sites.map((s) => s.file));
    expect([...files].sort()).toEqual(
      [
        "src/Class.tsx",
        "src/UPPER.TS",
        "src/__tests__/a.test.ts",
        "src/deep/a/b/c.mts",
        "src/marked.ts",
        "src/openai.ts",
        "src/plain.js",
        "src/untracked.ts",
      ].sort(),
    );
    const problems = viaGit.problems.map((p) => `${p.file}: ${p.message.split(":")[0]}`).sort();
    expect(problems).toEqual([
      "src/binary.ts: binary file (holds NUL bytes); skipped",
      "src/broken.ts: syntax error",
      "src/latin.ts: not valid UTF-8; skipped",
    ]);
    // 13 candidates: the 8 files with sites, broken, binary and latin (not parsed), weird-case and comment-only
    // (parsed, no site).
    expect(viaGit.stats.candidates).toBe(13);
    expect(viaGit.stats.parsed).toBe(11);
  });

  it("revert also finds files holding only the marker tag (case-sensitively), in both ways", async () => {
    const { viaGit, viaRead } = await both(tree(), "revert");
    for (const r of [viaGit, viaRead]) {
      const notes = r.problems.filter((p) => p.message.includes("not next to a switch")).map((p) => p.file);
      expect(notes).toEqual(["src/orphan-marker.ts"]);
    }
  });

  it("a file named on the command line is read even where git grep does not look (ignored, other extension)", async () => {
    const repo = tree({ "ignored/named.ts": "export const body = { parallel_tool_calls: false }\n" });
    const { viaGit, viaRead } = await both(repo, "scan", ["ignored/named.ts", "src"]);
    expect(visible(viaGit)).toEqual(visible(viaRead));
    expect(viaGit.sites.map((s) => s.file)).toContain("ignored/named.ts");
  });

  it("outside git (folder walk + ignore) the same sites and problems come out", async () => {
    const repo = tree();
    const plain = tempDir("tp-nogit-");
    fs.cpSync(repo, plain, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(plain, ".git"), { recursive: true });
    const inGit = await run("scan", [], { cwd: repo, tag: TAG, prefilter: "git-grep" });
    const outside = await run("scan", [], { cwd: plain, tag: TAG });
    expect(outside.stats.gitGrep).toBe(false);
    expect(outside.sites).toEqual(inGit.sites);
    expect(outside.problems).toEqual(inGit.problems);
  });

  it(`"auto" uses git grep from ${GIT_GREP_MIN_FILES} tracked source files on, and it gives the same results`, async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < GIT_GREP_MIN_FILES; i++) many[`gen/f${i}.ts`] = `export const v${i} = ${i}\n`;
    const small = tree();
    const big = tree(many);
    expect((await run("scan", [], { cwd: small, tag: TAG })).stats.gitGrep).toBe(false);
    const auto = await run("scan", [], { cwd: big, tag: TAG });
    expect(auto.stats.gitGrep).toBe(true);
    const read = await run("scan", [], { cwd: big, tag: TAG, prefilter: "read" });
    expect(visible(auto)).toEqual(visible(read));
  });

  it("a subfolder of a repository: paths stay relative to it, and both ways agree", async () => {
    const repo = tree();
    const { viaGit, viaRead } = await both(path.join(repo, "src"), "apply");
    expect(visible(viaGit)).toEqual(visible(viaRead));
    expect(viaGit.sites.map((s) => s.file)).toContain("openai.ts");
    expect(viaGit.changes.find((c) => c.file === "openai.ts")?.patchPath).toBe("src/openai.ts");
  });
});

describe("the byte prefilter", () => {
  it("matches the words in any ASCII case, and nothing else", () => {
    for (const yes of [
      "parallel_tool_calls",
      "PARALLEL_TOOL_CALLS",
      "ParallelToolCalls",
      "pArAlLeL-tOoL",
      "x.paralleltoolcalls",
    ]) {
      expect(mayHoldFlagBytes(Buffer.from(yes))).toBe(true);
      expect(mayHoldFlag(yes)).toBe(true);
    }
    for (const no of ["parallel tool calls", "parallel_tol", "paralleltol", "PARALLEL", "paral\u0142el_tool"]) {
      expect(mayHoldFlagBytes(Buffer.from(no))).toBe(false);
      expect(mayHoldFlag(no)).toBe(false);
    }
  });

  it("agrees with git grep -i -F on non-ASCII neighbours", () => {
    const repo = gitRepo({
      "a.ts": "const é = 'parallel_tool_calls'\n",
      "b.ts": "const x = 'paral\u0142el_tool'\n",
      "c.ts": Buffer.from([0xc4, 0xb0, ...Buffer.from("PARALLEL_TOOL")]),
    });
    const hits = git(repo, "grep", "-l", "-i", "-F", "-e", "parallel_tool").trim().split("\n").sort();
    const mine = ["a.ts", "b.ts", "c.ts"].filter((f) => mayHoldFlagBytes(fs.readFileSync(path.join(repo, f))));
    expect(mine).toEqual(hits);
  });
});

describe("start-up", () => {
  it("--help loads neither the pipeline nor a parser", () => {
    const script = `
      const Module = require("module");
      const seen = [];
      const load = Module._load;
      Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
      require(${JSON.stringify(path.join(path.dirname(BIN), "..", "dist", "cli", "main.js"))}).main(["--help"], {
        out() {}, err() {}, colorOut: false, colorErr: false, cwd: process.cwd(),
      }).then(() => console.log(JSON.stringify(seen)));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    const loaded: string[] = JSON.parse(r.stdout);
    expect(loaded).toContain("commander");
    for (const lazy of ["../index", "../pipeline/discover", "../languages", "diff", "fast-glob", "ignore"])
      expect(loaded).not.toContain(lazy);
    expect(loaded.some((m) => m.includes("typescript"))).toBe(false);
  });

  it("a tree without candidates loads no parser; one candidate loads it", async () => {
    // oxc-parser is required (the TypeScript compiler is watched for too: nothing should load it).
    const parserModules = (repo: string) => {
      const script = `
        const fs = require("fs"), Module = require("module");
        const seen = [];
        const read = fs.readFileSync, load = Module._load;
        fs.readFileSync = function (file, ...rest) { seen.push(String(file)); return read.call(this, file, ...rest); };
        Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
        require(${JSON.stringify(path.join(path.dirname(BIN), "..", "dist", "index.js"))})
          .run("scan", [], { cwd: ${JSON.stringify(repo)} })
          .then(() => console.log(seen.filter((f) => /node_modules.*typescript\\.js$|^ts-morph$|^oxc-parser$/.test(f)).length));`;
      return Number(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout.trim());
    };
    expect(parserModules(gitRepo({ "README.md": "parallel_tool_calls\n", "src/a.ts": "export const a = 1\n" }))).toBe(
      0,
    );
    expect(parserModules(gitRepo({ "src/a.ts": "export const parallel_tool_calls = false\n" }))).toBeGreaterThan(0);
  });
});
