// The jscodeshift adapter on strings, in process: how jscodeshift's flags become the core's options, and what the
// transform returns for the runner's counters. test/e2e/jscodeshift.test.ts runs the real runner.
import { describe, expect, it } from "vitest";
import { OptionError, readOptions, SkippedFileError, transform } from "../src/jscodeshift";

const TAG = "kilocode_temp_parallel_tool_calls";

describe("readOptions: jscodeshift flags -> the CLI's options", () => {
  it("defaults are the CLI's", () => {
    expect(readOptions("apply", {})).toEqual({
      tag: "toggle-parallel",
      includeTests: false,
      includeDefaults: false,
      force: false,
    });
  });

  it("reads --marker=TAG, --includeTests, --includeDefaults (and their kebab-case spellings)", () => {
    expect(readOptions("apply", { marker: TAG, includeTests: true, includeDefaults: true })).toMatchObject({
      tag: TAG,
      includeTests: true,
      includeDefaults: true,
    });
    expect(readOptions("apply", { "include-tests": true, "include-defaults": 1 })).toMatchObject({
      includeTests: true,
      includeDefaults: true,
    });
    expect(readOptions("apply", { includeTests: false })).toMatchObject({ includeTests: false });
  });

  it("revert takes --marker and --force, like the CLI's revert; the apply-only flags change nothing there", () => {
    expect(readOptions("revert", { marker: TAG, force: true, includeTests: true })).toEqual({
      tag: TAG,
      includeTests: false,
      includeDefaults: false,
      force: true,
    });
    expect(readOptions("apply", { force: true }).force).toBe(false);
  });

  it("jscodeshift's other flags (parser, extensions, dry...) are not ours and are ignored", () => {
    expect(() =>
      readOptions("apply", { parser: "tsx", extensions: "ts,tsx", dry: true, babel: false, verbose: 0 }),
    ).not.toThrow();
  });

  it.each([
    [{ marker: "has space" }, /invalid marker tag "has space"/],
    [{ marker: true }, /--marker needs a value/],
    [{ marker: ["a", "b"] }, /--marker was given more than once/],
    [{ marker: 123 }, /--marker was read as 123/],
    [{ includeTests: "src" }, /--includeTests got the value "src"/],
    [{ "include-defaults": "lib/" }, /--include-defaults got the value "lib\/"/],
    [{ tag: "x" }, /given as --marker=TAG/],
  ])("refuses %j", (options, message) => {
    expect(() => readOptions("apply", options)).toThrow(OptionError);
    expect(() => readOptions("apply", options)).toThrow(message);
  });
});

describe("transform: what the runner is told", () => {
  const none = {};

  it("undefined (skipped) for a file that never names a flag, or a language we do not handle", () => {
    expect(
      transform("apply", { path: "virtual/plain.ts", source: "export const x = 1;\n" }, undefined, none),
    ).toBeUndefined();
    expect(
      transform("apply", { path: "virtual/notes.md", source: "parallel_tool_calls: false\n" }, undefined, none),
    ).toBeUndefined();
    expect(
      transform(
        "apply",
        { path: "virtual/node_modules/sdk/index.js", source: "x = { parallel_tool_calls: false }\n" },
        undefined,
        none,
      ),
    ).toBeUndefined();
  });

  it("the source itself (unmodified) for a file that was parsed and needs nothing", () => {
    const source = "export const body = { parallel_tool_calls: true };\n";
    expect(transform("apply", { path: "virtual/on.ts", source }, undefined, none)).toBe(source);
  });

  it("throws a SkippedFileError with file:line:col for a syntax error, without a stack to print", () => {
    const call = () =>
      transform(
        "apply",
        { path: "virtual/broken.ts", source: "const o = {\n  parallel_tool_calls: false,\n" },
        undefined,
        none,
      );
    expect(call).toThrow(SkippedFileError);
    expect(call).toThrow(/^virtual\/broken\.ts:3:1: syntax error: .+; skipped$/);
    try {
      call();
    } catch (error) {
      expect((error as Error).stack).toBe("");
    }
  });

  it("throws for a file holding NUL bytes", () => {
    expect(() =>
      transform("apply", { path: "virtual/bin.js", source: "parallel_tool_calls\0" }, undefined, none),
    ).toThrow(/binary file/);
  });

  it("checks the options before anything else", () => {
    expect(() =>
      transform("apply", { path: "virtual/plain.ts", source: "" }, undefined, { marker: "no good" }),
    ).toThrow(OptionError);
  });
});
