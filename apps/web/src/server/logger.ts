import { LOG_REDACTION } from "@lastcall/worker";
import { type DestinationStream, pino } from "pino";

/**
 * The web process's JSON logs, with the worker's redaction: tokens, keys, client secrets, passwords,
 * cookies and credential headers are censored wherever a log call puts them. Synchronous writes, so that
 * nothing is left in a buffer at exit.
 */
export function createWebLogger(level: string, destination: DestinationStream = pino.destination({ fd: 1, sync: true })): pino.Logger {
  return pino({ level, base: { service: "lastcall-web", pid: process.pid }, redact: LOG_REDACTION }, destination);
}
