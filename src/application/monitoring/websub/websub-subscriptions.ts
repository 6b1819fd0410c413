import type { Clock } from '../../../core/runtime/clock';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { Source, SourceState, WebSubState } from '../monitoring.types';
import { subscriptionForm, verifyChallenge, verifySignature, type ChallengeQuery } from './websub-protocol';

/** Settings of WebSub subscriptions. */
export interface WebSubOptions {
  /** This service's public base URL (`https://crew.example.com`); WebSub is off when null. */
  readonly callbackBaseUrl: string | null;
  /** Lease asked of the hub. */
  readonly leaseSeconds: number;
  /** A lease is renewed when it has less than this left. */
  readonly renewBeforeSeconds: number;
  /** A subscription the hub has not verified after this long is requested again. */
  readonly verifyTimeoutSeconds: number;
  /** Pushes closer together than this trigger one early check. */
  readonly minPushGapSeconds: number;
}

/** Sends a form to a hub; resolves with the hub's status. Fetches go through the address guard. */
export type HubPoster = (hub: URL, form: URLSearchParams, signal: AbortSignal) => Promise<number>;

/** What a hub's verification request (GET on the callback) asks. */
export interface VerificationQuery {
  readonly mode: string | undefined;
  readonly topic: string | undefined;
  readonly challenge: string | undefined;
  readonly leaseSeconds: string | undefined;
}

/** The answer to a verification: echo the challenge with 200, or 404 naming why. */
export type VerificationAnswer =
  { readonly ok: true; readonly challenge: string } | { readonly ok: false; readonly reason: string };

/** What a push did: an early check was asked for, or why not. */
export type PushAnswer =
  | { readonly accepted: true; readonly checkNow: boolean }
  | { readonly accepted: false; readonly reason: 'unknown_subscription' | 'bad_signature' };

/**
 * WebSub (PubSubHubbub) for feeds that name a hub: subscribes with a per-subscription secret, answers the hub's
 * verification, accepts signed pushes as a hint to check the source early, and renews leases before they end.
 * Polling stays the source of truth: a push only moves the next check forward.
 *
 * The callback URL is `<callbackBaseUrl>/monitoring/websub/<callback id>`; the id names the tenant and the source,
 * and every push must carry the HMAC made with that subscription's secret.
 */
export class WebSubSubscriptions {
  constructor(
    private readonly store: MonitoringStore,
    private readonly post: HubPoster,
    private readonly clock: Clock,
    private readonly newSecret: () => string,
    private readonly options: WebSubOptions,
  ) {}

  get enabled(): boolean {
    return this.options.callbackBaseUrl !== null;
  }

  /** The callback id of a source: the tenant (base64url) and the source id. */
  static callbackId(tenantId: string, sourceId: string): string {
    return `${Buffer.from(tenantId).toString('base64url')}.${sourceId}`;
  }

  /** The tenant and source a callback id names, or undefined when it is not one. */
  static parseCallbackId(id: string): { tenantId: string; sourceId: string } | undefined {
    const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{1,100})$/.exec(id);
    if (!match) return undefined;
    const tenantId = Buffer.from(match[1], 'base64url').toString('utf8');
    return tenantId ? { tenantId, sourceId: match[2] } : undefined;
  }

  /**
   * After a successful check: subscribes when the feed names a hub the source is not subscribed to (or a different
   * one), when the lease is about to end, or when an earlier request was never verified. Returns the state to keep.
   */
  async maintain(
    source: Source,
    state: SourceState,
    hub: { hubUrl: string; topicUrl: string } | null,
  ): Promise<SourceState> {
    if (!this.enabled || !source.enabled || !hub) return state;
    const current = state.websub;
    const now = this.clock.now();
    const sameHub = current?.hubUrl === hub.hubUrl && current.topicUrl === hub.topicUrl;
    if (sameHub && !this.needsRenewal(current, now)) return state;
    const { websub } = await this.subscribe(source, hub, 'subscribe', sameHub ? current.secret : this.newSecret());
    return { ...state, websub };
  }

  /** Unsubscribes a source that was disabled or removed; the state keeps no subscription. */
  async release(source: Source, state: SourceState): Promise<SourceState> {
    if (!this.enabled || !state.websub) return state;
    await this.subscribe(source, state.websub, 'unsubscribe', state.websub.secret);
    return { ...state, websub: null };
  }

  /**
   * Answers a hub's verification of a subscription (or unsubscription) we asked for. A confirmed subscription keeps
   * its lease; a denial is recorded as unverified, so that the request is made again after `verifyTimeoutSeconds`.
   */
  async verify(callbackId: string, query: ChallengeQuery): Promise<VerificationAnswer> {
    const target = await this.target(callbackId);
    if (!target) return { ok: false, reason: 'unknown subscription' };
    const { state } = target;
    const websub = state.websub;
    // We only unsubscribe after dropping the subscription from the state; a live one is still wanted.
    const expected = websub
      ? { mode: 'subscribe' as const, topic: websub.topicUrl }
      : { mode: 'unsubscribe' as const, topic: String(query['hub.topic'] ?? '') };
    const check = verifyChallenge(query, expected);
    if (check.status === 'refused') return { ok: false, reason: check.reason };
    if (check.status === 'denied') {
      if (websub)
        await this.store.saveState({ ...state, websub: { ...websub, verified: false, leaseExpiresAt: null } });
      return { ok: true, challenge: '' };
    }
    if (websub) {
      const leaseExpiresAt = check.leaseSeconds === null ? null : this.clock.now() + check.leaseSeconds * 1000;
      await this.store.saveState({ ...state, websub: { ...websub, verified: true, leaseExpiresAt } });
    }
    return { ok: true, challenge: check.challenge };
  }

  /**
   * A push from the hub: accepted when signed with the subscription's secret. An accepted push asks for an early
   * check unless one was asked for less than `minPushGapSeconds` ago. The content of the push itself is not read.
   */
  async push(callbackId: string, signature: string | undefined, body: Buffer): Promise<PushAnswer> {
    const target = await this.target(callbackId);
    const websub = target?.state.websub;
    if (!target || !websub) return { accepted: false, reason: 'unknown_subscription' };
    if (!verifySignature(signature, body, websub.secret)) return { accepted: false, reason: 'bad_signature' };
    const now = this.clock.now();
    const checkNow = websub.lastPushAt === null || now - websub.lastPushAt >= this.options.minPushGapSeconds * 1000;
    if (checkNow) await this.store.saveState({ ...target.state, websub: { ...websub, lastPushAt: now } });
    return { accepted: true, checkNow };
  }

  /** Subscriptions whose lease ends soon or whose request was never verified are requested again. */
  async renewDue(): Promise<number> {
    if (!this.enabled) return 0;
    const now = this.clock.now();
    let renewed = 0;
    for (const { source, state } of await this.store.dueSources(Number.MAX_SAFE_INTEGER, 100_000)) {
      if (!state.websub || !this.needsRenewal(state.websub, now)) continue;
      const { websub, accepted } = await this.subscribe(source, state.websub, 'subscribe', state.websub.secret);
      await this.store.saveState({ ...state, websub });
      if (accepted) renewed++;
    }
    return renewed;
  }

  private needsRenewal(websub: WebSubState, now: number): boolean {
    if (!websub.verified) return now - websub.requestedAt >= this.options.verifyTimeoutSeconds * 1000;
    return websub.leaseExpiresAt !== null && websub.leaseExpiresAt - now <= this.options.renewBeforeSeconds * 1000;
  }

  private async target(callbackId: string): Promise<{ scope: TenantScope; state: SourceState } | undefined> {
    const parsed = WebSubSubscriptions.parseCallbackId(callbackId);
    if (!parsed) return undefined;
    const scope = { tenantId: parsed.tenantId, workspaceId: '' };
    const state = await this.store.getState(scope, parsed.sourceId);
    return state ? { scope, state } : undefined;
  }

  /**
   * Sends the request and returns the subscription as requested, and whether the hub accepted it (2xx). A refused or
   * failed request is kept too, unverified, so that it is asked again only after `verifyTimeoutSeconds`.
   */
  private async subscribe(
    source: Source,
    hub: { hubUrl: string; topicUrl: string },
    mode: 'subscribe' | 'unsubscribe',
    secret: string,
  ): Promise<{ websub: WebSubState; accepted: boolean }> {
    const callback = new URL(
      `/monitoring/websub/${WebSubSubscriptions.callbackId(source.tenantId, source.id)}`,
      this.options.callbackBaseUrl!,
    );
    const form = subscriptionForm({
      mode,
      topic: hub.topicUrl,
      callback: callback.href,
      ...(mode === 'subscribe' ? { secret, leaseSeconds: this.options.leaseSeconds } : {}),
    });
    const status = await this.post(new URL(hub.hubUrl), form, AbortSignal.timeout(15_000)).catch(() => 0);
    const websub: WebSubState = {
      hubUrl: hub.hubUrl,
      topicUrl: hub.topicUrl,
      secret,
      requestedAt: this.clock.now(),
      leaseExpiresAt: null,
      verified: false,
      lastPushAt: null,
    };
    return { websub, accepted: status >= 200 && status <= 299 };
  }
}
