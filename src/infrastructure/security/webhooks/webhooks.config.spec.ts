import { ConfigError, loadConfig, validateConfig } from '../../../core/config/config.loader';
import { WebhooksConfig } from './webhooks.config';

const secretOf = (bytes: number, fill = 7) => `whsec_${Buffer.alloc(bytes, fill).toString('base64')}`;

/** The problems listed for `webhooks`, from validating only that section's overrides. */
function problems(webhooks: Record<string, unknown>): readonly string[] {
  try {
    validateConfig({ webhooks });
  } catch (e) {
    if (ConfigError.is(e)) return e.problems;
    throw e;
  }
  return [];
}

describe(WebhooksConfig.name, () => {
  it('defaults: no outbound secret, no inbound source, 300 s tolerance, 10000 remembered ids', () => {
    expect({ ...validateConfig({}).webhooks }).toEqual({ inbound: {}, toleranceSeconds: 300, replayCacheSize: 10_000 });
  });

  it('accepts secrets of 24 bytes and more, and inbound sources with one or two secrets', () => {
    const webhooks = {
      outboundSecret: secretOf(32),
      outboundPreviousSecret: secretOf(24),
      inbound: { github: { secrets: [secretOf(32)] }, 'ci-bot': { secrets: [secretOf(32, 1), secretOf(64, 2)] } },
    };
    expect(validateConfig({ webhooks }).webhooks).toMatchObject(webhooks);
  });

  it.each([
    ['a secret without the prefix', 'c2VjcmV0', 'webhooks.outboundSecret must start with whsec_'],
    ['a secret that is not base64', 'whsec_not base64!', 'webhooks.outboundSecret must be whsec_ followed by base64'],
    ['a secret of 23 bytes', secretOf(23), 'webhooks.outboundSecret must hold at least 24 bytes of key (has 23)'],
  ])('names the key of %s', (_case, outboundSecret, problem) => {
    expect(problems({ outboundSecret })).toEqual([problem]);
  });

  it('refuses a previous secret without a current one', () => {
    expect(problems({ outboundPreviousSecret: secretOf(32) })).toEqual([
      'webhooks.outboundPreviousSecret is set but outboundSecret is not',
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'a bad secret',
      { github: { secrets: [secretOf(32), secretOf(16)] } },
      'webhooks.inbound.github.secrets[1] must hold at least 24 bytes of key (has 16)',
    ],
    ['no secrets', { github: { secrets: [] } }, 'webhooks.inbound.github.secrets must be a list of 1 to 4 secrets'],
    [
      'an unknown key',
      { github: { secrets: [secretOf(32)], url: 'x' } },
      'webhooks.inbound.github.url is not a known configuration key',
    ],
    [
      'a bad source name',
      { GitHub: { secrets: [secretOf(32)] } },
      'webhooks.inbound.GitHub: a source name must be 1-64 lowercase letters, digits, _ or -',
    ],
    ['a list instead of a mapping', [secretOf(32)], 'webhooks.inbound must be a mapping of sources'],
  ])('names the inbound key of %s', (_case, inbound, problem) => {
    expect(problems({ inbound })).toEqual([problem]);
  });

  it('reads the outbound secrets from WEBHOOK_SECRET and WEBHOOK_PREVIOUS_SECRET', () => {
    const env = { WEBHOOK_SECRET: secretOf(32, 1), WEBHOOK_PREVIOUS_SECRET: secretOf(32, 2) };
    const config = loadConfig({ dir: '/nonexistent', env });
    expect(config.webhooks.outboundSecret).toBe(env.WEBHOOK_SECRET);
    expect(config.webhooks.outboundPreviousSecret).toBe(env.WEBHOOK_PREVIOUS_SECRET);
  });

  it('names the variable that set an invalid secret', () => {
    expect(() => loadConfig({ dir: '/nonexistent', env: { WEBHOOK_SECRET: 'hunter2' } })).toThrow(
      'webhooks.outboundSecret must start with whsec_ (set by env WEBHOOK_SECRET)',
    );
  });
});
