// jscodeshift transform: find the markers and restore the original text, byte for byte as `toggle-parallel revert`.
//
//   npx jscodeshift -t node_modules/toggle-parallel/transforms/revert.ts \
//     --parser=tsx --extensions=ts,tsx,js,jsx,mjs,cjs,mts,cts [--marker=TAG] [--force=true] src
//
// It calls the CLI's core on the file's text and never api.jscodeshift. See docs/jscodeshift.md.
import type { Api, FileInfo, Options } from "../dist/jscodeshift";
import { loadCore } from "./load-core";

export default function revert(
  file: FileInfo,
  api: Api,
  options: Options,
): string | undefined | Promise<string | undefined> {
  return loadCore().transform("revert", file, api, options);
}
