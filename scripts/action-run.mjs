#!/usr/bin/env node
// The GitHub Action's one step of logic (action.yml runs it): run `check` or `audit` on the checked-out repository,
// and, when asked, also write SARIF 2.1.0 to a file for code scanning. Kept out of action.yml so it can be tested
// locally with the environment a runner gives (test/e2e/action.test.ts).
//
// Environment, as action.yml passes it:
//   GITHUB_WORKSPACE     the checked-out repository (the current directory if unset)
//   GITHUB_ACTION_PATH   this action's folder (the folder above this script if unset)
//   GITHUB_OUTPUT        where `exit-code=` and `sarif=` go (skipped if unset)
//   INPUT_COMMAND        check (default) or audit
//   INPUT_PATHS          paths relative to the workspace, separated by spaces or new lines (default ".")
//   INPUT_MARKER         marker tag for check (default: the tool's own)
//   INPUT_SARIF          also write SARIF to this file (relative to the workspace)
// Exit status: the command's (0 clean, 1 findings, 2 usage error); 2 also when the SARIF file could not be written.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const env = process.env;
const actionPath = env.GITHUB_ACTION_PATH || path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(actionPath, "bin", "toggle-parallel.js");
const workspace = env.GITHUB_WORKSPACE || process.cwd();

/** A workflow command: shown as an annotation on the run, with the text escaped as GitHub asks. */
function annotate(level, text) {
  const escaped = String(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  process.stdout.write(`::${level}::${escaped}\n`);
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

function finish(code) {
  setOutput("exit-code", String(code));
  process.exit(code);
}

const command = (env.INPUT_COMMAND || "check").trim();
if (command !== "check" && command !== "audit") {
  annotate("error", `toggle-parallel action: input command must be check or audit, not ${JSON.stringify(command)}`);
  finish(2);
}
// Separated by white space (a path holding a space cannot be given here; point at its folder instead).
const given = (env.INPUT_PATHS || "").split(/\s+/).filter(Boolean);
const paths = given.length ? given : ["."];
const marker = (env.INPUT_MARKER || "").trim();
const markerArgs = marker ? ["--marker", marker] : [];
// audit takes no marker: markers are scan's and check's business.
const gate = [command, ...(command === "check" ? markerArgs : []), "--", ...paths];

function tool(args, stdout) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: workspace,
    stdio: ["ignore", stdout, "inherit"],
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.error) {
    annotate("error", `toggle-parallel action: could not run ${bin}: ${r.error.message}`);
    finish(2);
  }
  return r;
}

console.log(`$ toggle-parallel ${gate.join(" ")}`);
const status = tool(gate, "inherit").status ?? 2;

let sarifFailed = false;
const sarifInput = (env.INPUT_SARIF || "").trim();
if (sarifInput) {
  // check's SARIF shows what check gates on (the sites, no audit); audit's shows its findings.
  const args =
    command === "audit"
      ? ["audit", "--format", "sarif", "--", ...paths]
      : ["scan", "--format", "sarif", "--no-audit", ...markerArgs, "--", ...paths];
  const r = tool(args, "pipe");
  const file = path.resolve(workspace, sarifInput);
  if (r.status === 2 || !r.stdout.trim()) {
    annotate("error", `toggle-parallel action: no SARIF written to ${sarifInput} (toggle-parallel exited ${r.status})`);
    sarifFailed = true;
  } else {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, r.stdout);
      setOutput("sarif", file);
      console.log(`SARIF written to ${sarifInput}`);
    } catch (error) {
      annotate("error", `toggle-parallel action: cannot write SARIF to ${sarifInput}: ${error.message}`);
      sarifFailed = true;
    }
  }
}
finish(sarifFailed ? Math.max(status, 2) : status);
