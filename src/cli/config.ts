// The project's settings: toggle-parallel.config.json, or a "toggleParallel" key in package.json. JSON only: the file
// is parsed, never run (a toggle-parallel.config.js beside it is ignored). Found by walking up from the current
// folder to the top of its git work tree (or the file system root outside git); the nearest folder holding either
// one wins. Every key is checked: a wrong type or an unknown key (a typo) is an error naming the key and the file.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { Ignore } from "ignore";
import { apiKeyFamily, prefilterWordIn, PREFILTER_WORDS, type ExtraFlagNames } from "../catalog";
import { DEFAULT_TAG, tagProblem } from "../marker";
import type { Family, Finding } from "../model";

// Loaded when a pattern is used: the CLI reads the config before every command.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily (above) */
const ignore = (): Ignore => (require("ignore") as () => Ignore)();
const auditRules = (): ReadonlySet<string> =>
  new Set(Object.keys((require("../audit/patterns") as typeof import("../audit/patterns")).WHY));
/* eslint-enable @typescript-eslint/no-require-imports */

export const CONFIG_FILE = "toggle-parallel.config.json";
export const PACKAGE_KEY = "toggleParallel";

export interface Config {
  /** Where it was read from, as shown in messages: the config file, or "package.json "toggleParallel"". */
  source: string;
  /** The folder holding it: include, exclude and audit.ignore patterns are relative to it. */
  base: string;
  marker?: string;
  include?: string[];
  exclude?: string[];
  includeTests?: boolean;
  includeDefaults?: boolean;
  flags?: Partial<Record<Family, string[]>>;
  audit?: { ignore?: AuditIgnore[] };
}

/**
 * An audit.ignore entry: a rule id or a gitignore-style path pattern (the short form: the entry is the reason shown),
 * or { rule?, path?, reason } where reason is required and rule and path (at least one) narrow what it silences.
 */
export type AuditIgnore = string | { rule?: string; path?: string; reason: string };

/** A config that cannot be used: the CLI prints the message and exits 2, before reading any source file. */
export class ConfigError extends Error {}

const FAMILIES: readonly Family[] = ["openai", "anthropic", "name", "name-inverted"];
const KEYS = ["$schema", "marker", "include", "exclude", "includeTests", "includeDefaults", "flags", "audit"] as const;

/** What `toggle-parallel init` writes: every key, with the value that changes nothing. */
export const DEFAULT_CONFIG = {
  marker: DEFAULT_TAG,
  include: [] as string[],
  exclude: [] as string[],
  includeTests: false,
  includeDefaults: false,
  flags: { openai: [], anthropic: [], name: [], "name-inverted": [] } as Record<Family, string[]>,
  audit: { ignore: [] as string[] },
};

/** The nearest config above cwd (up to the git top), validated; undefined when there is none. */
export function loadConfig(cwd: string): Config | undefined {
  for (let dir = path.resolve(cwd); ;) {
    const found = readConfigIn(dir, path.resolve(cwd));
    if (found) return found;
    const parent = path.dirname(dir);
    // The git top is the last folder looked at: a config above the repository belongs to something else.
    if (parent === dir || fs.existsSync(path.join(dir, ".git"))) return undefined;
    dir = parent;
  }
}

/** Looks in one folder; messages name the file as seen from the current folder (../toggle-parallel.config.json). */
function readConfigIn(dir: string, cwd: string): Config | undefined {
  const shown = (name: string) => path.relative(cwd, path.join(dir, name)).split(path.sep).join("/");
  const file = path.join(dir, CONFIG_FILE);
  const own = readJson(file, shown(CONFIG_FILE));
  const pkgFile = path.join(dir, "package.json");
  let fromPackage: unknown;
  if (fs.existsSync(pkgFile)) {
    // A package.json that does not parse is not this tool's to judge (npm will say so): it holds no config.
    let pkg: unknown;
    try {
      pkg = readJson(pkgFile, shown("package.json"));
    } catch {
      pkg = undefined;
    }
    if (pkg && typeof pkg === "object" && !Array.isArray(pkg) && Object.hasOwn(pkg, PACKAGE_KEY))
      fromPackage = (pkg as Record<string, unknown>)[PACKAGE_KEY];
  }
  if (own !== undefined && fromPackage !== undefined) {
    throw new ConfigError(
      `${shown(CONFIG_FILE)} and ${shown("package.json")} "${PACKAGE_KEY}" are both there: keep one of them`,
    );
  }
  if (own !== undefined) return validateConfig(own, shown(CONFIG_FILE), dir);
  if (fromPackage !== undefined) return validateConfig(fromPackage, `${shown("package.json")} "${PACKAGE_KEY}"`, dir);
  return undefined;
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(`${shown}: cannot read it: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(`${shown}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Checks every key of a parsed config; `source` names it in messages. */
export function validateConfig(value: unknown, source: string, base: string): Config {
  const fail = (key: string, what: string): never => {
    throw new ConfigError(`${source}: "${key}" ${what}`);
  };
  if (!isObject(value)) throw new ConfigError(`${source}: must be a JSON object`);
  const config: Config = { source, base };
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key))
      fail(key, `is not a known key (known: ${KEYS.filter((k) => k !== "$schema").join(", ")})`);
  }
  if (value.marker !== undefined) {
    if (typeof value.marker !== "string") fail("marker", "must be a string");
    const bad = tagProblem(value.marker as string);
    if (bad) fail("marker", bad);
    config.marker = value.marker as string;
  }
  for (const key of ["includeTests", "includeDefaults"] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] !== "boolean") fail(key, "must be true or false");
    config[key] = value[key] as boolean;
  }
  for (const key of ["include", "exclude"] as const) {
    if (value[key] !== undefined) config[key] = patterns(value[key], key, fail);
  }
  if (value.flags !== undefined) {
    if (!isObject(value.flags)) fail("flags", `must be an object with the keys ${FAMILIES.join(", ")}`);
    const flags = value.flags as Record<string, unknown>;
    const seen = new Map<string, string>();
    config.flags = {};
    for (const family of Object.keys(flags)) {
      const key = `flags.${family}`;
      if (!(FAMILIES as readonly string[]).includes(family))
        fail(key, `is not a family (known: ${FAMILIES.join(", ")})`);
      const names = flags[family];
      if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n === ""))
        fail(key, "must be a list of names");
      for (const name of names as string[]) {
        // Files are searched as bytes, case-insensitively in ASCII: a name outside ASCII would not be found reliably.
        if (!/^[\x21-\x7e]+$/.test(name)) fail(key, `name ${JSON.stringify(name)} must be ASCII without spaces`);
        // The prefilter reads only files holding one of its words: a name without one would never be found.
        if (!prefilterWordIn(name))
          fail(
            key,
            `name "${name}" must contain ${PREFILTER_WORDS.map((w) => `"${w}"`).join(", ")} (any case): files are searched for those words`,
          );
        const api = apiKeyFamily(name);
        if (api) fail(key, `name "${name}" is a well-known API key, always read as ${api}`);
        const other = seen.get(name);
        if (other) fail(key, `name "${name}" is also in ${other}`);
        seen.set(name, key);
      }
      config.flags[family as Family] = names as string[];
    }
  }
  if (value.audit !== undefined) {
    if (!isObject(value.audit)) fail("audit", 'must be an object: { "ignore": [...] }');
    const audit = value.audit as Record<string, unknown>;
    for (const key of Object.keys(audit))
      if (key !== "ignore") fail(`audit.${key}`, "is not a known key (known: ignore)");
    config.audit = audit.ignore === undefined ? {} : { ignore: auditIgnores(audit.ignore, fail) };
  }
  return config;
}

function auditIgnores(value: unknown, fail: (key: string, what: string) => never): AuditIgnore[] {
  const shape =
    'must be a list of rule ids or gitignore-style path patterns (strings), or of { "rule", "path", "reason" } objects';
  if (!Array.isArray(value)) fail("audit.ignore", shape);
  const known = auditRules();
  return (value as unknown[]).map((entry, i) => {
    if (typeof entry === "string" && entry.trim() !== "") return entry;
    if (!isObject(entry)) return fail("audit.ignore", shape);
    const key = `audit.ignore[${i}]`;
    for (const k of Object.keys(entry))
      if (k !== "rule" && k !== "path" && k !== "reason")
        fail(`${key}.${k}`, "is not a known key (known: rule, path, reason)");
    const { rule, path: where, reason } = entry;
    if (typeof reason !== "string" || reason.trim() === "")
      fail(`${key}.reason`, "is required: say why these findings are not real");
    if (rule === undefined && where === undefined) fail(key, 'needs a "rule", a "path" or both: what it silences');
    if (rule !== undefined && (typeof rule !== "string" || !known.has(rule)))
      fail(`${key}.rule`, `must be one of ${[...known].join(", ")}`);
    if (where !== undefined && (typeof where !== "string" || where.trim() === ""))
      fail(`${key}.path`, "must be a gitignore-style pattern (a string)");
    return {
      ...(rule !== undefined ? { rule: rule as string } : {}),
      ...(where !== undefined ? { path: where as string } : {}),
      reason: reason as string,
    };
  });
}

function patterns(value: unknown, key: string, fail: (key: string, what: string) => never): string[] {
  if (!Array.isArray(value) || value.some((p) => typeof p !== "string" || p.trim() === ""))
    fail(key, "must be a list of gitignore-style patterns (strings)");
  return value as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The extra flag names, for readFlagName; undefined when there are none. */
export function extraFlagNames(config: Config | undefined): ExtraFlagNames | undefined {
  const entries = FAMILIES.flatMap((family) =>
    (config?.flags?.[family] ?? []).map((name): [string, Family] => [name, family]),
  );
  return entries.length ? new Map(entries) : undefined;
}

/** include / exclude as a test on a listed file's absolute path; undefined when neither is set. */
export function fileSelector(config: Config | undefined): ((abs: string) => boolean) | undefined {
  if (!config || (!config.include?.length && !config.exclude?.length)) return undefined;
  const include = config.include?.length ? ignore().add(config.include) : undefined;
  const exclude = config.exclude?.length ? ignore().add(config.exclude) : undefined;
  return (abs) => {
    const rel = relativeTo(config.base, abs);
    // A file outside the config's folder (a path given above it) is not the config's to narrow.
    if (rel === undefined) return true;
    if (include && !include.ignores(rel)) return false;
    return !exclude?.ignores(rel);
  };
}

/** audit.ignore as a test on a finding: the reason it is silenced (by a rule id, a path pattern, or both), if it is. */
export function findingSilencer(
  config: Config | undefined,
): ((finding: Finding, abs: string) => string | undefined) | undefined {
  const entries = config?.audit?.ignore ?? [];
  if (!entries.length) return undefined;
  const known = auditRules();
  const matchers = entries.map((entry) => {
    const e = typeof entry === "string" ? (known.has(entry) ? { rule: entry } : { path: entry }) : entry;
    const reason = typeof entry === "string" ? `audit.ignore "${entry}" in ${config!.source}` : entry.reason;
    return { rule: e.rule, paths: e.path !== undefined ? ignore().add(e.path) : undefined, reason };
  });
  return (finding, abs) => {
    const rel = relativeTo(config!.base, abs);
    const hit = matchers.find(
      (m) =>
        (m.rule === undefined || m.rule === finding.rule) && (!m.paths || (rel !== undefined && m.paths.ignores(rel))),
    );
    return hit?.reason;
  };
}

function relativeTo(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

/** `toggle-parallel init`: writes the defaults to CONFIG_FILE in `dir`; never replaces a file. Returns its path. */
export function writeDefaultConfig(dir: string): string {
  const file = path.join(dir, CONFIG_FILE);
  try {
    // "wx": refused if anything (a file, a symlink) has the name already, with no window between a check and the write.
    fs.writeFileSync(file, JSON.stringify(DEFAULT_CONFIG, null, 2) + "\n", { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new ConfigError(`${CONFIG_FILE} already exists in ${dir}; not replaced`);
    throw new ConfigError(`${CONFIG_FILE}: cannot write it: ${(error as Error).message}`);
  }
  return file;
}

/** Options a config may set that are also command-line options: the command line wins. */
const CLI_KEYS = ["marker", "includeTests", "includeDefaults"] as const;
/** Where the CLI keeps the loaded config among a command's option values (read back by configRunOptions). */
const CONFIG_VALUE = "config";

/**
 * Before a command runs: loads the config and sets each option the command has, and the command line did not give,
 * from it. The config itself is kept with the command's options, for configRunOptions. `init` reads none.
 */
export function applyConfig(command: Command, cwd: string): void {
  if (command.name() === "init") return;
  const config = loadConfig(cwd);
  if (!config) return;
  const has = new Set(command.options.map((o) => o.attributeName()));
  for (const key of CLI_KEYS) {
    if (config[key] === undefined || !has.has(key) || command.getOptionValueSource(key) === "cli") continue;
    command.setOptionValueWithSource(key, config[key], "config");
  }
  command.setOptionValueWithSource(CONFIG_VALUE, config, "config");
}

/** The run options that only the config gives: extra flag names, include/exclude, audit.ignore. */
export function configRunOptions(opts: Record<string, unknown>): {
  extraFlags?: ExtraFlagNames;
  selectFile?: (abs: string) => boolean;
  silenceFinding?: (finding: Finding, abs: string) => string | undefined;
} {
  const config = opts[CONFIG_VALUE] as Config | undefined;
  if (!config) return {};
  return {
    extraFlags: extraFlagNames(config),
    selectFile: fileSelector(config),
    silenceFinding: findingSilencer(config),
  };
}
