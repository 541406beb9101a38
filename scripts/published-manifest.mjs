// npm pack / npm publish: the package.json that goes into the tarball has no `prepare` script.
//
// `prepare` builds dist/ when a developer runs `npm ci` in a clone. The tarball already holds dist/, and npm lists a
// `prepare` of a package installed from a file or a URL among the "install scripts not yet covered by allowScripts",
// a warning its user cannot act on. npm has no field to leave a script out of the tarball, so `prepack` writes
// package.json without it (the scripts that only make sense in a clone go too) and `postpack` puts the original bytes
// back. A pack that failed in between leaves the original in BACKUP; the next strip or restore puts it back first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = path.join(root, "package.json");
const BACKUP = path.join(root, ".package.json.before-pack");
/** Scripts that run only in a clone of the repository: the builds, and this very step. */
const CLONE_ONLY = ["prepublishOnly", "prepack", "prepare", "postpack"];

function restore() {
  if (!fs.existsSync(BACKUP)) return;
  fs.writeFileSync(MANIFEST, fs.readFileSync(BACKUP));
  fs.unlinkSync(BACKUP);
}

function strip() {
  restore();
  // npm pack packs dist/ as it is (npm publish builds first, in prepublishOnly); without it the package cannot run.
  if (!fs.existsSync(path.join(root, "dist", "cli", "main.js"))) {
    console.error("dist/ is not built: run npm run build (npm ci does it) before npm pack");
    process.exit(1);
  }
  const original = fs.readFileSync(MANIFEST, "utf8");
  const manifest = JSON.parse(original);
  for (const name of CLONE_ONLY) delete manifest.scripts?.[name];
  fs.writeFileSync(BACKUP, original);
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + "\n");
}

const command = process.argv[2];
if (command === "strip") strip();
else if (command === "restore") restore();
else {
  console.error("usage: node scripts/published-manifest.mjs strip|restore");
  process.exit(2);
}
