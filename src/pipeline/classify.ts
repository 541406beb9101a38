// Judgement: what a raw site is (disabled, enabled, dynamic, applied...) and whether apply should flip it.
import { enabledValueOf, isCapabilityContext, readFlagName, type ExtraFlagNames, type FlagName } from "../catalog";
import { findInlineMarker, findLineMarker, markerName, UNCHANGED } from "../marker";
import type { FoundMarker, Language, RawSite, Site } from "../model";
import { literalValue, respell } from "../spelling";
import type { Source } from "../source";

export interface ClassifyOptions {
  tag: string;
  includeTests: boolean;
  includeDefaults: boolean;
  /** Flag names the project adds (the config file's "flags"). */
  extraFlags?: ExtraFlagNames;
}

// Each language module says which of its files are tests (Language.testFile).
export { isTestPath } from "../languages/index";
import { isTestPath } from "../languages/index";

export function classifySites(
  raw: readonly RawSite[],
  file: string,
  /** The file's text, with the comment tokens the parser reported: markers are read from them only. */
  source: Source,
  language: Language,
  options: ClassifyOptions,
): Site[] {
  const { text, lines, comments: tokens } = source;
  const testFile = isTestPath(file);
  const markers = lineMarkersBySite(raw, source, language, options.tag, options.extraFlags);
  return raw.map((r) => {
    const flag = readFlagName(r.name, options.extraFlags)!;
    const enabledValue = enabledValueOf(flag.family);
    const where = lines.at(r.literal?.start ?? r.value.start);
    const base = {
      ...r,
      file,
      language: language.id,
      line: where.line,
      column: where.column,
      family: flag.family,
      enabledValue,
    };
    const inline = r.literal ? findInlineMarker(text, r.literal, language, options.tag, tokens, lines) : undefined;
    // A marker records the literal that switched the site off; one that records anything else is not this site's.
    const marker =
      inline?.original !== undefined && literalValue(language, inline.original) === !enabledValue
        ? inline
        : r.literal
          ? markers.get(r)
          : undefined;
    const verdict = judge(r, flag, enabledValue, testFile, marker, language, options);
    return { ...base, ...verdict };
  });
}

/**
 * The line marker of each site. Sites with a literal that share a marker line form a group; our marker lists one
 * entry per member, so member i gets entry i ("-": not part of the marker). A marker whose list does not fit the
 * group (another count, another name in that place, or an original that is not the literal which switches that
 * member off) belongs to nobody, and revert reports it. A hand-written marker belongs to every member.
 */
function lineMarkersBySite(
  raw: readonly RawSite[],
  source: Source,
  language: Language,
  tag: string,
  extraFlags?: ExtraFlagNames,
): Map<RawSite, FoundMarker> {
  const groups = new Map<number, RawSite[]>();
  for (const r of raw) {
    if (!r.literal || r.marker.kind !== "line") continue;
    const group = groups.get(r.marker.lineStart) ?? [];
    group.push(r);
    groups.set(r.marker.lineStart, group);
  }
  const found = new Map<RawSite, FoundMarker>();
  for (const [lineStart, group] of groups) {
    const marker = findLineMarker(source.text, lineStart, language, tag, source.comments, source.lines);
    if (!marker || marker.invalid) continue;
    group.sort((a, b) => a.literal!.start - b.literal!.start);
    const entries = marker.entries;
    if (!entries) {
      for (const r of group) found.set(r, { range: marker.range, style: "hand", line: marker.line });
      continue;
    }
    const fits = (r: RawSite, i: number) => {
      const { name, original } = entries[i]!;
      if (name !== undefined && name !== markerName(r.name)) return false;
      return (
        original === UNCHANGED ||
        literalValue(language, original) === !enabledValueOf(readFlagName(r.name, extraFlags)!.family)
      );
    };
    if (entries.length !== group.length || !group.every(fits)) continue;
    const other = marker.tag === tag ? {} : { tag: marker.tag };
    group.forEach((r, i) => {
      const { original } = entries[i]!;
      if (original !== UNCHANGED)
        found.set(r, { range: marker.range, style: "line", original, line: marker.line, ...other });
    });
  }
  return found;
}

type Verdict = Pick<Site, "state" | "action" | "reason" | "appliedMarker">;

function judge(
  r: RawSite,
  flag: FlagName,
  enabledValue: boolean,
  testFile: boolean,
  marker: FoundMarker | undefined,
  language: Language,
  options: ClassifyOptions,
): Verdict {
  const leave = (state: Site["state"], reason: string, appliedMarker?: FoundMarker): Verdict => ({
    state,
    action: "leave",
    reason,
    appliedMarker,
  });
  const on = respell(language, r.literal?.text, enabledValue);
  const off = respell(language, r.literal?.text, !enabledValue);

  if (r.typeOnly) return leave("type", "a type, not a value");
  if (flag.capability || r.context.some(isCapabilityContext))
    return leave("capability", "describes what a model supports, not a request");
  // A doubtful name is never flipped; a marker apply wrote on it before is still restored.
  const markedOn = marker !== undefined && r.literal?.value === enabledValue;
  if (flag.doubt && !markedOn) return leave("unknown", `${flag.doubt}; left alone`);

  switch (r.valueKind) {
    case "nullish":
      return leave("enabled", r.nullishNote ?? "no value: the API default, parallel calls on");
    case "dynamic":
    case "boolean-expression":
    case "other":
      return leave("dynamic", "dynamic value");
  }

  const literal = r.literal!;
  const isOn = literal.value === enabledValue;
  if (marker?.tag !== undefined) {
    const where = `marker "${marker.tag}" on line ${marker.line}`;
    if (isOn)
      return leave(
        "applied",
        `switched on by apply with another tag (${where}; revert --marker ${marker.tag})`,
        marker,
      );
    return leave("disabled", `${where}, but the value is ${literal.text} again: edited by hand`, marker);
  }
  if (marker && isOn) {
    const by = marker.style === "hand" ? "by hand" : "by apply";
    return leave("applied", `switched on ${by} (marker on line ${marker.line})`, marker);
  }
  if (marker && marker.style !== "hand") {
    return leave(
      "disabled",
      `marker on line ${marker.line}, but the value is ${literal.text} again: edited by hand`,
      marker,
    );
  }
  if (r.valueKind === "fallback") {
    if (isOn) return leave("dynamic", `dynamic, falls back to ${literal.text}`);
    if (!options.includeDefaults)
      return leave("dynamic", `dynamic, falls back to ${literal.text} (--include-defaults flips it)`);
  } else if (isOn) {
    return leave("enabled", "already on");
  }
  if (testFile && !options.includeTests) return leave("disabled", "test file (--include-tests to switch it)");
  if (r.marker.kind === "none") return leave("disabled", `no safe place for a marker: ${r.marker.why}`);
  return {
    state: r.valueKind === "fallback" ? "dynamic" : "disabled",
    action: "flip",
    reason: `apply sets ${on} (was ${off})`,
  };
}
