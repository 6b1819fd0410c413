import type { AgentDefinition } from '../../crew';
import type { TrainingFocus } from '../examples/example.types';
import type { Distilled } from './distill';
import type { ReasoningFramework } from './focus';

/** The markers around the text an enhancement adds; an enhancement replaces what sits between them. */
export const BLOCK_BEGIN = '[training:begin]';
export const BLOCK_END = '[training:end]';

/** The targets attached to an enhanced agent, which the performance monitor reports against. */
export const PERFORMANCE_TARGETS = {
  accuracy: 0.9,
  tool_efficiency: 0.85,
  completeness: 0.8,
  reasoning_quality: 0.85,
  source_verification: 0.95,
} as const;

/** How every enhanced agent is told to use its tools. */
export const TOOL_GUIDELINES = [
  'Use a tool only when its result can change the answer.',
  'Acquire the content before analysing it, and analyse before verifying.',
  'Verify each important claim with more than one independent source.',
  'Prefer the most specific tool for the question over a general one.',
  'Read a tool error before retrying; do not repeat an identical failing call.',
  'Store findings that later work will need to compare against.',
  'Report what each tool returned; never fill a gap with a guess.',
] as const;

const FOCUS_GOALS: Readonly<Record<TrainingFocus, string>> = {
  content_analysis: 'Give analyses whose every finding is tied to the passage it comes from.',
  fact_checking: 'Give every verdict a confidence and the independent sources behind it.',
  cross_platform_monitoring: 'Correlate what is said across platforms and over time before drawing conclusions.',
  character_profiling: 'Judge consistency from dated statements, separating behaviour from reputation.',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARKED = new RegExp(`\\s*${escape(BLOCK_BEGIN)}[\\s\\S]*?${escape(BLOCK_END)}`, 'g');

/** `text` without any marked block (trailing whitespace trimmed). */
export function withoutBlock(text: string): string {
  return text.replace(MARKED, '').trimEnd();
}

/** `text` with exactly one marked block holding `block`: an existing block is replaced, never appended to. */
export function withBlock(text: string, block: string): string {
  return `${withoutBlock(text)}\n\n${BLOCK_BEGIN}\n${block.trim()}\n${BLOCK_END}`;
}

/** How many marked blocks `text` holds. */
export function blockCount(text: string): number {
  return text.split(BLOCK_BEGIN).length - 1;
}

/** What an enhancement is made from. */
export interface EnhancementInput {
  readonly focus: TrainingFocus;
  readonly framework: ReasoningFramework;
  readonly distilled: Distilled;
  readonly examples: number;
  readonly seed: number;
  /** Also rewrite the goal's block and attach the tool guidelines. */
  readonly applyGoal: boolean;
}

/**
 * The enhanced definition: the backstory (and, with `applyGoal`, the goal) carries one marked block with the
 * training focus, the distilled tools and reasoning steps and the principles; reasoning and memory are switched on;
 * the metadata holds the guidelines, targets, framework and how the examples were made. Enhancing an enhanced
 * definition again gives the same definition for the same input: the block is replaced, not appended.
 */
export function enhanceDefinition(current: AgentDefinition, input: EnhancementInput): AgentDefinition {
  const { focus, framework, distilled } = input;
  const backstoryBlock = [
    `Training focus: ${focus.replace(/_/g, ' ')}.`,
    `Tools to reach for first: ${distilled.tools.join(', ')}.`,
    `Reasoning (${framework.style.replace(/_/g, ' ')}; state a conclusion only at confidence ${framework.confidence_threshold} or more, verifying with ${framework.verification.replace(/_/g, ' ')}):`,
    ...distilled.reasoning.map((step) => `- ${step}`),
    ...(framework.practices.length > 0 ? [`Practices: ${framework.practices.join(', ').replace(/_/g, ' ')}.`] : []),
    'Say explicitly what remains uncertain.',
  ].join('\n');
  const metadata: Record<string, unknown> = {
    ...current.metadata,
    performance_targets: PERFORMANCE_TARGETS,
    reasoning_framework: framework,
    training: { focus, examples: input.examples, seed: input.seed },
  };
  if (input.applyGoal) metadata.tool_guidelines = TOOL_GUIDELINES;
  else delete metadata.tool_guidelines;
  return {
    ...current,
    goal: input.applyGoal ? withBlock(current.goal, FOCUS_GOALS[focus]) : withoutBlock(current.goal),
    backstory: withBlock(current.backstory, backstoryBlock),
    reasoning: true,
    memory: true,
    metadata,
  };
}
