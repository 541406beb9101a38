// The README's layout table (Design, "Layout and layers") is how a newcomer finds where a stage, a format or a
// language lives: it must name only modules that exist, and every folder of src/.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");
const SRC = path.join(ROOT, "src");

function layoutSection(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("- **Layout and layers.**");
  const end = readme.indexOf("\n- **", start + 1);
  expect(start, "README: the Layout and layers part of Design").toBeGreaterThan(0);
  return readme.slice(start, end);
}

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return modules(abs);
    return e.name.endsWith(".ts") ? [path.relative(SRC, abs)] : [];
  });
}

describe("README layout table", () => {
  const table = layoutSection();
  const all = modules(SRC);

  it("names only modules that exist", () => {
    const named = [...table.matchAll(/`([\w./-]+\.ts)`/g)]
      .map((m) => m[1]!.replace(/^src\//, ""))
      .filter((f) => !f.startsWith("test/"));
    expect(named.length).toBeGreaterThan(40);
    for (const name of named)
      expect(
        all.some((m) => m.endsWith(name)),
        name,
      ).toBe(true);
  });

  it("names every folder of src/ and every module in it", () => {
    const folders = new Set(all.map((m) => path.dirname(m)).filter((d) => d !== "."));
    for (const folder of folders) expect(table, folder).toContain(`${path.basename(folder)}/`);
    for (const m of all) expect(table.includes(`${path.basename(m)}\``), m).toBe(true);
  });
});
