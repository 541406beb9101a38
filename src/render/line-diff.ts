// A line diff in linear time for the patches of files with very many changed lines. The `diff` package's Myers
// diff costs (lines × changes): 60,000 changed lines in one file took minutes. Our edits keep the order of lines and
// change each place by a line or two (a literal flipped, a marker inserted in a line or on a line of its own), so a
// walk that resynchronizes within a few lines after each difference finds the same diff; anything it cannot
// resynchronize is written as lines removed and added, which is still a correct patch, only a longer one.
import type { StructuredPatch, StructuredPatchHunk } from "diff";

/** How far (old lines + new lines skipped) the walk looks for the next line the two sides share. */
const RESYNC = 12;

interface Change {
  kind: " " | "-" | "+";
  lines: string[];
}

/** Lines with their line feeds, as the `diff` package splits them (the last one may have none). */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n").map((line) => line + "\n");
  const last = lines.pop()!;
  if (last !== "\n") lines.push(last.slice(0, -1));
  return lines;
}

function changes(a: readonly string[], b: readonly string[]): Change[] {
  const out: Change[] = [];
  const push = (kind: Change["kind"], lines: readonly string[]) => {
    if (lines.length === 0) return;
    const last = out[out.length - 1];
    if (last?.kind === kind) for (const l of lines) last.lines.push(l);
    else out.push({ kind, lines: [...lines] });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const start = i;
    while (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    }
    push(" ", a.slice(start, i));
    if (i === a.length && j === b.length) break;
    // The fewest lines skipped on both sides to the next shared line (or to both ends).
    let skip: [number, number] | undefined;
    for (let d = 1; d <= RESYNC && !skip; d++) {
      for (let di = 0; di <= d; di++) {
        const dj = d - di;
        const x = i + di;
        const y = j + dj;
        if (x > a.length || y > b.length) continue;
        if ((x === a.length && y === b.length) || (x < a.length && y < b.length && a[x] === b[y])) {
          skip = [di, dj];
          break;
        }
      }
    }
    const [di, dj] = skip ?? [Math.min(RESYNC, a.length - i), Math.min(RESYNC, b.length - j)];
    push("-", a.slice(i, i + di));
    push("+", b.slice(j, j + dj));
    i += di;
    j += dj;
  }
  return out;
}

/** The hunks of a unified diff with `context` lines around each, as the `diff` package's structuredPatch makes them. */
export function linearPatch(
  oldFileName: string,
  newFileName: string,
  before: string,
  after: string,
  context: number,
): StructuredPatch {
  const list = changes(splitLines(before), splitLines(after));
  const hunks: StructuredPatchHunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  let hunk: StructuredPatchHunk | undefined;
  const close = (trailing: readonly string[]) => {
    for (const l of trailing) hunk!.lines.push(" " + l);
    hunk!.oldLines = oldLine - hunk!.oldStart + trailing.length;
    hunk!.newLines = newLine - hunk!.newStart + trailing.length;
    hunks.push(hunk!);
    hunk = undefined;
  };
  list.forEach((c, index) => {
    if (c.kind === " ") {
      if (hunk) {
        const last = index === list.length - 1;
        if (c.lines.length <= 2 * context && !last) for (const l of c.lines) hunk.lines.push(" " + l);
        else close(c.lines.slice(0, context));
      }
      oldLine += c.lines.length;
      newLine += c.lines.length;
      return;
    }
    if (!hunk) {
      const before = index > 0 ? list[index - 1]!.lines.slice(-context) : [];
      hunk = {
        oldStart: oldLine - before.length,
        oldLines: 0,
        newStart: newLine - before.length,
        newLines: 0,
        lines: before.map((l) => " " + l),
      };
    }
    for (const l of c.lines) hunk.lines.push(c.kind + l);
    if (c.kind === "-") oldLine += c.lines.length;
    else newLine += c.lines.length;
  });
  if (hunk) close([]);
  for (const h of hunks) {
    const lines: string[] = [];
    for (const l of h.lines) {
      if (l.endsWith("\n")) lines.push(l.slice(0, -1));
      else lines.push(l, "\\ No newline at end of file");
    }
    h.lines = lines;
  }
  return { oldFileName, newFileName, oldHeader: undefined, newHeader: undefined, hunks };
}
