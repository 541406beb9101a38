// The programmatic API: discover -> read and prefilter -> analyze, classify, plan (process.ts) -> check git -> write.
// Each stage is a module of src/pipeline/; this file runs them in order and gathers what they report.
import path from "node:path";
import { AUDIT_HINTS } from "./audit/patterns";
import { PREFILTER_WORDS } from "./catalog";
import type { ExtraFlagNames } from "./catalog";
import { DEFAULT_TAG, tagProblem } from "./marker";
import type { Finding } from "./model";
import type { Progress, RunResult } from "./result";
import { analyze, type SiteSelector } from "./pipeline/analyze";
import { PARSED_IN_PROCESS, startPool, workerCount, type AnalyzePool } from "./pipeline/analyze-pool";
import { sourceBatches } from "./pipeline/batches";
import { commit, type WriteGuard } from "./pipeline/commit";
import { dotGitAbove, type Discovery, type PrefilterMethod } from "./pipeline/discover";
import { leftoverTemp } from "./pipeline/leftover-temps";
import { processText, type ProcessOptions, type Mode } from "./pipeline/process";
import { candidateTest, examine, type FileRecord, type PendingEdit, type ReadContext } from "./pipeline/read";
import { refuseRenameHarm, refuseUnsafe, type RevertText } from "./pipeline/refuse";
import type { WriteFs } from "./pipeline/write";

export { BadPathError, type PrefilterMethod } from "./pipeline/discover";
export { DEFAULT_TAG } from "./marker";
export type { Finding, Site } from "./model";
export { processText, type Mode } from "./pipeline/process";
export type { Change, Problem, Progress, RunResult } from "./result";
export type { WriteGuard } from "./pipeline/commit";

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
  /** With write false, a dry run or patch: judge the files as a write would (read-only, uncommitted changes) and leave
   * out, as "would be refused", what it would refuse. */
  preview?: boolean;
  /** The file operations writes use (tests inject faults through it). */
  fs?: WriteFs;
  /** scan and apply: also look for code that keeps only the first tool call (audit findings). */
  audit?: boolean;
  /** How files are narrowed before they are read: "auto" (git grep in big enough git trees), "git-grep", "read". */
  prefilter?: PrefilterMethod;
  /** Flag names the project adds, by family (the config file's "flags"; each holds one of PREFILTER_WORDS). */
  extraFlags?: ExtraFlagNames;
  /** Listed files (not those named on the command line) this returns false for are not read (config include/exclude). */
  selectFile?: (abs: string) => boolean;
  /** The reason an audit finding is silenced (config audit.ignore), or undefined: silenced ones are kept, marked. */
  silenceFinding?: (finding: Finding, abs: string) => string | undefined;
  /** Called as the run goes (often: keep it cheap). The CLI draws a progress line from it. */
  onProgress?: (progress: Progress) => void;
  /** apply: switch only the sites this accepts, given the file (as shown) and its text as read (interactive review). */
  select?: SiteSelector;
  /** Wraps the writes: the CLI holds signals through it (cli/signals.ts); a library call leaves them to its host. */
  holdWrites?: WriteGuard;
  /** false: no fsync after the writes (throwaway trees, tests about killed runs). */
  fsync?: boolean;
  /**
   * Threads that parse, the main one included: 1 parses on the main thread only. Default: one per processor, once a
   * run has more candidates than PARSED_IN_PROCESS.
   */
  jobs?: number;
}

export class UsageError extends Error {}

export async function run(mode: Mode, paths: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const tag = options.tag ?? DEFAULT_TAG;
  const bad = tagProblem(tag);
  if (bad) throw new UsageError(bad);
  const processOptions = processOptionsOf(mode, tag, options);
  const extraNames = [...(options.extraFlags?.keys() ?? [])].map((n) => n.toLowerCase());
  const result = emptyResult(mode, tag);
  const { stats } = result;
  const shown = (abs: string) => toPosix(path.relative(cwd, abs)) || path.basename(abs);
  const context: ReadContext = { ...processOptions, mode, extraNames, shown, folders: new Map(), stats };
  const isCandidate = candidateTest(context);
  const report = (phase: Progress["phase"], file?: string) =>
    options.onProgress?.({
      phase,
      listed: stats.listed,
      read: stats.read,
      candidates: stats.candidates,
      parsed: stats.parsed,
      file,
    });
  const records: FileRecord[] = [];
  const prepared = new Set<string>();
  report("listing");

  // Files arrive while git is still searching (git grep streams its hits): each is read, prefiltered and, if it is a
  // candidate, parsed at once, so the parser loads and works while git searches the rest of the tree. One search: the
  // flag words (an SDK alias such as AllowParallelCalls holds no audit hint), the audit's hints when it audits, and
  // revert's tag.
  const words = processOptions.audit ? [...AUDIT_HINTS, ...PREFILTER_WORDS] : PREFILTER_WORDS;
  const batches = sourceBatches(paths.length ? paths : ["."], cwd, {
    words,
    also: mode === "revert" ? [tag] : [],
    method: options.prefilter,
  });
  let pool: AnalyzePool | null | undefined;
  let batch = await batches.next();
  for (; !batch.done; batch = await batches.next()) {
    for (const file of batch.value) {
      if (options.selectFile && !file.named && !options.selectFile(file.abs)) continue;
      stats.read++;
      if ((stats.read & 255) === 0) report("reading");
      const record = examine(file, context, isCandidate);
      if (!record) continue;
      if (record.language?.prepare && !prepared.has(record.language.id)) {
        await record.language.prepare();
        prepared.add(record.language.id);
      }
      if (record.text !== undefined) {
        report("parsing", record.display);
        stats.parsed++;
        // An interactive apply asks the user about each site on this thread: its files are parsed here too.
        if (pool === undefined && stats.parsed > PARSED_IN_PROCESS && !options.select)
          pool = startPool(workerCount(options.jobs)) ?? null;
        if (pool) pool.analyze(record, mode, processOptions);
        else analyze(record, mode, processOptions, options.select);
      }
      records.push(record);
    }
  }
  if (pool) stats.threads += await pool.drain();
  const found = batch.value;
  noteListing(found, result, cwd, shown, mode !== "scan" && (options.write ?? true));
  report("done");
  const pending = gather(records, found, result, shown, options.silenceFinding);

  const write = options.write ?? true;
  const accepted = accept(pending, mode, options, shown, result, (repoPath, text) =>
    revertOf(repoPath, text, processOptions),
  );
  asReadWhereRefused(pending, accepted, result);
  for (const { file, bytes, outcome } of accepted) {
    const patchPath = file.outerPath ?? (file.gitTop ? file.repoPath : toPosix(path.relative(cwd, file.abs)));
    result.changes.push({
      file: shown(file.abs),
      patchPath,
      before: bytes.toString("utf8"),
      after: outcome.after,
      sites: outcome.plan.changed,
    });
  }
  if (write && accepted.length > 0)
    await commit(accepted, result, { mode, shown, fs: options.fs, guard: options.holdWrites, fsync: options.fsync });
  result.stats.ms = Date.now() - started;
  return result;
}

/**
 * apply gives a finding the line it has in the file as apply writes it; a file apply refuses keeps its text, so its
 * findings go back to their lines as read.
 */
function asReadWhereRefused(pending: PendingEdit[], accepted: PendingEdit[], result: RunResult): void {
  const kept = new Set(accepted);
  for (const p of pending) {
    if (kept.has(p) || p.findingsAt === undefined || !p.outcome.findingsAsRead) continue;
    p.outcome.findingsAsRead.forEach((f, i) => {
      const at = p.findingsAt! + i;
      result.findings[at] = { ...result.findings[at]!, line: f.line, column: f.column, listLine: f.listLine };
    });
  }
}

/** The edits apply and revert may make: the others are refused, in a preview (dry run, patch) too, as "would be". */
function accept(
  pending: PendingEdit[],
  mode: Mode,
  options: RunOptions,
  shown: (abs: string) => string,
  result: RunResult,
  revertText: RevertText,
): PendingEdit[] {
  const write = options.write ?? true;
  if (mode === "scan" || (!write && options.preview !== true)) return pending;
  const renamable = refuseRenameHarm(pending, !write, shown, result.problems);
  return refuseUnsafe(renamable, mode, options.allowDirty ?? false, !write, shown, result.problems, revertText);
}

/** The text revert would write for this text of a file (HEAD's version, in the dirty check), or undefined. */
function revertOf(repoPath: string, text: string, processOptions: ProcessOptions): string | undefined {
  try {
    const outcome = processText(repoPath, text, "revert", { ...processOptions, audit: false });
    return outcome && !outcome.skipped ? outcome.after : undefined;
  } catch {
    return undefined; // unreadable as the language: the file stays refused
  }
}

function processOptionsOf(
  mode: Mode,
  tag: string,
  options: RunOptions,
): ProcessOptions & { includeTests: boolean; audit: boolean } {
  return {
    tag,
    includeTests: options.includeTests ?? false,
    includeDefaults: options.includeDefaults ?? false,
    force: options.force ?? false,
    // apply audits too, when asked: it closes with the places that still drop calls after its flips.
    audit: mode !== "revert" && (options.audit ?? false),
    extraFlags: options.extraFlags,
  };
}

function emptyResult(mode: Mode, tag: string): RunResult {
  return {
    mode,
    tag,
    sites: [],
    findings: [],
    changes: [],
    problems: [],
    notices: [],
    written: [],
    restored: [],
    stats: { listed: 0, read: 0, candidates: 0, parsed: 0, threads: 1, notFollowed: 0, gitGrep: false, ms: 0 },
  };
}

/** What the listing found besides the files: its counts, repositories git refused, and temp files a killed run left. */
function noteListing(
  found: Discovery,
  result: RunResult,
  cwd: string,
  shown: (abs: string) => string,
  removeTemps: boolean,
): void {
  result.stats.listed = found.listed;
  result.stats.gitGrep = found.gitGrepRoots > 0;
  for (const { root, reason } of found.gitRefused) {
    const top = path.dirname(dotGitAbove(root) ?? path.join(root, ".git"));
    const trust = /dubious ownership/.test(reason)
      ? `; if you trust its owner, mark it safe with: git config --global --add safe.directory '${top}'`
      : "";
    result.notices.push(
      `${toPosix(path.relative(cwd, root)) || "."}: git cannot look at this repository (${reason}); its files are listed without git, and apply and revert do not edit them without --allow-dirty${trust}`,
    );
  }
  for (const temp of found.leftoverTemps) {
    const notice = leftoverTemp(temp, removeTemps, shown(temp));
    if (notice) result.notices.push(notice);
  }
}

/** The records' sites, findings and problems into the result, in path order however the files arrived; the edits. */
function gather(
  records: FileRecord[],
  found: Discovery,
  result: RunResult,
  shown: (abs: string) => string,
  silenceFinding?: (finding: Finding, abs: string) => string | undefined,
): PendingEdit[] {
  const order = (r: FileRecord) => r.file.outerPath ?? r.file.repoPath;
  records.sort((a, b) => a.file.root - b.file.root || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const pending: PendingEdit[] = [];
  for (const r of records) {
    // One by one, not push(...list): a file with a few hundred thousand sites would overflow the call stack.
    for (const site of r.sites) result.sites.push(site);
    if (r.pending) r.pending.findingsAt = result.findings.length;
    for (const finding of r.findings) {
      const silenced = finding.silenced ? undefined : silenceFinding?.(finding, r.file.abs);
      result.findings.push(
        silenced === undefined ? finding : { ...finding, silenced: { by: "config", reason: silenced } },
      );
    }
    for (const problem of r.problems) {
      if (r.auditOnly)
        result.notices.push(
          `${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message} (read for the audit only)`,
        );
      else result.problems.push(problem);
    }
    if (r.pending) pending.push(r.pending);
  }
  // What the listing could not look at (a name that is not UTF-8, a folder path too long): a problem each.
  for (const u of found.unscanned) result.problems.push({ file: shown(u.abs), message: u.message });
  for (const n of found.notices) result.notices.push(`${shown(n.abs)}: ${n.message}`);
  return pending;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
