// Which language handles a file. Each language module loads its parser on first use, so a run only pays for the
// languages its candidate files need.
import type { Language } from "../model";
import { csharp } from "./tree-sitter/csharp";
import { python } from "./tree-sitter/python";
import { TS_EXTENSIONS, typescript } from "./estree/typescript";

const byExtension = new Map<string, Language>([...TS_EXTENSIONS.map((ext): [string, Language] => [ext, typescript]), [".py", python], [".cs", csharp]]);

export const SOURCE_EXTENSIONS = [...byExtension.keys()];

export function languageFor(path: string): Language | undefined {
  const dot = path.lastIndexOf(".");
  if (dot < 0) return undefined;
  return byExtension.get(path.slice(dot).toLowerCase());
}
