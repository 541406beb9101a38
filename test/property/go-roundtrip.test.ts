// Property tests on generated Go files (gen/go.ts), with the same oracle as roundtrip.test.ts (gen/model.ts): apply
// writes exactly the bytes the marker rules give, its output parses, revert gives the input back byte for byte, and
// both are idempotent. Go reads a lone CR as a space, not a line end, so the layouts use LF and CRLF only (a lone CR
// has its own test in test/go.test.ts).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { go } from "../../src/languages/tree-sitter/go";
import { DEFAULT_TAG } from "../../src/marker";
import { processText } from "../../src/pipeline/process";
import { GO_SYNTAX, goFile } from "./gen/go";
import { serialize } from "./gen/model";
import { styleArb } from "./gen/style";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 600);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const BOM = "\uFEFF";

const tagArb = fc.oneof(fc.constant(DEFAULT_TAG), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{2,24}[A-Za-z0-9]$/));
const goStyle = styleArb.map((s) => ({ ...s, eols: s.eols.map((e) => (e === "\r" ? ("\n" as const) : e)) }));
const caseArb = fc
  .tuple(goFile, goStyle, tagArb)
  .map(([file, style, tag]) => ({ path: file.path, tag, gen: serialize(file.lines, style, GO_SYNTAX, tag) }))
  .filter((c) => c.tag === DEFAULT_TAG || !c.gen.input.includes(c.tag));

const problems = (text: string) => go.analyze(text.startsWith(BOM) ? text.slice(1) : text, "g.go").problems;

beforeAll(async () => {
  await go.prepare!();
});

describe("property: apply and revert on generated Go", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent`, () => {
    let flips = 0;
    fc.assert(
      fc.property(caseArb, ({ path, tag, gen }) => {
        const opts = { tag, includeTests: false, includeDefaults: false, force: false };
        expect(problems(gen.input)).toEqual([]);
        const applied = processText(path, gen.input, "apply", opts)!;
        expect(applied.skipped).toBeUndefined();
        expect(applied.plan.notes).toEqual([]);
        expect(applied.after).toBe(gen.expected);
        expect(problems(applied.after)).toEqual([]);
        expect(processText(path, applied.after, "apply", opts)!.after).toBe(applied.after);
        const reverted = processText(path, applied.after, "revert", opts)!;
        expect(reverted.skipped).toBeUndefined();
        expect(reverted.plan.notes).toEqual([]);
        expect(reverted.after).toBe(gen.input);
        expect(processText(path, gen.input, "revert", opts)!.after).toBe(gen.input);
        flips += gen.flips;
      }),
      { numRuns: RUNS, ...seed },
    );
    expect(flips).toBeGreaterThan(RUNS);
  }, 600_000);
});
