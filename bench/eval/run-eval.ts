/**
 * `npm run eval`: scores the summary and the entities of the system under test (./system.ts) on the corpus in
 * eval/corpus, beside the Lead-3 and plain TextRank baselines of the same run; prints a table, writes
 * bench/results/eval.json and exits 1 when a goal is missed (the system's mean ROUGE-L above Lead-3's, mean entity
 * recall at least 0.8). With EVAL_LLM_BASE_URL and EVAL_LLM_MODEL it also measures the service's LLM summary
 * the same way and writes bench/results/eval-llm.json. See docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from './corpus';
import { evaluateCorpus, type EvalReport, type RougeByMethod } from './evaluate';
import { evalLlmFromEnv, llmSystem } from './llm-system';
import { systemOutput } from './system';

const RESULT = join(__dirname, '..', 'results', 'eval.json');
const LLM_RESULT = join(__dirname, '..', 'results', 'eval-llm.json');

/** The report as a fixed-width table: one row per document, then the means. */
export function formatReport(report: EvalReport): string {
  const rougeCells = (r: RougeByMethod) => [r.system.r1, r.system.r2, r.system.rL, r.lead3.rL, r.textrank.rL];
  const rows: (string | number)[][] = [
    ['document', 'kind', 'words', 'R-1', 'R-2', 'R-L', 'lead3 R-L', 'textrank R-L', 'recall', 'precision'],
    ...report.documents.map((d) => [
      d.slug,
      d.kind,
      d.words,
      ...rougeCells(d.rouge),
      d.entities.recall,
      d.entities.precision ?? '–',
    ]),
    [
      'mean',
      '',
      '',
      ...rougeCells(report.overall.rouge),
      report.overall.entities.recall,
      report.overall.entities.precision ?? '–',
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  const line = (row: (string | number)[]) =>
    row.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  const { rougeLBeatsLead3, entityRecall } = report.goals;
  const { system, lead3 } = report.overall.rouge;
  return [
    ...rows.map(line),
    '',
    `goal: summary ROUGE-L above Lead-3 (${system.rL} vs ${lead3.rL}): ${rougeLBeatsLead3 ? 'met' : 'MISSED'}`,
    `goal: entity recall ≥ ${entityRecall.goal} (${entityRecall.value}): ${entityRecall.met ? 'met' : 'MISSED'}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const report = evaluateCorpus(corpus, { system: systemOutput });
  mkdirSync(join(RESULT, '..'), { recursive: true });
  writeFileSync(RESULT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatReport(report));
  console.log(`\nwritten: bench/results/eval.json`);
  process.exitCode = report.met ? 0 : 1;
  // The optional LLM path, measured the same way when an endpoint is given (never in CI); its file is not a goal.
  const endpoint = evalLlmFromEnv();
  if (!endpoint) return;
  const { system, refused } = await llmSystem(corpus, endpoint);
  const llmReport = {
    endpoint: { baseUrl: endpoint.baseUrl, model: endpoint.model },
    refused,
    ...evaluateCorpus(corpus, { system }),
  };
  writeFileSync(LLM_RESULT, `${JSON.stringify(llmReport, null, 2)}\n`);
  console.log(`\nLLM summary (${endpoint.model} at ${endpoint.baseUrl}):\n${formatReport(llmReport)}`);
  for (const r of refused) console.log(`refused, extractive summary kept: ${r}`);
  console.log(`\nwritten: bench/results/eval-llm.json`);
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
