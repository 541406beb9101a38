// Build step: copies the Python grammar (WebAssembly) from the pinned devDependency `tree-sitter-python` into dist/,
// with its license. The published package loads this copy, so it does not depend on `tree-sitter-python`, whose
// install script builds a native module the tool never uses.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const from = path.dirname(require.resolve("tree-sitter-python/package.json"));
const to = path.join(root, "dist", "grammars");
fs.mkdirSync(to, { recursive: true });
fs.copyFileSync(path.join(from, "tree-sitter-python.wasm"), path.join(to, "tree-sitter-python.wasm"));
fs.copyFileSync(path.join(from, "LICENSE"), path.join(to, "tree-sitter-python.LICENSE"));
const csharpFrom = path.dirname(require.resolve("tree-sitter-c-sharp/package.json"));
fs.copyFileSync(path.join(csharpFrom, "tree-sitter-c_sharp.wasm"), path.join(to, "tree-sitter-c_sharp.wasm"));
fs.copyFileSync(path.join(csharpFrom, "LICENSE"), path.join(to, "tree-sitter-c_sharp.LICENSE"));
