#!/usr/bin/env node
"use strict";
require("../dist/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
    settleBackgroundCompiles();
  });

/**
 * Node can hang for ever at exit when V8 is still optimizing a function on a background thread and that compile needs
 * a garbage collection: the main thread waits for the compile, the compile for the main thread (nodejs/node#54918, seen
 * here on short runs). Finishing those compiles while the main thread can still
 * collect garbage leaves nothing to wait for. The hook is V8's own (%FinalizeOptimization); where a V8 lacks it, the
 * exit is as before.
 */
function settleBackgroundCompiles() {
  try {
    require("node:v8").setFlagsFromString("--allow-natives-syntax");
    new Function("%FinalizeOptimization()")();
  } catch {
    // an engine without the hook: nothing to settle
  }
}
