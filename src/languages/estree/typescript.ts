// TypeScript and JavaScript: which parser reads them. oxc-parser (a native parser with an ESTree tree) parses
// KiloCode's flag files in about 70 ms where the TypeScript compiler takes 280 ms with its load (README, Design), so
// it is the one used. The TypeScript compiler (ts-morph's copy) reads a file whose tree could be deep enough to
// overflow the native parser's stack (nesting.ts: a crash there would end the run, where the compiler's RangeError
// skips one file), a file oxc-parser finds a syntax error in (the compiler is more lenient, and its messages are
// the ones users have seen), and every file where oxc-parser's native binding does not load on a platform, or when
// TOGGLE_PARALLEL_TS_PARSER=compiler asks for it, and a file with a very long line (see LONG_LINE_FOR_NATIVE_PARSER). Both give the same sites: a test runs every fixture and generated
// files through both.
import type { Language } from "../../model";
import { analyzeWithCompiler } from "./typescript-compiler";
import { analyzeWithOxc, type Oxc } from "./typescript-oxc";
import { DEEP_FOR_NATIVE_PARSER, nestingEstimate } from "./nesting";
import { mayDropCalls } from "../../audit/patterns";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

let native: Oxc | null | undefined;

/**
 * oxc-parser gives each syntax error a code frame holding the whole line it is on, so a long line with thousands of
 * errors took gigabytes (a 400 KB line: 3.4 GB; at 3 MB the process was killed). The compiler reads such files in
 * time and memory that grow with their length. Real code keeps its lines far shorter; a minified file is the usual
 * exception, and its reading by the compiler costs a little time only.
 */
export const LONG_LINE_FOR_NATIVE_PARSER = 10_000;

/** May oxc-parser read this text: not nested deeper than its stack allows, and no line longer than the limit? */
export function nativeParserMayRead(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > LONG_LINE_FOR_NATIVE_PARSER) return false;
    start = stop + 1;
  }
  return nestingEstimate(text) <= DEEP_FOR_NATIVE_PARSER;
}

/** oxc-parser, loaded on the first candidate file (never at start-up); null where its binding does not load. */
function oxcParser(): Oxc | null {
  if (native === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      native = require("oxc-parser") as Oxc;
    } catch {
      native = null; // no binding for this platform: the compiler reads every file
    }
  }
  return native;
}

export const typescript: Language = {
  id: "typescript",
  extensions: TS_EXTENSIONS,
  testFile: /(^|\/)(__tests__|__mocks__|tests?|spec)\/|(^|\/)[^/]+\.(test|spec)\.[^/]+$/,
  auditGate: (text) => mayDropCalls(text, true),
  lineComment: "//",
  blockComment: ["/*", "*/"],
  spell: (value) => (value ? "true" : "false"),
  analyze(text, path, options) {
    const audit = options?.audit ?? false;
    const comments = options?.comments ?? false;
    const oxc = process.env.TOGGLE_PARALLEL_TS_PARSER === "compiler" ? null : oxcParser();
    if (oxc && nativeParserMayRead(text)) {
      const analysis = analyzeWithOxc(oxc, text, path, audit, comments, options?.extraFlags);
      // oxc-parser is stricter than TypeScript's parser (`export` in a .cjs file, `a && b ?? c`, a top-level return
      // in a script): where it finds an error, the compiler reads the file, as it did before oxc-parser was used.
      if (analysis.problems.length === 0) return analysis;
    }
    return analyzeWithCompiler(text, path, audit, comments, options?.extraFlags);
  },
};
