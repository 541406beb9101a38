// A WriteFs (src/write.ts) over the real file system that fails on purpose: the Nth call of one operation throws an
// errno-style error, optionally after doing part of the work (a temp file half written, as a full disk leaves it).
import fs from "node:fs";
import type { WriteFs } from "../../src/write";

export type Op = "writeFileSync" | "chmodSync" | "readFileSync" | "renameSync" | "unlinkSync" | "statSync";

export interface Fault {
  op: Op;
  /** 1-based: the call of `op` that fails. */
  nth: number;
  /** Error code, e.g. ENOSPC, EACCES, EIO. */
  code: string;
  /** Before throwing, do this (e.g. write half the data, put a directory where the temp file goes). */
  before?: (args: unknown[]) => void;
}

export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: "no space left on device",
    EACCES: "permission denied",
    EIO: "i/o error",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
  };
  const error = new Error(`${code}: ${messages[code] ?? "injected fault"}, ${syscall} '${file}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = file;
  return error;
}

export interface FaultyFs extends WriteFs {
  /** Every call made, in order: [op, first argument]. */
  calls: Array<[Op, string]>;
}

/** The real fs, with faults injected; `hooks` run before a call of an op is passed on (for concurrent-change tests). */
export function faultyFs(faults: readonly Fault[], hooks: Partial<Record<Op, (file: string, count: number) => void>> = {}): FaultyFs {
  const counts = new Map<Op, number>();
  const calls: Array<[Op, string]> = [];
  const step = (op: Op, args: unknown[]) => {
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    calls.push([op, String(args[0])]);
    hooks[op]?.(String(args[0]), n);
    const fault = faults.find((f) => f.op === op && f.nth === n);
    if (fault) {
      fault.before?.(args);
      throw errnoError(fault.code, op.replace(/Sync$/, ""), String(args[0]));
    }
  };
  return {
    calls,
    readFileSync(file) {
      step("readFileSync", [file]);
      return fs.readFileSync(file);
    },
    writeFileSync(file, data, options) {
      step("writeFileSync", [file, data, options]);
      fs.writeFileSync(file, data, options);
    },
    chmodSync(file, mode) {
      step("chmodSync", [file, mode]);
      fs.chmodSync(file, mode);
    },
    renameSync(from, to) {
      step("renameSync", [from, to]);
      fs.renameSync(from, to);
    },
    unlinkSync(file) {
      step("unlinkSync", [file]);
      fs.unlinkSync(file);
    },
    statSync(file) {
      step("statSync", [file]);
      return fs.statSync(file);
    },
    chownSync(file, uid, gid) {
      fs.chownSync(file, uid, gid);
    },
  };
}

/** A fault's `before`: write the first half of the data to the temp file, as a disk that fills up mid-write does. */
export const halfWritten = (args: unknown[]) => {
  const [file, data] = args as [string, Buffer];
  fs.writeFileSync(file, data.subarray(0, data.length >> 1), { flag: "wx" });
};

/** Temp files the tool leaves behind, if any: `.NAME.toggle-parallel-PID-N.tmp`. */
export function leftoverTemps(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === ".git" || entry.name === "node_modules") continue;
      const p = `${d}/${entry.name}`;
      if (/\.toggle-parallel-\d+-\d+\.tmp$/.test(entry.name)) found.push(p);
      else if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
}
