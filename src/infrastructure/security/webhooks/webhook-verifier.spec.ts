import { ManualClock } from '../../../core/runtime/clock';
import { InMemoryReplayCache } from './in-memory.replay-cache';
import type { ReplayCache } from './replay-cache';
import { WebhookSigner } from './webhook-signer';
import { WebhookVerifier, type InboundHeaders, type WebhookVerifierOptions } from './webhook-verifier';

const secretOf = (byte: number) => `whsec_${Buffer.alloc(32, byte).toString('base64')}`;
const NEW_SECRET = secretOf(1);
const OLD_SECRET = secretOf(2);
const OTHER_SECRET = secretOf(3);
const NOW_S = 1_700_000_000;
const BODY = Buffer.from('{"action":"opened","number":7}');

describe(WebhookVerifier.name, () => {
  let clock: ManualClock;
  let replay: InMemoryReplayCache;

  const build = (options: Partial<WebhookVerifierOptions> = {}) =>
    new WebhookVerifier({ source: 'github', secrets: [NEW_SECRET], clock, replay, ...options });
  const signed = (id: string, timestamp = NOW_S, body: string | Uint8Array = BODY, secret = NEW_SECRET) =>
    new WebhookSigner(secret).sign(id, timestamp, body);

  beforeEach(() => {
    clock = new ManualClock(NOW_S * 1000 + 400);
    replay = new InMemoryReplayCache(clock, 100);
  });

  describe('verify', () => {
    it('accepts a delivery signed with the secret over the raw body', async () => {
      expect(await build().verify(signed('msg_1'), BODY)).toEqual({ ok: true, id: 'msg_1', timestampSeconds: NOW_S });
    });

    // The three rejections of the acceptance check: 301 s of skew, a tampered body, a reused id.
    it('rejects a webhook with 301 s of clock skew, in either direction (timestamp_out_of_tolerance)', async () => {
      const sut = build();
      expect(await sut.verify(signed('msg_old', NOW_S - 301), BODY)).toEqual({
        ok: false,
        reason: 'timestamp_out_of_tolerance',
        id: 'msg_old',
      });
      expect(await sut.verify(signed('msg_new', NOW_S + 301), BODY)).toEqual({
        ok: false,
        reason: 'timestamp_out_of_tolerance',
        id: 'msg_new',
      });
    });

    it('rejects a tampered body (bad_signature)', async () => {
      const tampered = Buffer.from('{"action":"opened","number":8}');
      expect(await build().verify(signed('msg_1'), tampered)).toEqual({
        ok: false,
        reason: 'bad_signature',
        id: 'msg_1',
      });
    });

    it('rejects a reused id (replayed)', async () => {
      const sut = build();
      const headers = signed('msg_1');
      expect((await sut.verify(headers, BODY)).ok).toBe(true);
      clock.advance(5_000);
      expect(await sut.verify(headers, BODY)).toEqual({ ok: false, reason: 'replayed', id: 'msg_1' });
    });

    it('accepts a timestamp exactly 300 s away, in either direction', async () => {
      const sut = build();
      expect((await sut.verify(signed('msg_a', NOW_S - 300), BODY)).ok).toBe(true);
      expect((await sut.verify(signed('msg_b', NOW_S + 300), BODY)).ok).toBe(true);
    });

    it('uses the configured tolerance', async () => {
      const sut = build({ toleranceSeconds: 10 });
      expect(await sut.verify(signed('msg_1', NOW_S - 11), BODY)).toMatchObject({
        reason: 'timestamp_out_of_tolerance',
      });
      expect((await sut.verify(signed('msg_2', NOW_S - 10), BODY)).ok).toBe(true);
    });

    it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
      'rejects a delivery without %s (missing_headers)',
      async (name) => {
        const headers: Record<string, string> = { ...signed('msg_1') };
        delete headers[name];
        expect(await build().verify(headers, BODY)).toMatchObject({ ok: false, reason: 'missing_headers' });
      },
    );

    it.each<[string, InboundHeaders]>([
      ['a repeated id header', { 'webhook-id': ['msg_1', 'msg_2'] }],
      ['an id with a dot', { 'webhook-id': 'msg.1' }],
      ['a timestamp that is not a whole number', { 'webhook-timestamp': '1700000000.5' }],
      ['an empty signature header', { 'webhook-signature': '  ' }],
    ])('rejects %s as missing_headers', async (_case, override) => {
      expect(await build().verify({ ...signed('msg_1'), ...override }, BODY)).toMatchObject({
        ok: false,
        reason: 'missing_headers',
      });
    });

    it('rejects a signature made with a secret it does not know (bad_signature)', async () => {
      expect(await build().verify(signed('msg_1', NOW_S, BODY, OTHER_SECRET), BODY)).toEqual({
        ok: false,
        reason: 'bad_signature',
        id: 'msg_1',
      });
    });

    it('rejects a valid signature moved to another id (bad_signature)', async () => {
      const headers = { ...signed('msg_1'), 'webhook-id': 'msg_2' };
      expect(await build().verify(headers, BODY)).toMatchObject({ reason: 'bad_signature' });
    });

    it('skips other versions and malformed entries in the list and matches the v1 one', async () => {
      const good = signed('msg_1')['webhook-signature'];
      const headers = { ...signed('msg_1'), 'webhook-signature': `v1a,AAAA v1,not-base64 v2,${good.slice(3)} ${good}` };
      expect((await build().verify(headers, BODY)).ok).toBe(true);
    });

    it('remembers an id only after a successful verification', async () => {
      const sut = build();
      const forged = { ...signed('msg_1', NOW_S, BODY, OTHER_SECRET) };
      expect(await sut.verify(forged, BODY)).toMatchObject({ reason: 'bad_signature' });
      expect(await sut.verify(signed('msg_1', NOW_S - 400), BODY)).toMatchObject({
        reason: 'timestamp_out_of_tolerance',
      });
      expect((await sut.verify(signed('msg_1'), BODY)).ok).toBe(true);
    });

    it('keeps ids per source: two senders may use the same id', async () => {
      expect((await build().verify(signed('msg_1'), BODY)).ok).toBe(true);
      expect((await build({ source: 'stripe' }).verify(signed('msg_1'), BODY)).ok).toBe(true);
    });

    it('claims the id for twice the tolerance, under "<source>:<id>"', async () => {
      const claims: [string, number][] = [];
      const recording: ReplayCache = { claim: async (key, ttlMs) => (claims.push([key, ttlMs]), true) };
      await build({ replay: recording }).verify(signed('msg_1'), BODY);
      expect(claims).toEqual([['github:msg_1', 600_000]]);
    });

    it('passes on a failing replay cache as a rejection of the call', async () => {
      const failing: ReplayCache = { claim: () => Promise.reject(new Error('no answer within 1000 ms')) };
      await expect(build({ replay: failing }).verify(signed('msg_1'), BODY)).rejects.toThrow(
        'no answer within 1000 ms',
      );
    });
  });

  describe('rotation', () => {
    it('accepts deliveries signed with the old or the new secret while both are configured', async () => {
      const sut = build({ secrets: [NEW_SECRET, OLD_SECRET] });
      expect((await sut.verify(signed('msg_new', NOW_S, BODY, NEW_SECRET), BODY)).ok).toBe(true);
      expect((await sut.verify(signed('msg_old', NOW_S, BODY, OLD_SECRET), BODY)).ok).toBe(true);
    });

    it('accepts a two-signature delivery from a rotating sender with either secret alone', async () => {
      const headers = new WebhookSigner(NEW_SECRET, OLD_SECRET).sign('msg_1', NOW_S, BODY);
      expect((await build({ secrets: [OLD_SECRET] }).verify(headers, BODY)).ok).toBe(true);
      // A receiver of its own (its own replay cache) that already moved to the new secret.
      const moved = build({ secrets: [NEW_SECRET], replay: new InMemoryReplayCache(clock, 100) });
      expect((await moved.verify(headers, BODY)).ok).toBe(true);
    });

    it('refuses a verifier without secrets', () => {
      expect(() => build({ secrets: [] })).toThrow('webhook source github has no secret');
    });
  });
});
