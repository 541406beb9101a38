// Every write the tool makes goes through here: temp file + fsync + rename + fsync of the folder, file mode and owner
// kept, a check that nobody changed the file since it was read, and if one write of a run fails, the files already
// written are put back.
//
// The tree may belong to someone else while the tool runs as root (CI containers): that user can rename, delete or
// replace anything in their folders at any moment. So the temp file gets a name nobody can guess, is created with
// O_CREAT|O_EXCL|O_NOFOLLOW (never an existing file, never through a symlink), is written, chowned and chmodded
// through its descriptor only (never by path: chown/chmod follow symlinks), and is renamed only if the temp path
// still names the file this run wrote.
import { randomBytes } from "node:crypto";
import nodeFs from "node:fs";
import path from "node:path";
import { userXattrs } from "./xattrs";

/** What write.ts reads of a stat (fs.Stats has it). */
export interface FileStat {
  dev: number;
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/** The file operations writes use; tests pass a version that fails or races on purpose. */
export interface WriteFs {
  lstatSync(file: string): FileStat;
  openSync(file: string, flags: number, mode?: number): number;
  writeSync(fd: number, data: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  fstatSync(fd: number): FileStat;
  fchownSync(fd: number, uid: number, gid: number): void;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  readFileSync(file: string): Buffer;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
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

/** How durable a write is. fsync false skips both fsyncs: for throwaway trees and for tests about killed runs, which
 * write thousands of files; a power loss can then leave an empty file. The CLI reads TOGGLE_PARALLEL_FSYNC=0 for it. */
export interface Durability {
  fsync?: boolean;
}

export function writeAll(
  changes: readonly FileChange[],
  fs: WriteFs = nodeFs,
  durability: Durability = {},
): WriteReport {
  const report: WriteReport = { written: [], restored: [], notRestored: [] };
  const done: FileChange[] = [];
  for (const change of changes) {
    try {
      writeAtomically(change.abs, change.before, change.after, fs, durability);
      done.push(change);
    } catch (error) {
      report.failure = { file: change.abs, message: messageOf(error) };
      break;
    }
  }
  // Each folder once, after its renames: the run is durable when it reports success.
  if (!report.failure) report.failure = syncFolders(done, fs, durability)[0];
  if (!report.failure) {
    report.written = done.map((c) => c.abs);
    return report;
  }
  const restored: FileChange[] = [];
  for (const change of done.reverse()) {
    try {
      writeAtomically(change.abs, change.after, change.before, fs, durability);
      restored.push(change);
    } catch (error) {
      report.notRestored.push({ file: change.abs, message: messageOf(error) });
    }
  }
  const unsynced = new Set(syncFolders(restored, fs, durability).map((f) => path.dirname(f.file)));
  for (const change of restored) {
    if (unsynced.has(path.dirname(change.abs)))
      report.notRestored.push({ file: change.abs, message: "put back, but its folder could not be synced to disk" });
    else report.restored.push(change.abs);
  }
  return report;
}

/** fsyncs the folder of every file written; a failure names the last file written in that folder. */
function syncFolders(
  written: readonly FileChange[],
  fs: WriteFs,
  durability: Durability,
): Array<{ file: string; message: string }> {
  const last = new Map<string, string>();
  for (const c of written) last.set(path.dirname(c.abs), c.abs);
  const failures: Array<{ file: string; message: string }> = [];
  for (const [dir, file] of last) {
    try {
      syncFolder(dir, fs, durability);
    } catch (error) {
      failures.push({ file, message: `syncing its folder to disk: ${messageOf(error)}` });
    }
  }
  return failures;
}

// Temp names: `.BASE.toggle-parallel-PID-RANDOM.tmp`. RANDOM is 16 hex digits from the system's random source (no
// one can create the name in advance); PID tells a later run whether the run that made it is still alive; BASE is
// the target's name, cut short (by UTF-8 bytes) so the whole name fits in NAME_MAX for any valid target name.
const TEMP_TAG = ".toggle-parallel-";
const RANDOM_HEX = 16;
const NAME_MAX = 255;
const TEMP_NAME = new RegExp(
  `^\\.(.+)${TEMP_TAG.replace(/[.-]/g, "\\$&")}(\\d{1,10})-([0-9a-f]{${RANDOM_HEX}})\\.tmp$`,
  "s",
);

/** The temp file name for a target's base name: fits in NAME_MAX bytes whatever the target's name. */
export function tempName(
  base: string,
  pid: number = process.pid,
  random: string = randomBytes(RANDOM_HEX / 2).toString("hex"),
): string {
  return `.${tempBase(base, String(pid))}${TEMP_TAG}${pid}-${random}.tmp`;
}

/** The part of the target's name a temp name holds: all of it, or its first bytes up to a character boundary. */
function tempBase(base: string, pid: string): string {
  const room = NAME_MAX - Buffer.byteLength(`.${TEMP_TAG}${pid}-${"0".repeat(RANDOM_HEX)}.tmp`);
  if (Buffer.byteLength(base) <= room) return base;
  let bytes = 0;
  let end = 0;
  for (const ch of base) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > room) break;
    bytes += size;
    end += ch.length;
  }
  return base.slice(0, end);
}

/** The pid of the run that made a temp file of ours (by its base name), or undefined for any other name. */
export function tempFileOwner(base: string): number | undefined {
  const m = TEMP_NAME.exec(base);
  return m ? Number(m[2]) : undefined;
}

/**
 * Whether a file with our temp name is provably a temp file of ours: a regular file (not a symlink), with the file
 * it was made for beside it. A name can be copied; the pair is what a run of ours leaves. Returns the pid of the run
 * that made it, or why it is not provably ours (it is then only named, never removed).
 */
export function leftoverTempOwner(
  abs: string,
  fs: Pick<WriteFs, "lstatSync"> = nodeFs,
): { pid: number } | { notOurs: string } | undefined {
  const m = TEMP_NAME.exec(path.basename(abs));
  if (!m) return undefined;
  const [, prefix, pid] = m as unknown as [string, string, string];
  const st = lstatOrUndefined(abs, fs);
  if (!st?.isFile()) return { notOurs: "not a regular file" };
  const dir = path.dirname(abs);
  const isTarget = (name: string) =>
    tempBase(name, pid) === prefix && Boolean(lstatOrUndefined(path.join(dir, name), fs)?.isFile());
  // A whole name first; a name cut short (the target's name was long) is looked for among the folder's entries.
  const found =
    isTarget(prefix) || listOrEmpty(dir).some((name) => name !== prefix && name.startsWith(prefix) && isTarget(name));
  return found ? { pid: Number(pid) } : { notOurs: `no file ${JSON.stringify(prefix)} beside it` };
}

function lstatOrUndefined(file: string, fs: Pick<WriteFs, "lstatSync">): FileStat | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function listOrEmpty(dir: string): string[] {
  try {
    return nodeFs.readdirSync(dir);
  } catch {
    return [];
  }
}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = nodeFs.constants;
/** A string as one shell word: plain names as they are, anything else in single quotes. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** A new file, never an existing one, never through a symlink. */
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0);

/**
 * A file that a rename would harm beyond its bytes: the rename makes a new file, so other hard links keep the old
 * bytes, and extended attributes stay with the old file. Undefined when a rename is safe.
 */
export function renameProblem(file: string, stat: Pick<FileStat, "nlink">): string | undefined {
  // The advice names the file as a shell word, to run from the file's folder.
  const name = shellWord(path.basename(file));
  if (stat.nlink > 1) {
    return `has ${stat.nlink} hard links; a rename would split them; not changed (edit it by hand, or break the link with \`cp -p ${name} ${name}.new && mv ${name}.new ${name}\` in its folder and run again)`;
  }
  const xattrs = userXattrs(file);
  if (xattrs.length > 0) {
    return `has extended attributes (${xattrs.join(", ")}); a rename would drop them; not changed (edit it by hand, or remove them with \`setfattr -x ${shellWord(xattrs[0]!)} ${name}\` for each, in its folder, and run again)`;
  }
  return undefined;
}

/** Writes `after` over a file that must still hold `expected`; the file is either untouched or fully replaced. */
export function writeAtomically(
  file: string,
  expected: Buffer,
  after: Buffer,
  fs: WriteFs = nodeFs,
  durability: Durability = {},
): void {
  const target = fs.lstatSync(file);
  if (!target.isFile()) throw new ConcurrentChangeError("no longer a regular file; not overwritten");
  const refused = renameProblem(file, target);
  if (refused) throw new Error(refused);
  const temp = path.join(path.dirname(file), tempName(path.basename(file)));
  // Only this run's own file is ever removed: the name is unpredictable, and O_EXCL fails on anything already there.
  // 0600 until the mode is set: nobody else can open it meanwhile. A failure here (EEXIST) created nothing of ours.
  const fd = fs.openSync(temp, CREATE_NEW, 0o600);
  let ours = true;
  try {
    writeFully(fs, fd, after);
    // Owner first: the kernel clears setuid/setgid on a chown, so the mode (with those bits) comes after it.
    keepOwner(fs, fd, target);
    fs.fchmodSync(fd, target.mode & 0o7777);
    if (durability.fsync !== false) fs.fsyncSync(fd); // the bytes are on disk before the name points at them
    if (!namesOurFile(fs, temp, fd)) {
      ours = false; // whatever is at the temp path now is someone else's
      throw new ConcurrentChangeError("the temp file was replaced while the tool was writing it; not renamed");
    }
    const current = fs.lstatSync(file);
    if (!current.isFile() || !fs.readFileSync(file).equals(expected)) {
      throw new ConcurrentChangeError("the file changed while the tool was running; not overwritten");
    }
    fs.renameSync(temp, file);
    ours = false;
  } catch (error) {
    if (ours && namesOurFile(fs, temp, fd)) {
      try {
        fs.unlinkSync(temp);
      } catch {
        // already gone
      }
    }
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `temp` still names the file open as `fd` (and not a symlink, or another file put in its place). */
function namesOurFile(fs: WriteFs, temp: string, fd: number): boolean {
  try {
    const written = fs.fstatSync(fd);
    const now = fs.lstatSync(temp);
    return !now.isSymbolicLink() && now.dev === written.dev && now.ino === written.ino;
  } catch {
    return false; // gone
  }
}

function writeFully(fs: WriteFs, fd: number, data: Buffer): void {
  for (let at = 0; at < data.length;) at += fs.writeSync(fd, data, at, data.length - at);
}

/** The new file is the current user's; give it the old owner back where that is allowed (root). */
function keepOwner(fs: WriteFs, fd: number, stat: FileStat): void {
  if (stat.uid === process.getuid?.() && stat.gid === process.getgid?.()) return;
  try {
    fs.fchownSync(fd, stat.uid, stat.gid);
  } catch {
    // Not allowed (only root may give a file away): the file keeps the mode, and the current user owns it.
  }
}

/**
 * Makes a rename in `dir` durable: without it a power loss can forget the rename (the old file comes back whole,
 * which is safe) or, on some file systems, keep the name but not the bytes (which the fsync of the temp file
 * prevents). File systems that cannot fsync a folder say EINVAL or EISDIR; a folder this user may not read cannot be
 * opened for it. Both leave the write as durable as the system allows, and are not failures.
 */
export function syncFolder(dir: string, fs: WriteFs = nodeFs, durability: Durability = {}): void {
  if (durability.fsync === false) return;
  let fd: number;
  try {
    fd = fs.openSync(dir, O_RDONLY | (O_DIRECTORY ?? 0));
  } catch (error) {
    if (["EACCES", "EPERM", "EISDIR", "EINVAL"].includes((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!["EINVAL", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message.replace(/^\w+: /, "")}` : error.message;
  }
  return String(error);
}
