import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_ROUTE_KEY } from '../../src/core/security/permissions';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';

/** GraphQL's metadata key of a resolver method's kind (Query, Mutation, Subscription). */
const RESOLVER_TYPE = 'graphql:resolver_type';

interface Handler {
  readonly where: string;
  readonly declared: string | undefined;
}

describe('every route declares its permission', () => {
  let t: TestApp;
  let handlers: Handler[];

  beforeAll(async () => {
    t = await createTestApp();
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const reflector = t.app.get(Reflector);
    handlers = [];
    for (const wrapper of [...discovery.getControllers(), ...discovery.getProviders()]) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type?.prototype || !wrapper.instance) continue;
      for (const name of scanner.getAllMethodNames(type.prototype as object)) {
        const method = (type.prototype as Record<string, (...args: never[]) => unknown>)[name];
        const isRoute =
          Reflect.getMetadata(PATH_METADATA, method) !== undefined &&
          Reflect.getMetadata(METHOD_METADATA, method) !== undefined;
        const isResolver = Reflect.getMetadata(RESOLVER_TYPE, method) !== undefined;
        if (!isRoute && !isResolver) continue;
        const targets = [method, type];
        const declared = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)
          ? 'public'
          : reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
        handlers.push({ where: `${type.name}.${name}`, declared });
      }
    }
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  it('finds the routes and resolvers (the scan itself works)', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(40);
    expect(handlers.find((h) => h.where === 'HealthController.check')?.declared).toBe('public');
    expect(handlers.find((h) => h.where === 'SecurityKeysController.create')?.declared).toBe('security.keys');
  });

  it('no route or resolver lacks a declaration', () => {
    expect(handlers.filter((h) => h.declared === undefined).map((h) => h.where)).toEqual([]);
  });

  it('only GET /health and the WebSub callback (which checks the hub’s HMAC itself) are public', () => {
    expect(handlers.filter((h) => h.declared === 'public').map((h) => h.where)).toEqual([
      'HealthController.check',
      'WebSubController.verify',
      'WebSubController.push',
    ]);
  });
});
