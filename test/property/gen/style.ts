// The layout of a generated file, for any language: line endings (LF, CRLF, mixed, the odd lone CR), tabs or
// spaces, a BOM, trailing whitespace, a final newline or none.
import fc from "fast-check";
import type { Eol, Style } from "./model";

const eol = fc.constantFrom<Eol>("\n", "\r\n");

export const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom("\t", "  ", "    "),
  eols: fc.oneof(
    { weight: 4, arbitrary: eol.map((e) => [e]) },
    // mixed endings, line by line; now and then a lone CR, which TypeScript reads as a line break and the tool does not
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: eol }, { weight: 1, arbitrary: fc.constant<Eol>("\r") }), {
        minLength: 2,
        maxLength: 9,
      }),
    },
  ),
  bom: fc.boolean(),
  finalNewline: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  trailing: fc.oneof(
    { weight: 3, arbitrary: fc.constant([""]) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom("", "", " ", "\t", "  \t"), { minLength: 1, maxLength: 7 }) },
  ),
});
