// Command line: parse arguments, run one command (a file each under src/cli/), map errors to exit codes. Exit codes:
// 0 done, 1 findings or a file that could not be processed, 2 usage error, bad path or unwritable output, 128+N after
// signal N; trial passes on its command's status.
import { Command, CommanderError } from "commander";
import pc from "picocolors";
import type { Colors } from "picocolors/types";
import { escapeText } from "../render/escape";
import { OUTPUT_FAILED_EXIT } from "../render/output";
import { apply } from "./apply";
import { audit } from "./audit";
import { check } from "./check";
import { EXIT, loadedApi, readVersion, type CliCommand, type Context } from "./command";
import { applyConfig, ConfigError } from "./config";
import { init } from "./init";
import { defaultIo, type Io } from "./io";
import { revert } from "./revert";
import { scan } from "./scan";
import { splitTrialArgv, trial } from "./trial";

/** In the order `--help` lists them. */
const COMMANDS: readonly CliCommand[] = [scan, audit, apply, trial, revert, check, init];

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const status = await dispatch(argv, io);
  // Output that could not be written makes the run fail, unless a signal already decided its status.
  return io.outputFailed?.() && status < 128 ? OUTPUT_FAILED_EXIT : status;
}

async function dispatch(given: readonly string[], io: Io): Promise<number> {
  // trial's command follows `--` and is not parsed: its options are its own.
  const split = splitTrialArgv(given);
  const context: Context = { io, errColors: pc.createColors(io.colorErr), trailing: split?.command };
  const program = createProgram(io);
  let code: number = EXIT.ok;
  for (const command of COMMANDS) {
    command.define(program).action(async (...args: unknown[]) => {
      const parsed = args[args.length - 1] as Command;
      code = await command.run((parsed.processedArgs[0] as string[] | undefined) ?? [], parsed.opts(), context);
    });
  }
  // The config file (config.ts) fills in each option the command line did not give, before any command runs.
  program.hook("preAction", (_program, command) => applyConfig(command, io.cwd));
  try {
    await program.parseAsync(split?.argv ?? given, { from: "user" });
    return code;
  } catch (error) {
    return failed(error, io, context.errColors);
  }
}

/** The exit code of a run that threw: a usage error, a bad path or config, or a bug (one line, stack on request). */
function failed(error: unknown, io: Io, errColors: Colors): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const api = loadedApi();
  if (error instanceof ConfigError || (api && (error instanceof api.BadPathError || error instanceof api.UsageError))) {
    io.err(`${errColors.red("error:")} ${escapeText(error.message)}\n`);
    return EXIT.usage;
  }
  // Anything else is a bug: one line, and the stack only when asked for (TOGGLE_PARALLEL_DEBUG=1).
  const detail = process.env.TOGGLE_PARALLEL_DEBUG
    ? ((error as Error).stack ?? String(error))
    : error instanceof Error
      ? error.message
      : String(error);
  io.err(`${errColors.red("internal error:")} ${escapeText(detail)}\n`);
  return EXIT.usage;
}

function createProgram(io: Io): Command {
  return (
    new Command("toggle-parallel")
      .description(
        "Switch LLM parallel tool calls on behind marker comments, review the diff, and revert byte for byte. " +
          "Finds OpenAI parallel_tool_calls / parallelToolCalls, Anthropic disable_parallel_tool_use, and names " +
          'that say "parallel tool calls" (constants, settings, parameter defaults), in TypeScript, JavaScript, Python, Go, Java, Kotlin, C#, YAML, TOML and .properties.',
      )
      .version(readVersion(), "-V, --version")
      .showHelpAfterError("(run with --help for usage)")
      // 80 columns whatever the terminal: the help texts are written to that width (a test holds every line to it).
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
2 usage error, bad path or output that could not be written, 128+N after
signal N; trial exits with its command's status.

Environment: NO_COLOR=1 plain output; TOGGLE_PARALLEL_JOBS=N parse in at
most N threads, the main one included (1: the main thread only; a run
of more than 48 files to parse uses one more per processor by default).`,
      )
  );
}
