import type { Logger } from '@nestjs/common';
import type { Clock } from '../../core/runtime/clock';
import type { ProgressOptions, ProgressPort } from '../crew';
import type { ProgressEvent } from './autointel.types';

/**
 * The progress of one run: every post and edit becomes a numbered {@link ProgressEvent}, handed to `record`
 * (which stores it with the run and tells the event streams), then to the optional extra adapters (a Discord
 * webhook). An extra adapter failing is logged and does not affect the run or its record.
 */
export class RunProgress implements ProgressPort {
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly record: (event: ProgressEvent) => Promise<void>,
    private readonly extras: readonly ProgressPort[],
    private readonly logger: Logger,
    /** Added to each log line: the run's workflow, tenant and request ids. */
    private readonly logFields: Readonly<Record<string, unknown>> = {},
  ) {}

  post(text: string, options: ProgressOptions = {}): Promise<void> {
    return this.send('post', text, options);
  }

  edit(text: string, options: ProgressOptions = {}): Promise<void> {
    return this.send('edit', text, options);
  }

  isOpen(): boolean {
    return true;
  }

  private async send(kind: 'post' | 'edit', text: string, options: ProgressOptions): Promise<void> {
    const event: ProgressEvent = {
      seq: ++this.seq,
      at: this.clock.now(),
      kind,
      text,
      ephemeral: options.ephemeral ?? false,
      step: options.step ?? null,
    };
    await this.record(event);
    for (const extra of this.extras) {
      if (!extra.isOpen()) continue;
      try {
        await (kind === 'post' ? extra.post(text, options) : extra.edit(text, options));
      } catch (e) {
        this.logger.warn({ event: 'progress_adapter_failed', ...this.logFields, kind, error: (e as Error).message });
      }
    }
  }
}
