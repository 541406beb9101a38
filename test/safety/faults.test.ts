// Faults in the middle of a run, injected through the WriteFs that run() hands to write.ts (RunOptions.fs): a full
// disk, a refused permission, a directory where the temp file goes, an I/O error on rename, a file changed by someone
// else between read and write. After each: every file is either untouched or whole, the files already written in
// the run are put back, and the result says what failed and what was restored.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/index";
import { processText } from "../../src/pipeline/process";
import { faultyFs, halfWritten, isTemp, leftoverTemps, type Fault, type Op } from "../helpers/faults";
import { tempDir, writeTree } from "../helpers/cli";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };

// Four files to change (each with a different shape and line ending), one to leave.
const ORIGINAL: Record<string, string> = {
  "a.ts": "export const body = {\n  parallel_tool_calls: false,\n}\n",
  "b.ts": "export const parallelToolCallsEnabled = false\r\nexport const other = 1\r\n",
  "c.ts": "\uFEFFexport function f(req: Req) {\n\treq.disable_parallel_tool_use = true\n}",
  "d.ts": 'export const x = { mode: "auto", parallel_tool_calls: false }\n',
  "e.ts": "export const nothing = 'parallel_tool_calls: false'\n",
};
const ORDER = ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"];
const CHANGED = ["a.ts", "b.ts", "c.ts", "d.ts"];
const APPLIED = Object.fromEntries(ORDER.map((f) => [f, processText(f, ORIGINAL[f]!, "apply", options)!.after]));

function tree(): string {
  const dir = tempDir("tp-fault-");
  writeTree(dir, ORIGINAL);
  return dir;
}

function read(dir: string, f: string): string {
  return fs.readFileSync(path.join(dir, f), "utf8");
}

/** Every file holds its original bytes or its fully applied bytes: never a mix, never a truncation. */
function expectWhole(dir: string): Record<string, "original" | "applied"> {
  const state: Record<string, "original" | "applied"> = {};
  for (const f of ORDER) {
    const now = read(dir, f);
    if (now === ORIGINAL[f]) state[f] = "original";
    else if (now === APPLIED[f]) state[f] = "applied";
    else expect.fail(`${f} is neither its original nor its applied text:\n${JSON.stringify(now)}`);
  }
  return state;
}

const allOriginal = Object.fromEntries(ORDER.map((f) => [f, "original"]));
const allApplied = Object.fromEntries(ORDER.map((f) => [f, f === "e.ts" ? "original" : "applied"]));

describe("faults while writing (injected through RunOptions.fs)", () => {
  it("sanity: the same fs without a fault applies all four files (so the checks below can fail)", async () => {
    const dir = tree();
    const result = await run("apply", ORDER, { cwd: dir, fs: faultyFs([]) });
    expect(result.problems).toEqual([]);
    expect(result.written).toEqual(CHANGED);
    expect(expectWhole(dir)).toEqual(allApplied);
  });

  const faults: Array<{ what: string; op: Op; code: string; on?: Fault["on"]; before?: Fault["before"] }> = [
    {
      what: "ENOSPC while writing the temp file (half of it written)",
      op: "writeSync",
      code: "ENOSPC",
      before: halfWritten,
    },
    { what: "EACCES creating the temp file", op: "openSync", code: "EACCES", on: isTemp },
    { what: "EPERM setting the temp file's mode", op: "fchmodSync", code: "EPERM" },
    { what: "EIO on the fsync of the temp file", op: "fsyncSync", code: "EIO", on: isTemp },
    { what: "EIO reading the file back before the rename", op: "readFileSync", code: "EIO" },
    { what: "EROFS on the rename", op: "renameSync", code: "EROFS" },
  ];

  for (const fault of faults) {
    for (const nth of [1, 2, 3, 4]) {
      it(`${fault.what}, on write ${nth} of 4: nothing changed, ${nth - 1} file(s) put back`, async () => {
        const dir = tree();
        const faulty = faultyFs([{ op: fault.op, nth, code: fault.code, on: fault.on, before: fault.before }]);
        const result = await run("apply", ORDER, { cwd: dir, fs: faulty });

        expect(expectWhole(dir)).toEqual(allOriginal);
        expect(leftoverTemps(dir)).toEqual([]);
        const failed = CHANGED[nth - 1]!;
        expect(result.failure).toMatchObject({
          file: failed,
          message: expect.stringContaining(fault.code),
          notRestored: [],
        });
        expect([...result.restored].sort()).toEqual(CHANGED.slice(0, nth - 1));
        expect(result.written).toEqual([]);
        expect(result.changes).toEqual([]);
        const put = nth > 1 ? `; put back ${nth - 1} ${nth === 2 ? "file" : "files"} already written in this run` : "";
        expect(result.problems).toEqual([
          { file: failed, message: expect.stringMatching(new RegExp(`^write failed: ${fault.code}: .*${put}$`)) },
        ]);
      });
    }
  }

  it("a directory where the temp file should go: the write fails, the directory stays, the run is undone", async () => {
    const dir = tree();
    let made = "";
    let temps = 0;
    const faulty = faultyFs([], {
      openSync: (file) => {
        if (isTemp(file) && ++temps === 3) fs.mkdirSync((made = file));
      },
    });
    const result = await run("apply", ORDER, { cwd: dir, fs: faulty });
    expect(expectWhole(dir)).toEqual(allOriginal);
    expect(result.failure).toMatchObject({ file: "c.ts", message: expect.stringMatching(/^EEXIST: /) });
    expect([...result.restored].sort()).toEqual(["a.ts", "b.ts"]);
    expect(fs.statSync(made).isDirectory()).toBe(true); // not ours to remove
  });

  it("a file that is not ours at the temp path is neither overwritten nor deleted", async () => {
    const dir = tree();
    let theirs = "";
    let temps = 0;
    const faulty = faultyFs([], {
      openSync: (file) => {
        if (isTemp(file) && ++temps === 2) fs.writeFileSync((theirs = file), "someone else's bytes");
      },
    });
    const result = await run("apply", ORDER, { cwd: dir, fs: faulty });
    expect(expectWhole(dir)).toEqual(allOriginal);
    expect(result.failure?.file).toBe("b.ts");
    expect(fs.readFileSync(theirs, "utf8")).toBe("someone else's bytes");
  });

  it("when putting a file back fails too, that file stays whole (fully applied) and is named with what to do", async () => {
    const dir = tree();
    // Writes 1 and 2 succeed (a, b), 3 fails (c); the rollback writes b (4) then a (5): 5 fails.
    const faulty = faultyFs([
      { op: "writeSync", nth: 3, code: "ENOSPC" },
      { op: "writeSync", nth: 5, code: "EIO" },
    ]);
    const result = await run("apply", ORDER, { cwd: dir, fs: faulty });
    expect(expectWhole(dir)).toEqual({ ...allOriginal, "a.ts": "applied" });
    expect(leftoverTemps(dir)).toEqual([]);
    expect(result.restored).toEqual(["b.ts"]);
    expect(result.failure).toMatchObject({ file: "c.ts", notRestored: ["a.ts"] });
    expect(result.problems).toContainEqual({
      file: "a.ts",
      message: expect.stringMatching(
        /^could not put back after the failure \(EIO: .*\); it stays switched on; run revert on it$/,
      ),
    });
    // And the advice works: revert brings every file back.
    const revert = await run("revert", ORDER, { cwd: dir });
    expect(revert.problems).toEqual([]);
    expect(expectWhole(dir)).toEqual(allOriginal);
  });

  it("EIO on the fsync of the folder after the renames: every file is put back, nothing is lost", async () => {
    const dir = tree();
    const root = fs.realpathSync(dir);
    const faulty = faultyFs([{ op: "fsyncSync", nth: 1, code: "EIO", on: (file) => file === root }]);
    const result = await run("apply", ORDER, { cwd: dir, fs: faulty });
    expect(expectWhole(dir)).toEqual(allOriginal);
    expect(leftoverTemps(dir)).toEqual([]);
    expect(result.failure).toMatchObject({
      file: "d.ts",
      message: expect.stringMatching(/^syncing its folder to disk: EIO: /),
      notRestored: [],
    });
    expect([...result.restored].sort()).toEqual(CHANGED);
    expect(result.written).toEqual([]);
  });

  it("revert is undone the same way: a failure on its third write leaves every file applied, and a second revert finishes", async () => {
    const dir = tree();
    await run("apply", ORDER, { cwd: dir });
    expect(expectWhole(dir)).toEqual(allApplied);
    const result = await run("revert", ORDER, { cwd: dir, fs: faultyFs([{ op: "renameSync", nth: 3, code: "EIO" }]) });
    expect(expectWhole(dir)).toEqual(allApplied);
    expect(result.failure?.file).toBe("c.ts");
    expect([...result.restored].sort()).toEqual(["a.ts", "b.ts"]);
    expect((await run("revert", ORDER, { cwd: dir })).problems).toEqual([]);
    expect(expectWhole(dir)).toEqual(allOriginal);
  });
});

describe("where writes go", () => {
  it("every file the tool creates, writes or renames is a temp file beside its target, inside the root", async () => {
    const dir = tree();
    const faulty = faultyFs([]);
    await run("apply", ORDER, { cwd: dir, fs: faulty });
    await run("revert", ORDER, { cwd: dir, fs: faulty });
    const writing: Op[] = [
      "openSync",
      "writeSync",
      "fchmodSync",
      "fchownSync",
      "fsyncSync",
      "renameSync",
      "unlinkSync",
    ];
    const touched = faulty.calls.filter(([op]) => writing.includes(op));
    expect(touched.length).toBeGreaterThan(0);
    const root = fs.realpathSync(dir);
    for (const [op, file] of touched) {
      if (file === root && (op === "openSync" || op === "fsyncSync")) continue; // the folder, opened to fsync the rename
      expect(path.dirname(file), `${op} ${file}`).toBe(root);
      expect(path.basename(file), `${op} ${file}`).toMatch(/^\.[a-e]\.ts\.toggle-parallel-\d+-[0-9a-f]{16}\.tmp$/);
    }
    expect(expectWhole(dir)).toEqual(allOriginal);
  });
});

describe("a file changed by someone else between read and write", () => {
  it("is not overwritten: its new bytes stay, the run is undone, and the file is named", async () => {
    const dir = tree();
    const edit = "// edited in the editor meanwhile\n";
    // write.ts reads each file back just before its rename; the first time it reads b.ts, someone saves b.ts.
    let saved = false;
    const faulty = faultyFs([], {
      readFileSync: (file) => {
        if (!saved && file.endsWith(`${path.sep}b.ts`)) {
          saved = true;
          fs.appendFileSync(file, edit);
        }
      },
    });
    const result = await run("apply", ORDER, { cwd: dir, fs: faulty });
    expect(saved).toBe(true);
    expect(read(dir, "b.ts")).toBe(ORIGINAL["b.ts"] + edit); // the other person's save survives, whole
    for (const f of ["a.ts", "c.ts", "d.ts", "e.ts"]) expect(read(dir, f)).toBe(ORIGINAL[f]);
    expect(leftoverTemps(dir)).toEqual([]);
    expect(result.failure).toMatchObject({
      file: "b.ts",
      message: "the file changed while the tool was running; not overwritten",
    });
    expect(result.restored).toEqual(["a.ts"]);
    expect(result.problems).toEqual([
      {
        file: "b.ts",
        message:
          "write failed: the file changed while the tool was running; not overwritten; put back 1 file already written in this run",
      },
    ]);
  });
});

/** Root, and allowed to give a file away here (some containers map no uid 65534). */
function rootMayChown(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = path.join(tempDir("tp-chown-"), "probe");
  fs.writeFileSync(probe, "");
  try {
    fs.chownSync(probe, 65534, 65534);
    return true;
  } catch {
    return false;
  }
}

describe("owner and mode", () => {
  it.runIf(rootMayChown())("root editing another user's file gives it back to that user, mode kept", async () => {
    const dir = tree();
    const file = path.join(dir, "a.ts");
    fs.chownSync(file, 65534, 65534);
    fs.chmodSync(file, 0o640);
    const result = await run("apply", ["a.ts"], { cwd: dir });
    expect(result.problems).toEqual([]);
    expect(read(dir, "a.ts")).toBe(APPLIED["a.ts"]);
    const st = fs.statSync(file);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([65534, 65534, 0o640]);
  });
});
