// Where the CLI writes, and whether in color: the process's own streams, unless a test passes its own.
import { guardedStdio } from "../render/output";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  colorOut: boolean;
  colorErr: boolean;
  /** Draw a progress line on stderr during long runs (stderr is a terminal). */
  progress?: boolean;
  cwd: string;
  /** True once stdout or stderr failed with anything but EPIPE (render/output.ts): the run then exits 2. */
  outputFailed?: () => boolean;
}

export function defaultIo(): Io {
  const stdio = guardedStdio();
  return {
    out: stdio.out.write,
    err: stdio.err.write,
    outputFailed: stdio.failed,
    colorOut: wantsColor(process.stdout),
    colorErr: wantsColor(process.stderr),
    progress: Boolean(process.stderr.isTTY) && process.env.TERM !== "dumb",
    cwd: process.cwd(),
  };
}

function wantsColor(stream: NodeJS.WriteStream): boolean {
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && process.env.TERM !== "dumb";
}
