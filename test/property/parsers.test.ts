// Property test: oxc-parser's finder and the TypeScript compiler's finder (the fallback) report the same sites,
// audit findings and comment tokens for generated TypeScript and TSX, applied or not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeWithCompiler } from "../../src/languages/estree/typescript-compiler";
import { analyzeWithOxc, type Oxc } from "../../src/languages/estree/typescript-oxc";
import type { Analysis } from "../../src/model";
import { processText } from "../../src/pipeline/process";
import { serialize } from "./gen/model";
import { styleArb } from "./gen/style";
import { TS_SYNTAX, tsFile } from "./gen/typescript";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- oxc-parser's own types are not the walker's Oxc
const oxc = require("oxc-parser") as Oxc;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 4000) / 2;
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const BOM = "\uFEFF";

/** What the rest of the pipeline reads of an analysis: markers are read from its comment tokens. */
function comparable(a: Analysis) {
  return { sites: [...a.sites].sort((x, y) => x.value.start - y.value.start), findings: a.findings, problems: a.problems.length, comments: a.comments };
}

describe("property: oxc-parser and the TypeScript compiler agree", () => {
  it(`${RUNS} generated files and their applied versions: same sites, findings and comments`, () => {
    let sites = 0;
    fc.assert(
      fc.property(fc.tuple(tsFile, styleArb), ([file, style]) => {
        const gen = serialize(file.lines, style, TS_SYNTAX, "toggle-parallel");
        const applied = processText(file.path, gen.input, "apply", { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false })!.after;
        for (const raw of [gen.input, applied]) {
          const text = raw.startsWith(BOM) ? raw.slice(1) : raw;
          // Comment tokens are asked for where the pipeline asks: in a text that holds the tag.
          const comments = text.includes("toggle-parallel");
          const fromOxc = analyzeWithOxc(oxc, text, file.path, true, comments);
          expect(comparable(fromOxc)).toEqual(comparable(analyzeWithCompiler(text, file.path, true, comments)));
          sites += fromOxc.sites.length;
        }
      }),
      { numRuns: RUNS, ...seed },
    );
    expect(sites).toBeGreaterThan(RUNS); // the generator does make sites
  }, 600_000); // bounded by its run count, not by time: a loaded machine only makes it slower
});
