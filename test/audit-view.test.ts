// Which findings each command shows (render/findings.ts) and the ignore-comment grammar (audit/suppress.ts), on
// strings: scan certain only, audit both with likely marked, --certain a gate on certain ones; silenced ones counted.
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { readIgnoreComment, silenceInCode } from "../src/audit/suppress";
import type { Finding } from "../src/model";
import {
  auditVerdict,
  auditView,
  machineFindings,
  renderFindingLine,
  renderHazards,
  scanAuditSummary,
} from "../src/render/findings";
import { renderSarif } from "../src/render/sarif";
import type { RunResult } from "../src/index";

const c = pc.createColors(false);
const finding = (line: number, confidence: Finding["confidence"], extra: Partial<Finding> = {}): Finding => ({
  file: "a.ts",
  language: "typescript",
  line,
  column: 3,
  rule: "first-call-only",
  confidence,
  reason: "takes the first tool call as the only one",
  ...extra,
});

describe("auditView", () => {
  const all = [
    finding(1, "certain"),
    finding(2, "likely"),
    finding(3, "likely", { silenced: { by: "comment", reason: "r" } }),
    finding(4, "certain", { silenced: { by: "config", reason: "c" } }),
  ];

  it("scan: certain ones; it counts the likely ones audit adds and the silenced ones", () => {
    const view = auditView(all, true);
    expect(view.active.map((f) => f.line)).toEqual([1]);
    expect(view.silenced.map((f) => f.line)).toEqual([4]);
    expect(view.likelyLeftOut).toBe(1);
    expect(scanAuditSummary(view)).toBe("; 1 audit finding (1 likely one more with toggle-parallel audit, 1 silenced)");
    expect(machineFindings(view).map((f) => f.line)).toEqual([1, 4]);
  });

  it("audit: both, likely marked; --certain leaves the likely ones out and says so", () => {
    const view = auditView(all, false);
    expect(view.active.map((f) => f.line)).toEqual([1, 2]);
    expect(auditVerdict(view, false)).toBe("audit: 2 places keep only the first tool call (1 likely); 2 silenced");
    expect(renderFindingLine(view.active[1]!, c)).toBe(
      "a.ts:2:3  audit          likely      first-call-only: takes the first tool call as the only one",
    );
    expect(auditVerdict(auditView(all, true), true)).toBe(
      "audit: 1 place keeps only the first tool call; 1 silenced, 1 likely left out (--certain)",
    );
    expect(auditVerdict(auditView([finding(2, "likely")], true), true)).toBe(
      "audit: no certain place keeps only the first tool call; 1 likely left out (--certain)",
    );
  });

  it("a finding names the line its list of calls comes from when that is another line", () => {
    expect(renderFindingLine(finding(9, "certain", { listLine: 4 }), c)).toMatch(
      / \(the list of calls comes from line 4\)$/,
    );
    expect(renderFindingLine(finding(9, "certain", { listLine: 9 }), c)).not.toMatch(/comes from/);
    expect(renderHazards([finding(9, "likely", { listLine: 4 })], c)).toContain(
      "  a.ts:9  first-call-only: takes the first tool call as the only one (the list of calls comes from line 4) [likely]",
    );
  });
});

describe("ignore comments", () => {
  it("the grammar: the word, audit, rules (optional), a colon and a reason", () => {
    expect(readIgnoreComment("// toggle-parallel-ignore audit: why")).toEqual({ reason: "why" });
    expect(readIgnoreComment("# toggle-parallel-ignore audit first-call-only, truncate-to-first: why not")).toEqual({
      rules: new Set(["first-call-only", "truncate-to-first"]),
      reason: "why not",
    });
    expect(readIgnoreComment("/* toggle-parallel-ignore audit:\n * a reason over\n * two lines */")).toEqual({
      reason: "a reason over two lines",
    });
    expect(readIgnoreComment("// toggle-parallel-ignore audit")).toHaveProperty("problem");
    expect(readIgnoreComment("// toggle-parallel-ignore audit:   ")).toHaveProperty("problem");
    expect(readIgnoreComment("// toggle-parallel-ignore: why")).toHaveProperty("problem");
    // Prose that mentions the word further in, or a longer word, is not an ignore comment.
    expect(readIgnoreComment("// see toggle-parallel-ignore audit: why")).toBeUndefined();
    expect(readIgnoreComment("// toggle-parallel-ignored audit: why")).toBeUndefined();
  });

  it("alone on a line it speaks for the next line; after code, for its own line only", () => {
    const text =
      "// toggle-parallel-ignore audit: a\nx = calls[0]; // toggle-parallel-ignore audit: b\ny = calls[0];\n";
    const comments = [
      { start: 0, end: text.indexOf("\n") },
      { start: text.indexOf("// toggle", 5), end: text.indexOf("\n", text.indexOf("// toggle", 5)) },
    ];
    const out = silenceInCode([finding(2, "certain"), finding(3, "certain")], text, comments).findings;
    // Line 2 is silenced by both; the first (above) is read first, the trailing one wins for its own line.
    expect(out[0]!.silenced?.reason).toBe("b");
    expect(out[1]!.silenced).toBeUndefined();
  });
});

describe("SARIF of findings", () => {
  it("a likely finding is level note, a certain one warning; both carry the confidence; a silenced one a suppression", () => {
    const findings = [
      finding(1, "certain"),
      finding(2, "likely", { listLine: 1 }),
      finding(3, "certain", { silenced: { by: "config", reason: "frozen" } }),
    ];
    const result = { mode: "scan", findings, sites: [], problems: [] } as unknown as RunResult;
    const log = JSON.parse(
      renderSarif(result, "audit", { root: "/r", cwd: "/r", lineText: () => "x", version: "0" }),
    ) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string; properties: unknown; suppressions?: unknown }> }>;
    };
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["toggle-parallel/audit/first-call-only", "warning"],
      ["toggle-parallel/audit/first-call-only", "note"],
      ["toggle-parallel/audit/first-call-only", "warning"],
    ]);
    expect(results[1]!.properties).toEqual({ confidence: "likely", listLine: 1 });
    expect(results[2]!.suppressions).toEqual([{ kind: "external", justification: "frozen" }]);
    expect(results[0]!.suppressions).toBeUndefined();
  });
});
