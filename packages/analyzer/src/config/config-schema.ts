import { z } from "zod";

const severityOrOff = z.enum(["off", "critical", "high", "medium", "low", "info"]);

/** `.lastcall.json` at the audited repository's root (RULES.md, Suppressions). */
export const configSchema = z
  .object({
    /** Rule id (`SD009`) or name (`resource-left-open`) → severity override or `off`. */
    rules: z.record(z.string(), severityOrOff).default({}),
    /** Globs (repository-relative) of files the analyzer skips. */
    ignore: z.array(z.string()).default([]),
    /** Platform grace periods in seconds for deployments outside the repository. */
    grace: z
      .object({
        docker: z.number().positive().optional(),
        kubernetes: z.number().positive().optional(),
        systemd: z.number().positive().optional(),
        stdio: z.number().positive().optional(),
      })
      .strict()
      .default({}),
    /** Used by the GitHub check: fail the check when the score drops below this. */
    minScore: z.number().min(0).max(100).optional(),
  })
  .strict();

export type LastcallConfig = z.infer<typeof configSchema>;

export const defaultConfig: LastcallConfig = configSchema.parse({});
