// node bench/parsers.mjs [--tree DIR] [--runs N] [--oxc DIR]
//
// The parser choice, measured: for each way of loading a TS/JS parser, in a fresh process each time, the time to
// load it, to parse the tree's candidate files once (cold: what a run pays) and once more (warm). Candidates are the
// TS/JS files `git grep -l -i -F` finds for the catalog's prefilter words, as in toggle-parallel's own runs.
// oxc-parser is the one in node_modules, or another version installed elsewhere: --oxc DIR (npm i --prefix DIR).
// Its wasm build: npm i --prefix DIR --force oxc-parser@V @oxc-parser/binding-wasm32-wasi@V, then
// NAPI_RS_FORCE_WASI=error node bench/parsers.mjs --oxc DIR (the child processes inherit the variable).
// The TypeScript compiler is no longer toggle-parallel's (README, Design): the devDependency's copy stays as a yardstick.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = { runs: 5, tree: path.join(ROOT, "bench", ".cache", "tree-s1-n60000-v3") };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--tree") args.tree = path.resolve(process.argv[++i]);
  else if (a === "--runs") args.runs = Number(process.argv[++i]);
  else if (a === "--oxc") args.oxc = path.resolve(process.argv[++i]);
  else throw new Error(`unknown option ${a}`);
}

const { PREFILTER_WORDS } = await import(pathToFileURL(path.join(ROOT, "dist", "catalog.js")).href).then(
  (m) => m.default ?? m,
);
const specs = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"].map((e) => `:(icase)*${e}`);
const grep = spawnSync(
  "git",
  ["grep", "-l", "-z", "-i", "-F", ...PREFILTER_WORDS.flatMap((w) => ["-e", w]), "--", ...specs],
  { cwd: args.tree, encoding: "utf8" },
);
const files = grep.stdout
  .split("\0")
  .filter(Boolean)
  .map((f) => path.join(args.tree, f));
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

const nm = (p) => path.join(ROOT, "node_modules", p);
const tsParse = `(ts, f, text) => ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, f.endsWith(".tsx") ? ts.ScriptKind.TSX : /\\.[mc]?ts$/.test(f) ? ts.ScriptKind.TS : ts.ScriptKind.JSX)`;
const variants = [
  {
    name: 'require("typescript") 5.9 (devDependency)',
    load: `require(${JSON.stringify(nm("typescript"))})`,
    parse: tsParse,
  },
  {
    name: "@babel/parser 7 (typescript + jsx plugins; jscodeshift's)",
    load: `require(${JSON.stringify(nm("@babel/parser"))})`,
    parse: `(b, f, text) => b.parse(text, { sourceType: "module", errorRecovery: true, plugins: ["typescript", "jsx"] })`,
  },
];
// oxc-parser: the parser toggle-parallel uses (a dependency), or another install given with --oxc DIR.
const oxcDir = args.oxc ? path.join(args.oxc, "node_modules", "oxc-parser") : nm("oxc-parser");
variants.push(
  {
    name: `oxc-parser ${JSON.parse(fs.readFileSync(path.join(oxcDir, "package.json"), "utf8")).version} (native; what toggle-parallel uses)`,
    load: `require(${JSON.stringify(oxcDir)})`,
    parse: `(o, f, text) => o.parseSync(f, text, { lang: f.endsWith(".tsx") ? "tsx" : /\\.[mc]?ts$/.test(f) ? "ts" : "jsx", preserveParens: true }).program`,
  },
  {
    name: "toggle-parallel's TS/JS finder (oxc-parser, sites and audit)",
    load: `require(${JSON.stringify(path.join(ROOT, "dist", "languages", "estree", "typescript.js"))}).typescript`,
    parse: `(lang, f, text) => lang.analyze(text, f, { audit: true })`,
  },
);

const child = (v) => `
const fs = require("fs");
const files = ${JSON.stringify(files)};
const texts = files.map((f) => [f, fs.readFileSync(f, "utf8")]);
const now = () => Number(process.hrtime.bigint()) / 1e6;
let t = now();
const parser = ${v.load};
const load = now() - t;
const parse = ${v.parse};
t = now();
for (const [f, text] of texts) parse(parser, f, text);
const cold = now() - t;
t = now();
for (const [f, text] of texts) parse(parser, f, text);
const warm = now() - t;
console.log(JSON.stringify({ load, cold, warm }));`;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const results = variants.map(() => []);
for (let round = 0; round <= args.runs; round++) {
  variants.forEach((v, i) => {
    const r = spawnSync(process.execPath, ["-e", child(v)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${v.name}: ${r.stderr}`);
    if (round > 0) results[i].push(JSON.parse(r.stdout));
  });
}
const lines = [
  `Candidates: ${files.length} TS/JS files, ${(bytes / 1024).toFixed(0)} KiB, in ${args.tree}. Medians of ${args.runs} fresh processes (after one warm-up round), node ${process.version}.`,
  "",
  "| parser, loaded as | load (ms) | first parse of all candidates (ms) | load + first parse (ms) | second parse (ms) |",
  "| --- | ---: | ---: | ---: | ---: |",
];
variants.forEach((v, i) => {
  const r = results[i];
  const load = median(r.map((x) => x.load));
  const cold = median(r.map((x) => x.cold));
  lines.push(
    `| ${v.name} | ${load.toFixed(0)} | ${cold.toFixed(0)} | ${median(r.map((x) => x.load + x.cold)).toFixed(0)} | ${median(r.map((x) => x.warm)).toFixed(0)} |`,
  );
});
console.log(lines.join("\n"));
