// The app's processes as the operating system sees them, for tests of the production server.
import fs from "node:fs";

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The living web peers (RAPPORT_WEB_PEER=1) that process `pid` started. */
export const webPeersOf = (pid: number): number[] =>
  fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter(
      (child) => alive(child) && fs.readFileSync(`/proc/${child}/environ`, "utf8").includes("RAPPORT_WEB_PEER=1"),
    );
