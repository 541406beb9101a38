// One file, no I/O: text in, sites and the edited text out. Everything here is a pure function of (path, text).
import { classifySites, type ClassifyOptions } from "./classify";
import { applyEdits } from "./edits";
import { languageFor } from "./languages";
import type { Language, ParseProblem, Site } from "./model";
import { planApply, planRevert, type Plan } from "./plan";

export type Mode = "scan" | "apply" | "revert";

export interface ProcessOptions extends ClassifyOptions {
  force: boolean;
}

export interface FileOutcome {
  file: string;
  language: Language["id"];
  sites: Site[];
  /** The text after the plan; equal to the input when nothing changes. */
  after: string;
  plan: Plan;
  /** Set when the file was skipped: a syntax error before, or an edit that would break it. */
  skipped?: ParseProblem & { why: string };
}

const BOM = "\uFEFF";

/** Analyze and, for apply and revert, plan and verify the edits of one file. The path uses forward slashes. */
export function processText(file: string, text: string, mode: Mode, options: ProcessOptions): FileOutcome | undefined {
  const language = languageFor(file);
  if (!language) return undefined;
  // Parsers disagree on whether a BOM is a character; work on the text after it and put it back at the end.
  const bom = text.startsWith(BOM) ? BOM : "";
  const body = bom ? text.slice(1) : text;
  const analysis = language.analyze(body, file);
  const empty: Plan = { edits: [], changed: [], notes: [] };
  if (analysis.problems.length > 0) {
    const first = analysis.problems[0]!;
    return { file, language: language.id, sites: [], after: text, plan: empty, skipped: { ...first, why: "syntax error" } };
  }
  const sites = classifySites(analysis.sites, file, body, language, options);
  if (mode === "scan") return { file, language: language.id, sites, after: text, plan: empty };

  const plan =
    mode === "apply"
      ? planApply(body, sites, language, options.tag)
      : planRevert(body, sites, analysis.stringRanges, language, options.tag, options);
  if (plan.edits.length === 0) return { file, language: language.id, sites, after: text, plan };
  const edited = applyEdits(body, plan.edits);

  const problem = verify(edited, file, language, mode, sites, plan, options);
  if (problem) return { file, language: language.id, sites, after: text, plan: { ...plan, edits: [], changed: [] }, skipped: problem };
  return { file, language: language.id, sites, after: bom + edited, plan };
}

/** Re-parse the edited text: it must still parse, and apply's sites must now read as applied. */
function verify(
  edited: string,
  file: string,
  language: Language,
  mode: Mode,
  before: readonly Site[],
  plan: Plan,
  options: ProcessOptions,
): (ParseProblem & { why: string }) | undefined {
  const again = language.analyze(edited, file);
  if (again.problems.length > 0) {
    return { ...again.problems[0]!, why: `the edited file would not parse, so it was not written` };
  }
  if (mode !== "apply") return undefined;
  const applied = (sites: readonly Site[]) => sites.filter((s) => s.state === "applied").length;
  const after = classifySites(again.sites, file, edited, language, options);
  if (applied(after) !== applied(before) + plan.changed.length) {
    const site = plan.changed[0]!;
    return { line: site.line, column: site.column, message: "a marker was not found again after the edit", why: "verification failed, so the file was not written" };
  }
  return undefined;
}
