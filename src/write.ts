// Every write the tool makes goes through here: temp file + rename, file mode kept, a check that nobody changed the
// file since it was read, and if one write of a run fails, the files already written are put back.
import nodeFs from "node:fs";
import path from "node:path";

/** The file operations writes use; tests pass a version that fails on purpose. */
export interface WriteFs {
  readFileSync(file: string): Buffer;
  writeFileSync(file: string, data: Buffer, options: { mode: number; flag: string }): void;
  chmodSync(file: string, mode: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  statSync(file: string): { mode: number };
}

export interface FileChange {
  abs: string;
  /** What the file held when it was read; the write is refused if it holds something else now. */
  before: Buffer;
  after: Buffer;
}

export interface WriteReport {
  written: string[];
  failure?: { file: string; message: string };
  /** Files put back to their earlier bytes after a failure. */
  restored: string[];
  /** Files that could not be put back: the message says what to do. */
  notRestored: Array<{ file: string; message: string }>;
}

export class ConcurrentChangeError extends Error {}

export function writeAll(changes: readonly FileChange[], fs: WriteFs = nodeFs): WriteReport {
  const report: WriteReport = { written: [], restored: [], notRestored: [] };
  const done: FileChange[] = [];
  for (const change of changes) {
    try {
      writeAtomically(change.abs, change.before, change.after, fs);
      done.push(change);
      report.written.push(change.abs);
    } catch (error) {
      report.failure = { file: change.abs, message: messageOf(error) };
      break;
    }
  }
  if (!report.failure) return report;
  for (const change of done.reverse()) {
    try {
      writeAtomically(change.abs, change.after, change.before, fs);
      report.restored.push(change.abs);
    } catch (error) {
      report.notRestored.push({ file: change.abs, message: messageOf(error) });
    }
  }
  report.written = [];
  return report;
}

let counter = 0;

/** Writes `after` over a file that must still hold `expected`; the file is either untouched or fully replaced. */
export function writeAtomically(file: string, expected: Buffer, after: Buffer, fs: WriteFs = nodeFs): void {
  const mode = fs.statSync(file).mode & 0o7777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.toggle-parallel-${process.pid}-${counter++}.tmp`);
  try {
    fs.writeFileSync(temp, after, { mode, flag: "wx" });
    fs.chmodSync(temp, mode); // the umask may have narrowed the mode given at creation
    if (!fs.readFileSync(file).equals(expected)) {
      throw new ConcurrentChangeError("the file changed while the tool was running; not overwritten");
    }
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // the temp file was never created, or is already gone
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message.replace(/^\w+: /, "")}` : error.message;
  }
  return String(error);
}
