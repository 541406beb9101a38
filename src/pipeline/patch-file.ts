// Where `--patch FILE` may write. The patch is a new file the user names; it must never land on work: a source file
// of the run (it would be overwritten and the run would still say "no source file changed"), a file git tracks (its
// committed bytes and any uncommitted work), or, without --force, any file already there. A symlink is never followed
// there, even with --force: the name given is the file written.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { locateGit } from "./discover";
import { GIT_SAFE } from "./git";
import { SOURCE_EXTENSIONS } from "../languages/index";

/**
 * Why the patch may not be written at `target` (absolute), or undefined. `given` are the paths of the run (absolute):
 * a file among them is a source file of the run whatever its extension.
 */
export function patchTargetProblem(target: string, force: boolean, given: readonly string[]): string | undefined {
  // A new file with a source extension would be read as source by the next run; one inside .git would be git's
  // (a hook, its config): neither is a place for a patch, existing or not.
  const lower = target.toLowerCase();
  if (SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext)))
    return "a source file name; a patch is never written as one (name it FILE.patch)";
  if (path.resolve(target).split(path.sep).includes(".git"))
    return "inside a .git folder; a patch is never written there";
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!stat)
    return fs.statSync(path.dirname(target), { throwIfNoEntry: false })?.isDirectory()
      ? undefined
      : "its folder does not exist";
  if (stat.isSymbolicLink()) return "a symlink is there; not followed (name a new file)";
  if (!stat.isFile()) return "not a regular file";
  const real = fs.realpathSync(target);
  if (given.some((g) => sameFile(g, real))) {
    return "a source file; a patch is never written over one (name a new file)";
  }
  const git = locateGit(path.dirname(real));
  if ("refused" in git)
    return `a file is there, and whether git tracks it cannot be checked (git cannot look at its repository: ${git.refused}); name a new file`;
  if ("top" in git) {
    const rel = path.relative(git.top, real);
    const r = spawnSync("git", [...GIT_SAFE, "ls-files", "--error-unmatch", "--", `:(literal)${rel}`], {
      cwd: git.top,
    });
    if (r.status === 0)
      return "tracked by git; a patch is never written over a tracked file (name a new file, or use --patch - > FILE)";
  }
  if (!force) return "a file is there already; pass --force to replace it, or name a new file";
  return undefined;
}

function sameFile(given: string, real: string): boolean {
  try {
    return fs.realpathSync(given) === real;
  } catch {
    return false;
  }
}

const { O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Writes the patch. A new file is created exclusively (O_EXCL: a file or link that appeared since the check makes it
 * fail, never followed). With --force an existing regular file is replaced atomically: a temp file beside it, created
 * the same way under an unpredictable name, then renamed over it (the rename replaces the name, never follows it).
 */
export function writePatchFile(target: string, text: string, force: boolean): void {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!stat || !force) {
    writeNew(target, text, 0o666);
    return;
  }
  if (!stat.isFile()) throw new Error("not a regular file any more; not replaced");
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target).slice(0, 100)}.${crypto.randomBytes(6).toString("hex")}.tmp`,
  );
  writeNew(temp, text, stat.mode & 0o777, true);
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Creates `file` exclusively, never through a link; `keepMode`: the mode of the file it will replace, umask aside. */
function writeNew(file: string, text: string, mode: number, keepMode = false): void {
  const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, keepMode ? 0o600 : mode);
  try {
    if (keepMode) fs.fchmodSync(fd, mode);
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}
