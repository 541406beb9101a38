// Text: one line per site, finding or change, columns aligned, and a closing line that says what the run found or did.
import { DEFAULT_TAG } from "../marker";
import type { Site } from "../model";
import type { RunResult } from "../result";
import { escapeText } from "./escape";
import { count } from "./plural";
import type { Printer, PrintTarget } from "./printer";
import { auditVerdict, auditView, machineFindings } from "./findings";
import { locationWidth, renderChange, renderFindingLine, renderSiteLine, renderSummary } from "./report";

export const textPrinter: Printer = {
  print(result, command, target) {
    switch (command) {
      case "scan":
        return printScan(result, target);
      case "audit":
        return printAudit(result, target);
      case "apply":
      case "revert":
        return printChanges(result, command, target);
      case "check":
        return printCheck(result, target);
      case "check-markers":
        return printMarkers(result, target);
    }
  },
};

/** scan lists its certain findings; its summary counts the likely and silenced ones. */
function printScan(result: RunResult, { out, colors }: PrintTarget): void {
  const { active } = auditView(result.findings, true);
  const width = locationWidth([...result.sites, ...active]);
  for (const site of result.sites) out(renderSiteLine(site, colors, width) + "\n");
  for (const finding of active) out(renderFindingLine(finding, colors, width) + "\n");
  out(renderSummary(result) + "\n");
}

function printAudit(result: RunResult, { out, colors, findings }: PrintTarget): void {
  const certainOnly = Boolean(findings?.certainOnly);
  const view = auditView(result.findings, certainOnly);
  const listed = findings?.showSilenced ? machineFindings(view) : view.active;
  const width = locationWidth(listed);
  for (const finding of listed) out(renderFindingLine(finding, colors, width) + "\n");
  out(auditVerdict(view, certainOnly) + "\n");
}

function printChanges(result: RunResult, mode: "apply" | "revert", { out, colors }: PrintTarget): void {
  const verb = mode === "apply" ? "switched on" : "restored";
  const sites = result.changes.reduce((n, c) => n + c.sites.length, 0);
  const files = result.changes.length;
  for (const c of result.changes)
    for (const site of c.sites) out(`${colors.green(verb)}  ${renderChange(site, mode)}\n`);
  if (result.failure) {
    // Say what happened and what the tree holds now: the problems below name the file that failed.
    const { file, message, notRestored } = result.failure;
    const back = result.restored.length
      ? `; put back the ${count(result.restored.length, "file")} it had written: ${result.restored.join(", ")}`
      : "";
    const stuck = notRestored.length ? `; could not put back: ${notRestored.join(", ")}` : "";
    const none = back || stuck ? "" : "; no file had been written yet";
    out(escapeText(`${mode} stopped: writing ${file} failed (${message})${back}${stuck}${none}`) + "\n");
  } else if (mode === "apply") {
    out(
      sites
        ? `${count(sites, "site")} switched on in ${count(files, "file")}, marker "${result.tag}". Undo: toggle-parallel revert${result.tag === DEFAULT_TAG ? "" : ` --marker ${result.tag}`}\n`
        : `${nothingDone(result, "switched on")}\n`,
    );
  } else {
    out(
      sites ? `${count(sites, "site")} restored in ${count(files, "file")}\n` : `${nothingDone(result, "restored")}\n`,
    );
  }
}

/** The closing line of a run that changed nothing: "nothing to do" only when there was nothing to do. */
function nothingDone(result: RunResult, verb: string): string {
  // For revert, a site behind another tag's marker is not this run's to restore: it is named among the problems.
  const found = result.sites.filter((s) =>
    result.mode === "apply" ? s.action === "flip" : s.state === "applied" && s.appliedMarker?.tag === undefined,
  ).length;
  if (found)
    return `nothing ${verb}: ${count(found, "site")} found, in ${found === 1 ? "a file" : "files"} not edited (see below)`;
  // Markers it found but left (edited, reordered, another tag) are named below: "no marker" would contradict them.
  const left = result.problems.filter((p) => p.orphanMarker || /^marker of another tag /.test(p.message)).length;
  if (result.mode === "revert" && left) return `nothing ${verb}: ${count(left, "marker")} left alone (see below)`;
  return result.mode === "apply" ? "nothing to switch on" : `no marker "${result.tag}" to revert`;
}

function printCheck(result: RunResult, { out, colors }: PrintTarget): void {
  const flips = result.sites.filter((s) => s.action === "flip");
  for (const site of flips) out(renderSiteLine(site, colors, locationWidth(flips)) + "\n");
  out(checkVerdict(flips, result) + "\n");
}

/** check's last line: advise apply only for the sites apply would switch, not for those in files it leaves. */
function checkVerdict(flips: readonly Site[], result: RunResult): string {
  if (!flips.length) return "check: no disabled site found";
  const skipped = new Set(result.problems.filter((p) => p.fileSkipped).map((p) => p.file));
  const stuck = flips.filter((s) => skipped.has(s.file)).length;
  const head = `check: ${count(flips.length, "site")} still ${flips.length === 1 ? "switches" : "switch"} parallel tool calls off`;
  if (!stuck) return `${head}; run toggle-parallel apply`;
  if (stuck === flips.length)
    return `${head}; apply skips ${stuck === 1 ? "its file" : "their files"} until the syntax error named above is fixed`;
  return `${head}; run toggle-parallel apply (it skips ${count(stuck, "site")} in files with a syntax error, named above)`;
}

/** check --no-markers: the markers that remain, and which tags they carry. */
function printMarkers(result: RunResult, { out, colors }: PrintTarget): void {
  const marked = result.sites.filter((s) => s.state === "applied");
  for (const site of marked) out(renderSiteLine(site, colors, locationWidth(marked)) + "\n");
  const total = markersLeft(result);
  // Markers another tag left are counted too: a release gate must not pass while any trial edit remains.
  const tags = new Set(marked.map((s) => s.appliedMarker?.tag ?? result.tag));
  if (result.problems.some((p) => p.orphanMarker)) tags.add(result.tag);
  const onlyOurs = tags.size === 1 && tags.has(result.tag);
  const verb = total === 1 ? "remains" : "remain";
  const remain = onlyOurs
    ? `check: ${count(total, "marker")} "${result.tag}" ${verb}; run toggle-parallel revert`
    : `check: ${count(total, "marker")} ${verb}, tagged ${[...tags].map((t) => `"${t}"`).join(", ")}; run toggle-parallel revert --marker TAG for each tag`;
  out(total ? `${remain}\n` : `check: no marker "${result.tag}" found\n`);
}

/** Markers a revert would find: switched-on sites, and markers whose site was changed or moved. */
export function markersLeft(result: RunResult): number {
  return (
    result.sites.filter((s) => s.state === "applied").length + result.problems.filter((p) => p.orphanMarker).length
  );
}
