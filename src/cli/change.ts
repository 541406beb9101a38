// What apply and revert share: a write, a dry run (the diff) or a patch (for git apply), and the exit status.
import path from "node:path";
import pc from "picocolors";
import { DEFAULT_TAG } from "../marker";
import { renderHazards } from "../render/findings";
import { count } from "../render/plural";
import type { RunResult } from "../index";
import {
  finish,
  print,
  reportProblems,
  runOptions,
  runPipeline,
  signalStatus,
  usageError,
  type Context,
  type Opts,
} from "./command";

/* eslint-disable @typescript-eslint/no-require-imports -- --patch only */
const patchFileModule = () => require("../pipeline/patch-file") as typeof import("../pipeline/patch-file");
const patchModule = () => require("../render/patch") as typeof import("../render/patch");
/* eslint-enable @typescript-eslint/no-require-imports */

export async function change(mode: "apply" | "revert", paths: string[], opts: Opts, context: Context): Promise<number> {
  const { io, errColors } = context;
  const patchFile =
    opts.patch !== undefined && opts.patch !== "-" ? path.resolve(io.cwd, String(opts.patch)) : undefined;
  if (patchFile) {
    // Refused before any work: a usage error (exit 2), nothing read or written.
    const given = (paths.length ? paths : ["."]).map((p) => path.resolve(io.cwd, p));
    const problem = patchFileModule().patchTargetProblem(patchFile, Boolean(opts.force), given);
    if (problem) throw usageError(`--patch ${String(opts.patch)}: ${problem}`);
  }
  // --dry-run prints the diff, --patch writes it: asked for together, one would be ignored.
  if (opts.dryRun && opts.patch !== undefined)
    throw usageError(
      "--dry-run and --patch do not go together: --patch FILE writes nothing but the patch (--patch - prints it)",
    );
  const preview = Boolean(opts.dryRun) || opts.patch !== undefined;
  // apply audits the same files, to close with the places that still drop calls once the flags are on.
  const audit = mode === "apply" && opts.audit !== false;
  const result = await runPipeline(mode, paths, { ...runOptions(opts, io), write: !preview, preview, audit }, io);

  if (opts.patch !== undefined) exportPatch(result, String(opts.patch), patchFile, Boolean(opts.force), context);
  else print(result, mode, opts.dryRun ? "diff" : "text", io);
  // After the flips (on stdout), or after a dry run's or a patch's diff (on stderr, beside its summary: stdout is the diff).
  const hazards =
    audit && !result.failure
      ? renderHazards(result.findings, pc.createColors(preview ? io.colorErr : io.colorOut))
      : "";
  if (hazards) (preview ? io.err : io.out)(hazards);
  const exit = reportProblems(result, context);
  finish(result, io);
  if (result.interrupted) {
    const undo =
      mode === "apply"
        ? `; undo with toggle-parallel revert${result.tag === DEFAULT_TAG ? "" : ` --marker ${result.tag}`}`
        : "";
    io.err(
      `${errColors.red("interrupted")} (${result.interrupted}) while writing: the run's writes were finished first${undo}\n`,
    );
    return signalStatus(result.interrupted);
  }
  return exit;
}

/** --patch: the patch printed (to stdout, or into the file), and on stderr what it holds. */
function exportPatch(
  result: RunResult,
  given: string,
  patchFile: string | undefined,
  force: boolean,
  { io }: Context,
): void {
  // A patch names only relative paths inside the root it is applied from; a file it cannot name is left out.
  result.changes = result.changes.filter((c) => {
    const problem = patchModule().patchPathProblem(c.patchPath);
    if (problem)
      result.problems.push({
        file: c.file,
        message: `left out of the patch: path ${JSON.stringify(c.patchPath)} ${problem.startsWith("not") ? "is " : ""}${problem}`,
      });
    return !problem;
  });
  let patch = "";
  print(result, "apply", "patch", { ...io, out: (text) => (patch += text) });
  if (patchFile) {
    try {
      patchFileModule().writePatchFile(patchFile, patch, force);
    } catch (error) {
      // Exit 1 (through the problem), as for any write that failed.
      result.problems.push({
        file: given,
        message: `could not write the patch: ${(error as Error).message}; no source file changed`,
      });
      return;
    }
  } else io.out(patch);
  const sites = result.changes.reduce((n, c) => n + c.sites.length, 0);
  io.err(
    `patch: ${count(sites, "site")} in ${count(result.changes.length, "file")}${given === "-" ? "" : ` written to ${given}`}; no source file changed\n`,
  );
}
