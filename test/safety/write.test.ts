// How write.ts writes a file (issue 10: items 1, 5, 12, 16, 18): temp files nobody can guess or hijack, mode and
// owner (setuid/setgid included) kept through the descriptor, names that fit NAME_MAX, only provable leftovers
// removed, hard links not split, and every write durable (fsync of the temp file before the rename, of the folder
// after it). Races are played deterministically through the WriteFs seam (RunOptions.fs).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as xattr from "@napi-rs/xattr";
import { describe, expect, it } from "vitest";
import { run } from "../../src/index";
import { tempName } from "../../src/pipeline/write";
import { canListXattrs } from "../../src/pipeline/xattrs";
import { faultyFs, isTemp, leftoverTemps } from "../helpers/faults";
import { gitRepo, tempDir, writeTree } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const APPLIED = "export const body = {\n  // toggle-parallel: was false\n  parallel_tool_calls: true,\n}\n";
const NOBODY = 65534;

/** Root, and allowed to give a file away here (some containers map no uid 65534). */
function rootMayChown(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = path.join(tempDir("tp-chown-"), "probe");
  fs.writeFileSync(probe, "");
  try {
    fs.chownSync(probe, NOBODY, NOBODY);
    return true;
  } catch {
    return false;
  }
}
const asRoot = rootMayChown();

/** A tree that uid 65534 owns, folder included (that user may rename and replace anything in it). */
function strangersTree(files: Record<string, string>): string {
  const dir = tempDir("tp-stranger-");
  writeTree(dir, files);
  for (const p of [dir, ...Object.keys(files).map((f) => path.join(dir, f))]) fs.chownSync(p, NOBODY, NOBODY);
  return dir;
}

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), "utf8");
const ownerAndMode = (file: string) => {
  const st = fs.lstatSync(file);
  return { uid: st.uid, gid: st.gid, mode: (st.mode & 0o7777).toString(8) };
};

/** The pid of a process that has ended: no run of ours is using it. */
const deadPid = () =>
  Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);

describe.runIf(asRoot)("root on a tree another user can write: the temp file swapped for a symlink", () => {
  // The folder's owner replaces the temp file with a symlink to a root-owned file, right after its creation (before
  // its owner and mode are set) or right before the rename. Set by path, root would give that file away.
  for (const when of ["right after the temp file is created", "right before the rename"] as const) {
    it(`${when}: the outside file keeps its owner, mode and bytes; the run fails cleanly and is undone`, async () => {
      const dir = strangersTree({ "a.ts": SITE, "b.ts": SITE });
      const outside = path.join(tempDir("tp-outside-"), "shadow");
      fs.writeFileSync(outside, "root's secret\n", { mode: 0o600 });
      let swapped = "";
      const swap = (file: string) => {
        if (swapped || !isTemp(file) || !path.basename(file).startsWith(".b.ts.")) return;
        fs.unlinkSync(file);
        fs.symlinkSync(outside, (swapped = file));
      };
      // writeSync comes right after the creation; the temp file's fsync right before the checks and the rename.
      const faulty = faultyFs(
        [],
        when === "right after the temp file is created" ? { writeSync: swap } : { fsyncSync: swap },
      );
      const result = await run("apply", ["a.ts", "b.ts"], { cwd: dir, fs: faulty });

      expect(swapped).not.toBe("");
      expect(ownerAndMode(outside)).toEqual({ uid: 0, gid: 0, mode: "600" });
      expect(fs.readFileSync(outside, "utf8")).toBe("root's secret\n");
      expect(result.failure).toMatchObject({
        file: "b.ts",
        message: "the temp file was replaced while the tool was writing it; not renamed",
        notRestored: [],
      });
      expect(result.restored).toEqual(["a.ts"]);
      for (const f of ["a.ts", "b.ts"]) {
        expect(read(dir, f)).toBe(SITE);
        expect(fs.lstatSync(path.join(dir, f)).isFile()).toBe(true);
        expect(ownerAndMode(path.join(dir, f))).toEqual({ uid: NOBODY, gid: NOBODY, mode: "644" });
      }
      expect(fs.lstatSync(swapped).isSymbolicLink()).toBe(true); // the other user's symlink: not ours to remove
    });
  }
});

describe.runIf(asRoot)("setuid and setgid bits", () => {
  it("a file of mode 6755 owned by 65534 keeps its mode and owner after apply, after revert, and after a rolled-back run", async () => {
    const dir = strangersTree({ "a.ts": SITE, "b.ts": SITE });
    const a = path.join(dir, "a.ts");
    fs.chmodSync(a, 0o6755);
    const kept = { uid: NOBODY, gid: NOBODY, mode: "6755" };
    expect(ownerAndMode(a)).toEqual(kept);

    expect((await run("apply", ["a.ts"], { cwd: dir })).problems).toEqual([]);
    expect(read(dir, "a.ts")).toBe(APPLIED);
    expect(ownerAndMode(a)).toEqual(kept);
    expect((await run("revert", ["a.ts"], { cwd: dir })).problems).toEqual([]);
    expect(read(dir, "a.ts")).toBe(SITE);
    expect(ownerAndMode(a)).toEqual(kept);

    // a.ts is written, b.ts fails on its rename, a.ts is put back: with its bits.
    const failed = await run("apply", ["a.ts", "b.ts"], {
      cwd: dir,
      fs: faultyFs([{ op: "renameSync", nth: 2, code: "EIO" }]),
    });
    expect(failed.restored).toEqual(["a.ts"]);
    expect(read(dir, "a.ts")).toBe(SITE);
    expect(ownerAndMode(a)).toEqual(kept);
  });
});

describe("temp file names fit NAME_MAX (255 bytes) for any valid target name", () => {
  const names = {
    "a 250-byte ASCII name": `${"a".repeat(247)}.ts`,
    "a 253-byte name of 2-byte characters": `${"é".repeat(125)}.ts`,
    "a 251-byte name of 4-byte characters": `${"😀".repeat(62)}.ts`,
    "a 253-byte name of 3-byte characters after one ASCII byte": `x${"語".repeat(83)}.py`,
  };

  for (const [what, name] of Object.entries(names)) {
    it(`${what}: the temp name is at most 255 bytes, whole characters, unpredictable`, () => {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      const temp = tempName(name);
      expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(255);
      expect(temp.isWellFormed()).toBe(true);
      expect(Buffer.from(temp).toString("utf8")).toBe(temp);
      expect(temp).toMatch(/^\..+\.toggle-parallel-\d+-[0-9a-f]{16}\.tmp$/s);
      expect(tempName(name)).not.toBe(temp);
    });
  }

  it("apply and revert succeed on files with those names (ENAMETOOLONG before)", async () => {
    const dir = tempDir("tp-long-");
    const files = Object.fromEntries(
      Object.values(names).map((n) => [n, n.endsWith(".py") ? "parallel_tool_calls = False\n" : SITE]),
    );
    writeTree(dir, files);
    const apply = await run("apply", [], { cwd: dir });
    expect(apply.problems).toEqual([]);
    expect(apply.written.sort()).toEqual(Object.keys(files).sort());
    expect(read(dir, names["a 250-byte ASCII name"])).toBe(APPLIED);
    const revert = await run("revert", [], { cwd: dir });
    expect(revert.problems).toEqual([]);
    for (const [n, text] of Object.entries(files)) expect(read(dir, n)).toBe(text);
    expect(leftoverTemps(dir)).toEqual([]);
  });

  it("a leftover temp file of a long-named file (its name cut short) is still recognised beside its target and removed", async () => {
    const dir = tempDir("tp-long-left-");
    const long = names["a 253-byte name of 2-byte characters"];
    const temp = tempName(long, deadPid());
    writeTree(dir, { [long]: SITE, [temp]: APPLIED });
    const result = await run("apply", [], { cwd: dir });
    expect(result.notices).toEqual([
      expect.stringMatching(/: removed a temp file left by a run that was killed while writing \(pid \d+\)$/),
    ]);
    expect(fs.existsSync(path.join(dir, temp))).toBe(false);
  });
});

describe("leftover temp files: only provably ours are removed", () => {
  for (const inGit of [false, true]) {
    it(`a user's look-alike files survive apply and revert; a real leftover beside its target goes (${inGit ? "git repository" : "plain folder"})`, async () => {
      const dead = deadPid();
      const files: Record<string, string> = {
        "a.ts": SITE,
        // The old name format, no `journal` beside it: not ours, not even named.
        ".journal.toggle-parallel-4000000-7.tmp": "the user's journal\n",
        // Our name format, but no `notes` beside it: named, never removed.
        [`.notes.toggle-parallel-${dead}-0123456789abcdef.tmp`]: "the user's notes\n",
        // A real leftover of ours: our name, a regular file, beside its target.
        [`.a.ts.toggle-parallel-${dead}-fedcba9876543210.tmp`]: APPLIED,
      };
      const dir = inGit ? gitRepo({ "a.ts": SITE }) : tempDir("tp-lookalike-");
      writeTree(dir, files);
      // Our name format beside a real target, but a symlink (to a file outside): named, never removed or followed.
      const outside = path.join(tempDir("tp-outside-"), "target");
      fs.writeFileSync(outside, "outside\n");
      const link = `.a.ts.toggle-parallel-${dead}-00112233445566ff.tmp`;
      fs.symlinkSync(outside, path.join(dir, link));

      const scan = await run("scan", [], { cwd: dir });
      expect(scan.notices.sort()).toEqual(
        [
          `${link}: named like a temp file of this tool, but not a regular file; left alone`,
          `.notes.toggle-parallel-${dead}-0123456789abcdef.tmp: named like a temp file of this tool, but no file "notes" beside it; left alone`,
          `.a.ts.toggle-parallel-${dead}-fedcba9876543210.tmp: a temp file left by a run that was killed while writing (pid ${dead}); delete it, or the next apply or revert will`,
        ].sort(),
      );
      const apply = await run("apply", [], { cwd: dir });
      expect(apply.problems).toEqual([]);
      expect(apply.notices).toContain(
        `.a.ts.toggle-parallel-${dead}-fedcba9876543210.tmp: removed a temp file left by a run that was killed while writing (pid ${dead})`,
      );
      expect(apply.notices.join("\n")).not.toContain("journal");
      const revert = await run("revert", [], { cwd: dir });
      expect(revert.problems).toEqual([]);

      expect(read(dir, ".journal.toggle-parallel-4000000-7.tmp")).toBe("the user's journal\n");
      expect(read(dir, `.notes.toggle-parallel-${dead}-0123456789abcdef.tmp`)).toBe("the user's notes\n");
      expect(fs.lstatSync(path.join(dir, link)).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(outside, "utf8")).toBe("outside\n");
      expect(fs.existsSync(path.join(dir, `.a.ts.toggle-parallel-${dead}-fedcba9876543210.tmp`))).toBe(false);
      expect(read(dir, "a.ts")).toBe(SITE);
    });
  }
});

describe("hard links", () => {
  it("a file with two names is refused with one line, in a dry run too; the link stays whole and the rest is applied", async () => {
    const dir = tempDir("tp-link-");
    writeTree(dir, { "a.ts": SITE, "b.ts": SITE });
    fs.linkSync(path.join(dir, "a.ts"), path.join(dir, "a-other-name.txt"));
    const refusal = {
      file: "a.ts",
      message:
        "has 2 hard links; a rename would split them; not changed (edit it by hand, or break the link with `cp -p a.ts a.ts.new && mv a.ts.new a.ts` in its folder and run again)",
    };

    const dry = await run("apply", [], { cwd: dir, write: false, preview: true });
    expect(dry.problems).toEqual([{ ...refusal, message: `would be refused: ${refusal.message}` }]);
    expect(dry.changes.map((c) => c.file)).toEqual(["b.ts"]);
    expect(read(dir, "b.ts")).toBe(SITE);

    const apply = await run("apply", [], { cwd: dir });
    expect(apply.problems).toEqual([refusal]);
    expect(apply.written).toEqual(["b.ts"]);
    expect(read(dir, "a.ts")).toBe(SITE);
    const [a, other] = [fs.statSync(path.join(dir, "a.ts")), fs.statSync(path.join(dir, "a-other-name.txt"))];
    expect([a.ino, a.nlink]).toEqual([other.ino, 2]);
    expect(read(dir, "b.ts")).toBe(APPLIED);
  });
});

/** Whether user.* extended attributes can be set in a temporary folder here (tmpfs before Linux 6.6 cannot). */
function xattrsWork(): boolean {
  if (!canListXattrs()) return false;
  const probe = path.join(tempDir("tp-xattr-"), "probe");
  fs.writeFileSync(probe, "");
  try {
    xattr.setAttributeSync(probe, "user.probe", "1");
    return true;
  } catch {
    return false;
  }
}

describe.runIf(xattrsWork())("extended attributes", () => {
  it("a file with user.* attributes is refused with one line naming them, in a dry run too; they stay, the rest is applied", async () => {
    const dir = tempDir("tp-xattr-");
    writeTree(dir, { "a.ts": SITE, "b.ts": SITE });
    const a = path.join(dir, "a.ts");
    xattr.setAttributeSync(a, "user.origin", "vendored from upstream");
    xattr.setAttributeSync(a, "user.checksum", "abc");
    const refusal = {
      file: "a.ts",
      message: expect.stringMatching(
        /^has extended attributes \((user\.origin, user\.checksum|user\.checksum, user\.origin)\); a rename would drop them; not changed \(/,
      ),
    };

    const dry = await run("apply", [], { cwd: dir, write: false, preview: true });
    expect(dry.problems).toEqual([
      { file: "a.ts", message: expect.stringMatching(/^would be refused: has extended attributes \(/) },
    ]);
    expect(dry.changes.map((c) => c.file)).toEqual(["b.ts"]);

    const apply = await run("apply", [], { cwd: dir });
    expect(apply.problems).toEqual([refusal]);
    expect(apply.written).toEqual(["b.ts"]);
    expect(read(dir, "a.ts")).toBe(SITE);
    expect(xattr.getAttributeSync(a, "user.origin")?.toString()).toBe("vendored from upstream");
  });
});

describe("durability", () => {
  it("each write is: write the temp file, set its mode, fsync it, rename it; then each folder written in is fsynced", async () => {
    const dir = tempDir("tp-durable-");
    writeTree(dir, { "a.ts": SITE, "c.ts": SITE, "sub/b.ts": SITE });
    const root = fs.realpathSync(dir);
    const recording = faultyFs([]);
    const result = await run("apply", [], { cwd: dir, fs: recording });
    expect(result.written).toEqual(["a.ts", "c.ts", "sub/b.ts"]);
    const label = (file: string) =>
      isTemp(file)
        ? `temp ${path.basename(file).split(".toggle-parallel-")[0]}`
        : file === root
          ? "folder ."
          : file === path.join(root, "sub")
            ? "folder sub"
            : file;
    const steps = recording.calls
      .filter(([op]) => ["writeSync", "fchmodSync", "fsyncSync", "renameSync"].includes(op))
      .map(([op, file]) => `${op} ${label(file)}`);
    const file = (name: string) => [
      `writeSync temp ${name}`,
      `fchmodSync temp ${name}`,
      `fsyncSync temp ${name}`,
      `renameSync temp ${name}`,
    ];
    expect(steps).toEqual([
      ...file(".a.ts"),
      ...file(".c.ts"),
      ...file(".b.ts"),
      "fsyncSync folder .",
      "fsyncSync folder sub",
    ]);
  });
});
