// Loads the built core (dist/) for the transforms, so that jscodeshift runs the very code the CLI runs.
//
// jscodeshift loads a transform through @babel/register (unless --no-babel), and it configures that hook with an
// `ignore` list of its own, which replaces Babel's default of leaving node_modules alone: every file required after
// the transform would be recompiled by Babel, our compiled dist/ and its dependencies too. Recompiling them is
// slow at best (seconds per worker on large bundles) and can fail on syntax Babel's preset does not know. So while a
// TypeScript require hook is installed, files under dist/ and node_modules/ are loaded as Node loads them, untouched;
// everything else (the transform files themselves) still goes through the hook.
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import type * as Core from "../dist/jscodeshift";

type Loader = ((
  this: unknown,
  mod: { _compile(code: string, filename: string): unknown },
  filename: string,
) => void) & { [GUARD]?: true };

const GUARD = Symbol.for("toggle-parallel.babel-guard");
const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

let core: typeof Core | undefined;

export function loadCore(): typeof Core {
  if (core) return core;
  bypassRequireHook();
  const entry = path.join(DIST, "jscodeshift.js");
  if (!fs.existsSync(entry))
    throw new Error(`toggle-parallel is not built: ${entry} is missing (run npm run build in ${ROOT})`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built core, found at run time
  core = require(entry) as typeof Core;
  return core;
}

function bypassRequireHook(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;
  const hooked = extensions[".js"];
  // Node registers .js, .json and .node; a .ts loader means a require hook (jscodeshift's Babel) is in place.
  if (!hooked || !extensions[".ts"] || hooked[GUARD]) return;
  const guarded: Loader = function (mod, filename) {
    if (filename.startsWith(DIST + path.sep) || filename.includes(NODE_MODULES)) {
      mod._compile(fs.readFileSync(filename, "utf8"), filename);
      return;
    }
    hooked.call(this, mod, filename);
  };
  guarded[GUARD] = true;
  extensions[".js"] = guarded;
}
