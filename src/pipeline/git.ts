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
    const r = spawnSync(
      "git",
      [
        ...GIT_SAFE,
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--",
        ...chunk.map((p) => `:(literal)${p}`),
      ],
      {
        cwd: gitTop,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      },
    );
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

/**
 * True when git would store these bytes at this path as exactly the blob HEAD holds there: the repository's
 * conversion applied (`.gitattributes` eol/text, core.autocrlf, ident, working-tree-encoding), as `git add` would.
 * With `* text eol=crlf` a CRLF file is stored with LF: a byte compare with HEAD calls the tool's own revert dirty.
 * A filter driver (`filter=NAME`) is a program from the repository's config: it is switched off here (an empty
 * clean command, not required), so a file that needs one hashes differently and is judged changed, the safe side.
 */
export function storedAsInHead(gitTop: string, repoPath: string, bytes: Buffer): boolean {
  const head = spawnSync("git", [...GIT_SAFE, "rev-parse", "--verify", "--quiet", `HEAD:./${repoPath}`], {
    cwd: gitTop,
    encoding: "utf8",
  });
  if (head.status !== 0) return false;
  const hash = storedHash(gitTop, repoPath, bytes);
  return hash !== undefined && hash === head.stdout.trim();
}

/** True when git would store both texts at this path as the same blob (storedAsInHead's conversion rules). */
export function storedAlike(gitTop: string, repoPath: string, a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  const hashA = storedHash(gitTop, repoPath, a);
  return hashA !== undefined && hashA === storedHash(gitTop, repoPath, b);
}

/** The blob id `git add` would give these bytes at this path, with any filter driver switched off; undefined on error. */
function storedHash(gitTop: string, repoPath: string, bytes: Buffer): string | undefined {
  const attr = spawnSync("git", [...GIT_SAFE, "check-attr", "-z", "filter", "--", repoPath], {
    cwd: gitTop,
    encoding: "utf8",
  });
  if (attr.status !== 0) return undefined;
  const driver = attr.stdout.split("\0")[2] ?? "";
  const env = driver && !["unspecified", "unset", "set"].includes(driver) ? withoutFilterDriver(driver) : process.env;
  const hash = spawnSync("git", [...GIT_SAFE, "hash-object", "--stdin", `--path=${repoPath}`], {
    cwd: gitTop,
    input: bytes,
    encoding: "utf8",
    env,
  });
  return hash.status === 0 ? hash.stdout.trim() : undefined;
}

/** The environment with git config entries that turn one filter driver off (GIT_CONFIG_COUNT: no quoting of `=`). */
function withoutFilterDriver(driver: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  let n = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  for (const [key, value] of [
    ["clean", ""],
    ["process", ""],
    ["required", "false"],
  ] as const) {
    env[`GIT_CONFIG_KEY_${n}`] = `filter.${driver}.${key}`;
    env[`GIT_CONFIG_VALUE_${n}`] = value;
    n++;
  }
  env.GIT_CONFIG_COUNT = String(n);
  return env;
}
