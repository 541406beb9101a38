// Adversarial shapes (issue 10, item 17), each beside a baseline of the same content laid out the ordinary way, so a
// row's ratio says what the shape itself costs: near 1 when the work grows with the size of the text only.
//
//   py-continuation   6,000 Python lines joined by backslash continuations, a keyword-argument site every 4th line
//                     baseline: the same 6,000 lines, each a statement of its own
//   ts-one-line       60,000 sites `f({parallel_tool_calls: false}); ` on one 2 MB line
//                     baseline: the same 60,000 statements, one a line
//   py-one-line       60,000 sites `f(parallel_tool_calls=False); ` on one line
//                     baseline: one a line
//   audit-one-line    60,000 `tool_calls` mentions on one line for the audit's text tests (TS and Python files), and
//                     60,000 first-call reads `a = x.tool_calls[0]` on one line for its walkers
//                     baseline: the same statements, one a line
//   audit-cues-one-line  the cues of the audit's text gate, 60,000 each on one line: `for c in tool_calls` headers
//                     (Python), quoted tool block types before a return, discard log words, `[0]` after other names,
//                     a stream loop that replaces its calls (TS/JS), a map keyed by a call's name (Python)
//                     baseline: one a line
import fs from "node:fs";
import path from "node:path";

export const SHAPES_VERSION = 3;

const repeat = (unit, n, sep) => Array.from({ length: n }, () => unit).join(sep);

function continuation(lines, joined) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const expr = i % 4 === 0 ? "g(parallel_tool_calls=False)" : `h(${i})`;
    out.push(joined ? `    ${expr} + \\` : `x${i} = ${expr}`);
  }
  return joined ? `total = f(0) + \\\n${out.join("\n")}\n    0\n` : `${out.join("\n")}\n`;
}

/** name -> { shape: files, baseline: files } */
export const SHAPES = {
  "py-continuation": (one) => ({ "agent.py": continuation(6000, one) }),
  "ts-one-line": (one) => ({ "agent.ts": repeat("f({parallel_tool_calls: false});", 60_000, one ? " " : "\n") + "\n" }),
  "py-one-line": (one) => ({ "agent.py": repeat("f(parallel_tool_calls=False);", 60_000, one ? " " : "\n") + "\n" }),
  "audit-one-line": (one) => {
    const sep = one ? " " : "\n";
    return {
      "mentions.ts": repeat("a = x.tool_calls;", 60_000, sep) + "\n",
      "mentions.py": repeat("a = x.tool_calls;", 60_000, sep) + "\n",
      "first.ts": repeat("a = x.tool_calls[0];", 60_000, sep) + "\n",
      "first.py": repeat("a = x.tool_calls[0];", 60_000, sep) + "\n",
    };
  },
  "audit-cues-one-line": (one) => {
    const sep = one ? " " : "\n";
    return {
      "headers.py": repeat("for c in tool_calls", 60_000, sep) + "\n",
      "branches.ts": repeat("if (b.type === 'tool_use') f(b);", 60_000, sep) + "\n",
      "discards.ts": repeat("log('discarding tool call'); a = b;", 60_000, sep) + "\n",
      "zeros.ts": repeat("a = rows[0]; b = tool_calls;", 60_000, sep) + "\n",
      "stream.ts":
        repeat("for await (const chunk of s) { calls = chunk.tool_calls; t += chunk.content }", 60_000, sep) + "\n",
      "keyed.py": repeat("d[c.function.name] = c;", 60_000, sep) + "\n",
    };
  },
};

/** Writes each shape and its baseline under dir (once; cached by version). Returns [{ name, shape, baseline }]. */
export function writeShapes(dir) {
  const stamp = path.join(dir, `.shapes-v${SHAPES_VERSION}`);
  const out = Object.keys(SHAPES).map((name) => ({
    name,
    shape: path.join(dir, name, "shape"),
    baseline: path.join(dir, name, "baseline"),
  }));
  if (fs.existsSync(stamp)) return out;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const { name, shape, baseline } of out) {
    for (const [folder, one] of [
      [shape, true],
      [baseline, false],
    ]) {
      fs.mkdirSync(folder, { recursive: true });
      for (const [file, text] of Object.entries(SHAPES[name](one))) fs.writeFileSync(path.join(folder, file), text);
    }
  }
  fs.writeFileSync(stamp, "");
  return out;
}

/** Every file's bytes under a folder, to check that apply then revert gave them back. */
export function snapshot(folder) {
  return new Map(
    fs
      .readdirSync(folder)
      .filter((f) => !f.startsWith("."))
      .map((f) => [f, fs.readFileSync(path.join(folder, f), "utf8")]),
  );
}
