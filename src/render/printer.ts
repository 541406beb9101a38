// The interface every output format's printer has (text.ts, json.ts, diff.ts, patch.ts, sarif.ts); printers.ts
// chooses one.
import type { Colors } from "picocolors/types";
import type { RunResult } from "../result";

/** What is printed: the command's own view of a run (check with --no-markers is "check-markers"). */
export type PrintedCommand = "scan" | "audit" | "apply" | "revert" | "check" | "check-markers";

export type Format = "text" | "json" | "sarif" | "diff" | "patch";

export interface PrintTarget {
  out: (text: string) => void;
  err: (text: string) => void;
  colors: Colors;
  /** Which audit findings are shown (render/findings.ts): audit --certain, audit --show-silenced. */
  findings?: FindingsShown;
}

export interface FindingsShown {
  certainOnly?: boolean;
  showSilenced?: boolean;
}

export interface Printer {
  print(result: RunResult, command: PrintedCommand, target: PrintTarget): void;
}
