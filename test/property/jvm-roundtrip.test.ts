// Property tests (fast-check) for Java and Kotlin: generated files with JVM flag sites among look-alikes, in every
// layout (LF, CRLF, mixed, tabs, spaces, BOM, trailing whitespace, no final newline), with the default tag or a random
// one. As for TypeScript (roundtrip.test.ts): apply writes exactly the bytes the marker rules give (gen/model.ts),
// its output parses, revert(apply(x)) = x byte for byte, apply is idempotent, revert without markers changes nothing.
//
// PROPERTY_RUNS sets the number of generated files (default 1000 here); FC_SEED repeats a run.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { java } from "../../src/languages/tree-sitter/java";
import { kotlin } from "../../src/languages/tree-sitter/kotlin";
import { DEFAULT_TAG } from "../../src/marker";
import { processText } from "../../src/pipeline/process";
import { serialize } from "./gen/model";
import { JVM_SYNTAX, jvmFile, jvmStyleArb } from "./gen/jvm";

const RUNS = Math.max(50, Math.round(Number(process.env.PROPERTY_RUNS ?? 4000) / 4));
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const tagArb = fc.oneof(fc.constant(DEFAULT_TAG), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{2,24}[A-Za-z0-9]$/));

const caseArb = fc
  .tuple(jvmFile, jvmStyleArb, tagArb)
  .map(([file, style, tag]) => ({ path: file.path, tag, gen: serialize(file.lines, style, JVM_SYNTAX, tag) }))
  .filter((c) => c.tag === DEFAULT_TAG || !c.gen.input.includes(c.tag));

const BOM = "\uFEFF";
const problems = (file: string, text: string) =>
  (file.endsWith(".java") ? java : kotlin).analyze(text.startsWith(BOM) ? text.slice(1) : text, file).problems;

beforeAll(async () => {
  await java.prepare!();
  await kotlin.prepare!();
});

describe("property: apply and revert on generated Java and Kotlin", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent`, () => {
    let flips = 0;
    let kotlinFiles = 0;
    fc.assert(
      fc.property(caseArb, ({ path: file, tag, gen }) => {
        const opts = { tag, includeTests: false, includeDefaults: false, force: false };
        expect(problems(file, gen.input)).toEqual([]);
        const applied = processText(file, gen.input, "apply", opts)!;
        expect(applied.skipped).toBeUndefined();
        expect(applied.plan.notes).toEqual([]);
        expect(applied.after).toBe(gen.expected);
        expect(applied.plan.changed.length).toBe(gen.flips);
        expect(problems(file, applied.after)).toEqual([]);
        expect(processText(file, applied.after, "apply", opts)!.after).toBe(applied.after);
        const reverted = processText(file, applied.after, "revert", opts)!;
        expect(reverted.plan.notes).toEqual([]);
        expect(reverted.after).toBe(gen.input);
        expect(processText(file, gen.input, "revert", opts)!.after).toBe(gen.input);
        flips += gen.flips;
        if (file.endsWith(".kt")) kotlinFiles++;
      }),
      { numRuns: RUNS, ...seed },
    );
    // The generator reaches what it claims to: many sites, in both languages.
    expect(flips).toBeGreaterThan(RUNS);
    expect(kotlinFiles).toBeGreaterThan(RUNS / 4);
  }, 600_000);
});
