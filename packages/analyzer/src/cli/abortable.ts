/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts. For work that
 * cannot be cancelled itself (analysis): the caller stops waiting and cleans up; the work's result
 * is dropped.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    // The work may itself stop on the same signal and reject: its outcome is dropped, not left unhandled.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
