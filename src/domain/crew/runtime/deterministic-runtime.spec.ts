import { fail, ok, skip } from '../../../core/result/step-result';
import { parseTaskOutput } from '../output/parse-task-output';
import { SharedTaskContext } from '../output/shared-task-context';
import { buildCrewPlan, type CrewPlan } from '../plan/crew-plan';
import type { ParallelConfig } from '../plan/parallel-config';
import type {
  AcquisitionData,
  ContentAnalysisData,
  DeceptionData,
  FactAnalysisData,
  TranscriptionData,
} from '../stages/stage-data';
import type { StageTools } from '../ports/stage-tools.port';
import type { StageId, StageResult } from '../stages/stage.types';
import type { AgentRunContext, AgentRunInputs } from '../ports/agent-runtime.port';
import { DeterministicAgentRuntime, TOKEN_LIMIT_MESSAGE } from './deterministic-runtime';
import { match } from '../../../../test/fixtures/matchers';

const URL = 'https://www.youtube.com/watch?v=abc123';
const INPUTS: AgentRunInputs = { url: URL, depth: 'comprehensive' };
const CONFIG: ParallelConfig = {
  parallelAnalysis: true,
  parallelFactChecking: true,
  parallelMemoryOps: true,
  maxConcurrent: 2,
  threshold: 3,
  memoryEfficient: false,
  cpuEfficient: false,
};
const PARALLEL = buildCrewPlan(URL, 'comprehensive', CONFIG);
const SEQUENTIAL = buildCrewPlan(URL, 'deep', { ...CONFIG, parallelAnalysis: false });
const TRANSCRIPT =
  'The moon landing happened in 1969. Everyone knows the experts agree, so you must believe it. ' +
  'Critics are simply foolish people. If we doubt this, soon we will doubt everything.';

const download = {
  url: 'https://cdn.example/abc123.mp4',
  title: 'Moon landing explained',
  platform: 'youtube',
  duration: 620,
  author: 'Space Channel',
  site: 'YouTube',
  publishedAt: null,
  contentType: 'video/mp4',
  source: 'yt-dlp',
} as const;
const S1: AcquisitionData = {
  source_url: URL,
  download,
  transcription: { transcript: TRANSCRIPT, timelineAnchors: [], qualityScore: 0.9, origin: 'subtitles' },
  memory: { namespace: 't1:w1', stored: 1 },
  acquisition_timestamp: '2024-01-01T00:00:00.000Z',
  workflow_type: 'autonomous_intelligence',
  pipeline_metadata: { url: URL, quality: '1080p', processing_time: 1.5, timestamp: '2024-01-01T00:00:00.000Z' },
  attempted_qualities: ['1080p'],
};
const S2: TranscriptionData = {
  transcript: TRANSCRIPT,
  media_info: { ...download, source_url: URL },
  timeline_anchors: [{ start: 0, end: 4, text: 'The moon landing happened in 1969.' }],
  transcript_index: [{ start: 0, end: 34, time: 0 }],
  quality_score: 0.9,
  origin: 'subtitles',
};
const S3: ContentAnalysisData = {
  linguistic_patterns: {
    words: 36,
    sentences: 4,
    reading_minutes: 0.2,
    entities: [{ text: '1969', type: 'DATE', count: 1 }],
  },
  sentiment: { label: 'negative', score: -0.2, positiveSentences: 0, negativeSentences: 1 },
  keywords: [
    { term: 'moon', score: 1 },
    { term: 'experts', score: 0.5 },
  ],
  thematic_insights: ['moon', 'experts'],
  content_structure: { paragraphs: 1, average_sentence_words: 9 },
  content_metadata: {
    word_count: 36,
    quality_score: 0.9,
    analysis_method: 'local_nlp_analysis',
    title: download.title,
    platform: 'youtube',
    duration: 620,
    uploader: 'Space Channel',
  },
};
const fallacy = (type: 'appeal_to_popularity' | 'ad_hominem' | 'slippery_slope', label: string) => ({
  type,
  label,
  sentenceIndex: 1,
  span: { start: 0, end: 1, text: 'x' },
  sentence: 's',
  explanation: 'e',
});
const S4: FactAnalysisData = {
  fact_checks: {
    claims: ['The moon landing happened in 1969.'],
    evidence: [],
    backends_used: ['knowledge_base'],
    evidence_count: 1,
    items: [
      {
        claim: 'The moon landing happened in 1969.',
        verdict: 'supported',
        confidence: 0.9,
        source: 'knowledge_base',
        source_trust: 0.8,
      },
    ],
    verified_claims: 1,
    disputed_claims: 2,
    confidence: 0.9,
  },
  logical_fallacies: [
    fallacy('appeal_to_popularity', 'Appeal to popularity'),
    fallacy('ad_hominem', 'Ad hominem'),
    fallacy('slippery_slope', 'Slippery slope'),
  ],
  perspective_synthesis: { summary: 'The moon landing happened in 1969.', sentenceIndexes: [0], method: 'textrank' },
};
const S6: DeceptionData = {
  deception_score: 0.6,
  deception_analysis: {
    score: 0.6,
    indicators: [{ kind: 'fallacy', detail: 'Ad hominem', confidence: 0.7, severity: 'medium' }],
  },
  truth_scoring: { score: 0.7 },
  trustworthiness: { verdict: true },
  scoring_methodology: { method: 'composite' },
};
const S9 = { consistency: 0.9, patterns: { platform_type: 'youtube', content_structure: 'video_analysis' } };

const asData = (value: object): StageResult => ok(value as Record<string, unknown>);
const STAGES: Partial<Record<StageId, StageResult>> = {
  S1: asData(S1),
  S2: asData(S2),
  S3: asData(S3),
  S4: asData(S4),
  S5: skip('social_connectors_not_configured'),
  S6: asData(S6),
  S9: asData(S9),
};

const STAGE_OF_TOOL: Record<string, StageId> = {
  acquisition: 'S1',
  transcription: 'S2',
  contentAnalysis: 'S3',
  factAnalysis: 'S4',
  crossPlatform: 'S5',
  deception: 'S6',
  behaviour: 'S9',
};

/** Stage tools that return fixed results and record which stages were called. */
function fakeTools(overrides: Partial<Record<StageId, StageResult>> = {}): StageTools & { calls: StageId[] } {
  const stages = { ...STAGES, ...overrides };
  const calls: StageId[] = [];
  const tool = (id: StageId) => async () => {
    calls.push(id);
    return stages[id] ?? skip('not in fixture');
  };
  return new Proxy({} as StageTools & { calls: StageId[] }, {
    get: (_target, key: string) =>
      key === 'calls' ? calls : key === 'then' ? undefined : tool(STAGE_OF_TOOL[key] ?? 'S12'),
  });
}

const context = (tools: StageTools = fakeTools(), signal?: AbortSignal): AgentRunContext => ({
  tenantId: 't1',
  workspaceId: 'w1',
  shared: new SharedTaskContext(),
  tools,
  signal,
});
const parsedOf = (raw: string, id: string) => parseTaskOutput(id, raw).parsed;

describe(DeterministicAgentRuntime.name, () => {
  describe('run', () => {
    it.each([
      ['sequential', SEQUENTIAL],
      ['parallel', PARALLEL],
    ])('answers every %s task with schema-valid JSON holding all its required keys', async (_mode, plan: CrewPlan) => {
      const sut = new DeterministicAgentRuntime();
      const result = await sut.run(plan, INPUTS, context());
      expect(result.outputs.map((o) => o.taskId)).toEqual(plan.order);
      for (const { taskId, raw } of result.outputs) {
        const output = parseTaskOutput(taskId, raw);
        expect({
          taskId,
          valid: output.schemaValid,
          errors: output.schemaErrors,
          flags: output.placeholderFlags,
          repaired: output.repaired,
        }).toEqual({ taskId, valid: true, errors: [], flags: [], repaired: [] });
        expect(Object.keys(output.parsed)).toEqual(
          match.arrayContaining([...(plan.tasks[taskId]?.output.requiredKeys ?? [])]),
        );
      }
      expect(result.finalRaw).toBe(result.outputs.at(-1)?.raw);
    });

    it('builds acquisition from S1 and the input url', async () => {
      const result = await new DeterministicAgentRuntime().run(SEQUENTIAL, INPUTS, context());
      expect(parsedOf(result.outputs[0].raw, 'acquisition')).toEqual({
        url: URL,
        video_id: 'abc123',
        file_path: 'https://cdn.example/abc123.mp4',
        title: 'Moon landing explained',
        description: TRANSCRIPT,
        author: 'Space Channel',
        duration: 620,
        platform: 'youtube',
      });
    });

    it('cuts the description at a word within 200 characters and keeps backticks in text from closing the fence', async () => {
      const transcript = `${'word '.repeat(50)}with \`\`\` fences`;
      const tools = fakeTools({
        S1: asData({ ...S1, transcription: { ...S1.transcription, transcript } }),
        S2: asData({ ...S2, transcript }),
      });
      const result = await new DeterministicAgentRuntime().run(SEQUENTIAL, INPUTS, context(tools));
      expect(parsedOf(result.outputs[0].raw, 'acquisition').description).toBe(`${'word '.repeat(40).trim()}…`);
      expect(parseTaskOutput('transcription', result.outputs[1].raw).parsed).toMatchObject({
        transcript,
        transcript_length: transcript.length,
      });
    });

    it('builds the parallel analysis tasks from S3, S4, S6 and S9, and marks S5’s skip reason', async () => {
      const sut = new DeterministicAgentRuntime();
      const raws = Object.fromEntries(
        (await sut.run(PARALLEL, INPUTS, context())).outputs.map((o) => [o.taskId, o.raw]),
      );
      expect(parsedOf(raws['analysis.text'], 'analysis.text')).toMatchObject({
        themes: ['moon', 'experts'],
        sentiment_analysis: { label: 'negative' },
        keywords: S3.keywords,
      });
      expect(parsedOf(raws['analysis.fact'], 'analysis.fact')).toMatchObject({
        claims: S4.fact_checks.claims,
        truth_assessment: { verified_claims: 1, disputed_claims: 2, confidence: 0.9 },
      });
      expect(parsedOf(raws['analysis.bias'], 'analysis.bias')).toMatchObject({
        bias_indicators: ['fallacy: Ad hominem'],
        deception_analysis: { score: 0.6 },
        trustworthiness: { verdict: true },
      });
      expect(parsedOf(raws['analysis.pattern'], 'analysis.pattern')).toMatchObject({
        behavioral_patterns: S9,
        communication_style: { tone: 'negative' },
        rhetorical_devices: ['Appeal to popularity', 'Ad hominem', 'Slippery slope'],
        persuasion_techniques: ['Appeal to popularity', 'Slippery slope'],
        cognitive_biases: [],
      });
      expect(parsedOf(raws['analysis.social'], 'analysis.social')).toMatchObject({
        social_dynamics: null,
        influence_network: null,
        stage_gaps: { S5: { status: 'skipped', reason: 'social_connectors_not_configured' } },
      });
    });

    it('integrates the analysis outputs it reads from the shared context', async () => {
      const ctx = context();
      const result = await new DeterministicAgentRuntime().run(PARALLEL, INPUTS, ctx);
      const integration = parsedOf(result.finalRaw, 'integration');
      expect(integration).toMatchObject({
        synthesis_analysis: {
          sources: PARALLEL.tasks.integration?.context,
          missing: [],
          themes: ['moon', 'experts'],
          deception_score: 0.6,
        },
        key_insights: [
          'Main themes: moon, experts',
          'Overall sentiment is negative',
          '1 verified and 2 disputed claims',
          'Deception score 0.60',
          'Rhetorical devices: Appeal to popularity, Ad hominem, Slippery slope',
        ],
        quality_assessment: { inputs_expected: 5, inputs_received: 5, completeness: 1 },
        confidence_score: 1,
      });
      expect(integration.recommendations).toContain('Cross-check the 2 disputed claims before relying on them.');
      expect(integration.executive_summary).toBe(integration.summary);
      expect(ctx.shared.get('integration')?.schemaValid).toBe(true);
    });

    it('gives byte-identical output for the same stage data, whatever the key order of nested objects', async () => {
      const first = await new DeterministicAgentRuntime().run(PARALLEL, INPUTS, context());
      const reordered = Object.fromEntries(Object.entries(S3).reverse());
      const second = await new DeterministicAgentRuntime().run(
        PARALLEL,
        INPUTS,
        context(fakeTools({ S3: asData(reordered) })),
      );
      expect(second.outputs).toEqual(first.outputs);
    });

    it('throws the S1 error, carrying the stage result, when acquisition failed', async () => {
      const s1 = fail('unavailable', 'every quality failed');
      await expect(
        new DeterministicAgentRuntime().run(SEQUENTIAL, INPUTS, context(fakeTools({ S1: s1 }))),
      ).rejects.toMatchObject({ message: 'acquisition failed: every quality failed', cause: s1 });
    });

    it('throws a token-limit error on the first tokenErrorsFirst runs without touching the tools', async () => {
      const sut = new DeterministicAgentRuntime({ tokenErrorsFirst: 2 });
      const tools = fakeTools();
      await expect(sut.run(SEQUENTIAL, INPUTS, context(tools))).rejects.toThrow(TOKEN_LIMIT_MESSAGE);
      await expect(sut.run(SEQUENTIAL, INPUTS, context(tools))).rejects.toThrow(/maximum context length.*token/);
      expect(tools.calls).toEqual([]);
      await expect(sut.run(SEQUENTIAL, INPUTS, context(tools))).resolves.toMatchObject({ outputs: match.any(Array) });
    });

    it('emits placeholder text for placeholderTasks, which parsing flags', async () => {
      const sut = new DeterministicAgentRuntime({ placeholderTasks: ['transcription', 'analysis.text'] });
      const ctx = context();
      await sut.run(PARALLEL, INPUTS, ctx);
      expect(ctx.shared.get('transcription')?.parsed.transcript).toBe('Your transcribed text goes here');
      expect(ctx.shared.get('transcription')?.placeholderFlags).toEqual(['short_transcript', 'placeholder_pattern']);
      expect(ctx.shared.get('analysis.text')?.placeholderFlags).toEqual([
        'placeholder_insights',
        'placeholder_themes',
        'placeholder_fallacies',
      ]);
      expect(ctx.shared.get('analysis.fact')?.placeholderFlags).toEqual([]);
      expect(parsedOf(ctx.shared.get('integration')?.raw ?? '', 'integration')).toMatchObject({
        quality_assessment: {
          placeholder_flags: {
            'analysis.text': ['placeholder_insights', 'placeholder_themes', 'placeholder_fallacies'],
          },
        },
      });
    });

    it('waits taskDelayMs before each task with the injected delay, passing the signal', async () => {
      const delay = jest.fn(async () => undefined);
      const signal = new AbortController().signal;
      await new DeterministicAgentRuntime({ delay, taskDelayMs: 50 }).run(
        SEQUENTIAL,
        INPUTS,
        context(fakeTools(), signal),
      );
      expect(delay.mock.calls).toEqual(SEQUENTIAL.order.map(() => [50, signal]));
    });

    describe('with fake timers', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      it('takes taskDelayMs per sequential task by default', async () => {
        const done = jest.fn();
        void new DeterministicAgentRuntime({ taskDelayMs: 100 }).run(SEQUENTIAL, INPUTS, context()).then(done);
        await jest.advanceTimersByTimeAsync(399);
        expect(done).not.toHaveBeenCalled();
        await jest.advanceTimersByTimeAsync(1);
        expect(done).toHaveBeenCalled();
      });

      it('rejects with an AbortError when the signal aborts during a task', async () => {
        const controller = new AbortController();
        const run = new DeterministicAgentRuntime({ taskDelayMs: 1_000 }).run(
          SEQUENTIAL,
          INPUTS,
          context(fakeTools(), controller.signal),
        );
        const outcome = expect(run).rejects.toMatchObject({ name: 'AbortError' });
        await jest.advanceTimersByTimeAsync(1_500);
        controller.abort();
        await outcome;
      });
    });
  });
});
