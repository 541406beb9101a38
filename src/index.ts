// The programmatic API: discover -> read and prefilter -> analyze, classify, plan (process.ts) -> check git -> write.
// I/O happens here and in write.ts; the CLI only parses arguments and renders what this returns.
import fs from "node:fs";
import path from "node:path";
import { outsideRoot, type FolderCache } from "./pipeline/boundary";
import { mayHoldFlag, PREFILTER_WORDS, type ExtraFlagNames } from "./catalog";
import { discover, dotGitAbove, type PrefilterMethod, type SourceFile } from "./pipeline/discover";
import { committedBytes, dirtyPaths, storedAsInHead } from "./pipeline/git";
import { languageFor } from "./languages";
import { DEFAULT_TAG, mentionsTag, tagProblem } from "./marker";
import { AUDIT_HINTS, holdsAuditHint } from "./audit/patterns";
import { isTestPath } from "./pipeline/classify";
import type { Finding, Language, Site } from "./model";
import { processText, type FileOutcome, type Mode } from "./pipeline/process";
import { leftoverTempOwner, renameProblem, writeAll, type WriteFs } from "./pipeline/write";
import { count } from "./render/plural";

export { BadPathError, type PrefilterMethod } from "./pipeline/discover";
export { DEFAULT_TAG } from "./marker";
export type { Finding, Site } from "./model";
export { processText, type Mode } from "./pipeline/process";

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
  /** scan: also look for code that keeps only the first tool call (audit findings). */
  audit?: boolean;
  /** How files are narrowed before they are read: "auto" (git grep in big enough git trees), "git-grep", "read". */
  prefilter?: PrefilterMethod;
  /** Flag names the project adds, by family (the config file's "flags"; each holds one of PREFILTER_WORDS). */
  extraFlags?: ExtraFlagNames;
  /** Listed files (not those named on the command line) this returns false for are not read (config include/exclude). */
  selectFile?: (abs: string) => boolean;
  /** Audit findings this returns false for are left out (config audit.ignore). */
  keepFinding?: (finding: Finding, abs: string) => boolean;
  /** Called as the run goes (often: keep it cheap). The CLI draws a progress line from it. */
  onProgress?: (progress: Progress) => void;
  /** apply: switch only the sites this accepts, given the file (as shown) and its text as read (interactive review). */
  select?: (file: string, text: string, site: Site) => boolean;
}

export interface Progress {
  phase: "listing" | "reading" | "parsing" | "done";
  /** Source files listed (known once listing is done). */
  listed: number;
  read: number;
  candidates: number;
  parsed: number;
  /** The file being parsed. */
  file?: string;
}

export interface Problem {
  /** Path as shown to the user (relative to the current directory). */
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** A marker that stays in the file (see PlanNote). */
  orphanMarker?: boolean;
  /** apply and revert leave this whole file (it does not parse), though scan may report sites in it. */
  fileSkipped?: boolean;
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
  /** Worth a line, but not a failure: temp files a killed run left behind, found and (by a run that writes) removed. */
  notices: string[];
  written: string[];
  restored: string[];
  /** Set when a write failed: the run stopped there and put back what it had written (see restored). */
  failure?: { file: string; message: string; notRestored: string[] };
  /**
   * A signal (Ctrl-C, kill) that came while the files were being written: held until the last write was done, so
   * the tree holds all of the run's changes (or, after a failure, none). The caller decides how to end.
   */
  interrupted?: NodeJS.Signals;
  stats: {
    /** Source files listed under the paths given (git's list in a work tree). */
    listed: number;
    /** Files read: the listed ones, or in a git tree searched with git grep only those it found. */
    read: number;
    /** Files that passed the prefilter (they hold a flag word, or for revert the marker tag). */
    candidates: number;
    parsed: number;
    /** Symlinks and other non-regular files met while reading, not followed. */
    notFollowed: number;
    /** git grep narrowed the files to read. */
    gitGrep: boolean;
    ms: number;
  };
}

export class UsageError extends Error {}

/** What one file gave: its sites and problems, and the edit to make. */
interface FileRecord {
  file: SourceFile;
  display: string;
  bytes?: Buffer;
  text?: string;
  language?: Language;
  sites: Site[];
  findings: Finding[];
  problems: Problem[];
  pending?: { file: SourceFile; bytes: Buffer; outcome: FileOutcome };
}

export async function run(mode: Mode, paths: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const tag = options.tag ?? DEFAULT_TAG;
  const bad = tagProblem(tag);
  if (bad) throw new UsageError(bad);
  const progress = options.onProgress;
  const processOptions = {
    tag,
    includeTests: options.includeTests ?? false,
    includeDefaults: options.includeDefaults ?? false,
    force: options.force ?? false,
    audit: mode === "scan" && (options.audit ?? false),
    extraFlags: options.extraFlags,
  };
  const result: RunResult = {
    mode,
    tag,
    sites: [],
    findings: [],
    changes: [],
    problems: [],
    notices: [],
    written: [],
    restored: [],
    stats: { listed: 0, read: 0, candidates: 0, parsed: 0, notFollowed: 0, gitGrep: false, ms: 0 },
  };
  const stats = result.stats;
  const shown = (abs: string) => toPosix(path.relative(cwd, abs)) || path.basename(abs);
  const records: FileRecord[] = [];
  const prepared = new Set<string>();
  const folders: FolderCache = new Map();
  const report = (phase: Progress["phase"], file?: string) =>
    progress?.({ phase, listed: stats.listed, read: stats.read, candidates: stats.candidates, parsed: stats.parsed, file });
  report("listing");

  /** Read one file and apply the prefilter; a record for every candidate (and every file that could not be read). */
  function examine(file: SourceFile): FileRecord | undefined {
    // A folder on the way may be a symlink out of the root: not even read through it.
    const outside = outsideRoot(file, folders);
    if (outside) return { file, display: shown(file.abs), sites: [], findings: [], problems: [{ file: shown(file.abs), message: outside }] };
    const read = readSource(file);
    if (read === "gone") return undefined; // listed by git, deleted in the work tree
    if (read === "not-followed") {
      stats.notFollowed++;
      return undefined;
    }
    const display = shown(file.abs);
    if (read instanceof Error) return { file, display, sites: [], findings: [], problems: [{ file: display, message: `cannot read: ${read.message}` }] };
    const bytes = read;
    // The prefilter works on bytes: most files never become strings. Revert also looks for the marker tag, and scan
    // for what audit needs (not in test files: their audit findings are not reported, so they are not parsed for them).
    // A scan that audits searched the tree for the audit's hints only (every flag name holds one): its flag
    // candidates hold a hint too, so reading every file finds what git grep finds.
    const latin1 = bytes.toString("latin1");
    // A flag candidate is parsed anyway, and processText decides whether to audit it: the audit's text test runs
    // here only for the files it alone would make candidates.
    const hinted = processOptions.audit && holdsAuditHint(latin1);
    // The search below holds every flag word, audit or not: a flag word alone (AllowParallelCalls) makes a candidate.
    const flagCandidate = mayHoldFlag(latin1);
    const candidate =
      flagCandidate ||
      (mode === "revert" && mentionsTag(latin1, tag)) ||
      (hinted && (processOptions.includeTests || !isTestPath(file.repoPath)) && languageFor(file.abs)?.auditGate?.(latin1) === true);
    if (!candidate) return undefined;
    stats.candidates++;
    const record: FileRecord = { file, display, bytes, sites: [], findings: [], problems: [] };
    if (bytes.includes(0)) {
      record.problems.push({ file: display, message: "binary file (holds NUL bytes); skipped" });
      return record;
    }
    try {
      record.text = utf8.decode(bytes);
    } catch {
      record.problems.push({ file: display, message: "not valid UTF-8; skipped" });
      return record;
    }
    record.language = languageFor(file.abs);
    if (!record.language) {
      record.problems.push({ file: display, message: "not a TypeScript, JavaScript or Python file; skipped" });
      record.text = undefined;
    }
    return record;
  }

  /** Parse, classify and plan one candidate (process.ts), and keep what it found. */
  function analyze(record: FileRecord): void {
    const { file, display, text } = record;
    report("parsing", display);
    stats.parsed++;
    let outcome: FileOutcome;
    try {
      const select = options.select;
      const fileOptions = select ? { ...processOptions, select: (site: Site) => select(display, text!, { ...site, file: display }) } : processOptions;
      outcome = relabel(processText(file.repoPath, text!, mode, fileOptions)!, display);
    } catch (error) {
      // One file must not end the run: nothing is written before every file has been processed.
      record.problems.push({ file: display, message: `${failedToProcess(error)}; skipped` });
      return;
    }
    record.sites = outcome.sites;
    record.findings = outcome.findings;
    if (outcome.skipped) {
      const { line, column, message, why, partial } = outcome.skipped;
      const tail = partial ? "; the rest of the file is reported, but apply and revert skip it" : "; skipped";
      // A parser's message may end in a period ("'}' expected."): trimmed, so that "; skipped" reads as one sentence.
      record.problems.push({ file: display, line, column, message: `${why}: ${message.replace(/\.+$/, "")}${tail}`, fileSkipped: true });
      return;
    }
    for (const note of outcome.plan.notes) record.problems.push({ file: display, ...note });
    if (outcome.after !== text) record.pending = { file, bytes: record.bytes!, outcome };
  }

  // Files arrive while git is still searching (git grep streams its hits): each is read, prefiltered and, if it is a
  // candidate, parsed at once, so the parser loads and works while git searches the rest of the tree.
  const queue: SourceFile[] = [];
  let wake: (() => void) | undefined;
  let listingDone = false;
  // One search: a scan that audits looks for the audit's hints and the flag words; revert adds its tag.
  const words = processOptions.audit ? [...AUDIT_HINTS, ...PREFILTER_WORDS] : PREFILTER_WORDS;
  const also = mode === "revert" ? [tag] : [];
  const listing = discover(paths.length ? paths : ["."], cwd, { words, also, method: options.prefilter }, (files) => {
    for (const f of files) queue.push(f);
    wake?.();
  }).finally(() => {
    listingDone = true;
    wake?.();
  });
  listing.catch(() => undefined); // awaited below; this keeps an early failure from being reported as unhandled
  for (let next = 0; ; ) {
    while (next < queue.length) {
      const file = queue[next]!;
      queue[next++] = undefined as unknown as SourceFile; // let it go
      if (options.selectFile && !file.named && !options.selectFile(file.abs)) continue;
      stats.read++;
      if (progress && (stats.read & 255) === 0) report("reading");
      const record = examine(file);
      if (!record) continue;
      if (record.language?.prepare && !prepared.has(record.language.id)) {
        await record.language.prepare();
        prepared.add(record.language.id);
      }
      if (record.text !== undefined) analyze(record);
      records.push(record);
    }
    if (listingDone) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  const found = await listing;
  stats.listed = found.listed;
  stats.gitGrep = found.gitGrepRoots > 0;
  for (const { root, reason } of found.gitRefused) {
    const top = path.dirname(dotGitAbove(root) ?? path.join(root, ".git"));
    const trust = /dubious ownership/.test(reason) ? `; if you trust its owner, mark it safe with: git config --global --add safe.directory '${top}'` : "";
    result.notices.push(`${toPosix(path.relative(cwd, root)) || "."}: git cannot look at this repository (${reason}); its files are listed without git, and apply and revert do not edit them without --allow-dirty${trust}`);
  }
  for (const temp of found.leftoverTemps) {
    const notice = leftoverTemp(temp, mode !== "scan" && (options.write ?? true), shown(temp));
    if (notice) result.notices.push(notice);
  }
  report("done");

  // Results in path order, however the files arrived.
  const order = (f: SourceFile) => f.outerPath ?? f.repoPath;
  records.sort((a, b) => a.file.root - b.file.root || (order(a.file) < order(b.file) ? -1 : order(a.file) > order(b.file) ? 1 : 0));
  const pending: Array<{ file: SourceFile; bytes: Buffer; outcome: FileOutcome }> = [];
  for (const r of records) {
    // One by one, not push(...list): a file with a few hundred thousand sites would overflow the call stack.
    for (const site of r.sites) result.sites.push(site);
    for (const finding of r.findings) if (!options.keepFinding || options.keepFinding(finding, r.file.abs)) result.findings.push(finding);
    for (const problem of r.problems) result.problems.push(problem);
    if (r.pending) pending.push(r.pending);
  }
  // What the listing could not look at (a name that is not UTF-8, a folder path too long): a problem each.
  for (const u of found.unscanned) result.problems.push({ file: shown(u.abs), message: u.message });
  for (const n of found.notices) result.notices.push(`${shown(n.abs)}: ${n.message}`);

  const write = options.write ?? true;
  const judged = mode !== "scan" && (write || options.preview === true);
  // Refused in a preview too (dry run, patch): the review shows what apply would really do.
  const renamable = judged ? refuseRenameHarm(pending, !write, shown, result.problems) : pending;
  const accepted = judged ? refuseUnsafe(renamable, mode, options.allowDirty ?? false, !write, shown, result.problems) : renamable;
  for (const { file, bytes, outcome } of accepted) {
    result.changes.push({
      file: shown(file.abs),
      patchPath: file.outerPath ?? (file.gitTop ? file.repoPath : toPosix(path.relative(cwd, file.abs))),
      before: utf8.decode(bytes),
      after: outcome.after,
      sites: outcome.plan.changed,
    });
  }
  if (write && accepted.length > 0) {
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
    const { value: report, signal } = await holdingSignals(() =>
      writeAll(
        inside.map(({ file, bytes, outcome }) => ({ abs: file.abs, before: bytes, after: Buffer.from(outcome.after, "utf8") })),
        options.fs,
      ),
    );
    if (signal) result.interrupted = signal;
    result.written = report.written.map(shown);
    result.restored = report.restored.map(shown);
    if (report.failure) {
      result.failure = { file: shown(report.failure.file), message: report.failure.message, notRestored: report.notRestored.map((n) => shown(n.file)) };
      const restored = report.restored.length ? `; put back ${count(report.restored.length, "file")} already written in this run` : "";
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

/**
 * A temp file of ours that a killed run left (SIGKILL or a crash between its write and its rename): the file beside
 * it is whole (the rename never happened, or did), so the temp file holds nothing anyone needs. A run that writes
 * removes it; other runs name it. One whose process is still alive belongs to a run in progress and is left alone.
 * Only a provably ours one is removed (write.ts: our name, a regular file, its target beside it); another file with
 * our name is named, never removed.
 */
function leftoverTemp(abs: string, remove: boolean, display: string): string | undefined {
  const owner = leftoverTempOwner(abs);
  if (!owner) return undefined;
  if ("notOurs" in owner) return `${display}: named like a temp file of this tool, but ${owner.notOurs}; left alone`;
  const { pid } = owner;
  if (pid === process.pid || isAlive(pid)) return undefined;
  if (!remove) return `${display}: a temp file left by a run that was killed while writing (pid ${pid}); delete it, or the next apply or revert will`;
  try {
    fs.unlinkSync(abs);
    return `${display}: removed a temp file left by a run that was killed while writing (pid ${pid})`;
  } catch (error) {
    return `${display}: a temp file left by a killed run (pid ${pid}) could not be removed: ${(error as Error).message}`;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

const HELD_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `work` (synchronous) with SIGINT, SIGTERM and SIGHUP held: without a listener Node dies at once, between two
 * writes, leaving a temp file and half the run applied; with one, a signal waits until the work is done and is
 * delivered in the next turn of the event loop, where it is caught and returned.
 */
async function holdingSignals<T>(work: () => T): Promise<{ value: T; signal?: NodeJS.Signals }> {
  let signal: NodeJS.Signals | undefined;
  const hold = (received: NodeJS.Signals) => (signal ??= received);
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    const value = work();
    // A signal that came during the work is read from libuv's signal pipe in the poll phase, before setImmediate runs.
    await new Promise((resolve) => setImmediate(resolve));
    return { value, signal };
  } finally {
    for (const s of HELD_SIGNALS) process.off(s, hold);
  }
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

function givesBackHead(gitTop: string, repoPath: string, after: Buffer): boolean {
  return committedBytes(gitTop, repoPath)?.equals(after) === true || storedAsInHead(gitTop, repoPath, after);
}

function writableByUs(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const OPEN_FLAGS =
  fs.constants.O_NOFOLLOW === undefined
    ? undefined
    : fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0);

/**
 * A file's bytes, if it is a regular file. A listed symlink (or FIFO, or folder) is "not-followed"; a named file was
 * resolved by discover and is read as it is. One open with O_NOFOLLOW instead of an lstat and then an open: at
 * 60,000 files the saved system call is a tenth of a second. O_NONBLOCK keeps a FIFO from blocking the open.
 */
function readSource(file: SourceFile): Buffer | Error | "gone" | "not-followed" {
  let fd: number;
  try {
    if (file.named) return fs.readFileSync(file.abs);
    if (OPEN_FLAGS === undefined) {
      const st = fs.lstatSync(file.abs, { throwIfNoEntry: false });
      if (!st) return "gone";
      if (!st.isFile()) return "not-followed";
      return fs.readFileSync(file.abs);
    }
    fd = fs.openSync(file.abs, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "gone";
    if (code === "ELOOP") return "not-followed";
    return error as Error;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return "not-followed";
    return readAll(fd, st.size);
  } catch (error) {
    return error as Error;
  } finally {
    fs.closeSync(fd);
  }
}

function readAll(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafe(size);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      // The file grew since fstat: keep reading.
      const bigger = Buffer.allocUnsafe(Math.max(8192, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return length === buffer.length ? buffer : buffer.subarray(0, length);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Files a rename would harm beyond their bytes (write.ts renameProblem: hard links, extended attributes) are not edited. */
function refuseRenameHarm<T extends { file: SourceFile }>(pending: readonly T[], preview: boolean, shown: (abs: string) => string, problems: Problem[]): T[] {
  return pending.filter(({ file }) => {
    const stat = fs.lstatSync(file.abs, { throwIfNoEntry: false });
    const problem = stat && renameProblem(file.abs, stat);
    if (problem) problems.push({ file: shown(file.abs), message: preview ? `would be refused: ${problem}` : problem });
    return !problem;
  });
}

/**
 * Read-only files and files with someone else's uncommitted changes are not edited. A preview (dry run, patch) asks
 * the same questions and leaves the same files out, saying "would be refused", so it shows what apply would write.
 */
function refuseUnsafe<T extends { file: SourceFile; bytes: Buffer; outcome: FileOutcome }>(
  pending: readonly T[],
  mode: Mode,
  allowDirty: boolean,
  preview: boolean,
  shown: (abs: string) => string,
  problems: Problem[],
): T[] {
  const refuse = (p: T, refusal: string, why: string, remedy: string) =>
    problems.push({ file: shown(p.file.abs), message: preview ? `would be refused: ${why} (${remedy})` : `${refusal} (${remedy})` });
  const writable = pending.filter((p) => {
    const { file } = p;
    // The mode bits for everyone (root may write anything), and access(2) for this user: a rename would replace a
    // file this user may not write if its folder is writable.
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file.abs);
    } catch (error) {
      // Deleted (or its folder removed or replaced) since it was read: nothing to edit, and nothing to create.
      const code = (error as NodeJS.ErrnoException).code;
      const gone = code === "ENOENT" || code === "ENOTDIR";
      problems.push({ file: shown(file.abs), message: gone ? "deleted while the tool was running; not changed" : `cannot look at it before writing (${code}); not changed` });
      return false;
    }
    if ((stat.mode & 0o222) === 0 || !writableByUs(file.abs)) {
      refuse(p, "read-only file; not changed", "read-only file", "make it writable to edit it");
      return false;
    }
    // The new bytes arrive by a rename in the file's folder: a folder this user may not write refuses it.
    if (writableByUs(path.dirname(file.abs))) return true;
    refuse(p, "its folder is not writable; not changed", "its folder is not writable", "a write is a rename in that folder: make it writable to edit the file");
    return false;
  });
  if (allowDirty) return writable;
  // git would not look at the repository (another user's, "dubious ownership"): its changes cannot be checked.
  const unchecked = new Set(writable.filter((p) => p.file.gitRefused));
  for (const p of unchecked) refuse(p, "uncommitted changes cannot be checked (git cannot look at its repository); not edited", "uncommitted changes cannot be checked, git cannot look at its repository", "pass --allow-dirty to edit it anyway");
  const byRepo = new Map<string, T[]>();
  for (const p of writable) {
    if (!p.file.gitTop) continue;
    const list = byRepo.get(p.file.gitTop);
    if (list) list.push(p);
    else byRepo.set(p.file.gitTop, [p]);
  }
  const refused = new Set<T>();
  for (const [top, list] of byRepo) {
    let dirty: Set<string>;
    try {
      dirty = dirtyPaths(top, list.map((p) => p.file.repoPath));
    } catch (error) {
      // git could not answer (a damaged index, a lock...): without the answer no file of that repository is edited.
      const why = `cannot tell whether it has uncommitted changes (${(error as Error).message.split("\n")[0]})`;
      for (const p of list) {
        refused.add(p);
        refuse(p, `not edited: ${why}`, why, "pass --allow-dirty to edit it anyway");
      }
      continue;
    }
    for (const p of list) {
      if (!dirty.has(p.file.repoPath)) continue;
      // Right after apply the only changes are ours: revert may undo them when that gives back HEAD exactly, as git
      // would store it (a CRLF file under `eol=crlf` is stored with LF).
      if (mode === "revert" && givesBackHead(top, p.file.repoPath, Buffer.from(p.outcome.after, "utf8"))) continue;
      refused.add(p);
      // For revert, stashing would take the markers away too: only --allow-dirty keeps both.
      const remedy = mode === "revert" ? "it holds changes besides this tool's markers; pass --allow-dirty to revert it anyway" : "commit or stash them, or pass --allow-dirty";
      refuse(p, "has uncommitted changes; not edited", "uncommitted changes", remedy);
    }
  }
  return writable.filter((p) => !refused.has(p) && !unchecked.has(p));
}
