// Paths -> the files to read. In a git work tree git's own list (every .gitignore honoured), narrowed by `git grep -l`
// for the prefilter words when the tree is big enough for that to pay; elsewhere fast-glob + ignore, and every listed
// file is read. Either way each file read then passes the same in-process prefilter (catalog.ts), so both ways give
// the same candidates. Symlinks are never followed: an edit through one could reach outside the root, and the atomic
// rename would replace the link with a file.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Ignore } from "ignore";
import { SOURCE_EXTENSIONS } from "./languages";
import { GIT_SAFE } from "./git";
import { tempFileOwner } from "./write";

export class BadPathError extends Error {}

export interface SourceFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the repository (or root) with forward slashes: used to judge test files and for patches. */
  repoPath: string;
  /** Absolute path of the git work tree holding the file, if any. */
  gitTop?: string;
  /** Index of the path given on the command line that led to this file: results are sorted by it, then repoPath. */
  root: number;
  /** Named on the command line: read whatever its extension, even through a link. */
  named?: boolean;
}

/** How files are narrowed before they are read. "auto": git grep in git work trees big enough for it to pay. */
export type PrefilterMethod = "auto" | "git-grep" | "read";

export interface DiscoverOptions {
  /** Strings a candidate holds, matched case-insensitively (ASCII): the catalog's PREFILTER_WORDS. */
  words: readonly string[];
  /** More strings a candidate may hold instead (revert's marker tag). git grep matches them case-insensitively too:
   * a superset, which the in-process prefilter narrows. */
  also?: readonly string[];
  method?: PrefilterMethod;
}

export interface Discovery {
  /** Source files listed under the paths given, plus the files named. */
  listed: number;
  /** Files named like our temp files (`.NAME.toggle-parallel-PID-RANDOM.tmp`, absolute paths), as a run killed
   * mid-write (SIGKILL, a crash) leaves them: untracked files nobody else would clean up. index.ts removes only those
   * write.ts proves ours. */
  leftoverTemps: string[];
  /** Roots narrowed by git grep. */
  gitGrepRoots: number;
}

/**
 * Below this many tracked source files, reading them all in-process costs no more than starting git grep (a few
 * milliseconds), so small trees are read.
 */
export const GIT_GREP_MIN_FILES = 200;

// Build output, dependencies, and Python virtualenvs and caches (a venv outside .gitignore holds whole libraries).
const SKIPPED_DIRS = ["node_modules", "dist", "build", "out", "coverage", ".git", ".venv", "venv", "__pycache__", "site-packages", ".tox", ".nox"];
const SKIPPED_SUFFIXES = [".min.js", ".d.ts", ".d.mts", ".d.cts"];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// One RegExp each (built from the lists above): a listing of 60,000 paths is judged in a few milliseconds.
const SOURCE_EXTENSION = new RegExp(`(?:${SOURCE_EXTENSIONS.map(escape).join("|")})$`, "i");
const SKIPPED_SUFFIX = new RegExp(`(?:${SKIPPED_SUFFIXES.map(escape).join("|")})$`);
/** A skipped folder anywhere on the path: a name followed by "/" is a folder, never the file itself. */
const SKIPPED_DIR = new RegExp(`(?:^|/)(?:${SKIPPED_DIRS.map(escape).join("|")})/`);

/** True for a path (relative, forward slashes) the tool looks at: a source extension outside build output. */
export function isSourcePath(rel: string): boolean {
  return SOURCE_EXTENSION.test(rel) && !SKIPPED_SUFFIX.test(rel) && !SKIPPED_DIR.test(rel);
}

export function gitTopOf(dir: string): string | undefined {
  const r = spawnSync("git", [...GIT_SAFE, "rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return fs.realpathSync(r.stdout.trim());
}

/**
 * Lists the paths and hands over the files to read, in batches, as they become known: in a git tree searched with
 * git grep only the files it finds (as it finds them) and the untracked ones; else every listed file; always every
 * file named. Batches come in no particular order; SourceFile.root and repoPath sort the results.
 */
export async function discover(
  paths: readonly string[],
  cwd: string,
  options: DiscoverOptions,
  onFiles: (files: SourceFile[]) => void,
): Promise<Discovery> {
  const seen = new Set<string>();
  const result: Discovery = { listed: 0, leftoverTemps: [], gitGrepRoots: 0 };
  // Every path is resolved first, so a bad one is a usage error before any work starts.
  const roots = paths.map((given) => {
    const abs = path.resolve(cwd, given);
    let real: string;
    try {
      // A root or file named on the command line is followed once, even through a link: the user named it.
      real = fs.realpathSync(abs);
    } catch (error) {
      const loop = (error as NodeJS.ErrnoException).code === "ELOOP";
      throw new BadPathError(loop ? `symlink loop, not followed: ${given}` : `path not found: ${given}`);
    }
    const stat = fs.statSync(real);
    if (!stat.isFile() && !stat.isDirectory()) throw new BadPathError(`not a file or directory: ${given}`);
    return { real, isFile: stat.isFile() };
  });
  for (const [root, { real, isFile }] of roots.entries()) {
    if (isFile) {
      // A file named on the command line is taken as asked, even with another extension or through a link.
      const gitTop = gitTopOf(path.dirname(real));
      result.listed++;
      const file = make(root, real, toPosix(path.relative(gitTop ?? path.dirname(real), real)), gitTop, true);
      if (file) onFiles([file]);
      continue;
    }
    const gitTop = gitTopOf(real);
    const prefix = gitTop ? toPosix(path.relative(gitTop, real)) : "";
    const emit = (rels: readonly string[]): void => {
      const files: SourceFile[] = [];
      for (const rel of rels) {
        const file = make(root, path.join(real, rel), prefix ? `${prefix}/${rel}` : rel, gitTop, false);
        if (file) files.push(file);
      }
      if (files.length) onFiles(files);
    };
    if (gitTop) {
      const listing = await listWithGit(real, options, emit);
      result.listed += listing.listed;
      result.leftoverTemps.push(...listing.temps.map((rel) => path.join(real, rel)));
      if (listing.grepped) result.gitGrepRoots++;
    } else {
      const { sources, temps } = listWithGlob(real);
      result.listed += sources.length;
      result.leftoverTemps.push(...temps.map((rel) => path.join(real, rel)));
      emit(sources);
    }
  }
  return result;

  function make(root: number, abs: string, repoPath: string, gitTop: string | undefined, named: boolean): SourceFile | undefined {
    if (seen.has(abs)) return undefined;
    seen.add(abs);
    return named ? { abs, repoPath, gitTop, root, named } : { abs, repoPath, gitTop, root };
  }
}

function toPosix(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}

/** Pathspecs for the source extensions, in any case (`FOO.TS` is a source file too). */
function sourcePathspecs(): string[] {
  return SOURCE_EXTENSIONS.map((ext) => `:(icase)*${ext}`);
}

/** Our temp files (write.ts names them), which the untracked listing also asks for. */
const TEMP_PATHSPEC = ":(glob)**/.*.toggle-parallel-*.tmp";

function isLeftoverTemp(rel: string): boolean {
  return tempFileOwner(path.posix.basename(rel)) !== undefined && !SKIPPED_DIR.test(rel);
}

/**
 * git's list of source files under dir: tracked ones, and untracked ones that no ignore rule excludes. When the tree
 * is big enough, `git grep -l` searches the tracked files for the words and only its hits are read (handed over as
 * git prints them); the untracked files, which git grep does not search, are always read.
 */
async function listWithGit(dir: string, options: DiscoverOptions, emit: (rels: readonly string[]) => void): Promise<{ listed: number; temps: string[]; grepped: boolean }> {
  const specs = sourcePathspecs();
  const untrackedRun = git(["ls-files", "-z", "--others", "--exclude-standard", "--", ...specs, TEMP_PATHSPEC], dir);
  const trackedRun = await git(["ls-files", "-z", "--cached", "--", ...specs], dir);
  if (trackedRun.status !== 0) throw new Error(`git ls-files failed in ${dir}: ${trackedRun.stderr.trim()}`);
  // Decided on the raw count, so git grep starts before the list is even split: it is the long pole.
  const method = options.method ?? "auto";
  const useGrep = method === "git-grep" || (method === "auto" && countEntries(trackedRun.stdout) >= GIT_GREP_MIN_FILES);
  const grepped = new Set<string>();
  const onHits = (rels: string[]) => {
    const fresh = rels.filter((rel) => !grepped.has(rel)); // a file both searches find is read once
    for (const rel of fresh) grepped.add(rel);
    if (fresh.length) emit(fresh);
  };
  // The flag words in any case; the extra words (revert's tag, audit's hints) as written, in a second search at the
  // same time: git grep is several times slower with -i on many patterns than on a few.
  const also = options.also ?? [];
  const grep = useGrep
    ? Promise.all([gitGrep(dir, options.words, specs, onHits, true), also.length ? gitGrep(dir, also, specs, onHits, false) : true]).then((oks) => oks.every(Boolean))
    : undefined;
  const tracked = sourcePaths(trackedRun.stdout);
  if (!grep) emit(tracked);
  const untrackedDone = await untrackedRun;
  if (untrackedDone.status !== 0) throw new Error(`git ls-files failed in ${dir}: ${untrackedDone.stderr.trim()}`);
  const untracked = sourcePaths(untrackedDone.stdout);
  const temps = untrackedDone.stdout.toString("utf8").split("\0").filter((p) => p && isLeftoverTemp(p));
  emit(untracked);
  const ok = grep ? await grep : true;
  // git grep failed (an odd config, a corrupt index...): read the tracked files it did not hand over.
  if (!ok) emit(tracked.filter((rel) => !grepped.has(rel)));
  return { listed: tracked.length + untracked.length, temps, grepped: Boolean(grep) && ok };
}

/**
 * `git grep -l` over the tracked files (their work-tree content), case-insensitive fixed strings: the files holding
 * any of the words, handed to onPaths as git prints them. Resolves false when git grep failed.
 */
function gitGrep(dir: string, words: readonly string[], specs: readonly string[], onPaths: (rels: string[]) => void, ignoreCase: boolean): Promise<boolean> {
  const patterns = words.flatMap((w) => ["-e", w]);
  // --no-full-name, --no-color: paths relative to dir and plain, whatever the user's grep.* and color.* settings.
  const args = ["grep", "-l", "-z", ...(ignoreCase ? ["-i"] : []), "-F", "--no-color", "--no-full-name", ...patterns, "--", ...specs];
  return new Promise((resolve) => {
    const child = spawn("git", [...GIT_SAFE, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let partial = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\0");
      partial = parts.pop()!;
      const rels = parts.filter(isSourcePath);
      if (rels.length) onPaths(rels);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", () => resolve(false));
    // Exit 1 with nothing on stderr: no file matched.
    child.on("close", (status) => resolve(status === 0 || (status === 1 && stderr === "")));
  });
}

/** NUL-terminated paths -> the source paths among them. */
function sourcePaths(out: Buffer): string[] {
  const paths: string[] = [];
  let previous = "";
  for (const p of out.toString("utf8").split("\0")) {
    // A file with merge conflicts is listed once per stage, next to each other.
    if (p && p !== previous && isSourcePath(p)) paths.push(p);
    previous = p;
  }
  return paths;
}

function countEntries(out: Buffer): number {
  let n = 0;
  for (let i = out.indexOf(0); i >= 0; i = out.indexOf(0, i + 1)) n++;
  return n;
}

interface GitRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git without blocking, so several git commands (and the caller) work at once. */
function git(args: readonly string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    const child = spawn("git", [...GIT_SAFE, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => resolve({ status: null, stdout: Buffer.alloc(0), stderr: e.message }));
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

function listWithGlob(dir: string): { sources: string[]; temps: string[] } {
  // Loaded here, not at start-up: only trees outside git need them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fg = require("fast-glob") as typeof import("fast-glob");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ignore = require("ignore") as () => Ignore;
  const skipped = SKIPPED_DIRS.map((d) => `**/${d}/**`);
  const files = fg.sync("**/*", { cwd: dir, dot: true, onlyFiles: false, followSymbolicLinks: false, ignore: skipped });
  const ignores = fg
    .sync("**/.gitignore", { cwd: dir, dot: true, followSymbolicLinks: false, ignore: skipped })
    .map((rel) => ({ base: path.posix.dirname(rel), rules: ignore().add(fs.readFileSync(path.join(dir, rel), "utf8")) }));
  const kept = files.filter((rel) => !ignored(rel, ignores));
  return { sources: kept.filter(isSourcePath), temps: kept.filter(isLeftoverTemp) };
}

function ignored(rel: string, ignores: ReadonlyArray<{ base: string; rules: Ignore }>): boolean {
  return ignores.some(({ base, rules }) => {
    if (base === ".") return rules.ignores(rel);
    return rel.startsWith(base + "/") && rules.ignores(rel.slice(base.length + 1));
  });
}
