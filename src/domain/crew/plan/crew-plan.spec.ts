import { DEPTHS, type Depth } from '../../content/content.ports';
import { AGENT_IDS, buildCrewPlan, parallelEstimate, processType, savingsLabel, type CrewPlan } from './crew-plan';
import { parallelConfig, type ParallelConfig } from './parallel-config';

const URL = 'https://www.youtube.com/watch?v=abc123';
const PARALLEL: ParallelConfig = parallelConfig({ cpus: 8, memoryGb: 16 }).config;
const SEQUENTIAL: ParallelConfig = { ...PARALLEL, parallelAnalysis: false };
const ALL_OFF: ParallelConfig = {
  ...PARALLEL,
  parallelAnalysis: false,
  parallelFactChecking: false,
  parallelMemoryOps: false,
};

const contextOf = (plan: CrewPlan) => plan.order.map((id) => [id, plan.tasks[id]?.context]);

describe(buildCrewPlan.name, () => {
  it('A4 counts tasks per depth, feeds every analysis task to integration, and picks the process type', () => {
    const counts = (config: ParallelConfig) => DEPTHS.map((depth) => buildCrewPlan(URL, depth, config).order.length);
    expect(counts(SEQUENTIAL)).toEqual([3, 4, 4, 4]);
    expect(counts(PARALLEL)).toEqual([5, 6, 8, 8]);

    expect(buildCrewPlan(URL, 'comprehensive', PARALLEL).tasks.integration?.context).toEqual([
      'analysis.text',
      'analysis.fact',
      'analysis.bias',
      'analysis.pattern',
      'analysis.social',
    ]);
    expect(buildCrewPlan(URL, 'deep', PARALLEL).tasks.integration?.context).toEqual([
      'analysis.text',
      'analysis.fact',
      'analysis.bias',
    ]);
    expect(buildCrewPlan(URL, 'deep', SEQUENTIAL).tasks.integration?.context).toEqual(['analysis']);

    expect(buildCrewPlan(URL, 'standard', PARALLEL).process).toBe('hierarchical');
    expect(buildCrewPlan(URL, 'standard', SEQUENTIAL).process).toBe('hierarchical');
    expect(buildCrewPlan(URL, 'standard', { ...SEQUENTIAL, threshold: 4 }).process).toBe('sequential');
    expect(buildCrewPlan(URL, 'experimental', ALL_OFF).process).toBe('sequential');
  });

  it('orders the parallel comprehensive plan and chains each context', () => {
    expect(contextOf(buildCrewPlan(URL, 'comprehensive', PARALLEL))).toEqual([
      ['acquisition', []],
      ['transcription', ['acquisition']],
      ['analysis.text', ['transcription']],
      ['analysis.fact', ['transcription']],
      ['analysis.bias', ['transcription']],
      ['analysis.pattern', ['transcription']],
      ['analysis.social', ['transcription']],
      ['integration', ['analysis.text', 'analysis.fact', 'analysis.bias', 'analysis.pattern', 'analysis.social']],
    ]);
  });

  it('builds the standard sequential plan without integration', () => {
    const sut = buildCrewPlan(URL, 'standard', SEQUENTIAL);
    expect(contextOf(sut)).toEqual([
      ['acquisition', []],
      ['transcription', ['acquisition']],
      ['analysis', ['transcription']],
    ]);
    expect(Object.keys(sut.tasks)).toEqual(sut.order);
    expect(sut.mode).toBe('sequential');
  });

  it('assigns each task its agent', () => {
    const agents = (depth: Depth, config: ParallelConfig) => {
      const plan = buildCrewPlan(URL, depth, config);
      return Object.fromEntries(plan.order.map((id) => [id, plan.tasks[id]?.agent]));
    };
    expect(agents('experimental', PARALLEL)).toEqual({
      acquisition: 'acquisition_specialist',
      transcription: 'transcription_engineer',
      'analysis.text': 'analysis_cartographer',
      'analysis.fact': 'verification_director',
      'analysis.bias': 'verification_director',
      'analysis.pattern': 'analysis_cartographer',
      'analysis.social': 'verification_director',
      integration: 'knowledge_integrator',
    });
    expect(agents('deep', SEQUENTIAL).analysis).toBe('analysis_cartographer');
  });

  it('carries the required JSON keys of every task', () => {
    const parallel = buildCrewPlan(URL, 'comprehensive', PARALLEL).tasks;
    const sequential = buildCrewPlan(URL, 'deep', SEQUENTIAL).tasks;
    expect(parallel.acquisition?.output.requiredKeys).toEqual([
      'url',
      'video_id',
      'file_path',
      'title',
      'description',
      'author',
      'duration',
      'platform',
    ]);
    expect(parallel.transcription?.output.requiredKeys).toEqual([
      'transcript',
      'timeline_anchors',
      'transcript_length',
      'quality_score',
    ]);
    expect(sequential.analysis?.output.requiredKeys).toEqual([
      'linguistic_patterns',
      'themes',
      'sentiment_analysis',
      'fact_checking',
      'bias_analysis',
      'credibility',
    ]);
    expect(parallel['analysis.text']?.output.requiredKeys).toEqual([
      'linguistic_patterns',
      'themes',
      'sentiment_analysis',
      'keywords',
      'content_structure',
    ]);
    expect(parallel['analysis.fact']?.output.requiredKeys).toEqual([
      'claims',
      'source_verification',
      'logical_analysis',
      'evidence_quality',
      'truth_assessment',
    ]);
    expect(parallel['analysis.bias']?.output.requiredKeys).toEqual([
      'bias_indicators',
      'deception_analysis',
      'narrative_integrity',
      'psychological_threats',
      'trustworthiness',
    ]);
    expect(parallel['analysis.pattern']?.output.requiredKeys).toEqual([
      'behavioral_patterns',
      'communication_style',
      'rhetorical_devices',
      'persuasion_techniques',
      'cognitive_biases',
    ]);
    expect(parallel['analysis.social']?.output.requiredKeys).toEqual([
      'social_dynamics',
      'influence_network',
      'community_impact',
      'cultural_context',
      'social_engineering',
    ]);
    expect(parallel.integration?.output.requiredKeys).toEqual([
      'synthesis_analysis',
      'key_insights',
      'recommendations',
      'quality_assessment',
      'summary',
    ]);
  });

  it('names the url in the acquisition instructions and the depth in the sequential analysis instructions', () => {
    const tasks = buildCrewPlan(URL, 'deep', SEQUENTIAL).tasks;
    expect(tasks.acquisition?.instructions).toContain(URL);
    expect(tasks.analysis?.instructions).toContain('deep depth');
    expect(tasks.transcription?.instructions).toContain('100 characters');
    expect(tasks.integration?.instructions).toMatch(
      /keys: synthesis_analysis, key_insights, recommendations, quality_assessment, summary\.$/,
    );
  });

  it('lists all five agents and copies url, depth, mode and maxConcurrent', () => {
    const sut = buildCrewPlan(URL, 'standard', { ...PARALLEL, maxConcurrent: 4 });
    expect(sut).toMatchObject({
      url: URL,
      depth: 'standard',
      mode: 'parallel',
      process: 'hierarchical',
      maxConcurrent: 4,
    });
    expect(sut.agents).toEqual(AGENT_IDS);
    expect(AGENT_IDS).toEqual([
      'acquisition_specialist',
      'transcription_engineer',
      'analysis_cartographer',
      'verification_director',
      'knowledge_integrator',
    ]);
  });

  it('is pure: the same input yields an equal plan', () => {
    expect(buildCrewPlan(URL, 'experimental', PARALLEL)).toEqual(buildCrewPlan(URL, 'experimental', PARALLEL));
  });
});

describe(processType.name, () => {
  it('returns sequential below the threshold even with flags on', () => {
    expect(processType(2, PARALLEL)).toBe('sequential');
  });

  it('returns hierarchical at the threshold when only memory ops is on', () => {
    expect(processType(3, { ...ALL_OFF, parallelMemoryOps: true })).toBe('hierarchical');
  });

  it('returns sequential at or above the threshold with every flag off', () => {
    expect(processType(8, ALL_OFF)).toBe('sequential');
  });
});

describe(parallelEstimate.name, () => {
  it('estimates the standard parallel plan on 6 slots as one level', () => {
    expect(parallelEstimate('standard', true, 6)).toEqual({
      levels: 1,
      savingsPct: 80,
      speedup: 5,
      label: 'excellent',
    });
  });

  it('counts n = 7 for comprehensive sequential and n = 9 for experimental parallel', () => {
    expect(parallelEstimate('comprehensive', false, 3)).toMatchObject({ levels: 2, speedup: 3.5, label: 'excellent' });
    expect(parallelEstimate('comprehensive', false, 3).savingsPct).toBeCloseTo(71.4286, 4);
    expect(parallelEstimate('experimental', true, 2)).toMatchObject({ levels: 4, speedup: 2.25, label: 'excellent' });
    expect(parallelEstimate('experimental', true, 2).savingsPct).toBeCloseTo(55.5556, 4);
  });

  it('adds 2 for deep+, 2 for parallel and 2 for comprehensive+', () => {
    const n = (depth: Depth, parallel: boolean) => parallelEstimate(depth, parallel, 1).levels;
    expect(DEPTHS.map((depth) => [n(depth, false), n(depth, true)])).toEqual([
      [3, 5],
      [5, 7],
      [7, 9],
      [7, 9],
    ]);
  });

  it('returns no savings with one slot', () => {
    expect(parallelEstimate('deep', true, 1)).toEqual({ levels: 7, savingsPct: 0, speedup: 1, label: 'limited' });
  });

  it('treats a maxConcurrent below 1 as 1', () => {
    expect(parallelEstimate('standard', false, 0)).toEqual({ levels: 3, savingsPct: 0, speedup: 1, label: 'limited' });
  });
});

describe(savingsLabel.name, () => {
  it('uses strict bands: above 50 excellent, above 25 good, above 10 modest, else limited', () => {
    expect([50.01, 50, 25.01, 25, 10.01, 10, 0].map(savingsLabel)).toEqual([
      'excellent',
      'good',
      'good',
      'modest',
      'modest',
      'limited',
      'limited',
    ]);
  });
});
