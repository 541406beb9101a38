// Java: builder and setter calls, fields, variables, assignments, annotation arguments and string keys.
import { javaGrammar } from "./java-grammar";
import { jvmLanguage } from "./jvm-language";

export const java = jvmLanguage("java", javaGrammar, { file: "tree-sitter-java.wasm", pkg: "tree-sitter-java" });
