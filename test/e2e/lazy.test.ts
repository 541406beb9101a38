// A tree with no candidate never loads a parser: the prefilter decides before any parse.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../helpers/cli";

const DIST = path.join(__dirname, "..", "..", "dist", "index.js");

/**
 * The parsers a scan of dir loads: oxc-parser (required) or the Python grammar (the copy in dist/, or the
 * devDependency's file when dist has none). The TypeScript compiler's file is still watched for: nothing loads it.
 */
function parsersLoadedAfterScan(dir: string): string[] {
  const script = `
    const fs = require("fs"), Module = require("module");
    const seen = [];
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === "oxc-parser") seen.push(request);
      return load.call(this, request, ...rest);
    };
    const PARSER = /(node_modules.*typescript\\.js|tree-sitter[^/]*\\.wasm)$/;
    for (const name of ["readFileSync", "readFile"]) {
      const original = fs[name];
      fs[name] = function (file, ...rest) {
        if (PARSER.test(String(file))) seen.push(String(file));
        return original.call(this, file, ...rest);
      };
    }
    const originalPromise = fs.promises.readFile;
    fs.promises.readFile = function (file, ...rest) {
      if (PARSER.test(String(file))) seen.push(String(file));
      return originalPromise.call(this, file, ...rest);
    };
    require(${JSON.stringify(DIST)}).run("scan", ["."], { cwd: ${JSON.stringify(dir)}, audit: true }).then(() => {
      console.log(JSON.stringify(seen));
    });`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as string[];
}

describe("lazy parsers", () => {
  it("a tree without candidates never loads a TypeScript parser", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": "export const x = 1\n", "b.js": "module.exports = {}\n" });
    expect(parsersLoadedAfterScan(dir)).toEqual([]);
  });

  it("a candidate does load it (so the check above can fail), and only its language's parser", () => {
    const dir = tempDir();
    writeTree(dir, { "a.ts": "export const o = { parallel_tool_calls: false }\n" });
    expect(parsersLoadedAfterScan(dir)).toEqual(["oxc-parser"]);
    const py = tempDir();
    writeTree(py, { "a.py": "o = Agent(parallel_tool_calls=False)\n" });
    const loaded = parsersLoadedAfterScan(py);
    expect(loaded).toContainEqual(expect.stringMatching(/tree-sitter-python\.wasm$/));
    expect(loaded.filter((f) => f.endsWith("typescript.js") || f === "oxc-parser")).toEqual([]);
  });

  it("config files without candidates load no grammar; a YAML candidate loads the YAML grammar only, a .properties one none", () => {
    const quiet = tempDir();
    writeTree(quiet, {
      "a.yaml": "x: 1\n",
      "b.toml": "x = 1\n",
      "c.properties": "x=1\n",
      "d.ts": "export const x = 1\n",
    });
    expect(parsersLoadedAfterScan(quiet)).toEqual([]);
    const yml = tempDir();
    writeTree(yml, { "a.yaml": "o:\n  parallel_tool_calls: false\n", "b.toml": "x = 1\n" });
    const grammars = (dir: string) => parsersLoadedAfterScan(dir).filter((f) => /tree-sitter-\w+\.wasm$/.test(f));
    expect(grammars(yml)).toEqual([expect.stringMatching(/tree-sitter-yaml\.wasm$/)]);
    const props = tempDir();
    writeTree(props, { "application.properties": "spring.ai.openai.chat.options.parallel-tool-calls=false\n" });
    expect(parsersLoadedAfterScan(props)).toEqual([]);
  });

  it("the Go grammar loads only when a .go file is a candidate, and no other grammar with it", () => {
    const mixed = tempDir();
    writeTree(mixed, {
      "a.ts": "export const o = { parallel_tool_calls: false }\n",
      "b.go": "package b\n\nvar n = 1\n",
    });
    const grammars = (files: string[]) =>
      files.map((f) => path.basename(f)).filter((f) => /^tree-sitter-.*\.wasm$/.test(f));
    expect(grammars(parsersLoadedAfterScan(mixed))).toEqual([]);
    const go = tempDir();
    writeTree(go, { "b.go": "package b\n\nvar p = Params{ParallelToolCalls: false}\n", "c.py": "x = 1\n" });
    const loaded = parsersLoadedAfterScan(go);
    expect(grammars(loaded)).toEqual(["tree-sitter-go.wasm"]);
    expect(loaded.filter((f) => f.endsWith("typescript.js") || f === "oxc-parser")).toEqual([]);
  });
});
