import type { RandomSource } from '../../../core/runtime/random';
import {
  COMPLEXITIES,
  type Complexity,
  type ComplexityWeights,
  type ToolStep,
  type TrainingExample,
  type TrainingFocus,
} from './example.types';
import { structuralQuality } from './structural-quality';
import {
  ADVANCED_ANTI_PATTERNS,
  ADVANCED_TOOLS,
  AVAILABLE_TOOLS,
  FOCUS_TEMPLATES,
  GENERIC_ANTI_PATTERNS,
  REASONING_STEPS,
} from './templates';

/** What to generate: `count` examples of the focus, complexities drawn with `weights` (which sum to 1). */
export interface GenerationRequest {
  readonly role: string;
  readonly focus: TrainingFocus;
  readonly count: number;
  readonly weights: ComplexityWeights;
}

const isDeep = (c: Complexity) => c === 'advanced' || c === 'expert';

/** Draws from a seeded source; every random choice of the generator goes through it, in a fixed order. */
class Draw {
  constructor(private readonly random: RandomSource) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random.next() * (max - min + 1));
  }
  real(min: number, max: number, decimals = 2): number {
    const f = 10 ** decimals;
    return Math.round((min + this.random.next() * (max - min)) * f) / f;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  /** `n` distinct items in draw order (a partial Fisher–Yates shuffle). */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    for (let i = 0; i < Math.min(n, pool.length); i++) {
      const j = this.int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, n);
  }
  complexity(weights: ComplexityWeights): Complexity {
    const r = this.random.next();
    let cumulative = 0;
    for (const c of COMPLEXITIES) {
      cumulative += weights[c];
      if (r < cumulative) return c;
    }
    return COMPLEXITIES.findLast((c) => weights[c] > 0) ?? 'basic';
  }
}

/**
 * Generates synthetic training examples from templates, all randomness drawn from `random`: the same seed and
 * request give byte-identical examples. Each example's complexity is drawn with the request's weights.
 *
 * @example generateExamples({ role: 'Fact Checker', focus: 'fact_checking', count: 50, weights: ENHANCEMENT_WEIGHTS }, seededRandom(42))
 */
export function generateExamples(request: GenerationRequest, random: RandomSource): TrainingExample[] {
  const draw = new Draw(random);
  return Array.from({ length: request.count }, () => generateOne(request, draw));
}

function generateOne({ role, focus, weights }: GenerationRequest, draw: Draw): TrainingExample {
  const template = FOCUS_TEMPLATES[focus];
  const complexity = draw.complexity(weights);
  const scenario = draw.pick(template.scenarios);
  const text = scenario.toLowerCase();
  const context = contextFor(text, complexity, draw);
  const tools = toolsFor(template.requiredTools, text, complexity, context);
  const sequence = sequenceFor(tools, text, complexity);
  const reasoning = reasoningFor(role.toLowerCase(), text, complexity);
  return {
    scenario,
    complexity,
    context,
    optimal_tools: tools,
    tool_sequence: sequence,
    reasoning_steps: reasoning,
    expected_outcome: outcomeFor(complexity, draw),
    anti_patterns: draw.sample(
      isDeep(complexity) ? [...GENERIC_ANTI_PATTERNS, ...ADVANCED_ANTI_PATTERNS] : GENERIC_ANTI_PATTERNS,
      3,
    ),
    quality_score: structuralQuality(template.requiredTools, sequence, reasoning.length),
  };
}

const has = (text: string, ...words: string[]) => words.some((w) => text.includes(w));

function contextFor(text: string, complexity: Complexity, draw: Draw): Record<string, unknown> {
  const context: Record<string, unknown> = { confidence_threshold: isDeep(complexity) ? 0.8 : 0.7 };
  if (has(text, 'youtube', 'video'))
    context.video = { duration_s: draw.int(300, 3600), views: draw.int(1_000, 1_000_000) };
  if (has(text, 'twitch', 'stream'))
    context.stream = { duration_s: draw.int(1800, 14_400), viewers: draw.int(100, 50_000), live: draw.int(0, 1) === 1 };
  if (has(text, 'social media', 'post'))
    context.social = {
      platform: draw.pick(['x', 'reddit', 'instagram', 'tiktok']),
      engagement_rate: draw.real(0.1, 10),
    };
  if (isDeep(complexity)) Object.assign(context, { deep_analysis: true, high_stakes: complexity === 'expert' });
  return context;
}

function toolsFor(
  required: readonly string[],
  text: string,
  complexity: Complexity,
  context: Record<string, unknown>,
): string[] {
  const tools = [...required, ...(isDeep(complexity) ? ADVANCED_TOOLS : [])];
  if (has(text, 'youtube')) tools.push('youtube', 'transcript_index');
  if (has(text, 'twitch')) tools.push('twitch_download', 'audio_transcription');
  if (context.deep_analysis === true) tools.push('memory_storage', 'trustworthiness_tracker');
  return [...new Set(tools)].filter((t) => AVAILABLE_TOOLS.includes(t));
}

function sequenceFor(tools: readonly string[], text: string, complexity: Complexity): ToolStep[] {
  const steps: ToolStep[] = [];
  const add = (tool: string, action: string, parameters: ToolStep['parameters'], reasoning: string) => {
    if (tools.includes(tool)) steps.push({ tool, action, parameters, reasoning });
  };
  if (has(text, 'video')) add('pipeline', 'acquire', { url: '{{url}}' }, 'Get the media and its transcript first');
  else if (has(text, 'social media', 'post'))
    add('multi_platform_download', 'acquire', { url: '{{url}}' }, 'Get the post and its replies first');
  add('claim_extractor', 'extract', { text: '{{transcript}}' }, 'List the claims before judging any');
  add(
    'fact_check',
    'verify',
    { claims: '{{claims}}', depth: isDeep(complexity) ? 'thorough' : 'standard' },
    'Check each claim',
  );
  add('vector', 'search', { query: '{{topic}}', limit: 10 }, 'Find what earlier content said on the topic');
  if (isDeep(complexity)) {
    add('fallacy', 'detect', { text: '{{transcript}}' }, 'Look for flawed arguments');
    add('steelman', 'strengthen', { argument: '{{main_claim}}' }, 'Test the strongest version of the argument');
  }
  add('memory_storage', 'store', { record: '{{findings}}' }, 'Keep the findings for later comparison');
  return steps;
}

function reasoningFor(role: string, scenario: string, complexity: Complexity): string[] {
  const base =
    role.includes('fact') || scenario.includes('verify')
      ? REASONING_STEPS.verification
      : has(role, 'character', 'profile')
        ? REASONING_STEPS.investigative
        : has(role, 'defender', 'defend')
          ? REASONING_STEPS.defensive
          : REASONING_STEPS.analytical;
  return [
    ...base,
    ...(isDeep(complexity) ? REASONING_STEPS.deep : []),
    ...(scenario.includes('misinformation') ? REASONING_STEPS.misinformation : []),
  ];
}

function outcomeFor(complexity: Complexity, draw: Draw): string {
  const deep = isDeep(complexity);
  const confidence = deep ? draw.int(75, 95) : draw.int(60, 85);
  const sources = deep ? draw.int(3, 8) : draw.int(1, 4);
  const caveats = draw.int(1, 3);
  const limitations = draw.int(1, 4);
  return (
    `A ${complexity} analysis at ${confidence}% confidence, citing ${sources} source(s), ` +
    `with ${caveats} caveat(s) and ${limitations} stated limitation(s).`
  );
}
