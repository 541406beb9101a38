// Builds the benchmark's second tree: copies of real agent code (the clones under /work/repos, or $TP_BENCH_REPOS),
// replicated to about 60,000 source files, with every parallel-tool-call flag name neutralised, so that the tree holds
// what real agent code holds (tool-call handling everywhere, which the audit reads) and no site to flip. The tree
// lives in the temp folder, outside the repository: nobody's code is committed. Cached by REAL_TREE_VERSION.
//
//   node bench/real-tree.mjs [--repos DIR] [--files N]   (prints the tree's folder)
//
// Used by bench/run.mjs (its "real" tree); returns undefined, and says why, when there are no repositories to copy.
import { commitTree } from "./generate.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bump when the copied bytes change (the neutraliser, the extensions), so cached trees are rebuilt. */
export const REAL_TREE_VERSION = 1;

export const DEFAULT_REPOS = process.env.TP_BENCH_REPOS || "/work/repos";

const SOURCE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;
// What the tool itself skips, and what is not the repositories' own code.
const SKIP_DIRS = new Set([
  ".git",
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  ".venv",
  "venv",
  "__pycache__",
  ".next",
  ".turbo",
]);
const MAX_BYTES = 512 * 1024;

/**
 * "parallel" before "tool calls" (or "tool use", "tool calling"), in any case or separator style, becomes "serial" in
 * the same case: parallel_tool_calls -> serial_tool_calls, disableParallelToolUse -> disableSerialToolUse,
 * PARALLEL-TOOL-CALLS -> SERIAL-TOOL-CALLS. Every flag of the catalog says those words, so none is left; the
 * audit's words (tool_calls, tool_use) stay, as they are in the original code.
 */
export function neutralise(text) {
  return text.replace(
    /(parallel)([\s_\-.]*tool[\s_\-.]*(?:calls?|calling|uses?))/gi,
    (_, word, rest) => sameCase(word, "serial") + rest,
  );
}

function sameCase(word, replacement) {
  if (word === word.toUpperCase()) return replacement.toUpperCase();
  if (word[0] === word[0].toUpperCase()) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}

/** The source files of one repository clone, relative to it (a walk: some clones have no usable index). */
function sourceFiles(root) {
  const out = [];
  const walk = (dir, rel) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      } else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith(".d.ts") && !e.name.includes(".min.")) {
        out.push(rel ? `${rel}/${e.name}` : e.name);
      }
    }
  };
  walk(root, "");
  return out.sort();
}

/** Where the tree for these options goes (shared by every checkout on the machine: it holds no project code). */
export function realTreeDir(files = 60_000) {
  return path.join(os.tmpdir(), `toggle-parallel-bench-real-n${files}-v${REAL_TREE_VERSION}`);
}

/**
 * The tree, built once: returns { dir, stats } or { skipped: reason }. Files are copied round-robin over the
 * repositories' files, copy k of a file going to copyK/<repo>/<path>, until `files` source files are written.
 */
export function ensureRealTree({ repos = DEFAULT_REPOS, files = 60_000, log = () => {} } = {}) {
  const dir = realTreeDir(files);
  const statsFile = path.join(dir, ".git", "bench-tree.json");
  if (fs.existsSync(statsFile)) return { dir, stats: JSON.parse(fs.readFileSync(statsFile, "utf8")) };
  if (!fs.existsSync(repos)) return { skipped: `no repositories to copy at ${repos} (set TP_BENCH_REPOS)` };
  const sources = [];
  const names = [];
  for (const name of fs.readdirSync(repos).sort()) {
    const root = path.join(repos, name);
    if (!fs.statSync(root).isDirectory()) continue;
    const list = sourceFiles(root);
    if (list.length) names.push(name);
    for (const rel of list) sources.push({ abs: path.join(root, rel), rel: `${name}/${rel}` });
  }
  if (!sources.length) return { skipped: `no source files under ${repos}` };
  log(
    `copying real agent code from ${names.length} repositories (${sources.length} source files) into ${dir}, to ${files} files; once`,
  );
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const made = new Set();
  let bytes = 0;
  let written = 0;
  const texts = new Map();
  for (let copy = 0; written < files; copy++) {
    for (const s of sources) {
      if (written >= files) break;
      let text = texts.get(s.abs);
      if (text === undefined) {
        try {
          const buffer = fs.readFileSync(s.abs);
          text = buffer.length > MAX_BYTES ? null : neutralise(buffer.toString("latin1"));
        } catch {
          text = null;
        }
        texts.set(s.abs, text);
      }
      if (text === null) continue;
      const abs = path.join(tmp, `copy${copy}`, neutralise(s.rel));
      const parent = path.dirname(abs);
      if (!made.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      // latin1 both ways: the bytes are copied as they are, only the ASCII flag words change.
      fs.writeFileSync(abs, text, "latin1");
      bytes += text.length;
      written++;
    }
    if (copy > 100) break; // every file skipped: nothing more to add
  }
  commitTree(tmp, "copies of real agent code, flag names neutralised, for the toggle-parallel benchmark");
  const stats = { sources: written, bytes, repos: names, unique: sources.length };
  fs.writeFileSync(path.join(tmp, ".git", "bench-tree.json"), JSON.stringify(stats) + "\n");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { dir, stats };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const r = ensureRealTree({
    repos: get("--repos") ?? DEFAULT_REPOS,
    files: Number(get("--files") ?? 60_000),
    log: (l) => process.stderr.write(l + "\n"),
  });
  if (r.skipped) {
    process.stderr.write(`real tree skipped: ${r.skipped}\n`);
    process.exit(0);
  }
  process.stdout.write(`${r.dir}\n`);
}
