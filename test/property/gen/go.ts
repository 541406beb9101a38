// fast-check arbitraries for Go files: flag sites of every Go shape of SHAPES.md (keyed fields, map entries,
// assignments, declarations, option calls, string-key setters; bare, parenthesized and wrapped literals) among random
// code, comments, raw strings and look-alikes that must stay as they are. Same plan as typescript.ts.
import fc from "fast-check";
import { flag, site, type Flag, type Line, type Seg } from "./model";

/** Exported field names (struct keys, selectors) and string keys (maps, setters), plain and inverted. */
const FIELDS: Flag[] = [
  flag("ParallelToolCalls", false),
  flag("DisableParallelToolUse", true),
  flag("EnableParallelToolCalls", false),
  flag("AllowParallelToolCalls", false),
  flag("NoParallelToolCalls", true),
];
const KEYS: Flag[] = [
  flag("parallel_tool_calls", false),
  flag("disable_parallel_tool_use", true),
  flag("parallelToolCalls", false),
];
const VARIABLES: Flag[] = [
  flag("parallelToolCalls", false),
  flag("parallelToolCallsEnabled", false),
  flag("disableParallelToolCalls", true),
  flag("skipParallelToolCalls", true),
];

const fieldArb = fc.constantFrom(...FIELDS);
const keyArb = fc.constantFrom(...KEYS);
const variableArb = fc.constantFrom(...VARIABLES);

/** The literal, bare, in parentheses, or wrapped by a package's function, a local one, a conversion or new(). */
const valueArb = (f: Flag, lineCapable: boolean): fc.Arbitrary<Seg[]> => {
  const s = site(f, lineCapable);
  return fc.constantFrom<Seg[]>(
    [s],
    [s],
    ["(", s, ")"],
    ["openai.Bool(", s, ")"],
    ["param.NewOpt(", s, ")"],
    ["openai.F(", s, ")"],
    ["boolRef(", s, ")"],
    ["new(", s, ")"],
    ["bool(", s, ")"],
    ["param.NewOpt[bool](", s, ")"],
  );
};
/** Constants take a constant expression only. */
const constValueArb = (f: Flag, lineCapable: boolean): fc.Arbitrary<Seg[]> => {
  const s = site(f, lineCapable);
  return fc.constantFrom<Seg[]>([s], ["(", s, ")"]);
};

const IDENTS = ["body", "params", "req", "payload", "opts", "cfg", "draft", "state", "input", "chat", "client"];
const ident = fc.tuple(fc.constantFrom(...IDENTS), fc.nat(99)).map(([n, i]) => (i < 30 ? n : `${n}${i}`));

// eslint-disable-next-line no-control-regex -- NUL is taken out of generated text: a file holding one is read as binary, not parsed
const raw = fc.string({ unit: "grapheme", maxLength: 14 }).map((t) => t.replace(/\u0000/g, "0"));
const noTag = (t: string) => !t.includes("toggle-parallel");
const commentText = raw.map((t) => t.replace(/[\r\n\u2028\u2029]/g, " ")).filter(noTag);
const blockText = commentText.map((t) => t.replace(/\*\//g, "* /"));
const rawText = raw.map((t) => t.replace(/[`\r\n]/g, " "));

const L = (depth: number, ...segs: Seg[]): Line => ({ depth, segs });
const one = (...segs: Seg[]): Line[] => [L(0, ...segs)];
const shift = (lines: readonly Line[], by = 1): Line[] => lines.map((l) => ({ ...l, depth: l.depth + by }));
const maybe = (text: string) => fc.constantFrom("", text);

// ---------------------------------------------------------------------------------------------------------------
// Fillers: code without a site, comments, raw strings, look-alikes

const codeLine = fc.oneof(
  fc.tuple(ident, fc.nat(1000)).map(([n, v]) => [L(0, `v_${n} := ${v}`), L(0, `_ = v_${n}`)]),
  fc.tuple(ident, rawText).map(([n, t]) => one(`_ = fmt.Sprint("${t.replace(/[\\"]/g, "")}", ${n}Count)`)),
  fc.constant(one(`re := regexp.MustCompile("parallel_tool_calls:\\\\s*false")`)),
  fc.constant(one("_ = re")),
);

const comment = fc.oneof(
  commentText.map((t) => one(`// ${t}`)),
  blockText.map((t) => one(`/* ${t} */`)),
  fc.constantFrom(
    one("// ParallelToolCalls: openai.Bool(false) keeps the gateway serial"),
    one(`/* body["parallel_tool_calls"] = false */`),
    one("// disableParallelToolCalls := true"),
  ),
  fc.constant([L(0, "/*"), L(0, "params.ParallelToolCalls = param.NewOpt(false)"), L(0, "*/")]),
);

/** Look-alikes that apply must leave as they are. */
const lookAlike = fc.constantFrom<Line[]>(
  one("_ = Params{ParallelToolCalls: cfg.Parallel.Or(false)}"),
  one("_ = Params{ParallelToolCalls: param.Null[bool]()}"),
  one("_ = Params{ParallelToolCalls: param.Opt[bool]{}, DisableParallelToolUse: nil}"),
  one("_ = Params{ParallelToolCalls: openai.Bool(true), DisableParallelToolUse: openai.Bool(false)}"),
  one("_ = Params{ParallelToolCalls: new(bool)}"),
  one("_ = Params{ParallelToolCalls: !cfg.Serial}"),
  one("_ = Caps{SupportsParallelToolCalls: false, MaxParallelToolCalls: 1}"),
  one("applyDisableParallelToolUse(&req, true)"),
  one("convertParallelToolCalls(false)"),
  one("_ = cfg.ParallelToolCalls == false"),
  one('_ = `{"parallel_tool_calls": false}`'),
  one('_ = "// toggle-parallel: was false"'),
  [L(0, "if !cfg.ParallelToolCalls {"), L(1, "req.ParallelToolCalls = openai.Bool(false)"), L(0, "}")],
);

/** A raw string over several lines, with flag and marker-like text inside. */
const rawBlock = fc
  .tuple(
    ident,
    fc.array(
      fc.oneof(
        rawText,
        fc.constantFrom(
          `  "parallel_tool_calls": false,`,
          "// toggle-parallel: was false",
          "ParallelToolCalls: openai.Bool(false),",
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    rawText,
  )
  .map(([name, middle, last]): Line[] => [
    L(0, `doc_${name} := \``),
    ...middle.map((m) => ({ depth: 0, segs: [m], inString: true })),
    // The closing line never begins with "//": a comment line right above a site holding the tag is a marker.
    { depth: 0, segs: [`end ${last}\``], inString: true },
    L(0, `_ = doc_${name}`),
  ]);

const filler: fc.Arbitrary<Line[]> = fc.oneof(
  { weight: 3, arbitrary: codeLine },
  { weight: 3, arbitrary: comment },
  { weight: 3, arbitrary: lookAlike },
  { weight: 1, arbitrary: rawBlock },
  { weight: 1, arbitrary: fc.constant([L(0)]) },
);

// ---------------------------------------------------------------------------------------------------------------
// Sites

/** A line inside a multi-line composite literal of a struct. */
const fieldLine: fc.Arbitrary<Line> = fc.oneof(
  fc.constantFrom(
    L(0, "Model: model,"),
    L(0, "N: 42,"),
    L(0, "Tools: tools,"),
    L(0, "ParallelToolCalls: cfg.P,"),
    L(0, 'Note: "ParallelToolCalls: false",'),
  ),
  fieldArb.chain((f) =>
    fc.tuple(valueArb(f, true), maybe(" // one call per turn")).map(([v, c]) => L(0, `${f.name}: `, ...v, ",", c)),
  ),
  fc
    .tuple(fieldArb, fieldArb)
    .chain(([f, g]) =>
      fc
        .tuple(valueArb(f, true), valueArb(g, false))
        .map(([v1, v2]) => L(0, `${f.name}: `, ...v1, `, ${g.name}: `, ...v2, ",")),
    ),
);

/** A line inside a multi-line map literal with string keys. */
const entryLine: fc.Arbitrary<Line> = fc.oneof(
  fc.constantFrom(L(0, '"model": model,'), L(0, '"stream": true,')),
  keyArb.chain((k) => valueArb(k, true).map((v) => L(0, `"${k.name}": `, ...v, ","))),
);

const siteStatement: fc.Arbitrary<Line[]> = fc.oneof(
  // composite literals, over lines or on one
  fc
    .tuple(ident, fc.array(fieldLine, { minLength: 1, maxLength: 4 }))
    .map(([n, fields]) => [
      L(0, `${n} := openai.ChatCompletionNewParams{`),
      ...shift(fields),
      L(0, "}"),
      L(0, `_ = ${n}`),
    ]),
  fieldArb.chain((f) =>
    fc
      .tuple(ident, valueArb(f, false))
      .map(([n, v]) => [L(0, `${n} := Params{Model: m, ${f.name}: `, ...v, "}"), L(0, `_ = ${n}`)]),
  ),
  fieldArb.chain((f) =>
    valueArb(f, true).map((v) => [
      L(0, "choice := anthropic.ToolChoiceUnionParam{"),
      L(1, "OfAuto: &anthropic.ToolChoiceAutoParam{"),
      L(2, `${f.name}: `, ...v, ","),
      L(1, "},"),
      L(0, "}"),
      L(0, "_ = choice"),
    ]),
  ),
  // maps with string keys
  fc
    .tuple(ident, fc.array(entryLine, { minLength: 1, maxLength: 3 }))
    .map(([n, entries]) => [L(0, `${n} := map[string]any{`), ...shift(entries), L(0, "}"), L(0, `_ = ${n}`)]),
  keyArb.chain((k) =>
    fc
      .tuple(ident, valueArb(k, false))
      .map(([n, v]) => [L(0, `${n} := map[string]any{"stream": true, "${k.name}": `, ...v, "}"), L(0, `_ = ${n}`)]),
  ),
  // assignments, alone or inside an if, and to a string-keyed index
  fieldArb.chain((f) =>
    fc
      .tuple(ident, valueArb(f, true), fc.boolean())
      .map(([t, v, inIf]) =>
        inIf
          ? [L(0, `if len(${t}.Tools) > 0 {`), L(1, `${t}.${f.name} = `, ...v), L(0, "}")]
          : one(`${t}.${f.name} = `, ...v),
      ),
  ),
  fieldArb.chain((f) =>
    fc.tuple(ident, valueArb(f, false)).map(([t, v]) => one(`if ${t} != nil { ${t}.${f.name} = `, ...v, " }")),
  ),
  keyArb.chain((k) => fc.tuple(ident, valueArb(k, true)).map(([t, v]) => one(`${t}["${k.name}"] = `, ...v))),
  // declarations by name
  variableArb.chain((f) => valueArb(f, true).map((v) => [L(0, `${f.name} := `, ...v), L(0, `_ = ${f.name}`)])),
  // The statement begins its line: the marker line goes above it, whichever of its targets is the site.
  variableArb.chain((f) =>
    valueArb(f, true).map((v) => [L(0, `n, ${f.name} := 1, `, ...v), L(0, `_, _ = n, ${f.name}`)]),
  ),
  variableArb.chain((f) =>
    fc
      .tuple(maybe(" bool"), valueArb(f, true))
      .map(([type, v]) => [L(0, `var ${f.name}${type} = `, ...v), L(0, `_ = ${f.name}`)]),
  ),
  variableArb.chain((f) =>
    constValueArb(f, true).map((v) => [L(0, `const ${f.name} = `, ...v), L(0, `_ = ${f.name}`)]),
  ),
  // option and setter calls
  fieldArb.chain((f) =>
    fc.tuple(valueArb(f, true), fc.constantFrom("With", "Set")).map(([v, p]) => one(`agent.${p}${f.name}(`, ...v, ")")),
  ),
  fieldArb.chain((f) =>
    valueArb(f, true).map((v) => [
      L(0, "a := agent.New("),
      L(1, 'agent.WithName("helper"),'),
      L(1, `agent.With${f.name}(`, ...v, "),"),
      L(0, ")"),
      L(0, "_ = a"),
    ]),
  ),
  fieldArb.chain((f) =>
    valueArb(f, false).map((v) => [L(0, `a := agent.New(agent.With${f.name}(`, ...v, "))"), L(0, "_ = a")]),
  ),
  keyArb.chain((k) =>
    fc
      .tuple(ident, maybe("tool_choice."), valueArb(k, true))
      .map(([n, path, v]) => one(`${n}, _ = sjson.SetBytes(${n}, "${path}${k.name}", `, ...v, ")")),
  ),
);

function statements(level: number): fc.Arbitrary<Line[]> {
  const inner = level < 2 ? statements(level + 1) : fc.constant<Line[]>([]);
  const choices: Array<{ weight: number; arbitrary: fc.Arbitrary<Line[]> }> = [
    { weight: 5, arbitrary: filler },
    { weight: 5, arbitrary: siteStatement },
  ];
  if (level < 2) {
    choices.push(
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner, inner)
          .map(([n, a, b]) => [L(0, `if ${n}Ready {`), ...shift(a), L(0, "} else {"), ...shift(b), L(0, "}")]),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner)
          .map(([n, body]) => [L(0, `run_${n} := func() {`), ...shift(body), L(0, "}"), L(0, `run_${n}()`)]),
      },
    );
  }
  return fc
    .array(fc.oneof(...choices), { minLength: level === 0 ? 1 : 0, maxLength: level === 0 ? 10 : 4 })
    .map((g) => g.flat());
}

/** Top-level declarations: a grouped var block with sites, or nothing. */
const topLevel: fc.Arbitrary<Line[]> = fc.oneof(
  fc.constant<Line[]>([]),
  variableArb.chain((f) =>
    valueArb(f, true).map((v) => [L(0, "var ("), L(1, "retries = 3"), L(1, `${f.name} = `, ...v), L(0, ")")]),
  ),
);

export interface GoFile {
  path: string;
  lines: Line[];
}

const HEADER: Line[] = [
  L(0, "package gen"),
  L(0),
  L(0, "import ("),
  L(1, '"github.com/openai/openai-go/v3"'),
  L(1, '"github.com/openai/openai-go/v3/packages/param"'),
  L(0, ")"),
  L(0),
  L(0, "func boolRef(b bool) *bool { return &b }"),
  L(0),
];

export const goFile: fc.Arbitrary<GoFile> = fc
  .tuple(topLevel, fc.array(statements(0), { minLength: 1, maxLength: 2 }))
  .map(([top, bodies]) => ({
    path: "internal/gen/generated.go",
    lines: [
      ...HEADER,
      ...top,
      ...bodies.flatMap((body, i) => [
        L(0, `func f${i}(m string, tools []string, cfg Config) {`),
        ...shift(body),
        L(0, "}"),
      ]),
    ],
  }));
