// What every command shares: its place in the program (commander), the run of the pipeline with a progress line,
// the problems on stderr and the closing line. The pipeline and the printers load when a command runs, not for
// --help or a usage error.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Option, type Command } from "commander";
import pc from "picocolors";
import type { Colors } from "picocolors/types";
import type * as Api from "../index";
import type { Mode, RunOptions, RunResult } from "../index";
import { DEFAULT_TAG, tagProblem } from "../marker";
import { escapeText } from "../render/escape";
import type { FindingsShown, Format, PrintedCommand } from "../render/printer";
import { printerFor, type PrinterOptions } from "../render/printers";
import { configRunOptions } from "./config";
import type { Io } from "./io";
import { holdingSignals } from "./signals";

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export interface Context {
  io: Io;
  errColors: Colors;
  /** trial: the command after `--` (not parsed: its options are its own). */
  trailing?: string[];
}

export type Opts = Record<string, unknown>;

export interface CliCommand {
  /** The command's name, arguments, options and help, added to the program. */
  define(program: Command): Command;
  /** Runs the command; resolves to its exit code. */
  run(paths: string[], opts: Opts, context: Context): Promise<number>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when a command runs, not for --help */
let apiModule: typeof Api | undefined;
export const api = (): typeof Api => (apiModule ??= require("../index") as typeof Api);
/** The API module, if a command loaded it (its error classes tell a usage error from a bug). */
export const loadedApi = (): typeof Api | undefined => apiModule;
const reportModule = () => require("../render/report") as typeof import("../render/report");
const progressModule = () => require("../render/progress") as typeof import("../render/progress");
/* eslint-enable @typescript-eslint/no-require-imports */

export function usageError(message: string): Error {
  return new (api().UsageError)(message);
}

/** Runs the pipeline, with a progress line on a terminal when the run takes more than about a second. */
export async function runPipeline(
  mode: Mode,
  paths: readonly string[],
  runOptions: RunOptions,
  io: Io,
): Promise<RunResult> {
  if (!io.progress) return api().run(mode, paths, runOptions);
  const line = new (progressModule().ProgressLine)(io.err, process.stderr.columns);
  try {
    return await api().run(mode, paths, { ...runOptions, onProgress: (p) => line.update(p) });
  } finally {
    line.clear();
  }
}

/** The run's options from the command line (and the config file, which filled in what it did not give). */
export function runOptions(opts: Opts, io: Io): RunOptions {
  const tag = String(opts.marker ?? DEFAULT_TAG);
  const bad = tagProblem(tag);
  if (bad) throw usageError(bad);
  return {
    cwd: io.cwd,
    tag,
    includeTests: Boolean(opts.includeTests),
    includeDefaults: Boolean(opts.includeDefaults),
    allowDirty: Boolean(opts.allowDirty),
    force: Boolean(opts.force),
    ...configRunOptions(opts),
    // The CLI owns the process: it holds signals while files are written, and reads the environment.
    holdWrites: holdingSignals,
    fsync: process.env.TOGGLE_PARALLEL_FSYNC !== "0",
    jobs: jobsFromEnvironment(),
  };
}

/** TOGGLE_PARALLEL_JOBS=N: parse in N threads at most, the main one included (1: on the main thread only). */
function jobsFromEnvironment(): number | undefined {
  const value = process.env.TOGGLE_PARALLEL_JOBS;
  if (value === undefined || value === "") return undefined;
  if (!/^[1-9]\d{0,3}$/.test(value))
    throw usageError(`TOGGLE_PARALLEL_JOBS must be a whole number from 1, not "${value}"`);
  return Number(value);
}

/** Prints the run in a format (render/printer.ts chooses the printer). */
export function print(
  result: RunResult,
  command: PrintedCommand,
  format: Format,
  io: Io,
  options?: PrinterOptions,
  findings?: FindingsShown,
): void {
  printerFor(format, options).print(result, command, {
    out: io.out,
    err: io.err,
    colors: pc.createColors(io.colorOut),
    findings,
  });
}

/** Notices and problems on stderr; exit 1 if there is a problem. */
export function reportProblems(result: RunResult, { io, errColors }: Context): number {
  for (const notice of result.notices) io.err(`${escapeText(notice)}\n`);
  for (const p of result.problems) {
    const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    io.err(`${escapeText(where)}: ${errColors.yellow(escapeText(p.message))}\n`);
  }
  return result.problems.length ? EXIT.findings : EXIT.ok;
}

/** The last line on stderr: what the run looked at, and how long it took. */
export function finish(result: RunResult, io: Io, command?: string): void {
  io.err(reportModule().renderStats(result, command) + "\n");
}

/** The exit status of a run a signal interrupted while it wrote: 128 + the signal's number, as a shell reports it. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 2);
}

export function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

// Options several commands take, said per command: scan and check only report, audit reads test files, apply switches.
const TEST_FILES = "test files (*.test.*, __tests__/, test/...)";
export const testsOption = (what: string, after = "") => new Option("--include-tests", `${what} ${TEST_FILES}${after}`);
const DEFAULTS = "the literal fallback of dynamic values (x ?? false)";

/** `NAME [paths...]`: the paths default to the current folder. */
export function pathsCommand(program: Command, name: string, description: string, paths: string): Command {
  return program.command(name).description(description).argument("[paths...]", paths, ["."]);
}

/** --marker, and where sites are looked for: --include-tests and --include-defaults, each said as [what, after]. */
export function siteOptions(command: Command, tests?: [string, string?], defaults?: [string, string?]): Command {
  command.addOption(
    new Option("--marker <tag>", "marker tag written in (and searched for in) comments").default(DEFAULT_TAG),
  );
  if (tests) command.addOption(testsOption(...tests));
  if (defaults) command.addOption(new Option("--include-defaults", `${defaults[0]} ${DEFAULTS}${defaults[1] ?? ""}`));
  return command;
}

/** apply's and revert's previews: the diff on stdout, or a patch for git apply. */
export function previewOptions(command: Command, mode: string): Command {
  return command
    .option("--dry-run", `print the unified diff ${mode} would make; write nothing`)
    .option("--patch <file>", "write the change as a patch for `git apply` (- for stdout); edit nothing");
}

/** scan's and audit's output options: --json (what it prints is the command's to say) and --format, of which
 * --json is the older spelling of `--format json`. */
export function outputOptions(command: Command, json: string): Command {
  return command
    .option("--json", json)
    .addOption(
      new Option("--format <format>", "output: text, json (as --json) or sarif (SARIF 2.1.0)").choices([
        "text",
        "json",
        "sarif",
      ]),
    );
}

/**
 * scan's and audit's run: the scan pipeline (with the audit or without it), printed in the format asked for (read
 * first, so that a usage error comes before any work), and the problems on stderr. Gives the result and the exit
 * code of its problems.
 */
export async function scanAndPrint(
  command: "scan" | "audit",
  paths: readonly string[],
  opts: Opts,
  context: Context,
  audit: boolean,
  shown?: FindingsShown,
): Promise<{ result: RunResult; code: number }> {
  const { io } = context;
  const format = outputFormat(opts);
  const result = await runPipeline("scan", paths, { ...runOptions(opts, io), audit }, io);
  print(result, command, format, io, sarifContext(io), shown);
  return { result, code: reportProblems(result, context) };
}

function outputFormat(opts: Opts): "text" | "json" | "sarif" {
  const format = (opts.format as "text" | "json" | "sarif" | undefined) ?? (opts.json ? "json" : "text");
  if (opts.json && format !== "json") throw usageError(`--json and --format ${format} do not go together`);
  return format;
}

/** The SARIF context of a run: paths relative to the repository holding the current directory (else to it). */
function sarifContext(io: Io): PrinterOptions {
  return {
    sarif: () => {
      /* eslint-disable @typescript-eslint/no-require-imports -- SARIF only: not loaded for other formats */
      const { sarifContextFromDisk } = require("../render/sarif") as typeof import("../render/sarif");
      const { locateGit } = require("../pipeline/discover") as typeof import("../pipeline/discover");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const cwd = fs.realpathSync(io.cwd);
      const git = locateGit(cwd);
      return sarifContextFromDisk(cwd, "top" in git ? git.top : undefined, readVersion());
    },
  };
}
