import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_IDS, plannedTask } from '../plan/crew-plan';
import { systemPrompt } from '../runtime/llm-runtime';
import { AgentRoster } from './agent-roster';
import { parseAgentsYaml } from './agents-yaml';

const repoFile = () => readFileSync(join(__dirname, '../../../../config/agents.yaml'), 'utf8');

describe('parseAgentsYaml', () => {
  it('reads the repository default file: one definition per crew agent', () => {
    const result = parseAgentsYaml(repoFile(), 'agents.yaml');
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(Object.keys(result.definitions)).toEqual([...AGENT_IDS]);
    expect(result.definitions.verification_director.role).toBe('Verification Director and Fact Checker');
  });

  it('names the line and the field of a value that breaks the schema', () => {
    const text = repoFile().replace('role: Transcription Engineer', 'role: 42');
    const result = parseAgentsYaml(text, 'agents.yaml');
    expect(result).toEqual({
      ok: false,
      problems: ['agents.yaml line 21: transcription_engineer.role: Invalid input: expected string, received number'],
    });
  });

  it('names the line of a YAML syntax error and of an unknown key', () => {
    expect(parseAgentsYaml('a: [1, 2\nb: 3\n', 'x.yaml')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^x\.yaml line \d+: /)],
    });
    const unknown = repoFile().replace('  reasoning: false\n', '  reasoning: false\n  temperature: 2\n');
    const result = parseAgentsYaml(unknown, 'agents.yaml');
    expect(result).toEqual({
      ok: false,
      problems: ['agents.yaml line 16: acquisition_specialist.temperature: Unrecognized key: "temperature"'],
    });
  });
});

describe(AgentRoster.name, () => {
  const definitions = () => {
    const r = parseAgentsYaml(repoFile(), 'agents.yaml');
    if (!r.ok) throw new Error('default file invalid');
    return r.definitions;
  };

  it('numbers versions per agent and keeps the previous one', () => {
    let now = 1000;
    const sut = new AgentRoster(() => now);
    sut.load(definitions());
    now = 2000;
    const changed = { ...definitions().verification_director, goal: 'Check claims.' };
    const v2 = sut.set('verification_director', changed, 'training');
    expect(v2).toEqual({
      agent: 'verification_director',
      version: 2,
      definition: changed,
      at: 2000,
      origin: 'training',
    });
    expect(sut.history('verification_director').map((v) => v.version)).toEqual([1, 2]);
    expect(sut.current('acquisition_specialist')?.version).toBe(1);
    expect(sut.load(definitions()).find((v) => v.agent === 'acquisition_specialist')?.version).toBe(1);
  });

  it('gives the LLM runtime the current definition on the next prompt, without a restart', () => {
    const sut = new AgentRoster(() => 0);
    const task = plannedTask('integration', 'https://example.org/v', 'deep');
    expect(systemPrompt(task, sut.definitionOf('knowledge_integrator'))).toMatch(/^You are the knowledge integrator: /);
    sut.load(definitions());
    sut.set('knowledge_integrator', { ...definitions().knowledge_integrator, goal: 'Write the briefing.' }, 'training');
    expect(systemPrompt(task, sut.definitionOf('knowledge_integrator'))).toMatch(
      /^You are the Knowledge Integrator\. Your goal: Write the briefing\.\n\nYou edit intelligence briefings/,
    );
  });

  it('runs one refresh at a time: calls made while it runs share it, and without a source it does nothing', async () => {
    const sut = new AgentRoster(() => 0);
    await expect(sut.refresh()).resolves.toBeUndefined();
    let release = () => undefined as void;
    let runs = 0;
    sut.refreshWith(() => {
      runs++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    const first = sut.refresh();
    const second = sut.refresh();
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    const third = sut.refresh();
    release();
    await third;
    expect(runs).toBe(2);
  });
});
