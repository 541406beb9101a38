// Property tests (fast-check) for C#: generated files with C# flag sites among look-alikes, in every layout (LF, CRLF,
// mixed, tabs, spaces, BOM, trailing whitespace, no final newline), with the default tag or a random one. As for
// TypeScript (roundtrip.test.ts): apply writes exactly the bytes the marker rules give (gen/model.ts), its output
// parses, revert(apply(x)) = x byte for byte, apply is idempotent, revert without markers changes nothing.
//
// PROPERTY_RUNS sets the number of generated files (a quarter of it here, at least 50); FC_SEED repeats a run.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { csharp } from "../../src/languages/tree-sitter/csharp";
import { csFile, csStyleArb } from "./gen/csharp";
import { C_LIKE_SYNTAX } from "./gen/model";
import { checkRoundTrip, generatedCases, problemsIn, seed } from "./harness";

const RUNS = Math.max(50, Math.round(Number(process.env.PROPERTY_RUNS ?? 4000) / 4));
const problems = problemsIn(() => csharp);

beforeAll(async () => {
  await csharp.prepare!();
});

describe("property: apply and revert on generated C#", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent`, () => {
    let flips = 0;
    fc.assert(
      fc.property(generatedCases(csFile, csStyleArb, C_LIKE_SYNTAX), ({ path: file, tag, gen }) => {
        checkRoundTrip(file, tag, gen, problems);
        flips += gen.flips;
      }),
      { numRuns: RUNS, ...seed },
    );
    // The generator reaches what it claims to: many sites.
    expect(flips).toBeGreaterThan(RUNS);
  }, 600_000);
});
