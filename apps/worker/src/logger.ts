import { type DestinationStream, pino } from "pino";

/** Fields that hold credentials, censored at the top level and one level down (the web app's logger uses them too). */
const SECRET_FIELDS = [
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "githubToken",
  "password",
  "authorization",
  "cookie",
  "privateKey",
  "private_key",
  "secret",
  "clientSecret",
  "client_secret",
  "webhookSecret",
  "webhookSecrets",
];

/** Pino `redact` settings: every secret field, and the credential headers of a logged request or response. */
export const LOG_REDACTION = {
  paths: [
    ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
    ...["headers", "*.headers"].flatMap((headers) => [`${headers}.authorization`, `${headers}.cookie`, `${headers}["set-cookie"]`]),
  ],
  censor: "[redacted]",
};

/**
 * Structured JSON logs. Secrets never reach them: known secret fields are censored wherever they
 * appear, and configuration (with its connection strings) is never logged. Writes are synchronous: a
 * worker logs a few lines per scan, and nothing is left in a buffer when the process exits.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ fd: 1, sync: true })) {
  return pino({ level, base: { service: "lastcall-worker", pid: process.pid }, redact: LOG_REDACTION }, destination);
}

export type Logger = ReturnType<typeof createLogger>;
