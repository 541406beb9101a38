// A JVM language (Java, Kotlin) as the pipeline sees it: its grammar, loaded on first use, and the shared finder.
import fs from "node:fs";
import path from "node:path";
import type { Language as GrammarType, Node, Parser as ParserType } from "web-tree-sitter";
import type { Analysis, Language, LanguageId, ParseProblem, Range } from "../../model";
import { LineIndex } from "../../text";
import { findJvmSites, type JvmGrammar } from "./jvm-finder";
import { JVM_SPELLINGS } from "./jvm-values";
import { eachNodeOfType } from "./tree-walk";

const PROBLEMS = new Set(["ERROR", "MISSING"]);
const COMMENTS = new Set(["line_comment", "block_comment"]);
const STRINGS = new Set(["string_literal", "multiline_string_literal"]);

export function jvmLanguage(id: LanguageId, grammar: JvmGrammar, wasm: { file: string; pkg: string }): Language {
  let parser: ParserType | undefined;
  return {
    id,
    lineComment: "//",
    blockComment: ["/*", "*/"],
    spellings: JVM_SPELLINGS.slice(1),
    spell: (value) => (value ? "true" : "false"),
    async prepare() {
      if (parser) return;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Parser, Language } = require("web-tree-sitter") as typeof import("web-tree-sitter");
      await Parser.init();
      const loaded: GrammarType = await Language.load(grammarPath(wasm.file, wasm.pkg));
      const p = new Parser();
      p.setLanguage(loaded);
      parser = p;
    },
    analyze(text, file, options): Analysis {
      if (!parser) throw new Error(`the ${id} parser is not loaded: await prepare() first`);
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse ${file}`);
      try {
        const root = tree.rootNode;
        const problems: ParseProblem[] = [];
        if (root.hasError) {
          const lines = new LineIndex(text);
          eachNodeOfType(root, PROBLEMS, (node: Node) => {
            problems.push({ ...lines.at(node.startIndex), message: node.isMissing ? `missing ${node.type}` : "invalid syntax", range: { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1) } });
          });
        }
        const comments: Range[] = [];
        if (options?.comments) eachNodeOfType(root, COMMENTS, (n) => comments.push({ start: n.startIndex, end: n.endIndex }), STRINGS);
        return { sites: findJvmSites(text, root, grammar, options?.extraFlags), comments, problems };
      } finally {
        tree.delete();
      }
    },
  };
}

function grammarPath(file: string, pkg: string): string {
  const copy = path.join(__dirname, "..", "..", "grammars", file);
  if (fs.existsSync(copy)) return copy;
  return require.resolve(`${pkg}/${file}`);
}
