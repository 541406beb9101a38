// Scores the audit against hand labels of real repositories (issue 12): precision and recall of `audit` on clones
// that are not part of this repository. Nothing here runs in the test suite; the clones come from `fetch`.
//
//   node bench/audit-score.mjs [--bin bin/toggle-parallel.js] [--verbose] LABELS.md...
//
// A label file names one clone and its places, one per line (see bench/audit-labels/README.md):
//
//   repo: owner/name
//   commit: <sha>
//   tree: /work/repos/owner+name
//   - REAL first-call-only src/agent.py:123 | what is lost
//   - NOT src/ui/parts.ts:45 | a lookup by id
//   - UNSURE src/x.ts:9 | what would decide it
//
// A finding is right when it falls within LINE_SLACK lines of a REAL place of the same file (or names the place's line
// as its list's line); each place is matched once. A finding on a NOT place, or on no labelled place, counts against
// precision, and the unlabelled ones are listed so that they can be read and labelled; one on an UNSURE place counts
// neither way.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const LINE_SLACK = 3;

export function parseLabels(text, file = "") {
  const head = {};
  const places = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const field = /^(repo|commit|tree):\s*(\S+)/.exec(line);
    if (field) {
      head[field[1]] = field[2];
      continue;
    }
    const place = /^-\s*(REAL|NOT|UNSURE)\s+(?:([a-z-]+)\s+)?(\S+?):(\d+)\b(?:\s*\|\s*(.*))?$/.exec(line);
    if (place) {
      places.push({
        verdict: place[1],
        rule: place[2] ?? "",
        file: place[3].replace(/^\.\//, ""),
        line: Number(place[4]),
        why: place[5] ?? "",
      });
    }
  }
  if (!head.repo || !head.tree) throw new Error(`${file}: no "repo:" or "tree:" line`);
  return { ...head, places, source: file };
}

/** Pairs findings with places: nearest first, each place and finding used once. */
export function match(findings, places) {
  const pairs = [];
  findings.forEach((f, fi) =>
    places.forEach((p, pi) => {
      if (p.file !== f.file) return;
      const distance = Math.min(Math.abs(f.line - p.line), f.listLine === p.line ? 0 : Infinity);
      if (distance <= LINE_SLACK) pairs.push({ fi, pi, distance, real: p.verdict === "REAL" });
    }),
  );
  // A REAL place wins a tie, so that a finding between a REAL and a NOT line is counted for what it found.
  pairs.sort((a, b) => a.distance - b.distance || Number(b.real) - Number(a.real));
  const placeOf = new Map();
  const usedPlaces = new Set();
  for (const { fi, pi } of pairs) {
    if (placeOf.has(fi) || usedPlaces.has(pi)) continue;
    placeOf.set(fi, pi);
    usedPlaces.add(pi);
  }
  const result = { right: [], wrong: [], unlabelled: [], unsure: [], missed: [] };
  findings.forEach((f, fi) => {
    const pi = placeOf.get(fi);
    if (pi === undefined) return result.unlabelled.push({ finding: f });
    const p = places[pi];
    const bucket = p.verdict === "REAL" ? "right" : p.verdict === "NOT" ? "wrong" : "unsure";
    result[bucket].push({ finding: f, place: p });
  });
  places.forEach((p, pi) => {
    if (p.verdict === "REAL" && !usedPlaces.has(pi)) result.missed.push({ place: p });
  });
  return result;
}

function audit(bin, tree) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, "audit", "--json", tree],
      { cwd: tree, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          const sites = JSON.parse(stdout).sites.map((s) => ({
            ...s,
            file: path.relative(tree, path.resolve(tree, s.file)),
          }));
          resolve({ sites });
        } catch {
          resolve({ error: (stderr || String(error)).split("\n")[0] });
        }
      },
    );
  });
}

async function main(argv) {
  let bin = fileURLToPath(new URL("../bin/toggle-parallel.js", import.meta.url));
  let verbose = false;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--bin") bin = path.resolve(argv[++i]);
    else if (argv[i] === "--verbose") verbose = true;
    else files.push(argv[i]);
  }
  if (files.length === 0) {
    console.error("usage: node bench/audit-score.mjs [--bin BIN] [--verbose] LABELS.md...");
    process.exit(2);
  }
  const labels = files.map((f) => parseLabels(fs.readFileSync(f, "utf8"), f));
  const totals = { right: 0, wrong: 0, unlabelled: 0, unsure: 0, missed: 0, real: 0 };
  const queue = [...labels];
  const results = new Map();
  const worker = async () => {
    for (let l = queue.shift(); l; l = queue.shift()) {
      if (!fs.existsSync(l.tree)) results.set(l, { error: `no clone at ${l.tree} (fetch ${l.repo} at ${l.commit})` });
      else results.set(l, await audit(bin, l.tree));
    }
  };
  await Promise.all([worker(), worker()]);
  for (const l of labels) {
    const r = results.get(l);
    if (r.error) {
      console.log(`${l.repo}: ${r.error}`);
      continue;
    }
    const m = match(r.sites, l.places);
    const real = l.places.filter((p) => p.verdict === "REAL").length;
    totals.real += real;
    for (const k of ["right", "wrong", "unlabelled", "unsure", "missed"]) totals[k] += m[k].length;
    console.log(
      `${l.repo}: ${m.right.length} right, ${m.wrong.length} wrong, ${m.unlabelled.length} unlabelled, ` +
        `${m.unsure.length} unsure, ${m.missed.length} missed of ${real}`,
    );
    if (!verbose) continue;
    const at = (x) => `${x.file}:${x.line}`;
    for (const { finding, place } of m.wrong)
      console.log(`  WRONG   ${at(finding)} ${finding.rule} | NOT: ${place.why}`);
    for (const { finding } of m.unlabelled)
      console.log(`  UNLAB   ${at(finding)} ${finding.rule} (${finding.confidence})`);
    for (const { finding, place } of m.unsure) console.log(`  UNSURE  ${at(finding)} ${finding.rule} | ${place.why}`);
    for (const { place } of m.missed) console.log(`  MISSED  ${at(place)} ${place.rule} | ${place.why}`);
  }
  const found = totals.right + totals.wrong + totals.unlabelled;
  const ratio = (a, b) => (b === 0 ? "n/a" : (a / b).toFixed(2));
  console.log(
    `precision ${ratio(totals.right, found)} (${totals.right} right of ${found}; ${totals.unlabelled} unlabelled, ` +
      `${totals.unsure} unsure not counted), recall ${ratio(totals.right, totals.real)} (${totals.right} of ` +
      `${totals.real} found)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
