import type { FactoryProvider, Type } from '@nestjs/common';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { AppConfig } from './app-config';
import { ConfigSectionError } from './config-section.error';

/** How the text of an environment variable becomes a value; taken from the field's validation rules. */
export type EnvKind = 'int' | 'number' | 'bool' | 'string' | 'list';

/** One environment variable and the key it sets. */
export interface EnvBinding {
  readonly env: string;
  readonly section: string;
  readonly field: string;
  readonly kind: EnvKind;
}

export interface ConfigSectionOptions<T extends object> {
  /** The section's key in the YAML files and in overrides, e.g. `bandits` (lowerCamelCase, unique). */
  readonly key: string;
  /** The class that validates the section: class-validator rules, and a default on every optional field. */
  readonly schema: Type<T>;
  /**
   * Environment variables that set fields, e.g. `{ epsilon: 'BANDITS_EPSILON' }`. Their text is parsed by the
   * field's rules: `@IsInt()` an integer, `@IsNumber()` a number, `@IsBoolean()` true/false/1/0/yes/no/on/off,
   * `@IsArray()` a comma-separated list, anything else a string.
   */
  readonly env?: { readonly [K in keyof T & string]?: string };
}

/** A declared section, as {@link defineConfigSection} returns it. */
export interface ConfigSection<T extends object = object> {
  readonly key: string;
  readonly schema: Type<T>;
  readonly env: readonly EnvBinding[];
  /** Provides the validated section under its class: list it in the feature module's providers, inject the class. */
  readonly provider: FactoryProvider<T>;
}

const registry = new Map<string, ConfigSection>();
const SECTION_KEY = /^[a-z][A-Za-z0-9]{0,63}$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]{0,127}$/;

/**
 * Declares a configuration section owned by a feature, the way `registerAs` gives a module its own namespace.
 * From then on `loadConfig()` and `validateConfig()` read the section from the YAML files, the bound environment
 * variables and the overrides, validate it with the class (naming the key, and the variable when one set it) and
 * put it in `AppConfig` under `key`; a key no section declares is an error. The returned `provider` makes the
 * validated section injectable as its class. Declare the section in `<feature>.config.ts` beside the feature and
 * list the provider in the feature's module, which is what loads the declaration before the configuration is read.
 *
 * @example
 * // greeting.config.ts
 * export class GreetingConfig {
 *   // TSDoc here becomes the key's description in docs/configuration.md.
 *   @IsString() @MinLength(1) salutation = 'Hello';
 * }
 * export const greetingConfig = defineConfigSection({
 *   key: 'greeting',
 *   schema: GreetingConfig,
 *   env: { salutation: 'GREETING_SALUTATION' },
 * });
 * // greeting.module.ts
 * @Module({ providers: [greetingConfig.provider, GreetingOrchestrator] })
 * export class GreetingModule {}
 * // greeting.orchestrator.ts
 * constructor(private readonly config: GreetingConfig) {}
 */
export function defineConfigSection<T extends object>(options: ConfigSectionOptions<T>): ConfigSection<T> {
  const { key, schema } = options;
  if (!SECTION_KEY.test(key)) {
    throw new ConfigSectionError(`Config section key "${key}" must be a lowerCamelCase name of at most 64 characters`);
  }
  const existing = registry.get(key);
  if (existing) {
    throw new ConfigSectionError(`Config section "${key}" is declared twice (${existing.schema.name}, ${schema.name})`);
  }
  const section: ConfigSection<T> = {
    key,
    schema,
    env: envBindings(key, schema, options.env ?? {}),
    provider: { provide: schema, useFactory: (config: AppConfig) => sectionOf(config, section), inject: [AppConfig] },
  };
  registry.set(key, section);
  return section;
}

/** Every declared section, in the order their files were loaded. */
export function configSections(): readonly ConfigSection[] {
  return [...registry.values()];
}

function sectionOf<T extends object>(config: AppConfig, section: ConfigSection<T>): T {
  const value = (config as unknown as Record<string, T | undefined>)[section.key];
  if (value === undefined) {
    throw new ConfigSectionError(
      `Config section "${section.key}" (${section.schema.name}) is missing from the configuration given to the ` +
        'application: it was validated before the file declaring the section was loaded',
    );
  }
  return value;
}

/** The part of a field's JSON Schema (class-validator-jsonschema) that says how to parse its text. */
interface FieldSchema {
  readonly type?: string;
  readonly items?: { readonly type?: string };
}

function envBindings(key: string, schema: Type<object>, env: Record<string, string | undefined>): EnvBinding[] {
  const entries = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (entries.length === 0) return [];
  const fields = (targetConstructorToSchema(schema).properties ?? {}) as Record<string, FieldSchema | undefined>;
  const taken = new Map(configSections().flatMap((s) => s.env.map((b) => [b.env, `${b.section}.${b.field}`])));
  return entries.map(([field, name]) => {
    if (!ENV_NAME.test(name)) {
      throw new ConfigSectionError(`${key}.${field}: "${name}" is not an environment variable name (A-Z, 0-9, _)`);
    }
    const other = taken.get(name);
    if (other)
      throw new ConfigSectionError(`Environment variable ${name} is bound to both ${other} and ${key}.${field}`);
    taken.set(name, `${key}.${field}`);
    const kind = kindOf(fields[field]);
    if (!kind) {
      throw new ConfigSectionError(
        `${key}.${field} (env ${name}) must be validated as an integer, number, boolean, string or list of strings`,
      );
    }
    return { env: name, section: key, field, kind };
  });
}

function kindOf(field: FieldSchema | undefined): EnvKind | undefined {
  switch (field?.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'array':
      return field.items?.type === 'string' ? 'list' : undefined;
    default:
      return undefined;
  }
}
