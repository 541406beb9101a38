// `trial [paths...] -- <command...>`: apply, run the command, then always revert (cli/trial-run.ts does the work).
import type { Command } from "commander";
import { pathsCommand, runOptions, runPipeline, siteOptions, usageError, type CliCommand } from "./command";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the trial's machinery loads when it runs
const trialModule = () => require("./trial-run") as typeof import("./trial-run");

export const trial: CliCommand = {
  define: (program: Command) =>
    siteOptions(
      pathsCommand(
        program,
        "trial",
        "apply, run a command (your tests, an eval), then always revert; exit with the command's status",
        "files or folders to switch during the run",
      ).usage("[options] [paths...] -- <command...>"),
      ["also switch sites in"],
      ["also switch"],
    )
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
      ),

  async run(paths, opts, { io, trailing }) {
    const command = trailing ?? [];
    if (!command.length) throw usageError("trial needs a command after --, e.g. toggle-parallel trial -- npm test");
    return trialModule().runTrial(paths, runOptions(opts, io), command, io, (mode, p, o) =>
      runPipeline(mode, p, o, io),
    );
  },
};

/** Splits `trial [paths/options] -- command...` at the first `--`; undefined when argv is not a trial. */
export function splitTrialArgv(argv: readonly string[]): { argv: string[]; command: string[] } | undefined {
  if (argv[0] !== "trial") return undefined;
  const dash = argv.indexOf("--");
  if (dash < 0) return { argv: [...argv], command: [] };
  return { argv: argv.slice(0, dash), command: argv.slice(dash + 1) };
}
