// Go through the built CLI on a git repository: scan, apply --dry-run, --patch, apply, check, revert, next to the
// other languages; vendor/ and test files left alone; a file that would not parse is named and skipped.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, git, gitRepo, tempDir } from "../helpers/cli";

const GATEWAY = `package gateway

import "github.com/openai/openai-go/v3"

func params(model string) openai.ChatCompletionNewParams {
\treturn openai.ChatCompletionNewParams{
\t\tModel:             model,
\t\tParallelToolCalls: openai.Bool(false),
\t}
}
`;

describe("Go end to end", () => {
  it("scan, dry-run, patch, apply, check and revert cover Go next to TS and Python; vendor/ and tests are left", () => {
    const repo = gitRepo({
      "cmd/gateway/params.go": GATEWAY,
      "cmd/gateway/params_test.go": GATEWAY.replace("package gateway", "package gateway_test"),
      "vendor/github.com/acme/sdk/params.go": GATEWAY,
      "web/request.ts": "export const body = { parallel_tool_calls: false }\n",
      "svc/agent.py": "agent = Agent(parallel_tool_calls=False)\n",
      "bin/cli.js": "module.exports = { parallel_tool_calls: false }\n",
    });
    const scanned = JSON.parse(cli(repo, "scan", "--json").stdout) as {
      sites: Array<{ file: string; language: string; action: string; reason: string }>;
    };
    expect(scanned.sites.map((s) => `${s.file} ${s.language} ${s.action}`).sort()).toEqual([
      "bin/cli.js typescript flip",
      "cmd/gateway/params.go go flip",
      "cmd/gateway/params_test.go go leave",
      "svc/agent.py python flip",
      "web/request.ts typescript flip",
    ]);
    const dry = cli(repo, "apply", "--dry-run");
    expect(dry.stdout).toContain("+\t\t// toggle-parallel: was false\n+\t\tParallelToolCalls: openai.Bool(true),\n");
    expect(git(repo, "status", "--porcelain")).toBe("");
    const patch = path.join(tempDir("tp-go-patch-"), "go.patch");
    expect(cli(repo, "apply", "--patch", patch).code).toBe(0);
    git(repo, "apply", "--check", patch);
    expect(cli(repo, "check").code).toBe(1);
    expect(cli(repo, "apply").code).toBe(0);
    expect(git(repo, "diff", "--name-only").trim().split("\n").sort()).toEqual([
      "bin/cli.js",
      "cmd/gateway/params.go",
      "svc/agent.py",
      "web/request.ts",
    ]);
    expect(cli(repo, "check").code).toBe(0);
    expect(cli(repo, "check", "--no-markers").code).toBe(1);
    expect(cli(repo, "revert").code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("a Go file with a syntax error is named in one line and skipped; the rest of the tree is still applied", () => {
    const repo = gitRepo({ "a/broken.go": "package a\n\nvar p = P{ParallelToolCalls: false\n", "b/ok.go": GATEWAY });
    const r = cli(repo, "apply");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/a\/broken\.go:\d+:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(repo, "a/broken.go"), "utf8")).toBe(
      "package a\n\nvar p = P{ParallelToolCalls: false\n",
    );
    expect(fs.readFileSync(path.join(repo, "b/ok.go"), "utf8")).toContain("// toggle-parallel: was false");
  });
});
