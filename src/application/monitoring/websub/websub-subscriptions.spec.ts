import { createHmac } from 'node:crypto';
import { ManualClock } from '../../../core/runtime/clock';
import type { MonitoringStore } from '../monitoring.store';
import type { Source, SourceState } from '../monitoring.types';
import { WebSubSubscriptions, type WebSubOptions } from './websub-subscriptions';

const T0 = 1_800_000_000_000;
const HUB = { hubUrl: 'https://hub.example.invalid/', topicUrl: 'https://feeds.example.invalid/c.xml' };
const OPTIONS: WebSubOptions = {
  callbackBaseUrl: 'https://crew.example.invalid',
  leaseSeconds: 86_400,
  renewBeforeSeconds: 3_600,
  verifyTimeoutSeconds: 600,
  minPushGapSeconds: 30,
};

function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function fixture(options: WebSubOptions = OPTIONS, hubStatus = 202) {
  const clock = new ManualClock(T0);
  const source = { tenantId: 'tenant one', workspaceId: 'w', id: 'src1', enabled: true } as Source;
  let state: SourceState = {
    tenantId: 'tenant one',
    sourceId: 'src1',
    validators: { etag: null, lastModified: null },
    nextCheckAt: T0,
    lastCheckAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveErrors: 0,
    backoffUntil: null,
    currentIntervalSeconds: 300,
    websub: null,
  };
  const sent: Record<string, string>[] = [];
  const store = {
    getState: async (scope: { tenantId: string }, id: string) =>
      scope.tenantId === state.tenantId && id === state.sourceId ? state : undefined,
    saveState: async (next: SourceState) => void (state = next),
    dueSources: async () => [{ source, state }],
  } as unknown as MonitoringStore;
  let secrets = 0;
  const sut = new WebSubSubscriptions(
    store,
    async (hub, form) => {
      sent.push({ hub: hub.href, ...Object.fromEntries(form) });
      return hubStatus;
    },
    clock,
    () => `secret-${++secrets}`,
    options,
  );
  return { sut, clock, source, sent, state: () => state, set: (s: SourceState) => (state = s) };
}

describe(WebSubSubscriptions.name, () => {
  const id = WebSubSubscriptions.callbackId('tenant one', 'src1');

  it('names the tenant and source in the callback id, and refuses anything else', () => {
    expect(id).toBe('dGVuYW50IG9uZQ.src1');
    expect(WebSubSubscriptions.parseCallbackId(id)).toEqual({ tenantId: 'tenant one', sourceId: 'src1' });
    expect(WebSubSubscriptions.parseCallbackId('../../etc')).toBeUndefined();
    expect(WebSubSubscriptions.parseCallbackId('nodot')).toBeUndefined();
  });

  it('subscribes with a secret and a lease when a feed names a hub, once', async () => {
    const f = fixture();
    const state = await f.sut.maintain(f.source, f.state(), HUB);
    expect(f.sent).toEqual([
      {
        hub: 'https://hub.example.invalid/',
        'hub.mode': 'subscribe',
        'hub.topic': 'https://feeds.example.invalid/c.xml',
        'hub.callback': 'https://crew.example.invalid/monitoring/websub/dGVuYW50IG9uZQ.src1',
        'hub.secret': 'secret-1',
        'hub.lease_seconds': '86400',
      },
    ]);
    expect(state.websub).toEqual({
      ...HUB,
      secret: 'secret-1',
      requestedAt: T0,
      leaseExpiresAt: null,
      verified: false,
      lastPushAt: null,
    });
    f.set(state);
    expect(await f.sut.maintain(f.source, state, HUB)).toBe(state);
    expect(f.sent).toHaveLength(1);
  });

  it('does nothing without a callback base URL, a hub, or for a disabled source', async () => {
    const off = fixture({ ...OPTIONS, callbackBaseUrl: null });
    expect((await off.sut.maintain(off.source, off.state(), HUB)).websub).toBeNull();
    const f = fixture();
    expect((await f.sut.maintain(f.source, f.state(), null)).websub).toBeNull();
    expect((await f.sut.maintain({ ...f.source, enabled: false }, f.state(), HUB)).websub).toBeNull();
    expect([off.sent, f.sent]).toEqual([[], []]);
  });

  it('echoes the challenge for the topic it asked for, stores the lease, and refuses other topics', async () => {
    const f = fixture();
    f.set(await f.sut.maintain(f.source, f.state(), HUB));
    const query = {
      'hub.mode': 'subscribe',
      'hub.topic': HUB.topicUrl,
      'hub.challenge': 'c-123',
      'hub.lease_seconds': '3600',
    };
    expect(await f.sut.verify(id, { ...query, 'hub.topic': 'https://other.example.invalid/' })).toEqual({
      ok: false,
      reason: 'hub.topic https://other.example.invalid/ is not https://feeds.example.invalid/c.xml',
    });
    expect(await f.sut.verify(id, { ...query, 'hub.challenge': undefined })).toEqual({
      ok: false,
      reason: 'hub.challenge is missing',
    });
    expect(await f.sut.verify('eA.nosuch', query)).toEqual({ ok: false, reason: 'unknown subscription' });
    expect(await f.sut.verify(id, query)).toEqual({ ok: true, challenge: 'c-123' });
    expect(f.state().websub).toMatchObject({ verified: true, leaseExpiresAt: T0 + 3_600_000 });
  });

  it('accepts a push signed with the secret as a hint for one early check per 30 s, and ignores a bad signature', async () => {
    const f = fixture();
    f.set(await f.sut.maintain(f.source, f.state(), HUB));
    const body = '<feed><entry><id>yt:video:abc</id></entry></feed>';
    expect(await f.sut.push(id, sign(body, 'wrong'), Buffer.from(body))).toEqual({
      accepted: false,
      reason: 'bad_signature',
    });
    expect(await f.sut.push(id, 'sha256=zz', Buffer.from(body))).toEqual({ accepted: false, reason: 'bad_signature' });
    expect(await f.sut.push(id, sign(body, 'secret-1'), Buffer.from(body))).toEqual({ accepted: true, checkNow: true });
    f.clock.advance(29_999);
    expect(await f.sut.push(id, sign(body, 'secret-1'), Buffer.from(body))).toEqual({
      accepted: true,
      checkNow: false,
    });
    f.clock.advance(1);
    expect(await f.sut.push(id, sign(body, 'secret-1'), Buffer.from(body))).toEqual({ accepted: true, checkNow: true });
    expect(await f.sut.push('eA.nosuch', sign(body, 'secret-1'), Buffer.from(body))).toEqual({
      accepted: false,
      reason: 'unknown_subscription',
    });
  });

  it('records a denial as unverified, so the request is made again later', async () => {
    const f = fixture();
    f.set(await f.sut.maintain(f.source, f.state(), HUB));
    const denied = { 'hub.mode': 'denied', 'hub.topic': HUB.topicUrl, 'hub.reason': 'not allowed' };
    expect(await f.sut.verify(id, denied)).toEqual({ ok: true, challenge: '' });
    expect(f.state().websub).toMatchObject({ verified: false, leaseExpiresAt: null });
  });

  it('renews a verified lease when less than an hour is left, with the same secret', async () => {
    const f = fixture();
    f.set(await f.sut.maintain(f.source, f.state(), HUB));
    await f.sut.verify(id, {
      'hub.mode': 'subscribe',
      'hub.topic': HUB.topicUrl,
      'hub.challenge': 'c',
      'hub.lease_seconds': '86400',
    });
    f.clock.advance(86_400_000 - 3_600_001);
    expect(await f.sut.renewDue()).toBe(0);
    f.clock.advance(1);
    expect(await f.sut.renewDue()).toBe(1);
    expect(f.sent.map((s) => [s['hub.mode'], s['hub.secret']])).toEqual([
      ['subscribe', 'secret-1'],
      ['subscribe', 'secret-1'],
    ]);
    expect(f.state().websub).toMatchObject({ verified: false, requestedAt: T0 + 86_400_000 - 3_600_000 });
  });

  it('asks again 10 min after a request the hub refused or never verified', async () => {
    const f = fixture(OPTIONS, 500);
    f.set(await f.sut.maintain(f.source, f.state(), HUB));
    expect(f.state().websub?.verified).toBe(false);
    f.clock.advance(599_999);
    expect(await f.sut.renewDue()).toBe(0);
    expect(f.sent).toHaveLength(1);
    f.clock.advance(1);
    await f.sut.renewDue();
    expect(f.sent).toHaveLength(2);
  });

  it('unsubscribes a released source and then verifies only that unsubscription', async () => {
    const f = fixture();
    const subscribed = await f.sut.maintain(f.source, f.state(), HUB);
    f.set(subscribed);
    const unsub = { 'hub.mode': 'unsubscribe', 'hub.topic': HUB.topicUrl, 'hub.challenge': 'u-1' };
    expect(await f.sut.verify(id, unsub)).toEqual({
      ok: false,
      reason: 'hub.mode is unsubscribe, expected subscribe',
    });
    f.set(await f.sut.release(f.source, subscribed));
    expect(f.sent[1]).toEqual({
      hub: 'https://hub.example.invalid/',
      'hub.mode': 'unsubscribe',
      'hub.topic': 'https://feeds.example.invalid/c.xml',
      'hub.callback': 'https://crew.example.invalid/monitoring/websub/dGVuYW50IG9uZQ.src1',
    });
    expect(f.state().websub).toBeNull();
    expect(await f.sut.verify(id, unsub)).toEqual({ ok: true, challenge: 'u-1' });
  });
});
