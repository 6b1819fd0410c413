/** How a progress message is shown. */
export interface ProgressOptions {
  /** Meant for the invoker only; adapters that cannot target one person decide how to honour it (see each adapter). */
  readonly ephemeral?: boolean;
  /** Position in a run of steps: structured adapters draw a bar from it, text-only adapters ignore it. */
  readonly step?: { readonly current: number; readonly total: number };
}

/**
 * Where a run reports its progress: a first message, then edits of it. Adapters are best-effort sinks; a closed
 * session (the message was deleted, the channel went away) reports `isOpen() === false` and ignores later calls.
 */
export interface ProgressPort {
  /** Starts a new progress message. */
  post(text: string, options?: ProgressOptions): Promise<void>;
  /** Replaces the last progress message; adapters with nothing to replace post instead. */
  edit(text: string, options?: ProgressOptions): Promise<void>;
  /** False once the adapter can no longer show anything. */
  isOpen(): boolean;
}

/** Number of cells of {@link progressBar}. */
export const PROGRESS_BAR_CELLS = 10;

/**
 * A text bar of {@link PROGRESS_BAR_CELLS} cells: `floor(current · cells / total)` filled (`█`), the rest empty
 * (`░`). Out-of-range values are clamped; a total of 0 or less gives an empty bar.
 *
 * @example progressBar(1, 5) // '██░░░░░░░░'
 */
export function progressBar(current: number, total: number): string {
  const raw = total > 0 ? Math.floor((current * PROGRESS_BAR_CELLS) / total) : 0;
  const filled = Math.min(PROGRESS_BAR_CELLS, Math.max(0, raw));
  return '█'.repeat(filled) + '░'.repeat(PROGRESS_BAR_CELLS - filled);
}

/**
 * The text form of a progress step: the message, then on its own line the bar in backticks (monospace in chat
 * markdown) and `current/total`.
 *
 * @example progressText('Transcribing', 1, 5) // 'Transcribing\n`██░░░░░░░░` 1/5'
 */
export function progressText(message: string, current: number, total: number): string {
  return `${message}\n\`${progressBar(current, total)}\` ${current}/${total}`;
}

/** A progress sink that shows nothing and is always open: the default when no adapter is configured. */
export class NullProgress implements ProgressPort {
  async post(): Promise<void> {}

  async edit(): Promise<void> {}

  isOpen(): boolean {
    return true;
  }
}
