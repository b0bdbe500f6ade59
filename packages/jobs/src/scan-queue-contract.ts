import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** The one queue every producer (web, webhooks) and every worker agrees on. */
export const SCAN_QUEUE_NAME = "scans";

/** Analyze one stored scan. */
export const SCAN_JOB_NAME = "scan";

/**
 * Create (in progress) and complete one pull request's GitHub check run once the head and base
 * scans it compares have finished. GitHub tokens are obtained by the worker, never carried here.
 */
export const CHECK_RUN_JOB_NAME = "check-run";

/**
 * BullMQ keys are `<prefix>:<queue>:…`. A hash tag in braces puts every key of the queue in one
 * Redis Cluster slot, which BullMQ's multi-key Lua scripts require.
 */
export const DEFAULT_QUEUE_PREFIX = "{lastcall}";

/** LASTCALL_QUEUE_PREFIX as every app reads it: the web app and its workers must agree on it. */
export const queuePrefixSchema = z
  .string()
  .regex(/^\{[\w-]+\}$/, "must be a Redis Cluster hash tag such as {lastcall}")
  .default(DEFAULT_QUEUE_PREFIX);

/**
 * Retries are for transient trouble (network, database); permanent failures are marked
 * unrecoverable by the worker and never retried. Retention is bounded so Redis does not grow
 * with history, which lives in PostgreSQL.
 */
export const DEFAULT_SCAN_JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
} as const satisfies JobsOptions;
