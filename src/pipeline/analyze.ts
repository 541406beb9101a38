// A candidate record -> its sites, findings and problems, and the edit to make (process.ts does the work).
import type { Site } from "../model";
import type { FileRecord } from "./read";
import { processText, type FileOutcome, type Mode, type ProcessOptions } from "./process";

/** apply: switch only the sites this accepts, given the file (as shown) and its text as read (interactive review). */
export type SiteSelector = (file: string, text: string, site: Site) => boolean;

/** What processing one file gave: its outcome, or the message of what went wrong (a worker sends it back as text). */
export type Processed = { outcome: FileOutcome } | { failure: string };

/** Parse, classify and plan one candidate (process.ts), and keep what it found in the record. */
export function analyze(record: FileRecord, mode: Mode, processOptions: ProcessOptions, select?: SiteSelector): void {
  const { display, text } = record;
  const fileOptions = select
    ? { ...processOptions, select: (site: Site) => select(display, text!, { ...site, file: display }) }
    : processOptions;
  takeOutcome(record, processFile(record.file.repoPath, text!, mode, fileOptions));
}

/** processText, with a failure turned into its message: one file must not end the run. */
export function processFile(repoPath: string, text: string, mode: Mode, options: ProcessOptions): Processed {
  try {
    return { outcome: processText(repoPath, text, mode, options)! };
  } catch (error) {
    return { failure: failedToProcess(error) };
  }
}

/** Keep what processing gave in the record: sites, findings, problems, and the edit if the text changes. */
export function takeOutcome(record: FileRecord, processed: Processed): void {
  const { file, display, text } = record;
  if ("failure" in processed) {
    // Nothing is written before every file has been processed.
    record.problems.push({ file: display, message: `${processed.failure}; skipped` });
    return;
  }
  const outcome = relabel(processed.outcome, display);
  record.sites = outcome.sites;
  record.findings = outcome.findings;
  if (outcome.skipped) {
    const { line, column, message, why, partial } = outcome.skipped;
    const tail = partial ? "; the rest of the file is reported, but apply and revert skip it" : "; skipped";
    // A parser's message may end in a period ("'}' expected."): trimmed, so that "; skipped" reads as one sentence.
    record.problems.push({
      file: display,
      line,
      column,
      message: `${why}: ${message.replace(/\.+$/, "")}${tail}`,
      fileSkipped: true,
    });
    return;
  }
  for (const note of outcome.plan.notes) record.problems.push({ file: display, ...note });
  if (outcome.after !== text) record.pending = { file, bytes: record.bytes!, outcome };
}

/** processText names files by their repository path (test files are judged by it); the user reads them by display path. */
function relabel(outcome: FileOutcome, file: string): FileOutcome {
  return {
    ...outcome,
    sites: outcome.sites.map((s) => ({ ...s, file })),
    findings: outcome.findings.map((f) => ({ ...f, file })),
    findingsAsRead: outcome.findingsAsRead?.map((f) => ({ ...f, file })),
    plan: { ...outcome.plan, changed: outcome.plan.changed.map((s) => ({ ...s, file })) },
  };
}

/** The parser recurses: a file nested deeper than the stack allows (10,000 brackets) is skipped, not a crash. */
function failedToProcess(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return "nested too deeply to parse (the parser ran out of stack)";
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}
