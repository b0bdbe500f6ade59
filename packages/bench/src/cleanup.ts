/**
 * What must not outlive the benchmark (databases, Redis keys, service processes), so that an
 * interrupted run cleans up as a finished one does. Each owner still closes its own in `finally`;
 * this registry is for the signal handler.
 */
const closers = new Set<() => Promise<void>>();

/** Registers `close` until it has run; returns the same function, wrapped to unregister itself. */
export function closeOnExit(close: () => Promise<void>): () => Promise<void> {
  const wrapped = async () => {
    closers.delete(wrapped);
    await close();
  };
  closers.add(wrapped);
  return wrapped;
}

/** Closes everything still registered, newest first (processes before the databases they use). */
export async function closeAll(): Promise<void> {
  for (const close of [...closers].reverse()) await close().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
}
