// The shared TS/JS lexer (src/languages/estree/lexer.ts): where a string, a template's text, a comment and a regular
// expression end, read from any index. The nesting estimate and the audit's loop gate both skip through it.
import { describe, expect, it } from "vitest";
import {
  blockCommentEnd,
  lineEnd,
  opensHole,
  regexEnd,
  skipBlanksAndComments,
  slashStartsRegex,
  stringEnd,
  templateTextEnd,
} from "../src/languages/estree/lexer";

describe("lexer", () => {
  it("ends a string at its closing quote, past escapes, or at the line break that leaves it unclosed", () => {
    expect(stringEnd(`x = "a\\"b" + 1`, 4)).toBe(9);
    expect(stringEnd(`'it''`, 0)).toBe(3);
    expect(stringEnd(`"a'b"`, 0)).toBe(4); // the other quote does not close it
    expect(stringEnd(`'a\nb'`, 0)).toBe(2); // the line break
    expect(stringEnd(`'a\\\nb'`, 0)).toBe(5); // a backslash continues the string on the next line
    expect(stringEnd(`'abc`, 0)).toBe(4); // the text's length
  });

  it("ends a template's text at its backtick or at the next ${ hole", () => {
    const text = "`a \\` $b ${c} d`";
    const hole = templateTextEnd(text, 0);
    expect(text.slice(hole, hole + 2)).toBe("${");
    expect(opensHole(text, hole)).toBe(true);
    const close = templateTextEnd(text, text.indexOf("}"));
    expect(close).toBe(text.length - 1);
    expect(opensHole(text, close)).toBe(false);
    expect(templateTextEnd("`never closed", 0)).toBe(13);
  });

  it("ends comments: a line comment before its line break, a block comment on its closing slash", () => {
    expect(lineEnd("a // b\nc", 2)).toBe(6);
    expect(lineEnd("a // b", 2)).toBe(6);
    expect(blockCommentEnd("/* a\n * b */ c", 0)).toBe(11);
    expect(blockCommentEnd("/* never closed", 0)).toBe(-1);
  });

  it("ends a regular expression on its line, a slash inside a class does not close it", () => {
    expect(regexEnd("x = /[/]a\\/b/g;", 4)).toBe(12);
    expect(regexEnd("x = /ab\n/", 4)).toBe(-1);
  });

  it("guesses a regular expression from the character or keyword before the slash", () => {
    expect(slashStartsRegex("/a/", 0, "")).toBe(true);
    expect(slashStartsRegex("x = /a/", 4, "=")).toBe(true);
    expect(slashStartsRegex("return /a/", 7, "n")).toBe(true);
    expect(slashStartsRegex("f(x) / 2", 5, ")")).toBe(false);
    expect(slashStartsRegex("total / 2", 6, "l")).toBe(false);
  });

  it("skips blanks and comments to the next piece of code", () => {
    const text = " \n // a\n /* b */ x";
    expect(text[skipBlanksAndComments(text, 0)]).toBe("x");
    expect(skipBlanksAndComments(" /* never closed", 0)).toBe(16);
  });
});
