// Signal deferral while files are written. It lives in the CLI, which owns the process: a library call of run()
// leaves the host's signal handlers as they are (RunOptions.holdWrites is how the CLI lends it to the run).
const HELD_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** Turns of the event loop a signal held during the work may take to be emitted (each costs well under a millisecond). */
const SETTLING_TURNS = 8;

/**
 * Runs `work` (synchronous) with SIGINT, SIGTERM and SIGHUP held: without a listener Node dies at once, between two
 * writes, leaving a temp file and half the run applied; with one, a signal waits until the work is done and is
 * delivered in the next turn of the event loop, where it is caught and returned.
 */
export async function holdingSignals<T>(work: () => T): Promise<{ value: T; signal?: NodeJS.Signals }> {
  let signal: NodeJS.Signals | undefined;
  const hold = (received: NodeJS.Signals) => (signal ??= received);
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    const value = work();
    // A signal that came during the work is read from libuv's signal pipe in the poll phase, before setImmediate runs:
    // one turn of the event loop, or two once a worker thread has run in the process (analyze-pool.ts), a few to spare.
    for (let turn = 0; turn < SETTLING_TURNS && signal === undefined; turn++)
      await new Promise((resolve) => setImmediate(resolve));
    return { value, signal };
  } finally {
    for (const s of HELD_SIGNALS) process.off(s, hold);
  }
}
