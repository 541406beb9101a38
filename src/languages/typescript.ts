// TypeScript and JavaScript: which parser reads them. oxc-parser (a native parser with an ESTree tree) parses
// KiloCode's flag files in about 70 ms where the TypeScript compiler takes 280 ms with its load (README, Design), so
// it is the one used. The TypeScript compiler (ts-morph's copy) reads a file whose tree could be deep enough to
// overflow the native parser's stack (nesting.ts: a crash there would end the run, where the compiler's RangeError
// skips one file), and every file where oxc-parser's native binding does not load on a platform, or when
// TOGGLE_PARALLEL_TS_PARSER=compiler asks for it. Both give the same sites: a test runs every fixture and generated
// files through both.
import type { Language } from "../model";
import { analyzeWithCompiler } from "./typescript-compiler";
import { analyzeWithOxc, type Oxc } from "./typescript-oxc";
import { DEEP_FOR_NATIVE_PARSER, nestingEstimate } from "./nesting";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

let native: Oxc | null | undefined;

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
  lineComment: "//",
  blockComment: ["/*", "*/"],
  spell: (value) => (value ? "true" : "false"),
  analyze(text, path, options) {
    const audit = options?.audit ?? false;
    const oxc = process.env.TOGGLE_PARALLEL_TS_PARSER === "compiler" ? null : oxcParser();
    if (oxc && nestingEstimate(text) <= DEEP_FOR_NATIVE_PARSER) return analyzeWithOxc(oxc, text, path, audit);
    return analyzeWithCompiler(text, path, audit);
  },
};
