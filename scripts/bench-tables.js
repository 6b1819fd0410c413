#!/usr/bin/env node
/**
 * `npm run bench:docs`: writes the tables of docs/benchmarks.md from bench/results/*.json. Each bench's tables sit
 * between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; everything else in the page is left as it is.
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
    out = `${out.slice(0, start + open.length)}\n${tables(result)}\n${out.slice(end)}`;
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
