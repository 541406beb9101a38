// `audit`: code that keeps only the first tool call of a response (never rewritten); exit 1 on findings.
import type { Command } from "commander";
import { auditView, machineFindings } from "../render/findings";
import { EXIT, finish, outputOptions, pathsCommand, scanAndPrint, testsOption, type CliCommand } from "./command";

export const audit: CliCommand = {
  define: (program: Command) =>
    outputOptions(
      pathsCommand(
        program,
        "audit",
        "report code that keeps only the first tool call of a response (never rewritten); exit 1 on findings",
        "files or folders to search",
      ).addOption(testsOption("also audit")),
      "print JSON, as scan --json does, with the findings only",
    )
      .option("--certain", "report, and fail on, certain findings only (a CI gate); likely ones are counted")
      .option("--show-silenced", "also list the findings an ignore comment or audit.ignore silenced")
      .addHelpText(
        "after",
        [
          "",
          "Switching parallel tool calls on is useless while the consumer keeps only the",
          "first call. Each finding names its rule, its line (and the line the list of",
          "calls comes from), what is lost, and a confidence:",
          "  first-call-only          one call taken as THE call (calls[0], next(...))",
          "  truncate-to-first        the list cut to its first call (calls = [calls[0]])",
          "  loop-exits-after-first   a loop over the calls that stops after the first",
          "  one-tool-per-turn-guard  a guard refusing every call after the first",
          "certain: drops calls as written; likely: unless something unseen holds. scan",
          "shows certain ones; audit both (likely marked); --certain only certain ones.",
          "",
          "Silence one (a reason is required; see docs/audit.md), on its line or above:",
          "  // toggle-parallel-ignore audit: only the router reads the first call",
          "  # toggle-parallel-ignore audit first-call-only: one call by construction",
          "or in toggle-parallel.config.json: audit.ignore. Silenced ones are counted,",
          "listed with --show-silenced, kept in JSON and SARIF (as suppressions).",
          "Exit: 1 while a finding shown stands (or a file could not be read), else 0.",
          "",
          "Examples:",
          "  $ toggle-parallel audit src",
          "  $ toggle-parallel audit --certain     # CI gate: certain findings only",
          "  $ toggle-parallel audit --format sarif . > audit.sarif",
          "  $ toggle-parallel scan --json . | jq '.sites[] | select(.action == \"audit\")'",
        ].join("\n"),
      ),

  async run(paths, opts, context) {
    const shown = { certainOnly: Boolean(opts.certain), showSilenced: Boolean(opts.showSilenced) };
    const { result, code } = await scanAndPrint("audit", paths, opts, context, true, shown);
    const view = auditView(result.findings, shown.certainOnly);
    // The closing count is of the findings of the confidence asked for (--certain leaves the likely ones out).
    finish({ ...result, findings: machineFindings(view) }, context.io, "audit");
    return view.active.length ? EXIT.findings : code;
  },
};
