// The data that flows through the pipeline: what a language finder reports, and what the classifier makes of it.
import type { Family } from "./catalog";

/**
 * The audit's rules (stable ids: SARIF and `toggle-parallel-ignore` name them). On a path that consumes the tool calls
 * of a model response: one element taken as THE call; the list cut to its first element; a loop over the calls that
 * exits after the first on every path; a guard that refuses every call after the first in a turn.
 */
export type AuditRule = "first-call-only" | "truncate-to-first" | "loop-exits-after-first" | "one-tool-per-turn-guard";

/** certain: the code drops later calls as written; likely: it does unless something the finder cannot see holds. */
export type Confidence = "certain" | "likely";

/** A finding, as a language module reports it: a rule at an offset (UTF-16) of the text it was given. */
export interface RawFinding {
  rule: AuditRule;
  start: number;
  confidence: Confidence;
  /** Where the list of tool calls comes from (an offset), when that is not the finding's own line. */
  listStart?: number;
  /** One sentence on what is lost, when the finder can say more than its rule's (patterns.ts WHY). */
  lost?: string;
}

export interface AnalyzeOptions {
  /** Also look for code that keeps only the first tool call (src/audit). */
  audit?: boolean;
  /** Also list every comment token (Analysis.comments): markers are read from them, so only texts holding a tag ask. */
  comments?: boolean;
  /** Flag names the project adds (catalog.ts ExtraFlagNames). */
  extraFlags?: ReadonlyMap<string, Family>;
}

/** An audit finding, located: reported by scan and audit, never rewritten. */
export interface Finding {
  file: string;
  language: LanguageId;
  line: number;
  column: number;
  rule: AuditRule;
  confidence: Confidence;
  /** The line the list of tool calls comes from, when that is not the finding's own line. */
  listLine?: number;
  reason: string;
  /** Silenced by a `toggle-parallel-ignore audit` comment or the config's audit.ignore: counted and listable, never dropped. */
  silenced?: { by: "comment" | "config"; reason: string };
}

/** Every language a module exists for, or is being written for (one id each, so branches merge without a conflict). */
export type LanguageId = "typescript" | "python" | "go" | "java" | "kotlin" | "csharp" | "yaml" | "toml" | "properties";

/** Defined with the flag names it sorts (catalog.ts), the bottom of the import graph. */
export type { Family };

export type State =
  | "disabled" // a literal that switches parallel tool calls off
  | "enabled" // a literal (or undefined/None) that leaves them on
  | "dynamic" // a computed value
  | "applied" // enabled by us (or by hand) behind a marker
  | "capability" // describes what a model can do, not a request
  | "type" // a type, not a value
  | "unknown"; // the name may not be a switch at all (parallelToolCallsWarningShown): reported, never flipped

export type Action = "flip" | "leave";

export interface Range {
  start: number;
  end: number;
}

/** Where the marker comment of a site may go. Offsets are UTF-16 indices into the file's text (BOM included). */
export type MarkerPlace =
  | { kind: "line"; lineStart: number } // a comment line inserted at this line start, with that line's indentation
  | { kind: "inline" } // a block comment right before the new value
  | { kind: "none"; why: string }; // no safe place: the site can be reported but not applied

/** What a language finder reports: a place where a flag-like name gets a value. Syntax only, no judgement. */
export interface RawSite {
  /** The key or identifier as written, without quotes. */
  name: string;
  /** Syntactic shape, for messages and tests: "property", "assignment", "variable", "parameter", "keyword-argument"... */
  shape: string;
  /** The whole value expression. */
  value: Range;
  /** How the value reads, once parentheses and type assertions are peeled away. */
  valueKind: "literal" | "fallback" | "nullish" | "dynamic" | "boolean-expression" | "other";
  /** The boolean literal apply would switch: the value itself, or the literal fallback of `x ?? false`. */
  literal?: Range & { text: string; value: boolean };
  marker: MarkerPlace;
  /** Names of enclosing objects, variables and calls, innermost first: capability descriptions are found by them. */
  context: string[];
  /** The site is a type annotation, not a value. */
  typeOnly?: boolean;
  /** Why a nullish value leaves the option unset, where the language's spelling needs saying (C# `default`). */
  nullishNote?: string;
}

export interface ParseProblem {
  line: number;
  column: number;
  message: string;
  /** The text the parser could not read, where it knows. */
  range?: Range;
  /** Why the file was not read, when it is not a syntax error (a file the parser cannot take). */
  why?: string;
}

export interface Analysis {
  sites: RawSite[];
  /** Audit findings, when asked for: code that drops every tool call after the first. */
  findings?: RawFinding[];
  /**
   * Every comment token, as the parser read it, when asked for (AnalyzeOptions.comments); else empty. A marker is a
   * whole comment token: text inside a string, or inside another comment, never is.
   */
  comments: Range[];
  /** Syntax errors. A file with any is skipped. */
  problems: ParseProblem[];
}

/**
 * A language module: its parser, and its facts as data (src/languages/index.ts builds the tables of extensions, test
 * rules and skipped folders from the list of modules). Loaded lazily: only when a file of that language is a candidate.
 */
export interface Language {
  id: LanguageId;
  /** For messages: "Go", "TypeScript, JavaScript". */
  displayName: string;
  /** File name endings, lower-case, with the dot (".go"); matched in any case. */
  extensions: readonly string[];
  /** The tree-sitter grammar, for languages read by one: its .wasm file and the package that ships it. */
  grammar?: { file: string; npmPackage: string; displayName: string };
  /** Test files (a path relative to its root, forward slashes): they assert today's behaviour; apply leaves them unless asked. */
  testFile: RegExp;
  /**
   * Folders whose files OF THIS LANGUAGE are not looked at (vendor/ for Go): copies of other projects. A folder of
   * that name holds real source for other languages (a JS repository's bin/), so it is skipped for this one only.
   */
  skipDirs?: readonly string[];
  /**
   * The words its finder starts from, where it starts from words (tree-sitter finders climb from each to the node that
   * gives it a value): the catalog's PREFILTER_WORDS, so a name added to the catalog reaches every finder.
   */
  startWords?: readonly string[];
  /** Text test before the audit parses a file (can it hold a pattern?); a language without one has no audit. */
  auditGate?(text: string): boolean;
  /**
   * A lone CR ends a line (JavaScript, Python, Java, C#: the default). In Go it is a space, so a line comment runs on
   * past it: the file is read as the Go compiler reads it, with "\n" as the only line end.
   */
  loneCrEndsLine?: boolean;
  lineComment: string;
  /** Block comment delimiters, where the language has them; without them, markers always take their own line. */
  blockComment?: [string, string];
  spell(value: boolean): string;
  /**
   * Other spellings of [false, true] that are literals in all but name (Java's `Boolean.FALSE`): such a literal flips
   * to its own other spelling, and a marker may record it.
   */
  spellings?: ReadonlyArray<readonly [string, string]>;
  /**
   * The value a boolean literal's text spells, for a language with more than one spelling of each (YAML's False and
   * FALSE, a .properties file's FALSE): a marker records the original as written, and revert puts it back. Without
   * it, only spell(false) and spell(true) are literals.
   */
  booleanText?(text: string): boolean | undefined;
  /**
   * The parser recovers around what it cannot read, and its grammar may lag the language (tree-sitter-python and new
   * syntax such as `Union[*types]`). Then scan and audit still report what lies outside the unreadable parts, with a
   * warning; apply and revert still skip the file, since its edits could not be verified.
   */
  partialParse?: boolean;
  /** Loads the parser, where that is asynchronous; the pipeline awaits it once before the first analyze. */
  prepare?(): Promise<void>;
  analyze(text: string, path: string, options?: AnalyzeOptions): Analysis;
}

/** A classified site: what scan prints and apply acts on. */
export interface Site extends RawSite {
  file: string;
  language: LanguageId;
  line: number;
  column: number;
  family: Family;
  state: State;
  action: Action;
  reason: string;
  /** The literal that turns the flag on (true for most families, false for inverted ones). */
  enabledValue: boolean;
  /** The marker found on this site, when state is "applied". */
  appliedMarker?: FoundMarker;
}

/** A marker comment found in a file. */
export interface FoundMarker {
  /** The text range revert removes or replaces (a whole line with its line ending, or the inline comment and the value). */
  range: Range;
  style: "line" | "inline" | "hand";
  /** The original literal as written before apply ("false", "False"...); absent for a hand-written marker. */
  original?: string;
  line: number;
  /** Set when the marker holds another tag than the run's: the run reports it and leaves it to a run with that tag. */
  tag?: string;
}
