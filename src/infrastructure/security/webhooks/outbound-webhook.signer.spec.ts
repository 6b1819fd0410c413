import { Logger } from '@nestjs/common';
import { testConfig } from '../../../../test/fixtures/test-config';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { OutboundWebhookSigner } from './outbound-webhook.signer';
import { WebhookSigner } from './webhook-signer';

const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const PREVIOUS = `whsec_${Buffer.alloc(32, 8).toString('base64')}`;

describe(OutboundWebhookSigner.name, () => {
  const clock = new ManualClock(1_700_000_000_999);
  const build = (webhooks: Record<string, unknown>) =>
    new OutboundWebhookSigner(testConfig({ webhooks }).webhooks, clock, sequentialIds('out'));

  afterEach(() => jest.restoreAllMocks());

  describe('headersFor', () => {
    it('signs under a new id per call and the current whole second', () => {
      const sut = build({ outboundSecret: SECRET });
      const reference = new WebhookSigner(SECRET);
      expect(sut.headersFor('{"a":1}')).toEqual(reference.sign('msg_out-1', 1_700_000_000, '{"a":1}'));
      expect(sut.headersFor('{"a":1}')['webhook-id']).toBe('msg_out-2');
      expect(sut.signing).toBe(true);
    });

    it('signs with both secrets during a rotation', () => {
      const sut = build({ outboundSecret: SECRET, outboundPreviousSecret: PREVIOUS });
      expect(sut.headersFor('x')).toEqual(new WebhookSigner(SECRET, PREVIOUS).sign('msg_out-1', 1_700_000_000, 'x'));
    });

    it('returns no headers without a secret', () => {
      const sut = build({});
      expect(sut.headersFor('x')).toEqual({});
      expect(sut.signing).toBe(false);
    });
  });

  describe('onApplicationBootstrap', () => {
    it('says once, at boot, that outbound webhooks are unsigned when no secret is set', () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      build({}).onApplicationBootstrap();
      build({ outboundSecret: SECRET }).onApplicationBootstrap();
      expect(warn.mock.calls).toEqual([
        [
          {
            event: 'outbound_webhooks_unsigned',
            detail: 'webhooks the service sends carry no signature: set webhooks.outboundSecret (env WEBHOOK_SECRET)',
          },
        ],
      ]);
    });
  });
});
