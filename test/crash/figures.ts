import type { CrashReport } from './harness';
import { checkOk, describeCheck } from './verify';
import { WRITE_KINDS } from './writes';

function quantiles(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return `min ${sorted[0]}, median ${median}, max ${sorted[sorted.length - 1]}`;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The figures of a run as plain text: the run, the writes, one line per check, and the verdict. */
export function formatFigures(r: CrashReport): string {
  const total = WRITE_KINDS.reduce((a, k) => a + r.acks[k], 0);
  const lines = [
    `crash harness: seed ${r.seed}, kill points ${r.killPoints}, ${r.servers} server process(es), ${r.clients} clients, ${(r.durationMs / 1000).toFixed(1)} s`,
    `server: ${r.entry.entry}${r.entry.built ? ' (compiled for this run)' : ''}`,
    `time to ready (ms): first boot ${r.firstBootMs.join(', ')}; after a kill ${quantiles(r.restartReadyMs)} (${r.restartReadyMs.length} restarts)`,
    `writes acknowledged: ${WRITE_KINDS.map((k) => `${k} ${r.acks[k]}`).join(', ')}; total ${total}`,
    `retries: ${r.retriedWrites} writes retried (${r.retryAttempts} attempts, most while a server was down); duplicates re-sent after their 2xx: ${r.resends}`,
    `queues drained after the last restart: ${r.settled ? 'yes' : 'NO (timed out)'}`,
    '',
    `${'check'.padEnd(44)}${pad('expected', 10)}${pad('observed', 10)}${pad('lost', 8)}${pad('doubled', 9)}${pad('wrong', 7)}  ok`,
  ];
  for (const c of r.checks) {
    const name = describeCheck(c);
    lines.push(
      `${name.padEnd(44)}${pad(c.expected, 10)}${pad(c.observed, 10)}${pad(c.lost, 8)}${pad(c.doubled, 9)}${pad(c.mismatched, 7)}  ${checkOk(c) ? 'ok' : 'FAIL'}`,
    );
  }
  if (r.samples.length > 0) lines.push('', 'examples:', ...r.samples.map((s) => `  ${s}`));
  lines.push('', `lost: ${r.lost}, applied twice: ${r.doubled} -> ${r.ok ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
