// TypeScript and JavaScript: one parser, oxc-parser (native, ESTree), and one finder over its tree
// (typescript-oxc.ts). There is no second parser: a file oxc-parser cannot take is named as not read, with the reason,
// so `check` fails on it (README, Design, has the measurements behind this choice). Such files are:
// - a file nested deeper than oxc-parser's native stack allows (nesting.ts): there it would crash the whole process;
// - a file with a line over LONG_LINE_FOR_NATIVE_PARSER characters: oxc-parser copies the whole line into each syntax
//   error it reports, so a long line full of errors takes memory that grows with the square of its length;
// - a file oxc-parser finds a syntax error in, after a second reading of a script as CommonJS (top-level `return`);
// - every TS/JS file where oxc-parser's native binding does not load on the platform.
import type { Analysis, Language, ParseProblem } from "../../model";
import { analyzeWithOxc, type Oxc } from "./typescript-oxc";
import { DEEP_FOR_NATIVE_PARSER, nestingEstimate } from "./nesting";
import { mayDropCalls } from "../../audit/gate";
import { TEST_FOLDER } from "../test-folders";
import { C_LIKE } from "../c-like";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

let native: Oxc | string | undefined;

/**
 * oxc-parser gives each syntax error a code frame holding the whole line it is on, so a long line with thousands of
 * errors takes gigabytes. Real code keeps its lines far shorter; a minified or generated file is the usual exception.
 */
export const LONG_LINE_FOR_NATIVE_PARSER = 10_000;

/** Why oxc-parser may not read this text (too deep for its stack, or a line too long), or undefined when it may. */
export function whyNativeParserMayNotRead(text: string): ParseProblem | undefined {
  const depth = nestingEstimate(text);
  if (depth > DEEP_FOR_NATIVE_PARSER) {
    const message = `nested about ${depth} levels deep, more than oxc-parser's native stack takes (about ${DEEP_FOR_NATIVE_PARSER})`;
    return { line: 1, column: 1, message, why: "not read" };
  }
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > LONG_LINE_FOR_NATIVE_PARSER) {
      const message = `line ${line} is ${stop - start} characters long (minified or generated code?); oxc-parser reads lines up to ${LONG_LINE_FOR_NATIVE_PARSER}`;
      return { line, column: 1, message, why: "not read" };
    }
    start = stop + 1;
  }
  return undefined;
}

/** oxc-parser, loaded on the first candidate file (never at start-up); why not, where its binding does not load. */
function oxcParser(): Oxc | string {
  if (native === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      native = require("oxc-parser") as Oxc;
    } catch (error) {
      const first = String((error as Error).message ?? error).split("\n")[0];
      native = `oxc-parser does not load on ${process.platform}-${process.arch} (${first})`;
    }
  }
  return native;
}

export const typescript: Language = {
  id: "typescript",
  displayName: "TypeScript, JavaScript",
  extensions: TS_EXTENSIONS,
  // *.test-d.ts: type tests; folders of tests and their helpers (integration_tests/, test-utils/, testing/)
  testFile: new RegExp(`(^|/)(${TEST_FOLDER})/|(^|/)[^/]+\\.(test|spec)(-d)?\\.[^/]+$`),
  auditGate: (text) => mayDropCalls(text, true),
  ...C_LIKE,
  analyze(text, path, options): Analysis {
    const oxc = oxcParser();
    if (typeof oxc === "string")
      return { sites: [], comments: [], problems: [{ line: 1, column: 1, message: oxc, why: "not read" }] };
    const cannot = whyNativeParserMayNotRead(text);
    if (cannot) return { sites: [], comments: [], problems: [cannot] };
    return analyzeWithOxc(oxc, text, path, options?.audit ?? false, options?.comments ?? false, options?.extraFlags);
  },
};
