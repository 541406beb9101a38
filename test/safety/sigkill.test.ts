// SIGKILL at random moments: the built CLI's apply (and revert) on a generated tree of a few thousand files, killed
// again and again. After each kill every file holds either its original bytes or its fully applied bytes, and a
// revert brings every file back exactly. Writes are temp file + rename, so a kill can leave at most one temp file
// (`.NAME.toggle-parallel-PID-RANDOM.tmp`) beside its target, never a half-written source file.
// SIGINT and SIGTERM (Ctrl-C, kill) do better: they are held while the files are written, so a run they stop has
// written all of its files or none, and leaves no temp file.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { processText } from "../../src/process";
import { BIN, cli, git, tempDir } from "../helpers/cli";
import { leftoverTemps } from "../helpers/faults";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
// Kills, not power losses, are tested here: the fsyncs (test/safety/write.test.ts › durability) would only slow the
// thousands of writes down.
process.env.TOGGLE_PARALLEL_FSYNC = "0";

// Shapes with and without sites, LF, CRLF, a BOM, no final newline; about two thirds of the files have a site.
const TEMPLATES = [
  (i: number) => `// file ${i}\nexport const body${i} = {\n  model: "m${i}",\n  parallel_tool_calls: false, // serial\n}\n`,
  (i: number) => `export function f${i}(req: Req) {\r\n\tif (req.tools) {\r\n\t\treq.disable_parallel_tool_use = true\r\n\t}\r\n}\r\n`,
  (i: number) => `\uFEFFexport const parallelToolCallsEnabled${i} = false\nexport const x${i} = { mode: "auto", parallelToolCalls: false }`,
  (i: number) => `export const plain${i} = ${i} // nothing to do here\n`,
  (i: number) => `export function g${i}(allowParallelToolCalls: boolean = false) {\n  return allowParallelToolCalls\n}\n`,
  (i: number) => `export const dynamic${i} = (m: M) => ({ parallel_tool_calls: m.parallel ?? false })\n`,
];

interface Tree {
  dir: string;
  files: string[];
  original: Map<string, string>;
  applied: Map<string, string>;
}

function generate(count: number, dir = tempDir("tp-kill-")): Tree {
  const src = path.join(dir, "src");
  fs.mkdirSync(src, { recursive: true });
  const original = new Map<string, string>();
  const applied = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const rel = `src/f${i}.ts`;
    const text = TEMPLATES[i % TEMPLATES.length]!(i);
    fs.writeFileSync(path.join(dir, rel), text);
    original.set(rel, text);
    applied.set(rel, processText(rel, text, "apply", options)!.after);
    files.push(rel);
  }
  return { dir, files, original, applied };
}

/** Counts files by state; fails on any file that is neither its original nor its applied bytes. */
function states(tree: Tree, note: string): { original: number; applied: number } {
  const n = { original: 0, applied: 0 };
  for (const rel of tree.files) {
    const now = fs.readFileSync(path.join(tree.dir, rel), "utf8");
    const o = tree.original.get(rel)!;
    const a = tree.applied.get(rel)!;
    if (now === o) n.original++;
    else if (now === a) n.applied++;
    else expect.fail(`${note}: ${rel} is neither original nor applied (${now.length} chars)`);
  }
  return n;
}

/** mulberry32: a seeded generator, so a failing run can be repeated with SIGKILL_SEED. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  killed: boolean;
  /** ms from spawn to the first file event in src/ (the write phase starting), if one came. */
  firstWrite?: number;
  ms: number;
}

/**
 * Runs the CLI, and kills it with SIGKILL `delay(firstWriteSeen)` ms after spawn or after the first write: a kill
 * timed from the first file event lands in the middle of the writes.
 */
function runAndKill(tree: Tree, args: string[], kill?: { after: "spawn" | "first-write"; ms: number }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: tree.dir, stdio: "ignore" });
    let firstWrite: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const killNow = () => child.kill("SIGKILL");
    const watcher = fs.watch(path.join(tree.dir, "src"), () => {
      if (firstWrite !== undefined) return;
      firstWrite = Date.now() - started;
      if (kill?.after === "first-write") timer = setTimeout(killNow, kill.ms);
    });
    if (kill?.after === "spawn") timer = setTimeout(killNow, kill.ms);
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ killed: signal === "SIGKILL", firstWrite, ms: Date.now() - started });
    });
  });
}

interface Interrupted {
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the CLI and sends `signal` `ms` after spawn or after the first file event (the write phase starting). */
function runAndInterrupt(tree: Tree, args: string[], signal: NodeJS.Signals, at: { after: "spawn" | "first-write"; ms: number }): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tree.dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timer: NodeJS.Timeout | undefined;
    let seen = false;
    const send = () => child.kill(signal);
    const watcher = fs.watch(path.join(tree.dir, "src"), () => {
      if (seen) return;
      seen = true;
      if (at.after === "first-write") timer = setTimeout(send, at.ms);
    });
    if (at.after === "spawn") timer = setTimeout(send, at.ms);
    child.on("error", reject);
    child.on("close", (code, received) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ signal: received, code, stderr });
    });
  });
}

describe("SIGINT and SIGTERM at random moments", () => {
  it("a run they stop has written all of its files or none, and leaves no temp file", async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const tree = generate(3000);
    const withSites = tree.files.filter((f) => tree.original.get(f) !== tree.applied.get(f)).length;
    const full = await runAndKill(tree, ["apply"]);
    expect(cli(tree.dir, "revert").code).toBe(0);
    const writeStart = full.firstWrite ?? full.ms * 0.7;
    const writeSpan = Math.max(20, full.ms - writeStart);
    let duringWrites = 0;
    const log: string[] = [];
    for (let round = 0; round < 6; round++) {
      const signal: NodeJS.Signals = round % 2 === 0 ? "SIGINT" : "SIGTERM";
      const at = round < 2 ? { after: "spawn" as const, ms: rand() * writeStart } : { after: "first-write" as const, ms: rand() * writeSpan };
      const note = `seed ${seed}, round ${round}: ${signal} ${at.after}+${at.ms.toFixed(0)}ms`;
      const r = await runAndInterrupt(tree, ["apply"], signal, at);
      const after = states(tree, note);
      log.push(`${note} -> exit ${r.code ?? r.signal}, ${after.applied} applied`);
      expect(leftoverTemps(tree.dir), note).toEqual([]);
      expect([0, withSites], note).toContain(after.applied);
      if (r.code === 130 || r.code === 143) {
        // Held during the writes: all of them were done, and the run said so.
        duringWrites++;
        expect(r.code, note).toBe(signal === "SIGINT" ? 130 : 143);
        expect(after.applied, note).toBe(withSites);
        expect(r.stderr, note).toMatch(new RegExp(`interrupted \\(${signal}\\) while writing: the run's writes were finished first; undo with toggle-parallel revert`));
      }
      if (after.applied) expect(cli(tree.dir, "revert").code, note).toBe(0);
    }
    // The test means something only if a signal came while files were being written.
    expect(duringWrites, log.join("\n")).toBeGreaterThan(0);
    fs.rmSync(tree.dir, { recursive: true, force: true });
  }, 60_000);
});

describe("SIGKILL at random moments", () => {
  it("apply and revert killed again and again on 3,000 files: only whole files, and revert restores every byte", async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const tree = generate(3000);
    const withSites = tree.files.filter((f) => tree.original.get(f) !== tree.applied.get(f)).length;
    expect(withSites).toBeGreaterThan(1500);

    // Calibrate: how long the run takes, and how long its write phase lasts, on this machine.
    const full = await runAndKill(tree, ["apply"]);
    expect(states(tree, "calibration")).toEqual({ original: tree.files.length - withSites, applied: withSites });
    const writeStart = full.firstWrite ?? full.ms * 0.7;
    const writeSpan = Math.max(20, full.ms - writeStart);
    expect(cli(tree.dir, "revert").code).toBe(0);
    expect(states(tree, "after the calibration revert").applied).toBe(0);

    const log: string[] = [];
    let midWrite = 0;
    for (let round = 0; round < 6; round++) {
      const note = `seed ${seed}, round ${round}`;
      // Half the kills land anywhere in the run; half in the write phase, timed from the first file event.
      const kill = round % 2 === 0 ? { after: "spawn" as const, ms: rand() * full.ms } : { after: "first-write" as const, ms: rand() * writeSpan };
      const outcome = await runAndKill(tree, ["apply"], kill);
      const after = states(tree, note);
      // A kill between a write and its rename leaves that temp file; the next apply or revert removes it.
      const temps = leftoverTemps(tree.dir);
      expect(temps.length, note).toBeLessThanOrEqual(1);
      if (outcome.killed && after.applied > 0 && after.applied < withSites) midWrite++;
      log.push(`${note}: kill ${kill.after}+${kill.ms.toFixed(0)}ms -> ${outcome.killed ? "killed" : "finished"}, ${after.applied} applied, ${temps.length} temp`);

      // Every other round the next apply starts from the state the kill left (resuming); otherwise a revert, itself
      // killed once, then run to the end, must restore every file exactly.
      if (round % 2 === 0) continue;
      if (after.applied > 0 && round === 1) {
        const r = await runAndKill(tree, ["revert"], { after: "first-write", ms: rand() * writeSpan });
        const mid = states(tree, `${note}, revert killed`);
        expect(leftoverTemps(tree.dir).length, note).toBeLessThanOrEqual(1);
        log.push(`${note}: revert ${r.killed ? "killed" : "finished"} with ${mid.applied} still applied`);
      }
      const revert = cli(tree.dir, "revert");
      expect(revert.code, `${note}: ${revert.stderr}`).toBe(0);
      expect(states(tree, `${note}, after revert`), note).toEqual({ original: tree.files.length, applied: 0 });
      expect(leftoverTemps(tree.dir), note).toEqual([]);
    }
    if (process.env.SIGKILL_VERBOSE) console.info(log.join("\n"));
    // The test means something only if some kills landed while files were being written.
    expect(midWrite, log.join("\n")).toBeGreaterThan(0);
    fs.rmSync(tree.dir, { recursive: true, force: true });
  }, 60_000);

  it("in a git repository, revert after a killed apply accepts the tool's own changes and leaves git status clean", async () => {
    const dir = tempDir("tp-kill-git-");
    const tree = generate(400, dir);
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
    const full = await runAndKill(tree, ["apply"]);
    expect(cli(dir, "revert").code).toBe(0);
    const span = Math.max(10, full.ms - (full.firstWrite ?? full.ms * 0.7));
    let partial = false;
    for (let attempt = 0; attempt < 5 && !partial; attempt++) {
      await runAndKill(tree, ["apply"], { after: "first-write", ms: (attempt + 1) * (span / 6) });
      const s = states(tree, `git attempt ${attempt}`);
      partial = s.applied > 0;
      // A temp file the kill left is untracked: revert removes it, or git status would not be clean.
      const revert = cli(dir, "revert");
      expect(revert.code, revert.stderr).toBe(0);
      expect(git(dir, "status", "--porcelain")).toBe("");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
