import type { RandomSource } from '../../src/core/runtime/random';
import { learnerKey, type ClientLog } from './client-log';
import { exchange, retryable } from './http';
import {
  ackMismatch,
  dataOf,
  decideWrite,
  duplicateMismatch,
  feedbackWrite,
  queuedAgain,
  rewardWrite,
  type Decision,
  type FeedbackType,
  type FeedbackWrite,
  type RewardWrite,
  type Write,
} from './writes';

/** Signals per component and client: below the health window (100), so it holds every reward. */
export const SIGNALS_PER_COMPONENT = 90;
/** Pause between two attempts of one write while the server is down. */
const RETRY_PAUSE_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a client writes to: its tenant and key, the bandit domains and their algorithms. */
export interface ClientSetup {
  readonly index: number;
  readonly tenant: string;
  readonly key: string;
  readonly domains: readonly { readonly name: string; readonly algorithms: readonly string[] }[];
  /** The servers' ports; each write starts on `index % n` and moves on after each failed attempt. */
  readonly ports: readonly number[];
  readonly rng: RandomSource;
  /** A write that cannot get an answer for this long fails the run (a server that never came back). */
  readonly giveUpMs: number;
  /** Mean pause between two writes (uniform from 0 to twice this). */
  readonly pauseMs: number;
}

type Outcome = {
  readonly status: number;
  readonly json: unknown;
  readonly attempts: number;
  /** The servers of the attempts that may have been applied, in order. */
  readonly uncertain: readonly number[];
  /** The server that answered. */
  readonly server: number;
};

/**
 * One client: loops over seeded choices of feedback submits (generic, tool and agent helpers, client-chosen
 * signal ids), bandit decisions and their rewards (at once or later), and re-sends of writes already
 * acknowledged. Every write is retried, unchanged, until it gets an answer that is not a failure of the server;
 * 2xx answers go to the log as acknowledgements.
 */
export class CrashClient {
  private readonly counters: Record<FeedbackType, number> = { tool: 0, agent: 0 };
  private readonly pending: Decision[] = [];
  private readonly resendable: (FeedbackWrite | RewardWrite)[] = [];
  private signals = 0;
  private aborted: () => boolean = () => false;

  constructor(
    private readonly setup: ClientSetup,
    private readonly log: ClientLog,
  ) {}

  /**
   * Runs until `stopping()` is true, then returns once the write in flight is answered; throws as soon as
   * `aborted()` is (the run failed elsewhere).
   */
  async run(control: { readonly stopping: () => boolean; readonly aborted: () => boolean }): Promise<void> {
    this.aborted = control.aborted;
    while (!control.stopping()) {
      await this.step();
      if (this.setup.pauseMs > 0) await sleep(this.setup.rng.next() * 2 * this.setup.pauseMs);
    }
  }

  private async step(): Promise<void> {
    const r = this.setup.rng.next();
    if (r < 0.1 && this.resendable.length > 0) return this.resend(this.resendable[this.int(this.resendable.length)]);
    if (r < 0.3) return this.feedback('feedback.signal', this.int(2) === 0 ? 'tool' : 'agent');
    if (r < 0.42) return this.feedback('feedback.tool', 'tool');
    if (r < 0.54) return this.feedback('feedback.agent', 'agent');
    if (r < 0.64 && this.pending.length > 0)
      return this.reward(this.pending.splice(this.int(this.pending.length), 1)[0]);
    const decision = await this.decide();
    if (!decision) return;
    if (this.setup.rng.next() < 0.7) await this.reward(decision);
    else this.pending.push(decision);
  }

  private async feedback(kind: FeedbackWrite['kind'], type: FeedbackType): Promise<void> {
    const { index, tenant, key } = this.setup;
    const n = this.counters[type]++;
    const write = feedbackWrite(kind, tenant, key, {
      // Clients 2k and 2k+1 (one per tenant) choose the same ids: a signal id is the tenant's own.
      signalId: `s.c${index >> 1}.${this.signals++}`,
      componentType: type,
      componentId: `${tenant}.c${index}.${type}${Math.floor(n / SIGNALS_PER_COMPONENT)}`,
      reward: (614 + this.int(410)) / 1024,
      extra: this.int(2000),
    });
    if (await this.deliver(write)) this.resendable.push(write);
  }

  private async decide(): Promise<Decision | undefined> {
    const { tenant, key, domains } = this.setup;
    const domain = domains[this.int(domains.length)];
    const algorithm = domain.algorithms[this.int(domain.algorithms.length)];
    const write = decideWrite(tenant, key, domain.name, algorithm, `user${this.int(50)}`);
    const ack = await this.deliver(write);
    const data = ack && dataOf(ack.json);
    if (!data) return undefined;
    return { tenant, decisionId: String(data.decisionId), domain: domain.name, algorithm, action: String(data.action) };
  }

  private async reward(decision: Decision): Promise<void> {
    const write = rewardWrite(this.setup.key, decision, this.int(1025) / 1024);
    if (await this.deliver(write)) this.resendable.push(write);
  }

  /** Sends an acknowledged write again; its answer must be the first one's. */
  private async resend(write: FeedbackWrite | RewardWrite): Promise<void> {
    const outcome = await this.attempt(write);
    this.log.resends.push({
      write,
      status: outcome.status,
      mismatch: duplicateMismatch(write, outcome.status, outcome.json),
      queuedAgain: queuedAgain(write, outcome.status, outcome.json),
    });
  }

  /** Delivers a new write; returns its outcome when acknowledged (2xx), after logging it either way. */
  private async deliver(write: Write): Promise<Outcome | undefined> {
    const outcome = await this.attempt(write);
    if (write.kind === 'bandit.decide')
      for (const server of outcome.uncertain)
        this.log.countUncertainDecide(learnerKey(write.tenant, write.domain, write.algorithm), server);
    if (outcome.status >= 200 && outcome.status <= 299) {
      this.log.acks.push({
        write,
        status: outcome.status,
        json: outcome.json,
        attempts: outcome.attempts,
        uncertainAttempts: outcome.uncertain.length,
        server: outcome.server,
      });
      const mismatch = ackMismatch(write, outcome.json);
      if (mismatch) this.log.ackMismatches.push({ write, reason: mismatch });
      return outcome;
    }
    this.log.refusals.push({
      write,
      status: outcome.status,
      answer: JSON.stringify(outcome.json)?.slice(0, 300) ?? '',
      afterUncertain: outcome.uncertain.length > 0,
    });
    return undefined;
  }

  /** Sends `write` until it is answered with anything but a server failure (5xx, 429, 408, no answer). */
  private async attempt(write: Write): Promise<Outcome> {
    const started = Date.now();
    let attempts = 0;
    const uncertain: number[] = [];
    // Each write starts on the client's own server and moves on after each failed attempt.
    let server = this.setup.index % this.setup.ports.length;
    for (;;) {
      attempts++;
      const x = await exchange(this.setup.ports[server], write.request);
      if (x.kind === 'answer' && !retryable(x.status)) {
        if (attempts > 1) {
          this.log.retriedWrites++;
          this.log.retryAttempts += attempts - 1;
        }
        return { status: x.status, json: x.json, attempts, uncertain, server };
      }
      // A refused connection never reached the server; anything else may have been applied.
      if (x.kind !== 'refused') uncertain.push(server);
      if (this.aborted()) throw new Error('run aborted');
      if (Date.now() - started > this.setup.giveUpMs)
        throw new Error(`${write.kind} to ${write.request.path} got no answer in ${this.setup.giveUpMs} ms`);
      server = (server + 1) % this.setup.ports.length;
      await sleep(RETRY_PAUSE_MS);
    }
  }

  private int(n: number): number {
    return Math.floor(this.setup.rng.next() * n);
  }
}
