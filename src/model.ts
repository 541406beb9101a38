// The data that flows through the pipeline: what a language finder reports, and what the classifier makes of it.
import type { AuditPattern, RawFinding } from "./audit/patterns";

export type { RawFinding };

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
  pattern: AuditPattern;
  reason: string;
}

/** Every language a module exists for, or is being written for (one id each, so branches merge without a conflict). */
export type LanguageId = "typescript" | "python" | "go" | "java" | "kotlin" | "csharp" | "yaml" | "toml" | "properties";

/** openai/anthropic: a well-known API key; name: a name that says "parallel tool calls"; name-inverted: one that negates it. */
export type Family = "openai" | "anthropic" | "name" | "name-inverted";

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
  /** Text test before the audit parses a file (can it hold a pattern?); a language without one has no audit. */
  auditGate?(text: string): boolean;
  lineComment: string;
  /** Block comment delimiters, where the language has them; without them, markers always take their own line. */
  blockComment?: [string, string];
  spell(value: boolean): string;
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
