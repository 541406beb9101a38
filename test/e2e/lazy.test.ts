// A tree with no candidate never loads a parser: the prefilter decides before any parse.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../helpers/cli";

const DIST = path.join(__dirname, "..", "..", "dist", "index.js");

function parsersLoadedAfterScan(dir: string): string[] {
  const script = `
    require(${JSON.stringify(DIST)}).run("scan", ["."], { cwd: ${JSON.stringify(dir)}, audit: true }).then(() => {
      const loaded = Object.keys(require.cache).filter((m) => /node_modules[\\/](ts-morph|@ts-morph|typescript|web-tree-sitter|tree-sitter-python)[\\/]/.test(m));
      console.log(JSON.stringify(loaded));
    });`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as string[];
}

describe("lazy parsers", () => {
  it("a tree without candidates never loads the TypeScript compiler", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": "export const x = 1\n", "b.js": "module.exports = {}\n" });
    expect(parsersLoadedAfterScan(dir)).toEqual([]);
  });

  it("a candidate does load it (so the check above can fail)", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": "export const o = { parallel_tool_calls: false }\n" });
    expect(parsersLoadedAfterScan(dir).length).toBeGreaterThan(0);
  });
});
