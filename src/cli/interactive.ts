// `apply --interactive`: show each hunk of the diff apply would make and ask, like `git add -p`: y switch it on,
// n skip it, a switch it and every hunk after it, q stop asking (nothing more is switched). The accepted sites are
// then written by a second apply run that switches only them (RunOptions.select), through the same checks and
// atomic writes as any apply; a file that changed since it was shown is left alone.
import readline from "node:readline";
import { structuredPatch } from "diff";
import type { Colors } from "picocolors/types";
import type { Change, RunOptions, RunResult, Site } from "../index";
import { escapeText } from "../render/escape";
import { colorPatch } from "../render/patch";
import type { InteractiveOutcome } from "../render/interactive";
import { count } from "../render/plural";

export interface InteractiveIo {
  out: (text: string) => void;
  err: (text: string) => void;
  colorOut: boolean;
  input: NodeJS.ReadableStream;
}

type Runner = (mode: "apply", paths: readonly string[], options: RunOptions) => Promise<RunResult>;

export const NEEDS_TERMINAL =
  "apply --interactive asks about each change and needs a terminal on stdin; use apply --dry-run to review the diff, or apply --patch FILE";

interface Hunk {
  change: Change;
  text: string;
  sites: Site[];
}

/** The hunks of each file's diff, each with the sites whose line it covers (a site changes its own line). */
export function hunksOf(changes: readonly Change[]): Hunk[] {
  const hunks: Hunk[] = [];
  for (const change of changes) {
    const patch = structuredPatch(change.file, change.file, change.before, change.after, undefined, undefined, {
      context: 3,
    });
    for (const h of patch.hunks) {
      const sites = change.sites.filter((s) => s.line >= h.oldStart && s.line < h.oldStart + Math.max(h.oldLines, 1));
      if (!sites.length) continue;
      // Source text is shown as it is but for what could drive the terminal; tabs are indentation, kept.
      const body = h.lines.map((l) => l.split("\t").map(escapeText).join("\t")).join("\n");
      hunks.push({ change, sites, text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${body}\n` });
    }
  }
  return hunks;
}

const siteKey = (file: string, site: Site) => `${file}\0${site.line}\0${site.column}\0${site.name}`;

export async function interactiveApply(
  paths: readonly string[],
  options: RunOptions,
  io: InteractiveIo,
  run: Runner,
  colors: Colors,
): Promise<InteractiveOutcome> {
  const preview = await run("apply", paths, { ...options, write: false, preview: true });
  const hunks = hunksOf(preview.changes);
  // Not a readline terminal: the terminal's own line editing and echo serve, and answers typed ahead are kept in order.
  const rl = readline.createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const accepted = new Set<string>();
  const reviewed = new Map<string, string>();
  let all = false;
  let skipped = 0;
  let lastFile: string | undefined;
  try {
    ask: for (let i = 0; i < hunks.length; i++) {
      const { change, sites, text } = hunks[i]!;
      const take = () => {
        reviewed.set(change.file, change.before);
        for (const s of sites) accepted.add(siteKey(change.file, s));
      };
      if (all) {
        take();
        continue;
      }
      if (change.file !== lastFile) io.out(colors.bold(`diff ${escapeText(change.file)}`) + "\n");
      lastFile = change.file;
      io.out(io.colorOut ? colorPatch(text, colors) : text);
      for (;;) {
        io.out(colors.blue(`(${i + 1}/${hunks.length}) Switch on ${count(sites.length, "site")} [y,n,a,q,?]? `));
        const next = await lines.next();
        // The end of input stops the review like q: nothing more is switched on.
        const answer = next.done ? "q" : next.value.trim().toLowerCase();
        if (next.done) io.out("\n");
        if (answer === "y") take();
        else if (answer === "n") skipped += sites.length;
        else if (answer === "a") {
          take();
          all = true;
        } else if (answer === "q") {
          for (const h of hunks.slice(i)) skipped += h.sites.length;
          break ask;
        } else {
          io.out(
            "y - switch on this hunk\nn - leave it as it is\na - switch on this hunk and all later ones\nq - quit; leave this hunk and all later ones\n",
          );
          continue;
        }
        break;
      }
    }
  } finally {
    await lines.return?.();
    rl.close();
    // A terminal left reading would keep the process alive after the run.
    io.input.pause();
  }
  if (!accepted.size) return { preview, skipped, changedSince: [] };
  const changedSince = new Set<string>();
  const select = (file: string, text: string, site: Site) => {
    if (!accepted.has(siteKey(file, site))) return false;
    if (reviewed.get(file) === text) return true;
    changedSince.add(file);
    return false;
  };
  const result = await run("apply", paths, { ...options, write: true, select });
  return { preview, result, skipped, changedSince: [...changedSince] };
}
