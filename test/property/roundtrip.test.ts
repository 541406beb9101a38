// Property tests (fast-check): generated TypeScript and TSX files with flag sites of every family and shape among
// random code, comments, strings, template literals and look-alikes, in every layout (LF, CRLF, mixed, lone CR,
// tabs, spaces, BOM, trailing whitespace, no final newline), with the default tag or a random one from the grammar.
//
//   exact       apply writes exactly the bytes the README's marker rules give (gen/model.ts works them out): so
//               nothing changes outside the flipped literals and their markers
//   strip       independently: removing the marker text and mapping each flipped literal back gives the input
//   parses      apply's output parses
//   round trip  revert(apply(x)) = x, byte for byte
//   idempotent  apply(apply(x)) = apply(x); revert(x) = x when x holds no marker
//   files       the same through run() on real files: bytes in, bytes out (BOM and all)
//
// PROPERTY_RUNS sets the number of generated files (default 4000); FC_SEED repeats a run.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../../src/index";
import { typescript } from "../../src/languages/estree/typescript";
import { DEFAULT_TAG } from "../../src/marker";
import { processText } from "../../src/pipeline/process";
import { tempDir } from "../helpers/cli";
import { C_LIKE_SYNTAX } from "./gen/model";
import { styleArb } from "./gen/style";
import { tsFile } from "./gen/typescript";
import { checkRoundTrip, generatedCases, seed } from "./harness";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 4000);
const caseArb = generatedCases(tsFile, styleArb, C_LIKE_SYNTAX);

const BOM = "\uFEFF";
const parseProblems = (file: string, text: string) =>
  typescript.analyze(text.startsWith(BOM) ? text.slice(1) : text, file).problems;

function options(tag: string) {
  return { tag, includeTests: false, includeDefaults: false, force: false };
}

/**
 * The independent check: remove the markers apply writes, put each recorded literal back, and compare with the
 * input. An inline marker holds its literal; a marker line records the literal of the first site on the next line.
 */
function strip(text: string, tag: string): string {
  const bom = text.startsWith(BOM) ? BOM : "";
  const t = tag.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  let out = text.slice(bom.length).replace(new RegExp(`/\\* ${t}: was (true|false) \\*/ (true|false)`, "g"), "$1");
  // A marker line ends as its line does: CRLF, LF, or a lone CR (which JavaScript, and the tool, read as a line end).
  const line = new RegExp(`^[ \\t]*// ${t}: was (true|false)(?:\\r\\n|\\n|\\r)([^\\r\\n]*)`, "m");
  for (let m = line.exec(out); m; m = line.exec(out)) {
    const original = m[1]!;
    const enabled = original === "true" ? "false" : "true";
    const next = m[2]!.replace(new RegExp(`\\b${enabled}\\b`), original);
    out = out.slice(0, m.index) + next + out.slice(m.index + m[0].length);
  }
  return bom + out;
}

describe("property: apply and revert on generated TypeScript", () => {
  it(`${RUNS} generated files: exact output, parses, round trip, idempotent, nothing else changes`, () => {
    let flips = 0;
    let withBom = 0;
    let crlf = 0;
    fc.assert(
      fc.property(caseArb, ({ path: file, tag, gen }) => {
        const applied = checkRoundTrip(file, tag, gen, parseProblems);
        if (tag !== DEFAULT_TAG) expect(strip(applied, tag)).toBe(gen.input);

        flips += gen.flips;
        if (gen.input.startsWith(BOM)) withBom++;
        if (gen.input.includes("\r\n")) crlf++;
      }),
      { numRuns: RUNS, ...seed },
    );
    // The generator reaches what it claims to: many sites, BOMs, CRLF.
    expect(flips).toBeGreaterThan(RUNS);
    expect(withBom).toBeGreaterThan(RUNS / 4);
    expect(crlf).toBeGreaterThan(RUNS / 10);
  }, 600_000);

  it("the same through run() on real files: apply writes the expected bytes, revert the original bytes", async () => {
    const dir = tempDir("tp-prop-");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ path: file, tag, gen }) => {
        const root = path.join(dir, String(n++));
        const abs = path.join(root, file);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, gen.input);
        const applied = await run("apply", ["."], { cwd: root, tag });
        expect(applied.problems).toEqual([]);
        expect(fs.readFileSync(abs).equals(Buffer.from(gen.expected))).toBe(true);
        const reverted = await run("revert", ["."], { cwd: root, tag });
        expect(reverted.problems).toEqual([]);
        expect(fs.readFileSync(abs).equals(Buffer.from(gen.input))).toBe(true);
      }),
      { numRuns: Math.max(20, Math.round(RUNS / 30)), ...seed },
    );
  }, 600_000);
});

// A line that begins with "//" and holds the tag, inside a string or a block comment, right above a switched-on
// value. A marker is a whole comment token as the parser reads it, so inside a string (a template literal's last
// line, found by the generator through a lone CR) or inside a block comment it is text: revert leaves the value and
// the file as they are, and has nothing to report.
describe("tag text inside a string or comment, right above a site", () => {
  const opts = options(DEFAULT_TAG);
  it.each([
    [
      "a template literal ending on the line",
      "const help = `run:\n// toggle-parallel: was false`\nconst parallelToolCallsEnabled = true\n",
    ],
    [
      "a template literal, tag alone",
      "const help = `run:\n// toggle-parallel`\nconst parallelToolCallsEnabled = true\n",
    ],
    [
      "a template literal and a lone CR",
      "const s = `\n// toggle-parallel: was false\r`\nconst parallelToolCallsEnabled = true\n",
    ],
  ])("%s: not a marker; apply and revert leave the file as it is", (_what, input) => {
    for (const mode of ["apply", "revert"] as const) {
      const out = processText("a.ts", input, mode, opts)!;
      expect(out.skipped).toBeUndefined();
      expect(out.plan.notes).toEqual([]);
      expect(out.after).toBe(input);
    }
  });
  it("a block comment: its last line is not a marker, so revert leaves the file as it is, with nothing to say", () => {
    const input = "/* notes\n// toggle-parallel */\nconst parallelToolCallsEnabled = true\n";
    const reverted = processText("a.ts", input, "revert", opts)!;
    expect(reverted.after).toBe(input);
    expect(reverted.skipped).toBeUndefined();
    expect(reverted.plan.notes).toEqual([]);
  });
  it("a disabled site below such a line is applied with its own marker, and reverted exactly", () => {
    const input = "const help = `run:\n// toggle-parallel: was false`\nconst parallelToolCallsEnabled = false\n";
    const applied = processText("a.ts", input, "apply", opts)!.after;
    expect(applied).toBe(
      "const help = `run:\n// toggle-parallel: was false`\n// toggle-parallel: was false\nconst parallelToolCallsEnabled = true\n",
    );
    expect(processText("a.ts", applied, "revert", opts)!.after).toBe(input);
  });
});
