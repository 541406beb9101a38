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
  { id: "M1-no-rollback", file: "src/pipeline/write.ts", old: "  for (const change of done.reverse()) {", new: "  for (const change of [] as FileChange[]) {", tests: ["test/safety/faults.test.ts", "test/safety/bad-input.test.ts"], t: "write|EACCES|revert is undone" },
  { id: "M2-no-compare-before-rename", file: "src/pipeline/write.ts", old: "if (!current.isFile() || !fs.readFileSync(file).equals(expected)) {", new: "if (!current.isFile() || (false && !fs.readFileSync(file).equals(expected))) {", tests: ["test/safety/faults.test.ts"], t: "someone else" },
  { id: "M3-temp-not-exclusive", file: "src/pipeline/write.ts", old: "const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0);", new: "const CREATE_NEW = O_WRONLY | O_CREAT | (O_NOFOLLOW ?? 0);", tests: ["test/safety/faults.test.ts"], t: "not ours" },
  { id: "M4-write-in-place", file: "src/pipeline/write.ts", old: "  const fd = fs.openSync(temp, CREATE_NEW, 0o600);", new: "  if (!fs.readFileSync(file).equals(expected)) throw new ConcurrentChangeError(\"changed\");\n  nodeFs.writeFileSync(file, after); return;", tests: ["test/safety/sigkill.test.ts"], t: "again" },
  { id: "M5-cli-no-failure-summary", file: "src/cli/main.ts", old: "    if (result.failure) {", new: "    if (result.failure && process.env.NEVER_SET) {", tests: ["test/safety/bad-input.test.ts"], t: "real EPERM" },
  { id: "M6-no-per-file-catch", file: "src/index.ts", old: "      record.problems.push({ file: display, message: `${failedToProcess(error)}; skipped` });", new: "      throw error;", tests: ["test/safety/bad-input.test.ts"], t: "nesting" },
  { id: "M7-no-access-check", file: "src/index.ts", old: "(stat.mode & 0o222) === 0 || !writableByUs(file.abs)", new: "(stat.mode & 0o222) === 0", tests: ["test/safety/bad-input.test.ts"], t: "write bits" },
  { id: "M7b-folder-access-unchecked", file: "src/index.ts", old: "    if (writableByUs(path.dirname(file.abs))) return true;", new: "    return true;", tests: ["test/safety/bad-input.test.ts"], t: "folder the user may not write" },
  { id: "M8-no-GIT_SAFE", file: "src/pipeline/git.ts", old: "export const GIT_SAFE = [\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"] as const;", new: "export const GIT_SAFE = [] as const;", tests: ["test/safety/security.test.ts"], t: "no code|nothing is written" },
  { id: "M8b-fsmonitor-allowed", file: "src/pipeline/git.ts", old: "[\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"]", new: "[\"--no-optional-locks\"]", tests: ["test/safety/security.test.ts"], t: "no code" },
  { id: "M8c-optional-locks-allowed", file: "src/pipeline/git.ts", old: "[\"--no-optional-locks\", \"-c\", \"core.fsmonitor=false\"]", new: "[\"-c\", \"core.fsmonitor=false\"]", tests: ["test/safety/security.test.ts"], t: "nothing is written" },
  { id: "M9-loop-message", file: "src/pipeline/discover.ts", old: "const loop = (error as NodeJS.ErrnoException).code === \"ELOOP\";", new: "const loop = false;", tests: ["test/safety/bad-input.test.ts"], t: "loop named" },
  { id: "M10-patch-path-unchecked", file: "src/cli/main.ts", old: "const problem = patches().patchPathProblem(c.patchPath);", new: "const problem = undefined as string | undefined;", tests: ["test/safety/security.test.ts"], t: "patch|newline" },
  { id: "M70-marker-in-any-text", file: "src/marker.ts", old: "  const token = comments.at(start);\n  if (!token) return undefined;", new: "  const token = comments.at(start) ?? { start, end: text[nextLine - 2] === \"\\r\" ? nextLine - 2 : text[nextLine - 1] === \"\\n\" ? nextLine - 1 : nextLine };", tests: ["test/markers.test.ts", "test/property/roundtrip.test.ts"], t: "block comment|triple-quoted|template literal|closes a block comment" },
  { id: "M71-hand-marker-anywhere-in-comment", file: "src/marker.ts", old: "      hand: new RegExp(`^${line}[ \\\\t]*${t}(?::|$)`),", new: "      hand: new RegExp(`^${line}.*${t}`),", tests: ["test/markers.test.ts"], t: "prose" },
  { id: "M72-any-recorded-original", file: "src/marker.ts", old: "    if (!literals.has(entry.original) ||", new: "    if (false ||", tests: ["test/markers.test.ts"], t: "not a boolean literal|not a Python boolean" },
  { id: "M73-shared-names-unchecked", file: "src/pipeline/classify.ts", old: "      if (name !== undefined && name !== markerName(r.name)) return false;", new: "", tests: ["test/markers.test.ts"], t: "same family" },
  { id: "M74-original-off-value-unchecked", file: "src/pipeline/classify.ts", old: "      return original === UNCHANGED || original === language.spell(!enabledValueOf(readFlagName(r.name, extraFlags)!.family));", new: "      return true;", tests: ["test/markers.test.ts"], t: "older marker|reordered|would not switch" },
  { id: "M75-doubtful-names-flipped", file: "src/pipeline/classify.ts", old: "  if (flag.doubt && !markedOn)", new: "  if (false && flag.doubt && !markedOn)", tests: ["test/markers.test.ts"], t: "doubtful" },
  { id: "M76-inline-original-unchecked", file: "src/pipeline/classify.ts", old: "inline?.original === language.spell(!enabledValue) ? inline :", new: "inline ? inline :", tests: ["test/markers.test.ts"], t: "would not switch" },
  { id: "M77-other-tag-line-markers-ignored", file: "src/pipeline/classify.ts", old: "    const other = marker.tag === tag ? {} : { tag: marker.tag };", new: "    if (marker.tag !== tag) continue;\n    const other = {};", tests: ["test/markers.test.ts", "test/e2e/other-tags.test.ts"], t: "another tag|other tag" },
  { id: "M78-other-tag-inline-markers-ignored", file: "src/marker.ts", old: "  return m[1] === tag ? found : { ...found, tag: m[1] };", new: "  return m[1] === tag ? found : undefined;", tests: ["test/markers.test.ts"], t: "another tag" },
  { id: "M85-config-unknown-keys-pass", file: "src/cli/config.ts", old: "if (!(KEYS as readonly string[]).includes(key)) fail(", new: "if (false) fail(", tests: ["test/e2e/config.test.ts"], t: "unknown key" },
  { id: "M86-config-beats-command-line", file: "src/cli/config.ts", old: "command.getOptionValueSource(key) === \"cli\"", new: "false", tests: ["test/e2e/config.test.ts"], t: "command line wins" },
  { id: "M87-extra-flags-not-passed-down", file: "src/pipeline/process.ts", old: "{ audit, comments: mayHoldMarker(body, options.tag), extraFlags: options.extraFlags }", new: "{ audit, comments: mayHoldMarker(body, options.tag) }", tests: ["test/e2e/config.test.ts"], t: "extra name" },
  { id: "M88-extra-flags-missed-by-audit-prefilter", file: "src/index.ts", old: "const flagCandidate = mayHoldFlag(latin1);", new: "const flagCandidate = (!processOptions.audit || hinted) && mayHoldFlag(latin1);", tests: ["test/e2e/config.test.ts"], t: "extra name" },
  { id: "M89-init-replaces-config", file: "src/cli/config.ts", old: "{ flag: \"wx\" }", new: "{ flag: \"w\" }", tests: ["test/e2e/config.test.ts"], t: "never replaces" },
  { id: "M12-owner-not-kept", file: "src/pipeline/write.ts", old: "    fs.fchownSync(fd, stat.uid, stat.gid);", new: "    void fd;", tests: ["test/safety/faults.test.ts"], t: "owner" },
  { id: "M13-follow-symlinks", file: "src/index.ts", old: "fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0)", new: "fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0)", tests: ["test/safety/bad-input.test.ts", "test/e2e/cli.test.ts"], t: "symlink" },
  { id: "M14-tag-grammar-off", file: "src/marker.ts", old: "  if (!TAG_GRAMMAR.test(tag)) {", new: "  if (false) {", tests: ["test/safety/bad-input.test.ts"], t: "tag grammar" },
  { id: "M15-force-removes-value", file: "src/pipeline/plan.ts", old: "edits.push({ ...markerTextRange(text, marker.range, marker.style), text: \"\" });", new: "edits.push({ ...marker.range, text: \"\" });", tests: ["test/safety/bad-input.test.ts"], t: "force" },
  { id: "M16-marker-always-LF", file: "src/pipeline/plan.ts", old: "const eol = markerLineEnding(text, lineStart);", new: "const eol = \"\\n\";", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M17-revert-inline-inexact", file: "src/pipeline/plan.ts", old: "        edits.push({ ...marker.range, text: original });", new: "        edits.push({ ...marker.range, text: original + \" \" });", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M19-require-target-js", file: "src/index.ts", old: "    // The prefilter works on bytes: most files never become strings.", new: "    if (file.abs.endsWith(\".js\")) { try { require(file.abs); } catch {} }\n    // The prefilter works on bytes: most files never become strings.", tests: ["test/safety/security.test.ts"], t: "no code" },
  { id: "M20-temp-in-os-tmpdir", file: "src/pipeline/write.ts", old: "const temp = path.join(path.dirname(file),", new: "const temp = path.join(require(\"node:os\").tmpdir(),", tests: ["test/safety/faults.test.ts", "test/safety/security.test.ts"], t: "where writes go|nothing is written" },
  { id: "M21-bom-ignored", file: "src/pipeline/process.ts", old: "const bom = text.startsWith(BOM) ? BOM : \"\";", new: "const bom = \"\" as string;", tests: ["test/property/roundtrip.test.ts"], t: "generated files", env: {"PROPERTY_RUNS": "1000"} },
  { id: "M22-keep-writing-after-failure", file: "src/pipeline/write.ts", old: "      report.failure = { file: change.abs, message: messageOf(error) };\n      break;", new: "      report.failure ??= { file: change.abs, message: messageOf(error) };\n      continue;", tests: ["test/safety/faults.test.ts"] },
  { id: "M24-unreadable-crashes", file: "src/index.ts", old: "    if (read instanceof Error) return { file, display, sites: [], findings: [], problems: [{ file: display, message: `cannot read: ${read.message}` }] };", new: "    if (read instanceof Error) throw read;", tests: ["test/safety/bad-input.test.ts"], t: "may not read" },
  { id: "M26-big-file-refused", file: "src/index.ts", old: "    // The prefilter works on bytes: most files never become strings.", new: "    if (bytes.length > 20_000_000) throw new Error(\"too big\");\n    // The prefilter works on bytes: most files never become strings.", tests: ["test/safety/bad-input.test.ts"], t: "50 MB" },
  { id: "M28-signals-not-held", file: "src/index.ts", old: "  for (const s of HELD_SIGNALS) process.on(s, hold);", new: "", tests: ["test/safety/sigkill.test.ts"], t: "SIGINT" },
  { id: "M29-deep-files-to-native-parser", file: "src/languages/estree/typescript.ts", old: "nestingEstimate(text) <= DEEP_FOR_NATIVE_PARSER", new: "true", tests: ["test/nesting.test.ts", "test/safety/bad-input.test.ts"], t: "native|nesting" },
  { id: "M50-names-printed-raw", file: "src/render/escape.ts", old: "return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;", new: "return text;", tests: ["test/safety/unscanned-and-output.test.ts"], t: "escaped" },
  { id: "M51-non-utf8-names-dropped", file: "src/pipeline/discover.ts", old: "unscanned.push({ abs: path.join(dir, escapeNameBytes(p)), message: NOT_UTF8_NAME });", new: "void escapeNameBytes;", tests: ["test/safety/unscanned-and-output.test.ts"], t: "UTF-8" },
  { id: "M52-nested-repositories-skipped", file: "src/pipeline/discover.ts", old: "await listFolder(root, nestedTop, nestedTop, outerRel);", new: "void outerRel;", tests: ["test/safety/unscanned-and-output.test.ts"], t: "nested|submodule|holding a repository" },
  { id: "M53-git-folder-warnings-ignored", file: "src/pipeline/discover.ts", old: "/^warning: could not open directory '", new: "/^never: could not open directory '", tests: ["test/safety/unscanned-and-output.test.ts"], t: "PATH_MAX" },
  { id: "M54-walk-folder-error-thrown", file: "src/pipeline/discover.ts", old: "unscanned.push({ abs, message: `folder not scanned: ${folderError(e)}` });", new: "throw e;", tests: ["test/safety/unscanned-and-output.test.ts"], t: "PATH_MAX" },
  { id: "M55-damaged-index-unnamed", file: "src/pipeline/discover.ts", old: "if (trackedRun.status !== 0) throw repositoryError(dir, cwd, trackedRun.stderr);", new: "if (trackedRun.status !== 0) throw new Error(\"git ls-files failed\");", tests: ["test/safety/unscanned-and-output.test.ts"], t: "index" },
  { id: "M56-stream-errors-unhandled", file: "src/render/output.ts", old: "    stream.on(\"error\", (error: NodeJS.ErrnoException) => this.fail(error));", new: "", tests: ["test/safety/unscanned-and-output.test.ts"], t: "stdout" },
  { id: "M57-lone-cr-read-as-is", file: "src/text.ts", old: "  if (!text.includes(\"\\r\")) return undefined;", new: "  if (text) return undefined;", tests: ["test/fixtures.test.ts"], t: "cr-only" },
  { id: "M58-deleted-file-throws", file: "src/index.ts", old: "      const gone = code === \"ENOENT\" || code === \"ENOTDIR\";", new: "      throw error;", tests: ["test/safety/unscanned-and-output.test.ts"], t: "deleted" },
  { id: "M59-marker-line-ending-lf-in-cr-file", file: "src/pipeline/process.ts", old: "e.text.replace(/\\r?\\n/g, ownLineEndingAt(original, e.start))", new: "e.text.replace(/\\r?\\n/g, \"\\n\")", tests: ["test/fixtures.test.ts"], t: "cr-only" },
  { id: "M40-read-through-outside-folder", file: "src/index.ts", old: "    const outside = outsideRoot(file, folders);", new: "    const outside = undefined as string | undefined;", tests: ["test/safety/boundaries.test.ts"], t: "leave the file outside" },
  { id: "M41-no-boundary-check-before-write", file: "src/index.ts", old: "      const outside = outsideRoot(file);\n", new: "      const outside = undefined as string | undefined;\n", tests: ["test/safety/boundaries.test.ts"], t: "swapped" },
  { id: "M42-boundary-lexical-only", file: "src/pipeline/boundary.ts", old: "file.named ? real === allowed : isInside(real, allowed)", new: "true", tests: ["test/safety/boundaries.test.ts"], t: "outside" },
  { id: "M43-patch-target-unchecked", file: "src/cli/main.ts", old: "const problem = patchFileModule().patchTargetProblem(patchFile, Boolean(opts.force), given);", new: "const problem = undefined as string | undefined; void given;", tests: ["test/safety/boundaries.test.ts"], t: "never lands" },
  { id: "M44-patch-write-follows-links", file: "src/pipeline/patch-file.ts", old: "O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW", new: "O_WRONLY | O_CREAT | fs.constants.O_TRUNC", tests: ["test/safety/boundaries.test.ts"], t: "never follows" },
  { id: "M45-git-refusal-read-as-outside-git", file: "src/pipeline/discover.ts", old: "  if (!/not a git repository/i.test(r.stderr)) return { refused: first };", new: "  if (!/not a git repository/i.test(r.stderr)) return {};", tests: ["test/safety/boundaries.test.ts"], t: "dubious" },
  { id: "M45b-broken-git-read-as-outside-git", file: "src/pipeline/discover.ts", old: "  const dotGit = dotGitAbove(dir);\n  return dotGit ? { refused: `${first}", new: "  const dotGit = undefined as string | undefined;\n  return dotGit ? { refused: `${first}", tests: ["test/safety/boundaries.test.ts"], t: "git does not take" },
  { id: "M46-dry-run-without-refusals", file: "src/index.ts", old: "const judged = mode !== \"scan\" && (write || options.preview === true);", new: "const judged = mode !== \"scan\" && write;", tests: ["test/safety/boundaries.test.ts"], t: "dry run shows" },
  { id: "M47-revert-compares-bytes-only", file: "src/index.ts", old: " || storedAsInHead(gitTop, repoPath, after)", new: "", tests: ["test/safety/boundaries.test.ts"], t: "eol=crlf" },
  { id: "M48-filter-driver-runs", file: "src/pipeline/git.ts", old: "const env = driver && ", new: "const env = false && driver && ", tests: ["test/safety/boundaries.test.ts"], t: "filter drivers" },
  { id: "M49-contradictory-closing-line", file: "src/cli/main.ts", old: "  if (found) return `nothing ${verb}", new: "  if (!found) return `nothing ${verb}", tests: ["test/safety/boundaries.test.ts"], t: "closing line" },
  { id: "M30-temp-not-checked-before-rename", file: "src/pipeline/write.ts", old: "    if (!namesOurFile(fs, temp, fd)) {", new: "    if (false) {", tests: ["test/safety/write.test.ts"], t: "symlink" },
  { id: "M31-mode-and-owner-by-path", file: "src/pipeline/write.ts", old: "keepOwner(fs, fd, target);\n    fs.fchmodSync(fd, target.mode & 0o7777);", new: "nodeFs.chownSync(temp, target.uid, target.gid);\n    nodeFs.chmodSync(temp, target.mode & 0o7777);", tests: ["test/safety/write.test.ts"], t: "symlink" },
  { id: "M32-mode-before-owner", file: "src/pipeline/write.ts", old: "keepOwner(fs, fd, target);\n    fs.fchmodSync(fd, target.mode & 0o7777);", new: "fs.fchmodSync(fd, target.mode & 0o7777);\n    keepOwner(fs, fd, target);", tests: ["test/safety/write.test.ts"], t: "setuid" },
  { id: "M33-temp-name-not-shortened", file: "src/pipeline/write.ts", old: "  if (Buffer.byteLength(base) <= room) return base;", new: "  return base;", tests: ["test/safety/write.test.ts"], t: "NAME_MAX" },
  { id: "M34-leftover-without-target-removed", file: "src/pipeline/write.ts", old: "  return found ? { pid: Number(pid) }", new: "  return found || true ? { pid: Number(pid) }", tests: ["test/safety/write.test.ts"], t: "provably ours" },
  { id: "M35-leftover-symlink-removed", file: "src/pipeline/write.ts", old: "if (!st?.isFile()) return { notOurs: \"not a regular file\" };", new: "if (!st) return { notOurs: \"not a regular file\" };", tests: ["test/safety/write.test.ts"], t: "provably ours" },
  { id: "M36-hard-links-split", file: "src/pipeline/write.ts", old: "  if (stat.nlink > 1) {", new: "  if (false) {", tests: ["test/safety/write.test.ts"], t: "hard links" },
  { id: "M36b-xattrs-dropped", file: "src/pipeline/write.ts", old: "  if (xattrs.length > 0) {", new: "  if (false) {", tests: ["test/safety/write.test.ts"], t: "extended attributes" },
  { id: "M37-no-fsync-of-temp", file: "src/pipeline/write.ts", old: "    if (FSYNC) fs.fsyncSync(fd); // the bytes are on disk before the name points at them\n", new: "", tests: ["test/safety/write.test.ts"], t: "durability" },
  { id: "M38-no-fsync-of-folder", file: "src/pipeline/write.ts", old: "    fs.fsyncSync(fd);\n  } catch (error) {\n    if (!", new: "    void fd;\n  } catch (error) {\n    if (!", tests: ["test/safety/write.test.ts"], t: "durability" },
  { id: "M39-swapped-temp-unlinked", file: "src/pipeline/write.ts", old: "    if (ours && namesOurFile(fs, temp, fd)) {", new: "    if (true) {", tests: ["test/safety/write.test.ts"], t: "symlink" },
  { id: "M60-python-finder-asks-parents", file: "src/languages/tree-sitter/python.ts", old: "const inClass = at.parent?.parent?.parent?.type === \"class_definition\";", new: "const inClass = node.parent?.parent?.parent?.type === \"class_definition\";", tests: ["test/adversarial-shapes.test.ts"], t: "asks no node" },
  { id: "M61-later-on-a-line-crosses-lines", file: "src/audit/patterns.ts", old: "if (lineEnd < 0 || next.index < lineEnd) return true;", new: "return true;", tests: ["test/adversarial-shapes.test.ts"], t: "line-long regular" },
  { id: "M62-loop-gate-unbounded", file: "src/audit/loop-gate.ts", old: "    if (i - open > budget) return undefined;\n", new: "", tests: ["test/adversarial-shapes.test.ts"], t: "loop gate" },
  { id: "M63-audit-scope-set-misses-loops", file: "src/audit/python.ts", old: "      if (over) whole.add(over.text);", new: "      void over;", tests: ["test/adversarial-shapes.test.ts"], t: "same findings" },
  { id: "M64-oxc-audit-scope-set-misses-loops", file: "src/audit/typescript-oxc.ts", old: "whole.add(key(n.right));", new: "void n;", tests: ["test/adversarial-shapes.test.ts"], t: "same findings" },
  { id: "M65-marker-inside-continuation", file: "src/languages/tree-sitter/python.ts", old: "  if (lineStart < 2 || text[lineStart - 1] !== \"\\n\") return false;", new: "  return false;", tests: ["test/adversarial-shapes.test.ts"], t: "backslashes" },
  { id: "M66-multi-line-strings-unseen", file: "src/languages/tree-sitter/python.ts", old: "    const list = this.multiLineStrings;", new: "    const list: Range[] = [];", tests: ["test/adversarial-shapes.test.ts"], t: "multi-line string" },
  { id: "M67-long-lines-to-native-parser", file: "src/languages/estree/typescript.ts", old: "    if (stop - start > LONG_LINE_FOR_NATIVE_PARSER) return false;\n", new: "", tests: ["test/adversarial-shapes.test.ts"], t: "long line full" },
  { id: "M80-fingerprint-holds-line-number", file: "src/render/sarif.ts", old: "      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.ruleId, artifact.uri, text, occurrence) },", new: "      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.ruleId, artifact.uri, text + r.line, occurrence) },", tests: ["test/e2e/sarif.test.ts"], t: "fingerprint" },
  { id: "M81-uris-relative-to-cwd", file: "src/render/sarif.ts", old: "    root: gitTop ?? cwd,", new: "    root: cwd,", tests: ["test/e2e/sarif.test.ts"], t: "subfolder" },
  { id: "M82-identical-lines-one-fingerprint", file: "src/render/sarif.ts", old: "    seen.set(key, occurrence + 1);", new: "", tests: ["test/e2e/sarif.test.ts"], t: "identical lines" },
  { id: "M83-action-exit-code-lost", file: "scripts/action-run.mjs", old: "finish(sarifFailed ? Math.max(status, 2) : status);", new: "finish(sarifFailed ? 2 : 0);", tests: ["test/e2e/action.test.ts"], t: "exit 1 on" },
  { id: "M84-json-alias-dropped", file: "src/cli/main.ts", old: "?? (opts.json ? \"json\" : \"text\");", new: "?? \"text\";", tests: ["test/e2e/sarif.test.ts"], t: "still prints JSON" },
  { id: "M90-trial-no-revert-after-failure", file: "src/cli/trial.ts", old: "    const left = restore(changes, options, io);\n    if (left) return 1;\n    if (sites) io.err(", new: "    if (status !== 0) return status;\n    const left = restore(changes, options, io);\n    if (left) return 1;\n    if (sites) io.err(", tests: ["test/e2e/trial.test.ts"], t: "failing command" },
  { id: "M91-trial-signals-not-caught", file: "src/cli/trial.ts", old: "  for (const s of FORWARDED) process.on(s, onSignal);", new: "", tests: ["test/e2e/trial.test.ts"], t: "SIGINT" },
  { id: "M92-interactive-select-ignored", file: "src/index.ts", old: "      const select = options.select;", new: "      const select = undefined as RunOptions[\"select\"];", tests: ["test/e2e/interactive.test.ts"], t: "y writes" },
  { id: "M93-interactive-quit-goes-on", file: "src/cli/interactive.ts", old: "          break ask;", new: "          continue ask;", tests: ["test/e2e/interactive.test.ts"], t: "q stops" },
  { id: "M94-interactive-no-terminal-check", file: "src/cli/main.ts", old: "  if (!process.stdin.isTTY) throw new (api().UsageError)(NEEDS_TERMINAL);", new: "", tests: ["test/e2e/interactive.test.ts"], t: "without a terminal" },
  { id: "M280-cs-compound-assignment-is-a-site", file: "src/languages/tree-sitter/csharp.ts", old: "      if (node.childForFieldName(\"operator\")?.type !== \"=\") return [];\n", new: "", tests: ["test/csharp.test.ts"], t: "compound" },
  { id: "M281-cs-comment-between-equals-and-value", file: "src/languages/tree-sitter/csharp.ts", old: "node.children.filter((c): c is Node => c !== null && !c.isExtra)", new: "node.children.filter((c): c is Node => c !== null)", tests: ["test/fixtures.test.ts"], t: "cs-" },
  { id: "M282-cs-comment-taken-for-argument-value", file: "src/languages/tree-sitter/base.ts", old: "return node.namedChildren.filter((c): c is Node => c !== null && !c.isExtra);", new: "return node.namedChildren.filter((c): c is Node => c !== null);", tests: ["test/fixtures.test.ts"], t: "cs-named" },
  { id: "M283-cs-test-projects-not-tests", file: "src/languages/tree-sitter/csharp.ts", old: "testFile: /(^|\\/)([^/]*Tests|tests?)\\/|(^|\\/)[^/]*Tests\\.cs$/,", new: "testFile: /(^|\\/)tests?\\//,", tests: ["test/csharp.test.ts", "test/fixtures.test.ts"], t: "test file|no-change-cs-test-file" },
  { id: "M284-cs-build-output-scanned", file: "src/languages/tree-sitter/csharp.ts", old: "skipDirs: [\"bin\", \"obj\"],", new: "skipDirs: [],", tests: ["test/csharp.test.ts"], t: "bin/ and obj/" },
  { id: "M285-alias-only-file-missed-by-scan", file: "src/index.ts", old: "[...AUDIT_HINTS, ...PREFILTER_WORDS]", new: "[...AUDIT_HINTS]", tests: ["test/csharp.test.ts"], t: "alias" },
  { id: "M286-cs-default-reason-unsaid", file: "src/languages/tree-sitter/csharp.ts", old: "...(read.valueKind === \"nullish\" && isDefault(found.value) ? { nullishNote: DEFAULT_NOTE } : {}),", new: "", tests: ["test/csharp.test.ts"], t: "default" },
  { id: "M287-cs-cast-not-a-literal", file: "src/languages/tree-sitter/csharp.ts", old: "wrapped: (n) =>", new: "wrapped: (n) => undefined && ", tests: ["test/csharp.test.ts"], t: "cast" },
  { id: "M288-cs-parens-with-marker-not-peeled", file: "src/languages/tree-sitter/base.ts", old: "    const inner = namedChildrenOf(n);\n    if (inner.length !== 1) return n;", new: "    const inner = n.namedChildren;\n    if (inner.length !== 1) return n;", tests: ["test/csharp.test.ts"], t: "parentheses" },
  { id: "M289-cs-alias-not-in-catalog", file: "src/catalog.ts", old: "  [\"AllowParallelCalls\", \"openai\"], // Semantic Kernel FunctionChoiceBehaviorOptions\n", new: "", tests: ["test/csharp.test.ts", "test/fixtures.test.ts"], t: "alias|cs-object" },
  { id: "M291-cs-array-initializer-read-as-entry", file: "src/languages/tree-sitter/csharp.ts", old: "if (node.parent?.type !== \"initializer_expression\" || parts.length !== 2", new: "if (parts.length !== 2", tests: ["test/csharp.test.ts"], t: "stores nothing" },
  { id: "M292-cs-read-with-default-taken-for-setter", file: "src/languages/tree-sitter/csharp.ts", old: "      if (!SETTER.test(calledName(node))) return [];\n", new: "", tests: ["test/csharp.test.ts"], t: "stores nothing" },
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
