import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

const PREFIX = "lastcall-worker-";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else, so it is not ours to clean up after.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * This process's own directory for checkouts, below the shared work directory. Named after the
 * pid so that a worker can tell the leftovers of a dead worker on the same machine (killed with
 * SIGKILL, say) from the live checkouts of its neighbours, and remove only the former.
 */
export async function prepareWorkDir(root: string): Promise<{ dir: string; removedOrphans: string[] }> {
  await mkdir(root, { recursive: true });
  const removedOrphans: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const pid = Number(entry.name.slice(PREFIX.length));
    if (!entry.isDirectory() || !entry.name.startsWith(PREFIX) || !Number.isInteger(pid) || isAlive(pid)) continue;
    await rm(join(root, entry.name), { recursive: true, force: true, maxRetries: 3 });
    removedOrphans.push(entry.name);
  }
  const dir = join(root, `${PREFIX}${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return { dir, removedOrphans };
}
