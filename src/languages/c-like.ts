// What the languages with C's comments and `true`/`false` literals share (TS/JS, Go, Java, Kotlin, C#): a marker is a
// `//` line or a `/* */` block comment, and a boolean is spelled `true` or `false`.
import type { Language } from "../model";

export const C_LIKE: Pick<Language, "lineComment" | "blockComment" | "spell"> = {
  lineComment: "//",
  blockComment: ["/*", "*/"],
  spell: (value) => (value ? "true" : "false"),
};
