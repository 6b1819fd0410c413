import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.loader';

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
    expect(sut.server).toEqual({ port: 3000, host: '0.0.0.0', bodyLimitBytes: 1048576 });
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
      env: { NODE_ENV: 'staging', ORCHESTRATION_MAX_DEPTH: '6', GRAPHQL_ENABLED: 'off' },
      overrides: { server: { host: '::1' } },
    });
    expect([sut.server.port, sut.server.host, sut.kernel.maxDepth, sut.api.graphql]).toEqual([5000, '::1', 6, false]);
  });

  it('reads the repository config folder', () => {
    const sut = loadConfig({ dir: join(__dirname, '../../../config'), env: { NODE_ENV: 'test' } });
    expect([sut.logging.level, sut.logging.httpRequests, sut.kernel.shutdownTimeoutMs]).toEqual([
      'silent',
      false,
      1000,
    ]);
  });

  it('names the key of an out-of-range value', () => {
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { PORT: '70000' } }))).toEqual([
      'server.port must not be greater than 65535 (set by env PORT)',
    ]);
    expect(
      problems(() => loadConfig({ dir: dirWith({ 'default.yaml': 'server:\n  port: 70000\n' }), env: {} })),
    ).toEqual(['server.port must not be greater than 65535']);
  });

  it('reads typed alert rules and names the field of a bad one', () => {
    const rule =
      'telemetry:\n  alertRules:\n    - id: queue_backlog\n      title: Queue backlog\n      severity: warning\n      selector: { source: metric, name: queue.waiting }\n      aggregate: max\n      operator: ">"\n      threshold: 1000\n      window: { ms: 60000 }\n';
    const sut = loadConfig({ dir: dirWith({ 'default.yaml': rule }), env: {} });
    expect(sut.telemetry.alertRules).toMatchObject([
      {
        id: 'queue_backlog',
        selector: { source: 'metric', name: 'queue.waiting' },
        aggregate: 'max',
        operator: '>',
        threshold: 1000,
        window: { ms: 60000 },
      },
    ]);
    const bad = rule.replace('operator: ">"', 'operator: "=="').replace('name: queue.waiting', 'field: error');
    expect(problems(() => loadConfig({ dir: dirWith({ 'default.yaml': bad }), env: {} }))).toEqual([
      'telemetry.alertRules.0.selector.name must be longer than or equal to 1 characters',
      'telemetry.alertRules.0.selector.name must be a string',
      'telemetry.alertRules.0.operator must be one of the following values: >, >=, <, <=',
    ]);
  });

  it('parses decimal env values and names a bad one', () => {
    expect(
      loadConfig({ dir: dirWith({}), env: { TRACING_ENABLED: 'on', TRACING_SAMPLE_RATIO: '0.25' } }).telemetry,
    ).toMatchObject({ tracing: true, samplingRatio: 0.25 });
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { TRACING_SAMPLE_RATIO: 'half' } }))).toEqual([
      'TRACING_SAMPLE_RATIO (config key telemetry.samplingRatio) must be a number, got "half"',
    ]);
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { TRACING_SAMPLE_RATIO: '1.5' } }))).toEqual([
      'telemetry.samplingRatio must not be greater than 1 (set by env TRACING_SAMPLE_RATIO)',
    ]);
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
    expect(problems(() => loadConfig({ dir: dirWith({}), env: { DOCS_ENABLED: 'maybe' } }))[0]).toContain(
      'DOCS_ENABLED (config key api.docs) must be a boolean',
    );
  });

  it('rejects unknown keys and wrong types in YAML, naming each', () => {
    const dir = dirWith({ 'default.yaml': 'server:\n  prot: 1\nlogging:\n  level: loud\nkernal:\n  maxDepth: 2\n' });
    expect(problems(() => loadConfig({ dir, env: {} }))).toEqual([
      'kernal is not a known configuration key',
      'server.prot is not a known configuration key',
      'logging.level must be one of the following values: fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('reports malformed YAML with the file name', () => {
    const dir = dirWith({ 'default.yaml': 'server: [unclosed' });
    expect(problems(() => loadConfig({ dir, env: {} }))[0]).toContain(join(dir, 'default.yaml'));
  });
});
