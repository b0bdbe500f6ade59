import type { Db } from "./create-db.js";
import type { Prisma, Session } from "./generated/prisma/client.js";

export interface CreateSessionInput {
  /** SHA-256 of the secret in the session cookie (never the secret itself). */
  secretHash: string;
  userId: string;
  /** The user's GitHub token, already encrypted by the caller. */
  githubToken: string;
  expiresAt: Date;
}

export type SessionWithUser = Prisma.SessionGetPayload<{ include: { user: true } }>;

export function createSession(db: Db, input: CreateSessionInput): Promise<Session> {
  return db.session.create({ data: input });
}

/** The session whose cookie secret hashes to `secretHash`, with its user; null when there is none or it has expired. */
export function findSession(db: Db, secretHash: string, now: Date = new Date()): Promise<SessionWithUser | null> {
  return db.session.findFirst({ where: { secretHash, expiresAt: { gt: now } }, include: { user: true } });
}

/** Signs a session out; nothing happens when it is gone already. */
export async function deleteSession(db: Db, secretHash: string): Promise<void> {
  await db.session.deleteMany({ where: { secretHash } });
}

/** Removes sessions past their expiry (they are never found, but they hold encrypted tokens); returns how many. */
export async function deleteExpiredSessions(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
