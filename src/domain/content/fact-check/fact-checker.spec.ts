import type { MemoryScope, VectorMemory } from '../../../core/ports/vector-memory.port';
import { HashingEmbedder } from '../memory/hashing-embedder';
import { FactChecker, type ReviewSource } from './fact-checker';
import { parseKnowledgeBase } from './knowledge-base';

const embedder = new HashingEmbedder();
const knowledgeBase = parseKnowledgeBase(
  [
    {
      claim: 'The Great Wall of China is visible from the Moon with the naked eye',
      verdict: false,
      source: 'https://example.org/wall',
      note: 'It is far too narrow to see from the Moon.',
    },
    { claim: 'Water boils at 100 degrees Celsius at sea level', verdict: true },
  ],
  'kb',
);

/** A memory holding two passages: one from the content being checked, one from earlier content. */
const memory: VectorMemory = {
  mode: 'exact',
  upsert: async () => 0,
  clear: async () => 0,
  search: async (scope: MemoryScope) =>
    scope.tenantId !== 'acme'
      ? []
      : [
          {
            id: 'self',
            text: 'Vaccines were tested on 40,000 volunteers.',
            metadata: { url: 'https://news.test/current' },
            score: 0.9,
          },
          {
            id: 'old',
            text: 'The trial enrolled 40,000 volunteers in 2020.',
            metadata: { url: 'https://news.test/earlier' },
            score: 0.7,
          },
        ],
};

const request = { tenantId: 'acme', workspaceId: 'main', excludeUrl: 'https://news.test/current' };

describe(FactChecker.name, () => {
  it('lets the closest knowledge-base entry decide when it is similar enough, with its note as evidence', async () => {
    const sut = new FactChecker({ embedder, knowledgeBase });
    const [wall] = await sut.check({
      ...request,
      claims: ['The Great Wall of China is visible from the Moon with the naked eye.'],
    });
    expect(wall).toEqual({
      claim: 'The Great Wall of China is visible from the Moon with the naked eye.',
      verdict: 'refuted',
      confidence: 1,
      evidence: [
        {
          source: 'knowledge_base',
          text: 'It is far too narrow to see from the Moon.',
          url: 'https://example.org/wall',
          score: 1,
          verdict: 'refuted',
          publisher: null,
        },
      ],
      backendsUsed: ['knowledge_base'],
    });
  });

  it('leaves an unknown claim uncertain at 0.5', async () => {
    const sut = new FactChecker({ embedder, knowledgeBase });
    const [result] = await sut.check({ ...request, claims: ['Octopuses have three hearts.'] });
    expect([result.verdict, result.confidence, result.evidence]).toEqual(['uncertain', 0.5, []]);
  });

  it('asks published reviews when the knowledge base has no answer: the majority decides', async () => {
    const review = (verdict: 'supported' | 'refuted' | 'uncertain', rating: string) => ({
      claimText: 'Octopuses have three hearts',
      publisher: 'Ocean Facts',
      url: `https://reviews.test/${rating}`,
      title: null,
      rating,
      verdict,
    });
    const reviews: ReviewSource = {
      search: async () => [
        review('supported', 'True'),
        review('supported', 'Correct'),
        review('refuted', 'False'),
        review('uncertain', 'Unproven'),
      ],
    };
    const sut = new FactChecker({ embedder, knowledgeBase, reviews });
    const [result] = await sut.check({ ...request, claims: ['Octopuses have three hearts.'] });
    expect([result.verdict, result.confidence, result.backendsUsed, result.evidence.length]).toEqual([
      'supported',
      0.767,
      ['knowledge_base', 'google_fact_check'],
      4,
    ]);
  });

  it('lists earlier content from memory as evidence (never the content itself) without letting it decide', async () => {
    const failing: ReviewSource = { search: async () => Promise.reject(new Error('HTTP 503')) };
    const sut = new FactChecker({ embedder, knowledgeBase: [], memory, reviews: failing });
    const [result] = await sut.check({ ...request, claims: ['Vaccines were tested on 40,000 volunteers.'] });
    expect(result).toEqual({
      claim: 'Vaccines were tested on 40,000 volunteers.',
      verdict: 'uncertain',
      confidence: 0.5,
      evidence: [
        {
          source: 'memory',
          text: 'The trial enrolled 40,000 volunteers in 2020.',
          url: 'https://news.test/earlier',
          score: 0.7,
          verdict: null,
          publisher: null,
        },
      ],
      backendsUsed: ['memory'], // the failed review service is not listed
    });
  });
});

describe(parseKnowledgeBase.name, () => {
  it('names the entry and field of a mistake', () => {
    expect(() => parseKnowledgeBase({}, 'kb')).toThrow('kb must be a list of { claim, verdict, source?, note? }');
    expect(() => parseKnowledgeBase([{ claim: 'x', verdict: 'maybe' }], 'kb')).toThrow(
      'kb[0].verdict must be true, false or mixed, got "maybe"',
    );
    expect(() => parseKnowledgeBase([{ claim: '', verdict: true }], 'kb')).toThrow(
      'kb[0].claim must be a non-empty string of at most 2000 characters',
    );
    expect(() => parseKnowledgeBase([{ claim: 'x', verdict: 'mixed', extra: 1 }], 'kb')).toThrow(
      'kb[0] has unknown field extra',
    );
  });
});
