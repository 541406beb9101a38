// The write step of apply and revert: the accepted edits, written together (write.ts), or none after a failure.
import type { Problem, RunResult } from "../result";
import { count } from "../render/plural";
import { outsideRoot } from "./boundary";
import type { PendingEdit } from "./read";
import type { Mode } from "./process";
import { writeAll, type WriteFs, type WriteReport } from "./write";

/**
 * Runs the writes (synchronous) and says whether a signal came meanwhile. The CLI holds SIGINT, SIGTERM and SIGHUP
 * through it (cli/signals.ts), so that a Ctrl-C waits for the last write; a library call runs the writes as they are.
 */
export type WriteGuard = <T>(work: () => T) => Promise<{ value: T; signal?: NodeJS.Signals }>;

const unguarded: WriteGuard = async (work) => ({ value: work() });

export interface CommitOptions {
  mode: Mode;
  shown: (abs: string) => string;
  fs?: WriteFs;
  guard?: WriteGuard;
  /** false skips the fsyncs (RunOptions.fsync). */
  fsync?: boolean;
}

/** Writes the accepted edits into `result` (written, restored, failure, problems); a failure takes back the changes. */
export async function commit(
  accepted: readonly PendingEdit[],
  result: RunResult,
  options: CommitOptions,
): Promise<void> {
  const { mode, shown } = options;
  // Asked again, uncached, right before the writes: a folder swapped for a link since the read is caught here.
  const left = new Set<string>();
  const inside = accepted.filter(({ file }) => {
    const outside = outsideRoot(file);
    if (outside) {
      result.problems.push({ file: shown(file.abs), message: outside });
      left.add(shown(file.abs));
    }
    return !outside;
  });
  if (left.size) result.changes = result.changes.filter((c) => !left.has(c.file));
  const edits = inside.map(({ file, bytes, outcome }) => ({
    abs: file.abs,
    before: bytes,
    after: Buffer.from(outcome.after, "utf8"),
  }));
  const { value: report, signal } = await (options.guard ?? unguarded)(() =>
    writeAll(edits, options.fs, { fsync: options.fsync }),
  );
  if (signal) result.interrupted = signal;
  result.written = report.written.map(shown);
  result.restored = report.restored.map(shown);
  if (report.failure) {
    result.failure = {
      file: shown(report.failure.file),
      message: report.failure.message,
      notRestored: report.notRestored.map((n) => shown(n.file)),
    };
    for (const problem of failureProblems(report, mode, shown)) result.problems.push(problem);
    result.changes = [];
  }
}

function failureProblems(report: WriteReport, mode: Mode, shown: (abs: string) => string): Problem[] {
  const failure = report.failure!;
  const restored = report.restored.length
    ? `; put back ${count(report.restored.length, "file")} already written in this run`
    : "";
  const problems: Problem[] = [{ file: shown(failure.file), message: `write failed: ${failure.message}${restored}` }];
  for (const n of report.notRestored) {
    const state =
      mode === "apply" ? "it stays switched on; run revert on it" : "it stays reverted; run revert again for the rest";
    problems.push({ file: shown(n.file), message: `could not put back after the failure (${n.message}); ${state}` });
  }
  return problems;
}
