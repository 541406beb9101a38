// Java and Kotlin through the built CLI, on temporary git repositories: scan, apply --dry-run and --patch (nothing
// written), check (fails while a disabled site remains), apply, revert (byte for byte), test files and build folders
// left alone; and the JVM grammars load only when a file of their language is a candidate.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, gitRepo, snapshot, tempDir, writeTree } from "../helpers/cli";

const DIST = path.join(__dirname, "..", "..", "dist", "index.js");

const SERVICE = [
  "package com.example.desk;",
  "",
  "class HelpDesk {",
  "    ChatOptions options() {",
  "        return ChatOptions.builder()",
  "                .parallelToolCalls(false)",
  "                .build();",
  "    }",
  "}",
  "",
].join("\r\n");
const AGENT = 'package com.example.desk\n\nfun request() = ChatRequest(model = "m", parallelToolCalls = false)\n';
const TEST = "class HelpDeskTest {\n    void t() { options.parallelToolCalls(false); }\n}\n";
const GENERATED = "class Options {\n    void t() { options.parallelToolCalls(false); }\n}\n";

function repo(): string {
  return gitRepo({
    "src/main/java/com/example/desk/HelpDesk.java": "\uFEFF" + SERVICE,
    "src/main/kotlin/com/example/desk/Agent.kt": AGENT,
    "src/test/java/com/example/desk/HelpDeskTest.java": TEST,
    "target/generated-sources/Options.java": GENERATED,
  });
}

describe("Java and Kotlin through the CLI", () => {
  it("dry run and patch write nothing; check fails; apply switches the two sites; revert restores every byte", () => {
    const dir = repo();
    const before = snapshot(dir);

    const scan = cli(dir, "scan", "--json", "--no-audit");
    const sites = (JSON.parse(scan.stdout) as { sites: Array<{ file: string; language: string; action: string }> })
      .sites;
    expect(sites.map((s) => `${s.language} ${path.basename(s.file)} ${s.action}`).sort()).toEqual([
      "java HelpDesk.java flip",
      "java HelpDeskTest.java leave",
      "kotlin Agent.kt flip",
    ]);

    const dry = cli(dir, "apply", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("+                // toggle-parallel: was false\r\n");
    expect(dry.stdout).toContain("parallelToolCalls = /* toggle-parallel: was false */ true)");
    const patchFile = path.join(dir, "jvm.patch");
    expect(cli(dir, "apply", "--patch", patchFile).code).toBe(0);
    fs.rmSync(patchFile);
    expect(snapshot(dir)).toEqual(before);

    expect(cli(dir, "check").code).not.toBe(0);
    expect(cli(dir, "apply").code).toBe(0);
    const java = fs.readFileSync(path.join(dir, "src/main/java/com/example/desk/HelpDesk.java"), "utf8");
    expect(java).toBe(
      "\uFEFF" +
        SERVICE.replace(
          "                .parallelToolCalls(false)",
          "                // toggle-parallel: was false\r\n                .parallelToolCalls(true)",
        ),
    );
    expect(fs.readFileSync(path.join(dir, "src/test/java/com/example/desk/HelpDeskTest.java"), "utf8")).toBe(TEST);
    expect(fs.readFileSync(path.join(dir, "target/generated-sources/Options.java"), "utf8")).toBe(GENERATED);
    expect(cli(dir, "check").code).toBe(0);

    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "applied");
    expect(cli(dir, "revert").code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a Java file that does not parse is named, the rest of the tree is still processed", () => {
    const dir = gitRepo({
      "Broken.java": "class Broken {\n  void f(O o) { o.parallelToolCalls(false) }\n",
      "Agent.kt": AGENT,
    });
    const out = cli(dir, "apply");
    expect(out.stderr).toMatch(/Broken\.java:2:\d+.*syntax/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(dir, "Agent.kt"), "utf8")).toContain(
      "parallelToolCalls = /* toggle-parallel: was false */ true",
    );
  });
});

/** The grammar files a library scan of dir reads. */
function grammarsLoadedAfterScan(dir: string): string[] {
  const script = `
    const fs = require("fs");
    const seen = [];
    const GRAMMAR = /tree-sitter-[^/]*\\.wasm$/;
    for (const name of ["readFileSync", "readFile"]) {
      const original = fs[name];
      fs[name] = function (file, ...rest) { if (GRAMMAR.test(String(file))) seen.push(path(file)); return original.call(this, file, ...rest); };
    }
    const originalPromise = fs.promises.readFile;
    fs.promises.readFile = function (file, ...rest) { if (GRAMMAR.test(String(file))) seen.push(path(file)); return originalPromise.call(this, file, ...rest); };
    function path(f) { return String(f).split("/").pop(); }
    require(${JSON.stringify(DIST)}).run("scan", ["."], { cwd: ${JSON.stringify(dir)} }).then(() => console.log(JSON.stringify(seen)));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as string[];
}

describe("lazy JVM grammars", () => {
  it("Java and Kotlin files without a candidate load no grammar; a Java candidate loads the Java grammar only", () => {
    const none = tempDir();
    writeTree(none, { "A.java": "class A {}\n", "B.kt": "val b = 1\n" });
    expect(grammarsLoadedAfterScan(none)).toEqual([]);
    const javaOnly = tempDir();
    writeTree(javaOnly, {
      "A.java": "class A { void f(O o) { o.parallelToolCalls(false); } }\n",
      "B.kt": "val b = 1\n",
    });
    expect(grammarsLoadedAfterScan(javaOnly)).toEqual(["tree-sitter-java.wasm"]);
  });
});
