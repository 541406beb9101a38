// Runs the built CLI as a child process in temporary directories, as a user (or CI) would.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export const BIN = path.join(__dirname, "..", "..", "bin", "toggle-parallel.js");

export interface CliResult {
  code: number;
  stdout: string;
  /** stderr without the run's closing summary line (see stats). */
  stderr: string;
  /** The closing summary every run prints last on stderr: `toggle-parallel apply: N files listed, ...`. */
  stats?: string;
}

const STATS_LINE = /(?:^|\n)(toggle-parallel [a-z]+: \d+ files? listed[^\n]*)\n$/;

/**
 * Node 20 can deadlock as a process exits, after its work and output are done (nodejs/node#54918: a concurrent
 * optimizing-compile job waits for a garbage collection the exiting main thread never runs; seen once in this suite on a
 * busy machine). The runs here compile on the main thread, which that deadlock needs a background compile to happen; the
 * flag changes when code is optimized, never what it does. docs/safety.md, Limits, says what a user can do.
 */
export const NODE_ARGS = ["--no-concurrent-recompilation"];

export function cli(cwd: string, ...args: string[]): CliResult {
  return cliWith({}, cwd, ...args);
}

/** cli, with more environment variables. */
export function cliWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
  });
  const stats = STATS_LINE.exec(r.stderr);
  if (!stats) return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  const stderr = r.stderr.slice(0, stats.index) + (stats.index > 0 ? "\n" : "");
  return { code: r.status ?? -1, stdout: r.stdout, stderr, stats: stats[1] };
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

const made: string[] = [];
// Registered by each test file that imports this module: its temporary trees go when the file is done.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = "tp-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A temporary git repository holding the given files, all committed. */
export function gitRepo(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  writeTree(dir, files);
  git(dir, "init", "-q");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
  return dir;
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Every file under dir (but .git) with its bytes, to compare whole trees. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}
