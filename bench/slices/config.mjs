// The config-file slices of the synthetic monorepo: Spring application.yml and application.properties files under
// services/, agent TOML files under agents/, declarative agent YAML under agents/, most without a flag (the prefilter
// drops them), a few with one of the config shapes or a near miss (a quoted "false", a block scalar, a comment).
// Written after the TS/Python files with their own random streams, so those stay byte for byte what they were.

const NOUNS = [
  "order",
  "invoice",
  "session",
  "message",
  "thread",
  "provider",
  "model",
  "route",
  "tool",
  "queue",
  "worker",
  "cache",
  "store",
  "ledger",
  "kettle",
  "ferry",
];
const AREAS = ["billing", "dispatch", "search", "planner", "support", "ingest"];

/** Ordinary YAML: top-level sections of nested keys, about `target` characters. */
function yamlParts(r, target) {
  const parts = [];
  let size = 0;
  for (let n = 0; size < target; n++) {
    const lines = [`${r.pick(NOUNS)}_${n}:`];
    for (let i = 0; i < r.int(3, 12); i++) {
      const key = `${r.pick(NOUNS)}-${i}`;
      lines.push(
        r.chance(0.3)
          ? `  ${key}:\n    enabled: ${r.chance(0.5)}\n    limit: ${r.int(1, 500)}`
          : `  ${key}: ${r.chance(0.5) ? r.int(1, 9999) : `"${r.pick(NOUNS)}"`}`,
      );
    }
    const text = lines.join("\n") + "\n";
    parts.push(text);
    size += text.length;
  }
  return parts;
}

/** Ordinary TOML: tables of pairs. */
function tomlParts(r, target) {
  const parts = [];
  let size = 0;
  for (let n = 0; size < target; n++) {
    const lines = [`[${r.pick(NOUNS)}_${n}]`];
    for (let i = 0; i < r.int(3, 12); i++)
      lines.push(`${r.pick(NOUNS)}_${i} = ${r.chance(0.5) ? r.int(1, 9999) : `"${r.pick(NOUNS)}"`}`);
    const text = lines.join("\n") + "\n";
    parts.push(text);
    size += text.length;
  }
  return parts;
}

/** Ordinary .properties: groups of dotted keys. */
function propertiesParts(r, target) {
  const parts = [];
  let size = 0;
  for (let n = 0; size < target; n++) {
    const prefix = `app.${r.pick(NOUNS)}${n}`;
    const lines = [`# ${r.pick(NOUNS)} settings`];
    for (let i = 0; i < r.int(3, 12); i++)
      lines.push(`${prefix}.${r.pick(NOUNS)}-${i}=${r.chance(0.5) ? r.int(1, 9999) : r.pick(NOUNS)}`);
    const text = lines.join("\n") + "\n";
    parts.push(text);
    size += text.length;
  }
  return parts;
}

const YAML_SITES = [
  {
    sites: 1,
    text: "spring:\n  ai:\n    openai:\n      chat:\n        options:\n          parallel-tool-calls: false\n",
  },
  { sites: 1, text: "agent_model:\n  options:\n    temperature: 0.2\n    allowMultipleToolCalls: false\n" },
  {
    sites: 2,
    text: "routing:\n  primary: {parallel_tool_calls: false, disable_parallel_tool_use: true}\n  fallback:\n    parallel_tool_calls: true\n",
  },
  { sites: 1, test: true, text: "stub_model:\n  parallel_tool_calls: false\n" },
  { sites: 0, text: 'prompt_notes: |\n  parallel_tool_calls: false\nquoted_flag:\n  parallel_tool_calls: "false"\n' },
];

const TOML_SITES = [
  { sites: 1, text: "[model_settings]\nparallel_tool_calls = false\n" },
  { sites: 1, text: '[anthropic_tools]\nchoice = { type = "auto", disable_parallel_tool_use = true }\n' },
  { sites: 0, text: '[notes]\ntext = """\nparallel_tool_calls = false\n"""\n' },
];

const PROPERTIES_SITES = [
  { sites: 1, text: "spring.ai.openai.chat.options.parallel-tool-calls=false\n" },
  { sites: 1, text: "spring.ai.anthropic.chat.options.disable-parallel-tool-use : true\n" },
  { sites: 0, text: "# spring.ai.openai.chat.options.parallel-tool-calls=false\n" },
];

const service = (r, i) => `services/${r.pick(AREAS)}-${i % 50}`;

export const config = [
  {
    perSixtyThousand: 600,
    sites: YAML_SITES,
    file(r, i, test, target) {
      const rel = test
        ? `${service(r, i)}/src/test/resources/application-${i}.yml`
        : i % 3 === 0
          ? `agents/${r.pick(NOUNS)}-${i}.agent.yaml`
          : `${service(r, i)}/src/main/resources/application-${i}.yml`;
      return { rel, parts: yamlParts(r, target) };
    },
  },
  {
    perSixtyThousand: 200,
    sites: TOML_SITES,
    file(r, i, test, target) {
      return {
        rel: test ? `agents/tests/fixtures/agent-${i}.toml` : `agents/${r.pick(AREAS)}/agent-${i}.toml`,
        parts: tomlParts(r, target),
      };
    },
  },
  {
    perSixtyThousand: 200,
    sites: PROPERTIES_SITES,
    file(r, i, test, target) {
      const folder = test ? "src/test/resources" : "src/main/resources";
      return { rel: `${service(r, i)}/${folder}/application-${i}.properties`, parts: propertiesParts(r, target) };
    },
  },
];
