import { assertNever } from '../../../core/result/step-result';

/** How one key of an output schema is checked, and the value it takes when absent. */
export type FieldSpec =
  | { readonly type: 'string'; readonly required: true }
  | { readonly type: 'string'; readonly default: string }
  | { readonly type: 'number'; readonly default: number | null; readonly min?: number; readonly max?: number }
  | { readonly type: 'array' };

/** The five task output schemas (`id`s). */
export const OUTPUT_SCHEMA_NAMES = ['acquisition', 'transcription', 'analysis', 'verification', 'integration'] as const;
export type OutputSchemaName = (typeof OUTPUT_SCHEMA_NAMES)[number];

/** The contract a task's JSON output is validated against. Keys not listed are kept as they are. */
export interface OutputSchema {
  readonly name: OutputSchemaName;
  /** The second name the schema is known by (`capture`, `transcribe`, `map`, `verify`, `knowledge`). */
  readonly alias: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const required = { type: 'string', required: true } as const;
const text = (fallback: string): FieldSpec => ({ type: 'string', default: fallback });
const list: FieldSpec = { type: 'array' };
const score = (min: number, max: number, fallback: number): FieldSpec => ({
  type: 'number',
  min,
  max,
  default: fallback,
});

/**
 * The JSON each kind of crew task must return. Absent (or null) keys take their default; arrays default to a
 * fresh `[]`. Numbers accept numeric strings (`"0.8"`), since scraped values are always strings.
 */
export const OUTPUT_SCHEMAS: Readonly<Record<OutputSchemaName, OutputSchema>> = {
  acquisition: {
    name: 'acquisition',
    alias: 'capture',
    fields: {
      file_path: required,
      title: text(''),
      description: text(''),
      author: text(''),
      duration: { type: 'number', default: null },
      platform: text('unknown'),
    },
  },
  transcription: {
    name: 'transcription',
    alias: 'transcribe',
    fields: {
      transcript: required,
      timeline_anchors: list,
      transcript_length: { type: 'number', default: 0 },
      quality_score: score(0, 1, 0),
    },
  },
  analysis: {
    name: 'analysis',
    alias: 'map',
    fields: { insights: list, themes: list, fallacies: list, perspectives: list },
  },
  verification: {
    name: 'verification',
    alias: 'verify',
    fields: { verified_claims: list, fact_check_results: list, trustworthiness_score: score(0, 100, 50) },
  },
  integration: {
    name: 'integration',
    alias: 'knowledge',
    fields: {
      executive_summary: required,
      key_takeaways: list,
      recommendations: list,
      confidence_score: score(0, 1, 0.5),
    },
  },
};

/** Alias → schema name. */
export const OUTPUT_SCHEMA_ALIASES: Readonly<Record<string, OutputSchemaName>> = Object.fromEntries(
  OUTPUT_SCHEMA_NAMES.map((name) => [OUTPUT_SCHEMAS[name].alias, name]),
);

/**
 * The schema for a name or an alias (case-insensitive, trimmed); undefined when neither matches.
 *
 * @example getOutputSchema('Verify') === OUTPUT_SCHEMAS.verification
 */
export function getOutputSchema(nameOrAlias: string): OutputSchema | undefined {
  const key = nameOrAlias.trim().toLowerCase();
  const name = (OUTPUT_SCHEMA_NAMES as readonly string[]).includes(key)
    ? (key as OutputSchemaName)
    : OUTPUT_SCHEMA_ALIASES[key];
  return name === undefined ? undefined : OUTPUT_SCHEMAS[name];
}

/** The outcome of {@link validateOutput}. */
export type ValidationResult =
  { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly errors: string[] };

type FieldCheck = { readonly value: unknown } | { readonly error: string };

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

function checkField(spec: FieldSpec, value: unknown): FieldCheck {
  const absent = value === undefined || value === null;
  switch (spec.type) {
    case 'string':
      if ('required' in spec) {
        if (absent) return { error: 'is required' };
        if (typeof value !== 'string') return { error: 'must be a string' };
        return value.trim() === '' ? { error: 'must not be blank' } : { value };
      }
      if (absent) return { value: spec.default };
      return typeof value === 'string' ? { value } : { error: 'must be a string' };
    case 'number': {
      if (absent) return { value: spec.default };
      const number = toNumber(value);
      if (number === undefined) return { error: 'must be a number' };
      const { min = -Infinity, max = Infinity } = spec;
      return number < min || number > max
        ? { error: `must be between ${min} and ${max} (got ${number})` }
        : { value: number };
    }
    case 'array':
      if (absent) return { value: [] };
      return Array.isArray(value) ? { value } : { error: 'must be an array' };
    default:
      return assertNever(spec);
  }
}

/**
 * Validates a parsed output against a schema: every listed key is checked, absent keys take their default, other
 * keys pass through unchanged. The input is not modified.
 *
 * @returns `{ ok: true, value }` with defaults applied, or `{ ok: false, errors }` with one `"<key>: <problem>"`
 *   message per failing key, in schema order.
 * @example validateOutput(OUTPUT_SCHEMAS.integration, { executive_summary: 'S' })
 *   // { ok: true, value: { executive_summary: 'S', key_takeaways: [], recommendations: [], confidence_score: 0.5 } }
 */
export function validateOutput(schema: OutputSchema, value: Record<string, unknown>): ValidationResult {
  const result: Record<string, unknown> = { ...value };
  const errors: string[] = [];
  for (const [key, spec] of Object.entries(schema.fields)) {
    const check = checkField(spec, value[key]);
    if ('error' in check) errors.push(`${key}: ${check.error}`);
    else result[key] = check.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: result };
}
