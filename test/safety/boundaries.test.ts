// Boundaries (issue 10): where the tool reads and writes (inside the real roots only, and a patch file never over
// work), git's view of the tree (a repository git refuses, files git converts on the way in), and what a dry run
// promises (exactly what apply would do, refusals included).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { storedAsInHead } from "../../src/pipeline/git";
import { run } from "../../src/index";
import { writePatchFile } from "../../src/pipeline/patch-file";
import { BIN, cli, git, gitRepo, snapshot, tempDir, writeTree, type CliResult, NODE_ARGS } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";
const commit = (repo: string, message: string) =>
  git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", message);

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

describe("a folder on the way that leads outside the root", () => {
  /** A repository whose tracked folder dir/ has been replaced by a link to a folder outside it. */
  function linkedAway(outsideContent: string): { repo: string; outside: string } {
    const outside = tempDir("tp-outside-");
    writeTree(outside, { "a.ts": outsideContent });
    const repo = gitRepo({ "dir/a.ts": SITE, "inside.ts": SITE });
    fs.rmSync(path.join(repo, "dir"), { recursive: true });
    fs.symlinkSync(outside, path.join(repo, "dir"));
    return { repo, outside };
  }
  const refusal = (outside: string) =>
    `dir/a.ts: its folder leads outside the root through a symlink (to ${fs.realpathSync(outside)}); not read or written\n`;

  it("apply --allow-dirty and revert leave the file outside byte for byte, name it (exit 1), and do the rest", () => {
    const { repo, outside } = linkedAway(SITE);
    const before = snapshot(outside);
    const scan = cli(repo, "scan", "--no-audit");
    expect(scan.stdout).not.toContain("dir/a.ts");
    expect(scan.stderr).toBe(refusal(outside));
    expect(scan.code).toBe(1);

    const apply = cli(repo, "apply", "--allow-dirty");
    expect(apply.stderr).toBe(refusal(outside));
    expect(apply.code).toBe(1);
    expect(snapshot(outside)).toEqual(before);
    expect(fs.readFileSync(path.join(repo, "inside.ts"), "utf8")).toBe(APPLIED);

    // A marker outside, as if apply had been run there: revert (no flags) must not restore it either.
    fs.writeFileSync(path.join(outside, "a.ts"), APPLIED);
    const marked = snapshot(outside);
    for (const args of [["revert"], ["revert", "--allow-dirty"], ["revert", "--dry-run"]]) {
      const r = cli(repo, ...args);
      expect(r.stderr).toContain(refusal(outside));
      expect(r.stderr.replace(refusal(outside), "")).toMatch(
        /^(dry run: 0 sites in 0 files would be restored; nothing written\n)?$/,
      );
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain("dir/a.ts");
      expect(snapshot(outside)).toEqual(marked);
    }
    expect(fs.readFileSync(path.join(repo, "inside.ts"), "utf8")).toBe(SITE);
  });

  it("a folder swapped for such a link after the files were read is caught right before the write", async () => {
    const outside = tempDir("tp-outside-");
    writeTree(outside, { "a.ts": SITE });
    const root = tempDir();
    writeTree(root, { "dir/a.ts": SITE, "b.ts": SITE });
    const before = snapshot(outside);
    const swap = () => {
      fs.renameSync(path.join(root, "dir"), path.join(root, "dir-was"));
      fs.symlinkSync(outside, path.join(root, "dir"));
    };
    // "done": every file is read and planned, nothing is written yet.
    const result = await run("apply", [root], { cwd: root, onProgress: (p) => p.phase === "done" && swap() });
    expect(result.problems).toEqual([
      {
        file: "dir/a.ts",
        message: `its folder leads outside the root through a symlink (to ${fs.realpathSync(outside)}); not read or written`,
      },
    ]);
    expect(result.written).toEqual(["b.ts"]);
    expect(result.changes.map((c) => c.file)).toEqual(["b.ts"]);
    expect(snapshot(outside)).toEqual(before);
    expect(fs.readFileSync(path.join(root, "dir-was/a.ts"), "utf8")).toBe(SITE);
  });

  it("a file named through a linked folder is still followed: the user named it", () => {
    const outside = tempDir("tp-outside-");
    writeTree(outside, { "a.ts": SITE });
    const root = tempDir();
    fs.symlinkSync(outside, path.join(root, "dir"));
    const r = cli(root, "apply", "dir/a.ts");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(outside, "a.ts"), "utf8")).toBe(APPLIED);
  });
});

describe("--patch FILE never lands on work", () => {
  it("a source file, a tracked file, a file named in the run, a symlink, or an existing file without --force: exit 2, nothing written", () => {
    const repo = gitRepo({ "a.ts": SITE, "notes.txt": "tracked notes\n" });
    writeTree(repo, { "mine.patch": "my own work\n", "extra.txt": "parallel_tool_calls: false\n" });
    fs.symlinkSync(path.join(repo, "elsewhere.txt"), path.join(repo, "link.patch"));
    const cases: Array<[string[], string]> = [
      [
        ["apply", "--patch", "a.ts"],
        "--patch a.ts: a source file name; a patch is never written as one (name it FILE.patch)",
      ],
      [
        ["apply", "--patch", "a.ts", "--force"],
        "--patch a.ts: a source file name; a patch is never written as one (name it FILE.patch)",
      ],
      [
        ["revert", "--patch", "a.ts", "--force"],
        "--patch a.ts: a source file name; a patch is never written as one (name it FILE.patch)",
      ],
      [
        ["apply", "--patch", "notes.txt", "--force"],
        "--patch notes.txt: tracked by git; a patch is never written over a tracked file (name a new file, or use --patch - > FILE)",
      ],
      [
        ["apply", "extra.txt", "--patch", "extra.txt", "--force"],
        "--patch extra.txt: a source file; a patch is never written over one (name a new file)",
      ],
      [
        ["apply", "--patch", "link.patch", "--force"],
        "--patch link.patch: a symlink is there; not followed (name a new file)",
      ],
      [
        ["apply", "--patch", "mine.patch"],
        "--patch mine.patch: a file is there already; pass --force to replace it, or name a new file",
      ],
      [["apply", "--patch", "no/such/folder.patch"], "--patch no/such/folder.patch: its folder does not exist"],
      // New files too: a source file name would be read as source by the next run, and .git is git's.
      [
        ["apply", "--patch", "new.ts"],
        "--patch new.ts: a source file name; a patch is never written as one (name it FILE.patch)",
      ],
      [
        ["apply", "--patch", ".git/hooks/pre-commit"],
        "--patch .git/hooks/pre-commit: inside a .git folder; a patch is never written there",
      ],
    ];
    const before = snapshot(repo);
    for (const [args, message] of cases) {
      const r = cli(repo, ...args);
      expect(r.stderr).toBe(`error: ${message}\n`);
      expect(r.stdout).toBe("");
      expect(r.code).toBe(2);
    }
    expect(snapshot(repo)).toEqual(before);
    expect(fs.existsSync(path.join(repo, "elsewhere.txt"))).toBe(false);
  });

  it("a new file is created; --force replaces an untracked file in place of the link-free name, mode kept", () => {
    const repo = gitRepo({ "a.ts": SITE });
    const fresh = cli(repo, "apply", "--patch", "new.patch");
    expect(fresh.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "new.patch"), "utf8")).toContain("+  parallel_tool_calls: true,");
    fs.writeFileSync(path.join(repo, "old.patch"), "stale\n", { mode: 0o640 });
    fs.chmodSync(path.join(repo, "old.patch"), 0o640);
    const forced = cli(repo, "apply", "--patch", "old.patch", "--force");
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "old.patch"), "utf8")).toBe(
      fs.readFileSync(path.join(repo, "new.patch"), "utf8"),
    );
    expect(fs.statSync(path.join(repo, "old.patch")).mode & 0o777).toBe(0o640);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(SITE);
    expect(fs.readdirSync(repo).sort()).toEqual([".git", "a.ts", "new.patch", "old.patch"]);
  });

  it("the write itself never follows a link that appeared after the check, with or without --force", () => {
    const dir = tempDir();
    const victim = path.join(dir, "victim.txt");
    fs.writeFileSync(victim, "precious\n");
    fs.symlinkSync(victim, path.join(dir, "late.patch"));
    fs.symlinkSync(path.join(dir, "nowhere.txt"), path.join(dir, "dangling.patch"));
    expect(() => writePatchFile(path.join(dir, "late.patch"), "patch\n", false)).toThrow(/EEXIST/);
    expect(() => writePatchFile(path.join(dir, "dangling.patch"), "patch\n", false)).toThrow(/EEXIST/);
    expect(() => writePatchFile(path.join(dir, "late.patch"), "patch\n", true)).toThrow(/not a regular file/);
    expect(fs.readFileSync(victim, "utf8")).toBe("precious\n");
    expect(fs.existsSync(path.join(dir, "nowhere.txt"))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(["dangling.patch", "late.patch", "victim.txt"]);
  });
});

describe("a repository git refuses to look at", () => {
  /** Runs the CLI (as root) with a HOME that sets no safe.directory, in a repository another user owns. */
  function cliAsRootIn(repo: string, home: string, ...args: string[]): CliResult {
    const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], {
      cwd: repo,
      encoding: "utf8",
      env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: home, GIT_CONFIG_NOSYSTEM: "1" },
    });
    return {
      code: r.status ?? -1,
      stdout: r.stdout,
      stderr: r.stderr.replace(/toggle-parallel [a-z]+: \d+ files? listed[^\n]*\n$/, ""),
    };
  }

  it.runIf(isRoot)(
    "dubious ownership: scan says so; apply, dry run and revert refuse its files without --allow-dirty",
    () => {
      const repo = gitRepo({ "a.ts": SITE, "b.ts": SITE });
      fs.appendFileSync(path.join(repo, "a.ts"), "// work in progress\n");
      const home = tempDir("tp-home-");
      spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, repo]);
      // git itself refuses here: the test's premise.
      expect(
        spawnSync("git", ["status"], {
          cwd: repo,
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1" },
        }).stderr,
      ).toContain("dubious ownership");
      const notice = `.: git cannot look at this repository (detected dubious ownership in repository at '${fs.realpathSync(repo)}'); its files are listed without git, and apply and revert do not edit them without --allow-dirty; if you trust its owner, mark it safe with: git config --global --add safe.directory '${fs.realpathSync(repo)}'\n`;
      const remedy = "pass --allow-dirty to edit it anyway";

      const scan = cliAsRootIn(repo, home, "scan", "--no-audit");
      expect(scan.stderr).toBe(notice);
      expect(scan.stdout).toContain("a.ts:2:24");
      expect(scan.code).toBe(0);

      const dry = cliAsRootIn(repo, home, "apply", "--dry-run");
      expect(dry.stderr).toBe(
        "dry run: 0 sites in 0 files would be switched on; nothing written\n" +
          notice +
          `a.ts: would be refused: uncommitted changes cannot be checked, git cannot look at its repository (${remedy})\n` +
          `b.ts: would be refused: uncommitted changes cannot be checked, git cannot look at its repository (${remedy})\n`,
      );
      expect(dry.code).toBe(1);

      const before = snapshot(repo);
      const apply = cliAsRootIn(repo, home, "apply");
      expect(apply.stderr).toBe(
        notice +
          `a.ts: uncommitted changes cannot be checked (git cannot look at its repository); not edited (${remedy})\n` +
          `b.ts: uncommitted changes cannot be checked (git cannot look at its repository); not edited (${remedy})\n`,
      );
      expect(apply.code).toBe(1);
      expect(snapshot(repo)).toEqual(before);

      const allowed = cliAsRootIn(repo, home, "apply", "--allow-dirty");
      expect(allowed.stderr).toBe(notice);
      expect(allowed.code).toBe(0);
      expect(fs.readFileSync(path.join(repo, "b.ts"), "utf8")).toBe(APPLIED);
      const revert = cliAsRootIn(repo, home, "revert");
      expect(revert.code).toBe(1);
      expect(revert.stderr).toContain(
        `b.ts: uncommitted changes cannot be checked (git cannot look at its repository); not edited (${remedy})\n`,
      );
      expect(fs.readFileSync(path.join(repo, "b.ts"), "utf8")).toBe(APPLIED);
    },
  );

  it("a .git that git does not take for a repository (HEAD gone) is a refusal too, not a tree outside git", () => {
    const repo = gitRepo({ "a.ts": SITE });
    fs.rmSync(path.join(repo, ".git/HEAD"));
    const because = `git cannot look at this repository (not a git repository (or any of the parent directories): .git, though ${path.join(fs.realpathSync(repo), ".git")} exists)`;
    const scan = cli(repo, "scan", "--no-audit");
    expect(scan.stderr).toBe(
      `.: ${because}; its files are listed without git, and apply and revert do not edit them without --allow-dirty\n`,
    );
    expect(scan.code).toBe(0);
    const apply = cli(repo, "apply");
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      "a.ts: uncommitted changes cannot be checked (git cannot look at its repository); not edited",
    );
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(SITE);
  });
});

describe("a dry run shows what apply will really do", () => {
  it("a dirty or read-only file is marked as refused and left out of the diff and the patch, with apply's exit code", () => {
    const repo = gitRepo({ "dirty.ts": SITE, "ro.ts": SITE, "clean.ts": SITE });
    fs.appendFileSync(path.join(repo, "dirty.ts"), "// work in progress\n");
    fs.chmodSync(path.join(repo, "ro.ts"), 0o444);
    const dry = cli(repo, "apply", "--dry-run");
    expect(dry.stderr).toBe(
      "dry run: 1 site in 1 file would be switched on; nothing written\n" +
        "ro.ts: would be refused: read-only file (make it writable to edit it)\n" +
        "dirty.ts: would be refused: uncommitted changes (commit or stash them, or pass --allow-dirty)\n",
    );
    expect(dry.stdout).toContain("+++ b/clean.ts");
    expect(dry.stdout).not.toContain("dirty.ts");
    expect(dry.stdout).not.toContain("ro.ts");
    const patch = cli(repo, "apply", "--patch", "-");
    expect(patch.stdout).toBe(dry.stdout);
    expect(patch.code).toBe(1);
    const apply = cli(repo, "apply");
    expect(dry.code).toBe(apply.code);
    expect(apply.stdout).toBe(
      'switched on  clean.ts:2:24  parallel_tool_calls  false -> true\n1 site switched on in 1 file, marker "toggle-parallel". Undo: toggle-parallel revert\n',
    );

    // With --allow-dirty the dirty file is in the dry run, as apply --allow-dirty would write it.
    const allowed = cli(repo, "apply", "--dry-run", "--allow-dirty");
    expect(allowed.stdout).toContain("+++ b/dirty.ts");
    expect(allowed.stderr).toBe(
      "dry run: 1 site in 1 file would be switched on; nothing written\nro.ts: would be refused: read-only file (make it writable to edit it)\n",
    );

    // The CI gate only counts markers: it judges no file for writing.
    expect(cli(repo, "apply", "--allow-dirty").code).toBe(1);
    const gate = cli(repo, "check", "--no-markers");
    expect(gate.stderr).toBe("");
    expect(gate.stdout).toMatch(/check: 2 markers "toggle-parallel" remain; run toggle-parallel revert\n$/);
  });
});

describe("files git converts on the way in (.gitattributes eol=crlf)", () => {
  for (const attributes of ["* text eol=crlf\n", "*.ts eol=crlf\n"]) {
    it(`revert right after a clean apply is accepted, one closing line, git status clean (${attributes.trim()})`, () => {
      const crlf = SITE.replace(/\n/g, "\r\n");
      const repo = gitRepo({ ".gitattributes": attributes, "crlf.ts": crlf, "lf.ts": SITE });
      // As a fresh clone has them: both checked out with CRLF; and one left with LF as it was committed.
      for (const f of ["crlf.ts", "lf.ts"]) fs.rmSync(path.join(repo, f));
      git(repo, "checkout", "--", ".");
      expect(fs.readFileSync(path.join(repo, "lf.ts"), "utf8")).toBe(crlf);
      writeTree(repo, { "lf-kept.ts": SITE });
      git(repo, "add", "lf-kept.ts");
      commit(repo, "an LF file");
      expect(git(repo, "status", "--porcelain")).toBe("");

      const apply = cli(repo, "apply");
      expect(apply.code).toBe(0);
      const revert = cli(repo, "revert");
      expect(revert.stderr).toBe("");
      expect(revert.stdout).toMatch(/^(restored .*\n){3}3 sites restored in 3 files\n$/);
      expect(revert.code).toBe(0);
      expect(git(repo, "status", "--porcelain")).toBe("");
      expect(fs.readFileSync(path.join(repo, "crlf.ts"), "utf8")).toBe(crlf);
      expect(fs.readFileSync(path.join(repo, "lf-kept.ts"), "utf8")).toBe(SITE);
    });
  }

  it("what git would store is worked out without running the repository's filter drivers", () => {
    const sentinels = tempDir("tp-sentinel-");
    const sentinel = path.join(sentinels, "clean-ran");
    const repo = gitRepo({ ".gitattributes": "*.ts filter=evil\n", "a.ts": SITE });
    git(repo, "config", "filter.evil.clean", `sh -c 'echo ran > ${sentinel}; cat'`);
    git(repo, "config", "filter.evil.required", "true");
    // The trap works: git add runs it.
    spawnSync("git", ["add", "--renormalize", "a.ts"], { cwd: repo });
    expect(fs.existsSync(sentinel)).toBe(true);
    fs.rmSync(sentinel);
    // Without the filter the bytes hash as committed (the filter is an identity here), and it did not run.
    expect(storedAsInHead(repo, "a.ts", Buffer.from(SITE))).toBe(true);
    expect(storedAsInHead(repo, "a.ts", Buffer.from(APPLIED))).toBe(false);
    expect(fs.existsSync(sentinel)).toBe(false);
  });

  it("a real change besides the markers is still refused, and the closing line does not say there was nothing to revert", () => {
    const repo = gitRepo({ ".gitattributes": "* text eol=crlf\n", "a.ts": SITE });
    fs.rmSync(path.join(repo, "a.ts"));
    git(repo, "checkout", "--", ".");
    expect(cli(repo, "apply").code).toBe(0);
    fs.appendFileSync(path.join(repo, "a.ts"), "export const more = 1\r\n");
    const revert = cli(repo, "revert");
    expect(revert.code).toBe(1);
    expect(revert.stdout).toBe("nothing restored: 1 site found, in a file not edited (see below)\n");
    expect(revert.stderr).toBe(
      "a.ts: has uncommitted changes; not edited (it holds changes besides this tool's markers; pass --allow-dirty to revert it anyway)\n",
    );
  });
});

describe("a marker committed by hand, then a later apply", () => {
  // Someone ran a trial, committed its marker, and later applies again: HEAD holds one marker, the work tree two.
  const TWO =
    "export const a = {\n  parallel_tool_calls: false,\n}\nexport const b = {\n  parallel_tool_calls: false,\n}\n";
  const HEAD_MARKED = TWO.replace(
    "  parallel_tool_calls: false,",
    "  // toggle-parallel: was false\n  parallel_tool_calls: true,",
  );
  function committedTrial(): string {
    const repo = gitRepo({ "a.ts": HEAD_MARKED });
    const apply = cli(repo, "apply");
    expect(apply.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8").match(/toggle-parallel: was false/g)).toHaveLength(2);
    return repo;
  }

  it("revert restores both sites: the only uncommitted change is a marker revert takes away", () => {
    const repo = committedTrial();
    const revert = cli(repo, "revert");
    expect(revert.stderr).toBe("");
    expect(revert.stdout).toMatch(/^(restored .*\n){2}2 sites restored in 1 file\n$/);
    expect(revert.code).toBe(0);
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(TWO);
  });

  it("a change of the user's beside the new marker is still refused, and the file is left as it was", () => {
    const repo = committedTrial();
    fs.appendFileSync(path.join(repo, "a.ts"), "export const mine = 1\n");
    const before = fs.readFileSync(path.join(repo, "a.ts"), "utf8");
    const revert = cli(repo, "revert");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toBe(
      "a.ts: has uncommitted changes; not edited (it holds changes besides this tool's markers; pass --allow-dirty to revert it anyway)\n",
    );
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(before);
  });

  it("a user's edit of the committed marker's value is a change revert would not undo: refused", () => {
    const repo = committedTrial();
    // The committed site's value edited by hand: revert leaves such a marker (it needs --force), so the two reverts
    // differ and the file is refused rather than losing the edit.
    const text = fs.readFileSync(path.join(repo, "a.ts"), "utf8");
    fs.writeFileSync(
      path.join(repo, "a.ts"),
      text.replace(
        "parallel_tool_calls: true,\n}\nexport const b",
        'parallel_tool_calls: process.env.P === "1",\n}\nexport const b',
      ),
    );
    const before = fs.readFileSync(path.join(repo, "a.ts"), "utf8");
    expect(before).not.toBe(text);
    const revert = cli(repo, "revert");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toContain("a.ts: has uncommitted changes; not edited");
    expect(fs.readFileSync(path.join(repo, "a.ts"), "utf8")).toBe(before);
  });
});
