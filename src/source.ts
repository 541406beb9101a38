// One file's text as the pipeline reads it, built once per file (as ESLint's SourceCode is): the byte order mark set
// apart, the view with lone CRs read as LF, the comment tokens the parser reported, and a line index built the first
// time a line number is asked for. Classify, markers, plan and process take it instead of loose (text, comments)
// pairs and a module-global cache.
import type { Range } from "./model";
import { CommentTokens, lineEndingAt, LineIndex, loneCrAsLf, ownLineEndingAt } from "./text";

const BOM = "\uFEFF";

export class Source {
  /** "\uFEFF" when the file starts with a byte order mark, else "": parsers disagree on whether it is a character. */
  readonly bom: string;
  /** The text after the BOM, as the file holds it: the edits of a file with lone CRs are made here. */
  readonly original: string;
  /**
   * What the parsers and the text layer read: the original with each lone CR read as LF, the same length, so every
   * offset stays valid in the original. Line starts, line numbers and markers "right above" a site count lines by LF.
   */
  readonly text: string;
  private index: LineIndex | undefined;
  private tokens = new CommentTokens([]);

  /** `bom: false` for a text that is already a body (an edited one, parsed again): a leading U+FEFF stays in it. */
  /** `loneCrEndsLine: false` for a language where a lone CR is a space (Go): no LF view, lines end at LF only. */
  constructor(fileText: string, options: { bom?: boolean; loneCrEndsLine?: boolean } = {}) {
    this.bom = options.bom !== false && fileText.startsWith(BOM) ? BOM : "";
    this.original = this.bom ? fileText.slice(1) : fileText;
    this.text = (options.loneCrEndsLine !== false && loneCrAsLf(this.original)) || this.original;
  }

  /** True when the file ends some line with a lone CR (old Mac files): edits then write each line's own ending. */
  get hasLoneCr(): boolean {
    return this.text !== this.original;
  }

  /** The line index, built on first use: most files never need a line number past their sites. */
  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  /** The comment tokens the parser reported (empty until setComments). */
  get comments(): CommentTokens {
    return this.tokens;
  }

  setComments(ranges: readonly Range[]): void {
    this.tokens = new CommentTokens(ranges);
  }

  /** The line ending to write on the line at pos (in the LF view): that line's own, else the file's first, else LF. */
  lineEndingAt(pos: number): string {
    return lineEndingAt(this.text, pos);
  }

  /** The line ending the file itself writes on the line at pos, lone CRs included. */
  ownLineEndingAt(pos: number): string {
    return ownLineEndingAt(this.original, pos);
  }

  /** The whole file around an edited body: the BOM put back. */
  withBody(body: string): string {
    return this.bom + body;
  }
}
