// Every fixture pair, byte for byte, and the invariants of DESIGN.md on each: idempotence and exact revert.
import { beforeAll, describe, expect, it } from "vitest";
import { languageFor, LANGUAGES } from "../src/languages/index";
import { processText, type Mode } from "../src/pipeline/process";
import { readFixtures } from "./helpers/fixtures";
import { TS_PARSERS, useTsParser } from "./helpers/parsers";

const fixtures = readFixtures();

beforeAll(async () => {
  await Promise.all(LANGUAGES.map((l) => l.prepare?.()));
});

describe("fixtures", () => {
  it("has fixtures to run", () => {
    expect(fixtures.length).toBeGreaterThan(20);
  });

  for (const parser of TS_PARSERS) {
    describe(`TS/JS read with ${parser}`, () => {
      useTsParser(parser);
      // Files of other languages have one parser: they run once.
      for (const f of fixtures.filter((f) => parser === "oxc" || languageFor(f.inputName)?.id === "typescript")) {
        const options = {
          tag: f.options.tag ?? "toggle-parallel",
          includeTests: f.options.includeTests ?? false,
          includeDefaults: f.options.includeDefaults ?? false,
          force: false,
        };
        const run = (mode: Mode, text: string) => {
          const outcome = processText(f.inputName, text, mode, options)!;
          expect(outcome.skipped, `${f.name}: ${JSON.stringify(outcome.skipped)}`).toBeUndefined();
          return outcome.after;
        };
        const mode = f.options.mode ?? "apply";

        describe(f.name, () => {
          it(`${mode} gives output.* byte for byte`, () => {
            expect(Buffer.from(run(mode, f.input))).toEqual(Buffer.from(f.output));
          });

          if (f.name.startsWith("no-change-")) {
            it("is a negative case: output equals input", () => {
              expect(f.output).toBe(f.input);
            });
          } else {
            it("changes something", () => {
              expect(f.output).not.toBe(f.input);
            });
          }

          if (mode === "apply") {
            it("apply is idempotent", () => {
              expect(run("apply", f.output)).toBe(f.output);
            });
            const marked = f.input.includes(`${options.tag}: was`);
            if (!marked) {
              it("revert(apply(x)) gives back x exactly", () => {
                expect(Buffer.from(run("revert", f.output))).toEqual(Buffer.from(f.input));
              });
              it("revert on a file without markers changes nothing", () => {
                expect(run("revert", f.input)).toBe(f.input);
              });
            } else {
              it("revert(apply(x)) = revert(x): a second apply adds nothing revert cannot take back", () => {
                expect(run("revert", f.output)).toBe(run("revert", f.input));
                expect(run("revert", f.output)).not.toContain(`${options.tag}:`);
              });
            }
          } else {
            it("revert is idempotent", () => {
              expect(run("revert", f.output)).toBe(f.output);
            });
          }
        });
      }
    });
  }
});
