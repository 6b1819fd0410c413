import type { LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import {
  BlockedAddressError,
  DEFAULT_ADDRESS_POLICY,
  checkAddress,
  checkHost,
  guardedLookup,
  isBlockedAddressError,
} from './address-guard';

/** A resolver from a fixed table; no query leaves the process. */
const table: Record<string, string[]> = {
  'public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'mixed.test': ['93.184.215.14', '10.0.0.1'],
  'empty.test': [],
};
const fakeLookup: LookupFunction = (hostname, _options, callback) => {
  const addresses = table[hostname];
  if (!addresses) return callback(Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' }), '');
  callback(
    null,
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
  );
};

function resolve(
  lookup: LookupFunction,
  hostname: string,
  options: LookupOptions,
): Promise<{ error: Error | null; result: unknown[] }> {
  return new Promise((done) => lookup(hostname, options, (error, ...result) => done({ error, result })));
}

describe('address guard', () => {
  describe(checkAddress.name, () => {
    it.each(['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets public unicast %s through', (ip) => {
      expect(checkAddress(ip, DEFAULT_ADDRESS_POLICY)).toBeUndefined();
    });

    it.each([
      ['10.0.0.1', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.1', 'private'],
      ['::ffff:10.0.0.1', 'private'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['255.255.255.255', 'broadcast'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['fd00::1', 'uniqueLocal'],
      ['192.0.2.1', 'reserved'],
      ['2001:db8::1', 'reserved'],
      ['64:ff9b::a00:1', 'rfc6052'],
      ['2002:a00:1::1', '6to4'],
      ['not-an-ip', 'invalid'],
    ])('refuses %s as %s', (ip, reason) => {
      expect(checkAddress(ip, DEFAULT_ADDRESS_POLICY)).toBe(reason);
    });

    it('lets through addresses inside an allowed range, IPv4-mapped ones included', () => {
      const policy = { allowedCidrs: ['10.1.0.0/16', '127.0.0.0/8', 'fd00::/8'] };
      expect([
        checkAddress('10.1.2.3', policy),
        checkAddress('::ffff:127.0.0.1', policy),
        checkAddress('fd12::1', policy),
      ]).toEqual([undefined, undefined, undefined]);
      expect(checkAddress('10.2.0.1', policy)).toBe('private');
    });

    it('throws naming an allowed range that is not a CIDR', () => {
      expect(() => checkAddress('8.8.8.8', { allowedCidrs: ['10.0.0.0/8', '10.0.0.1'] })).toThrow(
        'address policy: allowedCidrs entry "10.0.0.1" is not a CIDR range such as 10.0.0.0/8 or fd00::/8',
      );
    });
  });

  describe(checkHost.name, () => {
    it('refuses a private IPv4 literal, naming it', () => {
      const refusal = checkHost('10.0.0.1', DEFAULT_ADDRESS_POLICY);
      expect(refusal?.message).toBe('10.0.0.1 is in the private range, refused by the address policy (allowedCidrs)');
    });

    it('refuses a bracketed IPv6 literal as URL.hostname gives it', () => {
      expect(checkHost(new URL('http://[::1]:8080/').hostname, DEFAULT_ADDRESS_POLICY)).toMatchObject({
        address: '::1',
        reason: 'loopback',
      });
    });

    it('leaves names to the lookup and lets public literals through', () => {
      expect([checkHost('localhost', DEFAULT_ADDRESS_POLICY), checkHost('8.8.8.8', DEFAULT_ADDRESS_POLICY)]).toEqual([
        undefined,
        undefined,
      ]);
    });
  });

  describe(guardedLookup.name, () => {
    const sut = guardedLookup(DEFAULT_ADDRESS_POLICY, fakeLookup);

    it('passes public addresses on, as a list when asked for all', async () => {
      expect(await resolve(sut, 'public.test', { all: true })).toEqual({
        error: null,
        result: [
          [
            { address: '93.184.215.14', family: 4 },
            { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
          ],
        ],
      });
    });

    it('passes the first public address on when asked for one', async () => {
      expect(await resolve(sut, 'public.test', {})).toEqual({ error: null, result: ['93.184.215.14', 4] });
    });

    it('fails naming the host and the address when any resolved address is refused', async () => {
      const { error } = await resolve(sut, 'mixed.test', { all: true });
      expect(isBlockedAddressError(error)).toBe(true);
      expect(error?.message).toBe(
        'mixed.test resolves to 10.0.0.1, which is in the private range, refused by the address policy (allowedCidrs)',
      );
    });

    it('uses dns.lookup by default (given an address, it answers without a query)', async () => {
      const { error } = await resolve(guardedLookup(DEFAULT_ADDRESS_POLICY), '127.0.0.1', {});
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as BlockedAddressError).reason).toBe('loopback');
    });

    it('passes lookup errors through and treats an empty answer as not found', async () => {
      const missing = await resolve(sut, 'missing.test', {});
      const empty = await resolve(sut, 'empty.test', {});
      expect([missing.error?.message, empty.error?.message]).toEqual([
        'no such host missing.test',
        'empty.test resolves to no address',
      ]);
      expect((empty.error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
    });

    it('throws at creation naming an invalid allowed range', () => {
      expect(() => guardedLookup({ allowedCidrs: ['localhost/8'] })).toThrow('"localhost/8" is not a CIDR range');
    });
  });
});
