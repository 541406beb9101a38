// The shared TS/JS lexer (src/languages/estree/lexer.ts): where a string, a template's text, a comment and a regular
// expression end, read from any index. The nesting estimate and the audit's loop gate both skip through it.
import { describe, expect, it } from "vitest";
import * as lexer from "../src/languages/estree/lexer";

describe("lexer", () => {
  it("ends a string at its closing quote, past escapes, or at the line break that leaves it unclosed", () => {
    expect(lexer.stringEnd(`x = "a\\"b" + 1`, 4)).toBe(9);
    expect(lexer.stringEnd(`'it''`, 0)).toBe(3);
    expect(lexer.stringEnd(`"a'b"`, 0)).toBe(4); // the other quote does not close it
    expect(lexer.stringEnd(`'a\nb'`, 0)).toBe(2); // the line break
    expect(lexer.stringEnd(`'a\\\nb'`, 0)).toBe(5); // a backslash continues the string on the next line
    expect(lexer.stringEnd(`'abc`, 0)).toBe(4); // the text's length
  });

  it("ends a template's text at its backtick or at the next ${ hole", () => {
    const text = "`a \\` $b ${c} d`";
    const hole = lexer.templateTextEnd(text, 0);
    expect(text.slice(hole, hole + 2)).toBe("${");
    expect(lexer.opensHole(text, hole)).toBe(true);
    const close = lexer.templateTextEnd(text, text.indexOf("}"));
    expect(close).toBe(text.length - 1);
    expect(lexer.opensHole(text, close)).toBe(false);
    expect(lexer.templateTextEnd("`never closed", 0)).toBe(13);
  });

  it("ends comments: a line comment before its line break, a block comment on its closing slash", () => {
    expect(lexer.lineEnd("a // b\nc", 2)).toBe(6);
    expect(lexer.lineEnd("a // b", 2)).toBe(6);
    expect(lexer.blockCommentEnd("/* a\n * b */ c", 0)).toBe(11);
    expect(lexer.blockCommentEnd("/* never closed", 0)).toBe(-1);
  });

  it("ends a regular expression on its line, a slash inside a class does not close it", () => {
    expect(lexer.regexEnd("x = /[/]a\\/b/g;", 4)).toBe(12);
    expect(lexer.regexEnd("x = /ab\n/", 4)).toBe(-1);
  });

  it("guesses a regular expression from the character or keyword before the slash", () => {
    expect(lexer.slashStartsRegex("/a/", 0, "")).toBe(true);
    expect(lexer.slashStartsRegex("x = /a/", 4, "=")).toBe(true);
    expect(lexer.slashStartsRegex("return /a/", 7, "n")).toBe(true);
    expect(lexer.slashStartsRegex("f(x) / 2", 5, ")")).toBe(false);
    expect(lexer.slashStartsRegex("total / 2", 6, "l")).toBe(false);
  });

  it("skips blanks and comments to the next piece of code", () => {
    const text = " \n // a\n /* b */ x";
    expect(text[lexer.skipBlanksAndComments(text, 0)]).toBe("x");
    expect(lexer.skipBlanksAndComments(" /* never closed", 0)).toBe(16);
  });
});
