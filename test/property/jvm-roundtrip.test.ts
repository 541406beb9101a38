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
import { jvmFile, jvmStyleArb } from "./gen/jvm";
import { C_LIKE_SYNTAX } from "./gen/model";
import { checkRoundTrip, generatedCases, problemsIn, seed } from "./harness";

const RUNS = Math.max(50, Math.round(Number(process.env.PROPERTY_RUNS ?? 4000) / 4));
const problems = problemsIn((file) => (file.endsWith(".java") ? java : kotlin));

beforeAll(async () => {
  await java.prepare!();
  await kotlin.prepare!();
});

describe("property: apply and revert on generated Java and Kotlin", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent`, () => {
    let flips = 0;
    let kotlinFiles = 0;
    fc.assert(
      fc.property(generatedCases(jvmFile, jvmStyleArb, C_LIKE_SYNTAX), ({ path: file, tag, gen }) => {
        checkRoundTrip(file, tag, gen, problems);
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
