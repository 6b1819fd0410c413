import { extractJson, RequestBudget, runWithBudget, type LlmPort } from '../../crew';
import { MISSION_ROSTERS, MISSION_STAGES } from './mission-catalogue';
import { planMission, type MissionPlan, type MissionRequest } from './mission-plan';
import { checkPlan } from './plan-schema';

/** What the LLM is asked to be and to answer. */
const SYSTEM =
  'You are the Autonomy Mission Orchestrator. Coordinate end-to-end missions: sequence the stages of the depth, ' +
  'choose the specialists and stay within the budget. Answer with one JSON object and nothing else.';

/** Room for a whole plan in the answer. */
const MAX_TOKENS = 2000;
/** Problems of a refused plan quoted in the decision log. */
const QUOTED_PROBLEMS = 3;

function prompt(rules: MissionPlan): string {
  const { planner: _planner, ...reference } = rules;
  return [
    'Plan the mission below. Start from the rule-based plan and change it only where the request calls for it.',
    'Rules:',
    '- stages: ids from the catalogue, each once, in catalogue order, with the catalogue priority; mission_planning ' +
      'first and acquisition second; keep every critical stage.',
    '- roster: agent ids from the catalogue, mission_orchestrator first, no more agents than budget.agents.',
    '- budget and resources: no value above those of the rule-based plan, which are the depth limits.',
    '- decisionsLog: one short sentence per decision you made.',
    'Answer with the whole plan as one JSON object with the same keys as the rule-based plan.',
    `Catalogue stages: ${JSON.stringify(MISSION_STAGES)}`,
    `Catalogue agents: ${JSON.stringify(MISSION_ROSTERS.experimental)}`,
    `Request: ${JSON.stringify({ url: rules.url, depth: rules.depth })}`,
    `Rule-based plan: ${JSON.stringify(reference)}`,
  ].join('\n');
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Attempt = { readonly plan: MissionPlan } | { readonly refused: string };

/**
 * Plans missions: the rule-based plan of the depth catalogues, or — when an LLM is bound — the LLM's plan, provided
 * it passes the same schema and depth rules as any plan ({@link checkPlan}) for the depth asked. Any failure of the
 * LLM (a failed call, no JSON, a refused plan) falls back to the rule-based plan. Either way the first entry of the
 * decision log says which planner made the plan and why, and `planner.costUsd` is what the LLM calls cost (priced
 * by the request budget, also when their plan was refused).
 */
export class MissionPlanner {
  /**
   * @param llm the LLM to ask, or undefined for rules only
   * @param noLlm why there is no LLM (the decision log's reason), when `llm` is undefined
   */
  constructor(
    private readonly llm: LlmPort | undefined,
    private readonly noLlm = 'no LLM is configured',
  ) {}

  /** The planner's name for metrics and logs. */
  get mode(): 'llm' | 'rules' {
    return this.llm ? 'llm' : 'rules';
  }

  async plan(request: MissionRequest, missionId: string, signal?: AbortSignal): Promise<MissionPlan> {
    const rules = planMission(request, missionId);
    if (!this.llm) return withDecision(rules, `planned by the rules: ${this.noLlm}`, 0);
    const budget = new RequestBudget({ totalLimit: rules.budget.costUsd, perTaskLimits: {} });
    const attempt = await runWithBudget(budget, () => this.ask(this.llm!, rules, signal));
    const costUsd = budget.spent;
    if ('plan' in attempt) return { ...attempt.plan, planner: { ...attempt.plan.planner, costUsd } };
    return withDecision(rules, `planned by the rules: ${attempt.refused}`, costUsd);
  }

  private async ask(llm: LlmPort, rules: MissionPlan, signal?: AbortSignal): Promise<Attempt> {
    let text: string;
    let model: string;
    try {
      const answer = await llm.complete({
        system: SYSTEM,
        prompt: prompt(rules),
        maxTokens: MAX_TOKENS,
        temperature: 0.1,
        costTask: 'mission_planning',
        signal,
      });
      [text, model] = [answer.text, answer.model];
    } catch (e) {
      return { refused: `the LLM call failed (${errorText(e)})` };
    }
    const json = extractJson(text);
    if (!json) return { refused: 'the LLM answer held no JSON object' };
    if (json.value.depth !== rules.depth)
      return { refused: `the LLM plan was refused (plan.depth: must be ${rules.depth}, the depth asked for)` };
    const planner = { kind: 'llm', model: model || llm.defaultModel, costUsd: 0 };
    const checked = checkPlan({ ...json.value, missionId: rules.missionId, url: rules.url, planner });
    if (!checked.ok)
      return { refused: `the LLM plan was refused (${checked.problems.slice(0, QUOTED_PROBLEMS).join('; ')})` };
    const accepted = `planned by the LLM (${planner.model}): its plan passed the ${rules.depth} catalogue and budget checks`;
    // One entry is kept free for the planner's own, within the schema's 100.
    return { plan: { ...checked.plan, decisionsLog: [accepted, ...checked.plan.decisionsLog.slice(0, 99)] } };
  }
}

function withDecision(plan: MissionPlan, decision: string, costUsd: number): MissionPlan {
  return { ...plan, decisionsLog: [decision, ...plan.decisionsLog], planner: { kind: 'rules', costUsd } };
}
