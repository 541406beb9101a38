// The JVM slice of the synthetic monorepo: Java and Kotlin services (Maven/Gradle layout, one file in sixty of the
// tree), a few with flag sites of the JVM shapes (builder chains, setters, Boolean constants, named arguments, string
// keys), some tests, and near misses (the flag in strings, text blocks and comments). Deterministic like the rest.
const NOUNS = [
  "order",
  "invoice",
  "ticket",
  "route",
  "agent",
  "planner",
  "session",
  "catalog",
  "payment",
  "shipment",
  "report",
  "review",
];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** Flag blocks: [extension, text, sites to switch on]. Test files hold theirs too: reported, left. */
const BLOCKS = [
  [
    ".java",
    '    ChatOptions options() {\n        return ChatOptions.builder()\n                .model("m")\n                .parallelToolCalls(false)\n                .build();\n    }\n',
    1,
  ],
  [
    ".java",
    "    void tune(Settings s) {\n        s.setParallelToolCalls(Boolean.FALSE);\n        s.disableParallelToolUse(true);\n    }\n",
    2,
  ],
  [
    ".java",
    '    private boolean parallelToolCallsEnabled = false;\n    void put(ObjectNode body) { body.put("parallel_tool_calls", false); }\n',
    2,
  ],
  [
    ".kt",
    "    fun request(m: String) = ChatRequest(\n        model = m,\n        parallelToolCalls = false,\n    )\n",
    1,
  ],
  [".kt", '    fun body() = mapOf("store" to true, "parallel_tool_calls" to false)\n', 1],
];
const NEAR_MISSES = [
  '    static final String DOC = """\n        {"parallel_tool_calls": false}\n        """;\n',
  "    // .parallelToolCalls(false) waits for a thread-safe executor\n",
];

function javaMethod(r, i) {
  const n = r.pick(NOUNS);
  return `    public ${cap(n)} ${n}${i}(${cap(n)} input, int limit) {\n        if (input == null || limit < ${r.int(1, 9)}) {\n            return ${cap(n)}.empty();\n        }\n        var items = input.items().stream().filter(x -> x.size() > ${r.int(0, 99)}).limit(limit).toList();\n        return new ${cap(n)}(items, "${n}-${i}");\n    }\n`;
}

function kotlinFunction(r, i) {
  const n = r.pick(NOUNS);
  return `    fun ${n}${i}(input: ${cap(n)}?, limit: Int = ${r.int(1, 9)}): ${cap(n)} {\n        val items = input?.items.orEmpty().filter { it.size > ${r.int(0, 99)} }.take(limit)\n        return ${cap(n)}(items, "${n}-$limit")\n    }\n`;
}

/** Yields the slice's files ({ rel, text, sites, flagged }), about one for each sixty files of the tree; r: its own Rng. */
export function* jvmSlice(r, files) {
  const count = Math.max(BLOCKS.length * 2, Math.round(files / 60));
  for (let i = 0; i < count; i++) {
    const block = i < BLOCKS.length * 2 ? BLOCKS[i % BLOCKS.length] : undefined;
    const ext = block ? block[0] : r.chance(0.6) ? ".java" : ".kt";
    const test = block ? i >= BLOCKS.length : r.chance(0.1);
    const name = `${cap(r.pick(NOUNS))}${cap(r.pick(NOUNS))}${i}${test ? "Test" : ""}`;
    const lang = ext === ".java" ? "java" : "kotlin";
    const rel = `services/${r.pick(NOUNS)}-service/src/${test ? "test" : "main"}/${lang}/com/bench/${name}${ext}`;
    const body = [];
    const target = r.logUniform(1024, 12_000);
    let size = 0;
    for (let m = 0; size < target; m++) {
      const part = ext === ".java" ? javaMethod(r, m) : kotlinFunction(r, m);
      body.push(part);
      size += part.length;
    }
    if (block) body.splice(r.int(0, body.length), 0, block[1]);
    if (ext === ".java" && r.chance(0.03)) body.splice(0, 0, r.pick(NEAR_MISSES));
    const head =
      ext === ".java" ? `package com.bench;\n\npublic class ${name} {\n` : `package com.bench\n\nclass ${name} {\n`;
    yield { rel, text: `${head}${body.join("\n")}}\n`, sites: block && !test ? block[2] : 0, flagged: Boolean(block) };
  }
}
