import { ALGORITHM_NAMES, AlgorithmName } from './algorithms/bandit-algorithm';
import type { BanditDomainConfig } from './bandits.config';
import { ROUTER_MODELS } from './router';

/** A bandit domain: named actions, the algorithms that learn it, its context layout. */
export interface DomainDefinition {
  readonly name: string;
  readonly actions: readonly string[];
  readonly algorithms: readonly AlgorithmName[];
  readonly defaultAlgorithm: AlgorithmName;
  readonly dimension: number;
  readonly featureNames: readonly string[];
  /** True for domains created through the API (persisted), false for configured ones. */
  readonly runtime: boolean;
}

/** What a domain takes when its definition leaves it out (`bandits.contextDimension`, `bandits.defaultAlgorithm`). */
export interface DomainDefaults {
  readonly dimension: number;
  readonly algorithm: AlgorithmName;
}

/** What a caller may give for a domain; the rest defaults. */
export interface DomainInput {
  actions?: unknown;
  algorithms?: unknown;
  defaultAlgorithm?: unknown;
  dimension?: unknown;
  featureNames?: unknown;
}

export const DOMAIN_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const ACTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const FEATURE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** The learners every domain runs unless told otherwise. */
export const DEFAULT_ALGORITHMS: readonly AlgorithmName[] = [
  AlgorithmName.DoublyRobust,
  AlgorithmName.OffsetTree,
  AlgorithmName.LinUcb,
  AlgorithmName.ThompsonSampling,
  AlgorithmName.EpsilonGreedy,
];
const DEFAULT_FEATURES = ['complexity', 'priority'] as const;

/**
 * The original's three domains, with named actions: models for routing, analysis depths, response styles. They run
 * every learner and decide with `defaults.algorithm` (the original used `doubly_robust`).
 */
export function builtInDomains(defaults: DomainDefaults): DomainDefinition[] {
  const make = (name: string, actions: readonly string[]): DomainDefinition => ({
    name,
    actions,
    algorithms: DEFAULT_ALGORITHMS,
    defaultAlgorithm: defaults.algorithm,
    dimension: defaults.dimension,
    featureNames: DEFAULT_FEATURES,
    runtime: false,
  });
  return [
    make('model_routing', ROUTER_MODELS),
    make('content_analysis', ['quick', 'standard', 'deep', 'comprehensive']),
    make('user_engagement', ['brief', 'detailed', 'conversational', 'structured']),
  ];
}

/** Raised by {@link defineDomain} with the field at fault. */
export class DomainInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainInputError';
  }
}

function stringList(v: unknown, field: string, pattern: RegExp, min: number, max: number): string[] {
  if (!Array.isArray(v) || v.length < min || v.length > max)
    throw new DomainInputError(field, `${field} must be an array of ${min}-${max} names`);
  v.forEach((item, i) => {
    if (typeof item !== 'string' || !pattern.test(item))
      throw new DomainInputError(`${field}[${i}]`, `${field}[${i}] is not a valid name: ${JSON.stringify(item)}`);
  });
  if (new Set(v).size !== v.length) throw new DomainInputError(field, `${field} has duplicates`);
  return v as string[];
}

function algorithmName(v: unknown, field: string): AlgorithmName {
  if (!(ALGORITHM_NAMES as readonly unknown[]).includes(v))
    throw new DomainInputError(
      field,
      `${field} must be one of ${ALGORITHM_NAMES.join(', ')}, got ${JSON.stringify(v)}`,
    );
  return v as AlgorithmName;
}

/** Checks a domain definition from the API or config; throws {@link DomainInputError} naming the field. */
export function defineDomain(
  name: string,
  input: DomainInput,
  defaults: DomainDefaults,
  runtime: boolean,
): DomainDefinition {
  if (!DOMAIN_NAME.test(name))
    throw new DomainInputError('domain', 'domain must be 1-64 lowercase letters, digits or _, starting with a letter');
  if (typeof input !== 'object' || input === null) throw new DomainInputError('body', 'body must be an object');
  const allowed = new Set(['actions', 'algorithms', 'defaultAlgorithm', 'dimension', 'featureNames']);
  for (const key of Object.keys(input))
    if (!allowed.has(key))
      throw new DomainInputError(key, `${key} is not a domain field (allowed: ${[...allowed].join(', ')})`);
  const actions = stringList(input.actions, 'actions', ACTION_NAME, 2, 64);
  const algorithms =
    input.algorithms === undefined
      ? DEFAULT_ALGORITHMS
      : stringList(input.algorithms, 'algorithms', /^[a-z_]+$/, 1, ALGORITHM_NAMES.length).map((a, i) =>
          algorithmName(a, `algorithms[${i}]`),
        );
  // Unset: the configured default when the domain runs every learner, else the first one it lists.
  const defaultAlgorithm =
    input.defaultAlgorithm !== undefined
      ? algorithmName(input.defaultAlgorithm, 'defaultAlgorithm')
      : input.algorithms === undefined
        ? defaults.algorithm
        : algorithms[0];
  if (!algorithms.includes(defaultAlgorithm))
    throw new DomainInputError(
      'defaultAlgorithm',
      `defaultAlgorithm ${defaultAlgorithm} is not one of the domain's algorithms`,
    );
  const dimension = input.dimension === undefined ? defaults.dimension : input.dimension;
  if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 4 || dimension > 64)
    throw new DomainInputError(
      'dimension',
      `dimension must be an integer from 4 to 64, got ${JSON.stringify(dimension)}`,
    );
  const featureNames =
    input.featureNames === undefined
      ? DEFAULT_FEATURES
      : stringList(input.featureNames, 'featureNames', FEATURE_NAME, 0, 32);
  return { name, actions, algorithms, defaultAlgorithm, dimension, featureNames, runtime };
}

/** A configured domain, checked like an API one; a mistake stops the boot naming `bandits.domains.<i>.<field>`. */
export function configuredDomain(d: BanditDomainConfig, i: number, defaults: DomainDefaults): DomainDefinition {
  try {
    return defineDomain(
      d.name,
      {
        actions: d.actions,
        algorithms: d.algorithms,
        defaultAlgorithm: d.defaultAlgorithm,
        dimension: d.dimension,
        featureNames: d.featureNames,
      },
      defaults,
      false,
    );
  } catch (e) {
    if (e instanceof DomainInputError) throw new Error(`bandits.domains.${i}.${e.field}: ${e.message}`, { cause: e });
    throw e;
  }
}
