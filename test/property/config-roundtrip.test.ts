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
import { DEFAULT_TAG } from "../../src/marker";
import { processText } from "../../src/pipeline/process";
import { configCase, type ConfigFormat } from "./gen/config";

const RUNS = Math.max(50, Math.round(Number(process.env.PROPERTY_RUNS ?? 4000) / 4));
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const tagArb = fc.oneof(fc.constant(DEFAULT_TAG), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{2,24}[A-Za-z0-9]$/));

beforeAll(async () => {
  await Promise.all([yaml.prepare!(), toml.prepare!()]);
});

const BOM = "\uFEFF";
const problems = (file: string, text: string) =>
  languageFor(file)!.analyze(text.startsWith(BOM) ? text.slice(1) : text, file).problems;

describe("property: apply and revert on generated config files", () => {
  for (const format of ["yaml", "toml", "properties"] as ConfigFormat[]) {
    it(`${RUNS} generated ${format} files: exact output, parses, round trip, idempotent`, () => {
      let flips = 0;
      fc.assert(
        fc.property(
          tagArb.chain((tag) => configCase(format, tag).map((c) => ({ tag, c }))),
          ({ tag, c }) => {
            const opts = { tag, includeTests: false, includeDefaults: false, force: false };
            expect(problems(c.path, c.input)).toEqual([]);
            const applied = processText(c.path, c.input, "apply", opts)!;
            expect(applied.skipped).toBeUndefined();
            expect(applied.plan.notes).toEqual([]);
            expect(applied.after).toBe(c.expected);
            expect(applied.plan.changed.length).toBe(c.flips);
            expect(problems(c.path, applied.after)).toEqual([]);
            expect(processText(c.path, applied.after, "apply", opts)!.after).toBe(applied.after);
            const reverted = processText(c.path, applied.after, "revert", opts)!;
            expect(reverted.plan.notes).toEqual([]);
            expect(reverted.after).toBe(c.input);
            expect(processText(c.path, c.input, "revert", opts)!.after).toBe(c.input);
            flips += c.flips;
          },
        ),
        { numRuns: RUNS, ...seed },
      );
      expect(flips).toBeGreaterThan(RUNS / 2);
    }, 600_000);
  }
});
