import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../core/config/config.loader';
import { TelemetryConfig } from './telemetry.config';

const withDefaultYaml = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
  writeFileSync(join(dir, 'default.yaml'), text);
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

describe(TelemetryConfig.name, () => {
  it('reads typed alert rules and names the field of a bad one', () => {
    const rule =
      'telemetry:\n  alertRules:\n    - id: queue_backlog\n      title: Queue backlog\n      severity: warning\n      selector: { source: metric, name: queue.waiting }\n      aggregate: max\n      operator: ">"\n      threshold: 1000\n      window: { ms: 60000 }\n';
    const sut = loadConfig({ dir: withDefaultYaml(rule), env: {} });
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
    expect(problems(() => loadConfig({ dir: withDefaultYaml(bad), env: {} }))).toEqual([
      'telemetry.alertRules.0.selector.name must be longer than or equal to 1 characters',
      'telemetry.alertRules.0.selector.name must be a string',
      'telemetry.alertRules.0.operator must be one of the following values: >, >=, <, <=',
    ]);
  });

  it('parses decimal env values and names a bad one', () => {
    const dir = withDefaultYaml('');
    expect(loadConfig({ dir, env: { TRACING_ENABLED: 'on', TRACING_SAMPLE_RATIO: '0.25' } }).telemetry).toMatchObject({
      tracing: true,
      samplingRatio: 0.25,
    });
    expect(problems(() => loadConfig({ dir, env: { TRACING_SAMPLE_RATIO: 'half' } }))).toEqual([
      'TRACING_SAMPLE_RATIO (config key telemetry.samplingRatio) must be a number, got "half"',
    ]);
    expect(problems(() => loadConfig({ dir, env: { TRACING_SAMPLE_RATIO: '1.5' } }))).toEqual([
      'telemetry.samplingRatio must not be greater than 1 (set by env TRACING_SAMPLE_RATIO)',
    ]);
  });
});
