// The one place text is changed: a list of (start, end, replacement) applied to the original in a single pass,
// as ESLint's fixer does. Every byte outside the edited ranges is copied as it was.

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class OverlappingEditsError extends Error {}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new OverlappingEditsError(`edits overlap at offset ${edit.start}`);
    if (edit.end < edit.start || edit.end > text.length)
      throw new RangeError(`bad edit range ${edit.start}-${edit.end}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}
