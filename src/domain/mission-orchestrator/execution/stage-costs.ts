import type { StageId } from '../../crew';
import { BUDGET_RESOURCES, type Amounts, type BudgetGuard, type BudgetResource } from '../planning/budget-guard';
import type { MissionPlan } from '../planning/mission-plan';

/**
 * The crew stage that carries out each mission stage. `mission_planning` (charging the planning's cost and
 * announcing the plan) and `communication` (delivering the briefing) are the mission's own.
 */
export const CREW_STAGE_OF: Readonly<Record<string, Exclude<StageId, 'S13'>>> = {
  acquisition: 'S1',
  transcription: 'S2',
  content_analysis: 'S3',
  verification: 'S4',
  social_intelligence: 'S5',
  threat_analysis: 'S6',
  knowledge_integration: 'S7',
  performance_analytics: 'S8',
  behavioural_profiling: 'S9',
  research_synthesis: 'S10',
  quality_assessment: 'S11',
  briefing: 'S12',
};

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The ledger limits of a plan: its cost, tool-call and iteration budgets and its minutes in seconds. */
export function limitsOf(plan: MissionPlan): Record<BudgetResource, number> {
  const { costUsd, toolCalls, iterations, minutes } = plan.budget;
  return { costUsd, toolCalls, iterations, seconds: minutes * 60 };
}

/**
 * What a stage reserves before it starts. Seconds: the plan's duration estimate shared evenly over its stages.
 * Tool calls: one per crew stage, one for the delivery. Dollars: planning reserves what the planning cost; a crew
 * stage, when an LLM is bound, an even share over the plan's crew stages of the cost budget left after planning
 * (without an LLM no stage spends money).
 */
export function estimateOf(
  stageId: string,
  plan: MissionPlan,
  o: { readonly llmEnabled: boolean; readonly planningCostUsd: number },
): Amounts {
  const seconds = round((plan.duration.minutes * 60) / plan.stages.length);
  if (stageId === 'mission_planning') return { costUsd: o.planningCostUsd, seconds };
  if (stageId === 'communication') return { toolCalls: 1, seconds };
  const crewStages = plan.stages.filter((s) => CREW_STAGE_OF[s.id]).length;
  // Rounded down, so that the shares never add up to more than the budget left after planning.
  const share = Math.floor((Math.max(0, plan.budget.costUsd - o.planningCostUsd) / crewStages) * 1e6) / 1e6;
  return { costUsd: o.llmEnabled ? share : 0, toolCalls: 1, seconds };
}

/** The stages a replan may drop: the nice-to-have ones. */
const DROPPABLE = new Set(['medium', 'low']);

export interface Replan {
  /** The stages to drop, in plan order. */
  readonly dropped: readonly string[];
  /** Why, for the decision log. */
  readonly decision: string;
}

/**
 * The rule-based replan, checked before a stage starts: when the estimates of the stages still to run add up, on
 * some resource, to more than the ledger has left, the medium and low priority stages among them are dropped.
 * Undefined when the projection fits, or when nothing is left to drop.
 */
export function replan(
  remaining: readonly MissionPlan['stages'][number][],
  guard: BudgetGuard,
  estimate: (stageId: string) => Amounts,
): Replan | undefined {
  for (const resource of BUDGET_RESOURCES) {
    const projected = round(remaining.reduce((sum, s) => sum + (estimate(s.id)[resource] ?? 0), 0));
    const left = guard.left(resource);
    if (projected <= left) continue;
    const dropped = remaining.filter((s) => DROPPABLE.has(s.priority)).map((s) => s.id);
    if (dropped.length === 0) return undefined;
    return {
      dropped,
      decision: `replanned before ${remaining[0].id}: the stages left would spend ${projected} ${resource}, over the ${left} left; dropped ${dropped.join(', ')}`,
    };
  }
  return undefined;
}
