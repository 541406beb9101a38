// What the config-file languages (YAML, TOML, .properties) share: which files are test data, how a key names a flag,
// and where a marker goes. Each format keeps its own reader; these facts are the same for all three.
import type { MarkerPlace, Range } from "../../model";
import { lineStartOf } from "../../text";

/**
 * Config files that are test data: under test/, tests/, __tests__/, spec/, fixtures/, cassettes/ (recorded HTTP
 * traffic, VCR), testdata/, or named *.test.yaml and the like. Their sites are reported, and apply leaves them unless
 * asked (--include-tests): a recorded request is what was sent, not a switch of the project.
 */
export const CONFIG_TEST_FILE =
  /(^|\/)(__tests__|tests?|spec|fixtures|cassettes|testdata)\/|(^|\/)[^/]+\.(test|spec)\.[^/]+$/;

/**
 * The name a key gives its flag: the last segment of a dotted key (`spring.ai.openai.chat.options.parallel-tool-calls`
 * is read as `parallel-tool-calls`), since Spring and TOML both read a dotted key as a path of nested keys.
 */
export function lastSegment(key: string): string {
  const dot = key.lastIndexOf(".");
  return dot < 0 ? key : key.slice(dot + 1);
}

/**
 * The marker of a config site is a `#` comment line above the line where its key begins, never an inline comment:
 * YAML, TOML and .properties all have `#` line comments, a comment line is allowed between any two entries of each
 * (inside YAML flow collections and TOML arrays too), and a line above keeps the value's line as it was, so a diff
 * shows one added line and one changed literal. A line that begins inside a multi-line string (a quoted scalar over
 * several lines before the key) is string content: the marker goes above the line where that string begins.
 */
export function configMarkerPlace(
  text: string,
  keyStart: number,
  stringAround: (pos: number) => Range | undefined,
): MarkerPlace {
  let lineStart = lineStartOf(text, keyStart);
  for (let inString = stringAround(lineStart); inString; inString = stringAround(lineStart)) {
    lineStart = lineStartOf(text, inString.start);
  }
  return { kind: "line", lineStart };
}
