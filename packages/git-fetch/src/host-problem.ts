import { BlockList, isIP } from "node:net";

/**
 * Address ranges that reach this machine or the networks behind it (SSRF targets), each with what
 * a message calls it. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) match the IPv4 ranges.
 */
const INTERNAL_RANGES: ReadonlyArray<[network: string, prefix: number, type: "ipv4" | "ipv6", kind: string]> = [
  ["0.0.0.0", 8, "ipv4", "an unspecified address"],
  ["127.0.0.0", 8, "ipv4", "a loopback address"],
  ["10.0.0.0", 8, "ipv4", "a private-network address"],
  ["172.16.0.0", 12, "ipv4", "a private-network address"],
  ["192.168.0.0", 16, "ipv4", "a private-network address"],
  ["100.64.0.0", 10, "ipv4", "a carrier-grade NAT address"],
  ["169.254.0.0", 16, "ipv4", "a link-local address, where cloud metadata services answer"],
  ["::", 128, "ipv6", "an unspecified address"],
  ["::1", 128, "ipv6", "a loopback address"],
  ["64:ff9b::", 96, "ipv6", "a NAT64 address (an IPv4 address in disguise)"],
  ["fc00::", 7, "ipv6", "a private-network address"],
  ["fe80::", 10, "ipv6", "a link-local address"],
];

const RANGES = INTERNAL_RANGES.map(([network, prefix, type, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { list, kind };
});

/** Names that only a local resolver answers: the machine itself, the LAN, a cloud's internal DNS. */
const INTERNAL_NAME = /(^|\.)(localhost|local|localdomain|internal|intranet|lan|home\.arpa)$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: anything outside ASCII is the point
const NON_ASCII = /[^\u0000-\u007f]/;

function ipKind(address: string): string | undefined {
  const type = isIP(address);
  if (type === 0) return undefined;
  const family = type === 4 ? "ipv4" : "ipv6";
  return RANGES.find((range) => range.list.check(address, family))?.kind ?? "a public IP address";
}

/**
 * Why a URL's host is not the configured server's, as specifically as can be said: a look-alike
 * of it, an internal address (SSRF), an IP address, or simply another host. `rawHost` is the host as
 * typed, `hostname` as the URL parser normalised it (lower case, punycode, `2130706433` → `127.0.0.1`).
 */
export function hostProblem(rawHost: string, hostname: string, server: URL): string {
  const shown = rawHost.toLowerCase() === hostname ? hostname : `${rawHost} (${hostname})`;
  if (NON_ASCII.test(rawHost)) {
    return `the host ${rawHost} contains non-ASCII characters: internationalized look-alikes of ${server.hostname} are not accepted`;
  }
  if (hostname.split(".").some((label) => label.startsWith("xn--"))) {
    return `punycode (xn--) host names are not accepted: ${shown} is not ${server.hostname}`;
  }
  const kind = ipKind(hostname.replace(/^\[(.*)\]$/, "$1"));
  if (kind === "a public IP address") return `IP addresses are not accepted as the host, only ${server.hostname}: ${shown}`;
  if (kind !== undefined) return `internal addresses are not accepted: ${shown} is ${kind}`;
  const name = hostname.replace(/\.$/, "");
  if (INTERNAL_NAME.test(name)) return `internal addresses are not accepted: ${shown} is a local or internal host name`;
  if (!name.includes(".")) return `internal addresses are not accepted: ${shown} is a single-label name, resolved on the local network`;
  return `only repositories on ${server.hostname} are accepted, not ${hostname}`;
}

/** Whether a host as typed uses characters outside ASCII (and so may be a homoglyph of another). */
export function hasNonAsciiHost(rawHost: string): boolean {
  return NON_ASCII.test(rawHost);
}
