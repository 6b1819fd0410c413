import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupFunction } from 'node:net';
import { AcquisitionError } from '../content.types';
import { DEFAULT_ADDRESS_POLICY } from '../../../core/http/address-guard';
import { HttpSource } from './http-source';

const LOOPBACK = { allowedCidrs: ['127.0.0.0/8', '::1/128'] };
const ARTICLE = `<!doctype html><html lang="en"><head><title>Tides | Harbour News</title>
<meta property="og:title" content="Tides"><meta property="og:site_name" content="Harbour News">
<meta name="author" content="Ana Ruiz"><meta property="article:published_time" content="2024-03-05T08:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>Tides</h1>
<p>The tide turns twice a day, and the harbour follows it, filling and emptying like a lung over the mud flats.</p>
<p>Boats wait for the flood, then leave in a line.</p></article><footer>© Harbour News</footer></body></html>`;

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain && chain[1] !== '0') return void res.writeHead(302, { location: `/chain/${Number(chain[1]) - 1}` }).end();
  const send = (type: string, body: string | Buffer, status = 200): void =>
    void res.writeHead(status, { 'content-type': type }).end(body);
  switch (path) {
    case '/article':
      return send('text/html; charset=utf-8', ARTICLE);
    case '/text':
      return send('text/plain', 'First line.\r\nSecond line.\r\n');
    case '/chain/0':
      return send('text/plain', 'end of the chain');
    case '/json':
      return send('application/ld+json', JSON.stringify({ name: 'Ferry', stops: ['Quay', 'Island'], minutes: 40 }));
    case '/to-private':
      return void res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
    case '/to-ftp':
      return void res.writeHead(301, { location: 'ftp://127.0.0.1/file' }).end();
    case '/big-length':
      return void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2048 }).end('x'.repeat(2048));
    case '/big-chunked':
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 4; i++) res.write('y'.repeat(512));
      return void res.end();
    case '/slow':
      return; // never answers: the client's deadline has to end it
    case '/missing':
      return send('text/html', 'no', 404);
    case '/forbidden':
      return send('text/html', 'no', 403);
    case '/broken':
      return send('text/html', 'oops', 500);
    case '/image':
      return send('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    case '/latin1':
      return send('text/plain; charset=ISO-8859-1', Buffer.from('Café crème', 'latin1'));
    case '/cp1252':
      return send('text/plain; charset=windows-1252', Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x80]));
    case '/meta-charset':
      return send(
        'text/html',
        Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>Crème brûlée</p></body></html>', 'latin1'),
      );
    default:
      return send('text/plain', 'unknown route', 404);
  }
}

/** Resolves test names without DNS: one to a private address, one to the loopback server. */
const lookup: LookupFunction = (hostname, options, callback) => {
  const address = { 'intranet.test': '10.0.0.1', 'local.test': '127.0.0.1' }[hostname];
  if (!address) return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
  if (options.all) callback(null, [{ address, family: 4 }]);
  else callback(null, address, 4);
};

async function failure(promise: Promise<unknown>): Promise<Pick<AcquisitionError, 'code' | 'message' | 'retryable'>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AcquisitionError)
      return { code: error.code, message: error.message, retryable: error.retryable };
    throw error;
  }
  throw new Error('expected the acquisition to fail');
}

describe(HttpSource.name, () => {
  let server: Server;
  let base: string;
  let port: number;
  let connections = 0;
  const sources: HttpSource[] = [];
  const source = (options: Partial<ConstructorParameters<typeof HttpSource>[0]> = {}): HttpSource => {
    const created = new HttpSource({ policy: LOOPBACK, maxBytes: 1024, timeoutMs: 2_000, lookup, ...options });
    sources.push(created);
    return created;
  };
  const get = (path: string, sut = source()) => sut.acquire(new URL(path, base), { quality: 'worst' });

  beforeAll(async () => {
    server = createServer(route);
    server.on('connection', () => void connections++);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  describe('canHandle', () => {
    it('takes http and https URLs only', () => {
      const sut = source();
      expect(
        ['http://a.test/', 'https://a.test/', 'ftp://a.test/', 'file:///tmp/a'].map((u) => sut.canHandle(new URL(u))),
      ).toEqual([true, true, false, false]);
    });
  });

  describe('acquire', () => {
    it('returns the main text and metadata of an HTML page', async () => {
      expect(await get('/article')).toEqual({
        download: {
          url: `${base}/article`,
          title: 'Tides',
          platform: 'web',
          duration: null,
          author: 'Ana Ruiz',
          site: 'Harbour News',
          publishedAt: '2024-03-05T08:30:00.000Z',
          contentType: 'text/html',
          source: 'http',
        },
        transcription: {
          transcript:
            'Tides\n\nThe tide turns twice a day, and the harbour follows it, filling and emptying like a lung over the mud flats.\n\nBoats wait for the flood, then leave in a line.',
          timelineAnchors: [],
          qualityScore: 1,
          origin: 'page',
        },
      });
    });

    it('returns plain text with normalised line ends, the host standing in for the site', async () => {
      const { download, transcription } = await get('/text');
      expect([
        download.title,
        download.site,
        download.contentType,
        transcription.transcript,
        transcription.origin,
      ]).toEqual([null, '127.0.0.1', 'text/plain', 'First line.\nSecond line.', 'text']);
    });

    it('returns the strings of a +json body, its name as the title', async () => {
      const { download, transcription } = await get('/json');
      expect([download.title, download.contentType, transcription.transcript, transcription.origin]).toEqual([
        'Ferry',
        'application/ld+json',
        'Ferry\nQuay\nIsland',
        'text',
      ]);
    });

    it('follows 4 redirects and reports the final URL', async () => {
      expect((await get('/chain/4')).download.url).toBe(`${base}/chain/0`);
    });

    it('fails with too_many_redirects on the 5th redirect', async () => {
      expect(await failure(get('/chain/5'))).toEqual({
        code: 'too_many_redirects',
        retryable: false,
        message: `GET ${base}/chain/5: more than 4 redirects (the last to ${base}/chain/0)`,
      });
    });

    it('refuses a redirect to a private address before connecting to it', async () => {
      expect(await failure(get('/to-private'))).toEqual({
        code: 'blocked_address',
        retryable: false,
        message: 'GET http://10.0.0.1/: 10.0.0.1 is in the private range, refused by the address policy (allowedCidrs)',
      });
    });

    it('refuses a redirect to another scheme', async () => {
      expect(await failure(get('/to-ftp'))).toEqual({
        code: 'unsupported_scheme',
        retryable: false,
        message: 'GET ftp://127.0.0.1/file: the ftp: scheme is not fetched (only http: and https:)',
      });
    });

    it.each(['data:text/plain,hi', 'javascript:alert(1)'])('refuses %s', async (url) => {
      expect((await failure(source().acquire(new URL(url), { quality: 'worst' }))).code).toBe('unsupported_scheme');
    });

    it('refuses the local server under the default policy without connecting', async () => {
      const before = connections;
      expect(await failure(get('/article', source({ policy: DEFAULT_ADDRESS_POLICY })))).toEqual({
        code: 'blocked_address',
        retryable: false,
        message: `GET ${base}/article: 127.0.0.1 is in the loopback range, refused by the address policy (allowedCidrs)`,
      });
      expect(connections).toBe(before);
    });

    it('refuses a name that resolves to a private address, naming both', async () => {
      expect(await failure(get(`http://intranet.test:${port}/article`))).toEqual({
        code: 'blocked_address',
        retryable: false,
        message: `GET http://intranet.test:${port}/article: intranet.test resolves to 10.0.0.1, which is in the private range, refused by the address policy (allowedCidrs)`,
      });
    });

    it('checks a name after resolving it: allowed when its address is', async () => {
      expect((await get(`http://local.test:${port}/text`)).transcription.transcript).toBe('First line.\nSecond line.');
      expect(
        (await failure(get(`http://local.test:${port}/text`, source({ policy: DEFAULT_ADDRESS_POLICY })))).message,
      ).toBe(
        `GET http://local.test:${port}/text: local.test resolves to 127.0.0.1, which is in the loopback range, refused by the address policy (allowedCidrs)`,
      );
    });

    it('refuses an IPv6 loopback literal under the default policy', async () => {
      expect((await failure(get(`http://[::1]:${port}/`, source({ policy: DEFAULT_ADDRESS_POLICY })))).message).toBe(
        `GET http://[::1]:${port}/: ::1 is in the loopback range, refused by the address policy (allowedCidrs)`,
      );
    });

    it('fails with too_large from the Content-Length', async () => {
      expect(await failure(get('/big-length'))).toEqual({
        code: 'too_large',
        retryable: false,
        message: `GET ${base}/big-length: Content-Length 2048 exceeds the 1024-byte limit`,
      });
    });

    it('fails with too_large while reading a chunked body', async () => {
      expect(await failure(get('/big-chunked'))).toEqual({
        code: 'too_large',
        retryable: false,
        message: `GET ${base}/big-chunked: body exceeds the 1024-byte limit`,
      });
    });

    it('fails with a retryable timeout when the server never answers', async () => {
      expect(await failure(get('/slow', source({ timeoutMs: 200 })))).toEqual({
        code: 'timeout',
        retryable: true,
        message: `GET ${base}/slow: no complete response within 200 ms`,
      });
    });

    it('fails when the caller aborts', async () => {
      const controller = new AbortController();
      const pending = source().acquire(new URL('/slow', base), { quality: 'worst', signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await failure(pending)).toEqual({
        code: 'failed',
        retryable: false,
        message: `GET ${base}/slow: aborted by the caller`,
      });
    });

    it.each([
      ['/missing', 'not_found', false, 'HTTP 404, no such page'],
      ['/forbidden', 'http_error', false, 'HTTP 403'],
      ['/broken', 'http_error', true, 'HTTP 500'],
      ['/image', 'unsupported_type', false, 'unsupported content type image/png (HTML, plain text or JSON expected)'],
    ])('maps %s to %s', async (path, code, retryable, detail) => {
      expect(await failure(get(path))).toEqual({ code, retryable, message: `GET ${base}${path}: ${detail}` });
    });

    it('decodes the declared charset, latin1 and iso-8859-1 as windows-1252 like browsers', async () => {
      expect([
        (await get('/latin1')).transcription.transcript,
        (await get('/cp1252')).transcription.transcript,
      ]).toEqual(['Café crème', '“Hi” €']);
    });

    it('decodes an HTML page by its <meta charset> when the header names none', async () => {
      expect((await get('/meta-charset')).transcription.transcript).toBe('Crème brûlée');
    });

    it('fails with a retryable unavailable when nothing listens on the port', async () => {
      const closed = createServer();
      await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise((done) => closed.close(done));
      expect(await failure(get(`http://127.0.0.1:${closedPort}/`))).toEqual({
        code: 'unavailable',
        retryable: true,
        message: `GET http://127.0.0.1:${closedPort}/: cannot reach the server (ECONNREFUSED)`,
      });
    });
  });
});
