// The git questions the pipeline asks: which files have uncommitted changes, and what HEAD holds.
import { spawnSync } from "node:child_process";

/**
 * Put before every git command the tool runs. A repository's own config may name a program git runs on `status` and
 * `ls-files` (core.fsmonitor): the tool must not run code from the tree it edits. And `git status` refreshes
 * .git/index as a side effect unless told not to: the tool writes nothing outside the files it edits.
 */
export const GIT_SAFE = ["--no-optional-locks", "-c", "core.fsmonitor=false"] as const;

/** Repo-relative paths (of those asked about) that differ from HEAD or are untracked. */
export function dirtyPaths(gitTop: string, repoPaths: readonly string[]): Set<string> {
  const dirty = new Set<string>();
  for (let i = 0; i < repoPaths.length; i += 500) {
    const chunk = repoPaths.slice(i, i + 500);
    const r = spawnSync("git", [...GIT_SAFE, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...chunk.map((p) => `:(literal)${p}`)], {
      cwd: gitTop,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`git status failed in ${gitTop}: ${r.stderr.trim()}`);
    const entries = r.stdout.split("\0");
    for (let j = 0; j < entries.length; j++) {
      const entry = entries[j]!;
      if (entry.length < 4) continue;
      dirty.add(entry.slice(3));
      if (entry[0] === "R" || entry[0] === "C") j++; // the rename's source path follows
    }
  }
  return dirty;
}

/** The committed bytes of a file, or undefined when HEAD does not have it. */
export function committedBytes(gitTop: string, repoPath: string): Buffer | undefined {
  const r = spawnSync("git", [...GIT_SAFE, "show", `HEAD:./${repoPath}`], { cwd: gitTop, maxBuffer: 1 << 30 });
  return r.status === 0 ? r.stdout : undefined;
}

/** True when git ignores this path: an untracked file matched by a .gitignore rule (a tracked file never is). */
export function isIgnored(gitTop: string, repoPath: string): boolean {
  const r = spawnSync("git", [...GIT_SAFE, "check-ignore", "-q", "--", repoPath], { cwd: gitTop });
  return r.status === 0;
}
