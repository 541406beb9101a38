// Command line: parse arguments, call the API in index.ts, render. Exit codes: 0 done, 1 findings or a file that
// could not be processed, 2 usage error or bad path.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import type * as Api from "../index";
import type { Mode, RunOptions, RunResult } from "../index";
import { DEFAULT_TAG, tagProblem } from "../marker";
import type * as Patch from "../render/patch";
import type * as PatchFile from "../pipeline/patch-file";
import type * as Report from "../render/report";
import type * as Findings from "../render/findings";
import type * as Interactive from "./interactive";
import type * as Trial from "./trial";
import { escapeText } from "../render/escape";
import { count } from "../render/plural";
import { guardedStdio, OUTPUT_FAILED_EXIT } from "../render/output";
import { applyConfig, CONFIG_FILE, ConfigError, configRunOptions, writeDefaultConfig } from "./config";

const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

// The pipeline, the renderers and the diff library load when a command runs, not for --help or a usage error.
/* eslint-disable @typescript-eslint/no-require-imports */
let apiModule: typeof Api | undefined;
const api = (): typeof Api => (apiModule ??= require("../index") as typeof Api);
const report = (): typeof Report => require("../render/report") as typeof Report;
const patches = (): typeof Patch => require("../render/patch") as typeof Patch;
const patchFileModule = (): typeof PatchFile => require("../pipeline/patch-file") as typeof PatchFile;
const findingsView = (): typeof Findings => require("../render/findings") as typeof Findings;
/* eslint-enable @typescript-eslint/no-require-imports */

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  colorOut: boolean;
  colorErr: boolean;
  /** Draw a progress line on stderr during long runs (stderr is a terminal). */
  progress?: boolean;
  cwd: string;
  /** True once stdout or stderr failed with anything but EPIPE (render/output.ts): the run then exits 2. */
  outputFailed?: () => boolean;
}

/** Runs the pipeline, with a progress line on a terminal when the run takes more than about a second. */
async function run(mode: Mode, paths: readonly string[], runOptions: RunOptions, io: Io): Promise<RunResult> {
  if (!io.progress) return api().run(mode, paths, runOptions);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ProgressLine } = require("../render/progress") as typeof import("../render/progress");
  const line = new ProgressLine(io.err, process.stderr.columns);
  try {
    return await api().run(mode, paths, { ...runOptions, onProgress: (p) => line.update(p) });
  } finally {
    line.clear();
  }
}

/** The last line on stderr: what the run looked at, and how long it took. */
function finish(result: RunResult, io: Io, command?: string): void {
  io.err(report().renderStats(result, command) + "\n");
}

function wantsColor(stream: NodeJS.WriteStream): boolean {
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && process.env.TERM !== "dumb";
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const status = await runCommand(argv, io);
  // Output that could not be written makes the run fail, unless a signal already decided its status.
  return io.outputFailed?.() && status < 128 ? OUTPUT_FAILED_EXIT : status;
}

async function runCommand(given: readonly string[], io: Io): Promise<number> {
  // trial's command follows `--` and is not parsed: its options are its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const trialArgv = given[0] === "trial" ? (require("./trial") as typeof Trial).splitTrialArgv(given) : undefined;
  const argv = trialArgv?.argv ?? given;
  const version = readVersion();
  const errColors = pc.createColors(io.colorErr);
  const program = new Command("toggle-parallel")
    .description(
      "Switch LLM parallel tool calls on behind marker comments, review the diff, and revert byte for byte. " +
        "Finds OpenAI parallel_tool_calls / parallelToolCalls, Anthropic disable_parallel_tool_use, and names " +
        'that say "parallel tool calls" (constants, settings, parameter defaults), in TypeScript, JavaScript and Python.',
    )
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    // 80 columns whatever the terminal: the help texts below are written to that width (a test holds every line to it).
    .configureHelp({ helpWidth: 80 })
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .addHelpText(
      "after",
      `
Typical session:
  $ toggle-parallel scan               # what is there, and what apply would do
  $ toggle-parallel apply --dry-run    # review the diff; nothing is written
  $ toggle-parallel apply              # switch sites on, behind markers
  $ toggle-parallel revert             # restore the original bytes
  $ toggle-parallel check --no-markers # release gate: fails on a marker left
  $ toggle-parallel audit              # code that drops all but the first call

Exit codes: 0 done, 1 findings or a file that could not be processed,
2 usage error or bad path.`,
    );

  const marker = () => new Option("--marker <tag>", "marker tag written in (and searched for in) comments").default(DEFAULT_TAG);
  // Said per command: scan and check only report, audit reads test files, apply switches sites in them.
  const TEST_FILES = "test files (*.test.*, __tests__/, test/...)";
  const tests = (what: string, after = "") => new Option("--include-tests", `${what} ${TEST_FILES}${after}`);
  const DEFAULTS = "the literal fallback of dynamic values (x ?? false)";
  const defaults = (what: string, after = "") => new Option("--include-defaults", `${what} ${DEFAULTS}${after}`);
  let code: number = EXIT.ok;

  program
    .command("scan")
    .description("list every site: where it is, its state, and what apply would do")
    .argument("[paths...]", "files or folders to search", ["."])
    .addOption(marker())
    .addOption(tests("mark sites in", " flip, as apply --include-tests would switch them, and audit those files"))
    .addOption(defaults("mark", " flip, as apply --include-defaults would switch it"))
    .option(
      "--json",
      "print JSON: {version, sites: [{file, line, column, language, family, name, state, action, reason}], problems: [{file, line, column, message}]}; audit findings are sites with action \"audit\", rule, confidence, listLine and silenced",
    )
    .addOption(formatOption())
    .option("--no-audit", "leave out the audit findings (faster on very large trees: the audit reads more files)")
    .addHelpText("after", "\nExamples:\n  $ toggle-parallel scan src\n  $ toggle-parallel scan --json . > sites.json\n  $ toggle-parallel scan --format sarif . > toggle-parallel.sarif")
    .action(async (paths: string[], opts) => {
      const format = outputFormat(opts);
      const result = await run("scan", paths, { ...options(opts, io), audit: opts.audit !== false }, io);
      const { locationWidth, renderFindingLine, renderScanJson, renderSiteLine, renderSummary } = report();
      // scan reports the certain findings (audit adds the likely ones); its summary counts the rest.
      const view = findingsView().auditView(result.findings, true);
      const forMachines = { ...result, findings: findingsView().machineFindings(view) };
      if (format === "json") io.out(renderScanJson(forMachines) + "\n");
      else if (format === "sarif") io.out(sarif(forMachines, "scan", io) + "\n");
      else {
        const colors = pc.createColors(io.colorOut);
        const width = locationWidth([...result.sites, ...view.active]);
        for (const site of result.sites) io.out(renderSiteLine(site, colors, width) + "\n");
        for (const finding of view.active) io.out(renderFindingLine(finding, colors, width) + "\n");
        io.out(renderSummary(result) + "\n");
      }
      code = reportProblems(result, io, errColors);
      finish(result, io);
    });

  program
    .command("audit")
    .description("report code that keeps only the first tool call of a response (never rewritten); exit 1 on findings")
    .argument("[paths...]", "files or folders to search", ["."])
    .addOption(tests("also audit"))
    .option("--json", "print JSON, as scan --json does, with the findings only")
    .addOption(formatOption())
    .option("--certain", "report, and fail on, certain findings only (a CI gate); likely ones are counted")
    .option("--show-silenced", "also list the findings an ignore comment or audit.ignore silenced")
    .addHelpText(
      "after",
      [
        "",
        "Switching parallel tool calls on is useless while the consumer keeps only the",
        "first call. Each finding names its rule, its line (and the line the list of",
        "calls comes from), what is lost, and a confidence:",
        "  first-call-only          one call taken as THE call (calls[0], next(...))",
        "  truncate-to-first        the list cut to its first call (calls = [calls[0]])",
        "  loop-exits-after-first   a loop over the calls that stops after the first",
        "  one-tool-per-turn-guard  a guard refusing every call after the first",
        "certain: drops calls as written; likely: unless something unseen holds. scan",
        "shows certain ones; audit both (likely marked); --certain only certain ones.",
        "",
        "Silence one (a reason is required; see docs/audit.md), on its line or above:",
        "  // toggle-parallel-ignore audit: only the router reads the first call",
        "  # toggle-parallel-ignore audit first-call-only: one call by construction",
        "or in toggle-parallel.config.json: audit.ignore. Silenced ones are counted,",
        "listed with --show-silenced, kept in JSON and SARIF (as suppressions).",
        "Exit: 1 while a finding shown stands (or a file could not be read), else 0.",
        "",
        "Examples:",
        "  $ toggle-parallel audit src",
        "  $ toggle-parallel audit --certain     # CI gate: certain findings only",
        "  $ toggle-parallel audit --format sarif . > audit.sarif",
        "  $ toggle-parallel scan --json . | jq '.sites[] | select(.action == \"audit\")'",
      ].join("\n"),
    )
    .action(async (paths: string[], opts) => {
      const format = outputFormat(opts);
      const result = await run("scan", paths, { ...options(opts, io), audit: true }, io);
      const colors = pc.createColors(io.colorOut);
      const { locationWidth, renderFindingLine, renderScanJson } = report();
      const { auditView, auditVerdict, machineFindings } = findingsView();
      const view = auditView(result.findings, Boolean(opts.certain));
      if (format === "json") io.out(renderScanJson({ ...result, sites: [], findings: machineFindings(view) }) + "\n");
      else if (format === "sarif") io.out(sarif({ ...result, findings: machineFindings(view) }, "audit", io) + "\n");
      else {
        const listed = opts.showSilenced ? machineFindings(view) : view.active;
        const width = locationWidth(listed);
        for (const finding of listed) io.out(renderFindingLine(finding, colors, width) + "\n");
        io.out(auditVerdict(view, Boolean(opts.certain)) + "\n");
      }
      code = reportProblems(result, io, errColors);
      if (view.active.length) code = EXIT.findings;
      finish(result, io, "audit");
    });

  program
    .command("apply")
    .description("switch every disabled site on, each behind a marker comment")
    .argument("[paths...]", "files or folders to change", ["."])
    .addOption(marker())
    .addOption(tests("also switch sites in"))
    .addOption(defaults("also switch"))
    .option("--dry-run", "print the unified diff apply would make; write nothing")
    .option("--patch <file>", "write the change as a patch for `git apply` (- for stdout); edit nothing")
    .option("--force", "with --patch: replace an existing file (never a source file, a tracked file or a symlink)")
    .option("--allow-dirty", "edit files that have uncommitted git changes")
    .option("-i, --interactive", "show each hunk and ask: y switch it on, n skip, a all the rest, q quit (needs a terminal)")
    .option("--no-audit", "do not close with the places that still keep only the first tool call")
    .addHelpText(
      "after",
      "\napply closes with what the flags alone do not fix: audit findings (file:line)\nthat keep only the first tool call, which drop calls until they are changed.\n\nExamples:\n  $ toggle-parallel apply --dry-run\n  $ toggle-parallel apply --marker kilocode_temp_parallel_tool_calls .\n  $ toggle-parallel apply --patch on.patch && git apply on.patch",
    )
    .action(async (paths: string[], opts) => {
      code = opts.interactive ? await reviewEach(paths, opts, io, errColors) : await change("apply", paths, opts, io, errColors);
    });

  program
    .command("trial")
    .description("apply, run a command (your tests, an eval), then always revert; exit with the command's status")
    .usage("[options] [paths...] -- <command...>")
    .argument("[paths...]", "files or folders to switch during the run", ["."])
    .addOption(marker())
    .addOption(tests("also switch sites in"))
    .addOption(defaults("also switch"))
    .option("--allow-dirty", "edit files that have uncommitted git changes")
    .addHelpText(
      "after",
      [
        "",
        "The command runs without a shell (pass one: -- sh -c '...'). Every file is put",
        "back byte for byte afterwards: after a failure too, and on Ctrl-C (sent on to",
        "the command). The command does not run if apply reports a problem (exit 1).",
        "",
        "Examples:",
        "  $ toggle-parallel trial -- npm test",
        "  $ toggle-parallel trial src -- python -m pytest tests/agent",
      ].join("\n"),
    )
    .action(async (paths: string[], opts) => {
      const command = trialArgv?.command ?? [];
      if (!command.length) throw new (api().UsageError)("trial needs a command after --, e.g. toggle-parallel trial -- npm test");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { trial } = require("./trial") as typeof Trial;
      code = await trial(paths, options(opts, io), command, io, (mode, p, o) => run(mode, p, o, io));
    });

  program
    .command("revert")
    .description("find the markers and restore the original text, byte for byte")
    .argument("[paths...]", "files or folders to restore", ["."])
    .addOption(marker())
    .option("--dry-run", "print the unified diff revert would make; write nothing")
    .option("--patch <file>", "write the change as a patch for `git apply` (- for stdout); edit nothing")
    .option("--allow-dirty", "edit files that have uncommitted changes besides this tool's own")
    .option("--force", "where a marked value was changed by hand, remove the marker and keep the value; with --patch, also replace an existing patch file")
    .addHelpText(
      "after",
      "\nA marker is the comment apply writes (// TAG: was false), or a comment a\nperson wrote right above a switched-on value whose text starts with the tag\n(// TAG, or // TAG: a note). Markers of another tag are named, never touched.\n\nExamples:\n  $ toggle-parallel revert\n  $ toggle-parallel revert --marker kilocode_temp_parallel_tool_calls --dry-run",
    )
    .action(async (paths: string[], opts) => {
      code = await change("revert", paths, opts, io, errColors);
    });

  program
    .command("check")
    .description("CI gate: exit 1 while a site apply would switch remains (with --no-markers: while a marker remains)")
    .argument("[paths...]", "files or folders to check", ["."])
    .addOption(marker())
    .addOption(tests("also fail on sites in"))
    .addOption(defaults("also fail on"))
    .option("--no-markers", "instead, fail while any marker remains (a release gate after a trial)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ toggle-parallel check src           # fails while calls are off somewhere\n  $ toggle-parallel check --no-markers  # fails while a trial edit remains",
    )
    .action(async (paths: string[], opts) => {
      const colors = pc.createColors(io.colorOut);
      const { locationWidth, renderSiteLine } = report();
      if (opts.markers === false) {
        const result = await run("revert", paths, { ...options(opts, io), write: false }, io);
        const marked = result.sites.filter((s) => s.state === "applied");
        for (const site of marked) io.out(renderSiteLine(site, colors, locationWidth(marked)) + "\n");
        const orphans = result.problems.filter((p) => p.orphanMarker);
        code = reportProblems(result, io, errColors);
        const total = marked.length + orphans.length;
        // Markers another tag left are counted too: a release gate must not pass while any trial edit remains.
        const tags = new Set(marked.map((s) => s.appliedMarker?.tag ?? result.tag));
        if (orphans.length) tags.add(result.tag);
        const onlyOurs = tags.size === 1 && tags.has(result.tag);
        const verb = total === 1 ? "remains" : "remain";
        const remain = onlyOurs
          ? `check: ${count(total, "marker")} "${result.tag}" ${verb}; run toggle-parallel revert`
          : `check: ${count(total, "marker")} ${verb}, tagged ${[...tags].map((t) => `"${t}"`).join(", ")}; run toggle-parallel revert --marker TAG for each tag`;
        io.out(total ? `${remain}\n` : `check: no marker "${result.tag}" found\n`);
        if (total) code = EXIT.findings;
        finish(result, io, "check");
        return;
      }
      const result = await run("scan", paths, options(opts, io), io);
      const flips = result.sites.filter((s) => s.action === "flip");
      for (const site of flips) io.out(renderSiteLine(site, colors, locationWidth(flips)) + "\n");
      code = reportProblems(result, io, errColors);
      io.out(checkVerdict(flips, result) + "\n");
      if (flips.length) code = EXIT.findings;
      finish(result, io, "check");
    });

  program
    .command("init")
    .description(`write ${CONFIG_FILE} with the default settings here (never replaces one)`)
    .addHelpText(
      "after",
      [
        "",
        "Every command reads the nearest toggle-parallel.config.json (or package.json",
        '"toggleParallel") from the current folder up to the git top. JSON only. Keys:',
        "marker, include, exclude, includeTests, includeDefaults, flags, audit.ignore",
        "(README: Configuration). Options given on the command line win.",
        "",
        "Example:\n  $ toggle-parallel init",
      ].join("\n"),
    )
    .action(() => {
      const file = writeDefaultConfig(io.cwd);
      io.out(`wrote ${path.relative(io.cwd, file)}; the README's "Configuration" section says what each key does\n`);
    });

  // The config file (config.ts) fills in each option the command line did not give, before any command runs.
  program.hook("preAction", (_program, command) => applyConfig(command, io.cwd));

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.err(`${errColors.red("error:")} ${escapeText(error.message)}\n`);
      return EXIT.usage;
    }
    if (apiModule && (error instanceof apiModule.BadPathError || error instanceof apiModule.UsageError)) {
      io.err(`${errColors.red("error:")} ${escapeText(error.message)}\n`);
      return EXIT.usage;
    }
    // Anything else is a bug: one line, and the stack only when asked for (TOGGLE_PARALLEL_DEBUG=1).
    const detail = process.env.TOGGLE_PARALLEL_DEBUG ? ((error as Error).stack ?? String(error)) : error instanceof Error ? error.message : String(error);
    io.err(`${errColors.red("internal error:")} ${escapeText(detail)}\n`);
    return EXIT.usage;
  }
}

/** scan's and audit's output format; --json is the older spelling of --format json. */
function formatOption(): Option {
  return new Option("--format <format>", "output: text, json (as --json) or sarif (SARIF 2.1.0)").choices(["text", "json", "sarif"]);
}

function outputFormat(opts: Record<string, unknown>): "text" | "json" | "sarif" {
  const format = (opts.format as "text" | "json" | "sarif" | undefined) ?? (opts.json ? "json" : "text");
  if (opts.json && format !== "json") throw new (api().UsageError)(`--json and --format ${format} do not go together`);
  return format;
}

/** The SARIF log of a run: paths relative to the repository holding the current directory (else to it). */
function sarif(result: RunResult, command: "scan" | "audit", io: Io): string {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { renderSarif, sarifContextFromDisk } = require("../render/sarif") as typeof import("../render/sarif");
  const { locateGit } = require("../pipeline/discover") as typeof import("../pipeline/discover");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const cwd = fs.realpathSync(io.cwd);
  const git = locateGit(cwd);
  return renderSarif(result, command, sarifContextFromDisk(cwd, "top" in git ? git.top : undefined, readVersion()));
}

function options(opts: Record<string, unknown>, io: Io): RunOptions {
  const tag = String(opts.marker ?? DEFAULT_TAG);
  const bad = tagProblem(tag);
  if (bad) throw new (api().UsageError)(bad);
  return {
    cwd: io.cwd,
    tag,
    includeTests: Boolean(opts.includeTests),
    includeDefaults: Boolean(opts.includeDefaults),
    allowDirty: Boolean(opts.allowDirty),
    force: Boolean(opts.force),
    ...configRunOptions(opts),
  };
}

async function change(mode: "apply" | "revert", paths: string[], opts: Record<string, unknown>, io: Io, errColors: ReturnType<typeof pc.createColors>): Promise<number> {
  const patchFile = opts.patch !== undefined && opts.patch !== "-" ? path.resolve(io.cwd, String(opts.patch)) : undefined;
  if (patchFile) {
    // Refused before any work: a usage error (exit 2), nothing read or written.
    const given = (paths.length ? paths : ["."]).map((p) => path.resolve(io.cwd, p));
    const problem = patchFileModule().patchTargetProblem(patchFile, Boolean(opts.force), given);
    if (problem) throw new (api().UsageError)(`--patch ${String(opts.patch)}: ${problem}`);
  }
  // --dry-run prints the diff, --patch writes it: asked for together, one would be ignored.
  if (opts.dryRun && opts.patch !== undefined) throw new (api().UsageError)("--dry-run and --patch do not go together: --patch FILE writes nothing but the patch (--patch - prints it)");
  const preview = Boolean(opts.dryRun) || opts.patch !== undefined;
  // apply audits the same files, to close with the places that still drop calls once the flags are on.
  const audit = mode === "apply" && opts.audit !== false;
  const result = await run(mode, paths, { ...options(opts, io), write: !preview, preview, audit }, io);

  const sites = result.changes.reduce((n, c) => n + c.sites.length, 0);
  const files = result.changes.length;
  const verb = mode === "apply" ? "switched on" : "restored";
  if (opts.patch !== undefined) {
    // A patch names only relative paths inside the root it is applied from; a file it cannot name is left out.
    const named = result.changes.filter((c) => {
      const problem = patches().patchPathProblem(c.patchPath);
      if (problem) result.problems.push({ file: c.file, message: `left out of the patch: path ${JSON.stringify(c.patchPath)} ${problem.startsWith("not") ? "is " : ""}${problem}` });
      return !problem;
    });
    const patch = patches().gitPatch(named.map((c) => ({ path: c.patchPath, before: c.before, after: c.after })));
    let written = true;
    if (!patchFile) io.out(patch);
    else {
      try {
        patchFileModule().writePatchFile(patchFile, patch, Boolean(opts.force));
      } catch (error) {
        // Exit 1 (through the problem), as for any write that failed.
        written = false;
        result.problems.push({ file: String(opts.patch), message: `could not write the patch: ${(error as Error).message}; no source file changed` });
      }
    }
    const inPatch = named.reduce((n, c) => n + c.sites.length, 0);
    if (written) io.err(`patch: ${count(inPatch, "site")} in ${count(named.length, "file")}${opts.patch === "-" ? "" : ` written to ${opts.patch}`}; no source file changed\n`);
  } else if (opts.dryRun) {
    const { gitPatch, colorPatch } = patches();
    // A dry run is read by a person, not by git apply (that is --patch): names are escaped like every other line.
    const patch = gitPatch(result.changes.map((c) => ({ path: escapeText(c.file), before: c.before, after: c.after })));
    io.out(io.colorOut ? colorPatch(patch, pc.createColors(true)) : patch);
    io.err(`dry run: ${count(sites, "site")} in ${count(files, "file")} would be ${verb}; nothing written\n`);
  } else {
    const colors = pc.createColors(io.colorOut);
    const { renderChange } = report();
    for (const c of result.changes) for (const site of c.sites) io.out(`${colors.green(verb)}  ${renderChange(site, mode)}\n`);
    if (result.failure) {
      // Say what happened and what the tree holds now: the problems below name the file that failed.
      const { file, message, notRestored } = result.failure;
      const back = result.restored.length ? `; put back the ${count(result.restored.length, "file")} it had written: ${result.restored.join(", ")}` : "";
      const stuck = notRestored.length ? `; could not put back: ${notRestored.join(", ")}` : "";
      const none = back || stuck ? "" : "; no file had been written yet";
      io.out(escapeText(`${mode} stopped: writing ${file} failed (${message})${back}${stuck}${none}`) + "\n");
    } else if (mode === "apply") {
      io.out(sites ? `${count(sites, "site")} switched on in ${count(files, "file")}, marker "${result.tag}". Undo: toggle-parallel revert${result.tag === DEFAULT_TAG ? "" : ` --marker ${result.tag}`}\n` : `${nothingDone(result, "switched on")}\n`);
    } else {
      io.out(sites ? `${count(sites, "site")} restored in ${count(files, "file")}\n` : `${nothingDone(result, "restored")}\n`);
    }
  }
  // After the flips (on stdout), or after a dry run's or a patch's diff (on stderr, beside its summary: stdout is the diff).
  const hazards = audit && !result.failure ? findingsView().renderHazards(result.findings, pc.createColors(preview ? io.colorErr : io.colorOut)) : "";
  if (hazards) (preview ? io.err : io.out)(hazards);
  const exit = reportProblems(result, io, errColors);
  finish(result, io);
  if (result.interrupted) {
    const undo = mode === "apply" ? `; undo with toggle-parallel revert${result.tag === DEFAULT_TAG ? "" : ` --marker ${result.tag}`}` : "";
    io.err(`${errColors.red("interrupted")} (${result.interrupted}) while writing: the run's writes were finished first${undo}\n`);
    return 128 + (os.constants.signals[result.interrupted] ?? 2);
  }
  return exit;
}

/** apply --interactive: ask about each hunk, then write what was accepted (src/interactive.ts). */
async function reviewEach(paths: string[], opts: Record<string, unknown>, io: Io, errColors: ReturnType<typeof pc.createColors>): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { interactiveApply, renderInteractive, NEEDS_TERMINAL } = require("./interactive") as typeof Interactive;
  if (opts.dryRun || opts.patch !== undefined) throw new (api().UsageError)("--interactive writes the hunks you accept: it does not go with --dry-run or --patch");
  if (!process.stdin.isTTY) throw new (api().UsageError)(NEEDS_TERMINAL);
  const colors = pc.createColors(io.colorOut);
  const outcome = await interactiveApply(paths, options(opts, io), { ...io, input: process.stdin }, (mode, p, o) => run(mode, p, o, io), colors);
  renderInteractive(outcome, io, colors);
  const result = outcome.result ?? outcome.preview;
  const exit = reportProblems(result, io, errColors);
  finish(result, io);
  if (result.interrupted) return 128 + (os.constants.signals[result.interrupted] ?? 2);
  return outcome.changedSince.length ? EXIT.findings : exit;
}

/** check's last line: advise apply only for the sites apply would switch, not for those in files it leaves. */
function checkVerdict(flips: readonly RunResult["sites"][number][], result: RunResult): string {
  if (!flips.length) return "check: no disabled site found";
  const skipped = new Set(result.problems.filter((p) => p.fileSkipped).map((p) => p.file));
  const stuck = flips.filter((s) => skipped.has(s.file)).length;
  const head = `check: ${count(flips.length, "site")} still ${flips.length === 1 ? "switches" : "switch"} parallel tool calls off`;
  if (!stuck) return `${head}; run toggle-parallel apply`;
  if (stuck === flips.length) return `${head}; apply skips ${stuck === 1 ? "its file" : "their files"} until the syntax error named above is fixed`;
  return `${head}; run toggle-parallel apply (it skips ${count(stuck, "site")} in files with a syntax error, named above)`;
}

/** The closing line of a run that changed nothing: "nothing to do" only when there was nothing to do. */
function nothingDone(result: RunResult, verb: string): string {
  // For revert, a site behind another tag's marker is not this run's to restore: it is named among the problems.
  const found = result.sites.filter((s) => (result.mode === "apply" ? s.action === "flip" : s.state === "applied" && s.appliedMarker?.tag === undefined)).length;
  if (found) return `nothing ${verb}: ${count(found, "site")} found, in ${found === 1 ? "a file" : "files"} not edited (see below)`;
  // Markers it found but left (edited, reordered, another tag) are named below: "no marker" would contradict them.
  const left = result.problems.filter((p) => p.orphanMarker || /^marker of another tag /.test(p.message)).length;
  if (result.mode === "revert" && left) return `nothing ${verb}: ${count(left, "marker")} left alone (see below)`;
  return result.mode === "apply" ? "nothing to switch on" : `no marker "${result.tag}" to revert`;
}

function reportProblems(result: RunResult, io: Io, colors: ReturnType<typeof pc.createColors>): number {
  for (const notice of result.notices) io.err(`${escapeText(notice)}\n`);
  for (const p of result.problems) {
    const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    io.err(`${escapeText(where)}: ${colors.yellow(escapeText(p.message))}\n`);
  }
  return result.problems.length ? EXIT.findings : EXIT.ok;
}

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function defaultIo(): Io {
  const stdio = guardedStdio();
  return {
    out: stdio.out.write,
    err: stdio.err.write,
    outputFailed: stdio.failed,
    colorOut: wantsColor(process.stdout),
    colorErr: wantsColor(process.stderr),
    progress: Boolean(process.stderr.isTTY) && process.env.TERM !== "dumb",
    cwd: process.cwd(),
  };
}
