// `check`: a CI gate. Exit 1 while a site apply would switch remains; with --no-markers, while a marker remains.
import type { Command } from "commander";
import {
  EXIT,
  finish,
  pathsCommand,
  print,
  reportProblems,
  runOptions,
  runPipeline,
  siteOptions,
  type CliCommand,
} from "./command";

export const check: CliCommand = {
  define: (program: Command) =>
    siteOptions(
      pathsCommand(
        program,
        "check",
        "CI gate: exit 1 while a site apply would switch remains (with --no-markers: while a marker remains)",
        "files or folders to check",
      ),
      ["also fail on sites in"],
      ["also fail on"],
    )
      .option("--no-markers", "instead, fail while any marker remains (a release gate after a trial)")
      .addHelpText(
        "after",
        "\nExamples:\n  $ toggle-parallel check src           # fails while calls are off somewhere\n  $ toggle-parallel check --no-markers  # fails while a trial edit remains",
      ),

  async run(paths, opts, context) {
    const { io } = context;
    const markers = opts.markers === false;
    // Markers are what revert finds; sites to switch are what scan finds.
    const result = markers
      ? await runPipeline("revert", paths, { ...runOptions(opts, io), write: false }, io)
      : await runPipeline("scan", paths, runOptions(opts, io), io);
    print(result, markers ? "check-markers" : "check", "text", io);
    const code = reportProblems(result, context);
    finish(result, io, "check");
    const left = markers
      ? result.sites.some((s) => s.state === "applied") || result.problems.some((p) => p.orphanMarker)
      : result.sites.some((s) => s.action === "flip");
    return left ? EXIT.findings : code;
  },
};
