#!/usr/bin/env node
/**
 * `npm run bench:docs`: writes the tables of docs/benchmarks.md from bench/results/*.json. Each bench's tables sit
 * between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; everything else in the page is left as it is. The
 * result of `npm run eval` (not a bench: summary and entity quality) gets tables of its own.
 * `--check` changes nothing and exits 1 when a table differs from its result file (the unit suite runs it).
 */
const { readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const page = join(root, 'docs', 'benchmarks.md');
const resultsDir = join(root, 'bench', 'results');

/** Numbers as the result files hold them, with thin grouping for readability of large values. */
function num(n) {
  if (typeof n !== 'number') return String(n);
  return Math.abs(n) >= 10_000 ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(n);
}

function tables(result) {
  const lines = [
    `${result.date.slice(0, 10)}, node ${result.node}, ${result.cpus} cpus, ${result.rounds} rounds — goal met: **${result.met ? 'yes' : 'no'}**`,
    '',
    '| variant | unit | min | median | max |',
    '|---|---|---|---|---|',
    ...result.variants.map((v) => `| ${v.variant} | ${v.unit} | ${num(v.min)} | ${num(v.median)} | ${num(v.max)} |`),
    '',
    '| ratio | value |',
    '|---|---|',
    ...Object.entries(result.ratios).map(([k, v]) => `| ${k} | ${num(v)} |`),
    '',
    `Goal: ${result.goal}`,
  ];
  for (const n of result.notes ?? []) lines.push('', `Note: ${n}`);
  return lines.join('\n');
}

/** `bench/results/eval.json` (`npm run eval`): ROUGE of each summary method, then entity scores, per document. */
function evalTables(result) {
  const scores = (s) => `${s.r1} | ${s.r2} | ${s.rL}`;
  const rouge = (r) => `${scores(r.system)} | ${scores(r.lead3)} | ${scores(r.textrank)}`;
  const precision = (p) => (p === null ? '–' : String(p));
  const { rougeLBeatsLead3, entityRecall } = result.goals;
  const { overall } = result;
  return [
    `${result.generatedAt.slice(0, 10)}, node ${result.node} — goals met: **${result.met ? 'yes' : 'no'}**`,
    '',
    '| document | kind | words | system R-1 | R-2 | R-L | Lead-3 R-1 | R-2 | R-L | TextRank R-1 | R-2 | R-L |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...result.documents.map((d) => `| ${d.slug} | ${d.kind} | ${d.words} | ${rouge(d.rouge)} |`),
    `| **mean** | | | ${rouge(overall.rouge)} |`,
    '',
    '| document | entity recall | precision | missed |',
    '|---|---|---|---|',
    ...result.documents.map((d) => {
      const { recall, missed } = d.entities;
      return `| ${d.slug} | ${recall} | ${precision(d.entities.precision)} | ${missed.join(', ') || '–'} |`;
    }),
    `| **mean** | ${overall.entities.recall} | ${precision(overall.entities.precision)} | |`,
    '',
    `Goals: summary ROUGE-L above Lead-3 (${overall.rouge.system.rL} against ${overall.rouge.lead3.rL}): ` +
      `**${rougeLBeatsLead3 ? 'met' : 'missed'}**; entity recall ≥ ${entityRecall.goal} (${entityRecall.value}): ` +
      `**${entityRecall.met ? 'met' : 'missed'}**`,
  ].join('\n');
}

function render(text) {
  const names = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
  let out = text;
  for (const name of names) {
    const result = JSON.parse(readFileSync(join(resultsDir, `${name}.json`), 'utf8'));
    const open = `<!-- bench:${name} -->`;
    const close = `<!-- /bench:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start)
      throw new Error(`docs/benchmarks.md has no ${open} … ${close} block for bench/results/${name}.json`);
    const body = name === 'eval' ? evalTables(result) : tables(result);
    out = `${out.slice(0, start + open.length)}\n${body}\n${out.slice(end)}`;
  }
  return out;
}

if (require.main === module) {
  const current = readFileSync(page, 'utf8');
  const next = render(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/benchmarks.md is not current with bench/results: run npm run bench:docs');
      process.exit(1);
    }
  } else {
    writeFileSync(page, next);
  }
}

module.exports = { render };
