// apply --dry-run and revert --dry-run: the unified diff the run would make, for a person to read (colored on a
// terminal), and on stderr what it would do.
import { colorPatch, gitPatch } from "./patch";
import { escapeText } from "./escape";
import { count } from "./plural";
import type { Printer } from "./printer";

export const diffPrinter: Printer = {
  print(result, command, { out, err, colors }) {
    // Read by a person, not by git apply (that is --patch): names are escaped like every other line.
    const patch = gitPatch(result.changes.map((c) => ({ path: escapeText(c.file), before: c.before, after: c.after })));
    out(colors.isColorSupported ? colorPatch(patch, colors) : patch);
    const sites = result.changes.reduce((n, c) => n + c.sites.length, 0);
    const verb = command === "apply" ? "switched on" : "restored";
    err(
      `dry run: ${count(sites, "site")} in ${count(result.changes.length, "file")} would be ${verb}; nothing written\n`,
    );
  },
};
