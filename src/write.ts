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
  statSync(file: string): { mode: number; uid?: number; gid?: number };
  /** When present, the new file gets the old one's owner (root editing someone else's file must not take it over). */
  chownSync?(file: string, uid: number, gid: number): void;
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

/** The name of a temp file of ours, with the process that made it: `.NAME.toggle-parallel-PID-N.tmp`. */
const TEMP_NAME = /^\.(.+)\.toggle-parallel-(\d+)-\d+\.tmp$/;

/** The pid of the run that made a temp file of ours (by its base name), or undefined for any other file. */
export function tempFileOwner(base: string): number | undefined {
  const m = TEMP_NAME.exec(base);
  return m ? Number(m[2]) : undefined;
}

/** Writes `after` over a file that must still hold `expected`; the file is either untouched or fully replaced. */
export function writeAtomically(file: string, expected: Buffer, after: Buffer, fs: WriteFs = nodeFs): void {
  const stat = fs.statSync(file);
  const mode = stat.mode & 0o7777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.toggle-parallel-${process.pid}-${counter++}.tmp`);
  let ours = true;
  try {
    try {
      fs.writeFileSync(temp, after, { mode, flag: "wx" });
    } catch (error) {
      // "wx" never reuses a name: whatever is there already is not ours, and is not removed below either. Any other
      // failure (a full disk) may leave a partial temp file that is ours.
      if ((error as NodeJS.ErrnoException).code === "EEXIST") ours = false;
      throw error;
    }
    fs.chmodSync(temp, mode); // the umask may have narrowed the mode given at creation
    keepOwner(fs, temp, stat);
    if (!fs.readFileSync(file).equals(expected)) {
      throw new ConcurrentChangeError("the file changed while the tool was running; not overwritten");
    }
    fs.renameSync(temp, file);
  } catch (error) {
    if (ours) {
      try {
        fs.unlinkSync(temp);
      } catch {
        // already gone
      }
    }
    throw error;
  }
}

/** The rename replaces the file with one the current user owns; give it the old owner back where that is allowed. */
function keepOwner(fs: WriteFs, temp: string, stat: { uid?: number; gid?: number }): void {
  if (!fs.chownSync || stat.uid === undefined || stat.gid === undefined) return;
  if (stat.uid === process.getuid?.() && stat.gid === process.getgid?.()) return;
  try {
    fs.chownSync(temp, stat.uid, stat.gid);
  } catch {
    // Not allowed (only root may give a file away): the file keeps the mode, and the current user owns it.
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message.replace(/^\w+: /, "")}` : error.message;
  }
  return String(error);
}
