import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatCompletion } from '../../../../test/fixtures/chat-completion';
import { BudgetedLlm } from '../../crew/run-support/budgeted-llm';
import { OpenAiCompatibleLlm } from '../../crew/llm/openai-compatible-llm';
import { planMission } from './mission-plan';
import { MissionPlanner } from './mission-planner';
import { checkPlan } from './plan-schema';

const URL = 'https://example.org/talk';
/** 1 500 + 500 reported tokens of a model missing from the price table ($0.002 per 1 000): $0.004. */
const USAGE = { prompt_tokens: 1500, completion_tokens: 500 };

/** The deep plan without its two profiling stages, as an LLM might answer it (in a fence, with its own decisions). */
function llmDeepPlan(change: (plan: Record<string, unknown>) => void = () => undefined): string {
  const { planner: _p, missionId: _m, url: _u, ...plan } = planMission({ url: URL, depth: 'deep' }, 'ignored');
  const answer: Record<string, unknown> = {
    ...plan,
    stages: plan.stages.filter((s) => s.id !== 'social_intelligence' && s.id !== 'behavioural_profiling'),
    decisionsLog: ['a web article has no social footprint worth profiling: social and behavioural stages dropped'],
  };
  change(answer);
  return `Here is the plan:\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``;
}

describe(MissionPlanner.name, () => {
  let server: Server;
  let llm: BudgetedLlm;
  /** What the stand-in server answers next: a status and a completion body. */
  let reply: { status: number; body: string };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    llm = new BudgetedLlm(new OpenAiCompatibleLlm({ baseUrl, model: 'planner-model' }));
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const answer = (content: string) => (reply = { status: 200, body: chatCompletion(content, { usage: USAGE }) });

  it('plans by the rules, saying so, when no LLM is bound', async () => {
    const plan = await new MissionPlanner(undefined).plan({ url: URL, depth: 'standard' }, 'm-1');
    expect([plan.stages.length, plan.planner, plan.decisionsLog[0]]).toEqual([
      8,
      { kind: 'rules', costUsd: 0 },
      'planned by the rules: no LLM is configured',
    ]);
  });

  it('takes a valid LLM plan, priced by the request budget, with its decisions after the planner’s', async () => {
    answer(llmDeepPlan());
    const plan = await new MissionPlanner(llm).plan({ url: URL, depth: 'deep' }, 'm-2');
    expect(plan.stages.map((s) => s.id)).toEqual([
      'mission_planning',
      'acquisition',
      'transcription',
      'content_analysis',
      'verification',
      'threat_analysis',
      'knowledge_integration',
      'research_synthesis',
      'briefing',
      'communication',
    ]);
    expect([plan.missionId, plan.url, plan.planner, plan.decisionsLog]).toEqual([
      'm-2',
      URL,
      { kind: 'llm', model: 'stand-in', costUsd: 0.004 },
      [
        'planned by the LLM (stand-in): its plan passed the deep catalogue and budget checks',
        'a web article has no social footprint worth profiling: social and behavioural stages dropped',
      ],
    ]);
    expect(checkPlan(plan).ok).toBe(true);
  });

  it('falls back to the rules when the LLM answers no JSON, still charging the call', async () => {
    answer('I would start with acquisition, then analyse the content.');
    const plan = await new MissionPlanner(llm).plan({ url: URL, depth: 'deep' }, 'm-3');
    expect([plan.stages.length, plan.planner, plan.decisionsLog[0]]).toEqual([
      12,
      { kind: 'rules', costUsd: 0.004 },
      'planned by the rules: the LLM answer held no JSON object',
    ]);
  });

  it('falls back to the rules when the LLM plan breaks the schema or the depth, quoting the fields', async () => {
    answer(
      llmDeepPlan((p) => {
        p.stages = [
          { id: 'mission_planning', priority: 'critical' },
          { id: 'dance', priority: 'low' },
        ];
        p.budget = { ...(p.budget as object), costUsd: 50 };
      }),
    );
    const broken = await new MissionPlanner(llm).plan({ url: URL, depth: 'deep' }, 'm-4');
    expect([broken.planner.kind, broken.stages.length, broken.decisionsLog[0]]).toEqual([
      'rules',
      12,
      'planned by the rules: the LLM plan was refused (plan.stages[1].id: Invalid option: expected one of ' +
        '"mission_planning"|"acquisition"|"transcription"|"content_analysis"|"verification"|"threat_analysis"|' +
        '"social_intelligence"|"behavioural_profiling"|"knowledge_integration"|"research_synthesis"|' +
        '"performance_analytics"|"quality_assessment"|"briefing"|"communication")',
    ]);
    answer(llmDeepPlan((p) => (p.budget = { ...(p.budget as object), costUsd: 50 })));
    const greedy = await new MissionPlanner(llm).plan({ url: URL, depth: 'deep' }, 'm-5');
    expect(greedy.decisionsLog[0]).toBe(
      'planned by the rules: the LLM plan was refused (plan.budget.costUsd: 50 is over the deep limit 3)',
    );
    answer(llmDeepPlan((p) => (p.depth = 'standard')));
    const shallow = await new MissionPlanner(llm).plan({ url: URL, depth: 'deep' }, 'm-6');
    expect(shallow.decisionsLog[0]).toBe(
      'planned by the rules: the LLM plan was refused (plan.depth: must be deep, the depth asked for)',
    );
  });

  it('(e) with the LLM planner failing, the plan still comes (rule-based) and the decision log records the fallback', async () => {
    reply = { status: 500, body: JSON.stringify({ error: { message: 'the model crashed' } }) };
    const plan = await new MissionPlanner(llm).plan({ url: URL, depth: 'comprehensive' }, 'm-7');
    expect([plan.stages.length, plan.planner, plan.decisionsLog.slice(0, 2)]).toEqual([
      14,
      { kind: 'rules', costUsd: 0 },
      [
        'planned by the rules: the LLM call failed (LLM call to planner-model failed: HTTP 500: the model crashed)',
        'depth comprehensive as asked',
      ],
    ]);
  });
});

describe(checkPlan.name, () => {
  it.each(['standard', 'deep', 'comprehensive', 'experimental', 'bogus'])('passes the rule plan of %s', (depth) => {
    expect(checkPlan(planMission({ url: URL, depth }, 'm')).ok).toBe(true);
  });

  it('names every broken rule by its field', () => {
    const plan = planMission({ url: URL, depth: 'standard' }, 'm');
    const broken = {
      ...plan,
      stages: [plan.stages[1], plan.stages[0], { id: 'briefing', priority: 'low' }, plan.stages[2]],
      roster: ['acquisition_specialist', 'ghost', 'acquisition_specialist', 'a', 'b', 'c'],
      budget: { ...plan.budget, toolCalls: 11 },
      resources: { ...plan.resources, gpu: true },
      duration: { minutes: 3, low: 4, high: 3.6 },
    };
    expect(checkPlan(broken)).toEqual({
      ok: false,
      problems: [
        'plan.stages[1].id: mission_planning cannot come after acquisition: stages run in workflow order',
        'plan.stages[2].priority: must be high for briefing',
        'plan.stages[3].id: transcription cannot come after briefing: stages run in workflow order',
        'plan.stages[0].id: must be mission_planning',
        'plan.stages[1].id: must be acquisition: the content pipeline runs first',
        'plan.stages: the critical stage content_analysis is missing',
        'plan.roster[0]: must be mission_orchestrator',
        'plan.roster[1]: ghost is not a known agent',
        'plan.roster[2]: acquisition_specialist is listed twice',
        'plan.roster[3]: a is not a known agent',
        'plan.roster[4]: b is not a known agent',
        'plan.roster[5]: c is not a known agent',
        'plan.roster: 6 agents is more than budget.agents (5)',
        'plan.budget.toolCalls: 11 is over the standard limit 10',
        'plan.resources.gpu: standard missions have no GPU',
        'plan.duration: must have low <= minutes <= high',
      ],
    });
    expect(checkPlan({ ...plan, extra: 1 }, 'input.plan')).toEqual({
      ok: false,
      problems: ['input.plan: Unrecognized key: "extra"'],
    });
  });
});
