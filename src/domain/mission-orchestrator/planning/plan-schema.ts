import { z } from 'zod';
import {
  MISSION_BUDGETS,
  MISSION_DEPTHS,
  MISSION_RESOURCES,
  MISSION_ROSTERS,
  MISSION_STAGES,
  type MissionDepth,
} from './mission-catalogue';
import type { MissionPlan } from './mission-plan';

const STAGE_IDS = MISSION_STAGES.map((s) => s.id);
const PRIORITY_OF = new Map(MISSION_STAGES.map((s) => [s.id, s.priority]));
const ORDER_OF = new Map(MISSION_STAGES.map((s, i) => [s.id, i]));
/** Every agent any depth brings (the largest roster holds them all). */
const AGENTS = new Set(MISSION_ROSTERS.experimental);
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

const count = z.number().int().min(0);
const amount = z.number().min(0);
const note = z.string().min(1).max(1000);

/** The shape of a {@link MissionPlan}: fields, types and bounds; the depth's rules are {@link withinDepth}. */
const shape = z.strictObject({
  missionId: z.string().regex(ID, 'must be 1-128 letters, digits, ".", "_", ":" or "-"'),
  url: z.string().min(1).max(4096),
  depth: z.enum(MISSION_DEPTHS),
  stages: z
    .array(
      z.strictObject({
        id: z.enum(STAGE_IDS as [string, ...string[]]),
        priority: z.enum(['critical', 'high', 'medium', 'low']),
      }),
    )
    .min(2)
    .max(MISSION_STAGES.length),
  roster: z.array(z.string().min(1).max(64)).min(1).max(MISSION_ROSTERS.experimental.length),
  budget: z.strictObject({
    agents: count,
    toolCalls: count,
    iterations: z.number().int().min(1),
    costUsd: amount,
    minutes: z.number().gt(0),
    memoryMb: count,
  }),
  resources: z.strictObject({ cpus: count, ramGb: amount, diskGb: amount, gpu: z.boolean() }),
  duration: z.strictObject({ minutes: amount, low: amount, high: amount }),
  risks: z.array(note).max(20),
  successCriteria: z.array(note).max(20),
  decisionsLog: z.array(note).max(100),
  planner: z.strictObject({
    kind: z.enum(['rules', 'llm']),
    model: z.string().min(1).max(200).optional(),
    costUsd: amount,
  }),
});

type Problem = { readonly path: string; readonly message: string };

/**
 * The rules a plan of `depth` keeps, whoever made it: known stages, each once, with its catalogue priority, in
 * workflow order, mission planning first and acquisition (the content pipeline) second, every critical stage
 * present; a roster of known agents led by the mission orchestrator and no larger than the agent budget; every
 * budget and resource within the depth's; a duration range around its estimate and within the time budget.
 */
function withinDepth(plan: z.infer<typeof shape>): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const depth: MissionDepth = plan.depth;
  const seen = new Set<string>();
  plan.stages.forEach((stage, i) => {
    if (seen.has(stage.id)) add(`stages[${i}].id`, `${stage.id} is planned twice`);
    seen.add(stage.id);
    const priority = PRIORITY_OF.get(stage.id);
    if (stage.priority !== priority) add(`stages[${i}].priority`, `must be ${priority} for ${stage.id}`);
    const previous = plan.stages[i - 1];
    if (previous && ORDER_OF.get(previous.id)! > ORDER_OF.get(stage.id)!)
      add(`stages[${i}].id`, `${stage.id} cannot come after ${previous.id}: stages run in workflow order`);
  });
  if (plan.stages[0]?.id !== 'mission_planning') add('stages[0].id', 'must be mission_planning');
  if (plan.stages[1]?.id !== 'acquisition') add('stages[1].id', 'must be acquisition: the content pipeline runs first');
  for (const s of MISSION_STAGES)
    if (s.priority === 'critical' && !seen.has(s.id)) add('stages', `the critical stage ${s.id} is missing`);
  if (plan.roster[0] !== 'mission_orchestrator') add('roster[0]', 'must be mission_orchestrator');
  plan.roster.forEach((agent, i) => {
    if (!AGENTS.has(agent)) add(`roster[${i}]`, `${agent} is not a known agent`);
    else if (plan.roster.indexOf(agent) !== i) add(`roster[${i}]`, `${agent} is listed twice`);
  });
  if (plan.roster.length > plan.budget.agents)
    add('roster', `${plan.roster.length} agents is more than budget.agents (${plan.budget.agents})`);
  const limits = MISSION_BUDGETS[depth];
  for (const key of Object.keys(limits) as (keyof typeof limits)[])
    if (plan.budget[key] > limits[key])
      add(`budget.${key}`, `${plan.budget[key]} is over the ${depth} limit ${limits[key]}`);
  const resources = MISSION_RESOURCES[depth];
  for (const key of ['cpus', 'ramGb', 'diskGb'] as const)
    if (plan.resources[key] > resources[key])
      add(`resources.${key}`, `${plan.resources[key]} is over the ${depth} resources (${resources[key]})`);
  if (plan.resources.gpu && !resources.gpu) add('resources.gpu', `${depth} missions have no GPU`);
  const { minutes, low, high } = plan.duration;
  if (!(low <= minutes && minutes <= high)) add('duration', 'must have low <= minutes <= high');
  if (high > plan.budget.minutes) add('duration.high', `${high} is over budget.minutes (${plan.budget.minutes})`);
  return problems;
}

const pathText = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');

export type PlanCheck =
  { readonly ok: true; readonly plan: MissionPlan } | { readonly ok: false; readonly problems: string[] };

/**
 * Validates an untrusted plan (a caller's, or an LLM's answer) against the {@link MissionPlan} schema and the rules
 * of its depth. Each problem names its field under `root`, e.g. `plan.budget.costUsd: 5 is over the deep limit 3`.
 */
export function checkPlan(value: unknown, root = 'plan'): PlanCheck {
  const parsed = shape.safeParse(value);
  const at = (path: string) => (path ? `${root}.${path}` : root);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${at(pathText(i.path))}: ${i.message}`) };
  const problems = withinDepth(parsed.data);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => `${at(p.path)}: ${p.message}`) };
  return { ok: true, plan: parsed.data };
}
