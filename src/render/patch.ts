// Unified diffs with the `diff` package: a patch file `git apply` accepts, and the dry-run view of the same text.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import type { Colors } from "picocolors/types";
import { linearPatch } from "./line-diff";
import type { Printer } from "./printer";

/**
 * Past this many lines removed and added, the `diff` package gives up (its work grows with lines × changes) and the
 * linear walk of line-diff.ts writes the patch.
 */
const MAX_EDIT_LENGTH = 400;

export interface PatchEntry {
  /** Path relative to the repository root (or the current directory outside git), forward slashes. */
  path: string;
  before: string;
  after: string;
}

/** One file's diff with git's headers: `git apply` (from the repository root) accepts it. */
export function filePatch(entry: PatchEntry): string {
  const a = `a/${entry.path}`;
  const b = `b/${entry.path}`;
  const patch =
    structuredPatch(a, b, entry.before, entry.after, undefined, undefined, {
      context: 3,
      maxEditLength: MAX_EDIT_LENGTH,
    }) ?? linearPatch(a, b, entry.before, entry.after, 3);
  return `diff --git ${a} ${b}\n${formatPatch(patch, FILE_HEADERS_ONLY)}`;
}

/**
 * Why a path may not be named in a patch file, if it may not: `git apply` runs from the root, so every path must be
 * relative and stay inside it, and one path must be one header line.
 */
export function patchPathProblem(p: string): string | undefined {
  if (p === "" || p.startsWith("/") || /^[A-Za-z]:/.test(p) || p.includes("\\"))
    return "not a relative path inside the root";
  if (p.split("/").some((part) => part === ".." || part === "." || part === ""))
    return "not a relative path inside the root";
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(p)) return "holds a control character (a newline would break the patch headers)";
  return undefined;
}

export function gitPatch(entries: readonly PatchEntry[]): string {
  return entries.map(filePatch).join("");
}

/** The same diff for a terminal: headers bold, removals red, additions green, hunk lines cyan. */
export function colorPatch(patch: string, c: Colors): string {
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("diff --git") || line.startsWith("--- ") || line.startsWith("+++ ")) return c.bold(line);
      if (line.startsWith("@@")) return c.cyan(line);
      if (line.startsWith("-")) return c.red(line);
      if (line.startsWith("+")) return c.green(line);
      return line;
    })
    .join("\n");
}

/** --patch: the run's changes as a patch `git apply` takes, paths from each repository's root. */
export const patchPrinter: Printer = {
  print(result, _command, { out }) {
    out(gitPatch(result.changes.map((c) => ({ path: c.patchPath, before: c.before, after: c.after }))));
  },
};
