/**
 * Prisma's codes for a database that cannot be reached or dropped the connection: P1001 can't
 * reach, P1002 and P1008 timed out, P1017 server closed the connection, P2024 no connection from
 * the pool in time.
 */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** What `@prisma/adapter-pg` calls the same troubles (a raw query reports them under P2010). */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * PostgreSQL's own SQLSTATEs for it: class 08 (connection exception), 53300 too many connections,
 * 57P01–57P03 shutting down, crashed, not yet accepting connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123])$/;

/** Errors of the `pg` driver itself, for code that talks to it directly (the migration runner). */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

type MaybeError = {
  name?: unknown;
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
};

/**
 * Whether `error` says the database is unavailable (down, restarting, unreachable, out of
 * connections) rather than that the query was wrong: worth retrying later, and for an API caller a
 * 503, not a 500. Duck-typed, because the web app's route bundles may load their own copy of the
 * Prisma runtime, whose error classes `instanceof` would not recognise.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, meta } = error as MaybeError;
  if (name === "PrismaClientInitializationError") return true;
  if (name === "PrismaClientKnownRequestError" || name === "DriverAdapterError") {
    const cause = meta?.driverAdapterError?.cause ?? (error as { cause?: { kind?: unknown; originalCode?: unknown } }).cause;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof cause?.kind === "string" && UNAVAILABLE_KINDS.has(cause.kind)) return true;
    return typeof cause?.originalCode === "string" && UNAVAILABLE_SQLSTATE.test(cause.originalCode);
  }
  return typeof code === "string" && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code));
}
