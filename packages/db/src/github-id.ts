/** GitHub's numeric ids (repositories, installations, check runs): JSON payloads carry numbers, the columns are BIGINT. */
export type GithubId = bigint | number;

export function toGithubId(id: GithubId): bigint;
export function toGithubId(id: GithubId | null | undefined): bigint | null | undefined;
export function toGithubId(id: GithubId | null | undefined): bigint | null | undefined {
  return id === null || id === undefined ? id : BigInt(id);
}
