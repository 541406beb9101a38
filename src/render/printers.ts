// One printer per output format, chosen here and nowhere else. Each printer's module loads when it is chosen:
// --help and a usage error load none of them.
import type { Format, Printer } from "./printer";
import type { SarifContext } from "./sarif";

export interface PrinterOptions {
  /** SARIF: where paths are relative to, and the tool's version (read from disk only when SARIF is asked for). */
  sarif?: () => SarifContext;
}

/* eslint-disable @typescript-eslint/no-require-imports -- each format's module (and the diff library) loads only when chosen */
export function printerFor(format: Format, options: PrinterOptions = {}): Printer {
  switch (format) {
    case "text":
      return (require("./text") as typeof import("./text")).textPrinter;
    case "json":
      return (require("./json") as typeof import("./json")).jsonPrinter;
    case "sarif":
      return (require("./sarif") as typeof import("./sarif")).sarifPrinter(options.sarif!);
    case "diff":
      return (require("./diff") as typeof import("./diff")).diffPrinter;
    case "patch":
      return (require("./patch") as typeof import("./patch")).patchPrinter;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */
