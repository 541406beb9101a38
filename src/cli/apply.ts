// `apply`: switch every disabled site on, each behind a marker comment; or show the diff, write a patch, or ask
// about each hunk (--interactive, cli/interactive.ts).
import type { Command } from "commander";
import pc from "picocolors";
import { renderHazards } from "../render/findings";
import { change } from "./change";
import {
  EXIT,
  finish,
  pathsCommand,
  previewOptions,
  reportProblems,
  runOptions,
  runPipeline,
  signalStatus,
  siteOptions,
  usageError,
  type CliCommand,
  type Context,
  type Opts,
} from "./command";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded for --interactive only */
const interactiveModule = () => require("./interactive") as typeof import("./interactive");
const renderInteractiveModule = () => require("../render/interactive") as typeof import("../render/interactive");
/* eslint-enable @typescript-eslint/no-require-imports */

export const apply: CliCommand = {
  define: (program: Command) =>
    previewOptions(
      siteOptions(
        pathsCommand(
          program,
          "apply",
          "switch every disabled site on, each behind a marker comment",
          "files or folders to change",
        ),
        ["also switch sites in"],
        ["also switch"],
      ),
      "apply",
    )
      .option("--force", "with --patch: replace an existing file (never a source file, a tracked file or a symlink)")
      .option("--allow-dirty", "edit files that have uncommitted git changes")
      .option(
        "-i, --interactive",
        "show each hunk and ask: y switch it on, n skip, a all the rest, q quit (needs a terminal)",
      )
      .option("--no-audit", "do not close with the places that still keep only the first tool call")
      .addHelpText(
        "after",
        "\napply closes with what the flags alone do not fix: audit findings (file:line)\nthat keep only the first tool call, which drop calls until they are changed.\n\nExamples:\n  $ toggle-parallel apply --dry-run\n  $ toggle-parallel apply --marker kilocode_temp_parallel_tool_calls .\n  $ toggle-parallel apply --patch on.patch && git apply on.patch",
      ),

  run: (paths, opts, context) =>
    opts.interactive ? reviewEach(paths, opts, context) : change("apply", paths, opts, context),
};

/** apply --interactive: ask about each hunk, then write what was accepted (cli/interactive.ts). */
async function reviewEach(paths: string[], opts: Opts, context: Context): Promise<number> {
  const { io } = context;
  const { interactiveApply, NEEDS_TERMINAL } = interactiveModule();
  const { renderInteractive } = renderInteractiveModule();
  if (opts.dryRun || opts.patch !== undefined)
    throw usageError("--interactive writes the hunks you accept: it does not go with --dry-run or --patch");
  if (!process.stdin.isTTY) throw usageError(NEEDS_TERMINAL);
  const colors = pc.createColors(io.colorOut);
  // Audited as apply is, to close with the places that still drop calls (apply --no-audit leaves them out).
  const audit = opts.audit !== false;
  const outcome = await interactiveApply(
    paths,
    { ...runOptions(opts, io), audit },
    { ...io, input: process.stdin },
    (mode, p, o) => runPipeline(mode, p, o, io),
    colors,
  );
  renderInteractive(outcome, io, colors);
  const result = outcome.result ?? outcome.preview;
  const hazards = audit && !result.failure ? renderHazards(result.findings, colors) : "";
  if (hazards) io.out(hazards);
  const exit = reportProblems(result, context);
  finish(result, io);
  if (result.interrupted) return signalStatus(result.interrupted);
  return outcome.changedSince.length ? EXIT.findings : exit;
}
