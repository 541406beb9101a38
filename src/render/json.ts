// JSON: scan's sites and findings in one list (a jq filter reads both), audit's findings alone.
import { shownFindings } from "./findings";
import type { Printer } from "./printer";
import { renderScanJson } from "./report";

export const jsonPrinter: Printer = {
  print(result, command, { out, findings }) {
    const shown = { ...result, findings: shownFindings(result.findings, command, findings) };
    out(renderScanJson(command === "audit" ? { ...shown, sites: [] } : shown) + "\n");
  },
};
