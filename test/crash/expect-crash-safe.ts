import { formatFigures } from './figures';
import { runCrashHarness, type CrashOptions, type CrashReport } from './harness';
import { checkOk, describeCheck } from './verify';

/**
 * Runs the harness, prints its figures and expects every kill point restarted, every kind of write acknowledged at
 * least once (the run exercised them all), the state settled, and nothing lost, doubled or answered wrongly.
 */
export async function expectCrashSafe(options: CrashOptions): Promise<CrashReport> {
  const report = await runCrashHarness(options);
  process.stdout.write(`${formatFigures(report)}\n`);
  expect(report.restartReadyMs.length).toBeGreaterThanOrEqual(options.killPoints);
  expect(Object.entries(report.acks).filter(([, n]) => n === 0)).toEqual([]);
  expect(report.settled).toBe(true);
  const failed = report.checks
    .filter((c) => !checkOk(c))
    .map((c) => `${describeCheck(c)}: lost ${c.lost}, doubled ${c.doubled}, wrong ${c.mismatched}`);
  expect(failed).toEqual([]);
  expect({ lost: report.lost, doubled: report.doubled }).toEqual({ lost: 0, doubled: 0 });
  return report;
}
