// `revert`: find the markers and restore the original text, byte for byte.
import type { Command } from "commander";
import { change } from "./change";
import { pathsCommand, previewOptions, siteOptions, type CliCommand } from "./command";

export const revert: CliCommand = {
  define: (program: Command) =>
    previewOptions(
      siteOptions(
        pathsCommand(
          program,
          "revert",
          "find the markers and restore the original text, byte for byte",
          "files or folders to restore",
        ),
      ),
      "revert",
    )
      .option("--allow-dirty", "edit files that have uncommitted changes besides this tool's own")
      .option(
        "--force",
        "where a marked value was changed by hand, remove the marker and keep the value; with --patch, also replace an existing patch file",
      )
      .addHelpText(
        "after",
        "\nA marker is the comment apply writes (// TAG: was false), or a comment a\nperson wrote right above a switched-on value whose text starts with the tag\n(// TAG, or // TAG: a note). Markers of another tag are named, never touched.\n\nExamples:\n  $ toggle-parallel revert\n  $ toggle-parallel revert --marker kilocode_temp_parallel_tool_calls --dry-run",
      ),

  run: (paths, opts, context) => change("revert", paths, opts, context),
};
