// Temp files of ours that a killed run left behind (discover.ts lists them, write.ts proves them ours).
import fs from "node:fs";
import { leftoverTempOwner } from "./write";

/**
 * A temp file of ours that a killed run left (SIGKILL or a crash between its write and its rename): the file beside
 * it is whole (the rename never happened, or did), so the temp file holds nothing anyone needs. A run that writes
 * removes it; other runs name it. One whose process is still alive belongs to a run in progress and is left alone.
 * Only a provably ours one is removed (write.ts: our name, a regular file, its target beside it); another file with
 * our name is named, never removed.
 */
export function leftoverTemp(abs: string, remove: boolean, display: string): string | undefined {
  const owner = leftoverTempOwner(abs);
  if (!owner) return undefined;
  if ("notOurs" in owner) return `${display}: named like a temp file of this tool, but ${owner.notOurs}; left alone`;
  const { pid } = owner;
  if (pid === process.pid || isAlive(pid)) return undefined;
  if (!remove)
    return `${display}: a temp file left by a run that was killed while writing (pid ${pid}); delete it, or the next apply or revert will`;
  try {
    fs.unlinkSync(abs);
    return `${display}: removed a temp file left by a run that was killed while writing (pid ${pid})`;
  } catch (error) {
    return `${display}: a temp file left by a killed run (pid ${pid}) could not be removed: ${(error as Error).message}`;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}
