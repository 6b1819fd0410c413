import Fastify from 'fastify';
import { installSecurityHeaders, SECURITY_HEADER_OPTIONS, securityHeaders } from './security-headers';

const CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
  "img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';" +
  "style-src 'self' 'unsafe-inline';upgrade-insecure-requests";

describe('security headers', () => {
  it('are the headers Helmet sets for the service options, computed once', () => {
    expect(securityHeaders(SECURITY_HEADER_OPTIONS)).toEqual([
      ['Content-Security-Policy', CSP],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Resource-Policy', 'same-origin'],
      ['Origin-Agent-Cluster', '?1'],
      ['Referrer-Policy', 'no-referrer'],
      ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
      ['X-Content-Type-Options', 'nosniff'],
      ['X-DNS-Prefetch-Control', 'off'],
      ['X-Download-Options', 'noopen'],
      ['X-Frame-Options', 'SAMEORIGIN'],
      ['X-Permitted-Cross-Domain-Policies', 'none'],
      ['X-XSS-Protection', '0'],
    ]);
  });

  it('follow the options: a header switched off is not set', () => {
    const names = securityHeaders({ contentSecurityPolicy: false, strictTransportSecurity: false }).map(([n]) => n);
    expect(names).not.toContain('Strict-Transport-Security');
    expect(names).not.toContain('Content-Security-Policy');
    expect(names).toHaveLength(10);
  });

  it('go on every response, a refusal before the route and a reply written to the raw stream included', async () => {
    const app = Fastify();
    installSecurityHeaders(app);
    app.addHook('onRequest', async (req, reply) => {
      if (req.url === '/refused') await reply.status(401).send({ message: 'no' });
    });
    app.get('/json', async () => ({ ok: true }));
    app.get('/refused', async () => ({ ok: true }));
    app.get('/raw', (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.end('data: 1\n\n');
    });
    app.get('/own', async (_req, reply) => reply.header('content-security-policy', "default-src 'none'").send('x'));
    for (const url of ['/json', '/refused', '/raw']) {
      const res = await app.inject({ url });
      expect([url, res.headers['content-security-policy'], res.headers['x-content-type-options']]).toEqual([
        url,
        CSP,
        'nosniff',
      ]);
    }
    const own = await app.inject({ url: '/own' });
    expect(own.headers['content-security-policy']).toBe("default-src 'none'");
    await app.close();
  });
});
