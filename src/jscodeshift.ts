// The jscodeshift adapter: one file in, the same core the CLI runs (processText), the edited text out.
// transforms/apply.ts and transforms/revert.ts are thin wrappers around transform() below. Nothing here parses with
// jscodeshift or re-prints a tree: api.jscodeshift is never touched, so every byte outside our edits stays as it was.
//
// jscodeshift decides which files to visit; this module makes each visit agree with what the CLI would do to that file:
// the same prefilter, the same files left alone (node_modules, dist, build output, .d.ts, git-ignored files, links,
// read-only files), the same paths for the test-file rule, and a thrown Error wherever the CLI reports a skipped file,
// so the runner counts it among its errors.
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { mayHoldFlag } from "./catalog";
import { gitTopOf, isSourcePath } from "./pipeline/discover";
import { isIgnored } from "./pipeline/git";
import { languageFor } from "./languages";
import { DEFAULT_TAG, mentionsTag, tagProblem } from "./marker";
import type { LanguageId } from "./model";
import { processText, type ProcessOptions } from "./pipeline/process";

/** What jscodeshift hands a transform: the path as its runner found it (relative to its working directory, or absolute). */
export interface FileInfo {
  path: string;
  source: string;
}

/** The parts of jscodeshift's API used here (never its parser). */
export interface Api {
  /** Counters jscodeshift prints after a --dry run (a no-op otherwise). */
  stats?: (name: string, quantity?: number) => void;
  /** A line printed as "REP <file> <message>". */
  report?: (message: string) => void;
}

/** jscodeshift passes every command-line flag it does not know to the transform, JSON-parsed where that works. */
export type Options = Record<string, unknown>;

export type TransformMode = "apply" | "revert";

/** A file the CLI would report and leave unchanged: thrown so that jscodeshift counts an error (ERR) for it. */
export class SkippedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SkippedFileError";
    // jscodeshift prints the stack after the message; for an expected refusal the message says it all.
    this.stack = "";
  }
}

/** A flag jscodeshift handed over in a shape we cannot use: every file fails with the same message. */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OptionError";
    this.stack = "";
  }
}

/**
 * The transform. Returns the edited text, the source itself when the file was looked at and nothing changes
 * (jscodeshift counts it "unmodified"), or undefined when the file is none of our business: no flag named in it, not
 * a language we handle, or a file the CLI does not visit (jscodeshift counts it "skipped"). A Promise only when a
 * language must load its parser first (none of the TypeScript/JavaScript extensions needs that).
 */
export function transform(
  mode: TransformMode,
  file: FileInfo,
  api: Api | undefined,
  options: Options | undefined,
): string | undefined | Promise<string | undefined> {
  const processOptions = readOptions(mode, options ?? {});
  const language = languageFor(file.path);
  if (!language) return undefined;
  const text = file.source;
  // The CLI's prefilter: a file that names no flag (nor, for revert, the tag) is neither parsed nor reported.
  if (!mayHoldFlag(text) && !(mode === "revert" && mentionsTag(text, processOptions.tag))) return undefined;
  const where = locate(file.path);
  if (!where.visited) return undefined;
  if (text.includes("\0")) throw new SkippedFileError(`${file.path}: binary file (holds NUL bytes); skipped`);
  // jscodeshift decodes with replacement characters: writing that text back would destroy the bytes it replaced.
  if (text.includes("\uFFFD") && !isUtf8(fs.readFileSync(where.abs)))
    throw new SkippedFileError(`${file.path}: not valid UTF-8; skipped`);
  const run = () => edit(mode, file, where, processOptions, api);
  if (language.prepare && !prepared.has(language.id)) {
    return language.prepare().then(() => {
      prepared.add(language.id);
      return run();
    });
  }
  return run();
}

const prepared = new Set<LanguageId>();

function edit(
  mode: TransformMode,
  file: FileInfo,
  where: Located,
  options: ProcessOptions,
  api: Api | undefined,
): string | undefined {
  const outcome = processText(where.repoPath, file.source, mode, options);
  if (!outcome) return file.source;
  if (outcome.skipped) {
    const { line, column, message, why } = outcome.skipped;
    throw new SkippedFileError(`${file.path}:${line}:${column}: ${why}: ${message.replace(/\.+$/, "")}; skipped`);
  }
  for (const note of outcome.plan.notes) api?.report?.(`${note.line}:${note.column}: ${note.message}`);
  if (outcome.after === file.source) return file.source;
  // Files the CLI's discovery never lists, asked only of the few files that would change: git-ignored, a link.
  if (where.gitTop && isIgnored(where.gitTop, where.repoPath)) return undefined;
  const stat = fs.lstatSync(where.abs);
  if (stat.isSymbolicLink()) return undefined;
  if ((stat.mode & 0o222) === 0)
    throw new SkippedFileError(`${file.path}: read-only file; not changed (make it writable to edit it)`);
  api?.stats?.(mode === "apply" ? "sites switched on" : "sites restored", outcome.plan.changed.length);
  return outcome.after;
}

interface Located {
  abs: string;
  /** The path the core judges (test files, build output): relative to the git work tree, else to the working directory. */
  repoPath: string;
  gitTop?: string;
  /**
   * False for a file the CLI's discovery leaves out: under node_modules, dist, build, out or coverage, a .d.ts or
   * .min.js file, or a file reached through a linked directory below the working directory (jscodeshift follows
   * links; the CLI does not, since an edit through one can land outside the tree).
   */
  visited: boolean;
}

const gitTops = new Map<string, string | undefined>();

function locate(given: string): Located {
  const abs = path.resolve(given);
  const dir = path.dirname(abs);
  if (!gitTops.has(dir)) gitTops.set(dir, gitTopOf(dir));
  const gitTop = gitTops.get(dir);
  // git reports its top with links resolved; compare like with like.
  const base = gitTop ?? process.cwd();
  const from = gitTop ? path.join(realDir(dir), path.basename(abs)) : abs;
  const rel = path.relative(base, from);
  const inside = isBelow(base, from);
  const repoPath = toPosix(inside ? rel : abs);
  const throughLink = isBelow(process.cwd(), dir) && realDir(dir) !== dir;
  return { abs, repoPath, gitTop, visited: !throughLink && isSourcePath(inside ? repoPath : path.basename(abs)) };
}

function isBelow(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** The CLI's options, read from jscodeshift's: --marker=TAG, --includeTests, --includeDefaults (revert: --force). */
export function readOptions(mode: TransformMode, options: Options): ProcessOptions {
  if (options.tag !== undefined) throw new OptionError("unknown option --tag: the marker tag is given as --marker=TAG");
  const tag = readTag(options.marker);
  const apply = mode === "apply";
  return {
    tag,
    // revert takes neither: like the CLI's revert, it restores every marker of the tag.
    includeTests: apply && readBoolean(options, "includeTests", "include-tests"),
    includeDefaults: apply && readBoolean(options, "includeDefaults", "include-defaults"),
    force: !apply && readBoolean(options, "force"),
  };
}

function readTag(value: unknown): string {
  if (value === undefined) return DEFAULT_TAG;
  if (typeof value !== "string") {
    const why =
      value === true
        ? "needs a value (--marker=TAG)"
        : Array.isArray(value)
          ? "was given more than once"
          : `was read as ${JSON.stringify(value)} (jscodeshift reads a value that looks like JSON as JSON); use a tag with a letter in it`;
    throw new OptionError(`--marker ${why}`);
  }
  const problem = tagProblem(value);
  if (problem) throw new OptionError(problem);
  return value;
}

/**
 * jscodeshift reads an unknown flag followed by a word as "flag with a value": `--includeTests src` hands the
 * transform includeTests = "src" and drops src from the paths. Only a real boolean (or 1/0) is accepted, so that
 * mistake stops the run instead of passing silently.
 */
function readBoolean(options: Options, ...names: string[]): boolean {
  for (const name of names) {
    const value = options[name];
    if (value === undefined) continue;
    if (value === true || value === 1 || value === "true") return true;
    if (value === false || value === 0 || value === "false") return false;
    throw new OptionError(
      `--${name} got the value ${JSON.stringify(value)}: jscodeshift takes the word after a flag it does not know as that ` +
        `flag's value. Write --${name}=true, or put the flag before another option.`,
    );
  }
  return false;
}
