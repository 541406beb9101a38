// `scan`: every site, where it is, its state and what apply would do; audit findings too unless --no-audit.
import type { Command } from "commander";
import { finish, outputOptions, pathsCommand, scanAndPrint, siteOptions, type CliCommand } from "./command";

export const scan: CliCommand = {
  define: (program: Command) =>
    outputOptions(
      siteOptions(
        pathsCommand(
          program,
          "scan",
          "list every site: where it is, its state, and what apply would do",
          "files or folders to search",
        ),
        ["mark sites in", " flip, as apply --include-tests would switch them, and audit those files"],
        ["mark", " flip, as apply --include-defaults would switch it"],
      ),
      'print JSON: {version, sites: [{file, line, column, language, family, name, state, action, reason}], problems: [{file, line, column, message}]}; audit findings are sites with action "audit", rule, confidence, listLine and silenced',
    )
      .option("--no-audit", "leave out the audit findings (faster on very large trees: the audit reads more files)")
      .addHelpText(
        "after",
        "\nExamples:\n  $ toggle-parallel scan src\n  $ toggle-parallel scan --json . > sites.json\n  $ toggle-parallel scan --format sarif . > toggle-parallel.sarif",
      ),

  async run(paths, opts, context) {
    const { result, code } = await scanAndPrint("scan", paths, opts, context, opts.audit !== false);
    finish(result, context.io);
    return code;
  },
};
