// Paths -> the source files to look at. In a git work tree git's own list (every .gitignore honoured); elsewhere
// fast-glob + ignore. Symlinks are never followed: an edit through one could reach outside the root, and the atomic
// rename would replace the link with a file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import { GIT_SAFE } from "./git";
import { SOURCE_EXTENSIONS } from "./languages";

export class BadPathError extends Error {}

export interface SourceFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the repository (or root) with forward slashes: used to judge test files and for patches. */
  repoPath: string;
  /** Absolute path of the git work tree holding the file, if any. */
  gitTop?: string;
}

export interface Discovery {
  files: SourceFile[];
  /** Symlinks and other non-regular files that were not followed. */
  notFollowed: number;
}

const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", ".git"]);
const SKIPPED_SUFFIXES = [".min.js", ".d.ts", ".d.mts", ".d.cts"];
const extensions = new Set(SOURCE_EXTENSIONS);

/** True for a path (relative, forward slashes) the tool looks at: a source extension outside build output. */
export function isSourcePath(rel: string): boolean {
  const dot = rel.lastIndexOf(".");
  if (dot < 0 || !extensions.has(rel.slice(dot).toLowerCase())) return false;
  if (SKIPPED_SUFFIXES.some((s) => rel.endsWith(s))) return false;
  return !rel.split("/").slice(0, -1).some((dir) => SKIPPED_DIRS.has(dir));
}

export function gitTopOf(dir: string): string | undefined {
  const r = spawnSync("git", [...GIT_SAFE, "rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return fs.realpathSync(r.stdout.trim());
}

export function discover(paths: readonly string[], cwd: string): Discovery {
  const seen = new Set<string>();
  const files: SourceFile[] = [];
  let notFollowed = 0;
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let real: string;
    try {
      // A root or file named on the command line is followed once, even through a link: the user named it.
      real = fs.realpathSync(abs);
    } catch (error) {
      const loop = (error as NodeJS.ErrnoException).code === "ELOOP";
      throw new BadPathError(loop ? `symlink loop, not followed: ${given}` : `path not found: ${given}`);
    }
    const realStat = fs.statSync(real);
    if (realStat.isFile()) {
      // A file named on the command line is taken as asked, even with another extension or through a link.
      const gitTop = gitTopOf(path.dirname(real));
      add(real, toPosix(path.relative(gitTop ?? path.dirname(real), real)), gitTop);
      continue;
    }
    if (!realStat.isDirectory()) throw new BadPathError(`not a file or directory: ${given}`);
    const gitTop = gitTopOf(real);
    const listed = gitTop ? listWithGit(real) : listWithGlob(real);
    for (const rel of listed) {
      if (!isSourcePath(rel)) continue;
      const file = path.join(real, rel);
      let l: fs.Stats;
      try {
        l = fs.lstatSync(file);
      } catch {
        continue; // listed by git but deleted in the work tree
      }
      if (!l.isFile()) {
        notFollowed++;
        continue;
      }
      add(file, toPosix(path.relative(gitTop ?? real, file)), gitTop);
    }
  }
  return { files, notFollowed };

  function add(abs: string, repoPath: string, gitTop: string | undefined): void {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push({ abs, repoPath, gitTop });
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function listWithGit(dir: string): string[] {
  const r = spawnSync("git", [...GIT_SAFE, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`git ls-files failed in ${dir}: ${r.stderr.trim()}`);
  return [...new Set(r.stdout.split("\0").filter(Boolean))];
}

function listWithGlob(dir: string): string[] {
  const skipped = [...SKIPPED_DIRS].map((d) => `**/${d}/**`);
  const files = fg.sync("**/*", { cwd: dir, dot: true, onlyFiles: false, followSymbolicLinks: false, ignore: skipped });
  const ignores = fg
    .sync("**/.gitignore", { cwd: dir, dot: true, followSymbolicLinks: false, ignore: skipped })
    .map((rel) => ({ base: path.posix.dirname(rel), rules: readIgnore(path.join(dir, rel)) }));
  return files.filter((rel) => isSourcePath(rel) && !ignored(rel, ignores));
}

function readIgnore(file: string): Ignore {
  return ignore().add(fs.readFileSync(file, "utf8"));
}

function ignored(rel: string, ignores: ReadonlyArray<{ base: string; rules: Ignore }>): boolean {
  return ignores.some(({ base, rules }) => {
    if (base === ".") return rules.ignores(rel);
    return rel.startsWith(base + "/") && rules.ignores(rel.slice(base.length + 1));
  });
}
