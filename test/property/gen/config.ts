// Generated config files (YAML, TOML, .properties) with flag sites among look-alikes (comments, quoted strings,
// block scalars, multi-line strings, continued values), every spelling of each format's booleans, and every layout
// (LF or CRLF, BOM, tabs where the format allows them, a final newline or none). Each file comes with the bytes
// apply must write, worked out line by line: a `# TAG: was <original>` line above each switched site, with that
// line's indentation, and the literal spelled the way the tool writes it.
import fc from "fast-check";

/** A flag name and the literal that switches parallel tool calls on for it. */
const NAMES: ReadonlyArray<[string, boolean]> = [
  ["parallel_tool_calls", true],
  ["parallel-tool-calls", true],
  ["parallelToolCalls", true],
  ["allowMultipleToolCalls", true],
  ["disable_parallel_tool_use", false],
  ["disable-parallel-tool-use", false],
];

export type ConfigFormat = "yaml" | "toml" | "properties";

const SPELLINGS: Record<ConfigFormat, readonly string[]> = {
  yaml: ["true", "True", "TRUE", "false", "False", "FALSE"],
  toml: ["true", "false"],
  properties: ["true", "false", "TRUE", "FALSE", "True", "False"],
};

/** One line of a generated file: its text before the line ending, and, for a site, what apply does to it. */
interface Line {
  text: string;
  site?: { literal: string; on: boolean };
}

export interface ConfigCase {
  path: string;
  input: string;
  expected: string;
  flips: number;
}

const name = fc.constantFrom(...NAMES);
const word = fc.constantFrom("alpha", "model", "route", "kettle", "lamp", "ferry");

function siteLine(
  format: ConfigFormat,
  indent: string,
  shape: number,
  [flag, on]: [string, boolean],
  literal: string,
  i: number,
): Line {
  const site = { literal, on };
  if (format === "yaml") {
    if (shape === 0) return { text: `${indent}${flag}: ${literal}`, site };
    if (shape === 1) return { text: `${indent}opts_${i}: {${flag}: ${literal}, n: ${i}}`, site };
    return { text: `${indent}"${flag}": ${literal}`, site };
  }
  if (format === "toml") {
    if (shape === 0) return { text: `${indent}${flag} = ${literal}`, site };
    if (shape === 1) return { text: `${indent}opts_${i} = { ${flag} = ${literal}, n = ${i} }`, site };
    return { text: `${indent}sub_${i}."${flag}" = ${literal}`, site };
  }
  const sep = [" = ", "=", ": ", "\t", " "][shape % 5]!;
  return { text: `${indent}app.s${i}.${flag}${sep}${literal}${shape === 3 ? "  " : ""}`, site };
}

/** Lines that mention a flag but are not sites, in the format's own syntax. */
function lookAlikes(
  format: ConfigFormat,
  indent: string,
  [flag]: [string, boolean],
  literal: string,
  i: number,
): Line[][] {
  if (format === "yaml") {
    return [
      [{ text: `${indent}# ${flag}: ${literal}` }],
      [{ text: `${indent}note_${i}: "${flag}: ${literal}"` }],
      [{ text: `${indent}text_${i}: |` }, { text: `${indent}  ${flag}: ${literal}` }],
      [{ text: `${indent}${flag}_${i}_count: 3` }],
    ];
  }
  if (format === "toml") {
    return [
      [{ text: `${indent}# ${flag} = ${literal}` }],
      [{ text: `${indent}note_${i} = "${flag} = ${literal}"` }],
      [{ text: `${indent}text_${i} = """` }, { text: `${flag} = ${literal}` }, { text: `"""` }],
    ];
  }
  return [
    [{ text: `${indent}# app.${flag}=${literal}` }],
    [{ text: `${indent}! app.${flag}=${literal} \\` }],
    [{ text: `${indent}app.c${i}.${flag}=${literal}\\` }, { text: `${indent}  ${literal}` }],
    [{ text: `${indent}app.q${i}.${flag}="${literal}"` }],
  ];
}

function section(format: ConfigFormat, i: number): Line[] {
  if (format === "yaml") return [{ text: `section_${i}:` }];
  if (format === "toml") return [{ text: `[section_${i}]` }];
  return [{ text: `# section ${i}` }];
}

const entry = (format: ConfigFormat, indent: string, i: number) =>
  fc
    .tuple(fc.nat(20), name, fc.constantFrom(...SPELLINGS[format]), fc.nat(4), word)
    .map(([kind, flag, literal, shape, w]): Line[] => {
      if (kind < 10) return [siteLine(format, indent, shape, flag, literal, i)];
      if (kind < 16) {
        const looks = lookAlikes(format, indent, flag, literal, i);
        return looks[kind % looks.length]!;
      }
      const filler =
        format === "yaml"
          ? `${indent}${w}_${i}: ${w}`
          : format === "toml"
            ? `${indent}${w}_${i} = "${w}"`
            : `${indent}${w}.${i}=${w}`;
      return [{ text: filler }];
    });

/** A file of one format: sections of entries, each section with at most one entry per key. */
export function configCase(format: ConfigFormat, tag: string): fc.Arbitrary<ConfigCase> {
  const indents = format === "yaml" ? ["  ", "    "] : ["", "  ", "\t", " \t"];
  return fc
    .record({
      indent: fc.constantFrom(...indents),
      sections: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
      eol: fc.constantFrom("\n", "\r\n"),
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
    })
    .chain(({ indent, sections, eol, bom, finalNewline }) => {
      let n = 0;
      const bodies = sections.map((count) =>
        fc.tuple(...Array.from({ length: count }, () => entry(format, indent, n++))).map((es) => es.flat()),
      );
      return fc.tuple(...bodies).map((parts) => {
        const lines = parts.flatMap((body, i) => [...section(format, i), ...body]);
        return render(format, tag, lines, eol, bom, finalNewline);
      });
    });
}

function render(
  format: ConfigFormat,
  tag: string,
  lines: Line[],
  eol: string,
  bom: boolean,
  finalNewline: boolean,
): ConfigCase {
  const ext = format === "yaml" ? "yaml" : format === "toml" ? "toml" : "properties";
  const join = (texts: string[]) => (bom ? "\uFEFF" : "") + texts.join(eol) + (finalNewline ? eol : "");
  const input = join(lines.map((l) => l.text));
  const out: string[] = [];
  let flips = 0;
  for (const l of lines) {
    const s = l.site;
    if (!s || (s.literal.toLowerCase() === "true") === s.on) {
      out.push(l.text);
      continue;
    }
    flips++;
    const indent = /^[ \t]*/.exec(l.text)![0];
    // The marker line ends as the file's lines do (every file has a section line, so a line ending to copy).
    out.push(`${indent}# ${tag}: was ${s.literal}`);
    out.push(replaceLiteral(l.text, s.literal, s.on ? "true" : "false"));
  }
  return { path: `config/app.${ext}`, input, expected: join(out), flips };
}

/** The line with its literal (the last occurrence as a whole word, where sites keep it) replaced. */
function replaceLiteral(text: string, literal: string, next: string): string {
  const at = text.lastIndexOf(literal);
  return text.slice(0, at) + next + text.slice(at + literal.length);
}
