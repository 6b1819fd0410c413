import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { DEFAULT_ADDRESS_POLICY } from '../../../core/http/address-guard';
import type { ExecuteOptions, ResiliencePort, ResilientOperation } from '../../../core/ports/resilience.port';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { ManualClock } from '../../../core/runtime/clock';
import { FeedFetcher, type FeedFetcherOptions } from './feed-fetcher';

const LOOPBACK = { allowedCidrs: ['127.0.0.1/32'] };
const NONE = { etag: null, lastModified: null };
const START = Date.parse('2024-05-01T10:00:00Z');
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://example.org/</link>
<item><title>One</title><link>https://example.org/1</link><guid>one</guid></item></channel></rss>`;
const MiB = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

describe(FeedFetcher.name, () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let seen: Seen[];
  let clock: ManualClock;
  let sut: FeedFetcher;
  const signal = new AbortController().signal;

  const make = (options: Partial<FeedFetcherOptions> = {}): FeedFetcher =>
    new FeedFetcher({ policy: LOOPBACK, clock, backoff: { baseMs: 1000, maxMs: 3000 }, ...options });
  const url = (path: string): URL => new URL(path, base);
  const send = (res: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}, status = 200) =>
    void res.writeHead(status, { 'content-type': 'application/rss+xml', ...headers }).end(body);

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    clock = new ManualClock(START);
    sut = make();
    handler = (_req, res) => send(res, RSS);
  });
  afterEach(() => sut.close());

  describe('fetch', () => {
    it('sends the ETag and Last-Modified back exactly and reads a 304 as not modified', async () => {
      const etag = 'W/"5f-Ab+/c=="';
      const lastModified = 'Wed, 01 May 2024 09:58:07 GMT';
      handler = (req, res) =>
        req.headers['if-none-match'] === etag
          ? void res.writeHead(304, { etag }).end()
          : send(res, RSS, { etag, 'last-modified': lastModified });

      const first = await sut.fetch(url('/feed'), NONE, signal);
      expect(first).toMatchObject({ status: 'fetched', httpStatus: 200, bytes: Buffer.byteLength(RSS) });
      if (first.status !== 'fetched') throw new Error('fetched expected');
      expect(first.validators).toEqual({ etag, lastModified });
      expect(first.body.toString('utf8')).toBe(RSS);

      const second = await sut.fetch(url('/feed'), first.validators, signal);
      expect(second).toEqual({ status: 'not_modified', httpStatus: 304, bytes: 0 });
      expect(seen[0].headers['if-none-match']).toBeUndefined();
      expect(seen[0].headers['if-modified-since']).toBeUndefined();
      expect(seen[1].headers['if-none-match']).toBe(etag);
      expect(seen[1].headers['if-modified-since']).toBe(lastModified);
    });

    it('asks for compression and names itself', async () => {
      await sut.fetch(url('/feed'), NONE, signal);
      expect(seen[0].headers['accept-encoding']).toBe('gzip, deflate, br');
      expect(seen[0].headers['user-agent']).toBe('crew-orchestrator/0.1 (+feed monitoring)');
      expect(seen[0].headers.accept).toContain('application/atom+xml');
    });

    it.each([
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ])('decodes a %s body and reports the smaller wire size', async (encoding, compress) => {
      const big = RSS.replace('<item>', '<item>'.padEnd(20_000, ' '));
      const wire = compress(Buffer.from(big));
      handler = (_req, res) => send(res, wire, { 'content-encoding': encoding });
      const result = await sut.fetch(url('/feed'), NONE, signal);
      expect(result).toMatchObject({ status: 'fetched', bytes: wire.length });
      if (result.status !== 'fetched') throw new Error('fetched expected');
      expect(result.body.toString('utf8')).toBe(big);
      expect(result.bytes).toBeLessThan(result.body.length);
    });

    it('reads a body that cannot be decompressed as malformed', async () => {
      handler = (_req, res) => send(res, 'not gzip at all', { 'content-encoding': 'gzip' });
      const result = await sut.fetch(url('/feed'), NONE, signal);
      expect(result).toMatchObject({ status: 'error', kind: 'malformed', httpStatus: 200 });
      if (result.status !== 'error') throw new Error('error expected');
      expect(result.message).toBe(`GET ${base}/feed: the gzip body cannot be decompressed`);
    });
  });

  describe('politeness', () => {
    it('honours 429 with Retry-After: 120, sending nothing before it passes', async () => {
      let calls = 0;
      handler = (_req, res) => (++calls === 1 ? send(res, 'slow down', { 'retry-after': '120' }, 429) : send(res, RSS));

      expect(await sut.fetch(url('/feed'), NONE, signal)).toEqual({
        status: 'error',
        kind: 'rate_limited',
        message: `GET ${base}/feed: HTTP 429`,
        httpStatus: 429,
        retryAfterMs: 120_000,
        bytes: 9,
      });
      const refused = await sut.fetch(url('/feed'), NONE, signal);
      expect(refused).toMatchObject({ status: 'error', kind: 'rate_limited', httpStatus: null, retryAfterMs: 120_000 });
      clock.advance(119_999);
      expect(await sut.fetch(url('/other-path'), NONE, signal)).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 1,
      });
      expect(seen).toHaveLength(1);

      clock.advance(1);
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ status: 'fetched', httpStatus: 200 });
      expect(seen).toHaveLength(2);
    });

    it('reads a 503 with a Retry-After date as rate limited until that date', async () => {
      handler = (_req, res) => send(res, '', { 'retry-after': 'Wed, 01 May 2024 10:01:30 GMT' }, 503);
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({
        kind: 'rate_limited',
        httpStatus: 503,
        retryAfterMs: 90_000,
      });
      expect(sut.backoff.pausedUntil(new URL(base).host)).toEqual({
        until: START + 90_000,
        reason: 'rate_limited',
        failures: 0,
      });
    });

    it('backs off after a 503 and recovers once the pause is over', async () => {
      let calls = 0;
      handler = (_req, res) => (++calls === 1 ? send(res, 'down', {}, 503) : send(res, RSS));
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({
        status: 'error',
        kind: 'http',
        httpStatus: 503,
        retryAfterMs: null,
      });
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ kind: 'http', retryAfterMs: 1000 });
      expect(seen).toHaveLength(1);

      clock.advance(1000);
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ status: 'fetched', httpStatus: 200 });
      expect(sut.backoff.pausedUntil(new URL(base).host)).toBeUndefined();
      expect(seen).toHaveLength(2);
    });

    it('doubles the pause on each 5xx in a row, up to the cap', async () => {
      handler = (_req, res) => send(res, 'down', {}, 500);
      const pauses: number[] = [];
      for (let i = 0; i < 4; i++) {
        await sut.fetch(url('/feed'), NONE, signal);
        const pause = sut.backoff.pausedUntil(new URL(base).host);
        pauses.push((pause?.until ?? 0) - clock.now());
        clock.advance(pauses[i]);
      }
      expect(pauses).toEqual([1000, 2000, 3000, 3000]);
      expect(seen).toHaveLength(4);
    });

    it('does not pause a host for a 404', async () => {
      handler = (_req, res) => send(res, 'gone', {}, 404);
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ kind: 'http', httpStatus: 404, bytes: 4 });
      expect(sut.backoff.pausedUntil(new URL(base).host)).toBeUndefined();
    });
  });

  describe('limits', () => {
    it('cuts a 20 MB streamed feed at a 1 MiB cap and closes the connection early', async () => {
      sut = make({ maxBytes: MiB });
      let sent = 0;
      let finished = false;
      const closed = new Promise<void>((resolve) => {
        handler = (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.on('close', () => resolve());
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = (): void => {
            while (sent < 20 * MiB && !res.destroyed) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            if (!res.destroyed) {
              finished = true;
              res.end();
            }
          };
          pump();
        };
      });
      const result = await sut.fetch(url('/huge'), NONE, signal);
      await closed;
      expect(result).toMatchObject({ status: 'error', kind: 'too_large', httpStatus: 200 });
      if (result.status !== 'error') throw new Error('error expected');
      expect(result.message).toBe(`GET ${base}/huge: more than ${MiB} bytes received`);
      expect(result.bytes).toBeGreaterThan(MiB);
      expect(result.bytes).toBeLessThan(MiB + 256 * 1024);
      expect(finished).toBe(false);
      expect(sent).toBeLessThan(8 * MiB);
    });

    it('cuts a small gzip body that inflates past the cap', async () => {
      sut = make({ maxBytes: MiB });
      const bomb = gzipSync(Buffer.alloc(20 * MiB, 0x20));
      handler = (_req, res) => send(res, bomb, { 'content-encoding': 'gzip' });
      const result = await sut.fetch(url('/bomb'), NONE, signal);
      expect(result).toMatchObject({ status: 'error', kind: 'too_large', httpStatus: 200 });
      if (result.status !== 'error') throw new Error('error expected');
      expect(result.message).toBe(`GET ${base}/bomb: body exceeds the ${MiB}-byte limit once decompressed`);
      expect(result.bytes).toBeLessThanOrEqual(bomb.length);
    });

    it('refuses a declared Content-Length over the cap without reading the body', async () => {
      sut = make({ maxBytes: 1024 });
      handler = (_req, res) => send(res, 'x'.repeat(2048), { 'content-length': '2048' });
      expect(await sut.fetch(url('/feed'), NONE, signal)).toEqual({
        status: 'error',
        kind: 'too_large',
        message: `GET ${base}/feed: Content-Length 2048 exceeds the 1024-byte limit`,
        httpStatus: 200,
        retryAfterMs: null,
        bytes: 0,
      });
    });

    it('gives up on a server that does not answer in time', async () => {
      sut = make({ timeoutMs: 200 });
      handler = () => undefined;
      expect(await sut.fetch(url('/silent'), NONE, signal)).toEqual({
        status: 'error',
        kind: 'timeout',
        message: `GET ${base}/silent: no complete response within 200 ms`,
        httpStatus: null,
        retryAfterMs: null,
        bytes: 0,
      });
      expect(sut.backoff.pausedUntil(new URL(base).host)).toMatchObject({ reason: 'timeout', failures: 1 });
    });

    it('stops when the caller aborts, without pausing the host', async () => {
      handler = () => undefined;
      const caller = new AbortController();
      setTimeout(() => caller.abort(), 50);
      expect(await sut.fetch(url('/silent'), NONE, caller.signal)).toMatchObject({
        kind: 'unreachable',
        message: `GET ${base}/silent: aborted by the caller`,
      });
      expect(sut.backoff.pausedUntil(new URL(base).host)).toBeUndefined();
    });

    it('follows redirects up to the limit', async () => {
      sut = make({ maxRedirects: 1 });
      handler = (req, res) => {
        const hops = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
        if (hops > 0) return void res.writeHead(302, { location: `/hop/${hops - 1}` }).end();
        send(res, RSS);
      };
      expect(await sut.fetch(url('/hop/1'), NONE, signal)).toMatchObject({ status: 'fetched', url: url('/hop/0') });
      expect(await sut.fetch(url('/hop/2'), NONE, signal)).toMatchObject({
        status: 'error',
        kind: 'http',
        message: `GET ${base}/hop/2: more than 1 redirects (the last to ${base}/hop/0)`,
        httpStatus: 302,
      });
    });
  });

  describe('address guard', () => {
    const resolveTo =
      (address: string): LookupFunction =>
      (_host, _options, callback) =>
        callback(null, [{ address, family: 4 }]);

    it('refuses loopback when the policy does not allow it, before any request', async () => {
      sut = make({ policy: DEFAULT_ADDRESS_POLICY });
      const result = await sut.fetch(url('/feed'), NONE, signal);
      expect(result).toMatchObject({ status: 'error', kind: 'blocked', httpStatus: null });
      if (result.status !== 'error') throw new Error('error expected');
      expect(result.message).toBe(
        `GET ${base}/feed: 127.0.0.1 is in the loopback range, refused by the address policy (allowedCidrs)`,
      );
      expect(seen).toHaveLength(0);
    });

    it('refuses a name that resolves to loopback', async () => {
      sut = make({ policy: DEFAULT_ADDRESS_POLICY, lookup: resolveTo('127.0.0.1') });
      const port = new URL(base).port;
      const result = await sut.fetch(new URL(`http://feeds.test:${port}/feed`), NONE, signal);
      expect(result).toMatchObject({ status: 'error', kind: 'blocked' });
      expect(seen).toHaveLength(0);
    });

    it('refuses a redirect to a loopback address outside the allowed range', async () => {
      const port = new URL(base).port;
      handler = (req, res) =>
        req.url === '/to-literal'
          ? void res.writeHead(302, { location: `http://127.0.0.2:${port}/feed` }).end()
          : void res.writeHead(302, { location: `http://feeds.test:${port}/feed` }).end();
      const literal = await sut.fetch(url('/to-literal'), NONE, signal);
      expect(literal).toMatchObject({ status: 'error', kind: 'blocked' });
      if (literal.status !== 'error') throw new Error('error expected');
      expect(literal.message).toBe(
        `GET http://127.0.0.2:${port}/feed: 127.0.0.2 is in the loopback range, refused by the address policy (allowedCidrs)`,
      );

      sut = make({ lookup: resolveTo('127.0.0.3') });
      const named = await sut.fetch(url('/to-name'), NONE, signal);
      expect(named).toMatchObject({ status: 'error', kind: 'blocked' });
      expect(seen.map((s) => s.path)).toEqual(['/to-literal', '/to-name']);
    });

    it('refuses a redirect to another scheme', async () => {
      handler = (_req, res) => void res.writeHead(301, { location: 'file:///etc/passwd' }).end();
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({
        kind: 'blocked',
        message: 'GET file:///etc/passwd: the file: scheme is not fetched (only http: and https:)',
      });
    });
  });

  describe('circuit breaker', () => {
    class FakeResilience implements ResiliencePort {
      open = false;
      readonly calls: { service: string; options: ExecuteOptions<unknown> | undefined; failed: boolean }[] = [];

      async execute<T>(service: string, primary: unknown, options?: ExecuteOptions<T>): Promise<StepResult<never>> {
        const call = { service, options: options as ExecuteOptions<unknown>, failed: false };
        this.calls.push(call);
        if (this.open) return fail('unavailable', `circuit open for ${service}`, { retryable: true });
        try {
          const value = await (primary as ResilientOperation<T>)(new AbortController().signal);
          return ok({ value }) as never;
        } catch (error) {
          call.failed = true;
          return fail('processing', (error as Error).message);
        }
      }
    }

    it('runs each fetch through the breaker of monitoring:<host>', async () => {
      const resilience = new FakeResilience();
      sut = make({ resilience, timeoutMs: 5000 });
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ status: 'fetched' });
      expect(resilience.calls).toEqual([
        {
          service: `monitoring:${new URL(base).host}`,
          options: expect.objectContaining({ strategy: 'circuit_breaker', timeoutMs: 5000 }) as unknown,
          failed: false,
        },
      ]);
    });

    it('counts a 5xx against the breaker but still returns the HTTP outcome', async () => {
      const resilience = new FakeResilience();
      sut = make({ resilience });
      handler = (_req, res) => send(res, 'down', {}, 502);
      expect(await sut.fetch(url('/feed'), NONE, signal)).toMatchObject({ kind: 'http', httpStatus: 502 });
      expect(resilience.calls[0].failed).toBe(true);
    });

    it('maps an open breaker to unreachable without a request', async () => {
      const resilience = new FakeResilience();
      resilience.open = true;
      sut = make({ resilience });
      expect(await sut.fetch(url('/feed'), NONE, signal)).toEqual({
        status: 'error',
        kind: 'unreachable',
        message: `GET ${base}/feed: not attempted (circuit open for monitoring:${new URL(base).host})`,
        httpStatus: null,
        retryAfterMs: null,
        bytes: 0,
      });
      expect(seen).toHaveLength(0);
    });
  });
});
