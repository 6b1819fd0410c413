import type { TrainingExample } from '../examples/example.types';

/** What an enhancement takes from its examples. */
export interface Distilled {
  /** The five tools the examples call on most (ties: first seen first). */
  readonly tools: readonly string[];
  /** The first five distinct reasoning steps of the examples' opening steps. */
  readonly reasoning: readonly string[];
}

/** Examples read by {@link distill}, from the start. */
export const DISTILLED_EXAMPLES = 10;

/** The top tools and reasoning steps of the first {@link DISTILLED_EXAMPLES} examples. */
export function distill(examples: readonly TrainingExample[]): Distilled {
  const head = examples.slice(0, DISTILLED_EXAMPLES);
  const counts = new Map<string, number>();
  for (const tool of head.flatMap((e) => e.optimal_tools)) counts.set(tool, (counts.get(tool) ?? 0) + 1);
  const tools = [...counts.entries()]
    .map(([tool, count], order) => ({ tool, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, 5)
    .map((t) => t.tool);
  const reasoning = [...new Set(head.flatMap((e) => e.reasoning_steps.slice(0, 3)))].slice(0, 5);
  return { tools, reasoning };
}
