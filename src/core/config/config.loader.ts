import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { AppConfig } from './app-config';
import { configSections, type ConfigSection, type EnvBinding } from './config-section';
import { envOverrides } from './env-overrides';
// The kernel's sections are always known to the loader; features declare theirs beside their code.
import './kernel.config';

/** A plain, partial configuration tree (what YAML files, env and test overrides provide). */
export type ConfigFragment = { [section: string]: { [key: string]: unknown } | undefined };

/** Raised at boot when the configuration is invalid; the message names every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }

  static is(e: unknown): e is ConfigError {
    return e instanceof ConfigError;
  }
}

export interface LoadConfigOptions {
  /** Folder with default.yaml and <NODE_ENV>.yaml. Default `$CONFIG_DIR` or `./config`. */
  readonly dir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Applied last (tests, embedding applications). */
  readonly overrides?: ConfigFragment;
}

/**
 * Loads, merges and validates the configuration of every declared section (see `defineConfigSection`):
 * `default.yaml`, then `<NODE_ENV>.yaml`, then the bound environment variables, then `overrides`. Throws
 * {@link ConfigError} naming each invalid key, and the variable when one set it.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const bindings = configSections().flatMap((s) => s.env);
  const dir = options.dir ?? env.CONFIG_DIR ?? join(process.cwd(), 'config');
  const files = ['default.yaml', ...(env.NODE_ENV ? [`${env.NODE_ENV}.yaml`] : [])];
  let merged: ConfigFragment = {};
  for (const file of files) {
    const path = join(dir, file);
    if (existsSync(path)) merged = mergeFragments(merged, readYaml(path));
  }
  let fromEnv: ConfigFragment;
  try {
    fromEnv = envOverrides(env, bindings);
  } catch (e) {
    throw new ConfigError([(e as Error).message]);
  }
  merged = mergeFragments(merged, fromEnv);
  if (options.overrides) merged = mergeFragments(merged, options.overrides);
  try {
    return validateConfig(merged);
  } catch (e) {
    throw ConfigError.is(e)
      ? new ConfigError(e.problems.map((p) => withEnvSource(p, bindings, env, options.overrides)))
      : e;
  }
}

/** Appends "(set by env X)" to a problem whose key took its value from an environment variable. */
function withEnvSource(
  problem: string,
  bindings: readonly EnvBinding[],
  env: NodeJS.ProcessEnv,
  overrides: ConfigFragment | undefined,
): string {
  const binding = bindings.find((b) => {
    const key = `${b.section}.${b.field}`;
    const overridden = overrides?.[b.section]?.[b.field] !== undefined;
    return env[b.env] !== undefined && !overridden && (problem.startsWith(`${key}:`) || problem.startsWith(`${key} `));
  });
  return binding ? `${problem} (set by env ${binding.env})` : problem;
}

/**
 * Validates a plain, partial tree against every declared section (defaults fill what it leaves out); unknown
 * sections or keys are errors, so that typos do not pass silently. Problems are listed unknown sections first,
 * then in the order the tree gives its sections.
 */
export function validateConfig(plain: ConfigFragment): AppConfig {
  const sections = new Map(configSections().map((s) => [s.key, s]));
  const problems = Object.keys(plain)
    .filter((key) => !sections.has(key))
    .map((key) => `${key} is not a known configuration key`);
  const given = Object.keys(plain).filter((key) => sections.has(key));
  const order = [...given, ...[...sections.keys()].filter((key) => !given.includes(key))];
  const config = new AppConfig();
  for (const key of order) {
    const result = validateSection(sections.get(key)!, plain[key]);
    if (Array.isArray(result)) problems.push(...result);
    else Object.assign(config, { [key]: result });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The validated section, or its problems. */
function validateSection(section: ConfigSection, plain: unknown): object | string[] {
  if (plain !== undefined && !isPlainObject(plain)) return [`${section.key} must be a mapping of keys`];
  const value = plainToInstance(section.schema, plain ?? {}, { exposeDefaultValues: true });
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length > 0 ? flatten(errors, section.key) : value;
}

function readYaml(path: string): ConfigFragment {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${path}: ${(e as Error).message}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc)) throw new ConfigError([`${path}: the top level must be a mapping of sections`]);
  for (const [section, value] of Object.entries(doc)) {
    if (value !== null && !isPlainObject(value)) throw new ConfigError([`${path}: ${section} must be a mapping`]);
  }
  return doc as ConfigFragment;
}

function mergeFragments(base: ConfigFragment, top: ConfigFragment): ConfigFragment {
  const out: ConfigFragment = { ...base };
  for (const [section, values] of Object.entries(top)) {
    out[section] = isPlainObject(out[section]) && isPlainObject(values) ? { ...out[section], ...values } : values;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(errors: readonly ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const key = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      if (rule === 'whitelistValidation') {
        out.push(`${key} is not a known configuration key`);
        continue;
      }
      if (message.startsWith(`${key} `)) out.push(message);
      else
        out.push(message.startsWith(error.property) ? `${prefix ? prefix + '.' : ''}${message}` : `${key}: ${message}`);
    }
    if (error.children?.length) out.push(...flatten(error.children, key));
  }
  return out;
}
