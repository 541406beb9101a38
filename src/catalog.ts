// The flag catalog: which names are parallel-tool-call switches, in which sense, and how a file is prefiltered.
// Everything the finders know about names comes from here, for every language.

/** openai/anthropic: a well-known API key; name: a name that says "parallel tool calls"; name-inverted: one that negates it. */
export type Family = "openai" | "anthropic" | "name" | "name-inverted";

/** Well-known API keys. The name rule below would also find them; listing them names their family. */
const API_KEYS = new Map<string, Family>([
  ["parallel_tool_calls", "openai"],
  ["parallelToolCalls", "openai"],
  ["disable_parallel_tool_use", "anthropic"],
  ["disableParallelToolUse", "anthropic"],
  // .NET SDK options: each is the request's parallel_tool_calls (or Anthropic's disable_parallel_tool_use) by another name.
  ["AllowParallelToolCalls", "openai"], // OpenAI .NET ChatCompletionOptions, RunCreationOptions
  ["ParallelToolCallsEnabled", "openai"], // OpenAI .NET ResponseCreationOptions
  ["AllowMultipleToolCalls", "openai"], // Microsoft.Extensions.AI ChatOptions
  ["allowMultipleToolCalls", "openai"], // declarative agent files (model.options), Microsoft.Extensions.AI's option by its JSON name
  ["AllowParallelCalls", "openai"], // Semantic Kernel FunctionChoiceBehaviorOptions
  ["DisableParallelToolUse", "anthropic"], // Anthropic .NET SDKs
]);

/** Every name the name rule reads holds "parallel" followed by "tool", in any separator style. */
const NAME_WORDS = ["parallel_tool", "paralleltool", "parallel-tool"];

/**
 * Text a file must contain to be parsed at all, lower-cased: the words of the name rule (parallelToolCalls,
 * parallel_tool_calls, PARALLEL-TOOL-USE), and each API key that holds none of them (an SDK's own name for the option),
 * so a key added to API_KEYS is found by the prefilter and the finders without another change.
 * Matched in any ASCII case, on bytes (mayHoldFlagBytes) or by git grep -i -F.
 */
export const PREFILTER_WORDS: readonly string[] = prefilterWordsFor(API_KEYS.keys());

/** The name rule's words, then each key (lower-cased) that holds none of them. */
export function prefilterWordsFor(apiKeys: Iterable<string>): string[] {
  const extra = [...apiKeys].map((k) => k.toLowerCase()).filter((k) => !NAME_WORDS.some((w) => k.includes(w)));
  return [...new Set([...NAME_WORDS, ...extra])];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/** A new global, case-insensitive RegExp for words (PREFILTER_WORDS by default): where a finder starts looking. */
export function flagWordPattern(words: readonly string[] = PREFILTER_WORDS): RegExp {
  return new RegExp(words.map(escapeRegExp).join("|"), "gi");
}

/** The words after "parallel tool" that make a switch: calls (OpenAI), use (Anthropic). "calling", "call" are not. */
const FLAG_TAILS = new Set(["calls", "use"]);

/**
 * Words that turn a name's sense around: disableParallelToolCalls: true means parallel calls are OFF, and so does
 * parallelToolCallsKillSwitch: true. Each one is tested (test/catalog.test.ts).
 */
export const NEGATIONS = new Set([
  "disable",
  "disabled",
  "disables",
  "disabling",
  "block",
  "blocked",
  "blocks",
  "blocking",
  "no",
  "not",
  "non",
  "never",
  "dont",
  "don't",
  "prevent",
  "prevents",
  "prevented",
  "without",
  "skip",
  "skips",
  "deny",
  "denied",
  "forbid",
  "forbidden",
  "avoid",
  "suppress",
  "suppressed",
  "off",
  "sequential",
  "serial",
  "serialize",
  "serialized",
  "reject",
  "rejects",
  "rejected",
  "refuse",
  "refuses",
  "refused",
  "ban",
  "bans",
  "banned",
  "disallow",
  "disallows",
  "disallowed",
  "prohibit",
  "prohibited",
  "kill",
  "killed",
  "killswitch",
  "stop",
  "stops",
  "stopped",
  "halt",
  "inhibit",
  "inhibited",
  "exclude",
  "excludes",
  "excluded",
  "restrict",
  "restricts",
  "restricted",
  "optout",
]);

/**
 * Words that make a name something other than the switch itself, by kind: a state of the UI or the logs
 * (parallelToolCallsWarningShown), a remembered copy of a value (previousParallelToolCalls), or an override whose
 * sense cannot be read from the name. Such a site is reported as "unknown" and never flipped: flipping it would
 * change a UI flag, or worse. Each word is tested (test/catalog.test.ts).
 */
export const NOT_A_SWITCH: ReadonlyMap<string, string> = new Map([
  ...[
    "shown",
    "show",
    "showing",
    "seen",
    "logged",
    "log",
    "logging",
    "warned",
    "warn",
    "warning",
    "warnings",
    "notified",
    "notify",
    "notification",
    "displayed",
    "display",
    "printed",
    "print",
    "reported",
    "tracked",
    "tracking",
    "emitted",
    "dismissed",
    "acknowledged",
    "prompted",
    "asked",
    "message",
    "msg",
    "label",
    "tooltip",
    "hint",
    "banner",
    "toast",
    "notice",
    "popup",
    "dialog",
    "modal",
    "visible",
    "hidden",
    "collapsed",
    "expanded",
    "clicked",
    "telemetry",
  ].map((w): [string, string] => [w, "a state of the UI or the logs"]),
  ...["previous", "prev", "original", "saved", "stored", "last", "old", "backup", "cached"].map(
    (w): [string, string] => [w, "a remembered value"],
  ),
  ...["override", "overrides", "overridden", "ignore", "ignored", "ignores", "toggle", "toggled", "changed"].map(
    (w): [string, string] => [w, "an override of unclear sense"],
  ),
]);

/** Words that make a name describe an observation, not a switch: expectsParallelToolCalls, hasParallelToolCalls. */
const OBSERVATIONS = new Set([
  "expect",
  "expects",
  "expected",
  "has",
  "had",
  "have",
  "contains",
  "received",
  "got",
  "saw",
  "count",
  "counts",
]);

/** Words that make a name describe a model rather than request behaviour. */
export const CAPABILITY_WORDS = new Set([
  "supports",
  "support",
  "supported",
  "capability",
  "capabilities",
  "capable",
  "max",
  "min",
  "maximum",
  "minimum",
  "num",
  "number",
  "limit",
  "unsupported",
  "incapable",
  "available",
  "unavailable",
  "availability",
  "compatible",
  "incompatible",
]);

const MAY_NAME_FLAG = /parallel/i;

/** Splits any identifier or key into lower-case words: parallelToolCalls, PARALLEL_TOOL_CALLS, parallel-tool-calls. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9']+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export interface FlagName {
  family: Family;
  /** True when the name describes what a model can do (supportsParallelToolCalls, maxParallelToolCalls). */
  capability: boolean;
  /** Why the name may not be the switch at all (parallelToolCallsWarningShown): such a site is never flipped. */
  doubt?: string;
}

/**
 * Flag names a project adds (the config file's "flags"), by exact name. Each holds one of PREFILTER_WORDS (the config
 * refuses any other), so the prefilter and the Python finder, which look for those words, still reach it.
 */
export type ExtraFlagNames = ReadonlyMap<string, Family>;

/** Reads a name: is it a parallel-tool-call switch, of which family? Undefined when it is not one. */
export function readFlagName(name: string, extra?: ExtraFlagNames): FlagName | undefined {
  const known = API_KEYS.get(name) ?? extra?.get(name); // a Map: a key named "constructor" must not find Object's
  if (known) return { family: known, capability: false };
  // Every flag name holds the word "parallel": the finder asks about every key and variable of a file, so most
  // names stop here, before being split into words.
  if (!MAY_NAME_FLAG.test(name)) return undefined;
  const w = words(name);
  const at = w.findIndex((word, i) => word === "parallel" && w[i + 1] === "tool" && FLAG_TAILS.has(w[i + 2] ?? ""));
  if (at < 0) return undefined;
  const rest = joinPhrases([...w.slice(0, at), ...w.slice(at + 3)]);
  if (rest.some((word) => OBSERVATIONS.has(word))) return undefined;
  const capability = rest.some((word) => CAPABILITY_WORDS.has(word));
  // Parity, so that "dontDisableParallelToolCalls" reads as the plain sense again.
  const negations = rest.filter((word) => NEGATIONS.has(word)).length;
  const family = negations % 2 === 1 ? "name-inverted" : "name";
  const odd = rest.find((word) => NOT_A_SWITCH.has(word));
  return odd
    ? { family, capability, doubt: `the name reads as ${NOT_A_SWITCH.get(odd)} ("${odd}"), not the switch` }
    : { family, capability };
}

/**
 * Prefixes of a builder or setter method named after the property it sets: `setParallelToolCalls(false)` (setters),
 * `withParallelToolCalls(false)` (withers), `isParallelToolCalls(false)` (generated builders of some SDKs), besides the
 * bare `parallelToolCalls(false)` of most builders. Every language reads setter names through readSetterName.
 */
export const SETTER_PREFIXES = ["set", "with", "is"] as const;

/** Words a setter's property may hold besides the flag words and the catalog's negations: `enableParallelToolCalls`. */
const SETTER_SENSE_WORDS = new Set([
  "enable",
  "enabled",
  "enables",
  "allow",
  "allowed",
  "allows",
  "use",
  "uses",
  "want",
  "wanted",
  "prefer",
  "request",
  "requested",
]);

/**
 * Reads a method name as a setter of a flag: the name, without a setter prefix, names the flag, and its other words
 * say only its sense (negations), its kind (capability words) or a doubt the catalog knows. A method named with any
 * other word does something else with the flag (`applyDisableParallelToolUse(choice)`, `convertParallelToolCalls(msg)`,
 * `emitParallelToolCalls(...)`), so it is not a setter. Undefined when the name does not set a flag.
 */
export function readSetterName(method: string, extra?: ExtraFlagNames): FlagName | undefined {
  const property = withoutSetterPrefix(method);
  const flag = readFlagName(property, extra);
  if (!flag || API_KEYS.has(property) || extra?.has(property)) return flag;
  const w = words(property);
  const at = w.findIndex((word, i) => word === "parallel" && w[i + 1] === "tool" && FLAG_TAILS.has(w[i + 2] ?? ""));
  const rest = joinPhrases([...w.slice(0, at), ...w.slice(at + 3)]);
  const known = (word: string) =>
    NEGATIONS.has(word) || SETTER_SENSE_WORDS.has(word) || CAPABILITY_WORDS.has(word) || NOT_A_SWITCH.has(word);
  return rest.every(known) ? flag : undefined;
}

/** `setParallelToolCalls` -> `parallelToolCalls`; a name without a prefix (or `settings`, `isolate`) stays as it is. */
function withoutSetterPrefix(method: string): string {
  for (const prefix of SETTER_PREFIXES) {
    const next = method.charAt(prefix.length);
    if (method.startsWith(prefix) && next >= "A" && next <= "Z")
      return next.toLowerCase() + method.slice(prefix.length + 1);
  }
  return method;
}

/** Two-word phrases that read as one word: "opt out", "kill switch". */
function joinPhrases(w: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const pair = `${w[i]}${w[i + 1] ?? ""}`;
    if (pair === "optout" || pair === "killswitch") {
      out.push(pair);
      i++;
    } else out.push(w[i]!);
  }
  return out;
}

/** The literal that switches parallel tool calls ON for a family. */
export function enabledValueOf(family: Family): boolean {
  return family === "anthropic" || family === "name-inverted" ? false : true;
}

/** True for the name of an object that lists what a model supports: capabilities, supports, modelCapabilities. */
export function isCapabilityContext(name: string): boolean {
  return words(name).some((word) => word === "capabilities" || word === "capability" || word === "supports");
}

const PREFILTER = new RegExp(PREFILTER_WORDS.map(escapeRegExp).join("|"), "i");

/**
 * The prefilter: does a file hold one of PREFILTER_WORDS, in any ASCII case? `git grep -l -i -F -e WORD...` answers
 * the same question for a whole tree, so both ways find the same files. Bytes are read as Latin-1, one character
 * per byte: a UTF-8 sequence is bytes >= 0x80, which never match an ASCII letter, case-insensitively or not
 * (a non-unicode /i RegExp does not fold non-ASCII characters to ASCII ones).
 */
export function mayHoldFlagBytes(bytes: Buffer): boolean {
  return PREFILTER.test(bytes.toString("latin1"));
}

/** The same test on text. */
export function mayHoldFlag(text: string): boolean {
  return PREFILTER.test(text);
}

/** The family of a well-known API key (parallel_tool_calls...), which no config can change. */
export function apiKeyFamily(name: string): Family | undefined {
  return API_KEYS.get(name);
}

/** The prefilter word a name holds, if any: an extra flag name without one would never be read (see ExtraFlagNames). */
export function prefilterWordIn(name: string): string | undefined {
  const lower = name.toLowerCase();
  return PREFILTER_WORDS.find((w) => lower.includes(w));
}
