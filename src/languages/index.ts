// The language modules, and the tables the pipeline reads, built from their facts: which language handles a file,
// which files are tests, which folders are skipped. Adding a language is adding its module to LANGUAGES. Each module
// loads its parser on first use, so a run only pays for the languages its candidate files need.
import type { Language, LanguageId } from "../model";
import { properties } from "./config/properties";
import { toml } from "./config/toml";
import { yaml } from "./config/yaml";
import { csharp } from "./tree-sitter/csharp";
import { go } from "./tree-sitter/go";
import { java } from "./tree-sitter/java";
import { kotlin } from "./tree-sitter/kotlin";
import { python } from "./tree-sitter/python";
import { typescript } from "./estree/typescript";
import { escapeRegExp } from "../text";

export const LANGUAGES: readonly Language[] = [typescript, python, go, java, kotlin, csharp, yaml, toml, properties];

const byExtension = new Map<string, Language>(
  LANGUAGES.flatMap((l) => l.extensions.map((ext): [string, Language] => [ext, l])),
);

export const SOURCE_EXTENSIONS = [...byExtension.keys()];

export function languageFor(path: string): Language | undefined {
  const dot = path.lastIndexOf(".");
  if (dot < 0) return undefined;
  return byExtension.get(path.slice(dot).toLowerCase());
}

const names = LANGUAGES.map((l) => l.displayName).join(", ");
/** For messages: "not a TypeScript, JavaScript, Python or Go file; skipped". */
export const NOT_A_SOURCE_FILE = `not a ${names.replace(/, ([^,]*)$/, " or $1")} file; skipped`;

export function languageById(id: LanguageId): Language | undefined {
  return LANGUAGES.find((l) => l.id === id);
}

/** Test files assert today's behaviour; apply leaves them unless asked. Each language says which are. Forward slashes. */
export function isTestPath(path: string): boolean {
  return languageFor(path)?.testFile.test(path) ?? false;
}

/**
 * A test for paths (relative, forward slashes) inside a folder their own language skips: a Go file under vendor/ is,
 * a JavaScript file under vendor/ is not (unless JavaScript declares it too).
 */
export function skippedDirTest(
  languages: readonly Language[],
  languageOf: (path: string) => Language | undefined,
): (path: string, language?: Language) => boolean {
  const byLanguage = new Map<Language, RegExp>(
    languages
      .filter((l) => l.skipDirs?.length)
      .map((l) => [l, new RegExp(`(?:^|/)(?:${l.skipDirs!.map(escapeRegExp).join("|")})/`)]),
  );
  return (path, language = languageOf(path)) =>
    language !== undefined && (byLanguage.get(language)?.test(path) ?? false);
}

/** True for a path inside a folder its own language skips (Language.skipDirs); its language, when known, is passed. */
export const inSkippedDirOfItsLanguage = skippedDirTest(LANGUAGES, languageFor);

/**
 * Why a file named on the command line is not read. JSON is named apart: it holds the flag often (recorded responses,
 * fixtures), but has no comments, so a site there could never carry a marker.
 */
export function notReadMessage(path: string): string {
  if (/\.json$/i.test(path)) return "JSON has no comments, so no marker: not read; skipped";
  return NOT_A_SOURCE_FILE;
}
