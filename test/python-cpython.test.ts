// The Python fixture outputs as CPython reads them: every output compiles, and its syntax tree is the input's but for
// the flipped booleans (markers are comments, so they do not show). Skipped where no python3 is installed.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readFixtures } from "./helpers/fixtures";

const hasPython = spawnSync("python3", ["--version"]).status === 0;

const CHECK = `
import ast, json, sys
def shape(src):
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            node.value = None
    return ast.dump(tree)
pairs = json.load(sys.stdin)
print(json.dumps([shape(p["input"]) == shape(p["output"]) for p in pairs]))
`;

describe.skipIf(!hasPython)("Python fixtures under CPython", () => {
  it("every output compiles and differs from its input only in boolean literals", () => {
    const pairs = readFixtures().filter((f) => f.inputName.endsWith(".py"));
    expect(pairs.length).toBeGreaterThan(10);
    const r = spawnSync("python3", ["-c", CHECK], {
      input: JSON.stringify(pairs.map((p) => ({ input: p.input, output: p.output }))),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const same = JSON.parse(r.stdout) as boolean[];
    expect(pairs.filter((_, i) => !same[i]).map((p) => p.name)).toEqual([]);
  });
});
