// JSON: scan's sites and findings in one list (a jq filter reads both), audit's findings alone.
import type { Printer } from "./printer";
import { renderScanJson } from "./report";

export const jsonPrinter: Printer = {
  print(result, command, { out }) {
    out(renderScanJson(command === "audit" ? { ...result, sites: [] } : result) + "\n");
  },
};
