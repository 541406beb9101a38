import { it } from "vitest";
import fs from "node:fs";
import { kotlin } from "../src/languages/tree-sitter/kotlin";
import { processText } from "../src/pipeline/process";
it("dump", async () => {
  await kotlin.prepare!();
  const text = fs.readFileSync("test/fixtures/kotlin-named-arguments-and-chains/output.kt", "utf8");
  const o = processText("x.kt", text, "scan", { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false })!;
  console.log(o.sites.map((s) => [s.name, s.state, s.reason, s.marker.kind, s.marker.kind === "line" ? s.marker.lineStart : ""].join(" ")).join("\n"));
});
