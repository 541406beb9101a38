// Loading the TypeScript compiler (the copy ts-morph bundles), as fast as Node 20 allows.
//
// The compiler is one 9 MB file; requiring it costs about 150 ms, most of it V8 compiling that source. Node 22 can
// keep compiled code between runs (module.enableCompileCache); Node 20 cannot, so the build does it once: it runs the
// compiler, parses a few files so the parser's functions are compiled too, and saves V8's code cache
// (node_modules/.cache/toggle-parallel/, never published). A run then loads the compiler from that cache in about
// 60 ms. The cache is used only when it was made from this very file (size and mtime) by this Node version; V8 checks
// its own version and flags and falls back to compiling when they differ. Without a cache: a plain require.
//
// Runs write nothing: only `node dist/languages/estree/compiler.js` (the build) writes the cache.
import { isAscii } from "node:buffer";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { ts as tsNamespace } from "ts-morph";

export type TS = typeof tsNamespace;

/** Where the build keeps the cache: the package's own node_modules/.cache, which npm never publishes. */
export const CACHE_DIR = path.join(__dirname, "..", "..", "..", "node_modules", ".cache", "toggle-parallel");
const cacheFiles = (dir: string) => ({ cache: path.join(dir, "typescript.v8-cache"), stamp: path.join(dir, "typescript.v8-cache.json") });

/* eslint-disable @typescript-eslint/no-require-imports */

/** Where the compiler is: found from ts-morph's own folder, so a nested @ts-morph/common is found too. */
export function compilerPath(): string | undefined {
  try {
    const fromTsMorph = path.dirname(require.resolve("ts-morph/package.json"));
    return require.resolve("@ts-morph/common/dist/typescript.js", { paths: [fromTsMorph] });
  } catch {
    return undefined;
  }
}

/** What the cache must have been made from. */
function stampOf(file: string): string {
  const stat = fs.statSync(file);
  return JSON.stringify({ file, size: stat.size, mtimeMs: stat.mtimeMs, node: process.version, arch: process.arch });
}

export interface Loaded {
  ts: TS;
  /** "cache" when V8 took the code cache, "source" when it compiled the file. */
  from: "cache" | "source";
}

export function loadCompiler(cacheDir = CACHE_DIR): Loaded {
  const file = compilerPath();
  // Requiring ts-morph itself would also load its wrapper and dependencies, about 40 ms more: only a fallback.
  if (!file) return { ts: (require("ts-morph") as { ts: TS }).ts, from: "source" };
  const { cache, stamp } = cacheFiles(cacheDir);
  let cachedData: Buffer | undefined;
  try {
    if (fs.readFileSync(stamp, "utf8") === stampOf(file)) cachedData = fs.readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  if (!cachedData) return { ts: require(file) as TS, from: "source" };
  const { exports, script } = evaluate(file, cachedData);
  return { ts: exports, from: script.cachedDataRejected ? "source" : "cache" };
}

/** Runs the compiler's file as CommonJS would (same wrapper, require, module, __filename, __dirname). */
function evaluate(file: string, cachedData?: Buffer): { exports: TS; script: vm.Script } {
  // The file is ASCII (TypeScript's is): read as Latin-1 it is the same string, made five times faster than UTF-8.
  const bytes = fs.readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as TS, filename: file, id: file, loaded: false };
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { exports: module.exports, script };
}

/** The build step: compile the compiler, warm its parser up on TS and TSX, save the code cache. */
export function writeCompileCache(cacheDir = CACHE_DIR): string | undefined {
  const file = compilerPath();
  if (!file) return undefined;
  const { exports: ts, script } = evaluate(file);
  const samples = [
    ["a.ts", "import { x } from './x'\nexport interface I<T> { a?: T; b: readonly string[] }\nexport class C extends B implements I<number> {\n  private readonly z = 1 as const\n  constructor(public y: number) { super() }\n  async m(this: C, ...r: unknown[]): Promise<void> { for (const v of r) { if (v satisfies unknown) await v } }\n}\nexport enum E { A = 1 }\nexport type U = { [K in keyof I<1>]-?: I<1>[K] } | `t${string}`\nlet v = a?.b ?? c!, w = (d as any)[0], re = /x+/g\nswitch (v) { case 1: break; default: throw new Error(`e ${v}`) }\n"],
    ["b.tsx", "export function P({ a }: { a: string }) {\n  const [s, set] = useState<number>(0)\n  return <div className={a} onClick={() => set(s + 1)}>{s > 0 ? <b>{s}</b> : 'none'}<Tag {...rest} flag={false} /></div>\n}\n"],
    ["c.js", "'use strict'\nconst { a } = require('a')\nmodule.exports = function f(x = 1, { y } = {}) { return class { #p = 2; static s() { return x ** 2 } } }\nlabel: for (let i = 0; i < 2; i++) { try { continue label } catch { } finally { } }\n"],
  ] as const;
  for (let round = 0; round < 3; round++) {
    for (const [name, text] of samples) {
      const kind = name.endsWith(".tsx") ? ts.ScriptKind.TSX : name.endsWith(".js") ? ts.ScriptKind.JSX : ts.ScriptKind.TS;
      ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, kind);
    }
  }
  const { cache, stamp } = cacheFiles(cacheDir);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(cache, script.createCachedData());
  fs.writeFileSync(stamp, stampOf(file));
  return cache;
}

/* eslint-enable @typescript-eslint/no-require-imports */

if (typeof module !== "undefined" && require.main === module) {
  try {
    const written = writeCompileCache();
    if (written) console.log(`compile cache for the TypeScript parser: ${path.relative(process.cwd(), written)}`);
  } catch (error) {
    // Only an optimisation: a build without it still works.
    console.warn(`no compile cache for the TypeScript parser: ${(error as Error).message}`);
  }
}
