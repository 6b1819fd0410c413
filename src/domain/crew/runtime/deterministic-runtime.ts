import { schemaForTask } from '../output/parse-task-output';
import type { CrewPlan, PlannedTask, TaskId } from '../plan/crew-plan';
import type {
  AcquisitionData,
  ContentAnalysisData,
  DeceptionData,
  FactAnalysisData,
  TranscriptionData,
} from '../stages/stage-data';
import type { StageId } from '../stages/stage.types';
import type { AgentRunContext, AgentRunInputs, AgentRunResult, AgentRuntime } from '../ports/agent-runtime.port';
import type { StageTools } from '../ports/stage-tools.port';
import { abortableDelay, runPlan, taskEvidence, TASK_STAGES, type TaskEvidence } from './run-plan';

type Rec = Record<string, unknown>;

/** Fault injection and pacing for tests; all off by default. */
export interface DeterministicRuntimeOptions {
  /** The first N calls of `run` throw {@link TOKEN_LIMIT_MESSAGE} before doing anything. Default 0. */
  readonly tokenErrorsFirst?: number;
  /** These tasks reply with template filler ("Your transcribed text goes here") instead of tool data. */
  readonly placeholderTasks?: readonly TaskId[];
  /** Waits before each task; default a `setTimeout` that rejects with an `AbortError` when the signal aborts. */
  readonly delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds to wait (with `delay`) before each task. Default 0: no wait. */
  readonly taskDelayMs?: number;
}

/** The message of an injected token-limit error; it holds both phrases the orchestrator retries on. */
export const TOKEN_LIMIT_MESSAGE = 'maximum context length exceeded (token limit)';

/** Fallacy types reported as persuasion techniques, and as cognitive biases, by `analysis.pattern`. */
const PERSUASION = new Set([
  'appeal_to_emotion',
  'appeal_to_popularity',
  'appeal_to_authority',
  'appeal_to_tradition',
  'loaded_question',
  'false_dilemma',
  'slippery_slope',
]);
const BIASES = new Set([
  'hasty_generalization',
  'post_hoc',
  'appeal_to_nature',
  'no_true_scotsman',
  'circular_reasoning',
]);
/** Characters of the transcript used as the acquisition `description` (the pipeline reports none). */
const DESCRIPTION_CHARS = 200;

/**
 * The default {@link AgentRuntime}, offline: every task is answered from the run's stage tools, with no model.
 * A reply is one prose line and a fenced ```json block holding the task's required keys, built from the stages of
 * {@link TASK_STAGES}; integration is built from the parsed outputs of its context tasks. A key whose stage gave no
 * data is `null`, and `stage_gaps` says why (e.g. S5 skipped `social_connectors_not_configured`). The same stage
 * data always gives byte-identical replies: keys of nested objects are sorted.
 *
 * @example new DeterministicAgentRuntime({ tokenErrorsFirst: 1 }) // the first run throws, the retry succeeds
 */
export class DeterministicAgentRuntime implements AgentRuntime {
  readonly name = 'deterministic';
  private calls = 0;

  constructor(private readonly options: DeterministicRuntimeOptions = {}) {}

  /** @throws Error {@link TOKEN_LIMIT_MESSAGE} on injected calls; the S1 error from `taskEvidence`; an `AbortError`. */
  async run(plan: CrewPlan, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult> {
    this.calls += 1;
    if (this.calls <= (this.options.tokenErrorsFirst ?? 0)) throw new Error(TOKEN_LIMIT_MESSAGE);
    return runPlan(plan, ctx, (task, tools) => this.execute(task, inputs, ctx, tools));
  }

  private async execute(
    task: PlannedTask,
    inputs: AgentRunInputs,
    ctx: AgentRunContext,
    tools: StageTools,
  ): Promise<string> {
    const { taskDelayMs = 0, delay = abortableDelay, placeholderTasks = [] } = this.options;
    if (taskDelayMs > 0) await delay(taskDelayMs, ctx.signal);
    if (placeholderTasks.includes(task.id)) return render(`${task.agent} completed ${task.id}.`, placeholderBody(task));
    if (task.id === 'integration')
      return render(`${task.agent} integrated ${task.context.join(', ')}.`, integrationBody(task, ctx));

    const evidence = await taskEvidence(task, tools);
    const body =
      task.id === 'acquisition'
        ? acquisitionBody(inputs.url, evidence.data.S1 as unknown as AcquisitionData)
        : BUILDERS[task.id](readers(evidence.data));
    if (Object.keys(evidence.gaps).length > 0) body.stage_gaps = evidence.gaps;
    return render(`${task.agent} completed ${task.id} from stages ${TASK_STAGES[task.id].join(', ')}.`, body);
  }
}

/** Sorts the keys of every nested object (the top level keeps contract order). */
function stableKeys(key: string, value: unknown): unknown {
  if (key === '' || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Backticks are written as `\u0060` so text from the content cannot close the fence early. */
function render(line: string, body: Rec): string {
  const json = JSON.stringify(body, stableKeys, 2).replace(/`/g, '\\u0060');
  return `${line}\n\n\`\`\`json\n${json}\n\`\`\``;
}

/** Filler for every required and schema key: array fields get one filler item, number fields their default. */
function placeholderBody(task: PlannedTask): Rec {
  const fields = schemaForTask(task.id)?.fields ?? {};
  const keys = [...new Set([...task.output.requiredKeys, ...Object.keys(fields)])];
  const filler = (key: string): string =>
    key === 'transcript' ? 'Your transcribed text goes here' : `Your ${key.replace(/_/g, ' ')} goes here`;
  const value = (key: string): unknown =>
    fields[key]?.type === 'array' ? [`[insert ${key.replace(/_/g, ' ')}]`] : filler(key);
  return Object.fromEntries(
    keys.map((key) => [
      key,
      fields[key]?.type === 'number' ? (fields[key] as { default: unknown }).default : value(key),
    ]),
  );
}

/** `v` or `id` query parameter, else the last path segment, else the host. */
function videoId(url: string): string {
  try {
    const parsed = new URL(url);
    const param = parsed.searchParams.get('v') ?? parsed.searchParams.get('id');
    return param || parsed.pathname.split('/').filter(Boolean).at(-1) || parsed.hostname;
  } catch {
    return url.split(/[/?#]/).filter(Boolean).at(-1) ?? url;
  }
}

function excerpt(text: string, chars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= chars ? flat : `${flat.slice(0, chars).replace(/ \S*$/, '')}…`;
}

/** `file_path` is the URL the pipeline fetched (`file:` URLs for local files), falling back to the input URL. */
function acquisitionBody(url: string, s1: AcquisitionData): Rec {
  const d = s1.download;
  return {
    url,
    video_id: videoId(url),
    file_path: d.url || s1.source_url || url,
    title: d.title ?? '',
    description: excerpt(s1.transcription?.transcript ?? '', DESCRIPTION_CHARS),
    author: d.author ?? '',
    duration: d.duration,
    platform: d.platform,
  };
}

type Read<T> = (pick: (data: T) => unknown) => unknown;
interface Readers {
  s2: Read<TranscriptionData>;
  s3: Read<ContentAnalysisData>;
  s4: Read<FactAnalysisData>;
  s5: Read<Rec>;
  s6: Read<DeceptionData>;
  s9: Read<Rec>;
}

/** Each reader picks from its stage's data, or gives `null` when the stage gave none. */
function readers(data: TaskEvidence['data']): Readers {
  const of =
    <T>(id: StageId): Read<T> =>
    (pick) => {
      const stage = data[id];
      return stage === undefined ? null : pick(stage as unknown as T);
    };
  return { s2: of('S2'), s3: of('S3'), s4: of('S4'), s5: of('S5'), s6: of('S6'), s9: of('S9') };
}

const truth = (d: FactAnalysisData): Rec => ({
  verified_claims: d.fact_checks.verified_claims ?? 0,
  disputed_claims: d.fact_checks.disputed_claims ?? 0,
  confidence: d.fact_checks.confidence ?? null,
});
const labels = (d: FactAnalysisData, only?: Set<string>): string[] => [
  ...new Set((d.logical_fallacies ?? []).filter((f) => !only || only.has(f.type)).map((f) => f.label)),
];
const indicators = (d: DeceptionData) => d.deception_analysis?.indicators ?? [];
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

const BUILDERS: Readonly<Record<Exclude<TaskId, 'acquisition' | 'integration'>, (r: Readers) => Rec>> = {
  transcription: ({ s2 }) => ({
    transcript: s2((d) => d.transcript),
    timeline_anchors: s2((d) => d.timeline_anchors),
    transcript_length: s2((d) => d.transcript.length),
    quality_score: s2((d) => d.quality_score),
  }),
  analysis: ({ s3, s4, s6 }) => ({
    linguistic_patterns: s3((d) => d.linguistic_patterns),
    themes: s3((d) => d.thematic_insights),
    sentiment_analysis: s3((d) => d.sentiment),
    fact_checking: s4((d) => ({ claims: d.fact_checks.claims, items: d.fact_checks.items ?? [], ...truth(d) })),
    bias_analysis: s6((d) => ({ score: d.deception_score, indicators: indicators(d).map((i) => i.kind) })),
    credibility: s6((d) => ({ score: round3(1 - d.deception_score), trustworthiness: d.trustworthiness })),
  }),
  'analysis.text': ({ s3 }) => ({
    linguistic_patterns: s3((d) => d.linguistic_patterns),
    themes: s3((d) => d.thematic_insights),
    sentiment_analysis: s3((d) => d.sentiment),
    keywords: s3((d) => d.keywords),
    content_structure: s3((d) => d.content_structure),
  }),
  'analysis.fact': ({ s4 }) => ({
    claims: s4((d) => d.fact_checks.claims),
    source_verification: s4((d) => d.fact_checks.items ?? []),
    logical_analysis: s4((d) => ({
      fallacies: (d.logical_fallacies ?? []).map((f) => ({ type: f.type, label: f.label, sentence: f.sentence })),
    })),
    evidence_quality: s4((d) => ({
      evidence_count: d.fact_checks.evidence_count,
      backends_used: d.fact_checks.backends_used,
    })),
    truth_assessment: s4(truth),
  }),
  'analysis.bias': ({ s6 }) => ({
    bias_indicators: s6((d) => indicators(d).map((i) => `${i.kind}: ${i.detail}`)),
    deception_analysis: s6((d) => ({ score: d.deception_score, indicators: indicators(d) })),
    narrative_integrity: s6((d) => d.truth_scoring),
    psychological_threats: s6((d) => indicators(d).filter((i) => i.severity !== 'low')),
    trustworthiness: s6((d) => d.trustworthiness),
  }),
  'analysis.pattern': ({ s9, s3, s4 }) => ({
    behavioral_patterns: s9((d) => d),
    communication_style: s3((d) => ({
      tone: d.sentiment?.label ?? null,
      average_sentence_words: d.content_structure?.average_sentence_words ?? null,
    })),
    rhetorical_devices: s4((d) => labels(d)),
    persuasion_techniques: s4((d) => labels(d, PERSUASION)),
    cognitive_biases: s4((d) => labels(d, BIASES)),
  }),
  // S5 reports monitor results and search terms only; the keys it has no data for stay null.
  'analysis.social': ({ s5 }) => ({
    social_dynamics: s5((d) => d.social_media_intelligence ?? null),
    influence_network: s5((d) => d.x_intelligence ?? null),
    community_impact: s5((d) => d.community_impact ?? null),
    cultural_context: s5((d) => ({ search_terms: d.search_terms ?? [] })),
    social_engineering: s5((d) => d.social_engineering ?? null),
  }),
};

const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Integration from the parsed outputs of the context tasks: themes, sentiment, claim counts, deception score and
 * rhetorical devices, whichever are present. Also fills the integration schema (`executive_summary` = summary,
 * `key_takeaways` = key insights, `confidence_score` = the share of context tasks with an output).
 */
function integrationBody(task: PlannedTask, ctx: AgentRunContext): Rec {
  const inputs = ctx.shared.inputsFor(task.context);
  const received = Object.keys(inputs);
  const missing = task.context.filter((id) => !Object.hasOwn(inputs, id));
  const parsed = Object.values(inputs);
  const first = (pick: (p: Rec) => unknown): unknown => parsed.map(pick).find((v) => v !== undefined && v !== null);
  const themes = [...new Set(parsed.flatMap((p) => texts(p.themes)))].slice(0, 5);
  const sentiment = first((p) => rec(p.sentiment_analysis).label);
  const facts = rec(first((p) => p.truth_assessment ?? p.fact_checking));
  const [verified, disputed] = [num(facts.verified_claims), num(facts.disputed_claims)];
  const deception = num(first((p) => num(rec(p.deception_analysis ?? p.bias_analysis).score)));
  const devices = [...new Set(parsed.flatMap((p) => texts(p.rhetorical_devices)))];
  const completeness = task.context.length === 0 ? 1 : round3(received.length / task.context.length);

  const keyInsights = [
    themes.length > 0 && `Main themes: ${themes.join(', ')}`,
    typeof sentiment === 'string' && `Overall sentiment is ${sentiment}`,
    verified !== undefined && `${verified} verified and ${disputed ?? 0} disputed claims`,
    deception !== undefined && `Deception score ${deception.toFixed(2)}`,
    devices.length > 0 && `Rhetorical devices: ${devices.join(', ')}`,
  ].filter((s): s is string => typeof s === 'string');
  const recommendations = [
    (disputed ?? 0) > 0 && `Cross-check the ${disputed} disputed claims before relying on them.`,
    (deception ?? 0) >= 0.5 && 'Treat the content as potentially misleading: its deception score is 0.5 or more.',
    devices.length > 0 && `Read the passages using ${devices.join(', ')} critically.`,
    missing.length > 0 && `Re-run the analyses without output: ${missing.join(', ')}.`,
  ].filter((s): s is string => typeof s === 'string');
  if (recommendations.length === 0) recommendations.push('No concerns found; routine review is enough.');
  const summary = `Synthesis of ${received.length} of ${task.context.length} analyses.${keyInsights.map((s) => ` ${s}.`).join('')}`;
  const flagged = received
    .map((id) => [id, ctx.shared.get(id)?.placeholderFlags ?? []] as const)
    .filter(([, flags]) => flags.length > 0);

  return {
    synthesis_analysis: {
      sources: received,
      missing,
      themes,
      sentiment: sentiment ?? null,
      fact_checks: verified === undefined ? null : facts,
      deception_score: deception ?? null,
      rhetorical_devices: devices,
    },
    key_insights: keyInsights,
    recommendations,
    quality_assessment: {
      inputs_expected: task.context.length,
      inputs_received: received.length,
      completeness,
      placeholder_flags: Object.fromEntries(flagged),
      schema_invalid: received.filter((id) => ctx.shared.get(id)?.schemaValid === false),
    },
    summary,
    executive_summary: summary,
    key_takeaways: keyInsights,
    confidence_score: completeness,
  };
}
