// Bad input through the built CLI, each with a one-line message naming the file. Cases already covered in
// test/e2e/cli.test.ts (missing path, a file instead of a folder, binary, invalid UTF-8, syntax error, read-only by
// mode, a symlink out of the root outside git) are not repeated here.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, gitRepo, snapshot, tempDir, writeTree, type CliResult, NODE_ARGS } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** As root, can the CLI run as nobody here (the user exists in this namespace and may read the build)? */
const canDropRoot =
  isRoot &&
  spawnSync(
    process.execPath,
    ["-e", `require("fs").accessSync(${JSON.stringify(BIN)}, require("fs").constants.R_OK)`],
    { uid: NOBODY, gid: NOBODY },
  ).status === 0;
/** Permission tests need a user that permissions apply to: not root, or root that can drop to nobody. */
const permissionsApply = !isRoot || canDropRoot;

/**
 * Runs the CLI as a user without root's powers, so that permissions mean something: as root it drops to uid/gid
 * 65534 (nobody) and hands the tree to that user; otherwise it runs as the current user.
 */
function cliUnprivileged(dir: string, ...args: string[]): CliResult {
  const ids = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: dir },
    ...ids,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary tree the unprivileged user owns (root: chown to nobody); `fix` then sets modes as a test needs. */
function unprivilegedTree(files: Record<string, string>): string {
  const dir = tempDir("tp-perm-");
  writeTree(dir, files);
  fs.chmodSync(dir, 0o755);
  if (isRoot) {
    const own = (p: string) => {
      fs.chownSync(p, NOBODY, NOBODY);
      if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) own(path.join(p, e));
    };
    own(dir);
  }
  return dir;
}

describe("deep nesting", () => {
  it("10,000 nested arrays or parentheses: the file is skipped with a message, the rest is processed, exit 1", () => {
    const dir = tempDir();
    const deep = (open: string, inner: string, close: string) =>
      `export const parallelToolCallsEnabled = false\nexport const x = ${open.repeat(10_000)}${inner}${close.repeat(10_000)}\n`;
    const files = {
      "arrays.ts": deep("[", "", "]"),
      "parens.ts": deep("(", "1", ")"),
      "objects.ts": deep("{a:", "1", "}"),
      "ok.ts": SITE,
    };
    writeTree(dir, files);
    const r = cli(dir, "apply");
    expect(r.code).toBe(1);
    for (const f of ["arrays.ts", "parens.ts", "objects.ts"]) {
      expect(r.stderr).toMatch(
        new RegExp(
          `^${f.replace(".", "\\.")}:1:1: not read: nested about \\d+ levels deep, more than oxc-parser's native stack takes \\(about \\d+\\); skipped$`,
          "m",
        ),
      );
      expect(fs.readFileSync(path.join(dir, f), "utf8")).toBe(files[f as keyof typeof files]);
    }
    expect(r.stderr).not.toContain("internal error");
    expect(fs.readFileSync(path.join(dir, "ok.ts"), "utf8")).toBe(APPLIED);
  });
});

describe("a 50 MB generated file", () => {
  it("is applied and reverted byte for byte, in reasonable time and memory", () => {
    const dir = tempDir("tp-big-");
    const filler = "x".repeat(900);
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const line =
        i % 100 === 0
          ? `export const c${i} = { model: "m${i}", parallel_tool_calls: false, n: ${i} }\n`
          : `export const s${i} = "${filler}${i}"\n`;
      parts.push(line);
      size += line.length;
    }
    const original = Buffer.from(parts.join(""));
    fs.writeFileSync(path.join(dir, "generated.ts"), original);
    const sites = parts.filter((l) => l.includes("parallel_tool_calls")).length;

    let t = Date.now();
    const apply = cli(dir, "apply");
    const applySeconds = (Date.now() - t) / 1000;
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`${sites} site${sites === 1 ? "" : "s"} switched on in 1 file`);
    t = Date.now();
    const revert = cli(dir, "revert");
    const revertSeconds = (Date.now() - t) / 1000;
    expect(revert.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "generated.ts")).equals(original)).toBe(true);
    // About 3 s each on the development machine; the bound only catches a blow-up (a quadratic scan, a crash).
    expect(applySeconds).toBeLessThan(60);
    expect(revertSeconds).toBeLessThan(60);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});

describe("symlinks", () => {
  const loops = (dir: string) => {
    fs.symlinkSync(".", path.join(dir, "self"));
    fs.symlinkSync("loop-b", path.join(dir, "loop-a"));
    fs.symlinkSync("loop-a", path.join(dir, "loop-b"));
    fs.symlinkSync("loop-a", path.join(dir, "into-loop.ts"));
    fs.mkdirSync(path.join(dir, "sub"));
    fs.symlinkSync("..", path.join(dir, "sub", "up"));
  };

  it("loops inside the tree are not followed: the run ends, the real file is processed (in git and outside)", () => {
    const outside = tempDir();
    writeTree(outside, { "a.ts": SITE });
    loops(outside);
    const repo = gitRepo({ "a.ts": SITE });
    loops(repo);
    for (const dir of [outside, repo]) {
      const r = cli(dir, "apply");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("1 site switched on in 1 file");
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
      expect(fs.lstatSync(path.join(dir, "into-loop.ts")).isSymbolicLink()).toBe(true);
    }
  });

  it("a loop named on the command line is a usage error (2) that says so", () => {
    const dir = tempDir();
    loops(dir);
    for (const name of ["loop-a", "into-loop.ts"]) {
      const r = cli(dir, "scan", name);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`error: symlink loop, not followed: ${name}`);
    }
  });

  it("in a git repository too, a symlinked file or folder leading out of the root is not followed", () => {
    const outside = tempDir();
    writeTree(outside, { "secret.ts": SITE, "dir/more.ts": SITE });
    const repo = gitRepo({ "inside.ts": SITE });
    fs.symlinkSync(path.join(outside, "secret.ts"), path.join(repo, "link.ts"));
    fs.symlinkSync(path.join(outside, "dir"), path.join(repo, "linked-dir"));
    const before = snapshot(outside);
    const r = cli(repo, "apply");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 site switched on in 1 file");
    expect(snapshot(outside)).toEqual(before);
    expect(fs.lstatSync(path.join(repo, "link.ts")).isSymbolicLink()).toBe(true);
  });
});

describe("special and unreadable files", () => {
  const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;
  it.runIf(hasMkfifo)(
    "a FIFO with a .ts name inside the tree is not opened (no hang); named directly it is a usage error",
    () => {
      const dir = tempDir();
      writeTree(dir, { "a.ts": SITE });
      expect(spawnSync("mkfifo", [path.join(dir, "pipe.ts")]).status).toBe(0);
      const r = cli(dir, "apply");
      expect(r.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
      const named = cli(dir, "scan", "pipe.ts");
      expect(named.code).toBe(2);
      expect(named.stderr.trim()).toBe("error: not a file or directory: pipe.ts");
    },
  );

  // As root, chmod 000 does not stop a read: the CLI runs as nobody (uid 65534) so that EACCES is real.
  it.runIf(permissionsApply)(
    "a file the user may not read is reported (cannot read: EACCES), the rest is processed, exit 1",
    () => {
      const dir = unprivilegedTree({ "a.ts": SITE, "secret.ts": SITE });
      fs.chmodSync(path.join(dir, "secret.ts"), 0o000);
      const r = cliUnprivileged(dir, "apply");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^secret\.ts: cannot read: EACCES: permission denied, open '.*secret\.ts'$/m);
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED);
      expect(fs.readFileSync(path.join(dir, "secret.ts"), "utf8")).toBe(SITE);
    },
  );

  it.runIf(canDropRoot)(
    "a file that has write bits but not for this user is refused as read-only, even in a writable folder",
    () => {
      const dir = unprivilegedTree({ "theirs.ts": SITE, "mine.ts": SITE });
      fs.chownSync(path.join(dir, "theirs.ts"), 0, 0); // root's, mode 644: nobody may not write it, but may rename over it
      const r = cliUnprivileged(dir, "apply");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("theirs.ts: read-only file; not changed");
      expect(fs.readFileSync(path.join(dir, "theirs.ts"), "utf8")).toBe(SITE);
      expect(fs.statSync(path.join(dir, "theirs.ts")).uid).toBe(0);
      expect(fs.readFileSync(path.join(dir, "mine.ts"), "utf8")).toBe(APPLIED);
    },
  );

  // A real fault, no test hook: a folder the user may not write makes the temp file's creation fail with EACCES.
  // A fault the checks before the writes cannot foresee: a sticky folder (mode 1777, like /tmp) lets the user create
  // the temp file beside a file that is writable for everyone but owned by root, yet the kernel refuses the rename
  // over it (EPERM). Needs root to make such a file, and to drop to another user for the run.
  it.runIf(isRoot && canDropRoot)(
    "a real EPERM on the third write: the two files written are put back, and the CLI says so (exit 1)",
    () => {
      const dir = unprivilegedTree({ "a/1.ts": SITE, "a/2.ts": SITE, "z/3.ts": SITE });
      fs.chownSync(path.join(dir, "z"), 0, 0);
      fs.chmodSync(path.join(dir, "z"), 0o1777);
      fs.chownSync(path.join(dir, "z/3.ts"), 0, 0);
      fs.chmodSync(path.join(dir, "z/3.ts"), 0o666);
      const r = cliUnprivileged(dir, "apply", "a/1.ts", "a/2.ts", "z/3.ts");
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /^apply stopped: writing z\/3\.ts failed \(EPERM: .*\); put back the 2 files it had written: a\/2\.ts, a\/1\.ts\n$/,
      );
      expect(r.stderr).toMatch(/^z\/3\.ts: write failed: EPERM: .*; put back 2 files already written in this run$/m);
      for (const f of ["a/1.ts", "a/2.ts", "z/3.ts"]) expect(fs.readFileSync(path.join(dir, f), "utf8")).toBe(SITE);
      expect(fs.readdirSync(path.join(dir, "a")).sort()).toEqual(["1.ts", "2.ts"]);
      expect(fs.readdirSync(path.join(dir, "z"))).toEqual(["3.ts"]);
    },
  );

  it.runIf(permissionsApply)(
    "a file in a folder the user may not write is refused before any write, in a dry run too; the rest is applied",
    () => {
      const dir = unprivilegedTree({ "a/1.ts": SITE, "z/3.ts": SITE });
      fs.chmodSync(path.join(dir, "z"), 0o555);
      const dry = cliUnprivileged(dir, "apply", "--dry-run");
      const r = cliUnprivileged(dir, "apply");
      fs.chmodSync(path.join(dir, "z"), 0o755);
      expect(dry.code).toBe(1);
      expect(dry.stderr).toContain(
        "z/3.ts: would be refused: its folder is not writable (a write is a rename in that folder: make it writable to edit the file)",
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "z/3.ts: its folder is not writable; not changed (a write is a rename in that folder: make it writable to edit the file)",
      );
      expect(fs.readFileSync(path.join(dir, "z/3.ts"), "utf8")).toBe(SITE);
      expect(fs.readFileSync(path.join(dir, "a/1.ts"), "utf8")).not.toBe(SITE);
    },
  );
});

describe("markers edited by hand", () => {
  it("a marked value changed back by hand: revert leaves it and says so (exit 1); --force removes the marker only", () => {
    const repo = gitRepo({ "a.ts": SITE, "b.ts": SITE });
    expect(cli(repo, "apply").code).toBe(0);
    // Someone sets the value back by hand but leaves the marker.
    fs.writeFileSync(
      path.join(repo, "a.ts"),
      APPLIED.replace("parallel_tool_calls: true", "parallel_tool_calls: false"),
    );
    const r = cli(repo, "revert", "--allow-dirty");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "a.ts:2:1: marker on line 2, but the value is false again: edited by hand; left alone (--force removes the marker only)",
    );
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(
      APPLIED.replace("parallel_tool_calls: true", "parallel_tool_calls: false"),
    );
    expect(fs.readFileSync(path.join(repo, "b.ts"), "utf8")).toBe(SITE); // the rest is reverted
    const forced = cli(repo, "revert", "--allow-dirty", "--force");
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(SITE);
  });

  it("--force on an inline marker removes the comment and keeps the value as the person left it", () => {
    const dir = tempDir();
    writeTree(dir, {
      "a.ts": 'export const o = { mode: "auto", parallel_tool_calls: /* toggle-parallel: was false */ false }\n',
    });
    expect(cli(dir, "revert").code).toBe(1);
    expect(cli(dir, "revert", "--force").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(
      'export const o = { mode: "auto", parallel_tool_calls: false }\n',
    );
  });

  it("two sites on one line round-trip through the CLI byte for byte", () => {
    const text = "export const both = { parallel_tool_calls: false, disable_parallel_tool_use: true }\r\n";
    const repo = gitRepo({ "a.ts": text });
    const r = cli(repo, "apply");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(
      "export const both = { parallel_tool_calls: /* toggle-parallel: was false */ true, disable_parallel_tool_use: /* toggle-parallel: was true */ false }\r\n",
    );
    expect(cli(repo, "revert").code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(text);
  });
});

describe("marker tags", () => {
  it.each([".*", "a+b", "[x]", "^tag$", "a|b", "t{2}", "a\\b", "(?:x)", "tag?"])(
    "%j is rejected by the tag grammar before anything is read (exit 2)",
    (tag) => {
      const dir = tempDir();
      writeTree(dir, { "a.ts": SITE });
      const r = cli(dir, "apply", "--marker", tag, ".");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`invalid marker tag ${JSON.stringify(tag)}`);
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(SITE);
    },
  );

  it("the grammar's own punctuation is literal: tag a.b does not take a comment with aXb for its marker", () => {
    const dir = tempDir();
    const other = "export const o = {\n  // aXb: was false\n  parallel_tool_calls: true,\n}\n";
    writeTree(dir, { "a.ts": SITE, "other.ts": other });
    expect(cli(dir, "apply", "--marker", "a.b").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(APPLIED.replace("toggle-parallel", "a.b"));
    // aXb is another tag: its marker is named and left to a run with that tag (exit 1), never taken for a.b's.
    const revert = cli(dir, "revert", "--marker", "a.b");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toContain('other.ts:2:1: marker of another tag "aXb"; left alone');
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(SITE);
    expect(fs.readFileSync(path.join(dir, "other.ts"), "utf8")).toBe(other);
  });
});

describe("temp files a killed run left", () => {
  /** The pid of a process that has ended: no run of ours is using it. */
  const deadPid = () => {
    const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    return Number(r.stdout);
  };

  for (const inGit of [true, false]) {
    it(`are named by scan and removed by apply, not counted as problems (${inGit ? "git repository" : "plain folder"})`, () => {
      const dir = inGit ? gitRepo({ "src/a.ts": SITE }) : tempDir();
      if (!inGit) writeTree(dir, { "src/a.ts": SITE });
      const dead = `src/.a.ts.toggle-parallel-${deadPid()}-0123456789abcdef.tmp`;
      const running = `src/.a.ts.toggle-parallel-${process.pid}-0123456789abcdef.tmp`; // a run still writing: left alone
      writeTree(dir, { [dead]: APPLIED, [running]: APPLIED });

      const scan = cli(dir, "scan");
      expect(scan.code).toBe(0);
      expect(scan.stderr).toBe(
        `${dead}: a temp file left by a run that was killed while writing (pid ${dead.split("-")[2]}); delete it, or the next apply or revert will\n`,
      );
      expect(fs.existsSync(path.join(dir, dead))).toBe(true);

      const apply = cli(dir, "apply");
      expect(apply.code).toBe(0);
      expect(apply.stderr).toBe(
        `${dead}: removed a temp file left by a run that was killed while writing (pid ${dead.split("-")[2]})\n`,
      );
      expect(fs.existsSync(path.join(dir, dead))).toBe(false);
      expect(fs.existsSync(path.join(dir, running))).toBe(true);
      expect(fs.readFileSync(path.join(dir, "src/a.ts"), "utf8")).toBe(APPLIED);
    });
  }
});
