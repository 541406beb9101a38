// The per-file source object (src/source.ts) and configuration passed in: what the pipeline reads of a file is built
// once, in one place; no module below the CLI reads a setting from the environment.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Source } from "../../src/source";

describe("Source", () => {
  it("sets the BOM apart, reads lone CRs as LF at the same offsets, and puts the BOM back around a body", () => {
    const source = new Source("\uFEFFa = 1\rb = 2\r\nc = 3\n");
    expect(source.bom).toBe("\uFEFF");
    expect(source.original).toBe("a = 1\rb = 2\r\nc = 3\n");
    expect(source.text).toBe("a = 1\nb = 2\r\nc = 3\n");
    expect(source.hasLoneCr).toBe(true);
    expect(source.lines.at(source.text.indexOf("c"))).toEqual({ line: 3, column: 1 });
    expect(source.ownLineEndingAt(0)).toBe("\r");
    expect(source.lineEndingAt(6)).toBe("\r\n");
    expect(source.withBody("x\n")).toBe("\uFEFFx\n");
  });

  it("keeps a leading U+FEFF of a body (an edited text parsed again) and builds its line index once", () => {
    const body = new Source("\uFEFFx\n", { bom: false });
    expect(body.bom).toBe("");
    expect(body.text).toBe("\uFEFFx\n");
    expect(body.hasLoneCr).toBe(false);
    expect(body.lines).toBe(body.lines);
  });

  it("holds the comment tokens the parser reported, looked up by where they start", () => {
    const source = new Source("// t: was false\nx = true\n");
    expect(source.comments.at(0)).toBeUndefined();
    source.setComments([{ start: 0, end: 15 }]);
    expect(source.comments.at(0)).toEqual({ start: 0, end: 15 });
  });
});

describe("configuration is passed in", () => {
  // The CLI reads the environment and passes options; the parser switch is the TS-parser engineer's to replace.
  const ALLOWED = new Set(["TOGGLE_PARALLEL_TS_PARSER"]);
  const SRC = path.join(__dirname, "..", "..", "src");
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
      );

  it("no module outside src/cli/ reads a setting from process.env (passing it on to git is not reading it)", () => {
    const reads = files(SRC)
      .filter((f) => !path.relative(SRC, f).startsWith(`cli${path.sep}`))
      .flatMap((f) =>
        [...fs.readFileSync(f, "utf8").matchAll(/process\.env\.([A-Z_]+)|process\.env\[/g)].map((m) => ({
          file: path.relative(SRC, f),
          name: m[1] ?? "?",
        })),
      )
      .filter((r) => !ALLOWED.has(r.name));
    expect(reads).toEqual([]);
  });
});
