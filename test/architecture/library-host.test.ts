// A library call of run() is a guest in its host's process: it leaves the host's signal handlers as they are, and
// reads no configuration from the environment (issue 15). Holding signals during the writes is the CLI's business.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../../src/index";
import type { WriteFs } from "../../src/pipeline/write";
import { tempDir, writeTree } from "../helpers/cli";

const SITE = "export const body = {\n  parallel_tool_calls: false,\n}\n";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const listeners = () => SIGNALS.map((s) => process.listeners(s).length);

/** Node's fs, noting the signal listeners at each rename (while the run writes) and counting the fsyncs. */
function watchingFs(seen: number[][], fsyncs: { count: number }): WriteFs {
  return {
    ...fs,
    lstatSync: (file) => fs.lstatSync(file),
    renameSync: (from, to) => {
      seen.push(listeners());
      fs.renameSync(from, to);
    },
    fsyncSync: (fd) => {
      fsyncs.count++;
      fs.fsyncSync(fd);
    },
  } as WriteFs;
}

describe("run() as a library", () => {
  it("adds no signal listener, during the writes or after them", async () => {
    const dir = tempDir("tp-host-");
    writeTree(dir, { "a.ts": SITE, "b.ts": SITE });
    const before = listeners();
    const seen: number[][] = [];
    const result = await run("apply", [], { cwd: dir, fs: watchingFs(seen, { count: 0 }) });
    expect(result.problems).toEqual([]);
    expect(result.written.sort()).toEqual(["a.ts", "b.ts"]);
    expect(seen).toEqual([before, before]);
    expect(listeners()).toEqual(before);
  });

  it("holds signals only through the guard its caller lends (the CLI's holdingSignals)", async () => {
    const dir = tempDir("tp-host-guard-");
    writeTree(dir, { "a.ts": SITE });
    const { holdingSignals } = await import("../../src/cli/signals");
    const seen: number[][] = [];
    const before = listeners();
    await run("apply", [], { cwd: dir, fs: watchingFs(seen, { count: 0 }), holdWrites: holdingSignals });
    expect(seen).toEqual([before.map((n) => n + 1)]);
    expect(listeners()).toEqual(before);
  });

  it("fsyncs unless told not to, whatever TOGGLE_PARALLEL_FSYNC says (the CLI reads the environment)", async () => {
    const saved = process.env.TOGGLE_PARALLEL_FSYNC;
    process.env.TOGGLE_PARALLEL_FSYNC = "0";
    try {
      for (const fsync of [undefined, false] as const) {
        const dir = tempDir("tp-host-fsync-");
        writeTree(dir, { "a.ts": SITE });
        const counted = { count: 0 };
        await run("apply", [], { cwd: dir, fs: watchingFs([], counted), fsync });
        expect(counted.count > 0, `fsync: ${fsync}`).toBe(fsync === undefined);
      }
    } finally {
      if (saved === undefined) delete process.env.TOGGLE_PARALLEL_FSYNC;
      else process.env.TOGGLE_PARALLEL_FSYNC = saved;
    }
  });
});
