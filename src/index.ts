// The programmatic API: discover -> read and prefilter -> analyze, classify, plan (process.ts) -> check git -> write.
// I/O happens here and in write.ts; the CLI only parses arguments and renders what this returns.
import fs from "node:fs";
import path from "node:path";
import { mayHoldFlag } from "./catalog";
import { isTestPath } from "./classify";
import { discover, type SourceFile } from "./discover";
import { committedBytes, dirtyPaths } from "./git";
import { languageFor } from "./languages";
import { DEFAULT_TAG, tagProblem } from "./marker";
import { mayDropCalls, mayDropCallsBytes } from "./audit/patterns";
import type { Finding, Site } from "./model";
import { processText, type FileOutcome, type Mode } from "./process";
import { writeAll, type WriteFs } from "./write";

export { BadPathError } from "./discover";
export { DEFAULT_TAG } from "./marker";
export type { Finding, Site } from "./model";
export { processText } from "./process";

export interface RunOptions {
  cwd?: string;
  tag?: string;
  includeTests?: boolean;
  includeDefaults?: boolean;
  /** Edit files that have uncommitted git changes. */
  allowDirty?: boolean;
  /** revert: remove a marker whose site was changed by hand, leaving the value. */
  force?: boolean;
  /** apply/revert: plan and report, but write nothing (dry run, patch export). */
  write?: boolean;
  /** The file operations writes use (tests inject faults through it). */
  fs?: WriteFs;
  /** scan: also look for code that keeps only the first tool call (audit findings). */
  audit?: boolean;
}

export interface Problem {
  /** Path as shown to the user (relative to the current directory). */
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** A marker that stays in the file (see PlanNote). */
  orphanMarker?: boolean;
}

export interface Change {
  file: string;
  /** Path relative to its git repository (or the current directory outside git), for patch headers. */
  patchPath: string;
  before: string;
  after: string;
  sites: Site[];
}

export interface RunResult {
  mode: Mode;
  tag: string;
  /** Every site found in candidate files, in path order. */
  sites: Site[];
  /** Audit findings (scan with the audit option). */
  findings: Finding[];
  changes: Change[];
  /** Each of these makes the run exit 1: skipped files, refusals, markers left alone, write failures. */
  problems: Problem[];
  written: string[];
  restored: string[];
  /** Set when a write failed: the run stopped there and put back what it had written (see restored). */
  failure?: { file: string; message: string; notRestored: string[] };
  stats: { listed: number; candidates: number; parsed: number; notFollowed: number; ms: number };
}

export class UsageError extends Error {}

export async function run(mode: Mode, paths: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const tag = options.tag ?? DEFAULT_TAG;
  const bad = tagProblem(tag);
  if (bad) throw new UsageError(bad);
  const processOptions = {
    tag,
    includeTests: options.includeTests ?? false,
    includeDefaults: options.includeDefaults ?? false,
    force: options.force ?? false,
    audit: mode === "scan" && (options.audit ?? false),
  };
  const found = discover(paths.length ? paths : ["."], cwd);
  const result: RunResult = {
    mode,
    tag,
    sites: [],
    findings: [],
    changes: [],
    problems: [],
    written: [],
    restored: [],
    stats: { listed: found.files.length, candidates: 0, parsed: 0, notFollowed: found.notFollowed, ms: 0 },
  };
  const shown = (abs: string) => toPosix(path.relative(cwd, abs)) || path.basename(abs);
  const pending: Array<{ file: SourceFile; bytes: Buffer; outcome: FileOutcome }> = [];
  const tagBytes = Buffer.from(tag);
  const prepared = new Set<string>();

  for (const file of found.files) {
    const display = shown(file.abs);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.abs);
    } catch (error) {
      result.problems.push({ file: display, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    // The prefilter works on bytes: most files never become strings.
    // Audit findings in test files are not reported (process.ts), so those files are not parsed for them either.
    const auditCandidate = processOptions.audit && (processOptions.includeTests || !isTestPath(file.repoPath)) && mayDropCallsBytes(bytes);
    const candidate = mode === "revert" ? bytes.includes(tagBytes) || mayHoldBytes(bytes) : mayHoldBytes(bytes) || auditCandidate;
    if (!candidate) continue;
    result.stats.candidates++;
    if (bytes.includes(0)) {
      result.problems.push({ file: display, message: "binary file (holds NUL bytes); skipped" });
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      result.problems.push({ file: display, message: "not valid UTF-8; skipped" });
      continue;
    }
    if (mode !== "revert" && !mayHoldFlag(text) && !(auditCandidate && mayDropCalls(text))) continue;
    const language = languageFor(file.abs);
    if (!language) {
      result.problems.push({ file: display, message: "not a TypeScript, JavaScript or Python file; skipped" });
      continue;
    }
    if (language.prepare && !prepared.has(language.id)) {
      await language.prepare();
      prepared.add(language.id);
    }
    result.stats.parsed++;
    let outcome: FileOutcome;
    try {
      outcome = relabel(processText(file.repoPath, text, mode, processOptions)!, display);
    } catch (error) {
      // One file must not end the run: nothing is written before every file has been processed.
      result.problems.push({ file: display, message: `${failedToProcess(error)}; skipped` });
      continue;
    }
    result.sites.push(...outcome.sites);
    result.findings.push(...outcome.findings);
    if (outcome.skipped) {
      const { line, column, message, why, partial } = outcome.skipped;
      const tail = partial ? "; the rest of the file is reported, but apply and revert skip it" : "; skipped";
      result.problems.push({ file: display, line, column, message: `${why}: ${message}${tail}` });
      continue;
    }
    for (const note of outcome.plan.notes) result.problems.push({ file: display, ...note });
    if (outcome.after !== text) pending.push({ file, bytes, outcome });
  }

  const write = options.write ?? true;
  const accepted = write ? refuseUnsafe(pending, mode, options.allowDirty ?? false, shown, result.problems) : pending;
  for (const { file, bytes, outcome } of accepted) {
    result.changes.push({
      file: shown(file.abs),
      patchPath: file.gitTop ? file.repoPath : toPosix(path.relative(cwd, file.abs)),
      before: utf8.decode(bytes),
      after: outcome.after,
      sites: outcome.plan.changed,
    });
  }
  if (write && accepted.length > 0) {
    const report = writeAll(
      accepted.map(({ file, bytes, outcome }) => ({ abs: file.abs, before: bytes, after: Buffer.from(outcome.after, "utf8") })),
      options.fs,
    );
    result.written = report.written.map(shown);
    result.restored = report.restored.map(shown);
    if (report.failure) {
      result.failure = { file: shown(report.failure.file), message: report.failure.message, notRestored: report.notRestored.map((n) => shown(n.file)) };
      const restored = report.restored.length ? `; put back ${report.restored.length} file(s) already written in this run` : "";
      result.problems.push({ file: shown(report.failure.file), message: `write failed: ${report.failure.message}${restored}` });
      for (const n of report.notRestored) {
        const state = mode === "apply" ? "it stays switched on; run revert on it" : "it stays reverted; run revert again for the rest";
        result.problems.push({ file: shown(n.file), message: `could not put back after the failure (${n.message}); ${state}` });
      }
      result.changes = [];
    }
  }
  result.stats.ms = Date.now() - started;
  return result;
}

/** processText names files by their repository path (test files are judged by it); the user reads them by display path. */
function relabel(outcome: FileOutcome, file: string): FileOutcome {
  return {
    ...outcome,
    sites: outcome.sites.map((s) => ({ ...s, file })),
    findings: outcome.findings.map((f) => ({ ...f, file })),
    plan: { ...outcome.plan, changed: outcome.plan.changed.map((s) => ({ ...s, file })) },
  };
}

/** The parser recurses: a file nested deeper than the stack allows (10,000 brackets) is skipped, not a crash. */
function failedToProcess(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "nested too deeply to parse (the parser ran out of stack)";
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function mayHoldBytes(bytes: Buffer): boolean {
  return bytes.includes("arallel") || bytes.includes("ARALLEL");
}

function writableByUs(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Read-only files and files with someone else's uncommitted changes are not edited. */
function refuseUnsafe<T extends { file: SourceFile; bytes: Buffer; outcome: FileOutcome }>(
  pending: readonly T[],
  mode: Mode,
  allowDirty: boolean,
  shown: (abs: string) => string,
  problems: Problem[],
): T[] {
  const writable = pending.filter(({ file }) => {
    // The mode bits for everyone (root may write anything), and access(2) for this user: a rename would replace a
    // file this user may not write if its folder is writable.
    if ((fs.statSync(file.abs).mode & 0o222) !== 0 && writableByUs(file.abs)) return true;
    problems.push({ file: shown(file.abs), message: "read-only file; not changed (make it writable to edit it)" });
    return false;
  });
  if (allowDirty) return writable;
  const byRepo = new Map<string, T[]>();
  for (const p of writable) if (p.file.gitTop) byRepo.set(p.file.gitTop, [...(byRepo.get(p.file.gitTop) ?? []), p]);
  const refused = new Set<T>();
  for (const [top, list] of byRepo) {
    const dirty = dirtyPaths(top, list.map((p) => p.file.repoPath));
    for (const p of list) {
      if (!dirty.has(p.file.repoPath)) continue;
      // Right after apply the only changes are ours: revert may undo them when that gives back HEAD exactly.
      if (mode === "revert" && committedBytes(top, p.file.repoPath)?.equals(Buffer.from(p.outcome.after, "utf8"))) continue;
      refused.add(p);
      problems.push({ file: shown(p.file.abs), message: "has uncommitted changes; not edited (commit or stash them, or pass --allow-dirty)" });
    }
  }
  return writable.filter((p) => !refused.has(p));
}
