import { effectiveBodyLimit } from './route-body-limits';

describe(effectiveBodyLimit.name, () => {
  it.each([
    ['no limit of its own', undefined, undefined, { bytes: 1000, source: 'server.bodyLimitBytes' }],
    ['a declared limit', 100, undefined, { bytes: 100, source: 'route' }],
    ['a configured limit, over the declared one', 100, 300, { bytes: 300, source: 'server.routeBodyLimits' }],
    ['a configured limit without a declared one', undefined, 50, { bytes: 50, source: 'server.routeBodyLimits' }],
    ['a declared limit above the ceiling', 5000, undefined, { bytes: 1000, source: 'server.bodyLimitBytes' }],
    ['a declared limit equal to the ceiling', 1000, undefined, { bytes: 1000, source: 'server.bodyLimitBytes' }],
  ])('%s → %j', (_label, declared, configured, expected) => {
    expect(effectiveBodyLimit(1000, declared, configured)).toEqual(expected);
  });
});
