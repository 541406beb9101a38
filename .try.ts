import { LANGUAGES } from "./src/languages/index";
import { processText } from "./src/pipeline/process";
import fs from "node:fs";
(async () => {
  await Promise.all(LANGUAGES.map((l) => l.prepare?.()));
  const [file, mode] = [process.argv[2]!, (process.argv[3] ?? "scan") as any];
  const text = fs.readFileSync(file, "utf8");
  const o = processText(file, text, mode, { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false })!;
  for (const s of o.sites) console.log(`${s.line}:${s.column} ${s.name} ${s.state} ${s.action} ${s.reason} ctx=${s.context.join(">")}`);
  if (o.skipped) console.log("SKIPPED", o.skipped);
  for (const n of o.plan.notes) console.log("NOTE", n);
  if (mode !== "scan") process.stdout.write("-----\n" + o.after);
})();
