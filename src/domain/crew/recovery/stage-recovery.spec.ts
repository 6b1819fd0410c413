import { fail, ok, skip, type StepResult } from '../../../core/result/step-result';
import { executeStageWithRecovery } from './stage-recovery';

/** A stage that plays the given outcomes in order (an Error is thrown), recording the parameters of each call. */
function scripted(...outcomes: (StepResult<string> | Error)[]) {
  const calls: Readonly<Record<string, unknown>>[] = [];
  const run = async (params: Readonly<Record<string, unknown>>) => {
    calls.push(params);
    const next = outcomes.length > 1 ? outcomes.shift()! : outcomes[0];
    if (next instanceof Error) throw next;
    return next;
  };
  return { run, calls };
}

describe(executeStageWithRecovery.name, () => {
  let sleeps: number[];
  const options = (stage: string, agent?: string) => ({
    stage,
    agent,
    depth: 'standard' as const,
    params: { k: 1 },
    sleep: async (ms: number) => void sleeps.push(ms),
  });

  beforeEach(() => {
    sleeps = [];
  });

  it('returns a first-time success untouched (skipped counts as success)', async () => {
    const sut = scripted(skip('nothing to do'));
    expect(await executeStageWithRecovery(sut.run, options('content_analysis'))).toEqual({
      result: skip('nothing to do'),
      outcome: 'clean',
      attempts: 1,
      errors: [],
    });
    expect(sleeps).toEqual([]);
  });

  it('retries failed results with 0.5 s, 1 s back-off and reports the recovery', async () => {
    const sut = scripted(fail('processing', 'a'), fail('processing', 'b'), ok('done'));
    expect(await executeStageWithRecovery(sut.run, options('content_analysis'))).toMatchObject({
      result: ok('done'),
      outcome: 'recovered',
      attempts: 3,
      errors: [],
    });
    expect(sleeps).toEqual([500, 1000]);
  });

  it('stops after 3 retries with the last failed result', async () => {
    const sut = scripted(fail('processing', 'still failing'));
    const report = await executeStageWithRecovery(sut.run, options('content_analysis'));
    expect(report).toMatchObject({
      result: { status: 'error', error: 'still failing' },
      outcome: 'failed',
      attempts: 4,
    });
    expect(sleeps).toEqual([500, 1000, 1500]);
  });

  it('aborts on a critical error: internal, not retryable, one attempt', async () => {
    const report = await executeStageWithRecovery(
      scripted(new Error('JavaScript heap out of memory')).run,
      options('content_analysis'),
    );
    expect(report).toMatchObject({
      result: {
        status: 'error',
        category: 'internal',
        retryable: false,
        error: 'content_analysis failed (critical, abort): JavaScript heap out of memory',
      },
      outcome: 'failed',
      attempts: 1,
      errors: [{ retryCount: 0, severity: 'critical', strategy: 'abort' }],
    });
  });

  it('HIGH: two simplified retries, then graceful degradation with the fallback tool', async () => {
    const sut = scripted(new Error('download timed out'));
    const report = await executeStageWithRecovery(sut.run, options('content_acquisition', 'acquisition_specialist'));
    expect(report).toMatchObject({
      result: {
        status: 'ok',
        data: { degradedExecution: true, degradationLevel: 'partial', fallbackTool: 'pipeline' },
      },
      outcome: 'degraded',
      attempts: 3,
    });
    expect(report.errors.map((e) => e.strategy)).toEqual(['retry', 'retry', 'graceful_degradation']);
    expect(sut.calls[0]).toEqual({ k: 1 });
    expect(sut.calls[1]).toEqual({
      k: 1,
      reducedComplexity: true,
      skipOptionalAnalysis: true,
      useCachedResults: true,
      minimalValidation: true,
    });
    expect(sleeps).toEqual([]);
  });

  it('MEDIUM: retries once with the fallback tool and reports a recovery when that works', async () => {
    const sut = scripted(new Error('agent unavailable'), ok('via tool'));
    expect(
      await executeStageWithRecovery(sut.run, options('information_verification', 'verification_director')),
    ).toMatchObject({
      result: ok('via tool'),
      outcome: 'recovered',
      attempts: 2,
    });
    expect(sut.calls[1]).toEqual({ k: 1, fallbackTool: 'fact_check' });
  });

  it('MEDIUM: stops with a retryable processing error when the fallback attempt throws too', async () => {
    const report = await executeStageWithRecovery(
      scripted(new Error('nope')).run,
      options('information_verification', 'verification_director'),
    );
    expect(report).toMatchObject({
      result: {
        status: 'error',
        category: 'processing',
        retryable: true,
        error: 'information_verification failed (medium, fallback_tool): nope',
      },
      outcome: 'failed',
      attempts: 2,
    });
    expect(report.errors).toHaveLength(2);
  });

  it('LOW: one simplified retry; a non-Error throw is described by its string form', async () => {
    const sut = scripted(ok('x'));
    const throwing = async (params: Readonly<Record<string, unknown>>) => {
      if (sut.calls.length === 0) {
        sut.calls.push(params);
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: a non-Error throw
        throw 'flaky';
      }
      return sut.run(params);
    };
    const report = await executeStageWithRecovery(throwing, options('ai_enhanced_quality_assessment'));
    expect(report).toMatchObject({
      result: ok('x'),
      outcome: 'recovered',
      attempts: 2,
      errors: [{ severity: 'low', strategy: 'simplified_execution', message: 'flaky' }],
    });
    expect(sut.calls[1]).toMatchObject({ k: 1, reducedComplexity: true });
  });
});
