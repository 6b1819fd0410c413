import type { EnvBinding } from './config-section';

/** Raised when an environment variable cannot be parsed as its key's type. */
export class EnvParseError extends Error {
  constructor(
    readonly env: string,
    readonly key: string,
    raw: string,
    expected: string,
  ) {
    super(`${env} (config key ${key}) must be ${expected}, got "${raw}"`);
    this.name = 'EnvParseError';
  }
}

function parse(binding: EnvBinding, raw: string): unknown {
  const key = `${binding.section}.${binding.field}`;
  switch (binding.kind) {
    case 'int':
      if (!/^-?\d+$/.test(raw.trim())) throw new EnvParseError(binding.env, key, raw, 'an integer');
      return Number(raw.trim());
    case 'number':
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw.trim())) throw new EnvParseError(binding.env, key, raw, 'a number');
      return Number(raw.trim());
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      throw new EnvParseError(binding.env, key, raw, 'a boolean (true/false/1/0/yes/no/on/off)');
    }
    case 'string':
      return raw;
    case 'list':
      // Comma-separated; blanks around items are ignored.
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
  }
}

/** The config fragment the bound variables set; unset or empty variables are ignored. */
export function envOverrides(
  env: NodeJS.ProcessEnv,
  bindings: readonly EnvBinding[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const binding of bindings) {
    const raw = env[binding.env];
    if (raw === undefined || raw === '') continue;
    (out[binding.section] ??= {})[binding.field] = parse(binding, raw);
  }
  return out;
}
