// The progress line: only after about a second, at most ten redraws a second, erased at the end.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describe as describeProgress, ProgressLine } from "../src/render/progress";

const at = (read: number, phase: "reading" | "parsing" = "reading", file?: string) => ({
  phase,
  listed: 0,
  read,
  candidates: 2,
  parsed: 1,
  file,
});

describe("ProgressLine", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stays silent during the first second, then redraws in place, and erases itself", () => {
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t), 120);
    line.update(at(100));
    vi.advanceTimersByTime(900);
    line.update(at(200));
    expect(written).toEqual([]);
    vi.advanceTimersByTime(200);
    line.update(at(300, "parsing", "src/a.ts"));
    expect(written.at(-1)).toBe(
      "\r\x1b[Ktoggle-parallel: 300 files read, 2 candidates, 1 parsed, parsing src/a.ts  1.1 s",
    );
    const drawn = written.length;
    line.update(at(301)); // within 100 ms of the last draw: skipped
    expect(written).toHaveLength(drawn);
    vi.advanceTimersByTime(300); // the timer redraws while the run waits on git
    expect(written.length).toBeGreaterThan(drawn);
    line.clear();
    expect(written.at(-1)).toBe("\r\x1b[K");
  });

  it("a run that ends within a second leaves nothing on the terminal", () => {
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t));
    line.update(at(10));
    vi.advanceTimersByTime(500);
    line.clear();
    expect(written).toEqual([]);
  });

  it("fits the terminal width", () => {
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t), 30);
    vi.advanceTimersByTime(1500);
    line.update(at(5, "parsing", "a/very/long/path/to/some/file.ts"));
    expect(written[0]!.replace("\r\x1b[K", "").length).toBeLessThan(30);
    expect(describeProgress({ phase: "listing", listed: 0, read: 0, candidates: 0, parsed: 0 }, 1200)).toBe(
      "toggle-parallel: listing files… 1.2 s",
    );
  });
});

describe("ProgressLine on a terminal that reports no width", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("0 columns: the line is cut at 80 columns, not down to a lone ellipsis", () => {
    const written: string[] = [];
    const line = new ProgressLine((t) => written.push(t), 0);
    vi.advanceTimersByTime(1100);
    line.update(at(300, "parsing", "src/a.ts"));
    const drawn = written.at(-1)!.replace("\r\x1b[K", "");
    expect(drawn).toMatch(/^toggle-parallel: 300 files read, 2 candidates, 1 parsed, parsing/);
    expect(drawn.length).toBeLessThanOrEqual(80);
    line.clear();
  });
});
