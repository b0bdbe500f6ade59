import { type Db, findLatestDefaultBranchScan, findRepository } from "@lastcall/db";
import { type RepositoryRef, repositoryRefKey } from "@lastcall/jobs";
import { LRUCache } from "lru-cache";
import type { BadgeScan } from "./repository-badge.js";

/** What a repository's badge shows and who may see it; `repository: null` when none has that name. */
export interface BadgeRecord {
  repository: { private: boolean; badgeToken: string | null } | null;
  scan: BadgeScan | null;
}

/** Reads a badge record from the database: the repository and its latest completed default-branch scan. */
export async function loadBadgeRecord(db: Db, ref: RepositoryRef): Promise<BadgeRecord> {
  const repository = await findRepository(db, ref);
  if (repository === null) return { repository: null, scan: null };
  const scan = await findLatestDefaultBranchScan(db, repository.id);
  return {
    repository: { private: repository.private, badgeToken: repository.badgeToken },
    scan: scan === null ? null : { scored: scan.scored, score: scan.score, grade: scan.grade },
  };
}

export interface BadgeRecordsOptions {
  load: (ref: RepositoryRef) => Promise<BadgeRecord>;
  /** How long a record is trusted without a change notice: the bound on staleness if a notice is lost. */
  ttlMs: number;
  /** Records kept at most (least recently used go first), so that any number of names costs bounded memory. */
  max: number;
}

/**
 * Badge records in memory, so that a README's badge is answered without the database: a record is read
 * once per repository, by one query whoever asks meanwhile, and kept until a change notice (`forget`)
 * or its time-to-live ends.
 */
export class BadgeRecords {
  readonly #load: BadgeRecordsOptions["load"];
  readonly #records: LRUCache<string, BadgeRecord>;
  /** Reads in flight; one forgotten meanwhile is left out of the cache, since it may predate the change. */
  readonly #loading = new Map<string, Promise<BadgeRecord>>();

  constructor(options: BadgeRecordsOptions) {
    this.#load = options.load;
    this.#records = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  get(ref: RepositoryRef): Promise<BadgeRecord> {
    const key = repositoryRefKey(ref);
    const cached = this.#records.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const inFlight = this.#loading.get(key);
    if (inFlight !== undefined) return inFlight;
    const loading = this.#load(ref).then(
      (record) => {
        if (this.#loading.get(key) === loading) {
          this.#loading.delete(key);
          this.#records.set(key, record);
        }
        return record;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, loading);
    return loading;
  }

  /** A repository changed: the next request reads it again. `key` is its `repositoryRefKey`. */
  forget(key: string): void {
    this.#records.delete(key);
    this.#loading.delete(key);
  }

  /** Change notices may have been missed (the subscription was down): read everything again. */
  forgetAll(): void {
    this.#records.clear();
    this.#loading.clear();
  }
}
