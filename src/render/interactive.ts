// apply --interactive: what the review wrote (the same lines as apply) and the sites left as they were. Its input is
// the review's outcome, not one run: a preview, and the run that wrote what was accepted.
import type { Colors } from "picocolors/types";
import { DEFAULT_TAG } from "../marker";
import type { RunResult } from "../result";
import { escapeText } from "./escape";
import { count } from "./plural";
import type { PrintTarget } from "./printer";
import { renderChange } from "./report";

export interface InteractiveOutcome {
  /** The dry run whose hunks were shown. */
  preview: RunResult;
  /** The run that wrote the accepted sites; none when nothing was accepted. */
  result?: RunResult;
  /** Sites shown and not accepted. */
  skipped: number;
  /** Files that changed between the review and the write: left alone. */
  changedSince: string[];
}

/** What the review wrote, for the CLI: the same lines as apply, and the sites left as they were. */
export function renderInteractive(
  outcome: InteractiveOutcome,
  io: Pick<PrintTarget, "out" | "err">,
  colors: Colors,
): void {
  const { result, skipped, changedSince } = outcome;
  for (const file of changedSince) io.err(`${escapeText(file)}: changed since it was shown; not edited\n`);
  const changes = result?.failure ? [] : (result?.changes ?? []);
  for (const c of changes)
    for (const site of c.sites) io.out(`${colors.green("switched on")}  ${renderChange(site, "apply")}\n`);
  const sites = changes.reduce((n, c) => n + c.sites.length, 0);
  const tag = result?.tag ?? DEFAULT_TAG;
  const left = skipped ? `; ${count(skipped, "site")} left as ${skipped === 1 ? "it was" : "they were"}` : "";
  const undo = sites ? `. Undo: toggle-parallel revert${tag === DEFAULT_TAG ? "" : ` --marker ${tag}`}` : "";
  io.out(
    `${sites ? `${count(sites, "site")} switched on in ${count(changes.length, "file")}` : "nothing switched on"}${left}${undo}\n`,
  );
}
