// Config files through the CLI: scan, apply, check and revert on a repository holding YAML, TOML and .properties
// files, a recorded cassette and a JSON response; revert gives back every byte.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, gitRepo } from "../helpers/cli";

const FILES: Record<string, string> = {
  "src/main/resources/application.yml":
    "spring:\r\n  ai:\r\n    openai:\r\n      chat:\r\n        options:\r\n          parallel-tool-calls: False\r\n",
  "src/main/resources/application.properties": "\uFEFFspring.ai.openai.chat.options.parallel-tool-calls = FALSE\n",
  "agent.toml": "[model]\n\tdisable_parallel_tool_use = true",
  "tests/cassettes/chat.yaml": "interactions:\n- request:\n    parsed_body:\n      parallel_tool_calls: false\n",
  "tests/agent.yaml": "model:\n  parallel_tool_calls: false\n",
  "recorded/response.json": '{"parallel_tool_calls": false}\n',
};

describe("config files through the CLI", () => {
  it("apply switches the config sites on behind # markers, check finds none left, revert gives back every byte", () => {
    const dir = gitRepo(FILES);
    const scan = cli(dir, "scan", ".");
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/application\.yml:6:\d+ .* flip/);
    expect(scan.stdout).toMatch(/application\.properties:1:\d+ .* flip/);
    expect(scan.stdout).toMatch(/agent\.toml:2:\d+ .* flip/);
    expect(scan.stdout).toMatch(/tests\/agent\.yaml:2:\d+ .*leave .*test file/);
    expect(scan.stdout).not.toMatch(/cassettes|response\.json/);

    expect(cli(dir, "apply", ".").code).toBe(0);
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    expect(read("src/main/resources/application.yml")).toContain(
      "          # toggle-parallel: was False\r\n          parallel-tool-calls: true\r\n",
    );
    expect(read("src/main/resources/application.properties")).toBe(
      "\uFEFF# toggle-parallel: was FALSE\nspring.ai.openai.chat.options.parallel-tool-calls = true\n",
    );
    expect(read("agent.toml")).toBe("[model]\n\t# toggle-parallel: was true\n\tdisable_parallel_tool_use = false");
    for (const f of ["tests/cassettes/chat.yaml", "tests/agent.yaml", "recorded/response.json"])
      expect(read(f)).toBe(FILES[f]);
    expect(cli(dir, "check", ".").code).toBe(0);

    expect(cli(dir, "revert", ".").code).toBe(0);
    for (const [f, text] of Object.entries(FILES)) expect(read(f), f).toBe(text);
  });

  it("a JSON file named on the command line is not read, and the message says why (exit 1)", () => {
    const dir = gitRepo({ "recorded/response.json": '{"parallel_tool_calls": false}\n' });
    for (const command of ["scan", "apply"]) {
      const r = cli(dir, command, "recorded/response.json");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("recorded/response.json: JSON has no comments, so no marker: not read; skipped");
    }
    expect(fs.readFileSync(path.join(dir, "recorded/response.json"), "utf8")).toBe('{"parallel_tool_calls": false}\n');
  });
});
