import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Clock } from '../../../core/runtime/clock';

/** One-shot timers by name, for the in-process scheduler (one per source, plus the drain). */
export interface CheckTimers {
  /** Calls `fire` at `at` (epoch ms), replacing a timer of the same name. */
  set(name: string, at: number, fire: () => void): void;
  clear(name: string): void;
}

/** Longest delay `setTimeout` takes; a later time is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * {@link CheckTimers} registered in `@nestjs/schedule`'s `SchedulerRegistry` as named timeouts (so they are listed
 * with the application's other jobs). A timer that wakes early (a long delay cut in steps, a clock that moved)
 * sets itself again.
 */
export class RegistryCheckTimers implements CheckTimers {
  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly clock: Clock,
  ) {}

  set(name: string, at: number, fire: () => void): void {
    this.clear(name);
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at - this.clock.now()));
    const handle = setTimeout(() => {
      if (this.registry.doesExist('timeout', name)) this.registry.deleteTimeout(name);
      if (this.clock.now() < at) return this.set(name, at, fire);
      fire();
    }, delay);
    this.registry.addTimeout(name, handle);
  }

  clear(name: string): void {
    if (this.registry.doesExist('timeout', name)) this.registry.deleteTimeout(name);
  }
}
