import { Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { seededRandom } from '../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm } from './algorithms/bandit-algorithm';
import { restoreAlgorithm } from './algorithms/registry';
import { BanditsStore } from './bandits.store';
import { evaluatePolicy, type OffPolicyResult } from './off-policy';

export interface EvaluateInput {
  /** Evaluate the domain's current learner of this algorithm … */
  algorithm?: unknown;
  /** … or the constant policy that always picks this action. */
  action?: unknown;
  /** Draws per logged context to estimate a stochastic learner's action probabilities (default 16, max 256). */
  samples?: unknown;
}

export interface Evaluation extends OffPolicyResult {
  readonly domain: string;
  readonly target: { readonly algorithm: AlgorithmName } | { readonly action: string };
  /** Answered decisions replayed, by the algorithm that made them. */
  readonly loggedBy: Readonly<Record<string, number>>;
}

/** Learners whose choice is a deterministic function of the context (one draw gives their probabilities). */
const DETERMINISTIC = new Set<AlgorithmName>([AlgorithmName.DoublyRobust, AlgorithmName.LinUcb]);

/**
 * Off-policy evaluation: estimates what a target policy would have earned on the tenant's answered decisions of a
 * domain (the newest `bandits.evaluationLogSize`), with IPS, self-normalised IPS and doubly robust estimates and
 * 95 % intervals. The logged propensities make it valid for any logging policy that gave the target's actions a
 * non-zero probability (uniform_random and epsilon_greedy logs are ideal; deterministic ones are not).
 */
@Injectable()
export class BanditsEvaluation {
  constructor(private readonly store: BanditsStore) {}

  async evaluate(ctx: OrchestrationContext, domainName: string, input: EvaluateInput): Promise<StepResult<Evaluation>> {
    const domain = await this.store.domain(ctx.tenantId, domainName);
    if (!domain) return fail('validation', `Unknown domain "${domainName}"`);
    if ((input.algorithm === undefined) === (input.action === undefined))
      return fail('validation', 'give exactly one of algorithm or action');
    const samples = input.samples ?? 16;
    if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < 1 || samples > 256)
      return fail('validation', 'samples must be an integer from 1 to 256');
    const state = await this.store.state(ctx.tenantId, domain);
    const events = state.events.toArray();
    if (events.length === 0) return fail('not_found', `No answered decisions logged for domain ${domain.name} yet`);
    const k = domain.actions.length;
    let probabilities: (x: readonly number[]) => number[];
    let target: Evaluation['target'];
    if (input.action !== undefined) {
      const index = domain.actions.indexOf(input.action as string);
      if (index < 0)
        return fail(
          'validation',
          `action must be one of ${domain.actions.join(', ')}, got ${JSON.stringify(input.action)}`,
        );
      probabilities = () => Array.from({ length: k }, (_, a) => (a === index ? 1 : 0));
      target = { action: domain.actions[index] };
    } else {
      if (!domain.algorithms.includes(input.algorithm as AlgorithmName))
        return fail(
          'validation',
          `algorithm must be one of ${domain.algorithms.join(', ')}, got ${JSON.stringify(input.algorithm)}`,
        );
      const name = input.algorithm as AlgorithmName;
      // A frozen copy: evaluation never moves the live learner.
      const learner = restoreAlgorithm(
        JSON.parse(JSON.stringify(state.learner(name).snapshot())) as AlgorithmSnapshot,
      )!;
      probabilities = policyProbabilities(learner, DETERMINISTIC.has(name) ? 1 : samples);
      target = { algorithm: name };
    }
    const loggedBy: Record<string, number> = {};
    for (const e of events) loggedBy[e.algorithm] = (loggedBy[e.algorithm] ?? 0) + 1;
    return ok({ domain: domain.name, target, loggedBy, ...evaluatePolicy(events, probabilities) });
  }
}

/** Action probabilities of a learner: the share of `draws` selections (seeded, so an evaluation is repeatable). */
function policyProbabilities(learner: BanditAlgorithm, draws: number): (x: readonly number[]) => number[] {
  const rng = seededRandom(0x5eed);
  return (x) => {
    const p = new Array<number>(learner.k).fill(0);
    for (let i = 0; i < draws; i++) p[learner.select(x, rng).action] += 1 / draws;
    return p;
  };
}
