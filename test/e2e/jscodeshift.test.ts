// The jscodeshift route: transforms/apply.ts and revert.ts run by jscodeshift's real CLI (child processes, its own
// worker processes) give the same bytes as the toggle-parallel CLI, file by file; the runner counts a file the core
// skips as an error; options arrive through jscodeshift's flags; the compiled transforms match their sources.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, copyTree, snapshot, tempDir, writeTree } from "../helpers/cli";
import { FIXTURES } from "../helpers/fixtures";

const ROOT = path.join(__dirname, "..", "..");
const JSCODESHIFT = path.join(ROOT, "node_modules", "jscodeshift", "bin", "jscodeshift.js");
const TRANSFORMS = path.join(ROOT, "transforms");
const EXTENSIONS = ["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];
const TAG = "kilocode_temp_parallel_tool_calls";

interface RunnerResult {
  code: number;
  stdout: string;
  stderr: string;
  counts: { errors: number; unmodified: number; skipped: number; ok: number };
  /** Files the runner printed as ERR, in sorted order. */
  errorFiles: string[];
}

/** jscodeshift's own CLI, as a user runs it: `.ts` transforms through its Babel hook, `.js` ones with --no-babel. */
function jscodeshift(cwd: string, transform: "apply" | "revert", babel: boolean, ...extra: string[]): RunnerResult {
  const file = path.join(TRANSFORMS, `${transform}.${babel ? "ts" : "js"}`);
  const args = [JSCODESHIFT, "-t", file, "--parser=tsx", `--extensions=${EXTENSIONS.join(",")}`, ...(babel ? [] : ["--no-babel"]), ...extra];
  const r = spawnSync(process.execPath, [...args, "."], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
  const stdout = r.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const count = (label: string) => Number(new RegExp(`^(\\d+) ${label}$`, "m").exec(stdout)?.[1] ?? NaN);
  return {
    code: r.status ?? -1,
    stdout,
    stderr: r.stderr,
    counts: { errors: count("errors"), unmodified: count("unmodified"), skipped: count("skipped"), ok: count("ok") },
    errorFiles: [...stdout.matchAll(/^\s*ERR (\S+) /gm)].map((m) => m[1]!).sort(),
  };
}

/** Files the CLI reported on stderr ("file:line:col: message" or "file: message"), in sorted order. */
function cliProblemFiles(stderr: string): string[] {
  return [...new Set([...stderr.matchAll(/^([^:\s]+)(?::\d+:\d+)?: /gm)].map((m) => m[1]!))].sort();
}

function expectSameBytes(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const differing = [...expected.keys()].filter((k) => !actual.get(k)!.equals(expected.get(k)!));
  expect(differing, "files whose bytes differ between the jscodeshift route and the CLI").toEqual([]);
}

function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  return [...before.keys()].filter((k) => !before.get(k)!.equals(after.get(k)!)).sort();
}

/**
 * Every TS/JS fixture input (the input only: the output is what both routes must agree on), the miniature KiloCode
 * tree, and files both routes must leave alone: build output, node_modules, a declaration file, a link, bytes that are
 * not UTF-8, and a syntax error.
 */
function sourceTree(): string {
  const dir = tempDir("tp-jscs-");
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    const from = path.join(FIXTURES, name);
    if (!fs.statSync(from).isDirectory()) continue;
    const inputs = fs.readdirSync(from).filter((f) => f.startsWith("input.") && EXTENSIONS.includes(f.split(".").pop()!));
    if (name === "kilocode-miniature") copyTree(from, path.join(dir, name));
    for (const input of inputs) {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      fs.copyFileSync(path.join(from, input), path.join(dir, name, input));
    }
  }
  const disabled = "export const body = { model: 'm', parallel_tool_calls: false };\n";
  writeTree(dir, {
    "extra/node_modules/some-sdk/index.js": disabled,
    "extra/dist/bundle.js": disabled,
    "extra/types.d.ts": "export declare const parallelToolCallsEnabled: false;\n",
    "extra/target.ts": disabled,
    "extra/not-utf8.ts": Buffer.concat([Buffer.from("export const o = { parallel_tool_calls: false }; // caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
    "extra/broken.ts": "export const o = { parallel_tool_calls: false,\n",
  });
  fs.symlinkSync("target.ts", path.join(dir, "extra", "link.ts"));
  return dir;
}

interface Route {
  tree: string;
  apply: RunnerResult;
  applied: Map<string, Buffer>;
  revert: RunnerResult;
  reverted: Map<string, Buffer>;
}

describe("jscodeshift route over every TS/JS fixture: the same bytes as the CLI", () => {
  let original: Map<string, Buffer>;
  let cliApply: ReturnType<typeof cli>;
  let cliApplied: Map<string, Buffer>;
  let cliRevert: ReturnType<typeof cli>;
  let cliReverted: Map<string, Buffer>;
  const routes: Record<"ts" | "js", Route> = {} as Record<"ts" | "js", Route>;

  beforeAll(() => {
    const source = sourceTree();
    original = snapshot(source);
    const copy = (prefix: string) => {
      const to = tempDir(prefix);
      fs.cpSync(source, to, { recursive: true, verbatimSymlinks: true });
      return to;
    };
    const cliTree = copy("tp-jscs-cli-");
    cliApply = cli(cliTree, "apply", "--allow-dirty", ".");
    cliApplied = snapshot(cliTree);
    cliRevert = cli(cliTree, "revert", "--allow-dirty", ".");
    cliReverted = snapshot(cliTree);
    for (const kind of ["ts", "js"] as const) {
      const tree = copy(`tp-jscs-${kind}-`);
      const apply = jscodeshift(tree, "apply", kind === "ts");
      const applied = snapshot(tree);
      const revert = jscodeshift(tree, "revert", kind === "ts");
      routes[kind] = { tree, apply, applied, revert, reverted: snapshot(tree) };
    }
  }, 120_000);

  it("the CLI switches sites in many files and reverts them exactly (so the comparison means something)", () => {
    expect(changedFiles(original, cliApplied).length).toBeGreaterThan(15);
    expect(cliApply.code).toBe(1); // extra/broken.ts and extra/not-utf8.ts are reported
    expect(cliRevert.code).toBe(1);
    // Files that held a marker before apply (already applied) are reverted too; every other file is back as it was.
    expect(changedFiles(original, cliReverted)).toEqual(["no-change-already-applied/input.ts"]);
  });

  for (const kind of ["ts", "js"] as const) {
    const how = kind === "ts" ? "transforms/*.ts through jscodeshift's Babel hook" : "transforms/*.js with --no-babel";
    describe(how, () => {
      it("apply: every file has the CLI's bytes", () => {
        expect(routes[kind].apply.stderr).toBe("");
        expectSameBytes(routes[kind].applied, cliApplied);
      });

      it("apply: the runner counts each changed file ok and each file the CLI reports as an error", () => {
        const { counts, errorFiles } = routes[kind].apply;
        expect(counts.ok).toBe(changedFiles(original, cliApplied).length);
        expect(errorFiles).toEqual(cliProblemFiles(cliApply.stderr));
        expect(errorFiles).toEqual(["extra/broken.ts", "extra/not-utf8.ts"]);
        expect(counts.errors).toBe(2);
      });

      it("revert: every file has the CLI's bytes", () => {
        expect(routes[kind].revert.stderr).toBe("");
        expectSameBytes(routes[kind].reverted, cliReverted);
        expect(routes[kind].revert.counts.ok).toBe(changedFiles(cliApplied, cliReverted).length);
        expect(routes[kind].revert.errorFiles).toEqual(cliProblemFiles(cliRevert.stderr));
      });
    });
  }
});
