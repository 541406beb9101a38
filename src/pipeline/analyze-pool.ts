// Candidates parsed beside the main thread: on a big tree the parse (tree-sitter's WebAssembly, oxc's AST) is most of
// a run, while the main thread lists, reads and prefilters the files. Worker threads of analyze-worker.ts take the
// files the main thread hands them, the least busy first, and each answer goes back to its record (answers arrive in
// any order; the records keep the run's). A small run never starts one: its first candidates are parsed in-process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Answer, Job } from "./analyze-worker";
import { takeOutcome } from "./analyze";
import type { Mode, ProcessOptions } from "./process";
import type { FileRecord } from "./read";

/** Candidates parsed on the main thread before workers start: below this, starting them costs more than it saves. */
export const PARSED_IN_PROCESS = 48;

/** The compiled worker script, next to this module; absent when run from the TypeScript sources (the tests). */
const WORKER_SCRIPT = path.join(__dirname, "analyze-worker.js");

export interface AnalyzePool {
  /** Hand one candidate to a worker; its record is filled in before `drain` resolves. */
  analyze(record: FileRecord, mode: Mode, options: ProcessOptions): void;
  /** Wait for every answer, then stop the workers; resolves to the number of workers that were started. */
  drain(): Promise<number>;
}

/**
 * Worker threads for a run that may use `jobs` threads in all (the main one reads and prefilters): by default one per
 * processor beside the main thread's.
 */
export function workerCount(jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(0, jobs - 1);
  const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cpus);
}

interface Thread {
  worker: Worker;
  /** The jobs sent and not answered, by id. */
  jobs: Map<number, FileRecord>;
  /** Why it stopped, once it has: its jobs are answered with that, and it takes no more. */
  stopped?: string;
}

/** A pool of up to `size` workers, started as the work comes; undefined when there is no compiled worker script. */
export function startPool(size: number): AnalyzePool | undefined {
  if (size < 1 || !fs.existsSync(WORKER_SCRIPT)) return undefined;
  const threads: Thread[] = [];
  let nextId = 0;
  let settle: (() => void) | undefined;
  const busy = () => threads.some((t) => t.jobs.size > 0);
  const stop = (thread: Thread, why: string) => {
    if (thread.stopped) return;
    thread.stopped = why;
    // its files are not processed: each says so, and nothing of them is written
    for (const record of thread.jobs.values())
      takeOutcome(record, { failure: `internal error: a parser thread stopped (${why})` });
    thread.jobs.clear();
    if (!busy()) settle?.();
  };
  const spawn = (): Thread => {
    const thread: Thread = { worker: new Worker(WORKER_SCRIPT), jobs: new Map() };
    thread.worker.on("message", ({ id, processed }: Answer) => {
      const record = thread.jobs.get(id);
      thread.jobs.delete(id);
      if (record) takeOutcome(record, processed);
      if (!busy()) settle?.();
    });
    thread.worker.on("error", (error) => stop(thread, error.message));
    thread.worker.on("exit", (code) => stop(thread, `exit code ${code}`));
    threads.push(thread);
    return thread;
  };
  return {
    analyze(record, mode, options) {
      let thread: Thread | undefined;
      for (const t of threads) if (!t.stopped && (!thread || t.jobs.size < thread.jobs.size)) thread = t;
      if (!thread || (thread.jobs.size > 0 && threads.length < size)) thread = spawn();
      const id = nextId++;
      thread.jobs.set(id, record);
      const job: Job = { id, repoPath: record.file.repoPath, text: record.text!, mode, options };
      thread.worker.postMessage(job);
    },
    async drain() {
      if (busy()) await new Promise<void>((resolve) => (settle = resolve));
      for (const t of threads) t.stopped ??= "done";
      await Promise.all(threads.map((t) => t.worker.terminate()));
      return threads.length;
    },
  };
}
