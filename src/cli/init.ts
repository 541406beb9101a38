// `init`: write the config file with the default settings here (never replaces one).
import path from "node:path";
import type { Command } from "commander";
import { EXIT, type CliCommand } from "./command";
import { CONFIG_FILE, writeDefaultConfig } from "./config";

export const init: CliCommand = {
  define: (program: Command) =>
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
      ),

  run(_paths, _opts, { io }) {
    const file = writeDefaultConfig(io.cwd);
    io.out(`wrote ${path.relative(io.cwd, file)}; the README's "Configuration" section says what each key does\n`);
    return Promise.resolve(EXIT.ok);
  },
};
