// One file, no I/O: text in, sites and the edited text out. Everything here is a pure function of (path, text).
import { classifySites, isTestPath, type ClassifyOptions } from "./classify";
import { applyEdits } from "./edits";
import { mayHoldMarker } from "../marker";
import { languageFor } from "../languages/index";
import { whyFor } from "../audit/patterns";
import type { Analysis, Finding, Language, ParseProblem, Range, RawFinding, Site } from "../model";
import { LineIndex, loneCrAsLf, ownLineEndingAt } from "../text";
import type { Edit } from "./edits";
import { planApply, planRevert, type Plan } from "./plan";

export type Mode = "scan" | "apply" | "revert";

export interface ProcessOptions extends ClassifyOptions {
  force: boolean;
  /** Also report audit findings (scan and audit do; apply and revert need not). */
  audit?: boolean;
  /** apply: switch only the sites this accepts (interactive review); the others are left as they are. */
  select?: (site: Site) => boolean;
}

export interface FileOutcome {
  file: string;
  language: Language["id"];
  sites: Site[];
  findings: Finding[];
  /** The text after the plan; equal to the input when nothing changes. */
  after: string;
  plan: Plan;
  /**
   * Set when the file was skipped: a syntax error before, or an edit that would break it. `partial`: the parser
   * recovered, and sites and findings outside the unreadable part are still reported (scan only).
   */
  skipped?: ParseProblem & { why: string; partial?: boolean };
}

const BOM = "\uFEFF";

/** Analyze and, for apply and revert, plan and verify the edits of one file. The path uses forward slashes. */
export function processText(file: string, text: string, mode: Mode, options: ProcessOptions): FileOutcome | undefined {
  const language = languageFor(file);
  if (!language) return undefined;
  // Parsers disagree on whether a BOM is a character; work on the text after it and put it back at the end.
  const bom = text.startsWith(BOM) ? BOM : "";
  const original = bom ? text.slice(1) : text;
  // A file with lone CR line endings is read through a view where each is LF (same offsets); the edits then go
  // to the file's own text, writing each line ending the way its line does (see ownLineEndings).
  const crView = loneCrAsLf(original);
  const body = crView ?? original;
  // The audit walks the whole tree: only where its findings would be reported, and the text can hold a pattern.
  const audit = options.audit === true && (options.includeTests || !isTestPath(file)) && language.auditGate?.(body) === true;
  // Markers are read from comment tokens: only where the text holds the tag or the recorded format (any tag).
  const analysis = language.analyze(body, file, { audit, comments: mayHoldMarker(body, options.tag), extraFlags: options.extraFlags });
  const empty: Plan = { edits: [], changed: [], notes: [] };
  if (analysis.problems.length > 0) {
    const first = analysis.problems[0]!;
    if (mode === "scan" && language.partialParse) return partialScan(file, text, body, analysis, language, options);
    return { file, language: language.id, sites: [], findings: [], after: text, plan: empty, skipped: { ...first, why: "syntax error" } };
  }
  const sites = classifySites(analysis.sites, file, body, language, options, analysis.comments);
  const findings = locateFindings(analysis.findings ?? [], file, body, language, options);
  if (mode === "scan") return { file, language: language.id, sites, findings, after: text, plan: empty };

  const plan =
    mode === "apply"
      ? planApply(body, sites, language, options.tag, options.select)
      : planRevert(body, sites, analysis.comments, language, options.tag, options);
  if (plan.edits.length === 0) return { file, language: language.id, sites, findings, after: text, plan };
  const edited = crView === undefined ? applyEdits(body, plan.edits) : applyEdits(original, ownLineEndings(original, plan.edits));

  const problem = verify(loneCrAsLf(edited) ?? edited, file, language, mode, sites, plan, options);
  if (problem) return { file, language: language.id, sites, findings, after: text, plan: { ...plan, edits: [], changed: [] }, skipped: problem };
  return { file, language: language.id, sites, findings, after: bom + edited, plan };
}

/**
 * Edits planned on the LF view of a file with lone CRs, for the file itself: a line ending an edit writes (a marker
 * line's) becomes the one that ends the edited line in the file, so a CR-only file stays CR-only, byte for byte.
 */
function ownLineEndings(original: string, edits: readonly Edit[]): Edit[] {
  return edits.map((e) => (e.text.includes("\n") ? { ...e, text: e.text.replace(/\r?\n/g, ownLineEndingAt(original, e.start)) } : e));
}

/** What a recovering parser read outside the parts it could not: reported with a warning, never edited. */
function partialScan(file: string, text: string, body: string, analysis: Analysis, language: Language, options: ProcessOptions): FileOutcome {
  const unreadable = analysis.problems.map((p) => p.range).filter((r): r is Range => r !== undefined);
  const outside = (start: number) => !unreadable.some((r) => r.start <= start && start < r.end);
  const sites = classifySites(analysis.sites.filter((s) => outside(s.value.start)), file, body, language, options, analysis.comments);
  const findings = locateFindings((analysis.findings ?? []).filter((f) => outside(f.start)), file, body, language, options);
  const first = analysis.problems[0]!;
  const warning = { ...first, why: "cannot read this part", partial: true };
  return { file, language: language.id, sites, findings, after: text, plan: { edits: [], changed: [], notes: [] }, skipped: warning };
}

/** Audit findings in test files are left out unless tests are included: tests read `calls[0]` all the time. */
function locateFindings(raw: readonly RawFinding[], file: string, text: string, language: Language, options: ProcessOptions): Finding[] {
  if (raw.length === 0 || (isTestPath(file) && !options.includeTests)) return [];
  const lines = new LineIndex(text);
  return raw.map((f) => ({ file, language: language.id, ...lines.at(f.start), pattern: f.pattern, reason: whyFor(f.pattern, language.id) }));
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
  const again = language.analyze(edited, file, { comments: mayHoldMarker(edited, options.tag), extraFlags: options.extraFlags });
  if (again.problems.length > 0) {
    return { ...again.problems[0]!, why: `the edited file would not parse, so it was not written` };
  }
  if (mode !== "apply") return undefined;
  const applied = (sites: readonly Site[]) => sites.filter((s) => s.state === "applied").length;
  const after = classifySites(again.sites, file, edited, language, options, again.comments);
  if (applied(after) !== applied(before) + plan.changed.length) {
    const site = plan.changed[0]!;
    return { line: site.line, column: site.column, message: "a marker was not found again after the edit", why: "verification failed, so the file was not written" };
  }
  return undefined;
}
