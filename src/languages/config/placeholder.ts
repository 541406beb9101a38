// A property placeholder as a value: `${PARALLEL_TOOL_CALLS}` is read at run time (Spring, Quarkus, Docker Compose
// and most config loaders substitute them), and `${PARALLEL_TOOL_CALLS:false}` falls back to its literal when the
// variable is unset, as `x ?? false` does in code: a fallback site, which apply flips only with --include-defaults.
import type { RawSite } from "../../model";

const PLACEHOLDER = /^\$\{[^{}:]*\}$/;
const WITH_DEFAULT = /^\$\{[^{}:]+:([^{}]*)\}$/;

/** How a placeholder value reads (undefined when the text is not one): dynamic, or a fallback to a boolean literal. */
export function placeholder(
  text: string,
  start: number,
  booleanText: (text: string) => boolean | undefined,
): Pick<RawSite, "valueKind" | "literal"> | undefined {
  if (PLACEHOLDER.test(text)) return { valueKind: "dynamic" };
  const m = WITH_DEFAULT.exec(text);
  if (!m) return undefined;
  const fallback = m[1]!;
  const value = booleanText(fallback);
  if (value === undefined) return { valueKind: "dynamic" };
  const at = start + text.length - 1 - fallback.length;
  return { valueKind: "fallback", literal: { start: at, end: at + fallback.length, text: fallback, value } };
}
