import { loadCorpus } from '../../../bench/eval/corpus';
import { ENTITY_RECALL_GOAL, evaluateCorpus } from '../../../bench/eval/evaluate';
import { systemOutput } from '../../../bench/eval/system';

/**
 * The quality goals `npm run eval` checks, on the corpus in eval/corpus with the system under test: its summaries
 * score a higher mean ROUGE-L against the references than Lead-3, and it finds at least 80% of the listed entities
 * (mean recall over the documents). The numbers are in bench/results/eval.json and docs/benchmarks.md.
 */
describe('summary and entity quality on the evaluation corpus', () => {
  const report = evaluateCorpus(loadCorpus(), { system: systemOutput });

  it('has a summary mean ROUGE-L above the Lead-3 baseline', () => {
    expect(report.overall.rouge.system.rL).toBeGreaterThan(report.overall.rouge.lead3.rL);
  });

  it('has a mean entity recall of at least 0.8', () => {
    expect(report.overall.entities.recall).toBeGreaterThanOrEqual(ENTITY_RECALL_GOAL);
  });
});
