// SARIF 2.1.0 for scan and audit, so GitHub code scanning (and any SARIF viewer) shows disabled sites and audit
// findings. One result per site that asks for a person's attention; the rule ids are stable (they name the state and
// family, or the audit pattern), and so are the fingerprints: they hash the path and the site's line text, not its
// line number, so an alert survives lines inserted above it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { RunResult } from "../result";
import { WHY } from "../audit/patterns";
import type { AuditRule } from "../model";
import type { Family, Finding, Site } from "../model";
import { shownFindings } from "./findings";
import type { Printer } from "./printer";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/toggle-parallel/toggle-parallel";
/** The partialFingerprints key: versioned, so a change of the hash's recipe does not pass for the same alert. */
export const FINGERPRINT_KEY = "toggleParallelSite/v1";

type Level = "error" | "warning" | "note";
/** The site states that are results: the others (enabled, capability, type, unknown) need no one's attention. */
type ResultState = "disabled" | "dynamic" | "applied";

// Records over the union types: a family or pattern added to the model must be described here (the compiler says so).
const FAMILY_TEXT: Record<Family, string> = {
  openai: "OpenAI's parallel_tool_calls / parallelToolCalls",
  anthropic: "Anthropic's disable_parallel_tool_use",
  name: 'a name that says "parallel tool calls"',
  "name-inverted": 'a name that negates "parallel tool calls" (disable..., no...)',
};
const STATE_TEXT: Record<ResultState, { short: string; help: string }> = {
  disabled: {
    short: "Parallel tool calls switched off",
    help: "A literal switches parallel tool calls off here. `toggle-parallel apply` switches it on behind a marker comment; `toggle-parallel revert` restores it byte for byte.",
  },
  dynamic: {
    short: "Parallel tool calls fall back to off",
    help: "A computed value whose literal fallback switches parallel tool calls off (x ?? false). `toggle-parallel apply --include-defaults` switches the fallback.",
  },
  applied: {
    short: "Parallel tool calls switched on behind a marker",
    help: "A trial edit: parallel tool calls were switched on behind a marker comment. `toggle-parallel revert` restores the original; `toggle-parallel check --no-markers` fails while one remains.",
  },
};

export function siteRuleId(state: ResultState, family: Family): string {
  return `toggle-parallel/${state}/${family}`;
}

export function auditRuleId(pattern: AuditRule): string {
  return `toggle-parallel/audit/${pattern}`;
}

interface Rule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
}

/** Every rule, in a fixed order: a rule's index (ruleIndex) is the same in every log, whatever was found. */
export function sarifRules(): Rule[] {
  const rules: Rule[] = [];
  const levels: Record<ResultState, Level> = { disabled: "warning", dynamic: "note", applied: "note" };
  for (const state of Object.keys(STATE_TEXT) as ResultState[]) {
    for (const family of Object.keys(FAMILY_TEXT) as Family[]) {
      const text = STATE_TEXT[state];
      rules.push({
        id: siteRuleId(state, family),
        shortDescription: { text: `${text.short} (${family})` },
        fullDescription: { text: `${text.short}: ${FAMILY_TEXT[family]}.` },
        help: { text: text.help },
        helpUri: `${INFORMATION_URI}#readme`,
        defaultConfiguration: { level: levels[state] },
      });
    }
  }
  for (const pattern of Object.keys(WHY) as AuditRule[]) {
    rules.push({
      id: auditRuleId(pattern),
      shortDescription: { text: `Only the first tool call is kept (${pattern})` },
      fullDescription: { text: `This code ${WHY[pattern]}.` },
      help: {
        text: "Switching parallel tool calls on is useless while this code drops every call after the first: handle every tool call of the response. Reported by `toggle-parallel audit`, never rewritten.",
      },
      helpUri: `${INFORMATION_URI}#readme`,
      defaultConfiguration: { level: "warning" },
    });
  }
  return rules;
}

/** What the printer needs from the world: where the repository root is, and the text of a line of a file. */
export interface SarifContext {
  /** Absolute path of the folder the artifact URIs are relative to (uriBaseId SRCROOT): the repository root. */
  root: string;
  /** The current directory: the run's paths are relative to it. */
  cwd: string;
  /** The text of a (1-based) line of a file given by its absolute path; undefined when it cannot be read. */
  lineText(abs: string, line: number): string | undefined;
  version: string;
}

/** The context from disk: the git work tree holding cwd (else cwd), and lines read from the files. */
export function sarifContextFromDisk(cwd: string, gitTop: string | undefined, version: string): SarifContext {
  const lines = new Map<string, string[] | undefined>();
  return {
    root: gitTop ?? cwd,
    cwd,
    version,
    lineText(abs, line) {
      if (!lines.has(abs)) {
        let text: string[] | undefined;
        try {
          text = fs.readFileSync(abs, "utf8").split(/\r\n|\r|\n/);
        } catch {
          text = undefined;
        }
        lines.set(abs, text);
      }
      return lines.get(abs)?.[line - 1];
    },
  };
}

interface Located {
  ruleId: string;
  level: Level;
  message: string;
  file: string;
  line: number;
  column: number;
  /** SARIF's own way to say a person silenced a result: viewers show it as such instead of as an open alert. */
  suppressions?: Array<{ kind: "inSource" | "external"; justification: string }>;
  properties?: Record<string, unknown>;
}

function siteResult(site: Site): Located | undefined {
  if (site.state !== "disabled" && site.state !== "dynamic" && site.state !== "applied") return undefined;
  // A disabled site apply would switch is what check fails on: an error. One it leaves (a test file) is a warning.
  const level: Level = site.state === "disabled" ? (site.action === "flip" ? "error" : "warning") : "note";
  return {
    ruleId: siteRuleId(site.state, site.family),
    level,
    message: `${site.name}: ${site.reason}`,
    file: site.file,
    line: site.line,
    column: site.column,
  };
}

/**
 * A likely finding is level "note", a certain one "warning": code scanning fails a check on warnings (by default) and
 * not on notes, so a gate on the SARIF fails where `audit --certain` does. The confidence is also a property, for
 * filters. A silenced finding carries a suppression (inSource for a comment, external for the config).
 */
function findingResult(finding: Finding): Located {
  const list =
    finding.listLine !== undefined && finding.listLine !== finding.line
      ? ` (the list of calls comes from line ${finding.listLine})`
      : "";
  return {
    ruleId: auditRuleId(finding.rule),
    level: finding.confidence === "certain" ? "warning" : "note",
    message: `${finding.rule}: ${finding.reason}${list}`,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    properties: {
      confidence: finding.confidence,
      ...(finding.listLine !== undefined ? { listLine: finding.listLine } : {}),
    },
    ...(finding.silenced
      ? {
          suppressions: [
            {
              kind: finding.silenced.by === "comment" ? ("inSource" as const) : ("external" as const),
              justification: finding.silenced.reason,
            },
          ],
        }
      : {}),
  };
}

/** A relative, forward-slash URI under SRCROOT; or, for a file outside the root, an absolute file URI. */
function artifactLocation(abs: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(root, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "SRCROOT" };
}

/**
 * The fingerprint: rule, path and the site's line text with its indentation trimmed, plus which occurrence of that
 * same text it is in the file (two identical lines stay two alerts). No line number: moving the line keeps it.
 */
function fingerprint(ruleId: string, uri: string, text: string, occurrence: number): string {
  return createHash("sha256").update(`${ruleId}\0${uri}\0${text.trim()}\0${occurrence}`).digest("hex").slice(0, 32);
}

/** The SARIF log of a scan (sites and findings) or an audit (findings only). */
export function renderSarif(result: RunResult, command: "scan" | "audit", context: SarifContext): string {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const located: Located[] = [];
  if (command === "scan")
    for (const site of result.sites) {
      const r = siteResult(site);
      if (r) located.push(r);
    }
  for (const finding of result.findings) located.push(findingResult(finding));

  const seen = new Map<string, number>();
  const results = located.map((r) => {
    const abs = path.resolve(context.cwd, r.file);
    const artifact = artifactLocation(abs, context.root);
    const text = context.lineText(abs, r.line) ?? "";
    const key = `${r.ruleId}\0${artifact.uri}\0${text.trim()}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      ruleId: r.ruleId,
      ruleIndex: ruleIndex.get(r.ruleId)!,
      level: r.level,
      message: { text: r.message },
      locations: [
        { physicalLocation: { artifactLocation: artifact, region: { startLine: r.line, startColumn: r.column } } },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.ruleId, artifact.uri, text, occurrence) },
      ...(r.suppressions ? { suppressions: r.suppressions } : {}),
      ...(r.properties ? { properties: r.properties } : {}),
    };
  });

  // Files that could not be read or parsed: the tool says so, as notifications of its run (not as results).
  const toolExecutionNotifications = result.problems.map((p) => {
    const artifact = artifactLocation(path.resolve(context.cwd, p.file), context.root);
    const region = p.line ? { region: { startLine: p.line, startColumn: p.column ?? 1 } } : {};
    return {
      level: "error" as const,
      message: { text: `${p.file}: ${p.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifact, ...region } }],
    };
  });

  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "toggle-parallel",
            version: context.version,
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        automationDetails: { id: `toggle-parallel/${command}/` },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(context.root + path.sep).href } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: !result.failure, toolExecutionNotifications }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** --format sarif: the log of a scan or an audit; the context (paths, version) is read when the log is printed. */
export function sarifPrinter(context: () => SarifContext): Printer {
  return {
    print(result, command, { out, findings }) {
      const shown = { ...result, findings: shownFindings(result.findings, command, findings) };
      out(renderSarif(shown, command === "audit" ? "audit" : "scan", context()) + "\n");
    },
  };
}
