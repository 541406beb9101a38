// discover() hands over files through a callback as git finds them; the run reads them as an async iterator of
// batches, so that it reads and parses while git searches the rest of the tree. events.on keeps the batches that
// arrive while the run is busy, in order.
import { EventEmitter, on } from "node:events";
import { discover, type DiscoverOptions, type Discovery, type SourceFile } from "./discover";

/** The files to read, batch by batch as discover() finds them; returns what the listing found besides them. */
export async function* sourceBatches(
  paths: readonly string[],
  cwd: string,
  options: DiscoverOptions,
): AsyncGenerator<SourceFile[], Discovery> {
  const emitter = new EventEmitter();
  // Listening before discover() starts: it may hand over a named file before its first await.
  const batches = on(emitter, "files", { close: ["end"] }) as AsyncIterableIterator<[SourceFile[]]>;
  const listing = discover(paths, cwd, options, (files) => emitter.emit("files", files));
  // A failed listing (a bad path) ends the iteration with its error; its promise is then handled here, not leaked.
  listing.then(
    () => emitter.emit("end"),
    (error: unknown) => emitter.emit("error", error),
  );
  for await (const [files] of batches) yield files;
  return await listing;
}
