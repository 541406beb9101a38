// fast-check arbitraries for C# files: flag sites of every C# shape (object and `with` initializers, assignments in
// statements, switch sections and lambdas, string-keyed indexers, named arguments, property, field, local and parameter
// defaults, anonymous objects, dictionary entries, string-key setters; every .NET alias and the inverted one; parentheses and bool? casts) among look-alikes
// that must stay as they are (strings of every kind, comments, compound assignments, null/default, dynamic values,
// names that merely hold the words). Laid out and given their expected output by model.ts.
import fc from "fast-check";
import type { Line, Seg, SiteSeg, Style } from "./model";
import { styleArb } from "./style";

/** C# reads a lone CR as a line end, but the tool's line comments run to the next LF: no lone CR here. */
export const csStyleArb: fc.Arbitrary<Style> = styleArb.map((s) => ({
  ...s,
  eols: s.eols.map((e) => (e === "\r" ? "\n" : e)),
}));

interface Flag {
  name: string;
  inverted: boolean;
}

const OPTIONS: Flag[] = [
  { name: "AllowParallelToolCalls", inverted: false },
  { name: "ParallelToolCallsEnabled", inverted: false },
  { name: "AllowMultipleToolCalls", inverted: false },
  { name: "AllowParallelCalls", inverted: false },
  { name: "DisableParallelToolUse", inverted: true },
];
const LOCALS: Flag[] = [
  { name: "allowParallelToolCalls", inverted: false },
  { name: "parallelToolCallsEnabled", inverted: false },
  { name: "_allowParallelToolCalls", inverted: false },
  { name: "disableParallelToolCalls", inverted: true },
];
const KEYS: Flag[] = [
  { name: "parallel_tool_calls", inverted: false },
  { name: "disable_parallel_tool_use", inverted: true },
];

/** The value: a literal, in parentheses, or cast to bool?. */
function valueArb(f: Flag, lineCapable: boolean): fc.Arbitrary<Seg[]> {
  const site: SiteSeg = f.inverted
    ? { literal: "true", enabled: "false", lineCapable }
    : { literal: "false", enabled: "true", lineCapable };
  return fc.constantFrom<Seg[]>([site], [site], [site], ["(", site, ")"], ["(bool?)", site]);
}

const line = (depth: number, ...segs: Seg[]): Line => ({ depth, segs });

/** A statement with one or two sites, as lines with relative depth (inside a method body). */
function statementArb(): fc.Arbitrary<Line[]> {
  const option = fc.constantFrom(...OPTIONS);
  const local = fc.constantFrom(...LOCALS);
  const key = fc.constantFrom(...KEYS);
  return fc.oneof(
    option.chain((f) => valueArb(f, true).map((v) => [line(0, `o.${f.name} = `, ...v, ";")])),
    option.chain((f) =>
      valueArb(f, false).map((v) => [line(0, `var a = new Options { Model = "m", ${f.name} = `, ...v, " };")]),
    ),
    option.chain((f) =>
      valueArb(f, true).map((v) => [
        line(0, "var b = new Options"),
        line(0, "{"),
        line(1, 'Model = "m",'),
        line(1, `${f.name} = `, ...v, ","),
        line(0, "};"),
      ]),
    ),
    option.chain((f) =>
      valueArb(f, true).map((v) => [
        line(0, "var c = o with"),
        line(0, "{"),
        line(1, `${f.name} = `, ...v),
        line(0, "};"),
      ]),
    ),
    option.chain((f) => valueArb(f, false).map((v) => [line(0, `builder.Configure(x => x.${f.name} = `, ...v, ");")])),
    option.chain((f) =>
      valueArb(f, false).map((v) => [line(0, `switch (n) { case 1: o.${f.name} = `, ...v, "; break; }")]),
    ),
    key.chain((f) => valueArb(f, true).map((v) => [line(0, `body["${f.name}"] = `, ...v, ";")])),
    key.chain((f) =>
      valueArb(f, false).map((v) => [
        line(0, `var d = new Dictionary<string, object> { ["${f.name}"] = `, ...v, " };"),
      ]),
    ),
    key.chain((f) => valueArb(f, false).map((v) => [line(0, `var e = new { model = "m", ${f.name} = `, ...v, " };")])),
    key.chain((f) =>
      valueArb(f, true).map((v) => [
        line(0, "var g = new Dictionary<string, object>"),
        line(0, "{"),
        line(1, `{ "${f.name}", `, ...v, " },"),
        line(0, "};"),
      ]),
    ),
    key.chain((f) => valueArb(f, true).map((v) => [line(0, `body.Add("${f.name}", `, ...v, ");")])),
    key.chain((f) => valueArb(f, false).map((v) => [line(0, `body = Json.SetBool(body, "${f.name}", `, ...v, ");")])),
    local.chain((f) => valueArb(f, true).map((v) => [line(0, `bool ${f.name} = `, ...v, ";")])),
    local.chain((f) => valueArb(f, false).map((v) => [line(0, `var r = Create("m", ${f.name}: `, ...v, ");")])),
    local.chain((f) =>
      valueArb(f, true).map((v) => [line(0, "var s = Create("), line(1, '"m",'), line(1, `${f.name}: `, ...v, ");")]),
    ),
    // two sites on one line: the first takes the line above, the second an inline marker
    fc
      .tuple(option, option)
      .chain(([a, b]) =>
        fc
          .tuple(valueArb(a, true), valueArb(b, false))
          .map(([va, vb]) => [line(0, `o.${a.name} = `, ...va, `; o.${b.name} = `, ...vb, ";")]),
      ),
  );
}

// NUL is taken out of generated text: a file holding one is read as binary, not parsed.
const text = fc
  .string({ unit: "grapheme", maxLength: 12 })
  // eslint-disable-next-line no-control-regex -- see above
  .map((t) => t.replace(/[\u0000\r\n\u2028\u2029"\\{}*/]/g, " ").replace(/toggle-parallel/g, "t"));

/** Code that mentions the flag but is no site apply may change, and code that does not mention it at all. */
function fillerArb(): fc.Arbitrary<Line[]> {
  const option = fc.constantFrom(...OPTIONS);
  const on = (f: Flag) => (f.inverted ? "false" : "true");
  return fc.oneof(
    text.map((t) => [line(0, `// ${t} o.AllowParallelToolCalls = false;`)]),
    text.map((t) => [line(0, `/* ${t} AllowMultipleToolCalls = false */`)]),
    fc.tuple(option, text).map(([f, t]) => [line(0, `var s = "${t} ${f.name} = false";`)]),
    fc.tuple(option, text).map(([f, t]) => [line(0, `var v = @"${t} ""${f.name}"": false";`)]),
    option.map((f) => [line(0, `var i = $"{o.${f.name}} = false";`)]),
    option.map((f) => [line(0, `o.${f.name} = flag;`)]),
    option.map((f) => [line(0, `o.${f.name} = ${on(f)};`)]),
    option.map((f) => [line(0, `o.${f.name} ??= false;`)]),
    option.map((f) => [line(0, `o.${f.name} = null;`)]),
    option.map((f) => [line(0, `o.${f.name} = default;`)]),
    option.map((f) => [line(0, `o.${f.name} = other.${f.name} ?? false;`)]),
    fc.constant([line(0, "ApplyDisableParallelToolUse(true);")]),
    fc.constant([line(0, 'Assert.Equal("parallel_tool_calls", flag.ToString());')]),
    fc.constant([line(0, 'var arr = new object[] { "parallel_tool_calls", false };')]),
    fc.constant([line(0, "o.AllowConcurrentInvocation = false;")]),
    fc.constant([
      line(0, 'var y = """'),
      { depth: 1, segs: ["allowMultipleToolCalls: false"], inString: true },
      line(1, '""";'),
    ]),
    fc.nat(999).map((n) => [line(0, `int n = ${n};`)]),
  );
}

export interface CsFile {
  path: string;
  lines: Line[];
}

export const csFile: fc.Arbitrary<CsFile> = fc
  .array(fc.oneof({ weight: 2, arbitrary: statementArb() }, { weight: 1, arbitrary: fillerArb() }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => {
    // Each statement in a block of its own: generated locals may share names.
    const inner = parts.flatMap((p) => [line(0, "{"), ...p.map((l) => ({ ...l, depth: l.depth + 1 })), line(0, "}")]);
    const lines = [
      line(0, "namespace Gen;"),
      line(0, "public sealed class Generated"),
      line(0, "{"),
      line(1, "void F(Options o, Builder builder, JsonObject body, Options other, bool flag, int n)"),
      line(1, "{"),
      ...inner.map((l) => ({ ...l, depth: l.depth + 2 })),
      line(1, "}"),
      line(0, "}"),
    ];
    return { path: "src/Gen/Generated.cs", lines };
  });
