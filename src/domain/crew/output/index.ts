/** Agent task output: JSON extraction and repair, output schemas, placeholder detection and the per-run task context. */
export { extractJson, scrapeKeyValues, JSON_REPAIRS, type JsonRepair, type ExtractedJson } from './extract-json';
export {
  OUTPUT_SCHEMAS,
  OUTPUT_SCHEMA_NAMES,
  OUTPUT_SCHEMA_ALIASES,
  getOutputSchema,
  validateOutput,
  type FieldSpec,
  type OutputSchema,
  type OutputSchemaName,
  type ValidationResult,
} from './schemas';
export {
  PLACEHOLDER_PATTERNS,
  PLACEHOLDER_REASONS,
  MIN_TRANSCRIPT_LENGTH,
  findPlaceholder,
  placeholderFlags,
  type PlaceholderReason,
} from './placeholders';
export {
  parseTaskOutput,
  schemaForTask,
  KEY_VALUE_SCRAPE,
  EMPTY_OUTPUT,
  EMPTY_OUTPUT_ERROR,
  UNSTRUCTURED_OUTPUT_ERROR,
  type TaskOutput,
} from './parse-task-output';
export { SharedTaskContext } from './shared-task-context';
