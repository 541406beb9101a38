// SIGKILL at random moments: the built CLI's apply (and revert) on a generated tree of about a thousand files, killed
// again and again. After each kill every file holds either its original bytes or its fully applied bytes, and a
// revert brings every file back exactly. Writes are temp file + rename, so a kill can leave at most one temp file
// beside its target, never a half-written source file.
// SIGINT and SIGTERM (Ctrl-C, kill) do better: they are held while the files are written, so a run they stop has
// written all of its files or none, and leaves no temp file.
//
// The moments are chosen by events, not by clocks: a signal "during the writes" is sent at the Nth file event the
// run causes in src/ (its temp files and renames), so a busy machine only slows the run down, it does not move the
// signal out of the write phase; rounds repeat, up to a bound, until the case that matters was seen.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { processText } from "../../src/pipeline/process";
import { BIN, cli, git, tempDir, NODE_ARGS } from "../helpers/cli";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
// Kills, not power losses, are tested here: the fsyncs (test/safety/write.test.ts › durability) would only slow the
// thousands of writes down.
process.env.TOGGLE_PARALLEL_FSYNC = "0";

// Shapes with and without sites, LF, CRLF, a BOM, no final newline; about two thirds of the files have a site.
const TEMPLATES = [
  (i: number) =>
    `// file ${i}\nexport const body${i} = {\n  model: "m${i}",\n  parallel_tool_calls: false, // serial\n}\n`,
  (i: number) =>
    `export function f${i}(req: Req) {\r\n\tif (req.tools) {\r\n\t\treq.disable_parallel_tool_use = true\r\n\t}\r\n}\r\n`,
  (i: number) =>
    `\uFEFFexport const parallelToolCallsEnabled${i} = false\nexport const x${i} = { mode: "auto", parallelToolCalls: false }`,
  (i: number) => `export const plain${i} = ${i} // nothing to do here\n`,
  (i: number) =>
    `export function g${i}(allowParallelToolCalls: boolean = false) {\n  return allowParallelToolCalls\n}\n`,
  (i: number) => `export const dynamic${i} = (m: M) => ({ parallel_tool_calls: m.parallel ?? false })\n`,
];

interface Tree {
  dir: string;
  files: string[];
  original: Map<string, string>;
  applied: Map<string, string>;
}

/** Our temp files, matched loosely (any name holding toggle-parallel and ending in .tmp): their format may change. */
function leftoverTemps(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const p = path.join(d, entry.name);
      if (entry.name.includes("toggle-parallel") && entry.name.endsWith(".tmp")) found.push(p);
      else if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
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

/** When to send a signal: right as the process starts, `ms` after it started (before or after its writes began:
 * either outcome is checked), or at the Nth file event in src/ (inside the write phase). */
type Moment = { at: "spawn" } | { at: "delay"; ms: number } | { at: "event"; n: number };

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** File events seen in src/ before the process exited. */
  events: number;
  /** The signal was sent before the process exited. */
  sent: boolean;
}

/** Runs the CLI and sends `signal` at `moment` (if the run is still going); resolves when it has exited. */
function runAndSignal(tree: Tree, args: string[], signal?: NodeJS.Signals, moment?: Moment): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS, BIN, ...args], {
      cwd: tree.dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let events = 0;
    let sent = false;
    let exited = false;
    let timer: NodeJS.Timeout | undefined;
    const send = () => {
      if (exited || sent || !signal) return;
      sent = true;
      child.kill(signal);
    };
    const watcher = fs.watch(path.join(tree.dir, "src"), () => {
      events++;
      if (moment?.at === "event" && events >= moment.n) send();
    });
    child.on("spawn", () => {
      if (moment?.at === "spawn") send();
      else if (moment?.at === "delay") timer = setTimeout(send, moment.ms);
    });
    child.on("error", reject);
    child.on("close", (code, received) => {
      exited = true;
      clearTimeout(timer);
      watcher.close();
      resolve({ code, signal: received, stderr, events, sent });
    });
  });
}

// A thousand files: about 670 of them written per apply, a write phase long enough that a signal sent at one of its
// first file events lands inside it; more files would only make each round slower.
const FILES = 1000;

describe("SIGINT and SIGTERM at random moments", () => {
  it("a run they stop has written all of its files or none, and leaves no temp file", async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const tree = generate(FILES);
    const withSites = tree.files.filter((f) => tree.original.get(f) !== tree.applied.get(f)).length;
    let duringWrites = 0;
    let none = 0;
    const log: string[] = [];
    // Moments in turn: at spawn, after a random delay, at a random early file event. Rounds go on until a signal was
    // held during the writes and one stopped a run before them (at most 12 rounds: each one ends with its process).
    for (let round = 0; round < 12 && (round < 3 || duringWrites === 0 || none === 0); round++) {
      const signal: NodeJS.Signals = round % 2 === 0 ? "SIGINT" : "SIGTERM";
      const moment: Moment =
        round % 3 === 0
          ? { at: "spawn" }
          : round % 3 === 1
            ? { at: "delay", ms: Math.floor(rand() * 400) }
            : { at: "event", n: 1 + Math.floor(rand() * 30) };
      const note = `seed ${seed}, round ${round}: ${signal} at ${JSON.stringify(moment)}`;
      const r = await runAndSignal(tree, ["apply"], signal, moment);
      const after = states(tree, note);
      log.push(`${note} -> exit ${r.code ?? r.signal}, ${r.events} file events, ${after.applied} applied`);
      expect(leftoverTemps(tree.dir), note).toEqual([]);
      expect([0, withSites], note).toContain(after.applied);
      if (r.code === 130 || r.code === 143) {
        // Held during the writes: all of them were done, and the run said so.
        duringWrites++;
        expect(r.code, note).toBe(signal === "SIGINT" ? 130 : 143);
        expect(after.applied, note).toBe(withSites);
        expect(r.stderr, note).toMatch(
          new RegExp(
            `interrupted \\(${signal}\\) while writing: the run's writes were finished first; undo with toggle-parallel revert`,
          ),
        );
      } else if (r.signal === signal) {
        // Stopped before its writes began: nothing written.
        none++;
        expect(after.applied, note).toBe(0);
      }
      if (after.applied) expect(cli(tree.dir, "revert").code, note).toBe(0);
    }
    // The test means something only if a signal came while files were being written, and one before.
    expect(duringWrites, log.join("\n")).toBeGreaterThan(0);
    expect(none, log.join("\n")).toBeGreaterThan(0);
    fs.rmSync(tree.dir, { recursive: true, force: true });
  }, 240_000);
});

describe("SIGKILL at random moments", () => {
  it("apply and revert killed again and again on 1,000 files: only whole files, and revert restores every byte", async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const tree = generate(FILES);
    const withSites = tree.files.filter((f) => tree.original.get(f) !== tree.applied.get(f)).length;
    expect(withSites).toBeGreaterThan(FILES / 2);

    const log: string[] = [];
    let midWrite = 0;
    let revertKilled = false;
    // Rounds go on until a kill left a tree half applied and a revert was killed too (at most 12 rounds).
    for (let round = 0; round < 12 && (round < 4 || midWrite === 0 || !revertKilled); round++) {
      const note = `seed ${seed}, round ${round}`;
      // Most kills land in the write phase, at a random one of its early file events; every fourth anywhere.
      const moment: Moment =
        round % 4 === 3
          ? { at: "delay", ms: Math.floor(rand() * 1000) }
          : { at: "event", n: 1 + Math.floor(rand() * 60) };
      const outcome = await runAndSignal(tree, ["apply"], "SIGKILL", moment);
      const after = states(tree, note);
      // A kill between a write and its rename leaves that temp file; the next apply or revert removes it.
      const temps = leftoverTemps(tree.dir);
      expect(temps.length, note).toBeLessThanOrEqual(1);
      const killed = outcome.signal === "SIGKILL";
      if (killed && after.applied > 0 && after.applied < withSites) midWrite++;
      log.push(
        `${note}: kill at ${JSON.stringify(moment)} -> ${killed ? "killed" : "finished"}, ${after.applied} applied, ${temps.length} temp`,
      );

      // Every other round the next apply starts from the state the kill left (resuming); otherwise a revert, itself
      // killed once (in its write phase), then run to the end, must restore every file exactly.
      if (round % 2 === 0) continue;
      if (after.applied > 0 && !revertKilled) {
        const r = await runAndSignal(tree, ["revert"], "SIGKILL", { at: "event", n: 1 + Math.floor(rand() * 30) });
        const mid = states(tree, `${note}, revert killed`);
        expect(leftoverTemps(tree.dir).length, note).toBeLessThanOrEqual(1);
        revertKilled = r.signal === "SIGKILL";
        log.push(`${note}: revert ${revertKilled ? "killed" : "finished"} with ${mid.applied} still applied`);
      }
      const revert = cli(tree.dir, "revert");
      expect(revert.code, `${note}: ${revert.stderr}`).toBe(0);
      expect(states(tree, `${note}, after revert`), note).toEqual({ original: tree.files.length, applied: 0 });
      expect(leftoverTemps(tree.dir), note).toEqual([]);
    }
    if (process.env.SIGKILL_VERBOSE) console.info(log.join("\n"));
    // The test means something only if some kills landed while files were being written.
    expect(midWrite, log.join("\n")).toBeGreaterThan(0);
    expect(revertKilled, log.join("\n")).toBe(true);
    fs.rmSync(tree.dir, { recursive: true, force: true });
  }, 240_000);

  it("in a git repository, revert after a killed apply accepts the tool's own changes and leaves git status clean", async () => {
    const dir = tempDir("tp-kill-git-");
    const tree = generate(400, dir);
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
    let partial = false;
    for (let attempt = 0; attempt < 5 && !partial; attempt++) {
      await runAndSignal(tree, ["apply"], "SIGKILL", { at: "event", n: 1 + attempt * 10 });
      const s = states(tree, `git attempt ${attempt}`);
      partial = s.applied > 0;
      // A temp file the kill left is untracked: revert removes it, or git status would not be clean.
      const revert = cli(dir, "revert");
      expect(revert.code, revert.stderr).toBe(0);
      expect(git(dir, "status", "--porcelain")).toBe("");
    }
    expect(partial).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
