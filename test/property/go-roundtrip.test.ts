// Property tests on generated Go files (gen/go.ts), with the same oracle as roundtrip.test.ts (gen/model.ts): apply
// writes exactly the bytes the marker rules give, its output parses, revert gives the input back byte for byte, and
// both are idempotent. Go reads a lone CR as a space, not a line end, so the layouts use LF and CRLF only (a lone CR
// has its own test in test/go.test.ts).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { go } from "../../src/languages/tree-sitter/go";
import { goFile } from "./gen/go";
import { C_LIKE_SYNTAX } from "./gen/model";
import { styleArb } from "./gen/style";
import { checkRoundTrip, generatedCases, problemsIn, seed } from "./harness";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 600);
const goStyle = styleArb.map((s) => ({ ...s, eols: s.eols.map((e) => (e === "\r" ? ("\n" as const) : e)) }));
const problems = problemsIn(() => go);

beforeAll(async () => {
  await go.prepare!();
});

describe("property: apply and revert on generated Go", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent`, () => {
    let flips = 0;
    fc.assert(
      fc.property(generatedCases(goFile, goStyle, C_LIKE_SYNTAX), ({ path, tag, gen }) => {
        checkRoundTrip(path, tag, gen, problems);
        flips += gen.flips;
      }),
      { numRuns: RUNS, ...seed },
    );
    expect(flips).toBeGreaterThan(RUNS);
  }, 600_000);
});
