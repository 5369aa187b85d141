import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { type AllowList, refusalOf } from './destination-guard.js';

/**
 * An undici `Agent` whose connections go only to checked addresses: the name of every new
 * connection is resolved by our `lookup`, each resolved address is checked against the
 * destination rules, and the socket connects to an address that passed — the one that was
 * checked, so a DNS answer that changes between check and connect (rebinding) cannot slip in.
 * Host header and TLS SNI keep the name.
 */

/** Resolves a hostname to its addresses (default: the system resolver, `dns.lookup`). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** A connection refused by the destination rules; `message` says why and what to do. */
export class DestinationRefusedError extends Error {
  readonly code = 'ERR_DESTINATION_REFUSED';
}

export const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The addresses of `hostname` that may be connected to; throws `DestinationRefusedError` if none. */
export async function checkedAddresses(
  hostname: string,
  allow: AllowList,
  resolve: Resolve,
): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const version = isIP(bare);
  const resolved = version !== 0 ? [{ address: bare, family: version }] : await resolve(bare);
  const allowed = resolved.filter(({ address }) => refusalOf(allow, bare, address) === null);
  if (allowed.length > 0) return allowed;
  const first = resolved[0];
  if (first === undefined) throw new DestinationRefusedError(`${bare} does not resolve to any address.`);
  throw new DestinationRefusedError(refusalOf(allow, bare, first.address)!);
}

export function createGuardedAgent(allow: AllowList, resolve: Resolve = systemResolve): Agent {
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    checkedAddresses(hostname, allow, resolve).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
  return new Agent({ connect: { lookup: lookup as never } });
}
