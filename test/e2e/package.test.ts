// The package as a user gets it: `npm pack` of the built repository, installed into a project elsewhere with no
// registry access, then the installed bin and the installed jscodeshift transform run on a TS and a Python file.
//
// Offline install: `npm ci` in a clone puts every dependency's tarball in npm's cache (by integrity), but not the
// registry's version lists that `npm install <tgz>` needs to resolve versions, so an offline `npm install <tgz>` fails
// with ENOTCACHED. The temporary project therefore gets a lockfile: the tarball plus the repository lockfile's
// production entries (the same versions as the tarball's pinned dependencies), and `npm ci --offline` takes every
// tarball from the cache. A cache without them (npm ci never ran with this cache) fails the test with npm's message.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../helpers/cli";

const ROOT = path.join(__dirname, "..", "..");
const JSCODESHIFT = path.join(ROOT, "node_modules", "jscodeshift", "bin", "jscodeshift.js");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const npmAvailable = spawnSync(NPM, ["--version"], { encoding: "utf8" }).status === 0;
const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  files: string[];
};
/** What the package needs to be packed: the files package.json lists, those npm always adds, the pack scripts. */
const STAGED = [...MANIFEST.files, "package.json", "README.md", "LICENSE", "scripts"];

const TS = "export const request = { model: 'm', parallel_tool_calls: false };\n";
const PY = "agent = Agent(parallel_tool_calls=False)\n";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, command: string, args: string[]): Run {
  const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", npm_config_update_notifier: "false" };
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function expectOk(r: Run, what: string): Run {
  expect(r.code, `${what} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

interface Installed {
  /** The temporary project the tarball was installed into. */
  project: string;
  /** Its node_modules/toggle-parallel. */
  pkg: string;
  /** The packed package.json. */
  manifest: { scripts?: Record<string, string>; dependencies?: Record<string, string> };
  /** Everything npm ci printed while installing the tarball. */
  installOutput: string;
}

/** Packs a copy of the built package (the repository's package.json is rewritten during a pack; tests run alongside). */
function pack(): string {
  const stage = tempDir("tp-stage-");
  for (const entry of STAGED) fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
  const out = tempDir("tp-tgz-");
  expectOk(run(stage, NPM, ["pack", "--pack-destination", out, "--silent"]), "npm pack");
  const tgz = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack wrote no tarball in ${out}`);
  return path.join(out, tgz);
}

function installOffline(tgz: string): Installed {
  const project = tempDir("tp-user-");
  fs.copyFileSync(tgz, path.join(project, path.basename(tgz)));
  const spec = `file:${path.basename(tgz)}`;
  const manifest = JSON.parse(expectOk(run(project, "tar", ["xzf", tgz, "-O", "package/package.json"]), "tar").stdout);
  const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const packages: Record<string, unknown> = {
    "": { name: "user-project", dependencies: { "toggle-parallel": spec } },
    "node_modules/toggle-parallel": {
      version: manifest.version,
      resolved: spec,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
  };
  for (const [where, entry] of Object.entries(repoLock.packages))
    if (where && !entry.dev && !entry.link) packages[where] = entry;
  writeTree(project, {
    "package.json": JSON.stringify({
      name: "user-project",
      version: "1.0.0",
      private: true,
      dependencies: { "toggle-parallel": spec },
    }),
    "package-lock.json": JSON.stringify({
      name: "user-project",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages,
    }),
    "src/request.ts": TS,
    "worker/agent.py": PY,
  });
  const r = expectOk(
    run(project, NPM, ["ci", "--offline", "--no-audit", "--no-fund"]),
    "npm ci --offline of the tarball",
  );
  return {
    project,
    pkg: path.join(project, "node_modules", "toggle-parallel"),
    manifest,
    installOutput: r.stdout + r.stderr,
  };
}

describe.skipIf(!npmAvailable)("the packed package, installed from its tarball with no registry access", () => {
  let installed: Installed;
  let bin: string;
  beforeAll(() => {
    installed = installOffline(pack());
    bin = path.join(installed.project, "node_modules", ".bin", "toggle-parallel");
  }, 300_000);

  it("installs without a warning: no prepare or install script, no native build", () => {
    expect(installed.installOutput).not.toMatch(/npm warn/i);
    const scripts = installed.manifest.scripts ?? {};
    expect(Object.keys(scripts).filter((s) => /^(pre|post)?(install|prepare)$|^prepublishOnly$|pack$/.test(s))).toEqual(
      [],
    );
    expect(Object.keys(installed.manifest.dependencies ?? {})).not.toContain("tree-sitter-python");
    expect(fs.existsSync(path.join(installed.project, "node_modules", "tree-sitter-python"))).toBe(false);
    expect(fs.existsSync(path.join(installed.pkg, "dist", "grammars", "tree-sitter-python.wasm"))).toBe(true);
  });

  it("ships each grammar as its .wasm and license only, and depends on no grammar package", () => {
    const grammars = fs.readdirSync(path.join(installed.pkg, "dist", "grammars"));
    expect(grammars.filter((f) => !/\.(wasm|LICENSE)$/.test(f))).toEqual([]);
    for (const file of [
      "tree-sitter-go.wasm",
      "tree-sitter-java.wasm",
      "tree-sitter-kotlin.wasm",
      "tree-sitter-c_sharp.wasm",
      "tree-sitter-yaml.wasm",
      "tree-sitter-toml.wasm",
    ]) {
      expect(grammars).toContain(file);
      expect(grammars).toContain(file.replace(/\.wasm$/, ".LICENSE"));
    }
    const deps = Object.keys(installed.manifest.dependencies ?? {});
    expect(deps.filter((d) => /tree-sitter-(?!$)/.test(d) && d !== "web-tree-sitter")).toEqual([]);
    expect(
      fs
        .readdirSync(path.join(installed.project, "node_modules"))
        .filter((d) => /^tree-sitter-|^@tree-sitter-grammars$/.test(d)),
    ).toEqual([]);
  });

  it("the installed bin prints its version", () => {
    const r = expectOk(run(installed.project, bin, ["--version"]), "--version");
    expect(r.stdout.trim()).toBe(MANIFEST.version);
  });

  it("scan finds the TS and the Python site", () => {
    const r = expectOk(run(installed.project, bin, ["scan", "src/request.ts", "worker/agent.py"]), "scan");
    expect(r.stdout).toMatch(/^src\/request\.ts:1:\d+ +openai +disabled +flip /m);
    expect(r.stdout).toMatch(/^worker\/agent\.py:1:\d+ +openai +disabled +flip /m);
  });

  it("apply --dry-run shows the diff for both and writes nothing", () => {
    const r = expectOk(
      run(installed.project, bin, ["apply", "--dry-run", "src/request.ts", "worker/agent.py"]),
      "apply --dry-run",
    );
    expect(r.stdout).toMatch(/^\+export const request = \{ model: 'm', parallel_tool_calls: .*true \};$/m);
    expect(r.stdout).toMatch(/^\+agent = Agent\(parallel_tool_calls=True\)$/m);
    expect(fs.readFileSync(path.join(installed.project, "src/request.ts"), "utf8")).toBe(TS);
    expect(fs.readFileSync(path.join(installed.project, "worker/agent.py"), "utf8")).toBe(PY);
  });

  it("jscodeshift runs the installed transforms/apply.ts, and revert.ts puts the bytes back", () => {
    const dir = tempDir();
    writeTree(dir, { "request.ts": TS });
    const transforms = path.join(installed.pkg, "transforms");
    const shift = (name: string) =>
      expectOk(
        run(dir, process.execPath, [
          JSCODESHIFT,
          "-t",
          path.join(transforms, name),
          "--parser=tsx",
          "--extensions=ts",
          ".",
        ]),
        name,
      );
    shift("apply.ts");
    const applied = fs.readFileSync(path.join(dir, "request.ts"), "utf8");
    expect(applied).toMatch(/parallel_tool_calls: \/\* toggle-parallel: was false \*\/ true/);
    shift("revert.ts");
    expect(fs.readFileSync(path.join(dir, "request.ts"), "utf8")).toBe(TS);
  });
});
