import { seededRandom } from '../../../core/runtime/random';
import type { AgentDefinition, AgentId } from '../../crew';
import { generateExamples } from '../examples/example-generator';
import { ENHANCEMENT_WEIGHTS, type ComplexityWeights, type TrainingFocus } from '../examples/example.types';
import { distill, type Distilled } from './distill';
import { enhanceDefinition } from './enhance-definition';
import { focusOf, reasoningFramework } from './focus';

/** How candidates are made. */
export interface CandidateOptions {
  readonly seed: number;
  /** Examples generated per agent. Default 50. */
  readonly examples?: number;
  readonly weights?: ComplexityWeights;
  readonly applyGoal: boolean;
}

/** An enhanced definition proposed for one agent, with what it was made from. */
export interface Candidate {
  readonly agent: AgentId;
  readonly focus: TrainingFocus;
  readonly definition: AgentDefinition;
  readonly distilled: Distilled;
  readonly examples: number;
  /** Mean structural quality of the examples, to 3 decimals. */
  readonly exampleQuality: number;
}

/** The candidate of one agent: examples from the seed (the agent's role picks the focus), distilled into its definition. */
export function buildCandidate(agent: AgentId, current: AgentDefinition, options: CandidateOptions): Candidate {
  const focus = focusOf(current.role);
  const count = options.examples ?? 50;
  const examples = generateExamples(
    { role: current.role, focus, count, weights: options.weights ?? ENHANCEMENT_WEIGHTS },
    seededRandom(options.seed),
  );
  const distilled = distill(examples);
  const definition = enhanceDefinition(current, {
    focus,
    framework: reasoningFramework(current.role),
    distilled,
    examples: count,
    seed: options.seed,
    applyGoal: options.applyGoal,
  });
  const mean = examples.reduce((sum, e) => sum + e.quality_score, 0) / Math.max(1, examples.length);
  return { agent, focus, definition, distilled, examples: count, exampleQuality: Math.round(mean * 1000) / 1000 };
}
