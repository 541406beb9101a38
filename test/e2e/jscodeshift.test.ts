// The jscodeshift route: transforms/apply.ts and revert.ts run by jscodeshift's real CLI (child processes, its own
// worker processes) give the same bytes as the toggle-parallel CLI, file by file; the runner counts a file the core
// skips as an error; options arrive through jscodeshift's flags; the compiled transforms match their sources.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, copyTree, gitRepo, snapshot, tempDir, writeTree } from "../helpers/cli";
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
  const args = [
    JSCODESHIFT,
    "-t",
    file,
    "--parser=tsx",
    `--extensions=${EXTENSIONS.join(",")}`,
    ...(babel ? [] : ["--no-babel"]),
    ...extra,
  ];
  const r = spawnSync(process.execPath, [...args, "."], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  // eslint-disable-next-line no-control-regex -- an ANSI color code starts with ESC
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
    const inputs = fs
      .readdirSync(from)
      .filter((f) => f.startsWith("input.") && EXTENSIONS.includes(f.split(".").pop()!));
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
    "extra/not-utf8.ts": Buffer.concat([
      Buffer.from("export const o = { parallel_tool_calls: false }; // caf"),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]),
    "extra/broken.ts": "export const o = { parallel_tool_calls: false,\n",
  });
  fs.symlinkSync("target.ts", path.join(dir, "extra", "link.ts"));
  // jscodeshift follows a linked directory; neither route may edit through it (the CLI does not follow links).
  fs.symlinkSync(OUTSIDE, path.join(dir, "extra", "outside"));
  return dir;
}

/** A directory outside every tree, linked from each: what it holds must never change. */
const OUTSIDE = tempDir("tp-jscs-outside-");
const OUTSIDE_SOURCE = "export const body = { parallel_tool_calls: false };\n";
fs.writeFileSync(path.join(OUTSIDE, "agent.ts"), OUTSIDE_SOURCE);

interface Route {
  tree: string;
  apply: RunnerResult;
  applied: Map<string, Buffer>;
  /** The linked file outside the tree, right after apply. */
  outsideAfterApply: string;
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
      const outsideAfterApply = fs.readFileSync(path.join(OUTSIDE, "agent.ts"), "utf8");
      const revert = jscodeshift(tree, "revert", kind === "ts");
      routes[kind] = { tree, apply, applied, outsideAfterApply, revert, reverted: snapshot(tree) };
    }
  }, 120_000);

  it("the CLI switches sites in many files and reverts them exactly (so the comparison means something)", () => {
    expect(changedFiles(original, cliApplied).length).toBeGreaterThan(15);
    expect(cliApply.code).toBe(1); // extra/broken.ts and extra/not-utf8.ts are reported
    expect(cliRevert.code).toBe(1);
    // Files that held a marker before apply (already applied) are reverted too; every other file is back as it was.
    expect(changedFiles(original, cliReverted)).toEqual(["no-change-already-applied/input.ts"]);
  });

  it("a directory linked from the tree is not followed by either route", () => {
    expect(routes.ts.outsideAfterApply).toBe(OUTSIDE_SOURCE);
    expect(routes.js.outsideAfterApply).toBe(OUTSIDE_SOURCE);
    expect(fs.readFileSync(path.join(OUTSIDE, "agent.ts"), "utf8")).toBe(OUTSIDE_SOURCE);
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

describe("jscodeshift runner summary", () => {
  const disabled = "export const body = { model: 'm', parallel_tool_calls: false };\n";
  let tree: string;
  let dry: RunnerResult;
  let apply: RunnerResult;
  let revert: RunnerResult;
  let afterApply: Map<string, Buffer>;
  let original: Map<string, Buffer>;

  beforeAll(() => {
    tree = tempDir("tp-jscs-counts-");
    writeTree(tree, {
      "src/switch.ts": disabled, // ok
      "src/already-on.ts": "export const body = { parallel_tool_calls: true };\n", // unmodified: parsed, nothing to do
      "src/__tests__/agent.test.ts": disabled, // unmodified: a test file (no --includeTests)
      "src/orphan.ts": "// toggle-parallel: was false\nexport const x = 1;\n", // apply: skipped (no flag); revert: unmodified, reported
      "src/plain.ts": "export const x = 1;\n", // skipped: never mentions the flag
      "node_modules/sdk/index.js": disabled, // skipped: the CLI never visits node_modules
      "src/broken.ts": "export const body = { parallel_tool_calls: false,\n", // error: syntax error
      "src/locked.ts": disabled, // apply: error, read-only; revert: unmodified
    });
    fs.chmodSync(path.join(tree, "src/locked.ts"), 0o444);
    original = snapshot(tree);
    dry = jscodeshift(tree, "apply", false, "--dry", "--fail-on-error");
    apply = jscodeshift(tree, "apply", false, "--fail-on-error");
    afterApply = snapshot(tree);
    revert = jscodeshift(tree, "revert", false);
  }, 60_000);

  it("apply counts ok, unmodified, skipped and errors", () => {
    expect(apply.counts).toEqual({ ok: 1, unmodified: 2, skipped: 3, errors: 2 });
    expect(changedFiles(original, afterApply)).toEqual(["src/switch.ts"]);
  });

  it("a syntax error is an error with file:line:col, and --fail-on-error exits 1", () => {
    expect(apply.errorFiles).toEqual(["src/broken.ts", "src/locked.ts"]);
    expect(apply.stdout).toMatch(
      /ERR src\/broken\.ts Transformation error \(src\/broken\.ts:2:1: syntax error: .+; skipped\)/,
    );
    expect(apply.stdout).toContain("src/locked.ts: read-only file; not changed");
    expect(apply.code).toBe(1);
  });

  it("--dry writes nothing and counts the sites in jscodeshift's stats", () => {
    expect(dry.counts).toEqual(apply.counts);
    expect(dry.stdout).toMatch(/^sites switched on: 1$/m);
  });

  it("revert restores the file, and reports a marker it cannot restore", () => {
    expect(revert.counts).toEqual({ ok: 1, unmodified: 4, skipped: 2, errors: 1 });
    expect(snapshot(tree)).toEqual(original);
    expect(revert.stdout).toMatch(/REP src\/orphan\.ts 1:1: marker toggle-parallel is not next to a switch/);
  });
});

describe("jscodeshift route inside a git repository", () => {
  const disabled = "export const body = { parallel_tool_calls: false };\n";
  let repo: string;
  beforeAll(() => {
    repo = gitRepo({ ".gitignore": "generated/\n", "src/agent.ts": disabled, "spec/helpers.ts": disabled });
    writeTree(repo, { "generated/client.ts": disabled }); // untracked and ignored: the CLI never lists it
  });

  it("leaves git-ignored files alone and judges test files by their path in the repository, like the CLI", () => {
    const viaCli = tempDir("tp-jscs-git-cli-");
    const viaRunner = tempDir("tp-jscs-git-run-");
    for (const to of [viaCli, viaRunner]) fs.cpSync(repo, to, { recursive: true });
    const before = snapshot(viaCli);
    expect(cli(viaCli, "apply", ".").code).toBe(0);
    const r = jscodeshift(viaRunner, "apply", false, "--run-in-band");
    expectSameBytes(snapshot(viaRunner), snapshot(viaCli));
    expect(changedFiles(before, snapshot(viaCli))).toEqual(["src/agent.ts"]);
    expect(r.counts).toMatchObject({ ok: 1, errors: 0 });

    // From a subfolder, spec/helpers.ts is still "spec/helpers.ts": a test file, left alone.
    const inSpec = jscodeshift(path.join(viaRunner, "spec"), "apply", false, "--run-in-band");
    expect(inSpec.counts).toMatchObject({ ok: 0, unmodified: 1, errors: 0 });
  }, 30_000);
});

describe("jscodeshift flags reach the transform as the CLI's options", () => {
  let source: string;
  beforeAll(() => {
    source = sourceTree();
  });

  it("--marker=TAG --includeTests=true --includeDefaults=true, then revert --marker=TAG: the CLI's bytes each time", () => {
    const viaCli = tempDir("tp-jscs-opt-cli-");
    const viaRunner = tempDir("tp-jscs-opt-run-");
    for (const to of [viaCli, viaRunner]) fs.cpSync(source, to, { recursive: true, verbatimSymlinks: true });
    const before = snapshot(viaCli);

    cli(viaCli, "apply", "--allow-dirty", "--marker", TAG, "--include-tests", "--include-defaults", ".");
    const cliApplied = snapshot(viaCli);
    jscodeshift(viaRunner, "apply", true, `--marker=${TAG}`, "--includeTests=true", "--includeDefaults=true");
    expectSameBytes(snapshot(viaRunner), cliApplied);
    // The options mattered: a test file and a ?? fallback were switched, under the custom tag.
    const changed = changedFiles(before, cliApplied);
    expect(changed).toContain("ts-test-file-include-tests/input.test.ts");
    expect(changed).toContain("ts-nullish-fallback-include-defaults/input.ts");
    expect(cliApplied.get("ts-test-file-include-tests/input.test.ts")!.toString()).toContain(TAG);

    cli(viaCli, "revert", "--allow-dirty", "--marker", TAG, ".");
    jscodeshift(viaRunner, "revert", false, "--marker", TAG);
    const cliReverted = snapshot(viaCli);
    expectSameBytes(snapshot(viaRunner), cliReverted);
    // The hand-written marker of that fixture uses this tag: revert restored it too.
    expect(changedFiles(before, cliReverted)).toContain("revert-hand-written-marker/input.ts");
  }, 60_000);

  describe("a flag the transform cannot use stops every candidate file with a message", () => {
    let tree: string;
    beforeAll(() => {
      tree = tempDir("tp-jscs-bad-");
      writeTree(tree, { "src/a.ts": "export const body = { parallel_tool_calls: false };\n" });
    });
    const cases: Array<[string, string[], RegExp]> = [
      [
        "a boolean flag followed by a word (jscodeshift takes the word as its value)",
        ["--includeTests", "src"],
        /--includeTests got the value "src"/,
      ],
      ["a marker tag outside the grammar", ["--marker=not a tag"], /invalid marker tag "not a tag"/],
      ["--marker without a value", ["--marker", "--run-in-band"], /--marker needs a value/],
      ["--tag instead of --marker", ["--tag=x"], /the marker tag is given as --marker=TAG/],
    ];
    for (const [what, flags, message] of cases) {
      it(what, () => {
        const r = jscodeshift(tree, "apply", false, "--run-in-band", ...flags);
        expect(r.counts.errors).toBe(1);
        expect(r.stdout).toMatch(message);
        expect(fs.readFileSync(path.join(tree, "src/a.ts"), "utf8")).toContain("parallel_tool_calls: false");
      });
    }
  });
});

describe("shipped transforms", () => {
  it("the compiled transforms/*.js are what tsc makes of transforms/*.ts (run npm run build if not)", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, "tsconfig.transforms.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    expect(config.fileNames.map((f) => path.basename(f)).sort()).toEqual(["apply.ts", "load-core.ts", "revert.ts"]);
    for (const file of config.fileNames) {
      const emitted = ts.transpileModule(fs.readFileSync(file, "utf8"), {
        compilerOptions: config.options,
        fileName: file,
      }).outputText;
      expect(fs.readFileSync(file.replace(/\.ts$/, ".js"), "utf8"), path.basename(file)).toBe(emitted);
    }
  });

  it("load as CommonJS modules whose default export is the transform", () => {
    for (const name of ["apply", "revert"]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- what jscodeshift does: require() the built file
      const mod = require(path.join(TRANSFORMS, `${name}.js`)) as { default: unknown };
      expect(typeof mod.default).toBe("function");
    }
  });
});
