// The two TypeScript/JavaScript parsers (src/languages/estree/typescript.ts): oxc-parser, and the TypeScript compiler it
// falls back to. Fixtures and audit cases run under both, so the two finders must give the same answers.
import { afterAll, beforeAll } from "vitest";

export const TS_PARSERS = ["oxc", "compiler"] as const;
export type TsParserName = (typeof TS_PARSERS)[number];

/** In a describe block: its tests read TS/JS files with this parser. */
export function useTsParser(parser: TsParserName): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TOGGLE_PARALLEL_TS_PARSER;
    process.env.TOGGLE_PARALLEL_TS_PARSER = parser;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TOGGLE_PARALLEL_TS_PARSER;
    else process.env.TOGGLE_PARALLEL_TS_PARSER = before;
  });
}
