import type { ExecuteOptions, ResiliencePort, ResilientOperation } from '../../core/ports/resilience.port';
import { ResilienceFailure } from '../../core/resilience/resilience-failure.error';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { resilientCall } from './resilient-call';

/** A resilience port that records each call and answers with `answer`, running the work once when it is ok. */
function recordingPort(answer: 'run' | StepResult<never>) {
  const calls: { service: string; options: ExecuteOptions<unknown> | undefined }[] = [];
  const port: ResiliencePort = {
    execute: async <T>(service: string, primary: unknown, options?: ExecuteOptions<T>) => {
      calls.push({ service, options });
      if (answer !== 'run') return answer;
      const value = await (primary as ResilientOperation<T>)(options?.signal ?? new AbortController().signal);
      return ok({ service, strategy: 'circuit_breaker' as const, value, degraded: false, attempts: 1, executionMs: 0 });
    },
  };
  return { port, calls };
}

describe(resilientCall.name, () => {
  it('calls the work directly, with a live signal, when no module provides the resilience port', async () => {
    const sut = resilientCall(() => undefined, 'content.llm');
    const signals: AbortSignal[] = [];
    const value = await sut(async (signal) => {
      signals.push(signal);
      return 'direct';
    });
    expect(value).toBe('direct');
    expect(signals).toHaveLength(1);
    expect(signals[0].aborted).toBe(false);
  });

  it('passes the caller’s signal to the work when no port is provided', async () => {
    const sut = resilientCall(() => undefined, 'content.llm');
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await sut(async (signal) => (seen = signal), controller.signal);
    expect(seen).toBe(controller.signal);
  });

  it('runs the work through the port as the service, with a circuit breaker and one retry after 200 ms', async () => {
    const { port, calls } = recordingPort('run');
    const sut = resilientCall(() => port, 'content.discord');
    const controller = new AbortController();
    const value = await sut(async () => 42, controller.signal);
    expect(value).toBe(42);
    expect(calls).toEqual([
      {
        service: 'content.discord',
        options: { strategy: 'circuit_breaker', signal: controller.signal, retry: { attempts: 2, baseDelayMs: 200 } },
      },
    ]);
  });

  it('throws a ResilienceFailure with the port’s message when the protected work failed', async () => {
    const { port } = recordingPort(fail('unavailable', 'content.google-fact-check: circuit open', { retryable: true }));
    const sut = resilientCall(() => port, 'content.google-fact-check');
    const failure = await sut(async () => 'never').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ResilienceFailure);
    expect((failure as ResilienceFailure).message).toBe('content.google-fact-check: circuit open');
    expect((failure as ResilienceFailure).result.category).toBe('unavailable');
  });

  it('asks for the port on every call, so a port provided later is used from then on', async () => {
    const { port, calls } = recordingPort('run');
    const provided: { port?: ResiliencePort } = {};
    const sut = resilientCall(() => provided.port, 'content.llm');
    expect(await sut(async () => 'first')).toBe('first');
    provided.port = port;
    expect(await sut(async () => 'second')).toBe('second');
    expect(calls.map((c) => c.service)).toEqual(['content.llm']);
  });
});
