import { extractJson, scrapeKeyValues } from './extract-json';
import { placeholderFlags } from './placeholders';
import { OUTPUT_SCHEMAS, validateOutput, type OutputSchema } from './schemas';

/** One agent task's output: its raw text and what could be made of it. */
export interface TaskOutput {
  readonly taskId: string;
  readonly raw: string;
  /**
   * The validated value (defaults applied); the extracted object as it was when validation fails; `{ raw_text }`
   * when the text holds neither JSON nor key/value lines; `{}` when the text is empty.
   */
  readonly parsed: Record<string, unknown>;
  /** True when the task has no schema, or `parsed` passed it. */
  readonly schemaValid: boolean;
  /** One `"<key>: <problem>"` message per failing key (`output: …` when there was nothing to validate). */
  readonly schemaErrors: string[];
  /** JSON repairs applied (see `JSON_REPAIRS`), or `key_value_scrape` when the data was scraped from lines. */
  readonly repaired: string[];
  /** Placeholder reasons (see `PLACEHOLDER_REASONS`), or `empty_output`. Flags never make an output invalid. */
  readonly placeholderFlags: string[];
  /** True when JSON or key/value lines were found (`has_structured_data`). */
  readonly structured: boolean;
}

/** Recorded in `repaired` when the data comes from {@link scrapeKeyValues} rather than JSON. */
export const KEY_VALUE_SCRAPE = 'key_value_scrape';
/** Flag of a task whose raw text is empty or blank. */
export const EMPTY_OUTPUT = 'empty_output';
/** Schema errors when there was nothing to validate. */
export const EMPTY_OUTPUT_ERROR = 'output: empty';
export const UNSTRUCTURED_OUTPUT_ERROR = 'output: no JSON object or key/value lines';

/**
 * The schema a task's output is validated against, decided by its id: `acquisition`, `transcription`,
 * `analysis` and every `analysis.*` (the parallel analysis tasks), `verification`, `integration`. Other ids
 * have no schema.
 */
export function schemaForTask(taskId: string): OutputSchema | undefined {
  if (taskId.startsWith('analysis.')) return OUTPUT_SCHEMAS.analysis;
  switch (taskId) {
    case 'acquisition':
    case 'transcription':
    case 'analysis':
    case 'verification':
    case 'integration':
      return OUTPUT_SCHEMAS[taskId];
    default:
      return undefined;
  }
}

/** An output with nothing to validate: empty text, or text without structured data. */
function unvalidated(
  taskId: string,
  raw: string,
  schema: OutputSchema | undefined,
  parsed: Record<string, unknown>,
  error: string,
): TaskOutput {
  const flags = raw.trim() === '' ? [EMPTY_OUTPUT] : schema ? placeholderFlags(schema, parsed) : [];
  return {
    taskId,
    raw,
    parsed,
    schemaValid: schema === undefined,
    schemaErrors: schema === undefined ? [] : [error],
    repaired: [],
    placeholderFlags: flags,
    structured: false,
  };
}

/**
 * Turns an agent task's raw text into a structured, validated output: extracts the JSON object (repairing it
 * when needed), else scrapes key/value lines, validates the result against the task's schema
 * ({@link schemaForTask}) and flags placeholder content. Never throws; nothing is rejected for placeholders.
 *
 * @example parseTaskOutput('integration', '```json\n{"executive_summary": "Sound."}\n```').parsed
 *   // { executive_summary: 'Sound.', key_takeaways: [], recommendations: [], confidence_score: 0.5 }
 */
export function parseTaskOutput(taskId: string, raw: string): TaskOutput {
  const schema = schemaForTask(taskId);
  if (raw.trim() === '') return unvalidated(taskId, raw, schema, {}, EMPTY_OUTPUT_ERROR);

  let data: Record<string, unknown>;
  let repaired: string[];
  const json = extractJson(raw);
  if (json !== undefined) {
    data = json.value;
    repaired = [...json.repaired];
  } else {
    data = scrapeKeyValues(raw);
    repaired = [KEY_VALUE_SCRAPE];
    if (Object.keys(data).length === 0)
      return unvalidated(taskId, raw, schema, { raw_text: raw }, UNSTRUCTURED_OUTPUT_ERROR);
  }

  const base = { taskId, raw, repaired, structured: true };
  if (schema === undefined) return { ...base, parsed: data, schemaValid: true, schemaErrors: [], placeholderFlags: [] };
  const validation = validateOutput(schema, data);
  const parsed = validation.ok ? validation.value : data;
  return {
    ...base,
    parsed,
    schemaValid: validation.ok,
    schemaErrors: validation.ok ? [] : validation.errors,
    placeholderFlags: placeholderFlags(schema, parsed),
  };
}
