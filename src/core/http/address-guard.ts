import * as dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Which non-public addresses outgoing fetches may reach anyway. */
export interface AddressPolicy {
  /** CIDR ranges let through whatever their kind (e.g. `['10.1.0.0/16']`); default none, so only public unicast. */
  readonly allowedCidrs: readonly string[];
}

/** Public unicast addresses only. */
export const DEFAULT_ADDRESS_POLICY: AddressPolicy = { allowedCidrs: [] };

/** A host that is, or resolves to, an address the policy refuses. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    /** The address's range (`private`, `loopback`, `linkLocal`, …) as ipaddr.js names it. */
    readonly reason: string,
  ) {
    const subject = host === address ? address : `${host} resolves to ${address}, which`;
    super(`${subject} is in the ${reason} range, refused by the address policy (allowedCidrs)`);
    this.name = 'BlockedAddressError';
  }
}

/** Type guard for {@link BlockedAddressError}. */
export function isBlockedAddressError(error: unknown): error is BlockedAddressError {
  return error instanceof BlockedAddressError;
}

/** Parses the policy's ranges; throws naming the first string that is not a CIDR range. */
export function parseAllowedCidrs(policy: AddressPolicy): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  return policy.allowedCidrs.map((cidr) => {
    try {
      return ipaddr.parseCIDR(cidr);
    } catch {
      throw new Error(
        `address policy: allowedCidrs entry "${cidr}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`,
      );
    }
  });
}

function refusal(ip: string, allowed: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][]): string | undefined {
  if (!ipaddr.isValid(ip)) return 'invalid';
  // process() unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1), which would otherwise pass as an ordinary IPv6 address.
  const address = ipaddr.process(ip);
  if (allowed.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))) return undefined;
  const range = address.range();
  return range === 'unicast' ? undefined : range;
}

/**
 * Why an address is refused: its ipaddr.js range (`private`, `loopback`, `linkLocal`, `multicast`, `reserved`,
 * `unspecified`, `broadcast`, `carrierGradeNat`, `uniqueLocal`, `teredo`, …; `invalid` for a non-address), or
 * undefined when it is public unicast or inside one of the policy's allowed ranges.
 *
 * @example checkAddress('::ffff:10.0.0.1', DEFAULT_ADDRESS_POLICY) // 'private'
 */
export function checkAddress(ip: string, policy: AddressPolicy): string | undefined {
  return refusal(ip, parseAllowedCidrs(policy));
}

/**
 * Checks a URL's host when it is an IP literal, which connects without any DNS lookup and so bypasses
 * {@link guardedLookup}; names are left to the lookup. Returns the refusal, or undefined.
 */
export function checkHost(hostname: string, policy: AddressPolicy): BlockedAddressError | undefined {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0) return undefined;
  const reason = checkAddress(host, policy);
  return reason === undefined ? undefined : new BlockedAddressError(host, host, reason);
}

/**
 * A DNS lookup for `net.connect` (undici's `connect.lookup`) that fails with a {@link BlockedAddressError} when any
 * address the name resolves to is refused. The check happens on every connection, right before it is made, so a
 * name cannot pass a check and then resolve elsewhere (DNS rebinding). Throws now if a CIDR string is invalid.
 */
export function guardedLookup(policy: AddressPolicy, lookup: LookupFunction = dns.lookup): LookupFunction {
  const allowed = parseAllowedCidrs(policy);
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, '');
      const addresses = typeof result === 'string' ? [{ address: result, family: isIP(result) }] : result;
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to no address`), { code: 'ENOTFOUND' }), '');
      }
      for (const { address } of addresses) {
        const reason = refusal(address, allowed);
        if (reason !== undefined) return callback(new BlockedAddressError(hostname, address, reason), '');
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
