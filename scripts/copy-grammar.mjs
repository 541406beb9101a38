// Build step: copies each tree-sitter grammar (WebAssembly) from its pinned devDependency into dist/grammars/, with
// its license. The published package loads these copies, so it depends on no grammar package (their installs build
// native modules, and hold C sources and prebuilds, that the tool never uses). A language module names its file in
// its Language.grammar; a test checks that every one is listed here.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** npm package, the .wasm it ships, and its license file. Versions are pinned in package.json (DESIGN.md, Dependency facts). */
export const GRAMMARS = [
  { npmPackage: "tree-sitter-python", file: "tree-sitter-python.wasm", license: "LICENSE" },
  { npmPackage: "tree-sitter-go", file: "tree-sitter-go.wasm", license: "LICENSE" },
  { npmPackage: "tree-sitter-java", file: "tree-sitter-java.wasm", license: "LICENSE" },
  { npmPackage: "@tree-sitter-grammars/tree-sitter-kotlin", file: "tree-sitter-kotlin.wasm", license: "LICENSE" },
  { npmPackage: "tree-sitter-c-sharp", file: "tree-sitter-c_sharp.wasm", license: "LICENSE" },
  { npmPackage: "@tree-sitter-grammars/tree-sitter-yaml", file: "tree-sitter-yaml.wasm", license: "LICENSE" },
  { npmPackage: "@tree-sitter-grammars/tree-sitter-toml", file: "tree-sitter-toml.wasm", license: "LICENSE" },
];

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

export function copyGrammars() {
  const require = createRequire(path.join(root, "package.json"));
  const to = path.join(root, "dist", "grammars");
  fs.mkdirSync(to, { recursive: true });
  for (const { npmPackage, file, license } of GRAMMARS) {
    const from = path.dirname(require.resolve(`${npmPackage}/package.json`));
    fs.copyFileSync(path.join(from, file), path.join(to, file));
    fs.copyFileSync(path.join(from, license), path.join(to, file.replace(/\.wasm$/, ".LICENSE")));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) copyGrammars();
