// What a run gives back: its sites, findings, changes and problems, and its progress as it goes. Below the pipeline
// and the printers alike, so that render/ reads these types without importing the API module.
import type { Finding, Site } from "./model";
import type { Mode } from "./pipeline/process";

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
    /** Threads that parsed: 1, the main one, unless the run was big enough for workers (pipeline/analyze-pool.ts). */
    threads: number;
    /** Symlinks and other non-regular files met while reading, not followed. */
    notFollowed: number;
    /** git grep narrowed the files to read. */
    gitGrep: boolean;
    ms: number;
  };
}
