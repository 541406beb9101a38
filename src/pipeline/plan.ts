// Sites -> edits. apply: flip the literal and add a marker; revert: remove the marker and put the original back.
import type { Edit } from "./edits";
import { findAllMarkers, markerLineEnding, renderInlineMarker, renderLineMarker, UNCHANGED } from "../marker";
import type { Language, Range, Site } from "../model";
import { respell } from "../spelling";
import type { Source } from "../source";
import { indentationAt, RangeSet } from "../text";

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

export function planApply(
  source: Source,
  sites: readonly Site[],
  language: Language,
  tag: string,
  select?: (site: Site) => boolean,
): Plan {
  const { text } = source;
  const edits: Edit[] = [];
  const changed: Site[] = [];
  const notes: PlanNote[] = [];
  // A site left out by select is planned as one that stays as it is (a shared marker line records it as "-").
  const flips = (site: Site) => site.action === "flip" && site.literal !== undefined && (select?.(site) ?? true);
  const lineGroups = new Map<number, Site[]>();

  for (const site of sites) {
    if (site.literal && site.marker.kind === "line") {
      // Pushed, not copied: a line may hold tens of thousands of sites.
      const group = lineGroups.get(site.marker.lineStart);
      if (group) group.push(site);
      else lineGroups.set(site.marker.lineStart, [site]);
      continue;
    }
    if (!flips(site)) continue;
    if (site.marker.kind === "inline" && language.blockComment) {
      const { start, end, text: original } = site.literal!;
      edits.push({
        start,
        end,
        text: renderInlineMarker(language, tag, original, respell(language, original, site.enabledValue)),
      });
      changed.push(site);
    } else {
      const why = site.marker.kind === "none" ? `: ${site.marker.why}` : "";
      notes.push({
        line: site.line,
        column: site.column,
        message: `no safe place for a marker here${why}; left alone`,
      });
    }
  }

  // One marker line per group of sites that share it, listing each member's original ("-" where nothing changes).
  for (const [lineStart, unsorted] of lineGroups) {
    const group = [...unsorted].sort((a, b) => a.literal!.start - b.literal!.start);
    if (!group.some(flips)) continue;
    const existing = group.find((s) => s.appliedMarker?.style === "line")?.appliedMarker;
    if (group.some((s) => s.appliedMarker?.style === "hand")) {
      for (const s of group.filter(flips))
        notes.push({
          line: s.line,
          column: s.column,
          message: "a hand-written marker stands above this line; left alone",
        });
      continue;
    }
    const other = group.find((s) => s.appliedMarker?.tag !== undefined)?.appliedMarker?.tag;
    if (other !== undefined) {
      for (const s of group.filter(flips))
        notes.push({
          line: s.line,
          column: s.column,
          message: `a marker of another tag ("${other}") stands above this line; left alone`,
        });
      continue;
    }
    // A line shared by several sites names each, so that revert notices arguments reordered by hand.
    const entries = group.map((s) => ({
      name: group.length > 1 ? s.name : undefined,
      original: flips(s) ? s.literal!.text : (s.appliedMarker?.original ?? UNCHANGED),
    }));
    const indent = indentationAt(text, lineStart);
    const eol = markerLineEnding(text, lineStart);
    const line = renderLineMarker(language, tag, entries, indent, eol);
    // A later run that flips more of the group (say with --include-defaults) rewrites the group's marker line.
    edits.push(existing ? { ...existing.range, text: line } : { start: lineStart, end: lineStart, text: line });
    for (const s of group.filter(flips)) {
      edits.push({
        start: s.literal!.start,
        end: s.literal!.end,
        text: respell(language, s.literal!.text, s.enabledValue),
      });
      changed.push(s);
    }
  }
  changed.sort((a, b) => a.literal!.start - b.literal!.start);
  return { edits, changed, notes };
}

export interface RevertOptions {
  /** Remove a marker whose site was edited by hand, leaving the value as it is. */
  force: boolean;
}

export function planRevert(
  source: Source,
  sites: readonly Site[],
  language: Language,
  tag: string,
  options: RevertOptions,
): Plan {
  const { text } = source;
  const edits: Edit[] = [];
  const changed: Site[] = [];
  const notes: PlanNote[] = [];
  const claimed: Range[] = [];
  const removedLines = new Set<number>();
  const removeOnce = (range: Range) => {
    if (removedLines.has(range.start)) return;
    removedLines.add(range.start);
    edits.push({ ...range, text: "" });
  };
  // A marker line shared by several sites is restored only when every site it names is still as apply left it.
  const brokenLines = new Set(
    sites
      .filter((s) => s.appliedMarker && s.appliedMarker.style !== "inline" && s.state !== "applied")
      .map((s) => s.appliedMarker!.range.start),
  );
  const otherTags = new Set<number>();
  for (const site of sites) {
    const marker = site.appliedMarker;
    if (!marker || !site.literal) continue;
    claimed.push(marker.range);
    if (marker.tag !== undefined) {
      // Another run's marker: named, never acted on (not even with --force). An applied site already counts as a
      // remaining marker for check --no-markers; one edited since counts through its note.
      if (!otherTags.has(marker.range.start)) {
        otherTags.add(marker.range.start);
        const message = `marker of another tag "${marker.tag}"; left alone (toggle-parallel revert --marker ${marker.tag} restores it)`;
        notes.push({ line: marker.line, column: 1, message, orphanMarker: site.state !== "applied" });
      }
      continue;
    }
    const intact = marker.style === "inline" ? site.state === "applied" : !brokenLines.has(marker.range.start);
    if (intact) {
      const original = marker.original ?? respell(language, site.literal.text, !site.enabledValue);
      if (marker.style === "inline") {
        edits.push({ ...marker.range, text: original });
      } else {
        removeOnce(marker.range);
        edits.push({ start: site.literal.start, end: site.literal.end, text: original });
      }
      changed.push(site);
    } else if (options.force) {
      if (marker.style === "inline") edits.push({ ...markerTextRange(text, marker.range, marker.style), text: "" });
      else removeOnce(marker.range);
      changed.push(site);
    } else if (site.state !== "applied") {
      notes.push({
        line: marker.line,
        column: 1,
        message: `${site.reason}; left alone (--force removes the marker only)`,
        orphanMarker: true,
      });
    }
  }
  const isClaimed = new RangeSet(claimed);
  for (const { at, invalid, tag: recorded } of findAllMarkers(text, language, tag, source.comments)) {
    // A comment such as `// note: was true` has the recorded format with another "tag": only a site vouches for it.
    if (isClaimed.has(at) || recorded !== tag) continue;
    const { line, column } = source.lines.at(at);
    const why = invalid
      ? `records ${JSON.stringify(invalid)}, which is not a ${language.spell(false)}/${language.spell(true)} literal`
      : "is not next to a switch it can restore";
    notes.push({ line, column, message: `marker ${tag} ${why}; left alone`, orphanMarker: true });
  }
  return { edits, changed, notes };
}

/** For --force: an inline marker's range also covers the value, which stays; only the comment and its space go. */
function markerTextRange(text: string, range: Range, style: string): Range {
  if (style !== "inline") return range;
  const close = text.indexOf("*/", range.start);
  return { start: range.start, end: close + 3 };
}
