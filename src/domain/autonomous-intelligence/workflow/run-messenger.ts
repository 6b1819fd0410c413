import { chunkMessage, formatProgress, type ProgressPort } from '../../crew';

/** Where a message that could not be shown is reported: a log line and the closed-session counter. */
export interface MessengerSinks {
  readonly log: (fields: Record<string, unknown>) => void;
  readonly sessionClosed: (stage: string) => void;
}

/** The run's error message (a red embed in the original) as text: title, failed stage, details cut to 500 chars. */
export function errorMessage(stage: string, error: string): string {
  const details = error.length > 500 ? `${error.slice(0, 500)}…` : error;
  return `❌ Autonomous intelligence error\nFailed stage: ${stage}\nDetails: ${details}`;
}

const snake = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');

/**
 * The messages of one run: every progress update is a new post (never an edit) in the 🟢 format; a
 * closed session turns posts into logs; a failing post is logged and skipped, never failing the run. `sent` keeps
 * what was shown, in order, for the result's `messages`.
 */
export class RunMessenger {
  readonly sent: string[] = [];

  constructor(
    private readonly port: ProgressPort | undefined,
    private readonly sinks: MessengerSinks,
  ) {}

  get open(): boolean {
    return this.port === undefined || this.port.isOpen();
  }

  /** A progress update `current/total`. */
  async progress(message: string, current: number, total: number): Promise<void> {
    await this.send(formatProgress(message, current, total), { step: { current, total } }, 'progress');
  }

  /** A long text, in 1 900-character slices. */
  async long(text: string): Promise<void> {
    for (const chunk of chunkMessage(text)) await this.send(chunk, {}, 'result');
  }

  /** A plain message, such as the cost notice. */
  async note(text: string, ephemeral = false): Promise<void> {
    await this.send(text, { ephemeral }, 'note');
  }

  /** The error message for a failed stage; with the session closed it becomes a log line and a counter. */
  async error(stage: string, error: string): Promise<void> {
    const text = errorMessage(stage, error);
    if (!this.open) {
      this.sinks.sessionClosed(`error_response_${snake(stage)}`);
      this.sinks.log({ event: 'autointel_error_not_shown', stage, error });
      return;
    }
    await this.send(text, { ephemeral: true }, 'error');
  }

  private async send(
    text: string,
    options: { ephemeral?: boolean; step?: { current: number; total: number } },
    kind: string,
  ): Promise<void> {
    if (!this.port) {
      this.sent.push(text);
      return;
    }
    if (!this.port.isOpen()) {
      this.sinks.log({ event: 'autointel_message_skipped', reason: 'session_closed', kind });
      return;
    }
    try {
      await this.port.post(text, options);
      this.sent.push(text);
    } catch (e) {
      this.sinks.log({ event: 'autointel_message_failed', kind, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
