import { describe, expect, it, vi } from "vitest";
import { type BadgeRecord, BadgeRecords } from "./badge-records.js";

const ref = { host: "github.com", owner: "Acme", name: "Server" };
const scored = (score: number): BadgeRecord => ({
  repository: { private: false, badgeToken: null },
  scan: { scored: true, score, grade: "B" },
});

/** A loader whose reads finish when the test says. */
function controlledLoader() {
  const reads: Array<{ resolve: (record: BadgeRecord) => void; reject: (error: Error) => void }> = [];
  const load = vi.fn(() => new Promise<BadgeRecord>((resolve, reject) => reads.push({ resolve, reject })));
  return { load, reads };
}

describe("BadgeRecords", () => {
  it("reads a repository once for everyone asking meanwhile, whatever their casing, then answers from memory", async () => {
    const { load, reads } = controlledLoader();
    const records = new BadgeRecords({ load, ttlMs: 60_000, max: 10 });
    const asked = [records.get(ref), records.get({ host: "GITHUB.com", owner: "acme", name: "server" })];
    reads[0]?.resolve(scored(80));
    expect(await Promise.all(asked)).toEqual([scored(80), scored(80)]);
    expect(await records.get(ref)).toEqual(scored(80));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("reads again after a change notice, and never caches a read that was under way when the change came", async () => {
    const { load, reads } = controlledLoader();
    const records = new BadgeRecords({ load, ttlMs: 60_000, max: 10 });
    const before = records.get(ref);
    records.forget("github.com/acme/server");
    const after = records.get(ref);
    reads[1]?.resolve(scored(90));
    reads[0]?.resolve(scored(80));
    // Whoever asked before the change gets the older answer; nobody after it does.
    expect(await before).toEqual(scored(80));
    expect(await after).toEqual(scored(90));
    expect(await records.get(ref)).toEqual(scored(90));

    records.forgetAll();
    const third = records.get(ref);
    reads[2]?.resolve(scored(95));
    expect(await third).toEqual(scored(95));
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("does not keep failures: the next request reads again", async () => {
    const { load, reads } = controlledLoader();
    const records = new BadgeRecords({ load, ttlMs: 60_000, max: 10 });
    const failing = records.get(ref);
    reads[0]?.reject(new Error("database unavailable"));
    await expect(failing).rejects.toThrow("database unavailable");
    const retried = records.get(ref);
    reads[1]?.resolve(scored(70));
    expect(await retried).toEqual(scored(70));
  });

  it("reads again once a record's time is up, and keeps at most `max` records", async () => {
    const load = vi.fn(async () => scored(60));
    const records = new BadgeRecords({ load, ttlMs: 100, max: 2 });
    await records.get(ref);
    await records.get(ref);
    expect(load).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await records.get(ref);
    expect(load).toHaveBeenCalledTimes(2);

    await records.get({ ...ref, name: "b" });
    await records.get({ ...ref, name: "c" });
    await records.get(ref);
    expect(load).toHaveBeenCalledTimes(5);
  });
});
