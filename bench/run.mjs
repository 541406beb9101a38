// npm run bench [-- --quick] [--tree DIR] [--runs N] [--out FILE] [--seed N] [--files N] [--no-build]
// npm run bench -- --shapes [--only NAME,..] [--runs N] [--out FILE] [--no-build]
// npm run bench -- --real [--runs N] [--out FILE] [--no-build]
//
// Times toggle-parallel against the floor (git grep -l for the flag spellings) and against ast-grep and jscodeshift
// doing the same search, on a synthetic 60,000-file monorepo (bench/generate.mjs, cached under bench/.cache/) or on
// an existing tree (--tree DIR). Runs alternate: one warm-up round, then --runs counted rounds (5), each running every
// tool once. Prints medians of wall time and peak RSS, ratios to the floor, and the targets of issue 6.
// A second tree follows the synthetic one: copies of real agent code (bench/real-tree.mjs: the clones in /work/repos
// or $TP_BENCH_REPOS, replicated to 60,000 files, flag names neutralised, built once in the temp folder, never
// committed), where many files handle tool calls and the audit reads them; scan and scan --no-audit against git grep.
// --real runs only that tree; it is skipped, with a line saying so, when there is no repository to copy.
// --quick leaves out ast-grep and jscodeshift. --out FILE also writes the report (Markdown) to FILE.
// --shapes times the adversarial shapes of bench/shapes.mjs instead (scan, apply --dry-run, apply, revert), each
// against its baseline (the same content laid out one statement a line) measured in the same round; --only NAME,..
// times just those shapes (the rows a change touches).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GENERATOR_VERSION, writeTree } from "./generate.mjs";
import { SHAPES_VERSION, snapshot, writeShapes } from "./shapes.mjs";
import { DEFAULT_REPOS, ensureRealTree, REAL_TREE_VERSION } from "./real-tree.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "toggle-parallel.js");

function parseArgs(argv) {
  const args = { quick: false, runs: 5, seed: 1, files: 60_000, build: true, shapes: false, real: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--quick") args.quick = true;
    else if (a === "--tree") args.tree = path.resolve(value());
    else if (a === "--runs") args.runs = Number(value());
    else if (a === "--out") args.out = path.resolve(value());
    else if (a === "--seed") args.seed = Number(value());
    else if (a === "--files") args.files = Number(value());
    else if (a === "--no-build") args.build = false;
    else if (a === "--shapes") args.shapes = true;
    else if (a === "--real") args.real = true;
    else if (a === "--only") args.only = value().split(",");
    else if (a === "--help" || a === "-h") {
      console.log(
        "usage: node bench/run.mjs [--quick | --shapes [--only NAME,..] | --real] [--tree DIR] [--runs N] [--out FILE] [--seed N] [--files N] [--no-build]",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(args.runs >= 1)) throw new Error("--runs must be at least 1");
  return args;
}

function log(line) {
  process.stderr.write(line + "\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring one command: wall time from here, peak RSS from GNU time (%M: the largest process of the tree, in KiB),
// or from Python's getrusage where GNU time is missing.

const GNU_TIME =
  fs.existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0
    ? "/usr/bin/time"
    : undefined;
const PYTHON = !GNU_TIME && spawnSync("python3", ["-c", "import resource"]).status === 0 ? "python3" : undefined;
const RSS_WRAPPER = `import resource, subprocess, sys
r = subprocess.run(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(r.returncode)`;

function measure(tool, cwd) {
  const rssFile = path.join(os.tmpdir(), `tp-bench-rss-${process.pid}`);
  fs.rmSync(rssFile, { force: true });
  let command = tool.cmd;
  let args = tool.args;
  if (GNU_TIME) [command, args] = [GNU_TIME, ["-f", "%M", "-o", rssFile, tool.cmd, ...tool.args]];
  else if (PYTHON) [command, args] = [PYTHON, ["-c", RSS_WRAPPER, rssFile, tool.cmd, ...tool.args]];
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: "1", ...tool.env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  const okCodes = tool.okCodes ?? [0];
  if (!okCodes.includes(r.status)) {
    throw new Error(`${tool.name} exited ${r.status}:\n${(r.stderr || "").slice(-2000)}`);
  }
  let rssKiB;
  try {
    rssKiB = Number(fs.readFileSync(rssFile, "utf8").trim().split("\n").pop());
  } catch {
    rssKiB = undefined;
  }
  fs.rmSync(rssFile, { force: true });
  return { seconds, rssMiB: rssKiB ? rssKiB / 1024 : undefined, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------------------------
// The tree

function isGitTree(dir) {
  return (
    spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir, encoding: "utf8" }).stdout.trim() === "true"
  );
}

function prepareTree(args) {
  if (args.tree) {
    if (!fs.existsSync(args.tree)) throw new Error(`--tree ${args.tree}: no such folder`);
    return { dir: args.tree, synthetic: false };
  }
  const dir = path.join(ROOT, "bench", ".cache", `tree-s${args.seed}-n${args.files}-v${GENERATOR_VERSION}`);
  if (fs.existsSync(path.join(dir, ".git", "bench-tree.json"))) {
    log(`using the cached tree ${path.relative(ROOT, dir)}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    log(
      `generating ${args.files} files (seed ${args.seed}) into ${path.relative(ROOT, dir)}; this takes a minute, once`,
    );
    const t = Date.now();
    const stats = writeTree(dir, { seed: args.seed, files: args.files });
    log(
      `generated ${stats.sources} source files, ${(stats.bytes / 1e6).toFixed(0)} MB, in ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );
  }
  return {
    dir,
    synthetic: true,
    stats: JSON.parse(fs.readFileSync(path.join(dir, ".git", "bench-tree.json"), "utf8")),
  };
}

function treeFacts(dir) {
  const git = isGitTree(dir);
  const files = git
    ? spawnSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 1 << 30,
      })
        .stdout.split("\0")
        .filter(Boolean)
    : [];
  const head = git ? spawnSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).stdout.trim() : undefined;
  return { git, files: files.length, head };
}

// ---------------------------------------------------------------------------------------------------------------
// The tools

function resolveAstGrep() {
  const candidates = [
    path.join(ROOT, "node_modules", "@ast-grep", "cli", process.platform === "win32" ? "ast-grep.exe" : "ast-grep"),
    path.join(ROOT, "node_modules", ".bin", "ast-grep"),
  ];
  for (const c of candidates) if (fs.existsSync(c) && spawnSync(c, ["--version"]).status === 0) return c;
  throw new Error("ast-grep not found: run npm ci (it is a devDependency, @ast-grep/cli)");
}

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return (r.stdout || r.stderr || "").trim().split("\n")[0];
}

async function tools(args, git) {
  const { PREFILTER_WORDS } = await import(pathToFileURL(path.join(ROOT, "dist", "catalog.js")).href).then(
    (m) => m.default ?? m,
  );
  const words = PREFILTER_WORDS.flatMap((w) => ["-e", w]);
  const list = [
    {
      name: "git grep -l (floor)",
      key: "floor",
      cmd: "git",
      // Exit 1 means nothing matched: still a complete run.
      args: git ? ["grep", "-l", "-i", "-F", ...words] : ["grep", "--no-index", "-l", "-i", "-F", ...words],
      okCodes: [0, 1],
    },
    { name: "toggle-parallel scan", key: "scan", cmd: process.execPath, args: [BIN, "scan", "."], okCodes: [0, 1] },
    // What the audit's wider search costs: the same scan without it.
    {
      name: "toggle-parallel scan --no-audit",
      key: "scanNoAudit",
      cmd: process.execPath,
      args: [BIN, "scan", "--no-audit", "."],
      okCodes: [0, 1],
    },
    {
      name: "toggle-parallel apply --dry-run",
      key: "dry",
      cmd: process.execPath,
      args: [BIN, "apply", "--dry-run", "."],
      okCodes: [0, 1],
    },
  ];
  if (!args.quick) {
    const sg = resolveAstGrep();
    list.push({
      name: "ast-grep scan (16 rules)",
      key: "astgrep",
      cmd: sg,
      args: ["scan", "--rule", path.join(ROOT, "bench", "ast-grep", "flags.yml"), "."],
      okCodes: [0, 1],
      version: version(sg, ["--version"]),
    });
    list.push({
      name: "jscodeshift flip (dry)",
      key: "jscodeshift",
      cmd: process.execPath,
      args: [
        path.join(ROOT, "node_modules", "jscodeshift", "bin", "jscodeshift.js"),
        "-t",
        path.join(ROOT, "bench", "jscodeshift", "flip.cjs"),
        "--extensions=ts,tsx,js,jsx,mjs,cjs,mts,cts",
        // What toggle-parallel skips (discover.ts). Not --gitignore: jscodeshift 17.4 turns some real .gitignore files
        // (KiloCode's) into a pattern that excludes every file.
        ...["node_modules", "dist", "build", "out", "coverage"].map((d) => `--ignore-pattern=**/${d}/**`),
        "--ignore-pattern=**/*.d.ts",
        "--ignore-pattern=**/*.min.js",
        "--dry",
        "--silent",
        ".",
      ],
      okCodes: [0, 1],
      version: `jscodeshift ${JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "jscodeshift", "package.json"), "utf8")).version}`,
    });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    nproc: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    git: version("git", ["--version"]),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function fmt(x, digits = 2) {
  return x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits);
}

function report({ args, tree, facts, list, results, summary, started }) {
  const m = machine();
  const med = (key) => {
    const r = results.get(key);
    return r
      ? {
          s: median(r.map((x) => x.seconds)),
          rss: r.every((x) => x.rssMiB) ? median(r.map((x) => x.rssMiB)) : undefined,
        }
      : undefined;
  };
  const floor = med("floor");
  const lines = [];
  const name = tree.synthetic
    ? `synthetic monorepo (bench/generate.mjs, seed ${tree.stats.seed}, generator v${GENERATOR_VERSION}): ${tree.stats.sources} source files, ${(tree.stats.bytes / 1e6).toFixed(0)} MB, ${tree.stats.flagged} with a flag block`
    : tree.real
      ? `copies of real agent code (bench/real-tree.mjs v${REAL_TREE_VERSION}, ${tree.stats.unique} source files of ${tree.stats.repos.length} repositories in ${DEFAULT_REPOS}, flag names neutralised): ${tree.stats.sources} source files, ${(tree.stats.bytes / 1e6).toFixed(0)} MB`
      : `${tree.dir}${facts.head ? ` at ${facts.head}` : ""}`;
  const title = tree.synthetic
    ? "Synthetic monorepo"
    : tree.real
      ? "Real agent code, 60,000 files"
      : path.basename(tree.dir);
  lines.push(`### ${title}${args.quick ? " (--quick)" : ""}`);
  lines.push("");
  lines.push(`- tree: ${name}; ${facts.files} files in git's list`);
  lines.push(`- toggle-parallel: ${summary.trim()}`);
  lines.push(`- machine: ${m.nproc} CPUs (${m.cpu}), ${m.memory} memory, ${m.os}; node ${m.node}; ${m.git}`);
  lines.push(
    `- method: one warm-up round, then ${args.runs} counted rounds, the tools alternating within each round; medians; peak RSS is the largest process of the command (GNU time %M)`,
  );
  const versions = list.filter((t) => t.version).map((t) => t.version);
  if (versions.length) lines.push(`- versions: ${versions.join(", ")}`);
  lines.push(`- finished ${new Date().toISOString()} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  lines.push("");
  lines.push("| command | median wall (s) | × floor | median peak RSS (MiB) | runs (s) |");
  lines.push("| --- | ---: | ---: | ---: | --- |");
  for (const t of list) {
    const r = med(t.key);
    const runs = results
      .get(t.key)
      .map((x) => fmt(x.seconds))
      .join(" ");
    lines.push(`| ${t.name} | ${fmt(r.s)} | ${fmt(r.s / floor.s, 1)} | ${fmt(r.rss, 0)} | ${runs} |`);
  }
  lines.push("");
  const scan = med("scan");
  const dry = med("dry");
  const sg = med("astgrep");
  const jsc = med("jscodeshift");
  const checks = [];
  const check = (label, ok, detail) => checks.push(`- ${ok ? "met" : "NOT MET"}: ${label} (${detail})`);
  if (tree.real) {
    const bare = med("scanNoAudit");
    check(
      "scan (with its audit) within 3× git grep -l (issue 12)",
      scan.s <= 3 * floor.s,
      `${fmt(scan.s / floor.s, 2)}×; scan --no-audit ${fmt(bare.s / floor.s, 2)}×`,
    );
  } else if (tree.synthetic) {
    check("scan within 3× git grep -l", scan.s <= 3 * floor.s, `${fmt(scan.s / floor.s, 2)}×`);
    if (sg) check("scan at least 10× faster than ast-grep", sg.s >= 10 * scan.s, `${fmt(sg.s / scan.s, 1)}×`);
    if (jsc) check("scan at least 100× faster than jscodeshift", jsc.s >= 100 * scan.s, `${fmt(jsc.s / scan.s, 0)}×`);
    if (scan.rss)
      check(
        "scan peak RSS at most 250 MiB",
        scan.rss <= 250,
        `${fmt(scan.rss, 0)} MiB; apply --dry-run ${fmt(dry.rss, 0)} MiB`,
      );
  } else if (sg) {
    check("scan in at most half of ast-grep's time", scan.s <= sg.s / 2, `${fmt(scan.s / sg.s, 2)} of ast-grep's time`);
  }
  if (dry) check("apply --dry-run within 1.5× of scan", dry.s <= 1.5 * scan.s, `${fmt(dry.s / scan.s, 2)}×`);
  lines.push(`Targets (${tree.real ? "issue 12" : "issue 6"}), from the medians above:`);
  lines.push("");
  lines.push(...checks);
  lines.push("");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------
// Adversarial shapes (--shapes)

const SHAPE_COMMANDS = [
  { name: "scan", args: ["scan"] },
  { name: "apply --dry-run", args: ["apply", "--dry-run"] },
  { name: "apply", args: ["apply"] },
  { name: "revert", args: ["revert"] },
];

function runShapes(args, started) {
  // Outside the repository: bench/.cache/ is ignored by git, and so by the tool's file discovery.
  const shapes = writeShapes(path.join(os.tmpdir(), `toggle-parallel-bench-shapes-v${SHAPES_VERSION}`)).filter(
    (s) => !args.only || args.only.includes(s.name),
  );
  if (shapes.length === 0) throw new Error(`--only: no shape named ${args.only}`);
  const results = new Map(); // `${shape}\0${layout}\0${command}` -> seconds[]
  for (let round = 0; round <= args.runs; round++) {
    const label = round === 0 ? "warm-up" : `round ${round}/${args.runs}`;
    for (const s of shapes) {
      for (const layout of ["baseline", "shape"]) {
        const dir = s[layout];
        const before = snapshot(dir);
        for (const c of SHAPE_COMMANDS) {
          const r = measure(
            {
              name: `${s.name} ${layout} ${c.name}`,
              cmd: process.execPath,
              args: [BIN, ...c.args, "."],
              okCodes: [0, 1],
            },
            dir,
          );
          const summary = r.stderr
            .trim()
            .split("\n")
            .pop()
            .replace(/^toggle-parallel [a-z]+: /, "");
          log(
            `${label.padEnd(11)} ${`${s.name} (${layout})`.padEnd(28)} ${c.name.padEnd(16)} ${r.seconds.toFixed(2).padStart(7)} s  ${summary}`,
          );
          const key = `${s.name}\0${layout}\0${c.name}`;
          if (round > 0) results.set(key, [...(results.get(key) ?? []), r.seconds]);
        }
        const after = snapshot(dir);
        for (const [file, text] of before)
          if (after.get(file) !== text)
            throw new Error(`${s.name} (${layout}): ${file} is not its original bytes after apply and revert`);
      }
    }
  }
  const m = machine();
  const lines = [];
  lines.push(`### Adversarial shapes (bench/shapes.mjs v${SHAPES_VERSION})`);
  lines.push("");
  lines.push(`- machine: ${m.nproc} CPUs (${m.cpu}), ${m.memory} memory, ${m.os}; node ${m.node}`);
  lines.push(
    `- method: one warm-up round, then ${args.runs} counted rounds; in each, every shape and its baseline (the same content, one statement a line) run scan, apply --dry-run, apply and revert in turn; medians; revert must give back every byte`,
  );
  lines.push(`- finished ${new Date().toISOString()} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  lines.push("");
  lines.push("| shape | command | median wall (s) | baseline (s) | × baseline | runs (s) |");
  lines.push("| --- | --- | ---: | ---: | ---: | --- |");
  for (const s of shapes) {
    for (const c of SHAPE_COMMANDS) {
      const shape = results.get(`${s.name}\0shape\0${c.name}`);
      const base = results.get(`${s.name}\0baseline\0${c.name}`);
      lines.push(
        `| ${s.name} | ${c.name} | ${fmt(median(shape))} | ${fmt(median(base))} | ${fmt(median(shape) / median(base), 1)} | ${shape.map((x) => fmt(x)).join(" ")} |`,
      );
    }
  }
  lines.push("");
  return lines.join("\n");
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (args.build) {
    log("building dist/ (tsc)");
    const b = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.json")],
      { stdio: "inherit" },
    );
    if (b.status !== 0) throw new Error("build failed");
  }
  if (args.shapes) {
    const text = runShapes(args, started);
    process.stdout.write(text + "\n");
    if (args.out) {
      fs.mkdirSync(path.dirname(args.out), { recursive: true });
      fs.writeFileSync(args.out, text + "\n");
      log(`report written to ${args.out}`);
    }
    return;
  }
  const reports = [];
  if (!args.real) reports.push(await benchTree(prepareTree(args), args, (git) => tools(args, git), started));
  if (args.real || !args.tree) {
    const real = ensureRealTree({ files: args.files, log });
    if (real.skipped) log(`real-code tree skipped: ${real.skipped}`);
    else {
      // Only what issue 12 compares: the floor, scan with its audit, and scan without.
      const list = async (git) => (await tools({ ...args, quick: true }, git)).filter((t) => t.key !== "dry");
      reports.push(await benchTree({ dir: real.dir, real: true, stats: real.stats }, args, list, started));
    }
  }
  const text = reports.join("\n");
  process.stdout.write(text + "\n");
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, text + "\n");
    log(`report written to ${args.out}`);
  }
}

/** Every tool of the list on one tree: a warm-up round, then the counted rounds, alternating; the report's text. */
async function benchTree(tree, args, makeList, started) {
  const facts = treeFacts(tree.dir);
  const list = await makeList(facts.git);
  const results = new Map(list.map((t) => [t.key, []]));
  let summary = "";
  for (let round = 0; round <= args.runs; round++) {
    const label = round === 0 ? "warm-up" : `round ${round}/${args.runs}`;
    // After jscodeshift (550 MiB, every file read) a 60,000-file tree is partly out of the kernel's caches: the next
    // commands then read the disk (git grep 1.5 s instead of 0.3 s; the untracked-file walk of scan too). The issue
    // measures warm: the fast commands run once more, unmeasured, before each counted round.
    if (round > 0 && results.has("jscodeshift"))
      for (const t of list) if (t.key !== "astgrep" && t.key !== "jscodeshift") measure(t, tree.dir);
    for (const t of list) {
      const r = measure(t, tree.dir);
      log(
        `${label.padEnd(11)} ${t.name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s  ${r.rssMiB ? r.rssMiB.toFixed(0).padStart(5) + " MiB" : ""}`,
      );
      if (round > 0) results.get(t.key).push(r);
      if (t.key === "scan") summary = r.stderr.trim().split("\n").pop();
    }
  }
  return report({ args, tree, facts, list, results, summary, started });
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
