import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ManualClock } from '../../../core/runtime/clock';
import { InMemoryReplayCache } from './in-memory.replay-cache';
import { WebhookSigner } from './webhook-signer';
import { WebhookVerifier } from './webhook-verifier';

/** 32 key bytes 0x00, 0x01, … 0x1f, and the secret that carries them. */
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const SECRET = `whsec_${KEY.toString('base64')}`;
const OLD_KEY = Buffer.alloc(24, 0xab);
const OLD_SECRET = `whsec_${OLD_KEY.toString('base64')}`;
const BODY = '{"event":"run.completed","runId":"r-1"}';

describe(WebhookSigner.name, () => {
  describe('sign', () => {
    it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 under the decoded key (test vector)', () => {
      const independent = createHmac('sha256', KEY).update(`msg_1.1700000000.${BODY}`).digest('base64');
      const sut = new WebhookSigner(SECRET);
      // The same value from Python's hmac module, a third implementation.
      expect(independent).toBe('syurLTYe+LiI5sH6oGYjVMC0jtTZeDoYeh4oGtMh4L4=');
      expect(sut.sign('msg_1', 1_700_000_000, BODY)).toEqual({
        'webhook-id': 'msg_1',
        'webhook-timestamp': '1700000000',
        'webhook-signature': `v1,${independent}`,
      });
    });

    it('signs bytes and the same text alike', () => {
      const sut = new WebhookSigner(SECRET);
      expect(sut.sign('msg_1', 1_700_000_000, Buffer.from(BODY))).toEqual(sut.sign('msg_1', 1_700_000_000, BODY));
    });

    it('sends two signatures during a rotation: the current secret first, then the previous one', () => {
      const sut = new WebhookSigner(SECRET, OLD_SECRET);
      const byKey = (key: Buffer) => createHmac('sha256', key).update(`msg_2.1700000000.${BODY}`).digest('base64');
      expect(sut.sign('msg_2', 1_700_000_000, BODY)['webhook-signature']).toBe(`v1,${byKey(KEY)} v1,${byKey(OLD_KEY)}`);
    });

    it('refuses an id with a dot, which would make the signed text ambiguous', () => {
      expect(() => new WebhookSigner(SECRET).sign('msg.1', 1_700_000_000, BODY)).toThrow(RangeError);
    });

    it('refuses a fractional timestamp', () => {
      expect(() => new WebhookSigner(SECRET).sign('msg_1', 1_700_000_000.5, BODY)).toThrow(
        'timestampSeconds must be a whole number',
      );
    });
  });

  describe('constructor', () => {
    it('refuses an invalid secret without quoting it', () => {
      expect(() => new WebhookSigner('whsec_c2hvcnQ=')).toThrow(
        'Webhook secret must hold at least 24 bytes of key (has 5)',
      );
    });
  });

  describe('interoperability with the standardwebhooks package', () => {
    it('writes signatures the package verifies', () => {
      const headers = new WebhookSigner(SECRET).sign('msg_3', Math.floor(Date.now() / 1000), BODY);
      expect(new Webhook(SECRET).verify(BODY, headers)).toEqual({ event: 'run.completed', runId: 'r-1' });
    });

    it('accepts signatures the package writes', async () => {
      const clock = new ManualClock(1_700_000_000_000);
      const verifier = new WebhookVerifier({
        source: 'pkg',
        secrets: [SECRET],
        clock,
        replay: new InMemoryReplayCache(clock, 100),
      });
      const signature = new Webhook(SECRET).sign('msg_4', new Date(1_700_000_000_000), BODY);
      const headers = { 'webhook-id': 'msg_4', 'webhook-timestamp': '1700000000', 'webhook-signature': signature };
      expect(await verifier.verify(headers, BODY)).toEqual({ ok: true, id: 'msg_4', timestampSeconds: 1_700_000_000 });
    });
  });
});
