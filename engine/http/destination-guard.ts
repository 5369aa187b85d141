import { BlockList, isIP } from 'node:net';

/**
 * Which network destinations HTTP steps may reach (DESIGN.md "Security baseline"): public
 * addresses only, unless `HTTP_ALLOW_HOSTS` names the host, the address or a range holding it.
 * Checked on the address actually connected to (after DNS resolution) and again on every
 * redirect, so a name that resolves to an internal address, or a redirect to one, is refused.
 */

/** Address ranges no HTTP step reaches unless allowed, with the reason given in refusals. */
const FORBIDDEN_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'the "this network" range 0.0.0.0/8'],
  ['10.0.0.0', 8, 'a private address (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'a loopback address (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'a link-local address (169.254.0.0/16, cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'an IETF protocol address (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'a documentation address (192.0.2.0/24)'],
  ['192.88.99.0', 24, 'a 6to4 relay address (192.88.99.0/24)'],
  ['192.168.0.0', 16, 'a private address (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'a documentation address (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'a documentation address (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'a multicast address (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'a reserved address (240.0.0.0/4, incl. broadcast)'],
];

const FORBIDDEN_V6: readonly [string, number, string][] = [
  ['::', 128, 'the unspecified address ::'],
  ['::1', 128, 'the loopback address ::1'],
  ['::', 96, 'an IPv4-compatible address (::/96)'],
  ['100::', 64, 'a discard address (100::/64)'],
  ['2001::', 32, 'a Teredo address (2001::/32)'],
  ['2001:db8::', 32, 'a documentation address (2001:db8::/32)'],
  ['fc00::', 7, 'a unique local (private) address (fc00::/7)'],
  ['fe80::', 10, 'a link-local address (fe80::/10)'],
  ['fec0::', 10, 'a site-local address (fec0::/10)'],
  ['ff00::', 8, 'a multicast address (ff00::/8)'],
];

/** Why `address` is not a public destination, or null when it is one. */
export function forbiddenReason(address: string): string | null {
  const version = isIP(address);
  if (version === 4) return v4Reason(address);
  if (version !== 6) return 'not an IP address';
  const bytes = ipv6Bytes(address);
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
  const embedded = embeddedIPv4(bytes);
  if (embedded !== undefined) {
    const reason = v4Reason(embedded);
    return reason === null ? null : `${reason}, written as IPv6`;
  }
  for (const [network, prefix, reason] of FORBIDDEN_V6) {
    if (inPrefix(bytes, ipv6Bytes(network), prefix)) return reason;
  }
  return null;
}

const V4_RANGES = FORBIDDEN_V4.map(([network, prefix, reason]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, 'ipv4');
  return { list, reason };
});

function v4Reason(address: string): string | null {
  return V4_RANGES.find(({ list }) => list.check(address, 'ipv4'))?.reason ?? null;
}

/** The 16 bytes of an IPv6 address (zone id dropped; dotted IPv4 tail allowed). */
export function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

function embeddedIPv4(bytes: number[]): string | undefined {
  const startsWith = (prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  const v4 = (at: number) => bytes.slice(at, at + 4).join('.');
  if (startsWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return v4(12);
  if (startsWith([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return v4(12);
  if (startsWith([0x20, 0x02])) return v4(2);
  return undefined;
}

function inPrefix(bytes: number[], network: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 1) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[i] ?? 0) & mask) !== ((network[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** `HTTP_ALLOW_HOSTS`, parsed: hostnames, addresses and CIDR ranges allowed despite the rules. */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  allowsAddress(address: string): boolean;
  readonly empty: boolean;
}

/** Thrown by `parseAllowList` for an entry that is neither a hostname, an address nor a CIDR. */
export class AllowListSyntaxError extends Error {}

/**
 * Parses a comma-separated list such as `127.0.0.1, ::1, 10.1.0.0/16, internal.example.com`.
 * Hostnames match exactly (case-insensitive); addresses and ranges match the resolved address.
 */
export function parseAllowList(text: string | undefined): AllowList {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [base, bits, ...rest] = entry.split('/');
    const bare = base!.replace(/^\[(.*)\]$/, '$1');
    const version = isIP(bare);
    if (version !== 0) {
      const family = version === 4 ? 'ipv4' : 'ipv6';
      const max = version === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : Number(bits);
      if (rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
        throw new AllowListSyntaxError(`"${entry}" is not a valid address range.`);
      }
      ranges.addSubnet(bare, prefix, family);
    } else if (
      bits === undefined &&
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)
    ) {
      hosts.add(entry.toLowerCase());
    } else {
      throw new AllowListSyntaxError(
        `"${entry}" is neither a hostname, an IP address nor a CIDR range such as 10.0.0.0/8.`,
      );
    }
  }
  return {
    hosts,
    empty: entries.length === 0,
    allowsAddress(address) {
      const version = isIP(address);
      if (version === 0) return false;
      if (ranges.check(address, version === 4 ? 'ipv4' : 'ipv6')) return true;
      // An allowed IPv4 address is allowed in its IPv4-mapped IPv6 form too, and vice versa.
      const bytes = version === 6 ? ipv6Bytes(address) : undefined;
      const mapped = bytes && embeddedIPv4(bytes);
      if (mapped !== undefined && ranges.check(mapped, 'ipv4')) return true;
      return version === 4 && ranges.check(`::ffff:${address}`, 'ipv6');
    },
  };
}

/** Why the connection to `address` (resolved from `hostname`) is refused, or null when allowed. */
export function refusalOf(allow: AllowList, hostname: string, address: string): string | null {
  const reason = forbiddenReason(address);
  if (reason === null) return null;
  if (allow.hosts.has(hostname.toLowerCase().replace(/\.$/, '')) || allow.allowsAddress(address)) return null;
  const resolved = hostname === address ? '' : ` (${hostname} resolves to ${address})`;
  return (
    `HTTP steps may not reach ${address}${resolved}: it is ${reason}. ` +
    'If this destination is intended, add it to HTTP_ALLOW_HOSTS.'
  );
}
