import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../../../test/fixtures/test-config';
import { loadConfig } from '../../core/config/config.loader';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { builtInDomains, defineDomain } from './bandit-domains';
import { domainDefaults } from './bandits.config';

const LINUCB = { dimension: 8, algorithm: AlgorithmName.LinUcb };

describe('the default algorithm of a domain', () => {
  it('is linucb for the built-in domains unless configured (the original decided with doubly_robust)', () => {
    expect(builtInDomains(domainDefaults(testConfig().bandits)).map((d) => [d.name, d.defaultAlgorithm])).toEqual([
      ['model_routing', 'linucb'],
      ['content_analysis', 'linucb'],
      ['user_engagement', 'linucb'],
    ]);
    const original = testConfig({ bandits: { defaultAlgorithm: 'doubly_robust' } }).bandits;
    expect(builtInDomains(domainDefaults(original)).map((d) => d.defaultAlgorithm)).toEqual([
      'doubly_robust',
      'doubly_robust',
      'doubly_robust',
    ]);
  });

  it('is the configured one for a domain running every learner, the first listed otherwise, or the one given', () => {
    const every = defineDomain('shop', { actions: ['a', 'b'] }, LINUCB, true);
    expect([every.defaultAlgorithm, every.algorithms.length]).toEqual(['linucb', 5]);
    expect(
      defineDomain('shop', { actions: ['a', 'b'], algorithms: ['offset_tree', 'linucb'] }, LINUCB, true)
        .defaultAlgorithm,
    ).toBe('offset_tree');
    expect(
      defineDomain('shop', { actions: ['a', 'b'], defaultAlgorithm: 'thompson_sampling' }, LINUCB, true)
        .defaultAlgorithm,
    ).toBe('thompson_sampling');
  });

  it('is read from BANDITS_DEFAULT_ALGORITHM, and an unknown name stops the boot naming the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
    const load = (value: string) => loadConfig({ dir, env: { NODE_ENV: 'test', BANDITS_DEFAULT_ALGORITHM: value } });
    expect(load('doubly_robust').bandits.defaultAlgorithm).toBe('doubly_robust');
    expect(() => load('magic')).toThrow(/bandits\.defaultAlgorithm/);
  });
});
