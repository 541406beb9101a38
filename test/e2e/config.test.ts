// The config file (src/cli/config.ts): every key takes effect, the command line overrides it, and a bad value or an
// unknown key is an error naming the key and the file (exit 2) before any source file is read.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, gitRepo } from "../helpers/cli";

const CONFIG = "toggle-parallel.config.json";
const OFF = "export const body = { parallel_tool_calls: false };\n";

function repo(files: Record<string, string>, config?: unknown): string {
  return gitRepo({ ...files, ...(config === undefined ? {} : { [CONFIG]: JSON.stringify(config) }) });
}

/** "file name" of each site scan says apply would switch. */
function flipped(dir: string, ...args: string[]): string[] {
  const r = cli(dir, "scan", "--json", ...args);
  expect(r.code, r.stderr).toBe(0);
  const sites = (JSON.parse(r.stdout) as { sites: Array<{ file: string; name: string; action: string }> }).sites;
  return sites.filter((s) => s.action === "flip").map((s) => `${s.file} ${s.name}`);
}

describe("config file keys", () => {
  it("marker: apply writes the config's tag; --marker on the command line wins", () => {
    const dir = repo({ "a.ts": OFF }, { marker: "team_trial" });
    expect(cli(dir, "apply", "--dry-run").stdout).toContain("/* team_trial: was false */");
    expect(cli(dir, "apply", "--dry-run", "--marker", "mine").stdout).toContain("/* mine: was false */");
  });

  it("includeTests: sites in test files are switched; without the key they are left", () => {
    const files = { "src/a.test.ts": OFF };
    expect(flipped(repo(files))).toEqual([]);
    expect(flipped(repo(files, { includeTests: true }))).toEqual(["src/a.test.ts parallel_tool_calls"]);
    // The command line adds to a config that says false.
    expect(flipped(repo(files, { includeTests: false }), "--include-tests")).toEqual([
      "src/a.test.ts parallel_tool_calls",
    ]);
  });

  it("includeDefaults: the fallback of a dynamic value is switched", () => {
    const files = { "a.ts": "export const body = { parallel_tool_calls: opts.p ?? false };\n" };
    expect(flipped(repo(files))).toEqual([]);
    expect(flipped(repo(files, { includeDefaults: true }))).toEqual(["a.ts parallel_tool_calls"]);
    expect(flipped(repo(files, { includeDefaults: false }), "--include-defaults")).toEqual([
      "a.ts parallel_tool_calls",
    ]);
  });

  it("include and exclude: gitignore-style patterns relative to the config's folder narrow the listed files", () => {
    const files = { "src/a.ts": OFF, "src/gen/b.ts": OFF, "scripts/c.py": "parallel_tool_calls = False\n" };
    expect(flipped(repo(files, { include: ["src/"] }))).toEqual([
      "src/a.ts parallel_tool_calls",
      "src/gen/b.ts parallel_tool_calls",
    ]);
    expect(flipped(repo(files, { exclude: ["gen/", "*.py"] }))).toEqual(["src/a.ts parallel_tool_calls"]);
    expect(flipped(repo(files, { include: ["src/**"], exclude: ["src/gen"] }))).toEqual([
      "src/a.ts parallel_tool_calls",
    ]);
    // A file named on the command line is read whatever the patterns say (pre-commit passes the staged files).
    expect(flipped(repo(files, { exclude: ["gen/"] }), "src/gen/b.ts")).toEqual(["src/gen/b.ts parallel_tool_calls"]);
  });

  it("flags: an extra name is found in TypeScript and Python, in its family's sense, by apply and by check", () => {
    const files = {
      "a.ts": "export const cfg = { myParallelToolSwitch: true, teamParallelToolsOn: false };\n",
      "b.py": "PARALLEL_TOOL_GATE = False\n",
    };
    const config = {
      flags: { "name-inverted": ["myParallelToolSwitch"], name: ["teamParallelToolsOn", "PARALLEL_TOOL_GATE"] },
    };
    expect(flipped(repo(files))).toEqual([]);
    const dir = repo(files, config);
    expect(flipped(dir)).toEqual(["a.ts myParallelToolSwitch", "a.ts teamParallelToolsOn", "b.py PARALLEL_TOOL_GATE"]);
    // A scan without the audit searches with the flag words alone: the names are found there too.
    expect(JSON.parse(cli(dir, "scan", "--json", "--no-audit").stdout).sites).toHaveLength(3);
    expect(cli(dir, "check").code).toBe(1);
    expect(cli(dir, "apply").code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe(
      "export const cfg = { myParallelToolSwitch: /* toggle-parallel: was true */ false, teamParallelToolsOn: /* toggle-parallel: was false */ true };\n",
    );
    expect(cli(dir, "check", "--no-markers").code).toBe(1);
    expect(cli(dir, "revert").code).toBe(0);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("flags: a name without a prefilter word is refused, naming the key", () => {
    const r = cli(repo({ "a.ts": OFF }, { flags: { openai: ["useManyTools"] } }), "scan");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: toggle-parallel\.config\.json: "flags\.openai" name "useManyTools" must contain "parallel_tool"/,
    );
  });

  it("audit.ignore: a rule id or a path pattern leaves findings out", () => {
    const files = {
      "src/a.ts": "export function first(r: any) { return r.tool_calls[0]; }\n",
      "legacy/b.ts": "export function first(r: any) { return r.tool_calls[0]; }\n",
    };
    const findings = (dir: string) =>
      cli(dir, "audit")
        .stdout.split("\n")
        .filter((l) => /^(src|legacy)\//.test(l))
        .map((l) => l.split(":")[0]);
    expect(findings(repo(files))).toEqual(["legacy/b.ts", "src/a.ts"]);
    expect(findings(repo(files, { audit: { ignore: ["legacy/"] } }))).toEqual(["src/a.ts"]);
    expect(findings(repo(files, { audit: { ignore: ["first-call-only"] } }))).toEqual([]);
    expect(cli(repo(files, { audit: { ignore: ["first-call-only"] } }), "audit").code).toBe(0);
  });
});

describe("config file errors", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["includeTests", { includeTests: "yes" }, /"includeTests" must be true or false/],
    ["includeDefaults", { includeDefaults: 1 }, /"includeDefaults" must be true or false/],
    ["marker", { marker: 3 }, /"marker" must be a string/],
    ["marker", { marker: "a b" }, /"marker" /],
    ["include", { include: "src" }, /"include" must be a list of gitignore-style patterns/],
    ["exclude", { exclude: [1] }, /"exclude" must be a list of gitignore-style patterns/],
    ["flags", { flags: ["x"] }, /"flags" must be an object/],
    ["flags.family", { flags: { google: ["parallel_tool_x"] } }, /"flags\.google" is not a family/],
    ["flags names", { flags: { openai: "parallel_tool_x" } }, /"flags\.openai" must be a list of names/],
    [
      "flags twice",
      { flags: { openai: ["parallel_tool_x"], name: ["parallel_tool_x"] } },
      /"flags\.name" name "parallel_tool_x" is also in flags\.openai/,
    ],
    [
      "flags ASCII",
      { flags: { name: ["parallel_tool_größe"] } },
      /"flags\.name" name "parallel_tool_größe" must be ASCII without spaces/,
    ],
    [
      "flags API key",
      { flags: { "name-inverted": ["parallel_tool_calls"] } },
      /"flags\.name-inverted" name "parallel_tool_calls" is a well-known API key, always read as openai/,
    ],
    ["audit", { audit: [] }, /"audit" must be an object/],
    ["audit.ignore", { audit: { ignore: [""] } }, /"audit\.ignore" must be a list/],
    ["audit unknown", { audit: { ignor: [] } }, /"audit\.ignor" is not a known key/],
    ["unknown key", { includTests: true }, /"includTests" is not a known key/],
    ["not an object", [], /must be a JSON object/],
  ];
  it.each(cases)("%s: exit 2, one line naming the file and the key, nothing read", (_name, config, message) => {
    const dir = repo({ "a.ts": OFF }, config);
    for (const command of ["scan", "apply", "check"]) {
      const r = cli(dir, command);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: toggle-parallel\\.config\\.json: .*${message.source}`));
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("a file that is not JSON: exit 2 naming the file", () => {
    const dir = gitRepo({ "a.ts": OFF, [CONFIG]: "{ marker: 'x' }" });
    const r = cli(dir, "scan");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: toggle-parallel\.config\.json: not valid JSON/);
  });
});

describe("where the config is found", () => {
  it('package.json "toggleParallel" is read; with a config file beside it, exit 2', () => {
    const pkg = (extra: object) => JSON.stringify({ name: "x", toggleParallel: extra });
    expect(
      cli(gitRepo({ "a.ts": OFF, "package.json": pkg({ marker: "from_pkg" }) }), "apply", "--dry-run").stdout,
    ).toContain("from_pkg: was false");
    const bad = cli(gitRepo({ "a.ts": OFF, "package.json": pkg({ includeTests: "no" }) }), "scan");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('package.json "toggleParallel": "includeTests" must be true or false');
    // A broken package.json is npm's business: it holds no config, and the run goes on.
    expect(cli(gitRepo({ "a.ts": OFF, "package.json": "{ not json" }), "scan").code).toBe(0);
    const both = cli(gitRepo({ "a.ts": OFF, "package.json": pkg({}), [CONFIG]: "{}" }), "scan");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'error: toggle-parallel.config.json and package.json "toggleParallel" are both there: keep one of them',
    );
  });

  it("the nearest folder upward from the current one wins, and the search stops at the git top", () => {
    const dir = gitRepo({ "pkg/a.ts": OFF, [CONFIG]: JSON.stringify({ marker: "top" }), "pkg/sub/b.ts": OFF });
    expect(cli(path.join(dir, "pkg"), "apply", "--dry-run").stdout).toContain("top: was false");
    fs.writeFileSync(path.join(dir, "pkg", CONFIG), JSON.stringify({ marker: "near" }));
    expect(cli(path.join(dir, "pkg", "sub"), "apply", "--dry-run").stdout).toContain("near: was false");
    // A message names a config found above the current folder by its path from there.
    fs.writeFileSync(path.join(dir, "pkg", CONFIG), JSON.stringify({ includeTests: "no" }));
    expect(cli(path.join(dir, "pkg", "sub"), "scan").stderr).toBe(
      'error: ../toggle-parallel.config.json: "includeTests" must be true or false\n',
    );
    // A repository inside a folder holding a config: the config above the git top is not read.
    const outer = gitRepo({ [CONFIG]: JSON.stringify({ includTests: 1 }) });
    fs.mkdirSync(path.join(outer, "inner"));
    fs.writeFileSync(path.join(outer, "inner", "a.ts"), OFF);
    git(path.join(outer, "inner"), "init", "-q");
    expect(cli(path.join(outer, "inner"), "scan").code).toBe(0);
  });
});

describe("toggle-parallel init", () => {
  it("writes a valid config of the defaults that changes nothing, and never replaces one", () => {
    const dir = gitRepo({ "a.ts": OFF, "t.test.ts": OFF });
    const before = cli(dir, "scan", "--json").stdout;
    const r = cli(dir, "init");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${CONFIG}; the README's "Configuration" section says what each key does\n`);
    const written = fs.readFileSync(path.join(dir, CONFIG), "utf8");
    expect(Object.keys(JSON.parse(written))).toEqual([
      "marker",
      "include",
      "exclude",
      "includeTests",
      "includeDefaults",
      "flags",
      "audit",
    ]);
    expect(cli(dir, "scan", "--json").stdout).toBe(before);
    fs.writeFileSync(path.join(dir, CONFIG), "{}\n");
    const again = cli(dir, "init");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: toggle-parallel\.config\.json already exists in .*; not replaced\n$/);
    expect(fs.readFileSync(path.join(dir, CONFIG), "utf8")).toBe("{}\n");
  });
});
