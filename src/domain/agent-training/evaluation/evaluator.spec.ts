import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterministicAgentRuntime, parseAgentsYaml, type AgentDefinition } from '../../crew';
import { buildCandidate } from '../enhancement/candidate';
import { CrewReplayer, replayableTask } from './crew-replayer';
import { evaluateCandidate, type Replayer } from './evaluator';

const parsed = parseAgentsYaml(readFileSync(join(__dirname, '../../../../config/agents.yaml'), 'utf8'), 'agents.yaml');
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const current = parsed.definitions.verification_director;
const candidate = buildCandidate('verification_director', current, { seed: 42, applyGoal: true }).definition;

describe('evaluateCandidate', () => {
  it('replays through the deterministic runtime: equal results, so the candidate is kept, not promoted', async () => {
    const sut = new CrewReplayer(new DeterministicAgentRuntime(), undefined);
    const evaluation = await evaluateCandidate(
      sut,
      'verification_director',
      ['analysis.fact', 'analysis.bias'],
      current,
      candidate,
      5,
    );
    expect(evaluation.current).toEqual({ quality: [1, 1, 1, 1, 1], success: [1, 1, 1, 1, 1] });
    expect(evaluation.candidate).toEqual(evaluation.current);
    expect(evaluation.verdict).toMatchObject({
      promote: false,
      reason: 'the candidate is better on no metric beyond the 95 % bounds',
    });
  });

  it('refuses promotion when the candidate is worse on one metric', async () => {
    const fake: Replayer = {
      runtimeName: 'fake',
      replay: (_agent, definition: AgentDefinition) =>
        Promise.resolve(definition === candidate ? { quality: 0.95, success: 0.8 } : { quality: 0.6, success: 1 }),
    };
    const evaluation = await evaluateCandidate(fake, 'verification_director', ['analysis.fact'], current, candidate, 5);
    expect(evaluation.verdict).toMatchObject({ promote: false, reason: 'the candidate is worse on success' });
  });

  it('promotes a candidate better on one metric and no worse on the other', async () => {
    const fake: Replayer = {
      runtimeName: 'fake',
      replay: (_agent, definition: AgentDefinition) =>
        Promise.resolve({ quality: definition === candidate ? 0.9 : 0.6, success: 1 }),
    };
    const evaluation = await evaluateCandidate(fake, 'verification_director', ['analysis.fact'], current, candidate, 5);
    expect(evaluation.verdict.promote).toBe(true);
  });
});

describe('replayableTask', () => {
  it('keeps only crew tasks of the agent', () => {
    expect(replayableTask('verification_director', 'analysis.fact')).toBe('analysis.fact');
    expect(replayableTask('verification_director', 'transcription')).toBeUndefined();
    expect(replayableTask('verification_director', 'mission_stage')).toBeUndefined();
  });
});
