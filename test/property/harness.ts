// What the round-trip property tests of the tree-sitter and config languages share: the tag (the default one or a
// random one from the grammar), a generated case (a file laid out in a style, with the bytes apply must write), and
// the checks on one case: apply writes exactly those bytes, its output parses, apply twice = apply once,
// revert(apply(x)) = x byte for byte, revert without markers changes nothing.
import fc from "fast-check";
import { expect } from "vitest";
import type { Language } from "../../src/model";
import { DEFAULT_TAG } from "../../src/marker";
import { processText } from "../../src/pipeline/process";
import { serialize, type Generated, type Line, type Style, type Syntax } from "./gen/model";

/** FC_SEED repeats a run. */
export const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

/** A tag from the grammar (letters, digits, _ . : -), or the default one. */
export const tagArb = fc.oneof(
  fc.constant(DEFAULT_TAG),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{2,24}[A-Za-z0-9]$/),
);

export interface Case {
  path: string;
  tag: string;
  gen: Generated;
}

/** Generated files laid out in a style, each with a tag; a random tag never already stands in the text (the default
 * one may, in strings, on purpose). */
export function generatedCases(
  file: fc.Arbitrary<{ path: string; lines: Line[] }>,
  style: fc.Arbitrary<Style>,
  syntax: Syntax,
): fc.Arbitrary<Case> {
  return fc
    .tuple(file, style, tagArb)
    .map(([f, s, tag]) => ({ path: f.path, tag, gen: serialize(f.lines, s, syntax, tag) }))
    .filter((c) => c.tag === DEFAULT_TAG || !c.gen.input.includes(c.tag));
}

const BOM = "\uFEFF";

/** The parse problems of a text as the file's language reads it (the pipeline strips a BOM before it parses). */
export const problemsIn = (language: (file: string) => Language) => (file: string, text: string) =>
  language(file).analyze(text.startsWith(BOM) ? text.slice(1) : text, file).problems;

/** The checks on one generated case (the input must parse, and apply must write `gen.expected`); gives what apply
 * wrote. */
export function checkRoundTrip(
  file: string,
  tag: string,
  gen: Generated,
  problems: (file: string, text: string) => unknown[],
): string {
  const opts = { tag, includeTests: false, includeDefaults: false, force: false };
  // The generator itself makes valid code.
  expect(problems(file, gen.input)).toEqual([]);

  const applied = processText(file, gen.input, "apply", opts)!;
  expect(applied.skipped).toBeUndefined();
  expect(applied.plan.notes).toEqual([]);
  expect(applied.after).toBe(gen.expected);
  expect(applied.plan.changed.length).toBe(gen.flips);
  expect(problems(file, applied.after)).toEqual([]);

  const again = processText(file, applied.after, "apply", opts)!;
  expect(again.after).toBe(applied.after);
  expect(again.plan.changed).toEqual([]);

  const reverted = processText(file, applied.after, "revert", opts)!;
  expect(reverted.skipped).toBeUndefined();
  expect(reverted.plan.notes).toEqual([]);
  expect(reverted.after).toBe(gen.input);

  const untouched = processText(file, gen.input, "revert", opts)!;
  expect(untouched.after).toBe(gen.input);
  expect(untouched.plan.notes).toEqual([]);
  return applied.after;
}
