// A worker thread of analyze-pool.ts: each message is one candidate file to process (process.ts); the answer is what
// analyze.ts would have computed on the main thread, as plain data.
import { parentPort } from "node:worker_threads";
import { languageFor } from "../languages";
import { processFile, type Processed } from "./analyze";
import type { Mode, ProcessOptions } from "./process";

export interface Job {
  id: number;
  repoPath: string;
  text: string;
  mode: Mode;
  options: ProcessOptions;
}

export interface Answer {
  id: number;
  processed: Processed;
}

const prepared = new Set<string>();

parentPort?.on("message", (job: Job) => {
  void answer(job).then((a) => parentPort!.postMessage(a));
});

async function answer(job: Job): Promise<Answer> {
  try {
    const language = languageFor(job.repoPath);
    if (language?.prepare && !prepared.has(language.id)) {
      await language.prepare();
      prepared.add(language.id);
    }
  } catch (error) {
    return { id: job.id, processed: { failure: `cannot load the parser (${(error as Error).message})` } };
  }
  return { id: job.id, processed: processFile(job.repoPath, job.text, job.mode, job.options) };
}
