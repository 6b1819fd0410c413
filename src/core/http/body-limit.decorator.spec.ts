import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { BODY_LIMIT_KEY, BodyLimit } from './body-limit.decorator';

class Routes {
  @BodyLimit(4096)
  small(): void {}

  @BodyLimit(2048)
  @RouteConfig({ other: true })
  configured(): void {}
}

const configOf = (handler: () => void): unknown => Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler);

describe(BodyLimit.name, () => {
  it('puts the limit in the route config Nest hands to Fastify', () => {
    expect(configOf(Routes.prototype.small)).toEqual({ [BODY_LIMIT_KEY]: 4096 });
  });

  it('keeps the values of a @RouteConfig() applied before it', () => {
    expect(configOf(Routes.prototype.configured)).toEqual({ other: true, [BODY_LIMIT_KEY]: 2048 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p as a limit', (bytes) => {
    expect(() => BodyLimit(bytes)).toThrow(`@BodyLimit(${bytes}): the limit must be a positive integer`);
  });
});
