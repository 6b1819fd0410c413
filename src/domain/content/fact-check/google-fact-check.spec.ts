import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleFactCheckClient, verdictFromRating } from './google-fact-check';

const API_KEY = 'AIza-test-key-123';

/** A stand-in for the Fact Check Tools API on loopback: records request URLs, answers with the next scripted reply. */
class FakeFactCheckApi {
  readonly urls: URL[] = [];
  reply: { status: number; body: string } = { status: 200, body: '{}' };
  hang = false;
  private readonly server: Server = createServer((req, res) => this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.urls.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    if (this.hang) return;
    res.writeHead(this.reply.status, { 'content-type': 'application/json' }).end(this.reply.body);
  }
}

const review = (textualRating: string, extra: Record<string, unknown> = {}) => ({
  publisher: { name: 'PolitiFact', site: 'politifact.com' },
  url: `https://example.org/${encodeURIComponent(textualRating)}`,
  title: `Rated ${textualRating}`,
  reviewDate: '2024-03-01T00:00:00Z',
  textualRating,
  languageCode: 'en',
  ...extra,
});

describe(GoogleFactCheckClient.name, () => {
  const api = new FakeFactCheckApi();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await api.start();
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.urls.length = 0;
    api.reply = { status: 200, body: '{}' };
    api.hang = false;
  });

  describe('search', () => {
    it('sends the query, language, page size, max age and key', async () => {
      const sut = new GoogleFactCheckClient({
        apiKey: API_KEY,
        baseUrl: `${baseUrl}/`,
        languageCode: 'fr',
        maxAgeDays: 30,
        pageSize: 3,
      });
      await sut.search('Vaccines & autism?');
      expect(api.urls).toHaveLength(1);
      const [url] = api.urls;
      expect(url?.pathname).toBe('/v1alpha1/claims:search');
      expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
        query: 'Vaccines & autism?',
        languageCode: 'fr',
        pageSize: '3',
        maxAgeDays: '30',
        key: API_KEY,
      });
    });

    it('uses languageCode en and pageSize 5 by default, without maxAgeDays', async () => {
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      await sut.search('claim');
      expect(Object.fromEntries(api.urls[0]?.searchParams ?? [])).toEqual({
        query: 'claim',
        languageCode: 'en',
        pageSize: '5',
        key: API_KEY,
      });
    });

    it('returns [] for an empty body', async () => {
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      await expect(sut.search('nothing matches')).resolves.toEqual([]);
    });

    it('maps every review of every claim', async () => {
      api.reply = {
        status: 200,
        body: JSON.stringify({
          claims: [
            {
              text: 'The moon is made of cheese',
              claimant: 'A blog',
              claimDate: '2024-01-01T00:00:00Z',
              claimReview: [review('Pants on Fire!'), review('Mostly True')],
            },
            {
              text: 'Unemployment halved',
              claimReview: [
                review('Half True', { publisher: { site: 'factcheck.org' }, title: undefined, reviewDate: undefined }),
                review('Unproven', { publisher: {} }),
                { publisher: { name: 'No link' }, textualRating: 'False' },
              ],
            },
          ],
          nextPageToken: 'abc',
        }),
      };
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      await expect(sut.search('moon cheese')).resolves.toEqual([
        {
          claimText: 'The moon is made of cheese',
          claimant: 'A blog',
          publisher: 'PolitiFact',
          url: 'https://example.org/Pants%20on%20Fire!',
          title: 'Rated Pants on Fire!',
          rating: 'Pants on Fire!',
          verdict: 'refuted',
          reviewedAt: '2024-03-01T00:00:00Z',
        },
        {
          claimText: 'The moon is made of cheese',
          claimant: 'A blog',
          publisher: 'PolitiFact',
          url: 'https://example.org/Mostly%20True',
          title: 'Rated Mostly True',
          rating: 'Mostly True',
          verdict: 'supported',
          reviewedAt: '2024-03-01T00:00:00Z',
        },
        {
          claimText: 'Unemployment halved',
          claimant: null,
          publisher: 'factcheck.org',
          url: 'https://example.org/Half%20True',
          title: null,
          rating: 'Half True',
          verdict: 'mixed',
          reviewedAt: null,
        },
        {
          claimText: 'Unemployment halved',
          claimant: null,
          publisher: 'example.org',
          url: 'https://example.org/Unproven',
          title: 'Rated Unproven',
          rating: 'Unproven',
          verdict: 'uncertain',
          reviewedAt: '2024-03-01T00:00:00Z',
        },
      ]);
    });

    it.each([
      [400, 'Request contains an invalid argument.', 'INVALID_ARGUMENT'],
      [403, 'API key not valid. Please pass a valid API key.', 'PERMISSION_DENIED'],
      [500, 'Internal error encountered.', 'INTERNAL'],
    ])('rejects on HTTP %i with the API error message', async (status, message, code) => {
      api.reply = { status, body: JSON.stringify({ error: { code: status, message, status: code } }) };
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      await expect(sut.search('claim')).rejects.toThrow(`Google Fact Check search failed: HTTP ${status}: ${message}`);
    });

    it('never puts the API key in an error message, even when the API echoes it', async () => {
      api.reply = {
        status: 403,
        body: JSON.stringify({ error: { code: 403, message: `API key ${API_KEY} is not valid.` } }),
      };
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      const error = (await sut.search('claim').catch((e: unknown) => e)) as Error;
      expect(error.message).toBe('Google Fact Check search failed: HTTP 403: API key [redacted] is not valid.');
      expect(error.message).not.toContain(API_KEY);
    });

    it('quotes the start of a body that is not JSON', async () => {
      api.reply = { status: 502, body: '<html>Bad Gateway</html>' };
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      await expect(sut.search('claim')).rejects.toThrow(
        'Google Fact Check search failed: HTTP 502: <html>Bad Gateway</html>',
      );
    });

    it('rejects after timeoutMs without an answer', async () => {
      api.hang = true;
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl, timeoutMs: 50 });
      await expect(sut.search('claim')).rejects.toThrow('Google Fact Check search timed out after 50 ms');
    });

    it('rejects with the reason of an aborted signal', async () => {
      const sut = new GoogleFactCheckClient({ apiKey: API_KEY, baseUrl });
      const controller = new AbortController();
      controller.abort(new Error('run cancelled'));
      await expect(sut.search('claim', controller.signal)).rejects.toThrow('run cancelled');
    });
  });
});

describe(verdictFromRating.name, () => {
  it.each([
    ['True', 'supported'],
    ['Mostly True', 'supported'],
    ['Correct', 'supported'],
    ['Accurate', 'supported'],
    ['Correct attribution', 'supported'],
    ['False', 'refuted'],
    ['Mostly False', 'refuted'],
    ['Pants on Fire!', 'refuted'],
    ['Fake', 'refuted'],
    ['Incorrect', 'refuted'],
    ['Inaccurate', 'refuted'],
    ['Misleading', 'refuted'],
    ['Fabricated', 'refuted'],
    ['Not true.', 'refuted'],
    ['Untrue', 'refuted'],
    ['Half True', 'mixed'],
    ['half-true', 'mixed'],
    ['Mixture', 'mixed'],
    ['Partly false', 'mixed'],
    ['Partially correct', 'mixed'],
    ['Missing Context', 'mixed'],
    ['Unproven', 'uncertain'],
    ['Satire', 'uncertain'],
    ['Falso', 'uncertain'],
    ['', 'uncertain'],
  ])('rates %j as %s', (rating, verdict) => {
    expect(verdictFromRating(rating)).toBe(verdict);
  });
});
