// The one escaping every human-readable line goes through (src/render/escape.ts), and the printers that use it.
import { describe, expect, it } from "vitest";
import { escapeNameBytes, escapeText, isUtf8Name } from "../src/render/escape";
import { describe as describeProgress } from "../src/render/progress";

describe("escapeText", () => {
  it("writes every cursor-moving, erasing or reordering character as a visible escape", () => {
    expect(escapeText("a\x1b[2K\rb\nc\td\x07e\x7ff\x9bg")).toBe("a\\e[2K\\rb\\nc\\td\\x07e\\x7ff\\x9bg");
    expect(escapeText("x\u202ey\u2066z\u2069\u200f\u2028")).toBe("x\\u202ey\\u2066z\\u2069\\u200f\\u2028");
    expect(escapeText("lone \ud800 half")).toBe("lone \\ud800 half");
  });

  it("keeps ordinary text, non-ASCII letters and emoji as they are", () => {
    for (const text of ["src/a b.ts", "données/é.py", "日本/語.ts", "emoji 🎉.ts", 'quote\'s "x".ts'])
      expect(escapeText(text)).toBe(text);
  });
});

describe("names as bytes", () => {
  it("escapes each byte that is not part of valid UTF-8, and decodes the rest", () => {
    expect(escapeNameBytes(Buffer.from([0x62, 0xff, 0x2e, 0x74, 0x73]))).toBe("b\\xff.ts");
    expect(escapeNameBytes(Buffer.concat([Buffer.from("é"), Buffer.from([0xc3]), Buffer.from("\x1b")]))).toBe(
      "é\\xc3\\e",
    );
    expect(escapeNameBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe("\\xed\\xa0\\x80"); // an encoded surrogate half
    expect(isUtf8Name(Buffer.from("données.ts"))).toBe(true);
    expect(isUtf8Name(Buffer.from([0x61, 0xff]))).toBe(false);
  });
});

describe("the progress line", () => {
  it("escapes the name of the file being parsed", () => {
    const line = describeProgress(
      { phase: "parsing", listed: 2, read: 1, candidates: 1, parsed: 1, file: "x\x1b[2K\rfake.ts" },
      1500,
    );
    expect(line).toContain("parsing x\\e[2K\\rfake.ts");
  });
});
