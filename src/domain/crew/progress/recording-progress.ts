import type { ProgressOptions, ProgressPort } from '../ports/progress.port';

/** One call received by a {@link RecordingProgress}. */
export interface RecordedProgress {
  readonly kind: 'post' | 'edit';
  readonly text: string;
  readonly ephemeral: boolean;
  readonly step: { readonly current: number; readonly total: number } | null;
}

/**
 * An in-memory progress sink for tests: keeps every call in order, with switches to simulate a failing or closed
 * channel. Calls made while `closed` are still recorded, so a test can see that the caller kept going; calls that
 * throw are not.
 */
export class RecordingProgress implements ProgressPort {
  /** Every call, oldest first. */
  readonly calls: RecordedProgress[] = [];
  /** `edit` throws (a channel that rejects edits). */
  failEdits = false;
  /** `isOpen()` reports false. */
  closed = false;
  /** Every call throws. */
  throwAll = false;

  async post(text: string, options?: ProgressOptions): Promise<void> {
    this.record('post', text, options);
  }

  async edit(text: string, options?: ProgressOptions): Promise<void> {
    if (this.failEdits) throw new Error('RecordingProgress: edit failed (failEdits is set)');
    this.record('edit', text, options);
  }

  isOpen(): boolean {
    if (this.throwAll) throw new Error('RecordingProgress: isOpen failed (throwAll is set)');
    return !this.closed;
  }

  /** The texts received, oldest first. */
  get texts(): string[] {
    return this.calls.map((call) => call.text);
  }

  private record(kind: RecordedProgress['kind'], text: string, options: ProgressOptions | undefined): void {
    if (this.throwAll) throw new Error(`RecordingProgress: ${kind} failed (throwAll is set)`);
    const step = options?.step ? { current: options.step.current, total: options.step.total } : null;
    this.calls.push({ kind, text, ephemeral: options?.ephemeral ?? false, step });
  }
}
