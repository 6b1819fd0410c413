import type { StepError } from '../result/step-result';

/** Thrown by {@link resilient} and `@Resilient()` when the protected work failed; carries the error result. */
export class ResilienceFailure extends Error {
  constructor(readonly result: StepError) {
    super(result.error);
    this.name = 'ResilienceFailure';
  }

  static is(e: unknown): e is ResilienceFailure {
    return e instanceof ResilienceFailure;
  }
}
