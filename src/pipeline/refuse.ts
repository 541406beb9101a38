// Before a write (and in a preview, as "would be refused"): the files apply and revert must not edit. A rename would
// harm a hard link or extended attributes; a read-only file, an unwritable folder or someone's uncommitted changes
// are not ours to overwrite.
import fs from "node:fs";
import path from "node:path";
import type { Problem } from "../result";
import type { SourceFile } from "./discover";
import { isUtf8 } from "node:buffer";
import { committedBytes, dirtyPaths, storedAlike, storedAsInHead } from "./git";
import type { FileOutcome, Mode } from "./process";
import { renameProblem } from "./write";

/** Files a rename would harm beyond their bytes (write.ts renameProblem: hard links, extended attributes) are not edited. */
export function refuseRenameHarm<T extends { file: SourceFile }>(
  pending: readonly T[],
  preview: boolean,
  shown: (abs: string) => string,
  problems: Problem[],
): T[] {
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
export function refuseUnsafe<T extends { file: SourceFile; bytes: Buffer; outcome: FileOutcome }>(
  pending: readonly T[],
  mode: Mode,
  allowDirty: boolean,
  preview: boolean,
  shown: (abs: string) => string,
  problems: Problem[],
  revertText?: RevertText,
): T[] {
  const refuse = (p: T, refusal: string, why: string, remedy: string) =>
    problems.push({
      file: shown(p.file.abs),
      message: preview ? `would be refused: ${why} (${remedy})` : `${refusal} (${remedy})`,
    });
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
      problems.push({
        file: shown(file.abs),
        message: gone
          ? "deleted while the tool was running; not changed"
          : `cannot look at it before writing (${code}); not changed`,
      });
      return false;
    }
    if ((stat.mode & 0o222) === 0 || !writableByUs(file.abs)) {
      refuse(p, "read-only file; not changed", "read-only file", "make it writable to edit it");
      return false;
    }
    // The new bytes arrive by a rename in the file's folder: a folder this user may not write refuses it.
    if (writableByUs(path.dirname(file.abs))) return true;
    refuse(
      p,
      "its folder is not writable; not changed",
      "its folder is not writable",
      "a write is a rename in that folder: make it writable to edit the file",
    );
    return false;
  });
  if (allowDirty) return writable;
  // git would not look at the repository (another user's, "dubious ownership"): its changes cannot be checked.
  const unchecked = new Set(writable.filter((p) => p.file.gitRefused));
  for (const p of unchecked)
    refuse(
      p,
      "uncommitted changes cannot be checked (git cannot look at its repository); not edited",
      "uncommitted changes cannot be checked, git cannot look at its repository",
      "pass --allow-dirty to edit it anyway",
    );
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
      dirty = dirtyPaths(
        top,
        list.map((p) => p.file.repoPath),
      );
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
      // would store it (a CRLF file under `eol=crlf` is stored with LF), or, when HEAD holds markers of its own (a
      // trial committed by hand), what revert makes of HEAD.
      if (mode === "revert" && givesBackHead(top, p.file.repoPath, Buffer.from(p.outcome.after, "utf8"))) continue;
      if (mode === "revert" && revertText && revertsLikeHead(top, p.file.repoPath, p.outcome.after, revertText))
        continue;
      refused.add(p);
      // For revert, stashing would take the markers away too: only --allow-dirty keeps both.
      const remedy =
        mode === "revert"
          ? "it holds changes besides this tool's markers; pass --allow-dirty to revert it anyway"
          : "commit or stash them, or pass --allow-dirty";
      refuse(p, "has uncommitted changes; not edited", "uncommitted changes", remedy);
    }
  }
  return writable.filter((p) => !refused.has(p) && !unchecked.has(p));
}

/** What revert makes of a text of this file (its repository path), or undefined when it cannot read it. */
export type RevertText = (repoPath: string, text: string) => string | undefined;

/**
 * The uncommitted changes are only markers revert takes away when reverting the file gives what reverting HEAD's
 * version gives: whatever else differs from HEAD would survive the revert of the work tree and not the other.
 */
function revertsLikeHead(gitTop: string, repoPath: string, after: string, revertText: RevertText): boolean {
  const head = committedBytes(gitTop, repoPath);
  if (!head || head.includes(0) || !isUtf8(head)) return false;
  const headReverted = revertText(repoPath, head.toString("utf8"));
  return (
    headReverted !== undefined &&
    storedAlike(gitTop, repoPath, Buffer.from(after, "utf8"), Buffer.from(headReverted, "utf8"))
  );
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
