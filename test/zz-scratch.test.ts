import { it } from "vitest";
import fs from "node:fs";
import { java } from "../src/languages/tree-sitter/java";
import { kotlin } from "../src/languages/tree-sitter/kotlin";
import { processText } from "../src/pipeline/process";
import { readFixtures } from "./helpers/fixtures";
it("dump", async () => {
  await java.prepare!(); await kotlin.prepare!();
  for (const f of readFixtures().filter((f) => /\.(java|kts?)$/.test(f.inputName))) {
    const o = processText(f.inputName, f.input, "apply", { tag: "toggle-parallel", includeTests: !!f.options.includeTests, includeDefaults: false, force: false })!;
    if (o.after !== f.output) fs.writeFileSync(`/tmp/actual-${f.name}`, o.skipped ? JSON.stringify(o.skipped) : o.after);
  }
});
