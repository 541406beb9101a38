// One listed file -> a record to analyze, or nothing: read it (never through a symlink), apply the prefilter on its
// bytes, and decode it. Most files never become strings.
import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import { mayHoldFlag } from "../catalog";
import { holdsAuditHint } from "../audit/patterns";
import { languageFor, notReadMessage } from "../languages";
import { mentionsTag } from "../marker";
import type { Finding, Language, Site } from "../model";
import type { Problem } from "../result";
import { outsideRoot, type FolderCache } from "./boundary";
import { isTestPath } from "./classify";
import type { SourceFile } from "./discover";
import type { FileOutcome, Mode } from "./process";

/** What one file gave: its sites and problems, and the edit to make. */
export interface FileRecord {
  file: SourceFile;
  display: string;
  bytes?: Buffer;
  text?: string;
  language?: Language;
  sites: Site[];
  findings: Finding[];
  problems: Problem[];
  pending?: PendingEdit;
  /** apply: read only for the audit (no flag word); its problems are notices, not failures. */
  auditOnly?: boolean;
}

export interface PendingEdit {
  file: SourceFile;
  bytes: Buffer;
  outcome: FileOutcome;
  /** Where this file's findings start in the run's list (so a refused file's can be given back their lines as read). */
  findingsAt?: number;
}

export interface ReadContext {
  mode: Mode;
  tag: string;
  audit: boolean;
  includeTests: boolean;
  /** The project's extra flag names, lower case (RunOptions.extraFlags). */
  extraNames: readonly string[];
  shown: (abs: string) => string;
  /** Real folders already checked against their root (boundary.ts). */
  folders: FolderCache;
  stats: { candidates: number; notFollowed: number };
}

/**
 * Why a file's bytes (as latin1) make it a candidate, if they do: it may hold a flag, revert's tag, or only what the
 * audit looks for.
 */
export type CandidateKind = "flag" | "tag" | "audit-only";

export function candidateTest(
  context: Omit<ReadContext, "shown" | "folders" | "stats">,
): (latin1: string, file: SourceFile) => CandidateKind | undefined {
  const { mode, tag, audit, includeTests } = context;
  return (latin1, file) => {
    // Revert also looks for the marker tag, and scan for what audit needs (not in test files: their audit findings are
    // not reported, so they are not parsed for them). A flag candidate is parsed anyway, and processText decides
    // whether to audit it: the audit's text test runs here only for the files it alone would make candidates.
    const hinted = audit && holdsAuditHint(latin1);
    // The search holds every flag word, audit or not: a flag word alone (AllowParallelCalls) makes a candidate.
    const flagCandidate = mayHoldFlag(latin1);
    if (flagCandidate) return "flag";
    if (mode === "revert" && mentionsTag(latin1, tag)) return "tag";
    if (hinted && (includeTests || !isTestPath(file.repoPath)) && languageFor(file.abs)?.auditGate?.(latin1) === true)
      return "audit-only";
    return undefined;
  };
}

/** Read one file and apply the prefilter; a record for every candidate (and every file that could not be read). */
export function examine(
  file: SourceFile,
  context: ReadContext,
  isCandidate: (latin1: string, file: SourceFile) => CandidateKind | undefined,
): FileRecord | undefined {
  const { shown, stats } = context;
  // A folder on the way may be a symlink out of the root: not even read through it.
  const outside = outsideRoot(file, context.folders);
  if (outside)
    return {
      file,
      display: shown(file.abs),
      sites: [],
      findings: [],
      problems: [{ file: shown(file.abs), message: outside }],
    };
  const read = readSource(file);
  if (read === "gone") return undefined; // listed by git, deleted in the work tree
  if (read === "not-followed") {
    stats.notFollowed++;
    return undefined;
  }
  const display = shown(file.abs);
  if (read instanceof Error)
    return {
      file,
      display,
      sites: [],
      findings: [],
      problems: [{ file: display, message: `cannot read: ${read.message}` }],
    };
  const bytes = read;
  // The prefilter works on bytes: most files never become strings.
  const kind = isCandidate(bytes.toString("latin1"), file);
  if (!kind) return undefined;
  stats.candidates++;
  const record: FileRecord = { file, display, bytes, sites: [], findings: [], problems: [] };
  // apply reads such a file only to close with its audit findings: what it cannot read there is no failure of apply.
  if (context.mode === "apply" && kind === "audit-only") record.auditOnly = true;
  if (bytes.includes(0)) {
    record.problems.push({ file: display, message: "binary file (holds NUL bytes); skipped" });
    return record;
  }
  if (!isUtf8(bytes)) {
    record.problems.push({ file: display, message: "not valid UTF-8; skipped" });
    return record;
  }
  record.language = languageFor(file.abs);
  if (!record.language) record.problems.push({ file: display, message: notReadMessage(file.abs) });
  // A BOM stays in the text (Buffer.toString keeps it): offsets count it, and the written bytes keep it.
  else record.text = bytes.toString("utf8");
  return record;
}

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
