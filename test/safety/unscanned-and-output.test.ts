// Issue 10, "it says what it skipped, and never crashes": through the built CLI, as a user or CI would run it.
// Names the tool cannot read or print raw, trees it cannot fully list, and output streams that fail.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, git, gitRepo, tempDir, writeTree, NODE_ARGS } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";
const FIRST_CALL = "export function pick(res: Res) {\n  const toolCalls = res.tool_calls\n  return toolCalls[0]\n}\n";
const ENV = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" };
const commit = (dir: string, ...args: string[]) =>
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args);

/** No stack trace and no raw control character reached the terminal. */
function expectClean(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(text).not.toContain("internal error");
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]/);
}

/** Runs the CLI with stdout (or stderr) handed a pipe whose reader is already gone: every write gets EPIPE. */
function runWithClosedPipe(
  cwd: string,
  which: "stdout" | "stderr",
  args: string[],
): Promise<{ code: number | null; other: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, BIN, ...args], {
      cwd,
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed before the child has run a line of JavaScript (node takes far longer to start than this takes).
    (which === "stdout" ? child.stdout : child.stderr).destroy();
    let other = "";
    const open = which === "stdout" ? child.stderr : child.stdout;
    open.setEncoding("utf8");
    open.on("data", (d: string) => (other += d));
    child.on("close", (code) => resolve({ code, other }));
  });
}

function runWithStreamTo(
  cwd: string,
  which: 1 | 2,
  file: string,
  args: string[],
): { code: number | null; stdout: string; stderr: string } {
  const fd = fs.openSync(file, "w");
  try {
    const stdio: ["ignore", number | "pipe", number | "pipe"] =
      which === 1 ? ["ignore", fd, "pipe"] : ["ignore", "pipe", fd];
    const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], { cwd, env: ENV, stdio, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  } finally {
    fs.closeSync(fd);
  }
}

describe("file names with control characters", () => {
  const NAME = "x\x1b[2K\rfake.ts";
  const SHOWN = "x\\e[2K\\rfake.ts";

  it("are escaped in scan, check, apply, revert, audit and problem lines; --json keeps them exact", () => {
    const dir = gitRepo({
      [NAME]: SITE,
      "calls.ts": FIRST_CALL,
      [`bad\u202e.ts`]: "export const parallelToolCallsEnabled = {\n",
    });
    for (const args of [["scan"], ["check"], ["apply", "--dry-run"], ["audit"]]) {
      const r = cli(dir, ...args);
      expectClean(r.stdout);
      expectClean(r.stderr);
      if (args[0] !== "audit") expect(r.stderr).toMatch(/^bad\\u202e\.ts:2:1: syntax error/m);
    }
    expect(cli(dir, "scan").stdout).toContain(`${SHOWN}:2:24`);
    expect(cli(dir, "check").stdout).toContain(`${SHOWN}:2:24`);
    expect(cli(dir, "apply", "--dry-run").stdout).toContain(`diff --git a/${SHOWN} b/${SHOWN}`);
    const json = JSON.parse(cli(dir, "scan", "--json").stdout) as { sites: Array<{ file: string }> };
    expect(json.sites.map((s) => s.file)).toContain(NAME);

    const applied = cli(dir, "apply", "--allow-dirty");
    expectClean(applied.stdout + applied.stderr);
    expect(applied.stdout).toContain(`switched on  ${SHOWN}:2:24`);
    expect(fs.readFileSync(path.join(dir, NAME), "utf8")).toBe(APPLIED);
    const reverted = cli(dir, "revert", "--allow-dirty");
    expectClean(reverted.stdout + reverted.stderr);
    expect(reverted.stdout).toContain(`restored  ${SHOWN}:3:24`);
    expect(fs.readFileSync(path.join(dir, NAME), "utf8")).toBe(SITE);
  });
});

describe("names that are not UTF-8", () => {
  const NAME = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x73]); // "bad\xff.ts"

  for (const where of ["in git", "outside git"] as const) {
    it(`${where}: named with its bytes escaped, check exits 1, the rest is processed`, () => {
      const dir = where === "in git" ? gitRepo({ "ok.ts": SITE }) : tempDir();
      if (where === "outside git") writeTree(dir, { "ok.ts": SITE });
      fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), NAME]), SITE);
      fs.mkdirSync(path.join(dir, "sub"));
      fs.writeFileSync(
        Buffer.concat([Buffer.from(`${dir}/sub/`), NAME]),
        "export const parallelToolCallsEnabled = true\n",
      );
      const folder = Buffer.concat([Buffer.from(`${dir}/d`), Buffer.from([0xfe])]);
      fs.mkdirSync(folder);
      fs.writeFileSync(Buffer.concat([folder, Buffer.from("/x.ts")]), SITE);
      if (where === "in git") {
        commit(dir, "add", "-A");
        commit(dir, "commit", "-qm", "names");
      }
      for (const args of [["check"], ["scan"]]) {
        const r = cli(dir, ...args);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^bad\\xff\.ts: file name is not valid UTF-8; not read \(rename it to scan it\)$/m);
        expect(r.stderr).toMatch(/^sub\/bad\\xff\.ts: file name is not valid UTF-8/m);
        // git lists the files of a folder; the walk outside git meets the folder itself.
        if (where === "in git") expect(r.stderr).toMatch(/^d\\xfe\/x\.ts: file name is not valid UTF-8/m);
        else
          expect(r.stderr).toMatch(/^d\\xfe: folder name is not valid UTF-8; not scanned \(rename it to scan it\)$/m);
        expect(r.stdout).toContain("ok.ts:2:24");
        expectClean(r.stderr);
      }
    });
  }
});

describe("nested repositories and submodules", () => {
  it("in git: an untracked nested repository and a submodule are scanned, each with its own dirty check", () => {
    const inner = gitRepo({ "m.ts": SITE });
    const dir = gitRepo({ "ok.ts": SITE });
    commit(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", inner, "sm");
    commit(dir, "commit", "-qm", "submodule");
    writeTree(dir, { "nested/n.ts": SITE, "nested/dirty.ts": "export const x = 1\n" });
    commit(path.join(dir, "nested"), "init", "-q");
    commit(path.join(dir, "nested"), "add", "-A");
    commit(path.join(dir, "nested"), "commit", "-qm", "nested");
    fs.writeFileSync(path.join(dir, "nested/dirty.ts"), SITE); // uncommitted in the nested repository

    const check = cli(dir, "check");
    expect(check.code).toBe(1);
    for (const f of ["ok.ts", "sm/m.ts", "nested/n.ts", "nested/dirty.ts"]) expect(check.stdout).toContain(`${f}:2:24`);
    const dry = cli(dir, "apply", "--dry-run");
    expect(dry.stdout).toContain("diff --git a/sm/m.ts b/sm/m.ts");
    const applied = cli(dir, "apply");
    expect(applied.stderr).toMatch(/^nested\/dirty\.ts: has uncommitted changes; not edited/m);
    for (const f of ["ok.ts", "sm/m.ts", "nested/n.ts"])
      expect(fs.readFileSync(path.join(dir, f), "utf8")).toBe(APPLIED);
    expect(fs.readFileSync(path.join(dir, "nested/dirty.ts"), "utf8")).toBe(SITE);
  });

  it("a submodule that is not checked out is named as a notice", () => {
    const inner = gitRepo({ "m.ts": SITE });
    const dir = gitRepo({ "ok.ts": SITE });
    commit(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", inner, "sm");
    commit(dir, "commit", "-qm", "submodule");
    const clone = tempDir();
    git(clone, "clone", "-q", dir, ".");
    const r = cli(clone, "check");
    expect(r.stderr).toMatch(/^sm: submodule not checked out; nothing there to scan$/m);
  });

  it("outside git: a folder holding a repository is scanned as that repository (its dirty check applies)", () => {
    const dir = tempDir();
    writeTree(dir, { "ok.ts": SITE, "repo/r.ts": SITE, "repo/dirty.ts": "export const x = 1\n" });
    commit(path.join(dir, "repo"), "init", "-q");
    commit(path.join(dir, "repo"), "add", "-A");
    commit(path.join(dir, "repo"), "commit", "-qm", "r");
    fs.writeFileSync(path.join(dir, "repo/dirty.ts"), SITE);
    const r = cli(dir, "apply");
    expect(r.stderr).toMatch(/^repo\/dirty\.ts: has uncommitted changes; not edited/m);
    expect(fs.readFileSync(path.join(dir, "repo/r.ts"), "utf8")).toBe(APPLIED);
    expect(fs.readFileSync(path.join(dir, "ok.ts"), "utf8")).toBe(APPLIED);
    expect(fs.readFileSync(path.join(dir, "repo/dirty.ts"), "utf8")).toBe(SITE);
  });
});

describe("folders that cannot be opened", () => {
  /** A folder chain longer than PATH_MAX (4096 bytes), made one level at a time (each mkdir is relative). */
  function deepChain(dir: string): string {
    const name = "d".repeat(200);
    const levels = 25;
    const script = `cd "$1" && for i in $(seq ${levels}); do mkdir ${name} && cd ${name}; done && printf '%s' "$2" > deep.ts`;
    const r = spawnSync("bash", ["-c", script, "bash", dir, SITE]);
    expect(r.status).toBe(0);
    return name;
  }

  for (const where of ["in git", "outside git"] as const) {
    it(`${where}: a folder chain longer than PATH_MAX is named and skipped, the rest processed, exit 1`, () => {
      const dir = where === "in git" ? gitRepo({ "ok.ts": SITE }) : tempDir();
      if (where === "outside git") writeTree(dir, { "ok.ts": SITE });
      const name = deepChain(dir);
      const r = cli(dir, "check");
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("ok.ts:2:24");
      expect(r.stderr).toMatch(new RegExp(`^${name}/.*: folder not scanned: .*(too long|ENAMETOOLONG)`, "m"));
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expectClean(r.stderr);
      const applied = cli(dir, "apply");
      expect(applied.code).toBe(1);
      expect(fs.readFileSync(path.join(dir, "ok.ts"), "utf8")).toBe(APPLIED);
      spawnSync("rm", ["-rf", path.join(dir, name)]);
    });
  }
});

describe("a damaged .git/index", () => {
  for (const damage of ["truncated", "garbage"] as const) {
    it(`${damage}: one line naming the repository, exit 2, nothing written`, () => {
      const dir = gitRepo({ "ok.ts": SITE });
      const index = path.join(dir, ".git", "index");
      if (damage === "truncated") fs.truncateSync(index, 20);
      else fs.writeFileSync(index, Buffer.alloc(200, 0x5a));
      for (const args of [["check"], ["apply"]]) {
        const r = cli(dir, ...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^error: repository \.: git cannot list its files \(.+\); nothing was scanned/);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expectClean(r.stderr);
      }
      expect(fs.readFileSync(path.join(dir, "ok.ts"), "utf8")).toBe(SITE);
    });
  }
});

describe("files and folders removed while the tool runs", () => {
  /** A `git` first on PATH that removes the given paths when the dirty check runs (`git status`): between read and write. */
  function gitThatRemoves(targets: string[]): NodeJS.ProcessEnv {
    const bin = tempDir("tp-bin-");
    const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    const rm = targets.map((t) => `rm -rf '${t}'`).join("; ");
    fs.writeFileSync(
      path.join(bin, "git"),
      `#!/bin/sh\ncase " $* " in *" status "*) ${rm};; esac\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
    return { ...ENV, PATH: `${bin}:${process.env.PATH}` };
  }

  it("in git, a file deleted and a folder removed during the dirty check: each named, the rest written, exit 1", () => {
    const dir = gitRepo({ "a.ts": SITE, "gone.ts": SITE, "folder/f.ts": SITE });
    const env = gitThatRemoves([path.join(dir, "gone.ts"), path.join(dir, "folder")]);
    const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, "apply"], { cwd: dir, env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gone\.ts: .*not edited/m);
    expect(r.stderr).toMatch(/^folder\/f\.ts: .*not edited/m);
    expectClean(r.stderr);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
    expect(fs.existsSync(path.join(dir, "gone.ts"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "folder"))).toBe(false);
  });

  it("a file deleted, and a folder removed, after reading and before writing: each named, the rest written", async () => {
    // The API's progress callback reports "done" after every file was read and before any is written.
    const { run } = (await import(
      path.join(__dirname, "..", "..", "dist", "index.js")
    )) as typeof import("../../src/index");
    for (const allowDirty of [true, false]) {
      const dir = allowDirty ? tempDir() : gitRepo({ "README.md": "x\n" });
      writeTree(dir, { "a.ts": SITE, "gone.ts": SITE, "folder/f.ts": SITE });
      if (!allowDirty) {
        commit(dir, "add", "-A");
        commit(dir, "commit", "-qm", "files");
      }
      const onProgress = (p: { phase: string }) => {
        if (p.phase !== "done") return;
        fs.rmSync(path.join(dir, "gone.ts"));
        fs.rmSync(path.join(dir, "folder"), { recursive: true });
      };
      const result = await run("apply", ["."], { cwd: dir, allowDirty, onProgress });
      expect(result.problems.map((p) => `${p.file}: ${p.message}`).sort()).toEqual([
        "folder/f.ts: deleted while the tool was running; not changed",
        "gone.ts: deleted while the tool was running; not changed",
      ]);
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
      expect(fs.existsSync(path.join(dir, "gone.ts"))).toBe(false);
    }
  });
});

describe("stdout and stderr that fail", () => {
  it("stdout closed (scan | head -1): no message, no stack, the run's own exit status", async () => {
    const dir = gitRepo({ "a.ts": SITE, "b.ts": SITE });
    const scan = await runWithClosedPipe(dir, "stdout", ["scan"]);
    expect(scan.code).toBe(0);
    expect(scan.other).toMatch(/^toggle-parallel scan: 2 files listed/);
    expectClean(scan.other);
    const check = await runWithClosedPipe(dir, "stdout", ["check"]);
    expect(check.code).toBe(1);
    expectClean(check.other);
  });

  it("stdout on a full disk (> /dev/full): one line on stderr, exit 2", () => {
    if (!fs.existsSync("/dev/full")) return;
    const dir = gitRepo({ "a.ts": SITE });
    const r = runWithStreamTo(dir, 1, "/dev/full", ["scan"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^toggle-parallel: cannot write to stdout: no space left on device \(ENOSPC\); the rest of the output is lost$/m,
    );
    expectClean(r.stderr);
  });

  it("stderr closed, or on a full disk: no crash; the full disk makes the run exit 2", async () => {
    const dir = gitRepo({ "a.ts": SITE, "bad.ts": "export const parallelToolCallsEnabled = {\n" });
    const closed = await runWithClosedPipe(dir, "stderr", ["scan"]);
    expect(closed.code).toBe(1); // bad.ts
    expect(closed.other).toContain("a.ts:2:24");
    if (!fs.existsSync("/dev/full")) return;
    const full = runWithStreamTo(dir, 2, "/dev/full", ["scan"]);
    expect(full.code).toBe(2);
    expect(full.stdout).toContain("a.ts:2:24");
  });
});
