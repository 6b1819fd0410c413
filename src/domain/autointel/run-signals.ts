import { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import type { AutointelRepository } from './autointel.repository';
import { FINISHED, type ProgressEvent, type RunRecord, type RunSignal } from './autointel.types';

/** An SSE message: `progress` events, then one `done` with the finished run. */
export interface RunMessage {
  readonly type: 'progress' | 'done';
  readonly data: ProgressEvent | RunRecord;
}

/**
 * What is said about runs while they go: each progress event and status change is told to this instance's
 * subscribers, or to every instance's through the Redis channel (which echoes to this one); waiters and event
 * streams read the stored run and follow the signals.
 */
export class RunSignals {
  private readonly local = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly runs: AutointelRepository,
    private readonly channel: MessageChannel<RunSignal> | null,
    private readonly logger: Logger,
  ) {}

  /** Starts hearing the other instances (Redis mode). */
  async subscribe(): Promise<void> {
    await this.channel?.subscribe((signal) => this.local.emit(signal.workflowId, signal));
  }

  async close(): Promise<void> {
    await this.channel?.close();
  }

  /** Tells this instance's subscribers, or every instance's through the channel (which echoes to this one). */
  signal(signal: RunSignal): void {
    if (!this.channel) {
      this.local.emit(signal.workflowId, signal);
      return;
    }
    this.channel.publish(signal).catch((e: Error) => {
      this.logger.warn({ event: 'autointel_signal_failed', workflow_id: signal.workflowId, error: e.message });
      this.local.emit(signal.workflowId, signal);
    });
  }

  /** The run once finished, or as it is after `timeoutMs`. */
  async waitFor(tenantId: string, workflowId: string, timeoutMs: number): Promise<RunRecord | undefined> {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const listener = (signal: RunSignal) => 'status' in signal && FINISHED.has(signal.status) && finish();
    this.local.on(workflowId, listener);
    const timer = setTimeout(finish, timeoutMs);
    try {
      const now = await this.runs.get(tenantId, workflowId);
      if (!now || FINISHED.has(now.status)) return now;
      await finished;
      return await this.runs.get(tenantId, workflowId);
    } finally {
      clearTimeout(timer);
      this.local.off(workflowId, listener);
    }
  }

  /** The run's progress: stored events first, then live ones, then `done` with the finished run. */
  messages(run: RunRecord): Observable<RunMessage> {
    return new Observable<RunMessage>((subscriber) => {
      let lastSeq = 0;
      let replayed = false;
      const pending: RunSignal[] = [];
      const progress = (event: ProgressEvent) => {
        if (event.seq <= lastSeq) return;
        lastSeq = event.seq;
        subscriber.next({ type: 'progress', data: event });
      };
      const done = async () => {
        const final = await this.runs.get(run.tenantId, run.workflowId);
        if (final) for (const e of final.events) progress(e);
        subscriber.next({ type: 'done', data: final ?? run });
        subscriber.complete();
      };
      const handle = (signal: RunSignal) => {
        if (!replayed) return void pending.push(signal);
        if ('event' in signal) progress(signal.event);
        else if (FINISHED.has(signal.status)) void done();
      };
      this.local.on(run.workflowId, handle);
      void (async () => {
        const current = (await this.runs.get(run.tenantId, run.workflowId)) ?? run;
        for (const e of current.events) progress(e);
        replayed = true;
        if (FINISHED.has(current.status)) return done();
        for (const s of pending.splice(0)) handle(s);
      })().catch((e: unknown) => subscriber.error(e));
      return () => this.local.off(run.workflowId, handle);
    });
  }
}
