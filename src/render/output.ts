// The CLI's two output streams, guarded: a write that fails (the reader of a pipe went away, a full disk, a closed
// descriptor) must not end the run with a stack trace, and must not stop the run half way either (an apply's writes
// are all done, or all put back, before anything is printed, whatever happens to the output).
//
// - EPIPE (`toggle-parallel scan | head -1`): the reader has what it wanted. Further output to that stream is dropped
//   quietly, as grep and cat do; the run ends with its own exit status.
// - Any other failure (ENOSPC on `> /dev/full`, EIO, EBADF...): one line on stderr naming the stream and the error,
//   further output to that stream is dropped, and the run exits 2 (its output is incomplete).
// Errors come both as exceptions from write() and as 'error' events (a pipe or a file reports them asynchronously).

export interface OutputFailure {
  stream: "stdout" | "stderr";
  code: string;
  message: string;
}

export class GuardedStream {
  private closed = false;
  /** Set when a write failed with anything but EPIPE. */
  failure?: OutputFailure;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly name: "stdout" | "stderr",
    /** Where to say that this stream failed (the other stream), and what to do with the exit status. */
    private readonly onFailure: (failure: OutputFailure) => void,
  ) {
    stream.on("error", (error: NodeJS.ErrnoException) => this.fail(error));
  }

  write = (text: string): void => {
    if (this.closed) return;
    try {
      this.stream.write(text);
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException);
    }
  };

  private fail(error: NodeJS.ErrnoException): void {
    if (this.closed) return;
    this.closed = true;
    if (error.code === "EPIPE") return;
    this.failure = { stream: this.name, code: error.code ?? "error", message: describe(error) };
    this.onFailure(this.failure);
  }
}

function describe(error: NodeJS.ErrnoException): string {
  // "ENOSPC: no space left on device, write" -> "no space left on device"
  const text = error.message.replace(/^[A-Z]+: /, "").replace(/, \w+$/, "");
  return error.code ? `${text} (${error.code})` : text;
}

/** The exit status for a run whose output failed: 2 (output incomplete), unless a signal already set a higher one. */
export const OUTPUT_FAILED_EXIT = 2;

/** stdout and stderr guarded; a failure of one is reported on the other, and sets the process's exit status. */
export function guardedStdio(): { out: GuardedStream; err: GuardedStream; failed: () => boolean } {
  const setExit = () => {
    if (typeof process.exitCode !== "number" || process.exitCode < OUTPUT_FAILED_EXIT)
      process.exitCode = OUTPUT_FAILED_EXIT;
  };
  const err: GuardedStream = new GuardedStream(process.stderr, "stderr", setExit);
  const out: GuardedStream = new GuardedStream(process.stdout, "stdout", (f) => {
    setExit();
    err.write(`toggle-parallel: cannot write to ${f.stream}: ${f.message}; the rest of the output is lost\n`);
  });
  return { out, err, failed: () => Boolean(out.failure || err.failure) };
}
