#!/usr/bin/env node
// Breaks each safety guarantee on purpose, one at a time, and checks that the test named for it fails.
// Each entry replaces one piece of src/ (a mutation), rebuilds dist/, runs the given tests, and puts the source back.
//
//   node test/safety/break-each.mjs            every mutation (about 3 minutes)
//   node test/safety/break-each.mjs M2 M8b     only these (by id, or id prefix up to its dash)
//
// Exit 1 if a mutation did not apply (the source moved: update the entry) or if its tests still passed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const MUTATIONS = [
  { id: "M1-no-rollback", file: "src/write.ts", old: "  for (const change of done.reverse()) {", new: "  for (const change of [] as FileChange[]) {", tests: ["test/safety/faults.test.ts", "test/safety/bad-input.test.ts"], t: "write|EACCES|revert is undone" },
  { id: "M2-no-compare-before-rename", file: "src/write.ts", old: "if (!fs.readFileSync(file).equals(expected)) {", new: "if (false && !fs.readFileSync(file).equals(expected)) {", tests: ["test/safety/faults.test.ts"], t: "someone else" },
  { id: "M3-unlink-temp-that-is-not-ours", file: "src/write.ts", old: "\"EEXIST\") ours = false", new: "\"EEXIST\") ours = true", tests: ["test/safety/faults.test.ts"] },
  { id: "M4-write-in-place", file: "src/write.ts", old: "    fs.writeFileSync(temp, after, { mode, flag: \"wx\" });", new: "    if (!fs.readFileSync(file).equals(expected)) throw new ConcurrentChangeError(\"changed\");\n    fs.writeFileSync(file, after, { mode, flag: \"w\" }); return;", tests: ["test/safety/sigkill.test.ts"], t: "again" },
  { id: "M5-cli-no-failure-summary", file: "src/cli.ts", old: "    if (result.failure) {", new: "    if (result.failure && process.env.NEVER_SET) {", tests: ["test/safety/bad-input.test.ts"], t: "real EACCES" },
  { id: "M6-no-per-file-catch", file: "src/index.ts", old: "      record.problems.push({ file: display, message: `${failedToProcess(error)}; skipped` });", new: "      throw error;", tests: ["test/safety/bad-input.test.ts"], t: "nesting" },
  { id: "M7-no-access-check", file: "src/index.ts", old: " && writableByUs(file.abs)) return true;", new: ") return true;", tests: ["test/safety/bad-input.test.ts"], t: "write bits" },
  { id: "M8-no-GIT_SAFE", file: "src/git.ts", old: "export const GIT_SAFE = [\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"] as const;", new: "export const GIT_SAFE = [] as const;", tests: ["test/safety/security.test.ts"], t: "no code|nothing is written" },
  { id: "M8b-fsmonitor-allowed", file: "src/git.ts", old: "[\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"]", new: "[\"--no-optional-locks\"]", tests: ["test/safety/security.test.ts"], t: "no code" },
  { id: "M8c-optional-locks-allowed", file: "src/git.ts", old: "[\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"]", new: "[\"-c\", \"core.fsmonitor=false\"]", tests: ["test/safety/security.test.ts"], t: "nothing is written" },
  { id: "M9-loop-message", file: "src/discover.ts", old: "const loop = (error as NodeJS.ErrnoException).code === \"ELOOP\";", new: "const loop = false;", tests: ["test/safety/bad-input.test.ts"], t: "loop named" },
  { id: "M10-patch-path-unchecked", file: "src/cli.ts", old: "const problem = patches().patchPathProblem(c.patchPath);", new: "const problem = undefined as string | undefined;", tests: ["test/safety/security.test.ts"], t: "patch|newline" },
  { id: "M11-marker-inside-string", file: "src/classify.ts", old: "    if (strings.some((s) => s.start <= at && at < s.end)) continue;", new: "    if (false) continue;", tests: ["test/property/roundtrip.test.ts"], t: "tag text" },
  { id: "M12-owner-not-kept", file: "src/write.ts", old: "    fs.chownSync(temp, stat.uid, stat.gid);", new: "    void temp;", tests: ["test/safety/faults.test.ts"], t: "owner" },
  { id: "M13-follow-symlinks", file: "src/index.ts", old: "fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0)", new: "fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0)", tests: ["test/safety/bad-input.test.ts", "test/e2e/cli.test.ts"], t: "symlink" },
  { id: "M14-tag-grammar-off", file: "src/marker.ts", old: "  if (!TAG_GRAMMAR.test(tag)) {", new: "  if (false) {", tests: ["test/safety/bad-input.test.ts"], t: "tag grammar" },
  { id: "M15-force-removes-value", file: "src/plan.ts", old: "edits.push({ ...markerTextRange(text, marker.range, marker.style), text: \"\" });", new: "edits.push({ ...marker.range, text: \"\" });", tests: ["test/safety/bad-input.test.ts"], t: "force" },
  { id: "M16-marker-always-LF", file: "src/plan.ts", old: "const eol = markerLineEnding(text, lineStart);", new: "const eol = \"\\n\";", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M17-revert-inline-inexact", file: "src/plan.ts", old: "        edits.push({ ...marker.range, text: original });", new: "        edits.push({ ...marker.range, text: original + \" \" });", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M19-require-target-js", file: "src/index.ts", old: "    // The prefilter works on bytes: most files never become strings.", new: "    if (file.abs.endsWith(\".js\")) { try { require(file.abs); } catch {} }\n    // The prefilter works on bytes: most files never become strings.", tests: ["test/safety/security.test.ts"], t: "no code" },
  { id: "M20-temp-in-os-tmpdir", file: "src/write.ts", old: "const temp = path.join(path.dirname(file),", new: "const temp = path.join(require(\"node:os\").tmpdir(),", tests: ["test/safety/faults.test.ts", "test/safety/security.test.ts"], t: "where writes go|nothing is written" },
  { id: "M21-bom-ignored", file: "src/process.ts", old: "const bom = text.startsWith(BOM) ? BOM : \"\";", new: "const bom = \"\" as string;", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M22-keep-writing-after-failure", file: "src/write.ts", old: "      report.failure = { file: change.abs, message: messageOf(error) };\n      break;", new: "      report.failure ??= { file: change.abs, message: messageOf(error) };\n      continue;", tests: ["test/safety/faults.test.ts"] },
  { id: "M24-unreadable-crashes", file: "src/index.ts", old: "    if (read instanceof Error) return { file, display, sites: [], findings: [], problems: [{ file: display, message: `cannot read: ${read.message}` }] };", new: "    if (read instanceof Error) throw read;", tests: ["test/safety/bad-input.test.ts"], t: "may not read" },
  { id: "M26-big-file-refused", file: "src/index.ts", old: "    // The prefilter works on bytes: most files never become strings.", new: "    if (bytes.length > 20_000_000) throw new Error(\"too big\");\n    // The prefilter works on bytes: most files never become strings.", tests: ["test/safety/bad-input.test.ts"], t: "50 MB" },
  { id: "M28-signals-not-held", file: "src/index.ts", old: "  for (const s of HELD_SIGNALS) process.on(s, hold);", new: "", tests: ["test/safety/sigkill.test.ts"], t: "SIGINT" },
  { id: "M29-deep-files-to-native-parser", file: "src/languages/typescript.ts", old: "nestingEstimate(text) <= DEEP_FOR_NATIVE_PARSER", new: "true", tests: ["test/nesting.test.ts", "test/safety/bad-input.test.ts"], t: "native|nesting" },
  { id: "M60-python-finder-asks-parents", file: "src/languages/python.ts", old: "const inClass = at.parent?.parent?.parent?.type === \"class_definition\";", new: "const inClass = node.parent?.parent?.parent?.type === \"class_definition\";", tests: ["test/adversarial-shapes.test.ts"], t: "asks no node" },
  { id: "M61-later-on-a-line-crosses-lines", file: "src/audit/patterns.ts", old: "if (lineEnd < 0 || next.index < lineEnd) return true;", new: "return true;", tests: ["test/adversarial-shapes.test.ts"], t: "line-long regular" },
  { id: "M62-loop-gate-unbounded", file: "src/audit/loop-gate.ts", old: "    if (i - open > budget) return undefined;\n", new: "", tests: ["test/adversarial-shapes.test.ts"], t: "loop gate" },
  { id: "M63-audit-scope-set-misses-loops", file: "src/audit/python.ts", old: "      if (over) whole.add(over.text);", new: "      void over;", tests: ["test/adversarial-shapes.test.ts"], t: "same findings" },
  { id: "M64-oxc-audit-scope-set-misses-loops", file: "src/audit/typescript-oxc.ts", old: "whole.add(key(n.right));", new: "void n;", tests: ["test/adversarial-shapes.test.ts"], t: "same findings" },
  { id: "M65-marker-inside-continuation", file: "src/languages/python.ts", old: "  if (lineStart < 2 || text[lineStart - 1] !== \"\\n\") return false;", new: "  return false;", tests: ["test/adversarial-shapes.test.ts"], t: "backslashes" },
  { id: "M66-multi-line-strings-unseen", file: "src/languages/python.ts", old: "    const list = this.multiLineStrings;", new: "    const list: Range[] = [];", tests: ["test/adversarial-shapes.test.ts"], t: "multi-line string" },
  { id: "M67-long-lines-to-native-parser", file: "src/languages/typescript.ts", old: "    if (stop - start > LONG_LINE_FOR_NATIVE_PARSER) return false;\n", new: "", tests: ["test/adversarial-shapes.test.ts"], t: "long line full" },
];

const only = process.argv.slice(2);
let bad = 0;
for (const m of MUTATIONS) {
  if (only.length && !only.some((p) => m.id === p || m.id.startsWith(`${p}-`))) continue;
  const file = path.join(ROOT, m.file);
  const source = fs.readFileSync(file, "utf8");
  if (!source.includes(m.old)) {
    console.log(`${m.id}: DID NOT APPLY (${m.file} changed; update the entry)`);
    bad++;
    continue;
  }
  fs.writeFileSync(file, source.replace(m.old, m.new));
  try {
    spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, encoding: "utf8" }); // emits even with type errors
    const args = ["vitest", "run", ...m.tests, ...(m.t ? ["-t", m.t] : [])];
    const r = spawnSync("npx", args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...m.env } });
    const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
    const failed = out.split("\n").filter((l) => l.trim().startsWith("\u00d7")).map((l) => l.trim().replace(/ \d+ms$/, ""));
    if (r.status === 0) bad++;
    console.log(`${m.id}: ${r.status === 0 ? "STILL PASSES (the guarantee is not tested)" : `caught by ${failed.length} test(s)`}`);
    for (const f of failed.slice(0, 4)) console.log(`    ${f}`);
  } finally {
    fs.writeFileSync(file, source);
  }
}
spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT });
process.exitCode = bad ? 1 : 0;
