import { isIPv4, isIPv6 } from "node:net";

/** Set by our own server (server.ts) from the socket, overwriting whatever a client sent. */
export const CLIENT_IP_HEADER = "x-lastcall-client-ip";

/**
 * Who is calling, for rate limits. Behind `trustedProxies` reverse proxies the client is the address
 * the outermost proxy saw: each proxy appends the address it was called from to X-Forwarded-For, so
 * that one is `trustedProxies` entries from the right, and everything to its left is whatever the
 * client chose to send. Without proxies (or with fewer entries than proxies) it is the socket's.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const fromProxy = trustedProxies > 0 ? forwarded[forwarded.length - trustedProxies] : undefined;
  return rateLimitKey(fromProxy ?? headers.get(CLIENT_IP_HEADER) ?? "");
}

/**
 * One key per client: an IPv4 address (also when written IPv4-mapped, `::ffff:1.2.3.4`), or an IPv6
 * address's /64 network, since one subscriber usually holds a whole /64 and could rotate through it.
 */
export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  const ipv6 = address.replace(/%.*$/, "");
  if (isIPv6(ipv6)) return `${expandIpv6(ipv6).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded and an embedded IPv4 tail converted. */
function expandIpv6(address: string): string[] {
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  const hex =
    ipv4Tail === undefined
      ? address
      : address.replace(ipv4Tail, () => {
          const [a = 0, b = 0, c = 0, d = 0] = ipv4Tail.split(".").map(Number);
          return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        });
  const [head = "", tail] = hex.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => Number.parseInt(group, 16).toString(16));
}
