import { SingleBar } from 'cli-progress';
import { clearLine, cursorTo } from 'node:readline';
import { progressBar, type ProgressOptions, type ProgressPort } from '../ports/progress.port';

export interface CliProgressBarOptions {
  /** Where to draw (default `process.stderr`). */
  readonly stream?: NodeJS.WritableStream;
  /**
   * On a stream that is not a terminal (a log file, a pipe) each change is written as its own line, and the bar is
   * repeated at this interval while it runs, as a heartbeat (default 10 000 ms).
   */
  readonly notTtyIntervalMs?: number;
}

/**
 * Progress on a terminal: calls with a `step` draw a cli-progress bar (`message ██░░░░░░░░ 1/5`, the same cells as
 * {@link progressBar}); the bar stops, ending its line, when `current` reaches `total`. Calls without a step are
 * written as lines (above the bar while one is running). `post` and `edit` behave alike, `ephemeral` is ignored
 * (a terminal has a single reader) and the sink is always open.
 *
 * A bar left unfinished keeps a redraw timer: call {@link CliProgressBar.stop} when abandoning a run.
 *
 * @example
 * const progress = new CliProgressBar();
 * await progress.post('Transcribing', { step: { current: 1, total: 5 } });
 */
export class CliProgressBar implements ProgressPort {
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly bar: SingleBar;

  constructor(options: CliProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.bar = new SingleBar({
      stream: this.stream,
      format: (_options, params, payload: { message?: string }) =>
        barLine(payload.message ?? '', params.value, params.total),
      noTTYOutput: true,
      notTTYSchedule: options.notTtyIntervalMs ?? 10_000,
      // Text lines printed above a running bar must be followed by a full redraw, even if the bar did not change.
      forceRedraw: true,
      gracefulExit: false,
    });
  }

  async post(text: string, options?: ProgressOptions): Promise<void> {
    this.show(text, options);
  }

  async edit(text: string, options?: ProgressOptions): Promise<void> {
    this.show(text, options);
  }

  isOpen(): boolean {
    return true;
  }

  /** Ends a running bar where it is (no-op when none runs). */
  stop(): void {
    if (this.bar.isActive) this.bar.stop();
  }

  private show(text: string, options: ProgressOptions | undefined): void {
    const step = options?.step;
    if (!step) {
      this.writeLine(text);
      return;
    }
    // A bar is one line: only the message's first line is kept (with a step, the text is `progressText`'s
    // "message\n`bar` n/total", whose second line this bar draws itself).
    const payload = { message: text.split('\n')[0].replace(/\s+/g, ' ').trim() };
    if (!this.bar.isActive && step.current >= step.total) {
      // Already complete: starting and stopping a bar would draw the same line twice.
      this.writeLine(barLine(payload.message, step.current, step.total));
      return;
    }
    if (!this.bar.isActive) {
      this.bar.start(step.total, step.current, payload);
    } else {
      this.bar.setTotal(step.total);
      this.bar.update(step.current, payload);
      // In non-TTY mode cli-progress only draws on its schedule; every step should be visible at once.
      if (step.current < step.total) this.bar.render();
    }
    if (step.current >= step.total) this.bar.stop();
  }

  private writeLine(text: string): void {
    const overBar = this.bar.isActive && this.stream.isTTY === true;
    if (overBar) {
      clearLine(this.stream, 0);
      cursorTo(this.stream, 0);
    }
    this.stream.write(`${text}\n`);
    if (overBar) this.bar.render();
  }
}

function barLine(message: string, current: number, total: number): string {
  return `${message} ${progressBar(current, total)} ${current}/${total}`;
}
