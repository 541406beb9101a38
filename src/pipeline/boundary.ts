// Inside the roots only. A file is read and written by a path that runs through folders, and any of those folders
// may be a symlink: a tracked folder replaced by a link to /etc, say. O_NOFOLLOW (on read) and the rename (on write)
// protect only the last component, so every file's folder is resolved to its real path and must lie inside the real
// path of the root given that led to it. Checked before the file is read, and again right before the run writes.
import fs from "node:fs";
import path from "node:path";

/** What the check needs of a listed file (discover's SourceFile). */
export interface Bounded {
  abs: string;
  /** The real path of the root given: a folder, or a file named on the command line (then only that file). */
  rootReal: string;
  named?: boolean;
}

/** Real paths of folders, or the error resolving one. One per run for reading; writing asks again, uncached. */
export type FolderCache = Map<string, string | Error>;

/**
 * Why this file may not be read or written, or undefined when its folder is inside its root. The message names where
 * the folder really leads; the caller puts the file's name in front.
 */
export function outsideRoot(file: Bounded, cache?: FolderCache): string | undefined {
  const folder = path.dirname(file.abs);
  let real = cache?.get(folder);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(folder);
    } catch (error) {
      real = error as Error;
    }
    cache?.set(folder, real);
  }
  if (real instanceof Error) {
    const code = (real as NodeJS.ErrnoException).code;
    // Gone since it was listed: the read or write says so in its own words.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    return `its folder cannot be resolved (${code ?? real.message}); not read or written`;
  }
  const allowed = file.named ? path.dirname(file.rootReal) : file.rootReal;
  if (file.named ? real === allowed : isInside(real, allowed)) return undefined;
  return `its folder leads outside the root through a symlink (to ${real}); not read or written`;
}

/** Is the real path `real` the folder `root` or below it? */
export function isInside(real: string, root: string): boolean {
  if (real === root) return true;
  const rel = path.relative(root, real);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
}
