/** For the whole fetch: resolving the ref, the transfer, the checks and the checkout. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** For the transferred objects and, separately, for the checked-out files. */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
/** Files in the checked-out tree. */
export const DEFAULT_MAX_FILES = 100_000;

/** A byte count as messages show limits: `200 MiB`, `0.5 MiB`. */
export function formatMiB(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
}
