// `audit`: code that keeps only the first tool call of a response (never rewritten); exit 1 on findings.
import type { Command } from "commander";
import { EXIT, finish, formatOption, outputFormat, pathsCommand, print, reportProblems, runOptions, runPipeline, sarifContext, testsOption, type CliCommand } from "./command";

export const audit: CliCommand = {
  define: (program: Command) =>
    pathsCommand(program, "audit", "report code that keeps only the first tool call of a response (never rewritten); exit 1 on findings", "files or folders to search")
      .addOption(testsOption("also audit"))
      .option("--json", "print JSON, as scan --json does, with the findings only")
      .addOption(formatOption())
      .addHelpText(
        "after",
        [
          "",
          "Switching parallel tool calls on is useless while the consumer keeps only the",
          "first call: a `return toolCalls[0]`, `calls = [calls[0]]`,",
          '`content.find(b => b.type === "tool_use")`, Python\'s `next(b for b in content',
          'if b.type == "tool_use")`, a loop that breaks after the first call, or a',
          'per-turn "a tool was already used" guard.',
          "",
          "Examples:",
          "  $ toggle-parallel audit src",
          "  $ toggle-parallel audit --format sarif . > audit.sarif",
          "  $ toggle-parallel scan --json . | jq '.sites[] | select(.action == \"audit\")'",
        ].join("\n"),
      ),

  async run(paths, opts, context) {
    const { io } = context;
    const format = outputFormat(opts);
    const result = await runPipeline("scan", paths, { ...runOptions(opts, io), audit: true }, io);
    print(result, "audit", format, io, sarifContext(io));
    const code = reportProblems(result, context);
    finish(result, io, "audit");
    return result.findings.length ? EXIT.findings : code;
  },
};
