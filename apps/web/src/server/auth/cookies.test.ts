import { describe, expect, it } from "vitest";
import { readCookie, serializeCookie } from "./cookies.js";

describe("serializeCookie", () => {
  it("is HttpOnly and SameSite=Lax, and Secure when asked", () => {
    expect(serializeCookie("s", "v", { maxAgeSeconds: 60, secure: false })).toBe("s=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
    expect(serializeCookie("s", "v", { maxAgeSeconds: 60.9, secure: true, path: "/auth" })).toBe(
      "s=v; Path=/auth; Max-Age=60; HttpOnly; SameSite=Lax; Secure",
    );
  });

  it("deletes with a zero lifetime", () => {
    expect(serializeCookie("s", "", { maxAgeSeconds: -5, secure: false })).toContain("Max-Age=0");
  });
});

describe("readCookie", () => {
  it("finds a cookie by its exact name", () => {
    expect(readCookie("a=1; lastcall_session=abc=; b=2", "lastcall_session")).toBe("abc=");
    expect(readCookie("xlastcall_session=1", "lastcall_session")).toBeUndefined();
    expect(readCookie("lastcall_session=", "lastcall_session")).toBeUndefined();
    expect(readCookie(null, "lastcall_session")).toBeUndefined();
  });
});
