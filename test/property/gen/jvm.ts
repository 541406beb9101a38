// fast-check arbitraries for Java and Kotlin files: flag sites of every JVM shape (setters with the catalog's
// prefixes, builder chains over lines, string keys, fields and properties, named arguments, Boolean constants and
// wrapped literals) among look-alikes that must stay as they are (strings, text blocks, comments, enabled and dynamic
// values). Laid out and given their expected output by model.ts, as the TypeScript files are.
import fc from "fast-check";
import type { Line, Seg, SiteSeg, Style } from "./model";
import { styleArb } from "./style";

/** Java and Kotlin read a lone CR as a line end, but their line comments run to the next LF: no lone CR here. */
export const jvmStyleArb: fc.Arbitrary<Style> = styleArb.map((s) => ({
  ...s,
  eols: s.eols.map((e) => (e === "\r" ? "\n" : e)),
}));

interface Flag {
  name: string;
  inverted: boolean;
}

const SETTERS: Flag[] = [
  { name: "parallelToolCalls", inverted: false },
  { name: "setParallelToolCalls", inverted: false },
  { name: "withParallelToolCalls", inverted: false },
  { name: "isParallelToolCalls", inverted: false },
  { name: "enableParallelToolCalls", inverted: false },
  { name: "disableParallelToolUse", inverted: true },
  { name: "setDisableParallelToolUse", inverted: true },
  { name: "withParallelToolCallsDisabled", inverted: true },
];
const NAMES: Flag[] = [
  { name: "parallelToolCalls", inverted: false },
  { name: "parallelToolCallsEnabled", inverted: false },
  { name: "PARALLEL_TOOL_CALLS", inverted: false },
  { name: "allowParallelToolCalls", inverted: false },
  { name: "disableParallelToolUse", inverted: true },
  { name: "disableParallelToolCalls", inverted: true },
];
const KEYS: Flag[] = [
  { name: "parallel_tool_calls", inverted: false },
  { name: "disable_parallel_tool_use", inverted: true },
];

type Lang = "java" | "kotlin";

/** The value: a literal, a Boolean constant, or a literal wrapped in parentheses or a boxing call. */
function valueArb(f: Flag, lang: Lang, lineCapable: boolean): fc.Arbitrary<Seg[]> {
  const spelled = (off: string, on: string): SiteSeg =>
    f.inverted ? { literal: on, enabled: off, lineCapable } : { literal: off, enabled: on, lineCapable };
  const plain = spelled("false", "true");
  const forms: Seg[][] = [
    [plain],
    [plain],
    [plain],
    ["(", plain, ")"],
    [spelled("java.lang.Boolean.FALSE", "java.lang.Boolean.TRUE")],
  ];
  if (lang === "java")
    forms.push(
      [spelled("Boolean.FALSE", "Boolean.TRUE")],
      ["Boolean.valueOf(", plain, ")"],
      ["Optional.of(", plain, ")"],
    );
  else forms.push(["JsonPrimitive(", plain, ")"]);
  return fc.constantFrom(...forms);
}

const end = (lang: Lang) => (lang === "java" ? ";" : "");
const line = (depth: number, ...segs: Seg[]): Line => ({ depth, segs });

/** A statement with one or two sites, as lines with relative depth. */
function statementArb(lang: Lang): fc.Arbitrary<Line[]> {
  const setter = fc.constantFrom(...SETTERS);
  const name = fc.constantFrom(...NAMES);
  const key = fc.constantFrom(...KEYS);
  const local = lang === "java" ? "boolean " : "val ";
  const builder = lang === "java" ? "Options x = Options.builder()" : "val x = Options.builder()";
  return fc.oneof(
    setter.chain((f) => valueArb(f, lang, true).map((v) => [line(0, `o.${f.name}(`, ...v, `)${end(lang)}`)])),
    // a builder chain over lines: the `.setter(false)` line begins with its dot, so its marker goes above it
    setter.chain((f) =>
      valueArb(f, lang, true).map((v) => [
        line(0, builder),
        line(2, '.model("m")'),
        line(2, `.${f.name}(`, ...v, ")"),
        line(2, `.build()${end(lang)}`),
      ]),
    ),
    setter.chain((f) =>
      valueArb(f, lang, false).map((v) => [
        line(0, "x = Options.builder().model(1).", `${f.name}(`, ...v, `).build()${end(lang)}`),
      ]),
    ),
    key.chain((f) => valueArb(f, lang, true).map((v) => [line(0, `body.put("${f.name}", `, ...v, `)${end(lang)}`)])),
    name.chain((f) => valueArb(f, lang, true).map((v) => [line(0, `${local}${f.name} = `, ...v, end(lang))])),
    name.chain((f) => valueArb(f, lang, true).map((v) => [line(0, `this.${f.name} = `, ...v, end(lang))])),
    // two sites on one line: the first takes the line above, the second an inline marker
    fc
      .tuple(setter, setter)
      .chain(([a, b]) =>
        fc
          .tuple(valueArb(a, lang, true), valueArb(b, lang, false))
          .map(([va, vb]) => [line(0, `o.${a.name}(`, ...va, `); o.${b.name}(`, ...vb, ");")]),
      ),
    ...(lang === "kotlin"
      ? [
          name.chain((f) =>
            valueArb(f, "kotlin", false).map((v) => [line(0, `val r = Req(model = "m", ${f.name} = `, ...v, ")")]),
          ),
          name.chain((f) =>
            valueArb(f, "kotlin", true).map((v) => [
              line(0, "val r = Req("),
              line(1, 'model = "m",'),
              line(1, `${f.name} = `, ...v, ","),
              line(0, ")"),
            ]),
          ),
          key.chain((f) => valueArb(f, "kotlin", true).map((v) => [line(0, `body["${f.name}"] = `, ...v)])),
          key.chain((f) =>
            valueArb(f, "kotlin", false).map((v) => [
              line(0, `val m = mapOf("store" to 1, "${f.name}" to `, ...v, ")"),
            ]),
          ),
        ]
      : [
          key.chain((f) =>
            valueArb(f, "java", false).map((v) => [line(0, `m = Map.of("store", 1, "${f.name}", `, ...v, ");")]),
          ),
        ]),
  );
}

// NUL is taken out of generated text: a file holding one is read as binary, not parsed.
const text = fc
  .string({ unit: "grapheme", maxLength: 12 })
  // eslint-disable-next-line no-control-regex -- see above
  .map((t) => t.replace(/[\u0000\r\n\u2028\u2029"\\$`*/]/g, " ").replace(/toggle-parallel/g, "t"));

/** Code that mentions the flag but is no site apply may change, and code that does not mention it at all. */
function fillerArb(lang: Lang): fc.Arbitrary<Line[]> {
  const setter = fc.constantFrom(...SETTERS).map((f) => f.name);
  const lit = (f: string) => (SETTERS.find((s) => s.name === f)!.inverted ? "false" : "true");
  const str = lang === "java" ? 'String s = "' : 'val s = "';
  return fc.oneof(
    text.map((t) => [line(0, `// ${t} o.parallelToolCalls(false)`)]),
    text.map((t) => [line(0, `/* ${t} parallelToolCalls = false */`)]),
    fc.tuple(setter, text).map(([f, t]) => [line(0, `${str}${t} o.${f}(false)"${end(lang)}`)]),
    setter.map((f) => [line(0, `o.${f}(flag)${end(lang)}`)]),
    setter.map((f) => [line(0, `o.${f}(${lit(f)})${end(lang)}`)]),
    setter.map((f) => [line(0, `o.${f}(null)${end(lang)}`)]),
    fc.constant([line(0, `o.applyParallelToolCalls(false)${end(lang)}`)]),
    fc.constant([
      line(0, lang === "java" ? 'String t = """' : 'val t = """'),
      { depth: 1, segs: ['{"parallel_tool_calls": false}'], inString: true },
      line(1, `"""${end(lang)}`),
    ]),
    fc.nat(999).map((n) => [line(0, lang === "java" ? `int n = ${n};` : `val n = ${n}`)]),
  );
}

export interface JvmFile {
  path: string;
  lines: Line[];
}

function fileArb(lang: Lang): fc.Arbitrary<JvmFile> {
  const body = fc.array(
    fc.oneof({ weight: 2, arbitrary: statementArb(lang) }, { weight: 1, arbitrary: fillerArb(lang) }),
    { minLength: 1, maxLength: 8 },
  );
  return body.map((parts) => {
    const inner = parts.flat();
    const shift =
      (d: number) =>
      (l: Line): Line => ({ ...l, depth: l.depth + d });
    const lines =
      lang === "java"
        ? [
            line(0, "package gen;"),
            line(0, "class Generated {"),
            line(1, "void f(Options o, Options x, Map m, ObjectNode body, boolean flag) {"),
            ...inner.map(shift(2)),
            line(1, "}"),
            line(0, "}"),
          ]
        : [
            line(0, "package gen"),
            line(0, "fun f(o: Options, body: MutableMap<String, Any>, flag: Boolean) {"),
            ...inner.map(shift(1)),
            line(0, "}"),
          ];
    return { path: lang === "java" ? "src/main/java/gen/Generated.java" : "src/main/kotlin/gen/Generated.kt", lines };
  });
}

export const jvmFile: fc.Arbitrary<JvmFile> = fc.oneof(fileArb("java"), fileArb("kotlin"));
