// The trial (cli/trial.ts): apply, run the command, and always put every file back byte for byte — after
// the command succeeds, after it fails, and after Ctrl-C or kill (forwarded to the command, which is waited for).
// Only a clean apply (one `apply` would exit 0 for) lets the command run: a trial on a half-switched tree would
// measure the wrong thing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Change, RunOptions, RunResult } from "../index";
import { DEFAULT_TAG } from "../marker";
import { escapeText } from "../render/escape";
import { count } from "../render/plural";
import { renderChange } from "../render/report";
import { ConcurrentChangeError, syncFolder, writeAtomically } from "../pipeline/write";

export interface TrialIo {
  err: (text: string) => void;
  cwd: string;
}

type Runner = (mode: "apply" | "revert", paths: readonly string[], options: RunOptions) => Promise<RunResult>;

const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

const signalStatus = (signal: NodeJS.Signals) => 128 + (os.constants.signals[signal] ?? 2);

/**
 * Runs the trial. Signals are caught for its whole length (a listener keeps Node from dying): before the command they
 * end the trial once apply is done (and reverted), during it they go to the command, and while the files are put
 * back they are only noted, so a second Ctrl-C never leaves a file switched on.
 */
export async function runTrial(
  paths: readonly string[],
  options: RunOptions,
  command: readonly string[],
  io: TrialIo,
  run: Runner,
): Promise<number> {
  let signal: NodeJS.Signals | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  const onSignal = (received: NodeJS.Signals) => {
    signal ??= received;
    // To the command, once per signal name: it ends the run its own way; the files are put back after it exits.
    if (child && child.exitCode === null && child.signalCode === null) child.kill(received);
  };
  for (const s of FORWARDED) process.on(s, onSignal);
  try {
    const applied = await run("apply", paths, { ...options, write: true });
    for (const notice of applied.notices) io.err(`${escapeText(notice)}\n`);
    for (const p of applied.problems)
      io.err(`${escapeText(p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file)}: ${escapeText(p.message)}\n`);
    const changes = applied.failure ? [] : applied.changes;
    const sites = changes.reduce((n, c) => n + c.sites.length, 0);

    if (applied.problems.length || applied.interrupted || signal) {
      const why = applied.problems.length
        ? "apply did not switch every site cleanly (see above)"
        : `interrupted (${applied.interrupted ?? signal})`;
      io.err(`trial: ${why}; the command was not run\n`);
      const left = restore(changes, options, io);
      if (left) return 1;
      if (changes.length)
        io.err(`trial: put back the ${count(changes.length, "file")} apply had written, byte for byte\n`);
      const stop = applied.interrupted ?? signal;
      return stop ? signalStatus(stop) : 1;
    }

    io.err(
      sites
        ? `trial: ${count(sites, "site")} switched on in ${count(changes.length, "file")}; running: ${escapeText(command.join(" "))}\n`
        : `trial: nothing to switch on; running the command on the tree as it is: ${escapeText(command.join(" "))}\n`,
    );
    const status = await new Promise<number>((resolve) => {
      // No shell: the words are the command and its arguments (pass `sh -c '...'` for a shell).
      const started = spawn(command[0]!, command.slice(1), { cwd: io.cwd, stdio: "inherit" });
      child = started;
      started.on("error", (error) => {
        io.err(`trial: cannot run ${escapeText(command[0]!)}: ${escapeText(error.message)}\n`);
        resolve(127);
      });
      started.on("exit", (code, killedBy) => resolve(code ?? signalStatus(killedBy ?? "SIGTERM")));
    });
    child = undefined;

    if (sites) {
      io.err("trial: switched on during the run:\n");
      for (const c of changes) for (const site of c.sites) io.err(`  ${renderChange(site, "apply")}\n`);
    }
    const left = restore(changes, options, io);
    if (left) return 1;
    if (sites)
      io.err(
        `trial: reverted; ${count(changes.length, "file")} back to ${changes.length === 1 ? "its" : "their"} original bytes\n`,
      );
    const outcome = signal ? `interrupted (${signal})` : `the command exited with status ${status}`;
    io.err(`trial: ${outcome}\n`);
    return signal ? signalStatus(signal) : status;
  } finally {
    for (const s of FORWARDED) process.off(s, onSignal);
  }
}

/**
 * Puts each file apply wrote back to its bytes from before the trial, one atomic write each (a failure on one does not
 * stop the others). A file the command changed is not overwritten (its edits may be wanted): it is named, loudly,
 * with the revert that removes the trial's markers and keeps the rest. Returns how many files were not put back.
 */
function restore(changes: readonly Change[], options: RunOptions, io: TrialIo): number {
  let left = 0;
  for (const c of changes) {
    const abs = path.resolve(io.cwd, c.file);
    try {
      writeAtomically(abs, Buffer.from(c.after, "utf8"), Buffer.from(c.before, "utf8"), undefined, options);
      try {
        syncFolder(path.dirname(abs), undefined, options);
      } catch {
        // The file holds its original bytes; only the rename's durability is in doubt, as after any write on such a system.
      }
    } catch (error) {
      const changed =
        error instanceof ConcurrentChangeError ||
        (fs.existsSync(abs) && !fs.readFileSync(abs).equals(Buffer.from(c.after, "utf8")));
      const why = changed ? "the command changed it during the trial" : (error as Error).message;
      left++;
      io.err(
        `trial: NOT REVERTED: ${escapeText(c.file)} (${escapeText(why)}); it still holds the trial's switched-on sites: run toggle-parallel revert${options.tag && options.tag !== DEFAULT_TAG ? ` --marker ${options.tag}` : ""} ${escapeText(c.file)}\n`,
      );
    }
  }
  if (left) io.err(`trial: ${count(left, "file")} left switched on (named above)\n`);
  return left;
}
