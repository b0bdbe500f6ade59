import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * A session's cookie holds a random secret. The database keeps only its SHA-256 (to find the session) and
 * the user's GitHub token encrypted with a key derived from the secret, so a copy of the database (a
 * backup, a leaked dump) opens neither a session nor anyone's GitHub access.
 */
const TOKEN_KEY_INFO = "lastcall session: github token";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** 256 random bits, URL-safe: the session cookie's value. */
export function newSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores to find a session by its secret. */
export function sessionSecretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function tokenKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "base64url"), Buffer.alloc(0), TOKEN_KEY_INFO, 32));
}

/** The GitHub token encrypted (AES-256-GCM) for storage: base64url of iv, tag and ciphertext. */
export function sealGithubToken(token: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", tokenKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** The GitHub token back; undefined when the secret does not open it (another session's, or tampered with). */
export function openGithubToken(sealed: string, secret: string): string | undefined {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", tokenKey(secret), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
