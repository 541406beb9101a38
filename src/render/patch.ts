// Unified diffs with the `diff` package: a patch file `git apply` accepts, and the dry-run view of the same text.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import type { Colors } from "picocolors/types";

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
  const patch = structuredPatch(a, b, entry.before, entry.after, undefined, undefined, { context: 3 });
  return `diff --git ${a} ${b}\n${formatPatch(patch, FILE_HEADERS_ONLY)}`;
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
