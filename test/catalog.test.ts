import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { holdsAuditHint } from "../src/audit/patterns";
import { enabledValueOf, mayHoldFlag, readFlagName, readSetterName, words } from "../src/catalog";

describe("words", () => {
  it("splits every separator and case style", () => {
    expect(words("parallelToolCallsEnabled")).toEqual(["parallel", "tool", "calls", "enabled"]);
    expect(words("ENABLE_PARALLEL_TOOL_CALLS")).toEqual(["enable", "parallel", "tool", "calls"]);
    expect(words("parallel-tool-calls")).toEqual(["parallel", "tool", "calls"]);
    expect(words("HTTPParallelToolCalls")).toEqual(["http", "parallel", "tool", "calls"]);
  });
});

describe("readFlagName", () => {
  it.each([
    ["parallel_tool_calls", "openai"],
    ["parallelToolCalls", "openai"],
    ["disable_parallel_tool_use", "anthropic"],
    ["disableParallelToolUse", "anthropic"],
    ["parallelToolCallsEnabled", "name"],
    ["ENABLE_PARALLEL_TOOL_CALLS", "name"],
    ["allowParallelToolCalls", "name"],
    ["disableParallelToolCalls", "name-inverted"],
    ["blockParallelToolCalls", "name-inverted"],
    ["noParallelToolCalls", "name-inverted"],
    ["preventParallelToolCalls", "name-inverted"],
    ["withoutParallelToolCalls", "name-inverted"],
    ["skip_parallel_tool_calls", "name-inverted"],
    ["parallelToolCallsDisabled", "name-inverted"],
    ["dontDisableParallelToolCalls", "name"],
  ])("%s is %s", (name, family) => {
    expect(readFlagName(name)?.family).toBe(family);
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])(
    "%s (an Object.prototype key) is not a flag",
    (name) => {
      expect(readFlagName(name)).toBeUndefined();
    },
  );

  it.each([
    "enableParallelToolCalling",
    "parallelToolCallCount",
    "PARALLEL_TOOL_CALL_RESPONSE",
    "supports_parallel_tool_calling",
    "parallel",
    "toolCalls",
    "expectsParallelToolCalls",
    "hasParallelToolCalls",
    "parallelToolCallsCount",
  ])("%s is not a flag", (name) => {
    expect(readFlagName(name)).toBeUndefined();
  });

  it.each([
    "supportsParallelToolCalls",
    "maxParallelToolCalls",
    "modelSupportsParallelToolCalls",
    "supports_parallel_tool_calls",
  ])("%s describes a capability", (name) => {
    expect(readFlagName(name)?.capability).toBe(true);
  });

  it("inverted families are enabled by false", () => {
    expect(enabledValueOf("anthropic")).toBe(false);
    expect(enabledValueOf("name-inverted")).toBe(false);
    expect(enabledValueOf("openai")).toBe(true);
    expect(enabledValueOf("name")).toBe(true);
  });
});

describe("mayHoldFlag", () => {
  it("accepts every spelling and rejects unrelated text", () => {
    expect(mayHoldFlag("x.parallel_tool_calls = false")).toBe(true);
    expect(mayHoldFlag("PARALLEL_TOOL_CALLS = False")).toBe(true);
    expect(mayHoldFlag("const parallelToolCalls = 1")).toBe(true);
    expect(mayHoldFlag("parallel processing of tools")).toBe(false);
    expect(mayHoldFlag("const x = 1")).toBe(false);
  });
});

describe("one search for scan: every flag name holds an audit hint", () => {
  // scan with the audit searches the tree for AUDIT_HINTS only; a flag name without one would be missed.
  const cased = (...words: string[]) =>
    fc.constantFrom(...words.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]));
  const separator = fc.constantFrom("", "_", "-");
  const flagName = fc
    .tuple(
      fc.constantFrom("", "enable", "disable", "allow", "no"),
      separator,
      cased("parallel"),
      separator,
      cased("tool"),
      separator,
      cased("calls", "use"),
      fc.constantFrom("", "Enabled", "_disabled"),
    )
    .map(
      ([before, s1, parallel, s2, tool, s3, tail, after]) =>
        `${before}${before ? s1 : ""}${parallel}${s2}${tool}${s3}${tail}${after}`,
    );

  it("for every separator and case style the prefilter finds", () => {
    fc.assert(
      fc.property(flagName, (name) => {
        fc.pre(mayHoldFlag(name) && readFlagName(name) !== undefined);
        expect(holdsAuditHint(name)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("while ordinary names hold none", () => {
    for (const name of ["parallel", "toolbar", "tooltip", "callsite", "functionName", "readyState", "calls.length"])
      expect(holdsAuditHint(name)).toBe(false);
  });
});

describe("extra flag names (the config's flags, issue 14)", () => {
  it("are read in their family only when passed, and may correct how the name rule reads a name", () => {
    expect(readFlagName("teamParallelToolsOn")).toBeUndefined();
    expect(readFlagName("teamParallelToolsOn", new Map([["teamParallelToolsOn", "name"]]))).toEqual({
      family: "name",
      capability: false,
    });
    expect(readFlagName("parallelToolCallsShown")?.doubt).toBeDefined();
    expect(readFlagName("parallelToolCallsShown", new Map([["parallelToolCallsShown", "name"]]))).toEqual({
      family: "name",
      capability: false,
    });
    // Exact names only: another spelling is not an extra name.
    expect(readFlagName("TeamParallelToolsOn", new Map([["teamParallelToolsOn", "name"]]))).toBeUndefined();
  });
});

describe("readSetterName (builder and setter methods of JVM SDKs)", () => {
  it.each([
    ["parallelToolCalls", "openai"],
    ["setParallelToolCalls", "openai"],
    ["withParallelToolCalls", "openai"],
    ["isParallelToolCalls", "openai"],
    ["disableParallelToolUse", "anthropic"],
    ["setDisableParallelToolUse", "anthropic"],
    ["enableParallelToolCalls", "name"],
    ["withParallelToolCallsDisabled", "name-inverted"],
  ])("%s sets a flag of the %s family", (method, family) => {
    expect(readSetterName(method)?.family).toBe(family);
  });

  it.each([
    "applyDisableParallelToolUse",
    "convertParallelToolCalls",
    "emitParallelToolCalls",
    "toParallelToolCalls",
    "shouldSplitParallelToolCalls",
    "settingsParallel",
    "isolateParallelToolCalls",
  ])("%s does something else with the flag: not a setter", (method) => {
    expect(readSetterName(method)).toBeUndefined();
  });

  it("keeps capability and doubtful names, so scan reports them as such", () => {
    expect(readSetterName("supportsParallelToolCalls")?.capability).toBe(true);
    expect(readSetterName("withParallelToolCallsWarningShown")?.doubt).toBeDefined();
  });
});
