import { Agent, request } from 'undici';
import { checkHost, guardedLookup, type AddressPolicy } from '../../../core/http/address-guard';
import type { HubPoster } from './websub-subscriptions';

/**
 * Posts subscription requests to hubs through the address guard (the same policy as feed fetches): an IP-literal
 * hub is checked before the request, a named one on every connection. Redirects are not followed; the answer's
 * status is returned and its body discarded.
 */
export function guardedHubPoster(
  policy: AddressPolicy,
  userAgent: string,
): { post: HubPoster; close(): Promise<void> } {
  const agent = new Agent({ connect: { lookup: guardedLookup(policy) }, connections: 4 });
  return {
    post: async (hub, form, signal) => {
      if (hub.protocol !== 'http:' && hub.protocol !== 'https:')
        throw new Error(`hub ${hub.href}: only http(s) hubs are used`);
      const blocked = checkHost(hub.hostname, policy);
      if (blocked) throw blocked;
      const response = await request(hub, {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
        body: form.toString(),
        signal,
      });
      await response.body.dump({ limit: 64 * 1024 });
      return response.statusCode;
    },
    close: () => agent.close(),
  };
}
