import type { ResolvedRef } from "@lastcall/git-fetch";
import { describe, expect, it } from "vitest";
import { resolveShared } from "./shared-ref-resolution.js";

const resolved = (commit: string): ResolvedRef => ({ commit, refName: "main", isDefaultBranch: true, defaultBranch: "main" });

/** A resolution that settles when told to, counting how often it was started. */
function controlledResolution() {
  let started = 0;
  let settle: { resolve: (ref: ResolvedRef) => void; reject: (error: Error) => void } | undefined;
  const run = () => {
    started += 1;
    return new Promise<ResolvedRef>((resolve, reject) => {
      settle = { resolve, reject };
    });
  };
  return { run, started: () => started, settle: () => settle };
}

describe("resolveShared", () => {
  it("gives submissions that arrive while one resolves the same answer, and resolves again afterwards", async () => {
    const resolution = controlledResolution();
    const first = resolveShared("https://github.com/acme/a.git", "main", resolution.run);
    const second = resolveShared("https://github.com/acme/a.git", "main", resolution.run);
    expect(resolution.started()).toBe(1);
    resolution.settle()?.resolve(resolved("a".repeat(40)));
    expect(await first).toEqual(resolved("a".repeat(40)));
    expect(await second).toEqual(resolved("a".repeat(40)));

    const later = resolveShared("https://github.com/acme/a.git", "main", resolution.run);
    expect(resolution.started()).toBe(2);
    resolution.settle()?.resolve(resolved("b".repeat(40)));
    expect((await later).commit).toBe("b".repeat(40));
  });

  it("keeps other repositories and other refs apart", async () => {
    const resolution = controlledResolution();
    void resolveShared("https://github.com/acme/a.git", "main", resolution.run);
    void resolveShared("https://github.com/acme/a.git", undefined, resolution.run);
    void resolveShared("https://github.com/acme/b.git", "main", resolution.run);
    expect(resolution.started()).toBe(3);
  });

  it("shares a failure with everyone waiting, and does not keep it", async () => {
    const resolution = controlledResolution();
    const waiting = [1, 2].map(() =>
      resolveShared("https://github.com/acme/c.git", "main", resolution.run).catch((error: Error) => error.message),
    );
    resolution.settle()?.reject(new Error("git ls-remote timed out"));
    expect(await Promise.all(waiting)).toEqual(["git ls-remote timed out", "git ls-remote timed out"]);
    const retried = resolveShared("https://github.com/acme/c.git", "main", resolution.run);
    resolution.settle()?.resolve(resolved("c".repeat(40)));
    expect((await retried).commit).toBe("c".repeat(40));
    expect(resolution.started()).toBe(2);
  });
});
