// Kotlin: builder and setter calls, named arguments, properties, parameter defaults, assignments and string keys.
import { kotlinGrammar } from "./kotlin-grammar";
import { jvmLanguage } from "./jvm-language";

export const kotlin = jvmLanguage("kotlin", kotlinGrammar, { file: "tree-sitter-kotlin.wasm", pkg: "@tree-sitter-grammars/tree-sitter-kotlin" });
