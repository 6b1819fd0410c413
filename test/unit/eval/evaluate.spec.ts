import type { CorpusDocument } from '../../../bench/eval/corpus';
import { evaluateCorpus } from '../../../bench/eval/evaluate';

const REFERENCE = 'Lincoln spoke at Gettysburg. He honoured the dead. He asked the living to go on.';

const DOCUMENT: CorpusDocument = {
  slug: 'speech',
  title: 'A speech',
  kind: 'talk',
  source: 'test',
  licence: 'test',
  excerpt: 'all',
  reference: REFERENCE,
  entities: [
    { text: 'Abraham Lincoln', type: 'person' },
    { text: 'Gettysburg', type: 'place' },
  ],
  prose: 'Abraham Lincoln spoke at Gettysburg. The crowd was large. The day was cold. He honoured the dead.',
};

describe(evaluateCorpus.name, () => {
  it('returns the scores of each document and their means, with the clock and Node version given', () => {
    const report = evaluateCorpus([DOCUMENT], {
      system: () => ({ summary: REFERENCE, entities: [{ text: 'Lincoln', type: 'PERSON' }] }),
      now: () => new Date('2026-01-02T03:04:05Z'),
      node: 'v24.0.0',
    });
    expect(report.generatedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(report.node).toBe('v24.0.0');
    expect(report.documents).toHaveLength(1);
    const [doc] = report.documents;
    expect(doc).toMatchObject({ slug: 'speech', kind: 'talk', words: 17 });
    expect(doc.rouge.system).toEqual({ r1: 1, r2: 1, rL: 1 });
    expect(doc.entities).toEqual({ recall: 0.5, precision: 1, missed: ['Gettysburg'], unlisted: [] });
    expect(report.overall.rouge.system).toEqual(doc.rouge.system);
    expect(report.overall.rouge.lead3).toEqual(doc.rouge.lead3);
    expect(report.overall.entities).toEqual({ recall: 0.5, precision: 1 });
  });

  it('returns each goal met or missed: ROUGE-L above Lead-3, recall at least 0.8', () => {
    const report = evaluateCorpus([DOCUMENT], {
      system: () => ({ summary: REFERENCE, entities: [{ text: 'Lincoln', type: 'PERSON' }] }),
    });
    expect(report.goals).toEqual({
      rougeLBeatsLead3: true,
      entityRecall: { goal: 0.8, value: 0.5, met: false },
    });
    expect(report.met).toBe(false);
  });

  it('returns the goals met when the system finds every listed entity', () => {
    const entities = [
      { text: 'Lincoln', type: 'person' },
      { text: 'gettysburg', type: 'GPE' },
    ];
    const report = evaluateCorpus([DOCUMENT], { system: () => ({ summary: REFERENCE, entities }) });
    expect(report.goals.entityRecall).toEqual({ goal: 0.8, value: 1, met: true });
    expect(report.met).toBe(true);
  });
});
