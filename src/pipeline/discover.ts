// Paths -> the files to read. In a git work tree git's own list (every .gitignore honoured), narrowed by `git grep -l`
// for the prefilter words when the tree is big enough for that to pay; elsewhere a folder walk + ignore, and every
// listed file is read. Nested repositories (submodules too) are listed the same way, as repositories of their own.
// Names are taken as bytes: one that is not UTF-8, or a folder that cannot be opened, is reported, never dropped.
// Either way each file read then passes the same in-process prefilter (catalog.ts), so both ways give the same
// candidates. Symlinks are never followed: an edit through one could reach outside the root, and the atomic
// rename would replace the link with a file.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Ignore } from "ignore";
import { inSkippedDirOfItsLanguage, languageFor, notReadMessage, SOURCE_EXTENSIONS } from "../languages/index";
import { GIT_SAFE } from "./git";
import { isInside } from "./boundary";
import { tempFileOwner } from "./write";
import { escapeNameBytes, isUtf8Name } from "../render/escape";
import { escapeRegExp } from "../text";

export class BadPathError extends Error {}

export interface SourceFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the repository (or root) with forward slashes: used to judge test files and for patches. */
  repoPath: string;
  /** Absolute path of the git work tree holding the file, if any. */
  gitTop?: string;
  /** git refused to look at the repository holding the file (locateGit): its changes cannot be checked. */
  gitRefused?: string;
  /** Index of the path given on the command line that led to this file: results are sorted by it, then repoPath. */
  root: number;
  /** The real path of that root (a folder, or the named file): the file's real folder must lie inside it (boundary.ts). */
  rootReal: string;
  /** Named on the command line: read whatever its extension, even through a link. */
  named?: boolean;
  /** In a nested repository (a submodule, or a repository inside the tree): the path from the outer repository (or
   * root), for patch headers and ordering; repoPath stays relative to the nested repository, for git's questions. */
  outerPath?: string;
}

/** Something under the paths given that was not looked at, and why: each becomes a problem (check fails on it). */
export interface Unscanned {
  /** Absolute path for display; a name that is not UTF-8 holds `\xHH` escapes in place of its bytes. */
  abs: string;
  message: string;
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
  /** Files and folders that could not be listed or read: a name that is not UTF-8, a folder path too long. */
  unscanned: Unscanned[];
  /** Worth a line, not a failure: a submodule that is not checked out (nothing there to scan). */
  notices: Unscanned[];
  /** Roots (absolute) in a repository git refused to look at, with git's reason: listed without git. */
  gitRefused: Array<{ root: string; reason: string }>;
}

/**
 * Below this many tracked source files, reading them all in-process costs no more than starting git grep (a few
 * milliseconds), so small trees are read.
 */
export const GIT_GREP_MIN_FILES = 200;

// Build output, dependencies, and Python virtualenvs and caches (a venv outside .gitignore holds whole libraries).
const SKIPPED_DIRS = [
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  ".git",
  ".venv",
  "venv",
  "__pycache__",
  "site-packages",
  ".tox",
  ".nox",
];
const SKIPPED_SUFFIXES = [".min.js", ".d.ts", ".d.mts", ".d.cts"];
// One RegExp each (built from the lists above): a listing of 60,000 paths is judged in a few milliseconds.
const SOURCE_EXTENSION = new RegExp(`(?:${SOURCE_EXTENSIONS.map(escapeRegExp).join("|")})$`, "i");
const SKIPPED_SUFFIX = new RegExp(`(?:${SKIPPED_SUFFIXES.map(escapeRegExp).join("|")})$`);
/** A skipped folder anywhere on the path: a name followed by "/" is a folder, never the file itself. */
const SKIPPED_DIR = new RegExp(`(?:^|/)(?:${SKIPPED_DIRS.map(escapeRegExp).join("|")})/`);

/** True for a path (relative, forward slashes) the tool looks at: a source extension outside build output. */
export function isSourcePath(rel: string): boolean {
  // One lookup by extension (every listed file passes here) gives the language the folder rule needs too.
  const language = languageFor(rel);
  return (
    language !== undefined &&
    !SKIPPED_SUFFIX.test(rel) &&
    !SKIPPED_DIR.test(rel) &&
    !inSkippedDirOfItsLanguage(rel, language)
  );
}

export function gitTopOf(dir: string): string | undefined {
  const where = locateGit(dir);
  return "top" in where ? where.top : undefined;
}

/**
 * The git work tree holding dir; {} outside git (or without git); or why git refused to look, e.g. "detected dubious
 * ownership" for a repository another user owns. A refusal is not "outside git": the dirty check could not run, so
 * the caller must say so and not edit (safe.directory is not passed to override it, see docs/safety.md).
 */
export function locateGit(dir: string): { top: string } | { refused: string } | Record<string, never> {
  // Messages in English, so "not a git repository" can be told from a refusal whatever the user's locale.
  const env = { ...process.env, LC_ALL: "C", LANGUAGE: "" };
  const r = spawnSync("git", [...GIT_SAFE, "rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8", env });
  if (r.status === 0) return { top: fs.realpathSync(r.stdout.trim()) };
  if (r.error) {
    // git could not run at all (not installed): fine outside a repository, a refusal inside one.
    const dotGit = dotGitAbove(dir);
    return dotGit ? { refused: `git could not run (${r.error.message}), though ${dotGit} exists` } : {};
  }
  const first = (
    r.stderr.split("\n").find((line) => line.trim()) ?? `git rev-parse failed (exit ${r.status ?? r.signal})`
  )
    .replace(/^fatal: /, "")
    .trim();
  if (!/not a git repository/i.test(r.stderr)) return { refused: first };
  // "Not a repository", yet a .git is there (a broken or half-copied repository): its changes cannot be checked either.
  const dotGit = dotGitAbove(dir);
  return dotGit ? { refused: `${first}, though ${dotGit} exists` } : {};
}

/** The nearest .git (folder or file) at or above dir, if any. */
export function dotGitAbove(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const candidate = path.join(at, ".git");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(at) === at) return undefined;
  }
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
  const result: Discovery = {
    listed: 0,
    leftoverTemps: [],
    gitGrepRoots: 0,
    unscanned: [],
    notices: [],
    gitRefused: [],
  };
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
  // Without git, a path is judged (a test file, a user interface) relative to the working directory when it lies
  // there, as jscodeshift's transform judges it: `scan src/components` and `scan .` then read a file alike.
  let cwdReal: string | undefined;
  try {
    cwdReal = fs.realpathSync(cwd);
  } catch {
    // the working directory is gone: each path is judged relative to its root
  }
  const judgedFrom = (real: string, fallback: string): string =>
    cwdReal !== undefined && isInside(real, cwdReal) ? cwdReal : fallback;
  for (const [root, { real, isFile }] of roots.entries()) {
    const where = locateGit(isFile ? path.dirname(real) : real);
    const gitTop = "top" in where ? where.top : undefined;
    const refused = "refused" in where ? where.refused : undefined;
    if (refused) result.gitRefused.push({ root: real, reason: refused });
    if (isFile) {
      // A file named on the command line is taken as asked, even through a link; one of another language is named
      // back (exit 1, like any file not looked at), whatever it holds, never passed over in silence.
      result.listed++;
      // The language goes by the real file's name, as languageFor reads it later (a link named .ts to notes.txt too).
      if (!SOURCE_EXTENSION.test(real)) {
        result.unscanned.push({ abs: path.resolve(cwd, paths[root]!), message: notReadMessage(real) });
        continue;
      }
      const base = gitTop ?? judgedFrom(real, path.dirname(real));
      const file = make(root, real, toPosix(path.relative(base, real)), gitTop, true, refused);
      if (file) onFiles([file]);
      continue;
    }
    await listFolder(root, real, gitTop, undefined, refused);
  }
  return result;

  /**
   * Lists one folder: with git in a work tree, else by walking it. A nested repository (a submodule, or a repository
   * inside the tree, which git lists as one entry and never descends into) is listed the same way, as its own
   * repository: its files are scanned, and its own git answers whether they have uncommitted changes.
   */
  async function listFolder(
    root: number,
    real: string,
    gitTop: string | undefined,
    outer: string | undefined,
    refused?: string,
  ): Promise<void> {
    const prefix = toPosix(path.relative(gitTop ?? judgedFrom(real, real), real));
    const emit = (rels: readonly string[]): void => {
      const files: SourceFile[] = [];
      for (const rel of rels) {
        const repoPath = prefix ? `${prefix}/${rel}` : rel;
        const file = make(root, path.join(real, rel), repoPath, gitTop, false, refused);
        if (file && outer !== undefined) file.outerPath = `${outer}/${rel}`;
        if (file) files.push(file);
      }
      if (files.length) onFiles(files);
    };
    let nested: string[];
    if (gitTop) {
      const listing = await listWithGit(real, options, emit, cwd);
      result.listed += listing.listed;
      for (const rel of listing.temps) result.leftoverTemps.push(path.join(real, rel));
      if (listing.grepped) result.gitGrepRoots++;
      for (const u of listing.unscanned) result.unscanned.push(u);
      nested = listing.nested;
    } else {
      const listing = listWithWalk(real);
      result.listed += listing.sources.length;
      for (const rel of listing.temps) result.leftoverTemps.push(path.join(real, rel));
      for (const u of listing.unscanned) result.unscanned.push(u);
      emit(listing.sources);
      nested = listing.nested;
    }
    for (const rel of nested) {
      const abs = path.join(real, rel);
      const outerRel = outer !== undefined ? `${outer}/${rel}` : prefix ? `${prefix}/${rel}` : rel;
      if (!fs.existsSync(path.join(abs, ".git"))) {
        result.notices.push({ abs, message: "submodule not checked out; nothing there to scan" });
        continue;
      }
      let nestedTop: string | undefined;
      let realAbs: string | undefined;
      let why = "git cannot open";
      try {
        realAbs = fs.realpathSync(abs);
        const nestedGit = locateGit(abs);
        if ("top" in nestedGit) nestedTop = nestedGit.top;
        if ("refused" in nestedGit) why = `git refuses to look at (${nestedGit.refused})`;
      } catch {
        // removed while listing, or git's answer names a folder that is gone
      }
      if (realAbs === undefined) continue;
      if (nestedTop !== realAbs) {
        result.unscanned.push({
          abs,
          message: `nested repository that ${why}; not scanned (name it as a path to scan it)`,
        });
        continue;
      }
      await listFolder(root, nestedTop, nestedTop, outerRel);
    }
  }

  function make(
    root: number,
    abs: string,
    repoPath: string,
    gitTop: string | undefined,
    named: boolean,
    gitRefused: string | undefined,
  ): SourceFile | undefined {
    if (seen.has(abs)) return undefined;
    seen.add(abs);
    const file: SourceFile = { abs, repoPath, gitTop, root, rootReal: roots[root]!.real };
    if (named) file.named = true;
    if (gitRefused) file.gitRefused = gitRefused;
    return file;
  }
}

function toPosix(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}

/** Pathspecs for the source extensions, in any case (`FOO.TS` is a source file too). */
function sourcePathspecs(): string[] {
  return SOURCE_EXTENSIONS.map((ext) => `:(icase)*${ext}`);
}

function isLeftoverTemp(rel: string): boolean {
  return tempFileOwner(path.posix.basename(rel)) !== undefined && !SKIPPED_DIR.test(rel);
}

/**
 * git's list of source files under dir: tracked ones, and untracked ones that no ignore rule excludes. When the tree
 * is big enough, `git grep -l` searches the tracked files for the words and only its hits are read (handed over as
 * git prints them); the untracked files, which git grep does not search, are always read.
 */
async function listWithGit(
  dir: string,
  options: DiscoverOptions,
  emit: (rels: readonly string[]) => void,
  cwd: string,
): Promise<{ listed: number; temps: string[]; grepped: boolean; nested: string[]; unscanned: Unscanned[] }> {
  const specs = sourcePathspecs();
  // Every untracked path (not only source files): a nested repository is listed as one "path/" entry, and a folder
  // git could not open is named on stderr; both would be missed by a listing narrowed to source extensions.
  const untrackedRun = git(["ls-files", "-z", "--others", "--exclude-standard"], dir);
  // With stages (-s): a submodule is a gitlink (mode 160000), not a file.
  const trackedRun = await git(["ls-files", "-z", "--cached", "-s"], dir);
  if (trackedRun.status !== 0) throw repositoryError(dir, cwd, trackedRun.stderr);
  const { paths: trackedAll, gitlinks } = stagedEntries(trackedRun.stdout);
  // Decided on the raw count, so git grep starts before the list is even split: it is the long pole.
  const method = options.method ?? "auto";
  const useGrep = method === "git-grep" || (method === "auto" && countEntries(trackedRun.stdout) >= GIT_GREP_MIN_FILES);
  const unscanned: Unscanned[] = [];
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
    ? Promise.all([
        gitGrep(dir, options.words, specs, onHits, true),
        also.length ? gitGrep(dir, also, specs, onHits, false) : true,
      ]).then((oks) => oks.every(Boolean))
    : undefined;
  const tracked = sourcePaths(trackedAll, dir, unscanned);
  if (!grep) emit(tracked);
  const untrackedDone = await untrackedRun;
  if (untrackedDone.status !== 0) throw repositoryError(dir, cwd, untrackedDone.stderr);
  // git names the folders it could not open (a path longer than PATH_MAX, no permission) and goes on.
  // git cuts its messages at 4,096 bytes: a path near PATH_MAX arrives without its end and without the reason.
  for (const m of untrackedDone.stderr.matchAll(/^warning: could not open directory '([^'\n]*)(?:': (.*))?$/gm)) {
    const why = m[2] ? m[2].toLowerCase() : "git could not open it, its path is too long";
    unscanned.push({ abs: path.join(dir, m[1]!) + (m[2] ? "" : "…"), message: `folder not scanned: ${why}` });
  }
  const untrackedAll = splitEntries(untrackedDone.stdout);
  const nestedUntracked = untrackedAll
    .filter((p): p is string => typeof p === "string" && p.endsWith("/"))
    .map((p) => p.slice(0, -1));
  const nested = [...gitlinks, ...nestedUntracked].filter((p) => !SKIPPED_DIR.test(`${p}/`));
  const untracked = sourcePaths(
    untrackedAll.filter((p) => typeof p !== "string" || !p.endsWith("/")),
    dir,
    unscanned,
  );
  const temps = untrackedAll.filter((p): p is string => typeof p === "string" && isLeftoverTemp(p));
  emit(untracked);
  const ok = grep ? await grep : true;
  // git grep failed (an odd config, a corrupt index...): read the tracked files it did not hand over.
  if (!ok) emit(tracked.filter((rel) => !grepped.has(rel)));
  return { listed: tracked.length + untracked.length, temps, grepped: Boolean(grep) && ok, nested, unscanned };
}

/** git could not read the repository (a damaged .git/index...): the run stops, naming it, rather than guess. */
function repositoryError(dir: string, cwd: string, stderr: string): BadPathError {
  const top = toPosix(path.relative(cwd, dir)) || ".";
  const why = stderr.trim().split("\n").pop() || "git ls-files failed";
  return new BadPathError(
    `repository ${top}: git cannot list its files (${why}); nothing was scanned. Repair it (a damaged .git/index: rm .git/index && git reset), or name the folders to scan`,
  );
}

/**
 * `git grep -l` over the tracked files (their work-tree content), case-insensitive fixed strings: the files holding
 * any of the words, handed to onPaths as git prints them. Resolves false when git grep failed.
 */
function gitGrep(
  dir: string,
  words: readonly string[],
  specs: readonly string[],
  onPaths: (rels: string[]) => void,
  ignoreCase: boolean,
): Promise<boolean> {
  const patterns = words.flatMap((w) => ["-e", w]);
  // --no-full-name, --no-color: paths relative to dir and plain, whatever the user's grep.* and color.* settings.
  const args = [
    "grep",
    "-l",
    "-z",
    ...(ignoreCase ? ["-i"] : []),
    "-F",
    "--no-color",
    "--no-full-name",
    ...patterns,
    "--",
    ...specs,
  ];
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

/**
 * NUL-terminated paths, each as raw bytes: git prints names as the file system holds them, and a name that is not
 * UTF-8 cannot become a JavaScript string and back (it would be read as another, missing, file).
 */
function splitEntries(out: Buffer): Array<string | Buffer> {
  // Almost always the whole listing is UTF-8: one decode and one split, as cheap as before names were checked.
  if (isUtf8Name(out))
    return out
      .toString("utf8")
      .split("\0")
      .filter((p) => p !== "");
  const entries: Array<string | Buffer> = [];
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const bytes = out.subarray(start, end);
    if (bytes.length) entries.push(isUtf8Name(bytes) ? bytes.toString("utf8") : Buffer.from(bytes));
    start = end + 1;
  }
  return entries;
}

/**
 * `git ls-files -s` entries ("MODE OBJECT STAGE\tPATH") -> the paths, and the gitlinks (submodules) among them. A
 * gitlink whose name is not UTF-8 stays among the paths, as bytes ending in "/", to be named as a folder.
 */
function stagedEntries(out: Buffer): { paths: Array<string | Buffer>; gitlinks: string[] } {
  const paths: Array<string | Buffer> = [];
  const gitlinks: string[] = [];
  for (const entry of splitEntries(out)) {
    const gitlink =
      typeof entry === "string" ? entry.startsWith("160000 ") : entry.subarray(0, 7).toString("latin1") === "160000 ";
    if (typeof entry === "string") {
      const name = entry.slice(entry.indexOf("\t") + 1);
      if (gitlink) gitlinks.push(name);
      else paths.push(name);
      continue;
    }
    const name = entry.subarray(entry.indexOf(9) + 1);
    if (isUtf8Name(name)) (gitlink ? gitlinks : paths).push(name.toString("utf8"));
    else paths.push(gitlink ? Buffer.concat([name, Buffer.from("/")]) : Buffer.from(name));
  }
  return { paths, gitlinks };
}

/**
 * Listed paths -> the source paths among them. A source file whose name is not UTF-8 is named in `unscanned` (with
 * its bytes escaped): the tool cannot open it by a string path, and must not pass over it in silence.
 */
function sourcePaths(entries: ReadonlyArray<string | Buffer>, dir: string, unscanned: Unscanned[]): string[] {
  const paths: string[] = [];
  let previous: string | Buffer = "";
  for (const p of entries) {
    // A file with merge conflicts is listed once per stage, next to each other.
    if (typeof p === "string") {
      if (p !== previous && isSourcePath(p)) paths.push(p);
    } else if (!(Buffer.isBuffer(previous) && previous.equals(p))) {
      // A folder (a nested repository git lists as "name/") is named too: everything in it went unseen.
      if (p[p.length - 1] === 0x2f)
        unscanned.push({ abs: path.join(dir, escapeNameBytes(p.subarray(0, -1))), message: NOT_UTF8_FOLDER });
      else if (isSourcePath(p.toString("latin1")))
        unscanned.push({ abs: path.join(dir, escapeNameBytes(p)), message: NOT_UTF8_NAME });
    }
    previous = p;
  }
  return paths;
}

const NOT_UTF8_NAME = "file name is not valid UTF-8; not read (rename it to scan it)";
const NOT_UTF8_FOLDER = "folder name is not valid UTF-8; not scanned (rename it to scan it)";

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
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/**
 * Outside git: every file under dir (symlinks listed, never followed; skipped folders not entered), then the
 * .gitignore rules found on the way. Names are read as bytes: one that is not UTF-8 is named, not silently mangled.
 * A folder that cannot be opened (a path longer than PATH_MAX, no permission) is named and skipped; a folder holding
 * a .git is a nested repository, listed by git as its own root.
 */
function listWithWalk(dir: string): { sources: string[]; temps: string[]; nested: string[]; unscanned: Unscanned[] } {
  // Loaded here, not at start-up: only trees outside git need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily (above)
  const ignore = require("ignore") as () => Ignore;
  const files: string[] = [];
  const gitignores: string[] = [];
  const nested: string[] = [];
  const unscanned: Unscanned[] = [];
  const pending: string[] = [""];
  while (pending.length) {
    const rel = pending.pop()!;
    const abs = rel ? path.join(dir, rel) : dir;
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === "ENOENT" || e.code === "ENOTDIR") continue; // removed while listing: nothing there any more
      unscanned.push({ abs, message: `folder not scanned: ${folderError(e)}` });
      continue;
    }
    for (const entry of entries) {
      if (!isUtf8Name(entry.name)) {
        const shown = (rel ? `${rel}/` : "") + escapeNameBytes(entry.name);
        if (entry.isDirectory() || isSourcePath(entry.name.toString("latin1"))) {
          unscanned.push({
            abs: path.join(dir, shown),
            message: entry.isDirectory() ? NOT_UTF8_FOLDER : NOT_UTF8_NAME,
          });
        }
        continue;
      }
      const name = entry.name.toString("utf8");
      const child = rel ? `${rel}/${name}` : name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.includes(name)) continue;
        if (fs.existsSync(path.join(dir, child, ".git"))) nested.push(child);
        else pending.push(child);
      } else {
        files.push(child);
        if (name === ".gitignore" && entry.isFile()) gitignores.push(child);
      }
    }
  }
  const ignores = gitignores.flatMap((rel) => {
    try {
      return [{ base: path.posix.dirname(rel), rules: ignore().add(fs.readFileSync(path.join(dir, rel), "utf8")) }];
    } catch {
      return []; // removed while listing, or unreadable: its rules cannot apply
    }
  });
  const kept = files.filter((rel) => !ignored(rel, ignores));
  return {
    sources: kept.filter(isSourcePath),
    temps: kept.filter(isLeftoverTemp),
    nested: nested.filter((rel) => !ignored(`${rel}/`, ignores)),
    unscanned,
  };
}

function folderError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENAMETOOLONG") return "its path is longer than the system allows (ENAMETOOLONG)";
  return `${error.message.replace(/^\w+: /, "").replace(/, \w+ '.*'$/s, "")} (${error.code ?? "error"})`;
}

function ignored(rel: string, ignores: ReadonlyArray<{ base: string; rules: Ignore }>): boolean {
  return ignores.some(({ base, rules }) => {
    if (base === ".") return rules.ignores(rel);
    return rel.startsWith(base + "/") && rules.ignores(rel.slice(base.length + 1));
  });
}
