import { execFileSync } from "node:child_process";
import os from "node:os";
import { REPO_ROOT } from "./paths.js";

/** The machine line of the report: what the absolute figures were measured on. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2));
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ` +
    `Node ${process.version}, ${os.type()} ${os.release()}; load average at start ${load.join(" / ")} (1/5/15 min)`
  );
}

/** The commit measured, marked when the working tree had changes. */
export function describeRevision(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain") === "" ? "" : " with uncommitted changes"}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
