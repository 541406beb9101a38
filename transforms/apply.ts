// jscodeshift transform: switch parallel tool calls on behind marker comments, byte for byte as `toggle-parallel apply`.
//
//   npx jscodeshift -t node_modules/toggle-parallel/transforms/apply.ts \
//     --parser=tsx --extensions=ts,tsx,js,jsx,mjs,cjs,mts,cts [--marker=TAG] [--includeTests=true] [--includeDefaults=true] src
//
// It calls the CLI's core on the file's text and never api.jscodeshift: no tree is printed, nothing but the switched
// literals and their marker comments changes. See docs/jscodeshift.md.
import type { Api, FileInfo, Options } from "../dist/jscodeshift";
import { loadCore } from "./load-core";

export default function apply(
  file: FileInfo,
  api: Api,
  options: Options,
): string | undefined | Promise<string | undefined> {
  return loadCore().transform("apply", file, api, options);
}
