import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./loopback-host.js";

describe("isLoopbackHost", () => {
  it("knows 127.0.0.0/8, ::1 and localhost", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["128.0.0.1", "127.0.0.1.nip.io", "localhost.example.com", "0.0.0.0"].some(isLoopbackHost)).toBe(false);
  });
});
