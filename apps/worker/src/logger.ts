import { type DestinationStream, pino } from "pino";

/**
 * Structured JSON logs. Secrets never reach them: known secret fields are censored wherever they
 * appear, and configuration (with its connection strings) is never logged. Writes are synchronous: a
 * worker logs a few lines per scan, and nothing is left in a buffer when the process exits.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ fd: 1, sync: true })) {
  return pino(
    {
      level,
      base: { service: "lastcall-worker", pid: process.pid },
      redact: {
        paths: [
          "token",
          "*.token",
          "password",
          "*.password",
          "authorization",
          "*.authorization",
          "privateKey",
          "*.privateKey",
          "secret",
          "*.secret",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
