// Property tests for config files (fast-check): generated YAML, TOML and .properties files with flag sites among
// look-alikes, in every layout (LF, CRLF, BOM, tabs where allowed, no final newline), with the default tag or a
// random one. apply writes exactly the bytes gen/config.ts works out; its output parses; revert(apply(x)) = x byte
// for byte; apply is idempotent; revert leaves a file without markers as it is.
//
// PROPERTY_RUNS sets the number of generated files per format (default 4000, divided by 4 here); FC_SEED repeats a run.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { languageFor } from "../../src/languages/index";
import { toml } from "../../src/languages/config/toml";
import { yaml } from "../../src/languages/config/yaml";
import { configCase, type ConfigFormat } from "./gen/config";
import { checkRoundTrip, problemsIn, seed, tagArb } from "./harness";

const RUNS = Math.max(50, Math.round(Number(process.env.PROPERTY_RUNS ?? 4000) / 4));

beforeAll(async () => {
  await Promise.all([yaml.prepare!(), toml.prepare!()]);
});

const problems = problemsIn((file) => languageFor(file)!);

describe("property: apply and revert on generated config files", () => {
  for (const format of ["yaml", "toml", "properties"] as ConfigFormat[]) {
    it(`${RUNS} generated ${format} files: exact output, parses, round trip, idempotent`, () => {
      let flips = 0;
      fc.assert(
        fc.property(
          tagArb.chain((tag) => configCase(format, tag).map((c) => ({ tag, c }))),
          ({ tag, c }) => {
            checkRoundTrip(c.path, tag, c, problems);
            flips += c.flips;
          },
        ),
        { numRuns: RUNS, ...seed },
      );
      expect(flips).toBeGreaterThan(RUNS / 2);
    }, 600_000);
  }
});
