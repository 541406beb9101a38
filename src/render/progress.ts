// A progress line on stderr for runs long enough to wonder about: drawn only on a terminal, only after about a second,
// redrawn at most ten times a second, and erased before anything else is printed.
import type { Progress } from "../result";
import { escapeText } from "./escape";

const DELAY_MS = 1000;
const EVERY_MS = 100;

export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  private latest: Progress | undefined;
  /** Redraws while the run waits on git (the updates below come only while files are read and parsed). */
  private readonly timer = setInterval(() => this.draw(), 250);

  private readonly columns: number;

  constructor(
    private readonly write: (text: string) => void,
    columns?: number,
  ) {
    // A terminal that reports no width (0, as some do over a serial line or in a container) gets the usual 80
    // columns: cutting to its "width" would leave a line of only the ellipsis.
    this.columns = columns !== undefined && Number.isFinite(columns) && columns >= 20 ? columns : 80;
    this.timer.unref();
  }

  update(progress: Progress): void {
    this.latest = progress;
    this.draw();
  }

  clear(): void {
    clearInterval(this.timer);
    if (this.shown) this.write("\r\x1b[K");
    this.shown = false;
  }

  private draw(): void {
    const now = Date.now();
    if (!this.latest || now - this.started < DELAY_MS || now - this.last < EVERY_MS) return;
    this.last = now;
    const line = describe(this.latest, now - this.started);
    this.write(`\r\x1b[K${line.length >= this.columns ? line.slice(0, Math.max(0, this.columns - 2)) + "…" : line}`);
    this.shown = true;
  }
}

export function describe(p: Progress, ms: number): string {
  const seconds = `${(ms / 1000).toFixed(1)} s`;
  if (p.phase === "listing" && p.read === 0) return `toggle-parallel: listing files… ${seconds}`;
  const listed = p.listed ? ` of ${p.listed}` : "";
  const parsing = p.phase === "parsing" && p.file ? `, parsing ${escapeText(p.file)}` : "";
  return `toggle-parallel: ${p.read}${listed} files read, ${p.candidates} candidates, ${p.parsed} parsed${parsing}  ${seconds}`;
}
