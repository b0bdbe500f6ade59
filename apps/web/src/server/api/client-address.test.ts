import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientAddress, rateLimitKey } from "./client-address.js";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientAddress", () => {
  it("is the socket's address unless proxies are trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(headers({ [CLIENT_IP_HEADER]: "203.0.113.7", "x-forwarded-for": "198.51.100.1" }), 0)).toBe("203.0.113.7");
  });

  it("behind N proxies takes the address the outermost one saw, not what the client wrote before it", () => {
    const forwarded = headers({ [CLIENT_IP_HEADER]: "10.0.0.2", "x-forwarded-for": "1.1.1.1, 198.51.100.9, 10.0.0.1" });
    expect(clientAddress(forwarded, 1)).toBe("10.0.0.1");
    expect(clientAddress(forwarded, 2)).toBe("198.51.100.9");
  });

  it("falls back to the socket when X-Forwarded-For has fewer entries than proxies", () => {
    expect(clientAddress(headers({ [CLIENT_IP_HEADER]: "10.0.0.2", "x-forwarded-for": "198.51.100.9" }), 2)).toBe("10.0.0.2");
    expect(clientAddress(headers({ [CLIENT_IP_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
  });
});

describe("rateLimitKey", () => {
  it("keys IPv4 by address, also when IPv4-mapped", () => {
    expect(rateLimitKey("192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
  });

  it("keys IPv6 by its /64, however it is written", () => {
    expect(rateLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitKey("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("puts anything that is not an address in one shared bucket", () => {
    expect(rateLimitKey("")).toBe("unknown");
    expect(rateLimitKey("not-an-ip")).toBe("unknown");
  });
});
