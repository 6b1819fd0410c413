import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { defineConfigSection } from './config-section';
import { ConfigError, loadConfig, validateConfig } from './config.loader';

class SampleLimitConfig {
  @IsInt() @Min(1) max = 10;
}

/** A section declared the way a feature declares one. */
class SampleConfig {
  @IsInt() @Min(0) @Max(100) level = 5;
  @IsString() label = 'sample';
  @ValidateNested() @Type(() => SampleLimitConfig) limit = new SampleLimitConfig();
}

defineConfigSection({ key: 'sample', schema: SampleConfig, env: { level: 'SAMPLE_LEVEL', label: 'SAMPLE_LABEL' } });

const dirWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (ConfigError.is(e)) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('uses the documented defaults when there is no file and no env', () => {
    const sut = loadConfig({ dir: dirWith({}), env: {} });
    expect(sut.server).toEqual({
      port: 3000,
      host: '0.0.0.0',
      bodyLimitBytes: 1048576,
      requestTimeoutMs: 30000,
      routeBodyLimits: [],
    });
    expect(sut.kernel).toEqual({ maxDepth: 8, contextPropagation: true, shutdownTimeoutMs: 5000 });
    expect(sut.logging.level).toBe('info');
  });

  it('layers default.yaml, <NODE_ENV>.yaml, env and overrides in that order', () => {
    const dir = dirWith({
      'default.yaml': 'server:\n  port: 4000\n  host: 127.0.0.1\nkernel:\n  maxDepth: 5\n',
      'staging.yaml': 'server:\n  port: 5000\n',
    });
    const sut = loadConfig({
      dir,
      env: { NODE_ENV: 'staging', ORCHESTRATION_MAX_DEPTH: '6', LOG_HTTP_REQUESTS: 'off' },
      overrides: { server: { host: '::1' } },
    });
    expect([sut.server.port, sut.server.host, sut.kernel.maxDepth, sut.logging.httpRequests]).toEqual([
      5000,
      '::1',
      6,
      false,
    ]);
  });

  it('reads a declared section from YAML, env and overrides, with its defaults for the rest', () => {
    const dir = dirWith({ 'default.yaml': 'sample:\n  level: 7\n  limit: { max: 3 }\n' });
    expect(loadConfig({ dir, env: {} })).toMatchObject({ sample: { level: 7, label: 'sample', limit: { max: 3 } } });
    expect(loadConfig({ dir, env: { SAMPLE_LEVEL: '9' }, overrides: { sample: { label: 'x' } } })).toMatchObject({
      sample: { level: 9, label: 'x', limit: { max: 3 } },
    });
    expect(loadConfig({ dir, env: {} })).toHaveProperty('sample', expect.any(SampleConfig));
  });

  it('names the key of a bad value in a declared section, and the variable that set it', () => {
    expect(
      problems(() => loadConfig({ dir: dirWith({ 'default.yaml': 'sample:\n  limit: { max: 0 }\n' }), env: {} })),
    ).toEqual(['sample.limit.max must not be less than 1']);
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { SAMPLE_LEVEL: '101' } }))).toEqual([
      'sample.level must not be greater than 100 (set by env SAMPLE_LEVEL)',
    ]);
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { SAMPLE_LEVEL: 'high' } }))).toEqual([
      'SAMPLE_LEVEL (config key sample.level) must be an integer, got "high"',
    ]);
  });

  it('does not blame the variable when an override replaced its value', () => {
    expect(
      problems(() =>
        loadConfig({ dir: dirWith({}), env: { SAMPLE_LEVEL: '1' }, overrides: { sample: { level: -1 } } }),
      ),
    ).toEqual(['sample.level must not be less than 0']);
  });

  it('names the key of an out-of-range value', () => {
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { PORT: '70000' } }))).toEqual([
      'server.port must not be greater than 65535 (set by env PORT)',
    ]);
    expect(
      problems(() => loadConfig({ dir: dirWith({ 'default.yaml': 'server:\n  port: 70000\n' }), env: {} })),
    ).toEqual(['server.port must not be greater than 65535']);
  });

  it('reads the persistence settings from the environment and names the variable of a bad one', () => {
    const sut = loadConfig({
      dir: dirWith({}),
      env: {
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: 'blue',
        JOB_LOCK_MS: '5000',
        DATABASE_URL: 'postgres://u@127.0.0.1/db',
      },
    });
    expect(sut.persistence).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'blue',
      jobLockMs: 5000,
      databaseUrl: 'postgres://u@127.0.0.1/db',
    });
    expect(
      problems(() => loadConfig({ dir: dirWith({}), env: { REDIS_URL: 'http://127.0.0.1:1', REDIS_PREFIX: 'a:b' } })),
    ).toEqual([
      'persistence.redisUrl must be a redis:// or rediss:// URL (set by env REDIS_URL)',
      'persistence.redisPrefix must be 1-32 letters, digits, _ or - (set by env REDIS_PREFIX)',
    ]);
  });

  it('names the variable and key of an unparsable env value', () => {
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { ORCHESTRATION_MAX_DEPTH: 'deep' } }))).toEqual([
      'ORCHESTRATION_MAX_DEPTH (config key kernel.maxDepth) must be an integer, got "deep"',
    ]);
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { LOG_HTTP_REQUESTS: 'maybe' } }))).toEqual([
      'LOG_HTTP_REQUESTS (config key logging.httpRequests) must be a boolean (true/false/1/0/yes/no/on/off), got "maybe"',
    ]);
  });

  it('rejects unknown keys and wrong types in YAML, naming each', () => {
    const dir = dirWith({ 'default.yaml': 'server:\n  prot: 1\nlogging:\n  level: loud\nkernal:\n  maxDepth: 2\n' });
    expect(problems(() => loadConfig({ dir, env: {} }))).toEqual([
      'kernal is not a known configuration key',
      'server.prot is not a known configuration key',
      'logging.level must be one of the following values: fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('reads per-route body limits and refuses one above bodyLimitBytes, a repeated route or a malformed one', () => {
    const limits = (routeBodyLimits: unknown[]) =>
      validateConfig({ server: { bodyLimitBytes: 4096, routeBodyLimits } });
    expect(limits([{ route: 'POST /feedback', bytes: 1024 }]).server.routeBodyLimits).toEqual([
      { route: 'POST /feedback', bytes: 1024 },
    ]);
    expect(problems(() => limits([{ route: 'POST /feedback', bytes: 4097 }]))).toEqual([
      'server.routeBodyLimits: "POST /feedback" allows 4097 bytes, more than bodyLimitBytes (4096), the ceiling of every route',
    ]);
    expect(
      problems(() =>
        limits([
          { route: 'POST /feedback', bytes: 10 },
          { route: 'POST /feedback', bytes: 20 },
        ]),
      ),
    ).toEqual(['server.routeBodyLimits: "POST /feedback" is listed twice']);
    expect(problems(() => limits([{ route: '/feedback', bytes: 0 }]))).toEqual([
      'server.routeBodyLimits.0.route must be "METHOD /path", e.g. "POST /feedback"',
      'server.routeBodyLimits.0.bytes must not be less than 1',
    ]);
  });

  it('rejects a section that is not a mapping', () => {
    expect(problems(() => validateConfig({ sample: 3 as never, server: null as never }))).toEqual([
      'sample must be a mapping of keys',
      'server must be a mapping of keys',
    ]);
  });

  it('reports malformed YAML with the file name', () => {
    const dir = dirWith({ 'default.yaml': 'server: [unclosed' });
    expect(problems(() => loadConfig({ dir, env: {} }))[0]).toContain(join(dir, 'default.yaml'));
  });
});
