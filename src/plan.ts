// Sites -> edits. apply: flip the literal and add a marker; revert: remove the marker and put the original back.
import type { Edit } from "./edits";
import { findAllMarkers, markerLineEnding, renderInlineMarker, renderLineMarker } from "./marker";
import type { Language, Range, Site } from "./model";
import { indentationAt, lineAndColumn } from "./text";

export interface PlanNote {
  line: number;
  column: number;
  message: string;
  /** A marker that stays in the file: `check --no-markers` counts these. */
  orphanMarker?: boolean;
}

export interface Plan {
  edits: Edit[];
  /** Sites the plan changes. */
  changed: Site[];
  /** Sites or markers the plan could not handle; each makes the run exit 1. */
  notes: PlanNote[];
}

export function planApply(text: string, sites: readonly Site[], language: Language, tag: string): Plan {
  const edits: Edit[] = [];
  const changed: Site[] = [];
  const notes: PlanNote[] = [];
  const markerLines = new Set<number>();
  for (const site of sites) {
    if (site.action !== "flip" || !site.literal) continue;
    const newLiteral = language.spell(site.enabledValue);
    const original = site.literal.text;
    // Two sites on one line cannot share a marker line: revert pairs a marker line with one site.
    const place = site.marker.kind === "line" && markerLines.has(site.marker.lineStart) ? ({ kind: "inline" } as const) : site.marker;
    if (place.kind === "line") {
      markerLines.add(place.lineStart);
      const indent = indentationAt(text, place.lineStart);
      const eol = markerLineEnding(text, place.lineStart);
      edits.push({ start: place.lineStart, end: place.lineStart, text: renderLineMarker(language, tag, original, indent, eol) });
      edits.push({ start: site.literal.start, end: site.literal.end, text: newLiteral });
    } else if (place.kind === "inline" && language.blockComment) {
      edits.push({ start: site.literal.start, end: site.literal.end, text: renderInlineMarker(language, tag, original, newLiteral) });
    } else {
      notes.push({ line: site.line, column: site.column, message: `no safe place for a marker here${place.kind === "none" ? `: ${place.why}` : ""}; left alone` });
      continue;
    }
    changed.push(site);
  }
  return { edits, changed, notes };
}

export interface RevertOptions {
  /** Remove a marker whose site was edited by hand, leaving the value as it is. */
  force: boolean;
}

export function planRevert(
  text: string,
  sites: readonly Site[],
  strings: readonly Range[],
  language: Language,
  tag: string,
  options: RevertOptions,
): Plan {
  const edits: Edit[] = [];
  const changed: Site[] = [];
  const notes: PlanNote[] = [];
  const claimed: Range[] = [];
  for (const site of sites) {
    const marker = site.appliedMarker;
    if (!marker || !site.literal) continue;
    claimed.push(marker.range);
    if (site.state === "applied") {
      const original = marker.original ?? language.spell(!site.enabledValue);
      if (marker.style === "inline") {
        edits.push({ ...marker.range, text: original });
      } else {
        edits.push({ ...marker.range, text: "" });
        edits.push({ start: site.literal.start, end: site.literal.end, text: original });
      }
      changed.push(site);
    } else if (options.force) {
      edits.push({ ...markerTextRange(text, marker.range, marker.style), text: "" });
      changed.push(site);
    } else {
      notes.push({ line: marker.line, column: 1, message: `${site.reason}; left alone (--force removes the marker only)`, orphanMarker: true });
    }
  }
  for (const at of findAllMarkers(text, language, tag, strings)) {
    if (claimed.some((r) => r.start <= at && at < r.end)) continue;
    const { line, column } = lineAndColumn(text, at);
    notes.push({ line, column, message: `marker ${tag} is not next to a switch it can restore; left alone`, orphanMarker: true });
  }
  return { edits, changed, notes };
}

/** For --force: an inline marker's range also covers the value, which stays; only the comment and its space go. */
function markerTextRange(text: string, range: Range, style: string): Range {
  if (style !== "inline") return range;
  const close = text.indexOf("*/", range.start);
  return { start: range.start, end: close + 3 };
}
