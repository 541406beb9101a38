// The benchmark's scorer of the audit against hand labels (bench/audit-score.mjs): what counts as right, wrong,
// unlabelled and missed. The labels themselves are data of the benchmark, never read here.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the benchmark, without types
import { match, parseLabels } from "../bench/audit-score.mjs";

const labels = parseLabels(
  [
    "repo: someone/agent",
    "commit: 0123456789012345678901234567890123456789",
    "tree: /tmp/agent",
    "checked: src/",
    "",
    "- REAL first-call-only src/run.py:40 | only the first call runs",
    "- REAL one-tool-per-turn-guard src/loop.ts:12 | later calls refused",
    "- NOT src/ui.ts:7 | a lookup by id",
    "- UNSURE src/stream.py:90 | depends on the provider",
  ].join("\n"),
  "agent.md",
);

const finding = (file: string, line: number, listLine?: number) => ({ file, line, listLine, rule: "first-call-only" });

describe("audit-score", () => {
  it("reads the head and every place of a label file", () => {
    expect(labels.repo).toBe("someone/agent");
    expect(labels.tree).toBe("/tmp/agent");
    expect(
      labels.places.map((p: { verdict: string; file: string; line: number }) => `${p.verdict} ${p.file}:${p.line}`),
    ).toEqual(["REAL src/run.py:40", "REAL src/loop.ts:12", "NOT src/ui.ts:7", "UNSURE src/stream.py:90"]);
  });

  it("counts a finding near a REAL place right, on a NOT place wrong, elsewhere unlabelled, and the rest missed", () => {
    const m = match(
      [finding("src/run.py", 42), finding("src/ui.ts", 7), finding("src/other.py", 1), finding("src/stream.py", 90)],
      labels.places,
    );
    expect([m.right.length, m.wrong.length, m.unlabelled.length, m.unsure.length, m.missed.length]).toEqual([
      1, 1, 1, 1, 1,
    ]);
    expect(m.missed[0].place.file).toBe("src/loop.ts");
  });

  it("matches each place once, and a finding by its list's line", () => {
    const m = match(
      [finding("src/run.py", 40), finding("src/run.py", 41), finding("src/loop.ts", 30, 12)],
      labels.places,
    );
    expect(m.right.map((r: { finding: { line: number } }) => r.finding.line)).toEqual([40, 30]);
    expect(m.unlabelled).toHaveLength(1);
  });

  it("does not match a finding in another file or beyond the slack", () => {
    const m = match([finding("src/run.py", 44), finding("lib/run.py", 40)], labels.places);
    expect(m.right).toHaveLength(0);
    expect(m.unlabelled).toHaveLength(2);
  });

  it("refuses a label file with no tree", () => {
    expect(() => parseLabels("repo: a/b\n", "bad.md")).toThrow(/bad\.md/);
  });
});
