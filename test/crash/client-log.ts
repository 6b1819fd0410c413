import type { Write } from './writes';

/** A write that got its 2xx: what was sent, the answer, and how many attempts it took. */
export interface Ack {
  readonly write: Write;
  readonly status: number;
  readonly json: unknown;
  readonly attempts: number;
  /** Attempts before the 2xx that may have reached the server (reset, timeout, 5xx). */
  readonly uncertainAttempts: number;
  /** Index of the server that answered. */
  readonly server: number;
}

/** A write answered with a 4xx (other than 429): never acknowledged. */
export interface Refusal {
  readonly write: Write;
  readonly status: number;
  readonly answer: string;
  /** An earlier attempt may have been applied: the refusal is a retry the server did not answer as the first. */
  readonly afterUncertain: boolean;
}

/** An acknowledged write sent again on purpose, and whether it was answered as the first time. */
export interface Resend {
  readonly write: Write;
  readonly status: number;
  readonly mismatch?: string;
  /** A feedback re-send the server queued again (its receipt says so): applied twice. */
  readonly queuedAgain: boolean;
}

/** `tenant/domain/algorithm`, the key of a bandit learner's counters. */
export const learnerKey = (tenant: string, domain: string, algorithm: string) => `${tenant}/${domain}/${algorithm}`;

/**
 * The clients' log: every acknowledgement, refusal and deliberate re-send, and the retries. The expected state
 * is a replay of `acks`; nothing the server says afterwards changes it.
 */
export class ClientLog {
  readonly acks: Ack[] = [];
  readonly refusals: Refusal[] = [];
  readonly resends: Resend[] = [];
  /** First acknowledgements that do not describe the write (another signal id, another decision). */
  readonly ackMismatches: { readonly write: Write; readonly reason: string }[] = [];
  /** Decide attempts that may have made a decision nobody was told about, per {@link learnerKey} and server. */
  readonly uncertainDecides = new Map<string, number[]>();
  /** Attempts after the first, over all writes. */
  retryAttempts = 0;
  /** Writes that needed at least one retry. */
  retriedWrites = 0;

  countUncertainDecide(key: string, server: number): void {
    const perServer = this.uncertainDecides.get(key) ?? [];
    perServer[server] = (perServer[server] ?? 0) + 1;
    this.uncertainDecides.set(key, perServer);
  }
}
