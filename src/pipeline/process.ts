// One file, no I/O: text in, sites and the edited text out. Everything here is a pure function of (path, text).
import { classifySites, isTestPath, type ClassifyOptions } from "./classify";
import { applyEdits } from "./edits";
import { mayHoldMarker } from "../marker";
import { mayHoldIgnore, silenceInCode } from "../audit/suppress";
import { languageFor } from "../languages/index";
import { whyFor } from "../audit/patterns";
import type { Analysis, Finding, Language, ParseProblem, Range, RawFinding, Site } from "../model";
import { Source } from "../source";
import type { Edit } from "./edits";
import { planApply, planRevert, type Plan } from "./plan";

export type Mode = "scan" | "apply" | "revert";

export interface ProcessOptions extends ClassifyOptions {
  force: boolean;
  /** Also report audit findings (scan and audit do, and apply for its closing list; revert does not). */
  audit?: boolean;
  /** apply: switch only the sites this accepts (interactive review); the others are left as they are. */
  select?: (site: Site) => boolean;
}

export interface FileOutcome {
  file: string;
  language: Language["id"];
  sites: Site[];
  findings: Finding[];
  /** The findings where the file as read has them, when `findings` give the lines of the edited file. */
  findingsAsRead?: Finding[];
  /** The text after the plan; equal to the input when nothing changes. */
  after: string;
  plan: Plan;
  /**
   * Set when the file was skipped: a syntax error before, or an edit that would break it. `partial`: the parser
   * recovered, and sites and findings outside the unreadable part are still reported (scan only).
   */
  skipped?: ParseProblem & { why: string; partial?: boolean };
}

/** Analyze and, for apply and revert, plan and verify the edits of one file. The path uses forward slashes. */
export function processText(file: string, text: string, mode: Mode, options: ProcessOptions): FileOutcome | undefined {
  const language = languageFor(file);
  if (!language) return undefined;
  // Parsers read the text after the BOM (put back at the end); a file with lone CR line endings is read through a
  // view where each is LF (same offsets), and its edits go to its own text (see ownLineEndings).
  const source = new Source(text, { loneCrEndsLine: language.loneCrEndsLine !== false });
  const body = source.text;
  // The audit walks the whole tree: only where its findings would be reported, and the text can hold a pattern.
  const audit =
    options.audit === true && (options.includeTests || !isTestPath(file)) && language.auditGate?.(body) === true;
  // Markers are read from comment tokens: only where the text holds the tag or the recorded format (any tag).
  // So are `toggle-parallel-ignore audit` comments (audit/suppress.ts), where the audit runs.
  const comments = mayHoldMarker(body, options.tag) || (audit && mayHoldIgnore(body));
  const analysis = language.analyze(body, file, { audit, comments, extraFlags: options.extraFlags });
  source.setComments(analysis.comments);
  const empty: Plan = { edits: [], changed: [], notes: [] };
  if (analysis.problems.length > 0) {
    const first = analysis.problems[0]!;
    if (mode === "scan" && language.partialParse) return partialScan(file, source, analysis, language, options);
    // apply edits nothing in the file, but still names what its audit read outside the unreadable part.
    const findings =
      audit && language.partialParse ? partialScan(file, source, analysis, language, options).findings : [];
    return {
      file,
      language: language.id,
      sites: [],
      findings,
      after: text,
      plan: empty,
      skipped: { ...first, why: first.why ?? "syntax error" },
    };
  }
  const sites = classifySites(analysis.sites, file, source, language, options);
  const raw = analysis.findings ?? [];
  const { findings, notes } = silenceInCode(
    locateFindings(raw, file, source, language, options),
    body,
    analysis.comments,
  );
  // An ignore comment that is not honoured is reported by scan and audit; apply does not fail on it.
  if (mode === "scan") return { file, language: language.id, sites, findings, after: text, plan: { ...empty, notes } };

  const plan =
    mode === "apply"
      ? planApply(source, sites, language, options.tag, options.select)
      : planRevert(source, sites, language, options.tag, options);
  if (plan.edits.length === 0) return { file, language: language.id, sites, findings, after: text, plan };
  const edited = source.hasLoneCr
    ? applyEdits(source.original, ownLineEndings(source, plan.edits))
    : applyEdits(body, plan.edits);

  const problem = verify(
    new Source(edited, { bom: false, loneCrEndsLine: language.loneCrEndsLine !== false }),
    file,
    language,
    mode,
    sites,
    plan,
    options,
  );
  if (problem)
    return {
      file,
      language: language.id,
      sites,
      findings,
      after: text,
      plan: { ...plan, edits: [], changed: [] },
      skipped: problem,
    };
  return {
    file,
    language: language.id,
    sites,
    findings: linesAfterEdits(findings, raw, plan.edits, body),
    findingsAsRead: findings,
    after: source.withBody(edited),
    plan,
  };
}

/**
 * apply names the places that still drop calls in the files as it wrote them: a finding below a marker line it
 * inserted moves down a line. `findings` are located from `raw`, one for one, in order (locateFindings, silenceInCode).
 */
function linesAfterEdits(
  findings: Finding[],
  raw: readonly RawFinding[],
  edits: readonly Edit[],
  text: string,
): Finding[] {
  const newlines = (s: string) => s.split("\n").length - 1;
  const added = edits
    .map((e) => ({ start: e.start, lines: newlines(e.text) - newlines(text.slice(e.start, e.end)) }))
    .filter((e) => e.lines !== 0);
  if (!added.length || findings.length !== raw.length) return findings;
  const shift = (at: number) => added.reduce((n, e) => (e.start <= at ? n + e.lines : n), 0);
  return findings.map((f, i) => {
    const r = raw[i]!;
    const listShift = r.listStart === undefined || f.listLine === undefined ? 0 : shift(r.listStart);
    return {
      ...f,
      line: f.line + shift(r.start),
      ...(f.listLine !== undefined ? { listLine: f.listLine + listShift } : {}),
    };
  });
}

/**
 * Edits planned on the LF view of a file with lone CRs, for the file itself: a line ending an edit writes (a marker
 * line's) becomes the one that ends the edited line in the file, so a CR-only file stays CR-only, byte for byte.
 */
function ownLineEndings(source: Source, edits: readonly Edit[]): Edit[] {
  return edits.map((e) =>
    e.text.includes("\n") ? { ...e, text: e.text.replace(/\r?\n/g, source.ownLineEndingAt(e.start)) } : e,
  );
}

/** What a recovering parser read outside the parts it could not: reported with a warning, never edited. */
function partialScan(
  file: string,
  source: Source,
  analysis: Analysis,
  language: Language,
  options: ProcessOptions,
): FileOutcome {
  const unreadable = analysis.problems.map((p) => p.range).filter((r): r is Range => r !== undefined);
  const outside = (start: number) => !unreadable.some((r) => r.start <= start && start < r.end);
  const sites = classifySites(
    analysis.sites.filter((s) => outside(s.value.start)),
    file,
    source,
    language,
    options,
  );
  const located = locateFindings(
    (analysis.findings ?? []).filter((f) => outside(f.start)),
    file,
    source,
    language,
    options,
  );
  const { findings } = silenceInCode(located, source.text, analysis.comments);
  const first = analysis.problems[0]!;
  const warning = { ...first, why: "cannot read this part", partial: true };
  return {
    file,
    language: language.id,
    sites,
    findings,
    after: source.withBody(source.original),
    plan: { edits: [], changed: [], notes: [] },
    skipped: warning,
  };
}

/** Audit findings in test files are left out unless tests are included: tests read `calls[0]` all the time. */
function locateFindings(
  raw: readonly RawFinding[],
  file: string,
  source: Source,
  language: Language,
  options: ProcessOptions,
): Finding[] {
  if (raw.length === 0 || (isTestPath(file) && !options.includeTests)) return [];
  return raw.map((f) => ({
    file,
    language: language.id,
    ...source.lines.at(f.start),
    rule: f.rule,
    confidence: f.confidence,
    ...(f.listStart !== undefined ? { listLine: source.lines.at(f.listStart).line } : {}),
    reason: whyFor(f),
  }));
}

/** Re-parse the edited text: it must still parse, and apply's sites must now read as applied. */
function verify(
  edited: Source,
  file: string,
  language: Language,
  mode: Mode,
  before: readonly Site[],
  plan: Plan,
  options: ProcessOptions,
): (ParseProblem & { why: string }) | undefined {
  const again = language.analyze(edited.text, file, {
    comments: mayHoldMarker(edited.text, options.tag),
    extraFlags: options.extraFlags,
  });
  if (again.problems.length > 0) {
    return { ...again.problems[0]!, why: `the edited file would not parse, so it was not written` };
  }
  if (mode !== "apply") return undefined;
  const applied = (sites: readonly Site[]) => sites.filter((s) => s.state === "applied").length;
  edited.setComments(again.comments);
  const after = classifySites(again.sites, file, edited, language, options);
  if (applied(after) !== applied(before) + plan.changed.length) {
    const site = plan.changed[0]!;
    return {
      line: site.line,
      column: site.column,
      message: "a marker was not found again after the edit",
      why: "verification failed, so the file was not written",
    };
  }
  return undefined;
}
