// Text and JSON renderings of sites and run summaries, for terminals and CI logs.
import type { Colors } from "picocolors/types";
import type { RunResult } from "../result";
import { languageById } from "../languages/index";
import type { Site } from "../model";
import { respell } from "../spelling";
import { escapeText } from "./escape";
import { auditView, scanAuditSummary } from "./findings";
import { count } from "./plural";

/** The value as the site's literal is spelled (Boolean.FALSE -> Boolean.TRUE). */
function spell(site: Site, value: boolean): string {
  const language = languageById(site.language);
  return language ? respell(language, site.literal?.text, value) : String(value);
}

const STATE_COLOR: Record<Site["state"], keyof Colors> = {
  disabled: "red",
  enabled: "green",
  dynamic: "yellow",
  applied: "cyan",
  capability: "dim",
  type: "dim",
  unknown: "yellow",
};

/** `path:line:col  family  state  action  reason`: one line per site, columns aligned for reading. */
export function renderSiteLine(site: Site, c: Colors, width = 0): string {
  const where = escapeText(`${site.file}:${site.line}:${site.column}`).padEnd(width);
  const color = c[STATE_COLOR[site.state]] as (s: string) => string;
  const action = site.action === "flip" ? c.bold("flip ") : "leave";
  return `${where}  ${site.family.padEnd(13)}  ${color(site.state.padEnd(10))}  ${action}  ${escapeText(site.name)}: ${escapeText(site.reason)}`;
}

export { renderFindingLine } from "./findings";

/** The width of the longest `path:line:col`, so that a list of sites and findings reads in columns. */
export function locationWidth(items: ReadonlyArray<{ file: string; line: number; column: number }>): number {
  return items.reduce((w, i) => Math.max(w, escapeText(`${i.file}:${i.line}:${i.column}`).length), 0);
}

/** What apply or revert did to one site: `false -> true`. */
export function renderChange(site: Site, mode: "apply" | "revert"): string {
  const now = site.literal?.text ?? "";
  const next =
    mode === "apply"
      ? spell(site, site.enabledValue)
      : (site.appliedMarker?.original ?? spell(site, !site.enabledValue));
  return escapeText(`${site.file}:${site.line}:${site.column}  ${site.name}  ${now} -> ${next}`);
}

export function renderSummary(result: RunResult): string {
  const files = new Set(result.sites.map((s) => s.file)).size;
  const by = (state: Site["state"]) => result.sites.filter((s) => s.state === state).length;
  const flips = result.sites.filter((s) => s.action === "flip").length;
  const parts = [
    `${flips} to switch on`,
    `${by("disabled") - result.sites.filter((s) => s.state === "disabled" && s.action === "flip").length} disabled but left`,
    `${by("dynamic")} dynamic`,
    `${by("enabled")} enabled`,
    `${by("applied")} applied`,
    `${by("capability") + by("type")} capability or type`,
  ];
  if (by("unknown")) parts.push(`${by("unknown")} unknown`);
  // scan's own findings are the certain ones; it says how many likely ones audit would add, and how many are silenced.
  const audit = scanAuditSummary(auditView(result.findings, true));
  // Files listed, parsed and the time are on the closing line on stderr (renderStats), said once.
  return `${count(result.sites.length, "site")} in ${count(files, "file")}: ${parts.join(", ")}${audit}`;
}

export function renderScanJson(result: RunResult): string {
  const sites = result.sites.map((s) => ({
    file: s.file,
    line: s.line,
    column: s.column,
    language: s.language,
    family: s.family,
    name: s.name,
    state: s.state,
    action: s.action,
    reason: s.reason,
  }));
  // Audit findings share the site shape so one jq filter reads both: action "audit", name the pattern.
  const findings = result.findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    language: f.language,
    family: "audit",
    name: f.rule,
    rule: f.rule,
    confidence: f.confidence,
    ...(f.listLine !== undefined ? { listLine: f.listLine } : {}),
    state: "drops-calls",
    action: "audit",
    reason: f.reason,
    ...(f.silenced ? { silenced: f.silenced } : {}),
  }));
  return JSON.stringify({ version: 1, sites: [...sites, ...findings], problems: result.problems }, null, 2);
}

/** The run's last line on stderr: files listed, candidates, parsed, sites (findings for audit), time. */
export function renderStats(result: RunResult, command: string = result.mode): string {
  const { listed, candidates, parsed, threads, ms, gitGrep } = result.stats;
  const how = gitGrep ? " (prefiltered with git grep)" : "";
  const inThreads = threads > 1 ? ` in ${threads} threads` : "";
  const found = command === "audit" ? count(result.findings.length, "finding") : count(result.sites.length, "site");
  return `toggle-parallel ${command}: ${count(listed, "file")} listed, ${count(candidates, "candidate")}${how}, ${parsed} parsed${inThreads}, ${found}, ${(ms / 1000).toFixed(2)} s`;
}
