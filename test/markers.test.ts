// What revert trusts as a marker (issue 10, items 6-8) and which names are switches (item 9): strings in, strings out,
// through processText, in TS/JS and Python.
import { beforeAll, describe, expect, it } from "vitest";
import { CAPABILITY_WORDS, NEGATIONS, NOT_A_SWITCH, readFlagName } from "../src/catalog";
import { python } from "../src/languages/tree-sitter/python";
import { processText, type Mode } from "../src/pipeline/process";

const options = { tag: "toggle-parallel", includeTests: false, includeDefaults: false, force: false };
const run = (file: string, text: string, mode: Mode) => processText(file, text, mode, options)!;

beforeAll(async () => {
  await python.prepare!();
});

/** Revert must leave the text as it is and say why in a note that keeps check --no-markers failing. */
function expectLeftAlone(file: string, text: string, message: RegExp) {
  const out = run(file, text, "revert");
  expect(out.after).toBe(text);
  expect(out.plan.changed).toEqual([]);
  expect(out.plan.notes.map((n) => n.message).join("\n")).toMatch(message);
  expect(out.plan.notes.every((n) => n.orphanMarker)).toBe(true);
}

describe("a marker is a whole comment token (TS/JS)", () => {
  it("a '// tag */' line that ends a block comment is not a marker: the comment and the value stay", () => {
    const text = "const body = {\n  /* notes for the trial\n  // toggle-parallel */\n  parallel_tool_calls: true,\n}\n";
    const out = run("a.ts", text, "revert");
    expect(out.after).toBe(text);
    expect(run("a.ts", text, "scan").sites[0]).toMatchObject({ state: "enabled" });
  });

  it("a recorded marker's text that closes a block comment is not a marker, though the text alone would read as one", () => {
    const text = "/* notes\n// toggle-parallel: was false */\nconst parallelToolCallsEnabled = true\n";
    for (const mode of ["revert", "apply"] as const) {
      const out = run("a.ts", text, mode);
      expect(out.after).toBe(text);
      expect(out.skipped).toBeUndefined();
      expect(out.plan.notes).toEqual([]);
    }
  });

  it("marker text on a template literal's line above a value is not a marker", () => {
    const text = "const help = `\n// toggle-parallel: was false\n`; const o = {\nparallel_tool_calls: true }\n";
    expect(run("a.ts", text, "revert").after).toBe(text);
  });

  it("prose that mentions the tag is not a marker; a comment that starts with it is", () => {
    const prose = "const o = {\n  // we use toggle-parallel for trials\n  parallel_tool_calls: true,\n}\n";
    expect(run("a.ts", prose, "revert").after).toBe(prose);
    expect(run("a.ts", prose, "scan").sites[0]).toMatchObject({ state: "enabled" });
    for (const hand of ["// toggle-parallel", "// toggle-parallel: trying it", "//toggle-parallel"]) {
      const text = `const o = {\n  ${hand}\n  parallel_tool_calls: true,\n}\n`;
      expect(run("a.ts", text, "revert").after).toBe("const o = {\n  parallel_tool_calls: false,\n}\n");
    }
    const longer =
      "const o = {\n  // toggle-parallel-v2: a tag that only begins like ours\n  parallel_tool_calls: true,\n}\n";
    expect(run("a.ts", longer, "revert").after).toBe(longer);
  });

  it("an inline marker inside a string is not a marker", () => {
    const text = 'const o = { parallel_tool_calls: "/* toggle-parallel: was false */ " && true }\n';
    expect(run("a.ts", text, "revert").after).toBe(text);
  });

  it("a recorded original that is not a boolean literal is left and reported (line and inline)", () => {
    expectLeftAlone(
      "a.ts",
      "const o = {\n  // toggle-parallel: was process\n  parallel_tool_calls: true,\n}\n",
      /records "process", which is not a false\/true literal/,
    );
    expectLeftAlone(
      "a.ts",
      "const o = { parallel_tool_calls: /* toggle-parallel: was process */ true }\n",
      /records "process"/,
    );
    expectLeftAlone(
      "a.ts",
      "const o = {\n  // toggle-parallel: was False\n  parallel_tool_calls: true,\n}\n",
      /records "False"/,
    );
  });

  it("a recorded original that would not switch the site off is left and reported", () => {
    // `was true` above an enabled value: restoring it would change nothing and drop the marker.
    expectLeftAlone(
      "a.ts",
      "const o = {\n  // toggle-parallel: was true\n  parallel_tool_calls: true,\n}\n",
      /not next to a switch it can restore/,
    );
    expectLeftAlone(
      "a.ts",
      "const o = { disable_parallel_tool_use: /* toggle-parallel: was false */ false }\n",
      /not next to a switch it can restore/,
    );
  });
});

describe("a marker is a whole comment token (Python)", () => {
  it("a tag line inside a triple-quoted string is not a marker: the string keeps its closing quotes", () => {
    const text = 'NOTE = """trial notes\n# toggle-parallel """\nparallel_tool_calls = True\n';
    const recorded = 'NOTE = """trial notes\n# toggle-parallel: was False"""\nparallel_tool_calls = True\n';
    for (const t of [text, recorded]) {
      const out = run("a.py", t, "revert");
      expect(out.after).toBe(t);
      // Not even tried: cutting the line would have left an unterminated string, which only the re-parse caught.
      expect(out.skipped).toBeUndefined();
      expect(out.plan.notes).toEqual([]);
    }
  });

  it("prose that mentions the tag is not a marker: the flag stays on", () => {
    const text = "# we use toggle-parallel for trials\nparallel_tool_calls = True\n";
    expect(run("a.py", text, "revert").after).toBe(text);
    expect(run("a.py", text, "scan").sites[0]).toMatchObject({ state: "enabled" });
  });

  it("a recorded original that is not a Python boolean literal is left and reported", () => {
    expectLeftAlone(
      "a.py",
      "# toggle-parallel: was os\nparallel_tool_calls = True\n",
      /records "os", which is not a False\/True literal/,
    );
    expectLeftAlone("a.py", "# toggle-parallel: was false\nparallel_tool_calls = True\n", /records "false"/);
  });

  it("CRLF: our marker line round-trips", () => {
    const text = "def f():\r\n    return g(parallel_tool_calls=False)\r\n";
    const applied = run("a.py", text, "apply").after;
    expect(applied).toBe("def f():\r\n    # toggle-parallel: was False\r\n    return g(parallel_tool_calls=True)\r\n");
    expect(run("a.py", applied, "revert").after).toBe(text);
  });
});

describe("a shared marker line must still match the sites it names (Python)", () => {
  const input =
    "def call(client, m):\n    return client.chat(m, parallel_tool_calls=False, disable_parallel_tool_use=False)\n";

  it("names each site, and round-trips", () => {
    const applied = run("a.py", input, "apply").after;
    expect(applied).toContain("# toggle-parallel: was parallel_tool_calls=False, disable_parallel_tool_use=-\n");
    expect(run("a.py", applied, "revert").after).toBe(input);
  });

  it("arguments reordered by hand since apply: the marker and the values stay, and it is reported", () => {
    const applied = run("a.py", input, "apply").after;
    const reordered = applied.replace(
      "parallel_tool_calls=True, disable_parallel_tool_use=False",
      "disable_parallel_tool_use=False, parallel_tool_calls=True",
    );
    expect(reordered).not.toBe(applied);
    expectLeftAlone("a.py", reordered, /not next to a switch it can restore/);
  });

  it("two sites of the same family swapped: the names tell", () => {
    const text = "x = f(parallel_tool_calls=False, agent_parallel_tool_calls=True)\n";
    const applied = run("a.py", text, "apply").after;
    expect(applied).toBe(
      "# toggle-parallel: was parallel_tool_calls=False, agent_parallel_tool_calls=-\nx = f(parallel_tool_calls=True, agent_parallel_tool_calls=True)\n",
    );
    expectLeftAlone(
      "a.py",
      applied.replace(
        "parallel_tool_calls=True, agent_parallel_tool_calls=True",
        "agent_parallel_tool_calls=True, parallel_tool_calls=True",
      ),
      /not next to a switch/,
    );
  });

  it("an older marker without names is still restored, and still checked against each site's off value", () => {
    const old = "    # toggle-parallel: was False, -\n";
    const applied = run("a.py", input, "apply").after.replace(/ {4}# toggle-parallel: .*\n/, old);
    expect(run("a.py", applied, "revert").after).toBe(input);
    const reordered = applied.replace(
      "parallel_tool_calls=True, disable_parallel_tool_use=False",
      "disable_parallel_tool_use=False, parallel_tool_calls=True",
    );
    expectLeftAlone("a.py", reordered, /not next to a switch it can restore/);
  });

  it("a marker whose list mixes named and unnamed entries is not ours to act on", () => {
    const text =
      "# toggle-parallel: was parallel_tool_calls=False, False\nx = f(parallel_tool_calls=True, disable_parallel_tool_use=True)\n";
    expectLeftAlone("a.py", text, /records/);
  });
});

describe("names: switches, inverted switches, capabilities, and names that are not switches", () => {
  it.each([...NEGATIONS].filter((w) => /^[a-z]+$/.test(w)))("%s turns the sense around", (word) => {
    expect(readFlagName(`${word}_parallel_tool_calls`)?.family).toBe("name-inverted");
    expect(readFlagName(`parallelToolCalls${word[0]!.toUpperCase()}${word.slice(1)}`)?.family).toBe("name-inverted");
  });

  it.each([...NOT_A_SWITCH.keys()])("%s makes the name doubtful: unknown, never flipped", (word) => {
    const name = `parallelToolCalls${word[0]!.toUpperCase()}${word.slice(1)}`;
    expect(readFlagName(name)?.doubt).toMatch(new RegExp(`"${word}"`));
    const out = run("a.ts", `let ${name} = false\nlet ${word}_parallel_tool_calls = true\n`, "scan");
    expect(out.sites.map((s) => [s.state, s.action])).toEqual([
      ["unknown", "leave"],
      ["unknown", "leave"],
    ]);
  });

  it.each([...CAPABILITY_WORDS])("%s describes a capability", (word) => {
    expect(readFlagName(`parallel_tool_calls_${word}`)?.capability).toBe(true);
  });

  it("phrases: a kill switch and an opt-out are off when true", () => {
    for (const name of ["parallelToolCallsKillSwitch", "optOutParallelToolCalls", "PARALLEL_TOOL_CALLS_OPT_OUT"]) {
      expect(readFlagName(name)?.family).toBe("name-inverted");
      const out = run("a.ts", `const ${name} = true\n`, "scan");
      expect(out.sites[0]).toMatchObject({ state: "disabled", action: "flip" });
    }
    expect(readFlagName("disableParallelToolCallsKillSwitch")?.family).toBe("name");
  });

  it("a doubtful name that apply switched before (older version) is still restored by revert", () => {
    const text = "// toggle-parallel: was false\nlet parallelToolCallsWarningShown = true\n";
    expect(run("a.ts", text, "revert").after).toBe("let parallelToolCallsWarningShown = false\n");
  });

  it("plain switches stay switches", () => {
    for (const name of [
      "parallelToolCallsEnabled",
      "ENABLE_PARALLEL_TOOL_CALLS",
      "allowParallelToolCalls",
      "useParallelToolCalls",
      "parallelToolCallsWanted",
      "defaultParallelToolCalls",
    ]) {
      expect(readFlagName(name)).toEqual({ family: "name", capability: false });
    }
  });
});

describe("a marker of another tag is never invisible (issue 13)", () => {
  const ts =
    "export const o = {\n  parallel_tool_calls: false,\n}\nexport const p = { disable_parallel_tool_use: true }\n";
  const py = "x = f(parallel_tool_calls=False, disable_parallel_tool_use=False)\n";
  const withTag = (tag: string) => ({ ...options, tag });

  for (const [file, text] of [
    ["a.ts", ts],
    ["a.py", py],
  ] as const) {
    it(`${file}: scan calls the sites applied, with the tag; revert leaves them and names the tag; its own tag restores them`, () => {
      const apply = processText(file, text, "apply", withTag("my_trial"))!;
      const applied = apply.after;
      expect(applied).toContain("my_trial: was");
      const scan = run(file, applied, "scan");
      const flipped = scan.sites.filter((s) => s.state === "applied");
      // Every site that apply switched (inline markers too) reads as applied, none as "enabled, already on".
      expect(flipped.map((s) => s.name)).toEqual(apply.plan.changed.map((s) => s.name));
      for (const s of flipped)
        expect(s.reason).toMatch(/another tag \(marker "my_trial" on line \d+; revert --marker my_trial\)/);
      const revert = run(file, applied, "revert");
      expect(revert.after).toBe(applied);
      expect(revert.plan.notes.map((n) => n.message)).toEqual(
        [...new Set(flipped.map((s) => s.appliedMarker!.range.start))].map(
          () => 'marker of another tag "my_trial"; left alone (toggle-parallel revert --marker my_trial restores it)',
        ),
      );
      expect(run(file, applied, "apply").after, "apply with the default tag adds nothing").toBe(applied);
      expect(processText(file, applied, "revert", withTag("my_trial"))!.after).toBe(text);
    });
  }

  it("--force does not remove another tag's marker either", () => {
    const applied = processText("a.ts", ts, "apply", withTag("my_trial"))!.after;
    expect(processText("a.ts", applied, "revert", { ...options, force: true })!.after).toBe(applied);
  });

  it("a comment that merely has the format (`// note: was true`) counts only next to a site it fits", () => {
    const text = "// note: was true\nconst unrelated = 1\nconst o = {\n  // todo: was false\n  other: true,\n}\n";
    const revert = run("a.ts", text, "revert");
    expect(revert.after).toBe(text);
    expect(revert.plan.notes).toEqual([]);
  });
});
