import { seededRandom } from '../../../core/runtime/random';
import { focusOf, reasoningFramework } from '../enhancement/focus';
import { generateExamples } from './example-generator';
import { COMPLEXITIES, ENHANCEMENT_WEIGHTS, weightsProblem } from './example.types';

const request = { role: 'Fact Checker', focus: 'fact_checking', count: 50, weights: ENHANCEMENT_WEIGHTS } as const;

describe('generateExamples', () => {
  it('(a) gives byte-identical examples for the same seed, and different ones for another seed', () => {
    const first = JSON.stringify(generateExamples(request, seededRandom(42)));
    const again = JSON.stringify(generateExamples(request, seededRandom(42)));
    const other = JSON.stringify(generateExamples(request, seededRandom(43)));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('(b) draws each complexity within ±0.05 of its weight over 1000 examples with weights .2/.3/.3/.2', () => {
    const examples = generateExamples({ ...request, count: 1000 }, seededRandom(42));
    for (const c of COMPLEXITIES) {
      const share = examples.filter((e) => e.complexity === c).length / 1000;
      expect(Math.abs(share - ENHANCEMENT_WEIGHTS[c])).toBeLessThanOrEqual(0.05);
    }
  });

  it('scores examples from their structure, not a constant near 1', () => {
    const scores = new Set(generateExamples({ ...request, count: 200 }, seededRandom(7)).map((e) => e.quality_score));
    expect(scores.size).toBeGreaterThan(3);
    expect(Math.max(...scores)).toBeLessThan(1);
  });

  it('names only tools of the template and keeps the required ones first', () => {
    const [example] = generateExamples(
      { ...request, count: 1, weights: { basic: 1, intermediate: 0, advanced: 0, expert: 0 } },
      seededRandom(1),
    );
    expect(example.complexity).toBe('basic');
    expect(example.optimal_tools.slice(0, 4)).toEqual([
      'fact_check',
      'context_verification',
      'vector',
      'claim_extractor',
    ]);
    expect(example.reasoning_steps.length).toBeGreaterThanOrEqual(7);
    expect(example.anti_patterns).toHaveLength(3);
  });
});

describe('weightsProblem', () => {
  it('accepts weights summing to 1', () => {
    expect(weightsProblem(ENHANCEMENT_WEIGHTS)).toBeUndefined();
  });

  it('refuses weights not summing to 1, missing or unknown complexities', () => {
    expect(weightsProblem({ basic: 0.5, intermediate: 0.5, advanced: 0.5, expert: 0 })).toBe(
      'weights must sum to 1 (they sum to 1.5)',
    );
    expect(weightsProblem({ basic: 1 })).toBe(
      'weights must give all of basic, intermediate, advanced, expert (missing intermediate, advanced, expert)',
    );
    expect(weightsProblem({ basic: 1, intermediate: 0, advanced: 0, expert: 0, novice: 0 })).toBe(
      'weights has unknown complexities: novice',
    );
  });
});

describe('focusOf and reasoningFramework', () => {
  it('(c) gives role "Fact Checker" the fact_checking focus and confidence 0.85', () => {
    expect(focusOf('Fact Checker')).toBe('fact_checking');
    expect(reasoningFramework('Fact Checker')).toEqual({
      enabled: true,
      style: 'verification_focused',
      confidence_threshold: 0.85,
      verification: 'authoritative_sources',
      uncertainty: 'explicit',
      practices: ['bias_detection', 'source_credibility_assessment'],
    });
  });

  it('maps the other roles by their words', () => {
    expect(focusOf('Truth Seeker')).toBe('fact_checking');
    expect(focusOf('Intelligence Monitor')).toBe('cross_platform_monitoring');
    expect(focusOf('Character Profiler')).toBe('character_profiling');
    expect(focusOf('Knowledge Integrator')).toBe('content_analysis');
    expect(reasoningFramework('Steelman Defender').style).toBe('defensive_analytical');
    expect(reasoningFramework('Knowledge Integrator')).toMatchObject({
      style: 'analytical',
      confidence_threshold: 0.75,
    });
  });
});
