// A WriteFs (src/pipeline/write.ts) over the real file system that fails on purpose: the Nth call of one operation throws an
// errno-style error, optionally after doing part of the work (a temp file half written, as a full disk leaves it).
// Operations on a descriptor are recorded and matched by the path it was opened with.
import fs from "node:fs";
import type { WriteFs } from "../../src/pipeline/write";

export type Op = keyof WriteFs;

export interface Fault {
  op: Op;
  /** 1-based: the call of `op` (among those `on` accepts) that fails. */
  nth: number;
  /** Error code, e.g. ENOSPC, EACCES, EIO. */
  code: string;
  /** Only calls on these paths count (default: all). */
  on?: (file: string) => boolean;
  /** Before throwing, do this (e.g. write half the data). `args` are the call's arguments. */
  before?: (args: unknown[]) => void;
}

/** A temp file of ours, by its name (write.ts tempName). */
export const TEMP_NAME = /(^|\/)\.[^/]+\.toggle-parallel-\d+-[0-9a-f]{16}\.tmp$/s;
export const isTemp = (file: string) => TEMP_NAME.test(file);
export const isFolder = (file: string) => fs.existsSync(file) && fs.lstatSync(file).isDirectory() && !isTemp(file);

export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: "no space left on device",
    EACCES: "permission denied",
    EIO: "i/o error",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
  };
  const error = new Error(
    `${code}: ${messages[code] ?? "injected fault"}, ${syscall} '${file}'`,
  ) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = file;
  return error;
}

export interface FaultyFs extends WriteFs {
  /** Every call made, in order: [op, path (for a descriptor: the path it was opened with)]. */
  calls: Array<[Op, string]>;
}

type Hook = (file: string, count: number, args: unknown[]) => void;

/** The real fs, with faults injected; `hooks` run before a call of an op is passed on (for races and concurrent edits). */
export function faultyFs(faults: readonly Fault[], hooks: Partial<Record<Op, Hook>> = {}): FaultyFs {
  const counts = new Map<Op, number>();
  const faultCounts = new Map<Fault, number>();
  const calls: Array<[Op, string]> = [];
  const paths = new Map<number, string>();
  const step = (op: Op, file: string, args: unknown[]) => {
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    calls.push([op, file]);
    hooks[op]?.(file, n, args);
    let due: Fault | undefined;
    for (const fault of faults) {
      if (fault.op !== op || (fault.on && !fault.on(file))) continue;
      const k = (faultCounts.get(fault) ?? 0) + 1;
      faultCounts.set(fault, k);
      if (k === fault.nth) due ??= fault;
    }
    if (due) {
      due.before?.(args);
      throw errnoError(due.code, op.replace(/Sync$/, ""), file);
    }
  };
  const of = (fd: number) => paths.get(fd) ?? `fd ${fd}`;
  return {
    calls,
    lstatSync(file) {
      step("lstatSync", file, [file]);
      return fs.lstatSync(file);
    },
    openSync(file, flags, mode) {
      step("openSync", file, [file, flags, mode]);
      const fd = fs.openSync(file, flags, mode);
      paths.set(fd, file);
      return fd;
    },
    writeSync(fd, data, offset, length) {
      step("writeSync", of(fd), [fd, data, offset, length]);
      return fs.writeSync(fd, data, offset, length);
    },
    fsyncSync(fd) {
      step("fsyncSync", of(fd), [fd]);
      fs.fsyncSync(fd);
    },
    fstatSync(fd) {
      step("fstatSync", of(fd), [fd]);
      return fs.fstatSync(fd);
    },
    fchownSync(fd, uid, gid) {
      step("fchownSync", of(fd), [fd, uid, gid]);
      fs.fchownSync(fd, uid, gid);
    },
    fchmodSync(fd, mode) {
      step("fchmodSync", of(fd), [fd, mode]);
      fs.fchmodSync(fd, mode);
    },
    closeSync(fd) {
      step("closeSync", of(fd), [fd]);
      paths.delete(fd);
      fs.closeSync(fd);
    },
    readFileSync(file) {
      step("readFileSync", file, [file]);
      return fs.readFileSync(file);
    },
    renameSync(from, to) {
      step("renameSync", from, [from, to]);
      fs.renameSync(from, to);
    },
    unlinkSync(file) {
      step("unlinkSync", file, [file]);
      fs.unlinkSync(file);
    },
  };
}

/** A fault's `before` for writeSync: write the first half of the data, as a disk that fills up mid-write does. */
export const halfWritten = (args: unknown[]) => {
  const [fd, data, offset, length] = args as [number, Buffer, number, number];
  fs.writeSync(fd, data, offset, length >> 1);
};

/** Temp files the tool leaves behind, if any: `.NAME.toggle-parallel-PID-RANDOM.tmp`. */
export function leftoverTemps(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === ".git" || entry.name === "node_modules") continue;
      const p = `${d}/${entry.name}`;
      if (/\.toggle-parallel-\d+-[0-9a-f]+\.tmp$/.test(entry.name)) found.push(p);
      else if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
}
