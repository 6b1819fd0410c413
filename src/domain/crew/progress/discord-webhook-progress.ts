import type { WebhookSignerPort } from '../../../core/ports/webhook-signer.port';
import type { ProgressOptions, ProgressPort } from '../ports/progress.port';

/** Discord rejects message content longer than this. */
export const DISCORD_CONTENT_LIMIT = 2000;

export interface DiscordWebhookProgressOptions {
  /** `https://discord.com/api/webhooks/<id>/<token>`, optionally with `?thread_id=…`. It holds a secret token. */
  readonly webhookUrl: string;
  /** Per request, including a wait for a rate limit (default 5000 ms). */
  readonly timeoutMs?: number;
  /** HTTP client (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /**
   * The signer of outgoing webhooks, asked on every request (so it may be resolved lazily); when it is absent or
   * returns no headers the request goes out unsigned.
   */
  readonly signer?: () => WebhookSignerPort | undefined;
}

/**
 * Posts progress to a Discord channel through a webhook (opt-in: `content.discordWebhookUrl`). `post` sends a new
 * message and remembers its id; `edit` rewrites that message (an edit before any post is a post). Text longer than
 * Discord's 2000 characters is cut, ending with `…`; `step` is ignored (pass a {@link progressText} string).
 *
 * - Ephemeral calls are skipped: a webhook cannot show a message to one user only, and ephemeral text is meant for
 *   the invoker alone, so it is not published.
 * - A 404 on edit (the message or webhook was deleted) closes the session: `isOpen()` turns false and later calls
 *   do nothing.
 * - HTTP 429: the call waits the `retry_after` seconds of the response body and tries once more; a second 429 throws.
 * - Other failures throw an Error with the method, status and the start of the body. Errors never contain the
 *   webhook URL, whose path carries the token.
 * - With a `signer`, every request carries the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
 *   `webhook-signature`) over the exact body sent. The request after a 429 is signed again, under a new id: the
 *   receiver refused the first one, and a receiver that had already accepted its id would refuse it as a replay.
 *
 * Calls are sent one at a time, in order, so an edit issued while a post is in flight edits that post.
 */
export class DiscordWebhookProgress implements ProgressPort {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly signer: () => WebhookSignerPort | undefined;
  private messageId: string | null = null;
  private open = true;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DiscordWebhookProgressOptions) {
    let url: URL;
    try {
      url = new URL(options.webhookUrl);
    } catch {
      throw new Error('DiscordWebhookProgress: webhookUrl is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`DiscordWebhookProgress: webhookUrl must be http(s), got ${url.protocol}`);
    }
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.signer = options.signer ?? (() => undefined);
  }

  async post(text: string, options?: ProgressOptions): Promise<void> {
    await this.enqueue(options, () => this.send(text));
  }

  async edit(text: string, options?: ProgressOptions): Promise<void> {
    await this.enqueue(options, () => (this.messageId === null ? this.send(text) : this.update(this.messageId, text)));
  }

  isOpen(): boolean {
    return this.open;
  }

  private enqueue(options: ProgressOptions | undefined, call: () => Promise<void>): Promise<void> {
    if (options?.ephemeral) return Promise.resolve();
    const run = this.queue.then(() => (this.open ? call() : undefined));
    // A failed call must not block the ones after it; the caller still sees its own failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(text: string): Promise<void> {
    const url = new URL(this.url);
    url.searchParams.set('wait', 'true');
    const response = await this.request('POST', url, text);
    // Without an id (a proxy that drops the body) the next edit posts a new message instead of failing.
    const body = (await response.json().catch(() => ({}))) as { id?: unknown };
    this.messageId = typeof body.id === 'string' ? body.id : null;
  }

  private async update(id: string, text: string): Promise<void> {
    const url = new URL(this.url);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/messages/${encodeURIComponent(id)}`;
    const response = await this.request('PATCH', url, text, true);
    if (response.status === 404) this.open = false;
    await response.body?.cancel();
  }

  /** Sends the content, waiting out one rate limit; resolves with a 2xx response, or a 404 when `allow404`. */
  private async request(method: 'POST' | 'PATCH', url: URL, text: string, allow404 = false): Promise<Response> {
    const deadline = Date.now() + this.timeoutMs;
    const body = JSON.stringify({ content: truncateContent(text) });
    const signal = AbortSignal.timeout(this.timeoutMs);
    const send = () =>
      this.fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...this.signer()?.headersFor(body) },
        body,
        signal,
      });
    let response = await send();
    if (response.status === 429) {
      const waitMs = await retryAfterMs(response);
      if (Date.now() + waitMs >= deadline) {
        throw new Error(
          `Discord webhook ${method} failed: rate limited (HTTP 429) for ${waitMs} ms, beyond the ${this.timeoutMs} ms timeout`,
        );
      }
      await sleep(waitMs);
      response = await send();
      if (response.status === 429) {
        await response.body?.cancel();
        throw new Error(`Discord webhook ${method} failed: still rate limited (HTTP 429) after waiting once`);
      }
    }
    if (response.ok || (allow404 && response.status === 404)) return response;
    const excerpt = (await response.text()).slice(0, 200);
    throw new Error(`Discord webhook ${method} failed: HTTP ${response.status}: ${excerpt}`);
  }
}

/**
 * Cuts `text` to Discord's limit, ending with `…`. Counted in UTF-16 units (never more than Discord's count in
 * characters) and never splitting a surrogate pair.
 */
export function truncateContent(text: string, limit = DISCORD_CONTENT_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

async function retryAfterMs(response: Response): Promise<number> {
  const body = (await response.json().catch(() => ({}))) as { retry_after?: unknown };
  const seconds = typeof body.retry_after === 'number' && body.retry_after >= 0 ? body.retry_after : 1;
  return Math.ceil(seconds * 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
