// The README's shown runs are real runs: each block that shows `$ npx toggle-parallel ...` is either run here on a
// fresh copy of examples/ and compared with what it shows, or marked as a run recorded on another repository.
//
// The rules (README.md keeps to them):
// - A run block is a fenced block whose first line starts with `$ npx toggle-parallel `. The nearest non-blank line
//   above its fence must be one of:
//     <!-- doc-test -->            run here; exit code 0 expected
//     <!-- doc-test: exit=N -->    run here; exit code N expected
//     <!-- recorded: OWNER/REPO@COMMIT ... -->   a run on another repository, shown as recorded; not run
//   A run block with neither marker fails this test, so no new block goes untested by oversight.
// - The command is the rest of the first line, split on spaces (no quoting; a `# comment` is cut off). It runs with
//   the built CLI, NO_COLOR set and stdout not a terminal, in a temporary git repository holding a copy of the
//   repository's examples/ as one commit, so apply and revert runs never touch this repository.
// - The block shows stdout, then stderr, as a terminal shows a run whose stdout lines all come first (every command
//   ends with its closing line on stderr).
// - Normalized, on both sides: timings (`0.18 s`, any `<digits>.<2 digits> s`), which vary from run to run.
// - A line of exactly `...` stands for one or more lines of the real output cut from the README.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, git, tempDir, NODE_ARGS } from "../helpers/cli";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const COMMAND = "$ npx toggle-parallel ";

interface RunBlock {
  /** 1-based line of the command in README.md, for the failure message. */
  line: number;
  command: string;
  /** The lines after the command, up to the closing fence. */
  shown: string[];
  marker: { kind: "doc-test"; exit: number } | { kind: "recorded"; source: string } | { kind: "none"; text: string };
}

export function runBlocks(markdown: string): RunBlock[] {
  const lines = markdown.split("\n");
  const blocks: RunBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) break;
    const body = lines.slice(i + 1, end);
    if (body[0]?.startsWith(COMMAND)) {
      let above = i - 1;
      while (above >= 0 && lines[above]!.trim() === "") above--;
      blocks.push({ line: i + 2, command: body[0], shown: body.slice(1), marker: readMarker(lines[above] ?? "") });
    }
    i = end;
  }
  return blocks;
}

function readMarker(line: string): RunBlock["marker"] {
  const test = /^<!-- doc-test(?::\s*exit=(\d+))?\s*-->$/.exec(line.trim());
  if (test) return { kind: "doc-test", exit: Number(test[1] ?? 0) };
  const recorded = /^<!-- recorded: ([\w.-]+\/[\w.-]+@[0-9a-f]{7,40})\b.*-->$/.exec(line.trim());
  if (recorded) return { kind: "recorded", source: recorded[1]! };
  return { kind: "none", text: line };
}

const normalize = (line: string): string => line.replace(/\b\d+\.\d\d s\b/g, "#.## s");

/** Whether the shown lines match the real ones, `...` standing for one or more real lines. */
export function matches(shown: readonly string[], real: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const at = (s: number, r: number): boolean => {
    const key = `${s},${r}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok: boolean;
    if (s === shown.length) ok = r === real.length;
    else if (shown[s] === "...") {
      ok = false;
      for (let next = r + 1; next <= real.length && !ok; next++) ok = at(s + 1, next);
    } else ok = r < real.length && normalize(shown[s]!) === normalize(real[r]!) && at(s + 1, r + 1);
    memo.set(key, ok);
    return ok;
  };
  return at(0, 0);
}

function examplesRepo(): string {
  const dir = tempDir("tp-readme-");
  fs.cpSync(path.join(ROOT, "examples"), path.join(dir, "examples"), { recursive: true });
  git(dir, "init", "-q");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "examples");
  return dir;
}

function run(command: string): { code: number; lines: string[] } {
  const args = command
    .slice(COMMAND.length)
    .replace(/\s+#.*$/, "")
    .trim()
    .split(/\s+/);
  const r = spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], {
    cwd: examplesRepo(),
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  const text = r.stdout + r.stderr;
  return { code: r.status ?? -1, lines: text.replace(/\n$/, "").split("\n") };
}

const blocks = runBlocks(README);

describe("README output blocks", () => {
  it("README shows runs, and each is marked doc-test or recorded (with the repository and commit)", () => {
    expect(blocks.filter((b) => b.marker.kind === "doc-test").length).toBeGreaterThanOrEqual(3);
    const unmarked = blocks.filter((b) => b.marker.kind === "none").map((b) => `README.md:${b.line}: ${b.command}`);
    expect(unmarked).toEqual([]);
  });

  for (const block of blocks.filter((b) => b.marker.kind === "doc-test")) {
    it(`README.md:${block.line}: ${block.command.slice(2)}`, () => {
      const { code, lines } = run(block.command);
      const shown = block.shown.join("\n");
      // On a mismatch, the whole real output is shown next to the block, ready to paste.
      if (!matches(block.shown, lines)) expect(`${shown}\n`).toBe(`${lines.join("\n")}\n`);
      expect(code).toBe((block.marker as { exit: number }).exit);
    });
  }
});

describe("the doc test's rules", () => {
  const real = ["a 0.18 s", "b", "c", "d"];
  it("timings are normalized; every other character counts", () => {
    expect(matches(["a 1.25 s", "b", "c", "d"], real)).toBe(true);
    expect(matches(["a 0.18 s", "b", "C", "d"], real)).toBe(false);
    expect(matches(["a 0.18 s", "b", "c"], real)).toBe(false);
    expect(matches(["a 0.18 s", "b", "c", "d", "e"], real)).toBe(false);
  });
  it("`...` stands for one or more lines, never none", () => {
    expect(matches(["a 0.18 s", "...", "d"], real)).toBe(true);
    expect(matches(["a 0.18 s", "..."], real)).toBe(true);
    expect(matches(["a 0.18 s", "b", "c", "...", "d"], real)).toBe(false);
    expect(matches(["...", "c", "x"], real)).toBe(false);
  });
  it("a README line that drifts from the real run fails its block", () => {
    const block = blocks.find((b) => b.marker.kind === "doc-test" && b.command.includes("scan examples"))!;
    const { lines } = run(block.command);
    expect(matches(block.shown, lines)).toBe(true);
    const drifted = block.shown.map((l) => l.replace("7 to switch on", "6 to switch on"));
    expect(drifted).not.toEqual(block.shown);
    expect(matches(drifted, lines)).toBe(false);
  });
  it("markers are read: doc-test with an exit code, recorded with its repository and commit, anything else none", () => {
    const md = [
      "<!-- doc-test: exit=1 -->",
      "```",
      "$ npx toggle-parallel audit x",
      "```",
      "",
      "<!-- recorded: a/b@1234567 -->",
      "",
      "```",
      "$ npx toggle-parallel scan .",
      "```",
      "text",
      "```",
      "$ npx toggle-parallel check",
      "```",
    ].join("\n");
    expect(runBlocks(md).map((b) => b.marker)).toEqual([
      { kind: "doc-test", exit: 1 },
      { kind: "recorded", source: "a/b@1234567" },
      { kind: "none", text: "text" },
    ]);
  });
});
