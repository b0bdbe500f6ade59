import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeEnvIssues } from "./env-errors.js";

const schema = z.object({
  DATABASE_URL: z.url({ error: "must be a URL" }),
  PORT: z.coerce.number().int({ error: "must be a whole number" }),
  LOG_LEVEL: z.string().default("info"),
});

describe("describeEnvIssues", () => {
  it("names each bad variable: unset ones as required, set ones with what is wrong with them", () => {
    const env = { PORT: "80.5" };
    const parsed = schema.safeParse(env);
    expect(parsed.success ? undefined : describeEnvIssues(parsed.error, env)).toBe("DATABASE_URL is required; PORT must be a whole number");
  });
});
