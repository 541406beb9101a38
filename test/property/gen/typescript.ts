// fast-check arbitraries for TypeScript/TSX files: flag sites of every family and every shape of SHAPES.md, among
// random code, comments, strings, template literals and look-alikes that must stay as they are. Each statement is a
// list of Lines (model.ts) with relative depth; nesting shifts the depth. A Python generator can follow the same
// plan: its own Syntax ({ lineComment: "#" }, no block comment), sites, fillers and parser check.
import fc from "fast-check";
import { flag, site, type Flag, type Line, type Seg } from "./model";

/** openai and anthropic API keys, and names the name rule reads (plain and inverted). */
const FLAGS: Flag[] = [
  flag("parallel_tool_calls", false),
  flag("parallelToolCalls", false),
  flag("disable_parallel_tool_use", true),
  flag("disableParallelToolUse", true),
  flag("parallelToolCallsEnabled", false),
  flag("PARALLEL_TOOL_CALLS_ENABLED", false),
  flag("allowParallelToolCalls", false),
  flag("enable_parallel_tool_calls", false),
  flag("useParallelToolCalls", false),
  flag("disableParallelToolCalls", true),
  flag("noParallelToolCalls", true),
  flag("blockParallelToolCalls", true),
  flag("DISABLE_PARALLEL_TOOL_CALLS", true),
  flag("skip_parallel_tool_calls", true),
];

const TAG_WORDS = ["toggle-parallel"];

const flagArb = fc.constantFrom(...FLAGS);

/** The literal, bare or behind parentheses, `as`, `satisfies`: all peeled by the finder, only the literal changes. */
const valueArb = (f: Flag, lineCapable: boolean, jsx = false): fc.Arbitrary<Seg[]> => {
  const s = site(f, lineCapable);
  const forms: Seg[][] = [[s], [s], [s], ["(", s, ")"], [s, " as boolean"], ["(", s, " as const)"], ["((", s, "))"]];
  if (!jsx) forms.push([s, " satisfies boolean"]);
  return fc.constantFrom(...forms);
};

/** Property keys as written: identifier, quoted, computed. */
const keyArb = (f: Flag) => fc.constantFrom(f.name, f.name, `"${f.name}"`, `'${f.name}'`, `["${f.name}"]`);
const memberArb = (f: Flag) => fc.constantFrom(`.${f.name}`, `.${f.name}`, `["${f.name}"]`, `['${f.name}']`);

const IDENTS = [
  "body",
  "params",
  "request",
  "payload",
  "opts",
  "settings",
  "completionParams",
  "req",
  "cfg",
  "draft",
  "state",
  "input",
  "entry",
  "data",
  "meta",
  "base",
  "chat",
  "client",
];
const ident = fc.tuple(fc.constantFrom(...IDENTS), fc.nat(99)).map(([n, i]) => (i < 30 ? n : `${n}${i}`));

// Random text: any graphemes (emoji, CJK, combining marks, U+2028), made safe for where it goes.
// eslint-disable-next-line no-control-regex -- NUL is the one character a source file may not hold (it reads as binary)
const raw = fc.string({ unit: "grapheme", maxLength: 14 }).map((t) => t.replace(/\u0000/g, "0"));
const noTag = (t: string) => !TAG_WORDS.some((w) => t.includes(w));
const commentText = raw.map((t) => t.replace(/[\r\n\u2028\u2029]/g, " ")).filter(noTag);
const blockText = commentText.map((t) => t.replace(/\*\//g, "* /"));
// JSON.stringify leaves U+2028/U+2029 raw, which the TypeScript scanner takes for a line break inside a string.
const dqString = raw.map((t) =>
  JSON.stringify(t)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029"),
);
const sqString = raw.map(
  (t) =>
    `'${t
      .replace(/\\/g, "\\\\")
      .replace(/'/g, "\\'")
      .replace(/[\r\n\u2028\u2029]/g, " ")}'`,
);
const templateText = raw.map((t) =>
  t
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/[\r\n\u2028\u2029]/g, " "),
);
const stringLit = fc.oneof(
  dqString,
  sqString,
  templateText.map((t) => `\`${t}\``),
);

const L = (depth: number, ...segs: Seg[]): Line => ({ depth, segs });
const one = (...segs: Seg[]): Line[] => [L(0, ...segs)];
const shift = (lines: readonly Line[], by = 1): Line[] => lines.map((l) => ({ ...l, depth: l.depth + by }));
const flat = (groups: readonly (readonly Line[])[]): Line[] => groups.flat();
const maybe = (text: string) => fc.constantFrom("", text);

// ---------------------------------------------------------------------------------------------------------------
// Random code that holds no site

const atom = fc.oneof(
  fc.nat(1000).map(String),
  ident,
  dqString,
  fc.constantFrom("true", "null", "undefined", "x?.y", "a[0]", "f(1, 2)"),
);
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc
      .tuple(tie("e"), fc.constantFrom(" + ", " * ", " - ", " && ", " === "), tie("e"))
      .map(([a, op, b]) => `${a}${op}${b}`),
    // `a && b ?? c` is a syntax error (?? takes no unparenthesized && or ||), which TypeScript's parser lets pass.
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `((${a}) ?? (${b}))`),
    tie("e").map((e) => `(${e})`),
    fc.array(tie("e"), { maxLength: 3 }).map((es) => `[${es.join(", ")}]`),
  ),
})).e;

const codeLine = fc.oneof(
  fc.tuple(fc.constantFrom("const", "let"), ident, expr).map(([d, n, e]) => one(`${d} v_${n} = ${e}`)),
  fc.tuple(ident, stringLit, maybe(";")).map(([n, s, semi]) => one(`const s_${n} = ${s}${semi}`)),
  fc.tuple(ident, expr).map(([n, e]) => one(`void (${e}) // ${n}`)),
  fc.tuple(ident, ident).map(([a, b]) => one(`${a}.${b} = ${b}.length`)),
  fc.constant(one("const re = /parallel_tool_calls:\\s*false|\\/\\/ toggle-parallel: was false/g")),
);

const comment = fc.oneof(
  commentText.map((t) => one(`// ${t}`)),
  blockText.map((t) => one(`/* ${t} */`)),
  fc.constantFrom(
    one("// parallel_tool_calls: false keeps the executor simple"),
    one("// const parallelToolCallsEnabled = false"),
    one("// body.disable_parallel_tool_use = true"),
    one("/* { parallel_tool_calls: false } */ const unrelated = 1"),
  ),
  fc
    .tuple(blockText, blockText)
    .map(([a, b]) => [
      L(0, "/**"),
      L(0, ` * ${a}`),
      L(0, " * @example { parallel_tool_calls: false, disableParallelToolUse: true }"),
      L(0, ` * ${b}`),
      L(0, " */"),
    ]),
  fc.constant([L(0, "/*"), L(0, "const parallelToolCallsEnabled = false"), L(0, "*/")]),
);

/** Look-alikes that apply must leave as they are (dynamic, types, enabled, capabilities, near misses, strings). */
const lookAlike = fc.constantFrom<Line[]>(
  one("const o1 = { parallel_tool_calls: meta.parallelToolCalls ?? false }"),
  one("const o2 = { parallelToolCalls: opts.parallel || false }"),
  one("const o3 = { disable_parallel_tool_use: on ? true : false }"),
  one("const disableParallelToolUse = !wantParallel"),
  one("req.parallel_tool_calls ??= false"),
  one("if (body.parallel_tool_calls === false) void 0"),
  one("const { parallelToolCalls: wanted } = opts"),
  one("const { parallel_tool_calls = undefined } = opts"),
  one("const o4 = { parallel_tool_calls: true, disable_parallel_tool_use: false }"),
  one("const disableParallelToolCalls = false"),
  one("const parallelToolCallsEnabled = true"),
  one("const o5 = { parallel_tool_calls: undefined }"),
  one("const capabilities = { parallelToolCalls: false }"),
  one("const supportsParallelToolCalls = false"),
  one("const maxParallelToolCalls = 1"),
  one("const enableParallelToolCalling = false"),
  one("let parallelToolCallCount = 0"),
  one("const PARALLEL_TOOL_CALL_RESPONSE = false"),
  one("const expectsParallelToolCalls = false"),
  one('const s1 = "parallel_tool_calls: false"'),
  one("const s2 = '// toggle-parallel: was false'"),
  one('const s3 = `{"parallel_tool_calls": false, "n": ${n}}`'),
  [L(0, "interface Req {"), L(1, "parallel_tool_calls?: false"), L(1, "disableParallelToolUse: true;"), L(0, "}")],
  [L(0, "type Opts = {"), L(1, "parallelToolCalls: false,"), L(0, "}")],
  [
    L(0, "const snapshot = `"),
    { depth: 1, segs: ['"parallel_tool_calls": false,'], inString: true },
    { depth: 0, segs: ["// toggle-parallel: was false"], inString: true },
    { depth: 0, segs: ["`"], inString: true },
  ],
);

/** A multi-line template literal with flag text, marker-like text and a substitution inside. */
const templateBlock = fc
  .tuple(
    ident,
    fc.array(
      fc.oneof(
        templateText,
        fc.constantFrom("  parallel_tool_calls: false,", "// toggle-parallel: was false", "${value}"),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    templateText,
  )
  .map(([name, middle, last]): Line[] => [
    L(0, `const t_${name} = \``),
    ...middle.map((m) => ({ depth: 0, segs: [m], inString: true })),
    // The closing line never begins with "//": a comment line right above a site holding the tag is a marker.
    { depth: 0, segs: [`end ${last}\``], inString: true },
  ]);

const filler: fc.Arbitrary<Line[]> = fc.oneof(
  { weight: 4, arbitrary: codeLine },
  { weight: 3, arbitrary: comment },
  { weight: 3, arbitrary: lookAlike },
  { weight: 1, arbitrary: templateBlock },
  { weight: 1, arbitrary: fc.constant([L(0)]) },
);

// ---------------------------------------------------------------------------------------------------------------
// Sites: every shape of SHAPES.md, with the marker placement the README gives (a line of its own when the site
// begins its line, else inline)

/** A line inside a multi-line object literal: other properties, sites on their own line or sharing one. */
const propertyLine: fc.Arbitrary<Line> = fc.oneof(
  fc.constantFrom(
    L(0, 'model: "gpt",'),
    L(0, "n: 42,"),
    L(0, "...base,"),
    L(0, "nested: { a: 1 },"),
    L(0, "parallel_tool_calls: meta.p ?? false,"),
    L(0, "parallelToolCalls: true,"),
    L(0, 'note: "parallel_tool_calls: false",'),
  ),
  flagArb.chain((f) =>
    fc
      .tuple(keyArb(f), valueArb(f, true), maybe(" // one call per turn"))
      .map(([k, v, c]) => L(0, k, ": ", ...v, ",", c)),
  ),
  fc
    .tuple(flagArb, flagArb)
    .chain(([f, g]) =>
      fc
        .tuple(keyArb(f), valueArb(f, true), keyArb(g), valueArb(g, false))
        .map(([k1, v1, k2, v2]) => L(0, k1, ": ", ...v1, ", ", k2, ": ", ...v2, ",")),
    ),
  flagArb.chain((f) =>
    fc.tuple(keyArb(f), valueArb(f, false)).map(([k, v]) => L(0, "...base, ", k, ": ", ...v, ", // serial")),
  ),
  flagArb.chain((f) =>
    fc.tuple(keyArb(f), valueArb(f, false)).map(([k, v]) => L(0, "acme: { ", k, ": ", ...v, " } satisfies AcmeOpts,")),
  ),
  flagArb.chain((f) =>
    fc.tuple(keyArb(f), valueArb(f, false)).map(([k, v]) => L(0, "...(this.optOut && { ", k, ": ", ...v, " }),")),
  ),
);

const siteStatement = (top: boolean, tsx: boolean): fc.Arbitrary<Line[]> => {
  const exp = top ? "export " : "";
  const shapes: Array<fc.Arbitrary<Line[]>> = [
    // a multi-line object literal
    fc
      .tuple(ident, fc.array(propertyLine, { minLength: 1, maxLength: 5 }), fc.constantFrom("}", "};", "} as const"))
      .map(([n, props, close]) => [L(0, `${exp}const ${n} = {`), ...shift(props), L(0, close)]),
    // a single-line object
    flagArb.chain((f) =>
      fc
        .tuple(ident, keyArb(f), valueArb(f, false))
        .map(([n, k, v]) => one(`${exp}const ${n} = { mode: "auto", `, k, ": ", ...v, " }")),
    ),
    // a member assignment, with or without semicolon, often inside an if
    flagArb.chain((f) =>
      fc
        .tuple(ident, memberArb(f), valueArb(f, true), maybe(";"), fc.boolean())
        .map(([t, m, v, semi, inIf]) =>
          inIf
            ? [L(0, `if (${t}.tools?.length) {`), L(1, t, m, " = ", ...v, semi), L(0, "}")]
            : one(t, m, " = ", ...v, semi),
        ),
    ),
    flagArb.chain((f) =>
      fc.tuple(ident, memberArb(f), valueArb(f, false)).map(([t, m, v]) => one(`if (${t}) `, t, m, " = ", ...v)),
    ),
    // a local constant or variable by name
    flagArb.chain((f) =>
      fc
        .tuple(
          fc.constantFrom("const", "let", "var", ...(top ? ["export const", "export let"] : [])),
          maybe(": boolean"),
          valueArb(f, true),
          maybe(";"),
        )
        .map(([d, type, v, semi]) => one(`${d} ${f.name}${type} = `, ...v, semi)),
    ),
    flagArb.chain((f) => valueArb(f, false).map((v) => one(`let first = 1, ${f.name} = `, ...v))),
    flagArb.chain((f) => valueArb(f, false).map((v) => one(`void 0; const ${f.name} = `, ...v))),
    // a typed parameter default, on one line or on its own line
    flagArb.chain((f) =>
      fc
        .tuple(ident, valueArb(f, false))
        .map(([n, v]) => [
          L(0, `${exp}function fn_${n}(list?: string[], ${f.name}: boolean = `, ...v, ") {"),
          L(1, `return { tools: list, flag: ${f.name} }`),
          L(0, "}"),
        ]),
    ),
    flagArb.chain((f) =>
      fc
        .tuple(ident, valueArb(f, true))
        .map(([n, v]) => [
          L(0, `function fn_${n}(`),
          L(1, "a: number,"),
          L(1, `${f.name}: boolean = `, ...v, ","),
          L(0, ") {"),
          L(0, "}"),
        ]),
    ),
    flagArb.chain((f) =>
      fc
        .tuple(ident, valueArb(f, false))
        .map(([n, v]) => one(`const arrow_${n} = (${f.name} = `, ...v, `) => ${f.name}`)),
    ),
    // a class field
    flagArb.chain((f) =>
      fc
        .tuple(
          ident,
          fc.constantFrom("", "static ", "private ", "readonly ", "private readonly ", "public static "),
          maybe(": boolean"),
          valueArb(f, true),
          maybe(";"),
        )
        .map(([n, mod, type, v, semi]) => [
          L(0, `${exp}class C_${n} {`),
          L(1, `${mod}${f.name}${type} = `, ...v, semi),
          L(1, "method() {"),
          L(2, "return 1"),
          L(1, "}"),
          L(0, "}"),
        ]),
    ),
    // options object as a call argument, and cast with as
    flagArb.chain((f) =>
      fc
        .tuple(keyArb(f), valueArb(f, false))
        .map(([k, v]) => one("void chat.invoke(question, { ", k, ": ", ...v, " })")),
    ),
    flagArb.chain((f) =>
      fc.tuple(keyArb(f), valueArb(f, false)).map(([k, v]) => one("params({ ", k, ": ", ...v, " } as CallOpts)")),
    ),
    flagArb.chain((f) =>
      fc
        .tuple(keyArb(f), valueArb(f, true))
        .map(([k, v]) => [L(0, "void chat.invoke(question, {"), L(1, k, ": ", ...v, ","), L(0, "})")]),
    ),
    // destructuring defaults
    flagArb.chain((f) => valueArb(f, false).map((v) => one(`const { ${f.name} = `, ...v, " } = opts"))),
    flagArb.chain((f) =>
      valueArb(f, true).map((v) => [L(0, "const {"), L(1, `${f.name} = `, ...v, ","), L(0, "} = opts")]),
    ),
  ];
  if (tsx) {
    // JSX attributes always take an inline marker
    shapes.push(
      flagArb.chain((f) =>
        fc
          .tuple(ident, valueArb(f, false, true))
          .map(([n, v]) => one(`const View_${n} = () => <Agent ${f.name}={`, ...v, "} />")),
      ),
      flagArb.chain((f) =>
        fc
          .tuple(ident, valueArb(f, false, true))
          .map(([n, v]) => [
            L(0, `const Panel_${n} = () => (`),
            L(1, "<Agent"),
            L(2, 'name="helper"'),
            L(2, `${f.name}={`, ...v, "}"),
            L(1, "/>"),
            L(0, ")"),
          ]),
      ),
    );
  }
  return fc.oneof(...shapes);
};

/** Statements at one nesting level: sites among fillers, and nested functions, ifs and classes. */
function statements(level: number, tsx: boolean): fc.Arbitrary<Line[]> {
  const top = level === 0;
  const inner = level < 3 ? statements(level + 1, tsx) : fc.constant<Line[]>([]);
  const choices: Array<{ weight: number; arbitrary: fc.Arbitrary<Line[]> }> = [
    { weight: 5, arbitrary: filler },
    { weight: 5, arbitrary: siteStatement(top, tsx) },
  ];
  if (level < 3) {
    choices.push(
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner)
          .map(([n, body]) => [
            L(0, `${top ? "export " : ""}function f_${n}(a: number, b = "x") {`),
            ...shift(body),
            L(0, "}"),
          ]),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner, inner)
          .map(([n, a, b]) => [L(0, `if (${n}) {`), ...shift(a), L(0, "} else {"), ...shift(b), L(0, "}")]),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner)
          .map(([n, body]) => [L(0, `const run_${n} = async () => {`), ...shift(body), L(0, "}")]),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(ident, inner)
          .map(([n, body]) => [L(0, `class K_${n} {`), L(1, `m_${n}() {`), ...shift(body, 2), L(1, "}"), L(0, "}")]),
      },
    );
  }
  return fc.array(fc.oneof(...choices), { minLength: top ? 1 : 0, maxLength: top ? 12 : 4 }).map(flat);
}

const tsStatements = statements(0, false);
const tsxStatements = statements(0, true);

export interface TsFile {
  path: string;
  lines: Line[];
}

export const tsFile: fc.Arbitrary<TsFile> = fc.oneof(
  { weight: 3, arbitrary: tsStatements.map((lines) => ({ path: "src/generated.ts", lines })) },
  { weight: 1, arbitrary: tsxStatements.map((lines) => ({ path: "src/generated.tsx", lines })) },
);
