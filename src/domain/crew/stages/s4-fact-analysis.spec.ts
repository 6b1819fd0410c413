import { fail, ok, skip } from '../../../core/result/step-result';
import type { Fallacy, Perspective } from '../../content/analysis/analysis.types';
import type { ContentAnalysisPort } from '../../content/content.ports';
import type { Evidence, FactCheckRequest, FactCheckResult } from '../../content/fact-check/fact-check.types';
import { evidenceDigest, factAnalysisStage, longestClaims } from './s4-fact-analysis';
import type { FactAnalysisData } from './stage-data';
import type { StageResult, StageRun } from './stage.types';

const URL = 'https://example.org/talk';
const TRANSCRIPT = 'The talk, as transcribed.';
const CLAIMS = [
  'Tax rose 3%.', // 12
  'Unemployment fell to 4% in 2025.', // 32
  'Exports doubled.', // 16
  'The new bridge cost 2 billion euros to build.', // 45
  'Inflation hit 9.', // 16, ties with "Exports doubled." and comes after it
  'Crime dropped 20% since the law passed.', // 39
  'Wages grew 5%.', // 14
];
const FALLACIES: Fallacy[] = [
  {
    type: 'ad_hominem',
    label: 'Ad hominem',
    sentenceIndex: 0,
    span: { start: 0, end: 3, text: 'The' },
    sentence: TRANSCRIPT,
    explanation: 'attacks the person',
  },
];
const PERSPECTIVE: Perspective = { summary: 'The talk.', sentenceIndexes: [0], method: 'textrank' };

const evidence = (source: Evidence['source'], text: string, url: string | null, score: number): Evidence => ({
  source,
  text,
  url,
  score,
  verdict: null,
  publisher: null,
});
const run: StageRun = {
  workflowId: 'wf-1',
  url: URL,
  depth: 'standard',
  tenantId: 'acme',
  workspaceId: 'research',
  signal: new AbortController().signal,
};
const s2 = (transcript = TRANSCRIPT): StageResult => ok({ transcript });

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}
function deferred<T>(): Deferred<T> {
  const d = {} as Deferred<T>;
  d.promise = new Promise<T>((resolve, reject) => Object.assign(d, { resolve, reject }));
  return d;
}
function facts(r: StageResult): FactAnalysisData {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data as unknown as FactAnalysisData;
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** An analysis port whose fact checks wait until the test settles them, one deferred per call. */
function analysis(claims: string[], overrides: Partial<ContentAnalysisPort> = {}) {
  const checks: { request: FactCheckRequest; answer: Deferred<FactCheckResult[]> }[] = [];
  const summaries: [string, number | undefined][] = [];
  const port: ContentAnalysisPort = {
    text: () => Promise.reject(new Error('not used')),
    sentiment: () => Promise.reject(new Error('not used')),
    claims: async (_t, max) =>
      claims
        .slice(0, max)
        .map((text, i) => ({ text, sentenceIndex: i, start: 0, end: text.length, score: 0.5, reasons: [] })),
    factCheck: (request) => {
      const answer = deferred<FactCheckResult[]>();
      checks.push({ request, answer });
      return answer.promise;
    },
    fallacies: async () => FALLACIES,
    summary: async (text, sentences) => (summaries.push([text, sentences]), PERSPECTIVE),
    digest: () => Promise.reject(new Error('not used')),
    ...overrides,
  };
  return { port, checks, summaries };
}
const result = (
  claim: string,
  verdict: FactCheckResult['verdict'],
  confidence: number,
  ev: Evidence[],
  backendsUsed: string[],
): FactCheckResult[] => [{ claim, verdict, confidence, evidence: ev, backendsUsed }];

describe(factAnalysisStage.name, () => {
  it('A12: 7 claims → top 5 by length, fact checks concurrent (overlap observable), verified/disputed/confidence aggregates', async () => {
    const a = analysis(CLAIMS);
    const pending = factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, s2());
    await flush();
    // All five checks are in flight before any answer: the calls overlap.
    expect(a.checks.map((c) => c.request)).toEqual(
      [
        'The new bridge cost 2 billion euros to build.',
        'Crime dropped 20% since the law passed.',
        'Unemployment fell to 4% in 2025.',
        'Exports doubled.',
        'Inflation hit 9.',
      ].map((claim) => ({
        claims: [claim],
        tenantId: 'acme',
        workspaceId: 'research',
        excludeUrl: URL,
        signal: run.signal,
      })),
    );
    const [bridge, crime, unemployment, exports, inflation] = a.checks;
    inflation.answer.reject(new Error('backend down'));
    exports.answer.resolve(result('Exports doubled.', 'mixed', 0.6, [], ['knowledge_base']));
    unemployment.answer.resolve(result('Unemployment fell to 4% in 2025.', 'supported', 0.8, [], ['knowledge_base']));
    crime.answer.resolve(
      result(
        'Crime dropped 20% since the law passed.',
        'refuted',
        0.7,
        [evidence('google_fact_check', 'Crime rose', 'https://fc.example/1', 1)],
        ['knowledge_base', 'google_fact_check'],
      ),
    );
    bridge.answer.resolve(
      result(
        bridge.request.claims[0],
        'supported',
        0.9,
        [
          evidence('knowledge_base', 'Cost 2bn', 'https://kb.example/b', 0.8),
          evidence('memory', 'Bridge budget', null, 0.6),
        ],
        ['memory', 'knowledge_base'],
      ),
    );
    expect(facts(await pending).fact_checks).toEqual({
      claims: a.checks.map((c) => c.request.claims[0]),
      evidence: [
        {
          ...evidence('knowledge_base', 'Cost 2bn', 'https://kb.example/b', 0.8),
          claim: 'The new bridge cost 2 billion euros to build.',
        },
        { ...evidence('memory', 'Bridge budget', null, 0.6), claim: 'The new bridge cost 2 billion euros to build.' },
        {
          ...evidence('google_fact_check', 'Crime rose', 'https://fc.example/1', 1),
          claim: 'Crime dropped 20% since the law passed.',
        },
      ],
      backends_used: ['google_fact_check', 'knowledge_base', 'memory'],
      evidence_count: 3,
      items: [
        {
          claim: 'The new bridge cost 2 billion euros to build.',
          verdict: 'supported',
          confidence: 0.9,
          source: 'knowledge_base',
          source_trust: 0.7,
        },
        {
          claim: 'Crime dropped 20% since the law passed.',
          verdict: 'refuted',
          confidence: 0.7,
          source: 'google_fact_check',
          source_trust: 1,
        },
        {
          claim: 'Unemployment fell to 4% in 2025.',
          verdict: 'supported',
          confidence: 0.8,
          source: 'none',
          source_trust: 0,
        },
        { claim: 'Exports doubled.', verdict: 'mixed', confidence: 0.6, source: 'none', source_trust: 0 },
        { claim: 'Inflation hit 9.', verdict: 'uncertain', confidence: 0.5, source: 'none', source_trust: 0 },
      ],
      verified_claims: 2,
      disputed_claims: 1,
      confidence: 0.7,
    });
  });

  it('adds the fallacies of the full transcript and a perspective over the transcript plus the evidence digest', async () => {
    const a = analysis(['Prices rose 4%.']);
    const pending = factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, s2());
    await flush();
    a.checks[0].answer.resolve(
      result(
        'Prices rose 4%.',
        'supported',
        0.9,
        [evidence('knowledge_base', 'CPI +4%', 'https://kb.example/cpi', 0.9)],
        ['knowledge_base'],
      ),
    );
    const r = await pending;
    const d = facts(r);
    expect([d.logical_fallacies, d.perspective_synthesis]).toEqual([FALLACIES, PERSPECTIVE]);
    expect(a.summaries).toEqual([[`${TRANSCRIPT}\nPrices rose 4%. | CPI +4% | https://kb.example/cpi`, 3]]);
  });

  it('checks more claims at deeper depths: 8 of 12 at deep, all 12 at comprehensive', async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `Claim number ${i} grew ${'x'.repeat(i)} by 5%.`);
    for (const [depth, checked] of [
      ['deep', 8],
      ['comprehensive', 12],
    ] as const) {
      const a = analysis(twelve);
      const pending = factAnalysisStage({ analysis: a.port, summarySentences: 3 }, { ...run, depth }, s2());
      await flush();
      expect(a.checks.length).toBe(checked);
      for (const c of a.checks) c.answer.resolve([]);
      await pending;
    }
  });

  it('checks nothing without claims: empty lists and zero aggregates', async () => {
    const a = analysis([]);
    const r = await factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, s2());
    expect(a.checks).toHaveLength(0);
    expect(facts(r).fact_checks).toEqual({
      claims: [],
      evidence: [],
      backends_used: [],
      evidence_count: 0,
      items: [],
      verified_claims: 0,
      disputed_claims: 0,
      confidence: 0,
    });
    expect(a.summaries).toEqual([[TRANSCRIPT, 3]]);
  });

  it('makes a claim uncertain at .5 when its fact check answers nothing, and clamps confidences', async () => {
    const a = analysis(['Claim one is longer.', 'Claim two.']);
    const pending = factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, s2());
    await flush();
    a.checks[0].answer.resolve([]);
    a.checks[1].answer.resolve(result('Claim two.', 'supported', 1.7, [], []));
    const r = await pending;
    expect(facts(r).fact_checks.items.map((i) => [i.verdict, i.confidence])).toEqual([
      ['uncertain', 0.5],
      ['supported', 1],
    ]);
  });

  it('is skipped with S2’s reason; fails (processing) when claim extraction fails', async () => {
    const a = analysis([], { claims: () => Promise.reject(new Error('parser crashed')) });
    expect(await factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, skip('no_transcript'))).toEqual(
      skip('no_transcript'),
    );
    expect(await factAnalysisStage({ analysis: a.port, summarySentences: 3 }, run, s2())).toEqual(
      fail('processing', 'Fact analysis failed: parser crashed'),
    );
  });
});

describe(longestClaims.name, () => {
  it('keeps the 5 longest, longest first, ties in their original order', () => {
    expect(longestClaims(['bb', 'a', 'cc', 'dddd', 'e', 'ff', 'g'])).toEqual(['dddd', 'bb', 'cc', 'ff', 'a']);
    expect(longestClaims(['bb', 'a', 'cc', 'dddd', 'e', 'ff', 'g'], 2)).toEqual(['dddd', 'bb']);
  });
});

describe(evidenceDigest.name, () => {
  it('writes "claim | text | url" for the first 10 items only', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      ...evidence('memory', `t${i}`, i === 0 ? null : `u${i}`, 0.5),
      claim: `c${i}`,
    }));
    const digest = evidenceDigest(items);
    expect([digest.length, digest[0], digest[9]]).toEqual([10, 'c0 | t0 | ', 'c9 | t9 | u9']);
  });
});
