// Which audit findings a command shows, and how: scan shows the certain ones, audit both (likely ones marked), audit
// --certain the certain ones only (a CI gate); silenced findings are counted everywhere, listed by
// audit --show-silenced, and kept in JSON and SARIF (marked). apply closes with the ones that still stand.
import type { Colors } from "picocolors/types";
import type { Finding } from "../model";
import { escapeText } from "./escape";
import { count } from "./plural";
import type { FindingsShown } from "./printer";

export interface AuditView {
  /** Findings of the confidence asked for that nobody silenced: what the command reports and fails on. */
  active: Finding[];
  /** Findings of the confidence asked for that a comment or the config silenced. */
  silenced: Finding[];
  /** Likely findings left out (scan, audit --certain), unsilenced: what `audit` would add. */
  likelyLeftOut: number;
}

/** Splits a run's findings for a command: `certainOnly` for scan and audit --certain. */
export function auditView(findings: readonly Finding[], certainOnly: boolean): AuditView {
  const view: AuditView = { active: [], silenced: [], likelyLeftOut: 0 };
  for (const f of findings) {
    if (certainOnly && f.confidence !== "certain") {
      if (!f.silenced) view.likelyLeftOut++;
    } else (f.silenced ? view.silenced : view.active).push(f);
  }
  return view;
}

/** What JSON and SARIF carry: the findings of the confidence asked for, silenced ones included (they say so). */
export function machineFindings(view: AuditView): Finding[] {
  return [...view.active, ...view.silenced].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
}

/** What JSON and SARIF carry for a command: scan's certain findings, audit's of the confidence asked for. */
export function shownFindings(findings: readonly Finding[], command: string, shown?: FindingsShown): Finding[] {
  return machineFindings(auditView(findings, command !== "audit" || Boolean(shown?.certainOnly)));
}

/**
 * `path:line:col  audit  certain  rule: what is lost (the list of calls comes from line N)`: the column after "audit"
 * is the confidence, where a site line has its state. A silenced finding ends with its reason.
 */
export function renderFindingLine(finding: Finding, c: Colors, width = 0): string {
  const where = escapeText(`${finding.file}:${finding.line}:${finding.column}`).padEnd(width);
  const confidence = finding.confidence === "certain" ? c.magenta("certain".padEnd(10)) : c.yellow("likely".padEnd(10));
  const list =
    finding.listLine !== undefined && finding.listLine !== finding.line
      ? ` (the list of calls comes from line ${finding.listLine})`
      : "";
  const silenced = finding.silenced
    ? c.dim(`  [silenced by ${finding.silenced.by}: ${escapeText(finding.silenced.reason)}]`)
    : "";
  return `${where}  ${c.magenta("audit".padEnd(13))}  ${confidence}  ${finding.rule}: ${escapeText(finding.reason)}${list}${silenced}`;
}

/** The tail of scan's summary line: its certain findings, and what audit would add or what was silenced. */
export function scanAuditSummary(view: AuditView): string {
  const extra: string[] = [];
  if (view.likelyLeftOut)
    extra.push(
      `${view.likelyLeftOut} likely ${view.likelyLeftOut === 1 ? "one" : "ones"} more with toggle-parallel audit`,
    );
  if (view.silenced.length) extra.push(`${view.silenced.length} silenced`);
  if (!view.active.length && !extra.length) return "";
  return `; ${count(view.active.length, "audit finding")}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

/** audit's closing line. */
export function auditVerdict(view: AuditView, certainOnly: boolean): string {
  const likely = view.active.filter((f) => f.confidence === "likely").length;
  const head = view.active.length
    ? `audit: ${count(view.active.length, "place keeps", "places keep")} only the first tool call${likely ? ` (${likely} likely)` : ""}`
    : `audit: no ${certainOnly ? "certain " : ""}place keeps only the first tool call`;
  const tail: string[] = [];
  if (view.silenced.length) tail.push(`${view.silenced.length} silenced`);
  if (certainOnly && view.likelyLeftOut) tail.push(`${view.likelyLeftOut} likely left out (--certain)`);
  return tail.length ? `${head}; ${tail.join(", ")}` : head;
}

/**
 * apply's closing section: the places that still drop every call after the first, once the flags are on. Empty when
 * there are none. The heading says why it matters: the flag alone does not give parallel calls while they stand.
 */
export function renderHazards(findings: readonly Finding[], c: Colors): string {
  const view = auditView(findings, false);
  if (!view.active.length)
    return view.silenced.length
      ? `audit: ${view.silenced.length} silenced place${view.silenced.length === 1 ? "" : "s"} may still drop tool calls (toggle-parallel audit --show-silenced)\n`
      : "";
  const lines = [
    c.bold(
      `Switching the flag is not enough while ${view.active.length === 1 ? "this place stands" : `these ${view.active.length} places stand`}: ${view.active.length === 1 ? "it keeps" : "each keeps"} only the first tool call of a response`,
    ),
  ];
  for (const f of view.active) {
    const list =
      f.listLine !== undefined && f.listLine !== f.line ? ` (the list of calls comes from line ${f.listLine})` : "";
    const likely = f.confidence === "likely" ? c.yellow(" [likely]") : "";
    lines.push(`  ${escapeText(`${f.file}:${f.line}`)}  ${f.rule}: ${escapeText(f.reason)}${list}${likely}`);
  }
  if (view.silenced.length) lines.push(`  (${view.silenced.length} silenced: toggle-parallel audit --show-silenced)`);
  return lines.join("\n") + "\n";
}
