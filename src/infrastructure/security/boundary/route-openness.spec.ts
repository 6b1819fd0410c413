import { RouteOpenness } from './route-openness';

describe(RouteOpenness.name, () => {
  const publicRoutes = new Set(['GET /health', 'POST /webhooks/:source']);

  it('opens the public routes always and nothing else by default', () => {
    const sut = new RouteOpenness(publicRoutes, { openMetrics: false, openDocs: false });
    expect(
      [
        ['GET', '/health'],
        ['POST', '/webhooks/:source'],
        ['POST', '/health'],
        ['GET', '/metrics'],
        ['GET', '/docs'],
        ['GET', undefined],
      ].map(([m, r]) => sut.of(m!, r)),
    ).toEqual(['always', 'always', 'no', 'no', 'no', 'no']);
  });

  it('opens /metrics and the OpenAPI pages when configuration says so', () => {
    const sut = new RouteOpenness(publicRoutes, { openMetrics: true, openDocs: true });
    expect(
      ['/metrics', '/docs', '/docs/static/index.html', '/docs-json', '/documents'].map((r) => sut.of('GET', r)),
    ).toEqual(['config', 'config', 'config', 'config', 'no']);
  });

  it('answers the same for a route and method asked again', () => {
    const sut = new RouteOpenness(publicRoutes, { openMetrics: false, openDocs: false });
    expect([sut.of('GET', '/health'), sut.of('GET', '/health'), sut.of('DELETE', '/health')]).toEqual([
      'always',
      'always',
      'no',
    ]);
  });
});
