// The findings the TS/JS audit (typescript-oxc.ts) and the Python audit (python.ts) assemble alike, from what each
// reads in its own tree: a per-turn guard's confidence and sentence, by where its flag is set; and the sentences of
// the two findings whose wording does not depend on the language.
import type { RawFinding } from "../model";

/** A loop over a response's content blocks that returns at the first tool block. */
export const TOOL_BRANCH_LOST =
  "leaves the loop at the first tool block of the response; later tool calls in it are never run";
/** A statement that leaves the loop over tool calls at `loopLine` right after running a call, on some path. */
export function runThenLeaveLost(loopLine: number): string {
  return `leaves the loop over tool calls (line ${loopLine}) right after running one; the calls after it in the response are never run`;
}
/** A loop over tool calls, at `loopLine`, whose body leaves it on every path: the statement that leaves it first. */
export function firstRoundLeavesLost(loopLine: number): string {
  return `leaves the loop over tool calls (line ${loopLine}) in its first round, on every path; the calls after the first are never reached`;
}
/** The first content block (or Responses output item) of a response taken as its call. */
export const FIRST_BLOCK_LOST =
  "takes the first block of the response as its tool call; a response with several calls holds one block a call, and the later ones are dropped";
/** The first part of a Gemini response taken as its call. */
export const FIRST_PART_LOST =
  "takes the first part of the response as its function call; a response with several calls holds one part a call, and the later ones are dropped";
/** A stream loop that keeps one call and leaves when the next call's id arrives. */
/** A value of each call kept in one slot that the next call overwrites. */
export const LAST_KEPT_LOST =
  "keeps a value of each tool call in one place that the next call overwrites: only the last call's value is used";
/** Calls kept in a map keyed by the tool's name. */
export const KEYED_BY_NAME_LOST =
  "keeps the calls keyed by the tool's name: several calls of one tool in a response overwrite each other, and one survives";
/** A list of calls kept across a stream, replaced by each chunk's calls instead of added to. */
export const REPLACED_PER_CHUNK_LOST =
  "replaces the calls kept across the stream with each chunk's calls instead of adding them: only the last chunk's calls survive";
export const SECOND_CALL_STOP_LOST =
  "leaves the stream when a second tool call starts: only the first call of the response is kept";
/** The last content block of a response taken as THE call. */
export const LAST_BLOCK_LOST =
  "takes the last content block of the response as the only tool call; every other call in it is dropped";
/** A loop over the calls after the first that answers each without running it. */
export const LATER_CALLS_ANSWERED_LOST =
  "answers every tool call after the first without running it: only the first call of the response is run";
/** A message built with `tool_calls: [calls[0]]`. */
export const MESSAGE_KEEPS_ONE_LOST =
  "the message built here keeps only the first tool call of the response; the others are dropped from it";
/** A guard that captures the first tool call of a stream and skips every later one. */
export const CAPTURE_LOST = "keeps the first tool call and skips every later one";
export const FIRST_KEPT_LOST = "keeps the first tool call the loop meets in one slot, and passes over every later one";

/** Where a per-turn guard's flag is set, as one language's audit reads it. */
export interface FlagSets<Test> {
  /** For each place the flag is set: the tests under which it is set there (`if` conditions around it). */
  sets: Test[][];
  /** Does the test hold only after an invalid call (a guard set only then refuses nothing a valid response holds)? */
  firesOnInvalid(test: Test): boolean;
  /** Does the test read a setting (the guard is then active only as that setting says)? */
  readsASetting(test: Test): boolean;
  /** The test's source text, with `not ` before it when the flag is set where the test fails. */
  describe(test: Test): string;
}

/**
 * The finding of a guard that refuses every tool call after the first in a turn once `flag` is set: likely when the
 * flag is set in another file or only under a setting (named), certain when some place sets it unconditionally;
 * none when every place sets it only after an invalid call.
 */
export function perTurnGuardFinding<Test>(start: number, flag: string, f: FlagSets<Test>): RawFinding | undefined {
  const { sets } = f;
  if (sets.length > 0 && sets.every((tests) => tests.some(f.firesOnInvalid))) return undefined;
  if (sets.length === 0)
    return {
      rule: "one-tool-per-turn-guard",
      confidence: "likely",
      start,
      lost: `refuses every tool call after the first one in a turn once ${flag} is set (it is set in another file)`,
    };
  if (sets.some((tests) => !tests.some(f.readsASetting)))
    return { rule: "one-tool-per-turn-guard", confidence: "certain", start };
  const gate = sets.flatMap((tests) => tests.filter(f.readsASetting))[0]!;
  return {
    rule: "one-tool-per-turn-guard",
    confidence: "likely",
    start,
    lost: `refuses every tool call after the first one in a turn when ${f.describe(gate).replace(/\s+/g, " ")}`,
  };
}

/**
 * What a first-element read loses, by what it read as the call: the last content block, the first Gemini part, the
 * first block or output item; a first tool call of a list of calls says it with the rule's own sentence.
 */
export function firstReadLost(read: {
  last?: unknown;
  part?: unknown;
  block?: unknown;
}): { lost: string } | Record<string, never> {
  if (read.last) return { lost: LAST_BLOCK_LOST };
  if (read.part) return { lost: FIRST_PART_LOST };
  if (read.block) return { lost: FIRST_BLOCK_LOST };
  return {};
}
