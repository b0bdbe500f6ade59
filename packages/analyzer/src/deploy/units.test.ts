import { describe, expect, it } from "vitest";
import { normalizeSignal, parseComposeDuration, parseSystemdTimespan } from "./units.js";

describe("normalizeSignal", () => {
  it.each([
    ["SIGTERM", "SIGTERM"],
    ["TERM", "SIGTERM"],
    ["sigint", "SIGINT"],
    ["15", "SIGTERM"],
    ["3", "SIGQUIT"],
    [" 9 ", "SIGKILL"],
    ["SIGRTMIN+3", "SIGRTMIN+3"],
  ])("%s → %s", (raw, signal) => {
    expect(normalizeSignal(raw)).toBe(signal);
  });
});

describe("parseComposeDuration", () => {
  it.each([
    ["1m30s", 90],
    ["45s", 45],
    ["2m", 120],
    ["1h", 3600],
    ["1.5s", 1.5],
    ["500ms", 0.5],
    ["1m0.5s", 60.5],
    ["30", 30],
    ["0s", 0],
  ])("%s → %d s", (text, seconds) => {
    expect(parseComposeDuration(text)).toBe(seconds);
  });

  it.each(["", "30 s", "1 minute", "abc", "10x", "-5s"])("rejects %j", (text) => {
    expect(parseComposeDuration(text)).toBeNull();
  });
});

describe("parseSystemdTimespan", () => {
  it.each([
    ["30s", 30],
    ["30", 30],
    ["1min 30s", 90],
    ["1min30s", 90],
    ["2min", 120],
    ["5m", 300],
    ["1h 2min", 3720],
    ["500ms", 0.5],
    ["1.5s", 1.5],
    ["2 minutes", 120],
  ])("%s → %d s", (text, seconds) => {
    expect(parseSystemdTimespan(text)).toBe(seconds);
  });

  it("reads infinity and 0 as no timeout (systemd.service(5))", () => {
    expect(parseSystemdTimespan("infinity")).toBe(Number.POSITIVE_INFINITY);
    expect(parseSystemdTimespan("0")).toBe(Number.POSITIVE_INFINITY);
  });

  it("is case-sensitive: M is months, m minutes", () => {
    expect(parseSystemdTimespan("1M")).toBe(2629800);
    expect(parseSystemdTimespan("1m")).toBe(60);
  });

  it.each(["", "thirty", "10 parsecs", "1min-30s"])("rejects %j", (text) => {
    expect(parseSystemdTimespan(text)).toBeNull();
  });
});
